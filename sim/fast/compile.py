"""A scenario compiled once into plain tuples and closures: the fast path's rules.

Each kind of condition, effect and rule modifier the fast path knows is turned
into a closure over the figures of a `sim.fast.game.FastState`, with its
indices and bounds looked up once. The arithmetic is the reference engine's,
step for step (the same clamps, the same roundings, the same order of
floating-point additions), so a game comes out bit-identical; the differential
test (tests/test_fast_differential.py) holds it to that.

A kind the fast path does not know, or a field of a known class that the
scenario sets away from its default and the fast path does not read, raises
`Unsupported`: the batch then plays that scenario on the reference engine.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import attrs

from sim.core import model
from sim.core.limits import EUROS, KPI, LEG, MANDATE, SEVERITY, STRESS, TRUST, Range
from sim.core.modifiers import selects
from sim.core.state import Outcome

Cond = Callable[[Any], bool]  # holds in the fast state?
Eff = Callable[[Any], None]  # changes the fast state
INF = float("inf")
NAN = float("nan")
LEG_INDEX = {leg: i for i, leg in enumerate(model.LEGS)}


class Unsupported(Exception):
    """The scenario uses a kind or a field the fast path does not implement (it plays on the reference engine)."""


# The fields of the model's classes that the fast path reads; any other field set away from its default is unknown.
KNOWN_FIELDS: dict[type, frozenset[str]] = {
    model.Card: frozenset({"id", "agency", "type", "title", "text", "cost", "mandate", "partners", "partner_cost",
                           "conditions", "effects", "modifiers", "duration", "max_plays", "tags"}),
    model.Event: frozenset({"id", "title", "text", "effects", "deck", "rounds", "trigger", "conditions", "once",
                            "responder", "tags"}),
    model.Agency: frozenset({"id", "name", "label", "colour", "icon", "mandate_text", "kpi", "capacity", "mandate"}),
    model.Kpi: frozenset({"name", "start"}),
    model.Stressor: frozenset({"id", "name", "leg", "severity", "weight", "hidden", "known_by", "description", "per_seed"}),
    model.Scoring: frozenset({"stress_per_severity", "buffer", "erosion", "recovery", "min_weight", "thresholds",
                              "crisis_costs", "stress_crisis_cost", "alternative", "alternative_cost"}),
    model.Thresholds: frozenset({"crisis", "stable_stress", "stable_leg", "stable_rounds"}),
    model.Sharing: frozenset({"cost", "mandate", "effects", "agencies"}),
    model.SharingTerms: frozenset({"cost", "mandate", "effects"}),
    model.Selector: frozenset({"card", "agency", "type", "tag"}),
}


def check_fields(obj: Any, known: frozenset[str] | None = None) -> None:
    """Raise Unsupported when `obj` sets a field the fast path does not read away from its default."""
    cls = type(obj)
    known = KNOWN_FIELDS.get(cls, frozenset()) if known is None else known
    for f in attrs.fields(cls):
        if f.name in known or not f.init:
            continue
        default = f.default.factory() if isinstance(f.default, attrs.Factory) else f.default  # type: ignore[arg-type]
        if default is attrs.NOTHING or getattr(obj, f.name) != default:
            raise Unsupported(f"{cls.__name__}.{f.name}")


def _lo(x: float | None) -> float:
    return -INF if x is None else x


def _hi(x: float | None) -> float:
    return INF if x is None else x


# ---------------------------------------------------------------------------
# Conditions: `not (v < lo or v > hi)` is the reference's test (None bounds never fail).
# ---------------------------------------------------------------------------


def _agency_of(sc: model.Scenario, agency: str | None, actor: str | None) -> int:
    return sc.agency_index[agency or actor or sc.agencies[0].id]


def _c_stressor(sc: model.Scenario, c: model.StressorCond, actor: str | None) -> Cond:
    i, lo, hi = sc.stressor_index[c.stressor], _lo(c.min), _hi(c.max)
    return lambda s: not (s.severity[i] < lo or s.severity[i] > hi)


def _c_known(sc: model.Scenario, c: model.KnownCond, actor: str | None) -> Cond:
    i, who, want = sc.stressor_index[c.stressor], c.agency, c.known
    if who is None:
        return lambda s: bool(s.known[i]) == want
    return lambda s: (s.known[i] or who in s.dossiers[i]) == want


def _c_trust(sc: model.Scenario, c: model.TrustCond, actor: str | None) -> Cond:
    i, lo, hi = _agency_of(sc, c.agency, actor), _lo(c.min), _hi(c.max)
    return lambda s: not (s.trust[i] < lo or s.trust[i] > hi)


def _order(x: float) -> int:
    """The floats' order as integers (-inf ... -0.0 before 0.0 ... inf), from their bit patterns."""
    n: int = struct.unpack("<q", struct.pack("<d", x))[0]
    return n if n >= 0 else -(n & 0x7FFFFFFFFFFFFFFF) - 1


