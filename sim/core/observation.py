"""What one agency may see of the game: an observation derived from the state.

A stressor counts as known to an agency when everyone knows it, or when it is
in that agency's own dossier (`GameState.dossiers`: what the scenario's
`known_by` put there, drawn per seed or shared since). Other agencies' dossiers stay closed,
and so does chance to come (the event deck's future draws).

Everything on the shared screen is public and is part of every observation:
the figures, the facts (flags), the rules in force, the waiting lists, the cards
played and the events seen. That is what an AI policy needs to reason about
the rules (`sim.agents`), and nothing it holds reveals a hidden stressor.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import attrs

from sim.core.model import AgencyId, CardId, EventId, FlagId, Scenario, StressorId
from sim.core.state import (
    EMPTY,
    PUBLIC_FIELDS,
    ActiveRule,
    FrozenDict,
    GameState,
    Pending,
    Phase,
)


@attrs.frozen
class Observation:
    """The figures an agency (or an AI policy playing it) sees.

    Besides its own four fields it holds exactly the state's public fields
    (`sim.core.state.PUBLIC_FIELDS`), under their names; `observe` copies them.
    """

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
    flags: FrozenDict[FlagId, int] = EMPTY  # flag -> round it was set in
    plays: FrozenDict[CardId, int] = EMPTY  # card -> times played this game
    played_this_round: frozenset[CardId] = frozenset()
    rules: tuple[ActiveRule, ...] = ()
    pending: tuple[Pending, ...] = ()  # effects on a waiting list
    drawn: FrozenDict[EventId, int] = EMPTY  # event -> deck copies drawn so far
    fired: frozenset[EventId] = frozenset()  # triggered events that already happened
    stable_streak: int = 0
    euros: tuple[float, ...] = ()


OWN_FIELDS = ("agency", "rounds", "stressors", "hidden_count")
_public = attrgetter(*PUBLIC_FIELDS)  # the public fields of a state, in one call (observe runs every decision)
"""The observation's fields that are not copied from the state."""


def observe(sc: Scenario, state: GameState, agency: AgencyId | None) -> Observation:
    """The observation of `agency` (None: the public view on the shared screen)."""
    visible = []
    hidden = 0
    dossiers = state.dossiers or tuple(frozenset(s.known_by) for s in sc.stressors)  # a state built by hand
    for s, sev, known, holders in zip(sc.stressors, state.severity, state.known, dossiers):
        if known or (agency is not None and agency in holders):
            visible.append((s.id, sev))
        else:
            hidden += 1
    public: dict[str, Any] = dict(zip(PUBLIC_FIELDS, _public(state)))
    return Observation(agency=agency, rounds=sc.rounds, stressors=tuple(visible), hidden_count=hidden, **public)


def believed_state(obs: Observation, **beliefs: Any) -> GameState:
    """A full game state that agrees with `obs`: its public fields from `obs`, the rest from `beliefs`
    or, where no belief is given, the state's start defaults (`seed`, `chance` and `severity` have none)."""
    fields: dict[str, Any] = {name: getattr(obs, name) for name in PUBLIC_FIELDS}
    fields.update(beliefs)
    return GameState(**fields)


__all__ = ["OWN_FIELDS", "Observation", "believed_state", "observe"]
