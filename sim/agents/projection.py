"""The look-ahead's projection of stress (`sim.agents.lookahead.project`), with the scenario's terms read once.

A `Projector` runs the Verwerking formula of `sim.core.scoring.stressor_work`
forward with nobody acting and no events, on a `GameState` or a fast state
(the same field names). It does the very operations that function does, in
the same order, so the value is the same to the last bit (a test holds it to
`stressor_work`); what it saves is reading the scenario again each round and
adding up the stressors' load again while no severity has changed.
"""

from __future__ import annotations

import weakref
from operator import attrgetter
from typing import Any

from sim.core import model
from sim.core.limits import LEG, SEVERITY, STRESS
from sim.core.model import Scenario
from sim.core.scoring import stability_index
from sim.core.state import Outcome

# The value of a position, in "points of stress" (lower stress is better):
INDEX_WEIGHT = 4.0  # one point of the stability index is worth 4 points of stress
CRISIS_VALUE = -250.0  # a crisis; a later crisis is a little less bad (see CRISIS_DELAY_CREDIT)
CRISIS_DELAY_CREDIT = 10.0  # per round the projected crisis is further away
STABLE_VALUE = 100.0  # stabilised
PROJECTION_ROUNDS = 3  # how far `project` looks ahead
MEMO = 1 << 14  # projections a projector keeps (a few MB at most: memory stays flat over any number of games)

_LEG_INDEX = {leg: i for i, leg in enumerate(model.LEGS)}
_due = attrgetter("due")


