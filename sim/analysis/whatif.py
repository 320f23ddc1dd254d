"""What if: the same game (scenario, seed, agencies at the table) played by the computer, by the
book and by the expert policy, beside what the group did.

A game depends only on its scenario, seed and the policy in each seat (`batch.play_game`), so the
comparison is the same every time the debrief opens for that seed; the computer sits at the
same agencies as the group did (a game can leave some of the scenario's agencies out). One game takes well under a
second (`bench/batch.py`); the debrief runs this in a thread so the screen never waits.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from sim.analysis.batch import play_game, seat_policies
from sim.core.model import AgencyId, Scenario
from sim.core.state import GameState

COMPUTER = ("protocol", "expert")  # by the book, and the policy that agrees first and then crosses


@attrs.frozen
class Course:
    """How one way of playing the game ended."""

    who: str  # "group" or a policy's name
    outcome: str
    final_stress: float
    legs: tuple[float, float, float]
    weeks: int
    crossings: int
    euros: float
    crisis_cost: float


def course(who: str, state: GameState) -> Course:
    """The figures of a finished (or running) game that the comparison shows."""
    return Course(
        who=who,
        outcome=state.outcome.value if state.outcome is not None else "",
        final_stress=float(state.stress),
        legs=(float(state.legs[0]), float(state.legs[1]), float(state.legs[2])),
        weeks=state.round,
        crossings=len(state.crossings),
        euros=float(sum(state.euros)),
        crisis_cost=float(state.crisis_cost),
    )


def computer_game(sc: Scenario, seed: int, policy: str, in_play: Sequence[AgencyId] | None = None) -> GameState:
    """The game of `seed` with every seat at the table played by `policy` (a quiet log: only the figures are needed)."""
    return play_game(sc, seed, seat_policies(sc, policy), quiet=True, in_play=in_play)


def what_if(sc: Scenario, group: GameState, policies: Sequence[str] = COMPUTER) -> tuple[Course, ...]:
    """What the group did, then the same seed, with the same agencies at the table, played by each of `policies`."""
    return (course("group", group), *(course(p, computer_game(sc, group.seed, p, group.in_play)) for p in policies))


__all__ = ["COMPUTER", "Course", "computer_game", "course", "what_if"]
