"""AI policies: `choose(observation, legal_actions, rng) -> action` for one agency.

A policy plays an agency nobody plays in a live session, and drives the
headless batch simulation. Each is a small class; `POLICIES` maps the names the
command line accepts to factories taking the scenario.
"""

from __future__ import annotations

from typing import Callable, Protocol, Sequence

import numpy as np

from sim.agents.simple import GrensverleggerPolicy, PassPolicy, ProtocolPolicy, RandomPolicy
from sim.model import Scenario
from sim.observation import Observation
from sim.state import Action


class Policy(Protocol):
    """Chooses one of the legal actions for the agency whose turn it is."""

    name: str

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """Pick one of `legal_actions` (never empty)."""
        ...


POLICIES: dict[str, Callable[[Scenario], Policy]] = {
    "random": RandomPolicy,
    "pass": PassPolicy,
    "protocol": ProtocolPolicy,
    "grensverlegger": GrensverleggerPolicy,
}


def make_policy(name: str, scenario: Scenario) -> Policy:
    """The policy called `name` for `scenario`; raise KeyError listing the known names."""
    try:
        factory = POLICIES[name]
    except KeyError:
        raise KeyError(f"unknown policy {name!r}; known: {', '.join(POLICIES)}") from None
    return factory(scenario)


__all__ = ["POLICIES", "Policy", "make_policy"]
