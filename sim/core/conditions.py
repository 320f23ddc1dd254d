"""Conditions: each kind of `sim.core.model.Condition` implemented once.

`reason(sc, st, cond, actor)` is None when the condition holds, else why not,
as a translatable `Reason`. `st` is a frozen state or the engine's draft: both
hold the figures under the same names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sim.core import model
from sim.core.draft import Draft
from sim.core.kinds import check_exhaustive
from sim.core.model import AgencyId, Scenario
from sim.core.reasons import Reason
from sim.core.state import GameState

# Conditions read the figures a frozen state and a draft hold under the same names.
State = GameState | Draft
Check = Callable[[Scenario, State, Any, "AgencyId | None"], "Reason | None"]

LEG_INDEX: dict[model.Leg, int] = {leg: i for i, leg in enumerate(model.LEGS)}


def _fmt(x: float) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _bounds(value: float, lo: float | None, hi: float | None, low_key: str, high_key: str,
            ref_kind: str | None = None, ref_id: str | None = None) -> Reason | None:
    """None when lo <= value <= hi; else the reason, naming the scenario object `ref_kind:ref_id`."""
    params: dict[str, Any]
    if lo is not None and value < lo:
        key, params = low_key, {"have": _fmt(value), "min": _fmt(lo)}
    elif hi is not None and value > hi:
        key, params = high_key, {"have": _fmt(value), "max": _fmt(hi)}
    else:
        return None
    if ref_kind is not None:
        params[ref_kind] = (ref_kind, ref_id)
    return Reason(key, params)


def _stressor(sc: Scenario, st: State, c: model.StressorCond, actor: AgencyId | None) -> Reason | None:
    sev = st.severity[sc.stressor_index[c.stressor]]
    return _bounds(sev, c.min, c.max, "why.stressor_too_low", "why.stressor_too_high", "stressor", c.stressor)


def _known(sc: Scenario, st: State, c: model.KnownCond, actor: AgencyId | None) -> Reason | None:
    i = sc.stressor_index[c.stressor]
    known = st.known[i] or (c.agency is not None and c.agency in st.dossiers[i])
    if known == c.known:
        return None
    if c.agency is None:
        return Reason("why.stressor_hidden" if c.known else "why.stressor_known", {"stressor": ("stressor", c.stressor)})
    key = "why.stressor_unknown_to" if c.known else "why.stressor_known_to"
    return Reason(key, {"stressor": ("stressor", c.stressor), "agency": ("agency", c.agency)})


def _trust(sc: Scenario, st: State, c: model.TrustCond, actor: AgencyId | None) -> Reason | None:
    agency = c.agency or actor or sc.agencies[0].id
    value = st.trust[sc.agency_index[agency]]
    return _bounds(value, c.min, c.max, "why.trust_too_low", "why.trust_too_high", "agency", agency)


def _kpi(sc: Scenario, st: State, c: model.KpiCond, actor: AgencyId | None) -> Reason | None:
    agency = c.agency or actor or sc.agencies[0].id
    value = round(st.kpi[sc.agency_index[agency]], 1)
    return _bounds(value, c.min, c.max, "why.kpi_too_low", "why.kpi_too_high", "agency", agency)


def _flag(sc: Scenario, st: State, c: model.FlagCond, actor: AgencyId | None) -> Reason | None:
    since = st.flags.get(c.flag)
    if not c.set:
        return None if since is None else Reason("why.flag_present", {"flag": ("flag", c.flag)})
    if since is None:
        return Reason("why.flag_missing", {"flag": ("flag", c.flag)})
    if st.round - since < c.rounds:
        return Reason("why.flag_too_recent", {"flag": ("flag", c.flag), "rounds": c.rounds})
    return None


def _stress(sc: Scenario, st: State, c: model.StressCond, actor: AgencyId | None) -> Reason | None:
    return _bounds(round(st.stress, 1), c.min, c.max, "why.stress_too_low", "why.stress_too_high")


def _round(sc: Scenario, st: State, c: model.RoundCond, actor: AgencyId | None) -> Reason | None:
    return _bounds(st.round, c.min, c.max, "why.round_too_early", "why.round_too_late")


def _leg(sc: Scenario, st: State, c: model.LegCond, actor: AgencyId | None) -> Reason | None:
    value = round(st.legs[LEG_INDEX[c.leg]], 1)
    return _bounds(value, c.min, c.max, "why.leg_too_low", "why.leg_too_high", "leg", c.leg.value)


def _partner(sc: Scenario, st: State, c: model.PartnerCond, actor: AgencyId | None) -> Reason | None:
    if c.agency not in st.in_play:
        return Reason("why.partner_absent", {"agency": ("agency", c.agency)})
    have = st.capacity[sc.agency_index[c.agency]]
    if have < c.min:
        return Reason("why.partner_busy", {"agency": ("agency", c.agency), "need": c.min, "have": have})
    return None


def _rule_active(sc: Scenario, st: State, c: model.RuleActiveCond, actor: AgencyId | None) -> Reason | None:
    if any(r.card == c.card for r in st.rules) == c.active:
        return None
    return Reason("why.rule_inactive" if c.active else "why.rule_active", {"card": ("card", c.card)})


def _any(sc: Scenario, st: State, c: model.AnyCond, actor: AgencyId | None) -> Reason | None:
    """None when one of the alternatives holds; else why the first one does not (what a player could change)."""
    first: Reason | None = None
    for alt in c.conditions:
        why = CONDITIONS[type(alt)](sc, st, alt, actor)
        if why is None:
            return None
        first = first or why
    return first or Reason("why.not_legal")


CONDITIONS: dict[type, Check] = {
    model.StressorCond: _stressor,
    model.KnownCond: _known,
    model.TrustCond: _trust,
    model.KpiCond: _kpi,
    model.FlagCond: _flag,
    model.StressCond: _stress,
    model.RoundCond: _round,
    model.LegCond: _leg,
    model.PartnerCond: _partner,
    model.RuleActiveCond: _rule_active,
    model.AnyCond: _any,
}
check_exhaustive(CONDITIONS, model.CONDITION_KINDS.values(), "conditions")


def reason(sc: Scenario, st: State, cond: model.Condition, actor: AgencyId | None) -> Reason | None:
    """None when `cond` holds for `actor`; else why not."""
    return CONDITIONS[type(cond)](sc, st, cond, actor)


def all_hold(sc: Scenario, st: State, conds: Iterable[model.Condition], actor: AgencyId | None) -> bool:
    """Whether every condition holds for `actor`."""
    return all(CONDITIONS[type(c)](sc, st, c, actor) is None for c in conds)


__all__ = ["CONDITIONS", "LEG_INDEX", "all_hold", "reason"]
