"""AI policies: `choose(observation, legal_actions, rng) -> action` for one agency.

A policy plays an agency nobody plays in a live session, and drives the
headless batch simulation (`sim.analysis.batch`). It sees only the agency's
`Observation` (never the game state: no hidden stressor, no future event
draw), the legal actions and the game's one seeded generator. Policies keep no
memory between calls, so a game depends only on its seed and its seats.

`POLICIES` maps the names the command line and the seat choice accept to
factories taking the scenario. Seats can be mixed: every agency may have its
own policy.

| name           | plays                                                                    |
|----------------|--------------------------------------------------------------------------|
| random         | any legal action, uniformly at random                                    |
| pass           | always passes: the person left alone with the systems idle (a baseline)  |
| protocol       | by the book: in-system cards in hand order, never mandaat                |
| grensverlegger | prefers rule, joint and boundary cards that remove stressors             |
| greedy         | one-step look-ahead on projected stress and the stability index          |
| search         | Monte Carlo rollouts on sampled futures, with a fixed rollout budget     |
| naive          | crosses wherever it can: a random boundary, joint or rule card, Overleg too |
| expert         | agrees covering plans in the Overleg first, then crosses where covered   |
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from sim.agents.coordinate import ExpertPolicy, NaivePolicy
from sim.agents.lookahead import GreedyPolicy
from sim.agents.search import SearchPolicy
from sim.agents.simple import GrensverleggerPolicy, PassPolicy, ProtocolPolicy, RandomPolicy
from sim.core.model import Scenario
from sim.core.observation import Observation
from sim.core.state import Action


class Policy(Protocol):
    """Chooses one of the legal actions (its playable cards and `Pass`) for the agency whose turn it is."""

    name: str

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """Pick one of `legal_actions` (never empty)."""
        ...


POLICIES: dict[str, Callable[[Scenario], Policy]] = {
    "random": RandomPolicy,
    "pass": PassPolicy,
    "protocol": ProtocolPolicy,
    "grensverlegger": GrensverleggerPolicy,
    "greedy": GreedyPolicy,
    "search": SearchPolicy,
    "naive": NaivePolicy,
    "expert": ExpertPolicy,
}


def make_policy(name: str, scenario: Scenario) -> Policy:
    """The policy called `name` for `scenario`; raise KeyError listing the known names."""
    try:
        factory = POLICIES[name]
    except KeyError:
        raise KeyError(f"unknown policy {name!r}; known: {', '.join(POLICIES)}") from None
    return factory(scenario)


__all__ = ["POLICIES", "Policy", "make_policy"]
