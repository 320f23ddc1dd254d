"""The scoring engine: the stability index, and every figure of a game as numpy series.

GAME.md §4: stress, the legs and the stability index, each stressor's severity,
trust per agency, euros spent, crisis costs, boundary crossings with how stress
moved after them, joint actions and each agency's KPI, round by round.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np

from sim.core.limits import LEG, STRESS
from sim.core.model import LEGS, Scenario
from sim.core.state import GameState

_LEG_INDEX = {leg: i for i, leg in enumerate(LEGS)}


def stability_index(legs: Sequence[float], min_weight: float = 0.5) -> float:
    """The triangle's strength, 0-10: a mix of the mean leg and the weakest leg."""
    a, b, c = legs
    low = a if a < b and a < c else min(c, b)
    return (1.0 - min_weight) * (a + b + c) / 3.0 + min_weight * low


def stressor_work(sc: Scenario, severity: Sequence[int], legs: Sequence[float], stress: float) -> tuple[tuple[float, float, float], float]:
    """One Verwerking's work of the stressors: the legs after erosion (or recovery), and the stress after.

    stress += stress_per_severity * sum(weight * severity) - buffer * stability_index(new legs)
    Each leg loses `erosion` per point of severity of its stressors, and regains
    `recovery` when none of its stressors is active. The engine and the AI's
    look-ahead both use this, so a forecast follows the real rules.
    """
    s = sc.scoring
    load = 0.0
    per_leg = [0, 0, 0]
    for stressor, sev in zip(sc.stressors, severity):
        load += stressor.weight * sev
        per_leg[_LEG_INDEX[stressor.leg]] += sev
    new_legs = tuple(
        min(LEG.hi, max(LEG.lo, legs[i] + (-s.erosion * per_leg[i] if per_leg[i] else s.recovery))) for i in range(3)
    )
    index = stability_index(new_legs, s.min_weight)
    new_stress = min(STRESS.hi, max(STRESS.lo, stress + s.stress_per_severity * load - s.buffer * index))
    return (new_legs[0], new_legs[1], new_legs[2]), new_stress


@attrs.frozen
class CrossingEffect:
    """A boundary crossing and how stress moved in the rounds after it."""

    round: int
    agency: str
    card: str
    stress_before: float
    stress_after_1: float | None  # at the end of the round it was played in
    stress_after_2: float | None  # one round later


@attrs.frozen(eq=False)
class GameSummary:
    """Every figure of a finished (or running) game, as arrays over the snapshots."""

    rounds: np.ndarray  # (n,) round numbers; 0 is the start
    stress: np.ndarray  # (n,)
    legs: np.ndarray  # (n, 3) meedoen, leefomgeving, continuiteit
    stability: np.ndarray  # (n,)
    severity: np.ndarray  # (n, stressors)
    trust: np.ndarray  # (n, agencies)
    euros: np.ndarray  # (n, agencies)
    kpi: np.ndarray  # (n, agencies)
    crisis_cost: np.ndarray  # (n,)
    crossings: tuple[CrossingEffect, ...]
    joint_actions: int
    outcome: str | None
    rounds_played: int
    final_stress: float
    final_stability: float
    euros_total: float
    crisis_total: float


def summarize(sc: Scenario, state: GameState) -> GameSummary:
    """The scoring summary of a game state (its snapshot history plus the live figures)."""
    snaps = list(state.history)
    by_round = {s.round: s.stress for s in snaps}
    crossings = tuple(
        CrossingEffect(c.round, c.agency, c.card, c.stress_before, by_round.get(c.round), by_round.get(c.round + 1))
        for c in state.crossings
    )
    return GameSummary(
        rounds=np.array([s.round for s in snaps], dtype=np.int64),
        stress=np.array([s.stress for s in snaps], dtype=np.float64),
        legs=np.array([s.legs for s in snaps], dtype=np.float64).reshape(len(snaps), 3),
        stability=np.array([s.stability for s in snaps], dtype=np.float64),
        severity=np.array([s.severity for s in snaps], dtype=np.int64).reshape(len(snaps), len(sc.stressors)),
        trust=np.array([s.trust for s in snaps], dtype=np.float64).reshape(len(snaps), len(sc.agencies)),
        euros=np.array([s.euros for s in snaps], dtype=np.float64).reshape(len(snaps), len(sc.agencies)),
        kpi=np.array([s.kpi for s in snaps], dtype=np.float64).reshape(len(snaps), len(sc.agencies)),
        crisis_cost=np.array([s.crisis_cost for s in snaps], dtype=np.float64),
        crossings=crossings,
        joint_actions=len(state.joints),
        outcome=None if state.outcome is None else state.outcome.value,
        rounds_played=state.round,
        final_stress=float(state.stress),
        final_stability=stability_index(state.legs, sc.scoring.min_weight),
        euros_total=float(sum(state.euros)),
        crisis_total=float(state.crisis_cost),
    )