def _float_at(k: int) -> float:
    """The float whose `_order` is k."""
    n = k if k >= 0 else (-k - 1) - (1 << 63)
    x: float = struct.unpack("<d", struct.pack("<q", n))[0]
    return x


def _first_float(holds: Callable[[float], bool]) -> float:
    """The least float x (-inf and inf included) for which `holds(x)`, `holds` being false up to a point and true from it.

    A bisection over the floats in their order, so the answer is exact. Call it only when `holds(inf)`.
    """
    lo, hi = _order(-INF), _order(INF)
    if holds(-INF):
        return -INF
    while hi - lo > 1:  # holds(_float_at(hi)) and not holds(_float_at(lo))
        mid = (lo + hi) // 2
        if holds(_float_at(mid)):
            hi = mid
        else:
            lo = mid
    return _float_at(hi)


def rounded_bounds(lo: float, hi: float) -> tuple[float, float]:
    """Bounds `below`, `above` such that `not (v < below or v >= above)` is `not (round(v, 1) < lo or round(v, 1) > hi)`.

    The reference tests a figure rounded to one decimal; rounding costs more than the test. `round(v, 1)` never
    falls as v grows, so `round(v, 1) < lo` holds exactly below the least float whose rounding reaches lo, and
    `round(v, 1) > hi` from the least float whose rounding passes hi. NaN, and a bound that cannot be passed
    (None, NaN), compare false, as in the reference. (A test holds the two forms equal.)
    """
    below = _first_float(lambda x: not round(x, 1) < lo) if lo == lo and lo > -INF else -INF
    above = _first_float(lambda x: round(x, 1) > hi) if hi == hi and hi < INF else NAN
    return below, above


def _c_kpi(sc: model.Scenario, c: model.KpiCond, actor: str | None) -> Cond:
    i = _agency_of(sc, c.agency, actor)
    below, above = rounded_bounds(_lo(c.min), _hi(c.max))
    return lambda s: not (s.kpi[i] < below or s.kpi[i] >= above)


def _c_flag(sc: model.Scenario, c: model.FlagCond, actor: str | None) -> Cond:
    flag, rounds = c.flag, c.rounds
    if not c.set:
        return lambda s: flag not in s.flags
    return lambda s: flag in s.flags and not (s.round - s.flags[flag] < rounds)


def _c_stress(sc: model.Scenario, c: model.StressCond, actor: str | None) -> Cond:
    below, above = rounded_bounds(_lo(c.min), _hi(c.max))
    return lambda s: not (s.stress < below or s.stress >= above)


def _c_round(sc: model.Scenario, c: model.RoundCond, actor: str | None) -> Cond:
    lo, hi = _lo(c.min), _hi(c.max)
    return lambda s: not (s.round < lo or s.round > hi)


def _c_leg(sc: model.Scenario, c: model.LegCond, actor: str | None) -> Cond:
    i = LEG_INDEX[c.leg]
    below, above = rounded_bounds(_lo(c.min), _hi(c.max))
    return lambda s: not (s.legs[i] < below or s.legs[i] >= above)


def _c_partner(sc: model.Scenario, c: model.PartnerCond, actor: str | None) -> Cond:
    who, i, need = c.agency, sc.agency_index[c.agency], c.min
    return lambda s: who in s.in_play and not (s.capacity[i] < need)


def _c_rule_active(sc: model.Scenario, c: model.RuleActiveCond, actor: str | None) -> Cond:
    card, want = c.card, c.active

    def f(s: Any) -> bool:
        for r in s.rules:
            if r.card == card:
                return want
        return not want
    return f


def _c_any(sc: model.Scenario, c: model.AnyCond, actor: str | None) -> Cond:
    alternatives = tuple(condition(sc, alt, actor) for alt in c.conditions)
    return lambda s: any(alt(s) for alt in alternatives)


CONDITIONS: dict[type, Callable[[model.Scenario, Any, str | None], Cond]] = {
    model.StressorCond: _c_stressor,
    model.KnownCond: _c_known,
    model.TrustCond: _c_trust,
    model.KpiCond: _c_kpi,
    model.FlagCond: _c_flag,
    model.StressCond: _c_stress,
    model.RoundCond: _c_round,
    model.LegCond: _c_leg,
    model.PartnerCond: _c_partner,
    model.RuleActiveCond: _c_rule_active,
    model.AnyCond: _c_any,
}
FIELDS_OF_KIND: dict[type, frozenset[str]] = {}  # filled below: every field of the kinds known when this was written


