"""Conditions, effects and modifiers in words, for card details, reports and docs."""

from __future__ import annotations

from sim.core import model
from sim.i18n import t
from sim.core.model import Scenario
from sim.i18n import name_of


def _n(x: float) -> str:
    return f"{x:+g}"


def _ref(kind: str, ident: str | None, lang: str, sc: Scenario, actor_default: bool = False, actor: str | None = None) -> str:
    if ident is None and actor_default:
        return name_of(("agency", actor), lang, sc) if actor else t("desc.self", lang)
    return name_of((kind, ident), lang, sc)


def _range(lo, hi, lang: str) -> str:
    if lo is not None and hi is not None:
        return t("desc.between", lang, min=f"{lo:g}", max=f"{hi:g}")
    if lo is not None:
        return t("desc.at_least", lang, min=f"{lo:g}")
    return t("desc.at_most", lang, max=f"{hi:g}")


def condition(sc: Scenario, c: model.Condition, lang: str = "nl", actor: str | None = None, known=None) -> str:
    """One condition as a short phrase; `actor` names the agency meant when the condition names none.

    With `known` (the state's known-stressor flags) hidden stressors are not named.
    """
    if isinstance(c, model.StressorCond):
        return t("desc.c.stressor", lang, stressor=name_of(("stressor", c.stressor), lang, sc, known), range=_range(c.min, c.max, lang))
    if isinstance(c, model.KnownCond):
        return t("desc.c.known" if c.known else "desc.c.hidden", lang, stressor=name_of(("stressor", c.stressor), lang, sc, known))
    if isinstance(c, model.TrustCond):
        return t("desc.c.trust", lang, agency=_ref("agency", c.agency, lang, sc, True, actor), range=_range(c.min, c.max, lang))
    if isinstance(c, model.FlagCond):
        key = "desc.c.flag_rounds" if c.set and c.rounds else "desc.c.flag" if c.set else "desc.c.no_flag"
        return t(key, lang, flag=_ref("flag", c.flag, lang, sc), rounds=c.rounds)
    if isinstance(c, model.StressCond):
        return t("desc.c.stress", lang, range=_range(c.min, c.max, lang))
    if isinstance(c, model.RoundCond):
        return t("desc.c.round", lang, range=_range(c.min, c.max, lang))
    if isinstance(c, model.LegCond):
        return t("desc.c.leg", lang, leg=t(f"leg.{c.leg.value}", lang), range=_range(c.min, c.max, lang))
    if isinstance(c, model.PartnerCond):
        return t("desc.c.partner", lang, agency=_ref("agency", c.agency, lang, sc), min=c.min)
    if isinstance(c, model.RuleActiveCond):
        return t("desc.c.rule" if c.active else "desc.c.no_rule", lang, card=_ref("card", c.card, lang, sc))
    raise TypeError(c)


def effect(sc: Scenario, e: model.Effect, lang: str = "nl", actor: str | None = None) -> str:
    """One effect as a short phrase, with its waiting time; `actor` names the agency meant when the effect names none."""
    if isinstance(e, model.StressorEffect):
        text = t("desc.e.stressor", lang, stressor=_ref("stressor", e.stressor, lang, sc), delta=_n(e.delta))
    elif isinstance(e, model.RevealEffect):
        text = t("desc.e.reveal", lang, stressor=_ref("stressor", e.stressor, lang, sc))
    elif isinstance(e, model.LegEffect):
        text = t("desc.e.leg", lang, leg=t(f"leg.{e.leg.value}", lang), delta=_n(e.delta))
    elif isinstance(e, model.StressEffect):
        text = t("desc.e.stress", lang, delta=_n(e.delta))
    elif isinstance(e, model.TrustEffect):
        text = t("desc.e.trust", lang, agency=_ref("agency", e.agency, lang, sc, True, actor), delta=_n(e.delta))
    elif isinstance(e, model.FlagEffect):
        text = t("desc.e.flag" if e.set else "desc.e.unflag", lang, flag=_ref("flag", e.flag, lang, sc))
    elif isinstance(e, model.EurosEffect):
        text = t("desc.e.euros", lang, agency=_ref("agency", e.agency, lang, sc, True, actor), amount=f"{e.amount:,.0f}".replace(",", "."))
    elif isinstance(e, model.KpiEffect):
        text = t("desc.e.kpi", lang, agency=_ref("agency", e.agency, lang, sc, True, actor), delta=_n(e.delta))
    elif isinstance(e, model.MandateEffect):
        text = t("desc.e.mandate", lang, agency=_ref("agency", e.agency, lang, sc, True, actor), delta=_n(e.delta))
    elif isinstance(e, model.CrisisEffect):
        text = t("desc.e.crisis", lang, cost=e.cost)
    else:
        raise TypeError(e)
    if e.delay:
        text += " " + t("desc.e.delay", lang, rounds=e.delay)
    return text


def modifier(sc: Scenario, m: model.Modifier, lang: str = "nl") -> str:
    """One rule modifier as a short phrase."""
    if isinstance(m, model.CancelEventsMod):
        return t("desc.m.cancel", lang, tag=m.tag)
    if isinstance(m, model.CostMod):
        return t("desc.m.cost", lang, delta=_n(m.delta), cards=_selector(sc, m.cards, lang))
    if isinstance(m, model.CapacityMod):
        return t("desc.m.capacity", lang, agency=_ref("agency", m.agency, lang, sc) if m.agency else t("desc.everyone", lang), delta=_n(m.delta))
    if isinstance(m, model.MandateMod):
        return t("desc.m.mandate", lang, agency=_ref("agency", m.agency, lang, sc) if m.agency else t("desc.everyone", lang), amount=m.amount)
    if isinstance(m, model.BoundaryBonusMod):
        return t("desc.m.bonus", lang, trust=_n(m.trust), stress=_n(m.stress))
    if isinstance(m, model.NoDelayMod):
        return t("desc.m.no_delay", lang, cards=_selector(sc, m.cards, lang))
    raise TypeError(m)


def _selector(sc: Scenario, s: model.Selector, lang: str) -> str:
    parts = []
    if s.card:
        parts.append(_ref("card", s.card, lang, sc))
    if s.agency:
        parts.append(_ref("agency", s.agency, lang, sc))
    if s.type:
        parts.append(t(f"type.{s.type.value}", lang))
    if s.tag:
        parts.append(f"'{s.tag}'")
    return ", ".join(parts) if parts else t("desc.all_cards", lang)