class Projector:
    """`project` for one scenario (see `sim.agents.lookahead.project`)."""

    def __init__(self, sc: Scenario):
        s = sc.scoring
        t = s.thresholds
        self.sc = sc
        self.work = tuple((st.weight, _LEG_INDEX[st.leg]) for st in sc.stressors)
        self.erosion, self.recovery = -s.erosion, s.recovery
        self.per_severity, self.buffer, self.min_weight = s.stress_per_severity, s.buffer, s.min_weight
        self.crisis, self.stable_stress, self.stable_leg, self.stable_rounds = (
            t.crisis, t.stable_stress, t.stable_leg, t.stable_rounds)
        self.memo: dict[tuple[Any, ...], float] = {}
        self.loads: dict[tuple[int, ...], tuple[float, float, float, float]] = {}  # `_load` per set of severities

    def forget(self) -> None:
        """Drop every kept value (a benchmark starts each engine afresh; the values themselves never change)."""
        self.memo.clear()
        self.loads.clear()

    def _load(self, severity: Any) -> tuple[float, float, float, float]:
        """The stressors' load on stress and on each leg (`stressor_work`'s first half, which only severity moves)."""
        key = tuple(severity)
        hit = self.loads.get(key)
        if hit is None:
            if len(self.loads) >= MEMO:
                self.loads.clear()
            hit = self.loads[key] = self._work_load(severity)
        return hit

    def _work_load(self, severity: Any) -> tuple[float, float, float, float]:
        load = 0.0
        per_leg = [0, 0, 0]
        for (weight, leg), sev in zip(self.work, severity):
            load += weight * sev
            per_leg[leg] += sev
        erosion, recovery = self.erosion, self.recovery
        d0, d1, d2 = (erosion * n if n else recovery for n in per_leg)
        return self.per_severity * load, d0, d1, d2

    def __call__(self, st: Any, rounds: int = PROJECTION_ROUNDS) -> float:
        """The value of `st` after `rounds` Verwerkingen with nobody acting and no events (higher is better).

        The value depends on nothing but the figures in the key below, and the look-ahead meets the same
        figures again and again (each card that changes none of them, the same start of a week in game
        after game): a value once worked out is kept, up to MEMO values (then they are all dropped).
        """
        key = (st.round, st.stress, st.stable_streak, st.outcome, rounds, *st.legs, *st.severity, *st.pending)
        memo = self.memo
        try:
            value = memo.get(key)
        except TypeError:  # an effect on a waiting list that cannot be a key: work it out each time
            return self._project(st, rounds)
        if value is None:
            value = self._project(st, rounds)
            if len(memo) >= MEMO:
                memo.clear()
            memo[key] = value
        return value

    def _project(self, st: Any, rounds: int) -> float:
        outcome = st.outcome
        if outcome is Outcome.CRISIS:
            return CRISIS_VALUE
        if outcome is Outcome.STABIEL:
            return STABLE_VALUE
        stress = st.stress
        a, b, c = st.legs
        severity = st.severity
        pending = sorted(st.pending, key=_due) if st.pending else None
        streak = st.stable_streak
        first = st.round
        last = first - 1 if outcome is not None else min(self.sc.rounds, first + rounds - 1)  # kwetsbaar: as it stands
        w = self.min_weight
        rest = 1.0 - w
        buffer, crisis, stable_stress, stable_leg = self.buffer, self.crisis, self.stable_stress, self.stable_leg
        lo, hi, slo, shi = LEG.lo, LEG.hi, STRESS.lo, STRESS.hi
        load = d0 = d1 = d2 = 0.0
        fresh = False  # whether load, d0, d1, d2 hold the present severities' work
        for k, rnd in enumerate(range(first, last + 1)):
            while pending and pending[0].due <= rnd:
                eff = pending.pop(0).effect
                if isinstance(eff, model.StressorEffect):
                    severity = list(severity)
                    i = self.sc.stressor_index[eff.stressor]
                    severity[i] = int(SEVERITY.clamp(severity[i] + eff.delta))
                    fresh = False
                elif isinstance(eff, model.LegEffect):
                    legs = [a, b, c]
                    i = _LEG_INDEX[eff.leg]
                    legs[i] = LEG.clamp(legs[i] + eff.delta)
                    a, b, c = legs
                elif isinstance(eff, model.StressEffect):
                    stress = STRESS.clamp(stress + eff.delta)
                elif isinstance(eff, model.CrisisEffect):
                    return CRISIS_VALUE + CRISIS_DELAY_CREDIT * k
            if not fresh:
                load, d0, d1, d2 = self._load(severity)
                fresh = True
            a = min(hi, max(lo, a + d0))
            b = min(hi, max(lo, b + d1))
            c = min(hi, max(lo, c + d2))
            low = a if a < b and a < c else min(c, b)
            index = rest * (a + b + c) / 3.0 + w * low
            stress = min(shi, max(slo, stress + load - buffer * index))
            if stress >= crisis:
                return CRISIS_VALUE + CRISIS_DELAY_CREDIT * k
            streak = streak + 1 if stress <= stable_stress and min(a, b, c) >= stable_leg else 0
            if streak >= self.stable_rounds:
                return STABLE_VALUE
        return -stress + INDEX_WEIGHT * stability_index((a, b, c), w)


_CACHE: dict[int, tuple[weakref.ref[Scenario], Projector]] = {}


def projector_for(sc: Scenario) -> Projector:
    """The projector of `sc`, made once per scenario object."""
    key = id(sc)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is sc:
        return hit[1]
    p = Projector(sc)
    _CACHE[key] = (weakref.ref(sc, _forget(key, _CACHE)), p)
    return p


def _forget(key: int, cache: dict[int, tuple[weakref.ref[Scenario], Projector]]) -> Any:
    """A weakref callback that drops a dead scenario's projector (and no newer one under the same id).

    It holds the cache itself, not the module's name for it (at interpreter exit that name may be gone first).
    """
    def forget(ref: weakref.ref[Scenario]) -> None:
        hit = cache.get(key)
        if hit is not None and hit[0] is ref:
            del cache[key]
    return forget


__all__ = ["CRISIS_DELAY_CREDIT", "CRISIS_VALUE", "INDEX_WEIGHT", "PROJECTION_ROUNDS", "STABLE_VALUE", "Projector", "projector_for"]
