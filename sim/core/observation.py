"""What one agency may see of the game: an observation derived from the state.

A stressor counts as known to an agency when everyone knows it, or when it is
in that agency's own dossier (`known_by`). Other agencies' dossiers stay closed,
and so does chance to come (the event deck's future draws).

Everything on the shared screen is public and is part of every observation:
the figures, the facts (flags), the rules in force, the waiting lists, the cards
played and the events seen. That is what an AI policy needs to reason about
the rules (`sim.agents`), and nothing it holds reveals a hidden stressor.
"""

from __future__ import annotations

import attrs

from sim.core.model import AgencyId, CardId, EventId, Scenario, StressorId
from sim.core.state import EMPTY, ActiveRule, FrozenDict, GameState, Pending, Phase


@attrs.frozen
class Observation:
    """The figures an agency (or an AI policy playing it) sees."""

    agency: AgencyId | None
    round: int
    rounds: int
    phase: Phase
    stress: float
    legs: tuple[float, float, float]
    stressors: tuple[tuple[StressorId, int], ...]  # (id, severity) of stressors known to this agency
    hidden_count: int  # how many stressors this agency does not know about
    trust: tuple[float, ...]
    capacity: tuple[int, ...]
    mandate: tuple[int, ...]
    kpi: tuple[float, ...]
    # Public facts from the shared screen (defaults: the start of a game).
    in_play: tuple[AgencyId, ...] = ()
    turn: int = 0
    known: tuple[bool, ...] = ()  # per stressor: known to everyone (revealed or never hidden)
    flags: FrozenDict = EMPTY  # flag -> round it was set in
    plays: FrozenDict = EMPTY  # card -> times played this game
    played_this_round: frozenset[CardId] = frozenset()
    rules: tuple[ActiveRule, ...] = ()
    pending: tuple[Pending, ...] = ()  # effects on a waiting list
    drawn: FrozenDict = EMPTY  # event -> deck copies drawn so far
    fired: frozenset[EventId] = frozenset()  # triggered events that already happened
    stable_streak: int = 0
    euros: tuple[float, ...] = ()


def observe(sc: Scenario, state: GameState, agency: AgencyId | None) -> Observation:
    """The observation of `agency` (None: the public view on the shared screen)."""
    visible = []
    hidden = 0
    for s, sev, known in zip(sc.stressors, state.severity, state.known):
        if known or (agency is not None and agency in s.known_by):
            visible.append((s.id, sev))
        else:
            hidden += 1
    return Observation(
        agency=agency,
        round=state.round,
        rounds=sc.rounds,
        phase=state.phase,
        stress=state.stress,
        legs=state.legs,
        stressors=tuple(visible),
        hidden_count=hidden,
        trust=state.trust,
        capacity=state.capacity,
        mandate=state.mandate,
        kpi=state.kpi,
        in_play=state.in_play,
        turn=state.turn,
        known=state.known,
        flags=state.flags,
        plays=state.plays,
        played_this_round=state.played_this_round,
        rules=state.rules,
        pending=state.pending,
        drawn=state.drawn,
        fired=state.fired,
        stable_streak=state.stable_streak,
        euros=state.euros,
    )