def _compiled(table: dict[type, Callable[[model.Scenario, Any, str | None], Any]], what: str,
              sc: model.Scenario, item: Any, actor: str | None) -> Any:
    """The closure `table` makes of `item` for `actor` (Unsupported for a kind or field the fast path does not know)."""
    make = table.get(type(item))
    if make is None:
        raise Unsupported(f"{what} {type(item).__name__}")
    check_fields(item, FIELDS_OF_KIND[type(item)])
    return make(sc, item, actor)


def condition(sc: model.Scenario, c: Any, actor: str | None) -> Cond:
    """The closure of one condition for `actor` (Unsupported for a kind the fast path does not know)."""
    cond: Cond = _compiled(CONDITIONS, "condition", sc, c, actor)
    return cond


def all_of(conds: tuple[Cond, ...]) -> Cond:
    """One closure: every condition holds (in order, stopping at the first that does not)."""
    if not conds:
        return lambda s: True
    if len(conds) == 1:
        return conds[0]
    if len(conds) == 2:
        a, b = conds
        return lambda s: a(s) and b(s)
    if len(conds) == 3:
        a, b, c = conds
        return lambda s: a(s) and b(s) and c(s)

    def every(s: Any) -> bool:
        for c in conds:
            if not c(s):
                return False
        return True
    return every


# ---------------------------------------------------------------------------
# Effects (applied now; `run` in the game puts delayed ones on the waiting list).
# ---------------------------------------------------------------------------


# `Range.clamp` written out in each closure (one call less per effect): NaN -> lo, below -> lo, above -> hi.


def _e_stressor(sc: model.Scenario, e: model.StressorEffect, actor: str | None) -> Eff:
    i, d, lo, hi = sc.stressor_index[e.stressor], e.delta, SEVERITY.lo, SEVERITY.hi

    def f(s: Any) -> None:
        v = s.severity[i] + d
        s.severity[i] = int(lo if v != v or v < lo else hi if hi < v else v)
    return f


def _e_reveal(sc: model.Scenario, e: model.RevealEffect, actor: str | None) -> Eff:
    i = sc.stressor_index[e.stressor]

    def f(s: Any) -> None:
        s.known[i] = True
    return f


def _e_leg(sc: model.Scenario, e: model.LegEffect, actor: str | None) -> Eff:
    i, d, lo, hi = LEG_INDEX[e.leg], e.delta, LEG.lo, LEG.hi

    def f(s: Any) -> None:
        v = s.legs[i] + d
        s.legs[i] = lo if v != v or v < lo else hi if hi < v else v
    return f


def _e_stress(sc: model.Scenario, e: model.StressEffect, actor: str | None) -> Eff:
    d, lo, hi = e.delta, STRESS.lo, STRESS.hi

    def f(s: Any) -> None:
        v = s.stress + d
        s.stress = lo if v != v or v < lo else hi if hi < v else v
    return f


def _per_agency(sc: model.Scenario, name: str, agency: str | None, d: float, limits: Range, whole: bool = False) -> Eff:
    """Move one agency's list of figures `name` by `d` within a range (no agency: nothing changes)."""
    if agency is None:
        return lambda s: None
    i, lo, hi = sc.agency_index[agency], limits.lo, limits.hi
    if whole:
        def f(s: Any) -> None:
            values = getattr(s, name)
            v = values[i] + d
            values[i] = int(lo if v != v or v < lo else hi if hi < v else v)
        return f

    def g(s: Any) -> None:
        values = getattr(s, name)
        v = values[i] + d
        values[i] = lo if v != v or v < lo else hi if hi < v else v
    return g


def _e_trust(sc: model.Scenario, e: model.TrustEffect, actor: str | None) -> Eff:
    return _per_agency(sc, "trust", e.agency or actor, e.delta, TRUST)


def _e_euros(sc: model.Scenario, e: model.EurosEffect, actor: str | None) -> Eff:
    return _per_agency(sc, "euros", e.agency or actor, e.amount, EUROS)


def _e_kpi(sc: model.Scenario, e: model.KpiEffect, actor: str | None) -> Eff:
    return _per_agency(sc, "kpi", e.agency or actor, e.delta, KPI)


def _e_mandate(sc: model.Scenario, e: model.MandateEffect, actor: str | None) -> Eff:
    return _per_agency(sc, "mandate", e.agency or actor, e.delta, MANDATE, whole=True)


def _e_flag(sc: model.Scenario, e: model.FlagEffect, actor: str | None) -> Eff:
    flag = e.flag
    if e.set:
        def f(s: Any) -> None:
            if flag not in s.flags:
                s.flags[flag] = s.round
    else:
        def f(s: Any) -> None:
            s.flags.pop(flag, None)
    return f


