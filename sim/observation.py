"""What one agency may see of the game: an observation derived from the state.

A stressor counts as known to an agency when everyone knows it, or when it is
in that agency's own dossier (`known_by`). Other agencies' dossiers stay closed.
"""

from __future__ import annotations

import attrs

from sim.model import AgencyId, Scenario, StressorId
from sim.state import GameState, Phase


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
    )
