"""The computer at the case conference (Overleg), one question at a time.

The seats whose policy `plays_overleg` are asked in seat order, each with its
own legal joint and rule cards plus `Pass(agency)` ("nothing to agree"), until
every one has passed in a row. Batch runs loop over `conference_step` in one
go (`sim.analysis.batch`); the live session takes one step per move so that
each card agreed is seen on the shared screen. Both ask the same questions in
the same order, so a live game plays the Overleg as a batch game would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
import numpy as np

from sim.agents import Policy
from sim.core import engine
from sim.core.model import AgencyId, Scenario
from sim.core.observation import observe
from sim.core.state import Action, GameState, Pass, PlayCard, Share


def overleg_seats(sc: Scenario, policies: Mapping[AgencyId, Policy]) -> tuple[AgencyId, ...]:
    """The seats, in seat order, whose policy takes part in the case conference."""
    return tuple(a.id for a in sc.agencies if a.id in policies and getattr(policies[a.id], "plays_overleg", False))


@attrs.frozen
class Conference:
    """Where the round of asking stands: how many questions were asked, and how many seats passed in a row."""

    seats: tuple[AgencyId, ...]
    asked: int = 0
    passed: int = 0

    @property
    def done(self) -> bool:
        """Every seat passed in a row (or none takes part): nothing more to agree."""
        return self.passed >= len(self.seats)

    @property
    def next_seat(self) -> AgencyId:
        """The seat asked next."""
        return self.seats[self.asked % len(self.seats)]


def conference_step(sc: Scenario, state: GameState, policies: Mapping[AgencyId, Policy], conf: Conference,
                    rng: np.random.Generator) -> tuple[Conference, Action | None]:
    """Ask the next seat: the conference after the question and the card it agrees (None: it passed).

    A seat out of play or without a legal joint or rule card of its own passes
    without being asked (and draws nothing from `rng`).
    """
    agency = conf.next_seat
    own: list[Action] = [a for a in engine.legal_actions(sc, state) if isinstance(a, (PlayCard, Share)) and a.agency == agency]
    passed = attrs.evolve(conf, asked=conf.asked + 1, passed=conf.passed + 1)
    if agency not in state.in_play or not own:
        return passed, None
    action = policies[agency].choose(observe(sc, state, agency), [*own, Pass(agency)], rng)
    if isinstance(action, Pass):
        return passed, None
    return attrs.evolve(conf, asked=conf.asked + 1, passed=0), action


def run_conference(sc: Scenario, state: GameState, policies: Mapping[AgencyId, Policy], seats: Sequence[AgencyId],
                   rng: np.random.Generator, on_step=None) -> GameState:
    """The whole case conference in one go: seats agree cards in seat order until every one passes in a row."""
    conf = Conference(tuple(seats))
    while not conf.done and state.outcome is None:
        conf, action = conference_step(sc, state, policies, conf, rng)
        if action is None:
            continue
        state = engine.apply(sc, state, action, trusted=True)  # one of the seat's own legal cards, just now
        if on_step is not None:
            on_step(state, action)
    return state