def _e_crisis(sc: model.Scenario, e: model.CrisisEffect, actor: str | None) -> Eff:
    cost = e.cost
    amount = sc.scoring.crisis_costs.get(cost, 0.0)

    def f(s: Any) -> None:
        s.crisis_costs.append((cost, amount))
        s.end(Outcome.CRISIS, cost)
    return f


def _e_if(sc: model.Scenario, e: model.IfEffect, actor: str | None) -> Eff:
    # As the reference: the conditions are read when the effect lands, the branch's effects apply at once.
    holds = all_of(tuple(condition(sc, c, actor) for c in e.conditions))
    then = tuple(effect(sc, inner, actor) for inner in e.effects)
    otherwise = tuple(effect(sc, inner, actor) for inner in e.otherwise)

    def f(s: Any) -> None:
        for g in then if holds(s) else otherwise:
            g(s)
    return f


EFFECTS: dict[type, Callable[[model.Scenario, Any, str | None], Eff]] = {
    model.StressorEffect: _e_stressor,
    model.RevealEffect: _e_reveal,
    model.LegEffect: _e_leg,
    model.StressEffect: _e_stress,
    model.TrustEffect: _e_trust,
    model.FlagEffect: _e_flag,
    model.EurosEffect: _e_euros,
    model.KpiEffect: _e_kpi,
    model.MandateEffect: _e_mandate,
    model.CrisisEffect: _e_crisis,
    model.IfEffect: _e_if,
}


def effect(sc: model.Scenario, e: Any, actor: str | None) -> Eff:
    """The closure of one effect for `actor` (Unsupported for a kind the fast path does not know)."""
    eff: Eff = _compiled(EFFECTS, "effect", sc, e, actor)
    return eff


# The rule modifiers the fast path knows (what each does is in sim.fast.rules).
MODIFIERS: frozenset[type] = frozenset({
    model.MandateMod, model.CapacityMod, model.CostMod, model.NoDelayMod, model.CancelEventsMod, model.BoundaryBonusMod,
    model.ForbidMod,
})


def modifier(m: Any) -> Any:
    """`m` itself, when the fast path knows its kind and every field it sets."""
    if type(m) not in MODIFIERS:
        raise Unsupported(f"modifier {type(m).__name__}")
    check_fields(m, FIELDS_OF_KIND[type(m)])
    for sel in (getattr(m, "cards", None),):
        if sel is not None:
            check_fields(sel)
    return m


# Written against these fields: a field added later to a kind is unknown unless left at its default.
_WRITTEN_AGAINST: dict[type, tuple[str, ...]] = {
    model.StressorCond: ("stressor", "min", "max"), model.KnownCond: ("stressor", "known", "agency"),
    model.TrustCond: ("agency", "min", "max"), model.KpiCond: ("agency", "min", "max"),
    model.FlagCond: ("flag", "set", "rounds"), model.StressCond: ("min", "max"), model.RoundCond: ("min", "max"),
    model.LegCond: ("leg", "min", "max"), model.PartnerCond: ("agency", "min"), model.RuleActiveCond: ("card", "active"),
    model.StressorEffect: ("stressor", "delta", "delay"), model.RevealEffect: ("stressor", "delay"),
    model.LegEffect: ("leg", "delta", "delay"), model.StressEffect: ("delta", "delay"),
    model.TrustEffect: ("delta", "agency", "delay"), model.FlagEffect: ("flag", "set", "delay"),
    model.EurosEffect: ("amount", "agency", "delay"), model.KpiEffect: ("delta", "agency", "delay"),
    model.MandateEffect: ("delta", "agency", "delay"), model.CrisisEffect: ("cost", "delay"),
    model.CancelEventsMod: ("tag",), model.CostMod: ("delta", "cards"), model.CapacityMod: ("delta", "agency"),
    model.MandateMod: ("amount", "agency"), model.BoundaryBonusMod: ("trust", "stress"), model.NoDelayMod: ("cards",),
    model.AnyCond: ("conditions",), model.IfEffect: ("conditions", "effects", "otherwise", "delay"), model.ForbidMod: ("cards",),
}
FIELDS_OF_KIND.update({k: frozenset(v) for k, v in _WRITTEN_AGAINST.items()})


def selected(sel: model.Selector, card: model.Card) -> bool:
    """Whether a modifier's selector picks `card` (the reference's own test)."""
    return selects(sel, card)


__all__ = ["Cond", "Eff", "Unsupported", "all_of", "check_fields", "condition", "effect", "modifier", "selected"]
