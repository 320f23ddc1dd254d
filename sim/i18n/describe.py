"""Conditions, effects and modifiers in words, for card details, reports and docs.

One table per concern maps each kind of `sim.core.model` to its phrase; a
test checks that every kind of the model's unions has an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sim.core import model
from sim.core.model import Scenario
from sim.i18n import name_of, num, t


def _n(x: float, lang: str) -> str:
    """A signed change, '+0,5' (nl)."""
    return ("+" if x > 0 else "") + num(x, lang, 2)


def _ref(kind: str, ident: str | None, lang: str, sc: Scenario, actor_default: bool = False, actor: str | None = None) -> str:
    if ident is None and actor_default:
        return name_of(("agency", actor), lang, sc) if actor else t("desc.self", lang)
    return name_of((kind, ident), lang, sc)


def _range(lo: float | None, hi: float | None, lang: str) -> str:
    if lo is not None and hi is not None:
        return t("desc.between", lang, min=num(lo, lang, 2), max=num(hi, lang, 2))
    if lo is not None:
        return t("desc.at_least", lang, min=num(lo, lang, 2))
    return t("desc.at_most", lang, max=num(hi or 0, lang, 2))


# (scenario, condition, lang, actor, known) -> phrase
_ConditionText = Callable[[Scenario, Any, str, "str | None", Any], str]

CONDITION_TEXT: dict[type, _ConditionText] = {
    model.StressorCond: lambda sc, c, lang, actor, known: t(
        "desc.c.stressor", lang, stressor=name_of(("stressor", c.stressor), lang, sc, known), range=_range(c.min, c.max, lang)),
    model.KnownCond: lambda sc, c, lang, actor, known: t(
        "desc.c.known" if c.known else "desc.c.hidden", lang, stressor=name_of(("stressor", c.stressor), lang, sc, known)),
    model.TrustCond: lambda sc, c, lang, actor, known: t(
        "desc.c.trust", lang, agency=_ref("agency", c.agency, lang, sc, True, actor), range=_range(c.min, c.max, lang)),
    model.FlagCond: lambda sc, c, lang, actor, known: t(
        "desc.c.flag_rounds" if c.set and c.rounds else "desc.c.flag" if c.set else "desc.c.no_flag", lang,
        flag=_ref("flag", c.flag, lang, sc), rounds=c.rounds),
    model.StressCond: lambda sc, c, lang, actor, known: t("desc.c.stress", lang, range=_range(c.min, c.max, lang)),
    model.RoundCond: lambda sc, c, lang, actor, known: t("desc.c.round", lang, range=_range(c.min, c.max, lang)),
    model.LegCond: lambda sc, c, lang, actor, known: t(
        "desc.c.leg", lang, leg=t(f"leg.{c.leg.value}", lang), range=_range(c.min, c.max, lang)),
    model.PartnerCond: lambda sc, c, lang, actor, known: t(
        "desc.c.partner", lang, agency=_ref("agency", c.agency, lang, sc), min=c.min),
    model.RuleActiveCond: lambda sc, c, lang, actor, known: t(
        "desc.c.rule" if c.active else "desc.c.no_rule", lang, card=_ref("card", c.card, lang, sc)),
}

# (scenario, effect, lang, actor) -> phrase, without its waiting time
_EffectText = Callable[[Scenario, Any, str, "str | None"], str]

EFFECT_TEXT: dict[type, _EffectText] = {
    model.StressorEffect: lambda sc, e, lang, actor: t(
        "desc.e.stressor", lang, stressor=_ref("stressor", e.stressor, lang, sc), delta=_n(e.delta, lang)),
    model.RevealEffect: lambda sc, e, lang, actor: t("desc.e.reveal", lang, stressor=_ref("stressor", e.stressor, lang, sc)),
    model.LegEffect: lambda sc, e, lang, actor: t(
        "desc.e.leg", lang, leg=t(f"leg.{e.leg.value}", lang), delta=_n(e.delta, lang)),
    model.StressEffect: lambda sc, e, lang, actor: t("desc.e.stress", lang, delta=_n(e.delta, lang)),
    model.TrustEffect: lambda sc, e, lang, actor: t(
        "desc.e.trust", lang, agency=_ref("agency", e.agency, lang, sc, True, actor), delta=_n(e.delta, lang)),
    model.FlagEffect: lambda sc, e, lang, actor: t(
        "desc.e.flag" if e.set else "desc.e.unflag", lang, flag=_ref("flag", e.flag, lang, sc)),
    model.EurosEffect: lambda sc, e, lang, actor: t(
        "desc.e.euros", lang, agency=_ref("agency", e.agency, lang, sc, True, actor), amount=num(e.amount, lang, 0)),
    model.KpiEffect: lambda sc, e, lang, actor: t(
        "desc.e.kpi", lang, agency=_ref("agency", e.agency, lang, sc, True, actor), delta=_n(e.delta, lang)),
    model.MandateEffect: lambda sc, e, lang, actor: t(
        "desc.e.mandate", lang, agency=_ref("agency", e.agency, lang, sc, True, actor), delta=_n(e.delta, lang)),
    model.CrisisEffect: lambda sc, e, lang, actor: t("desc.e.crisis", lang, cost=e.cost),
}

# (scenario, modifier, lang) -> phrase
_ModifierText = Callable[[Scenario, Any, str], str]


def _agency_or_everyone(sc: Scenario, agency: str | None, lang: str) -> str:
    return _ref("agency", agency, lang, sc) if agency else t("desc.everyone", lang)


MODIFIER_TEXT: dict[type, _ModifierText] = {
    model.CancelEventsMod: lambda sc, m, lang: t("desc.m.cancel", lang, tag=m.tag),
    model.CostMod: lambda sc, m, lang: t("desc.m.cost", lang, delta=_n(m.delta, lang), cards=_selector(sc, m.cards, lang)),
    model.CapacityMod: lambda sc, m, lang: t(
        "desc.m.capacity", lang, agency=_agency_or_everyone(sc, m.agency, lang), delta=_n(m.delta, lang)),
    model.MandateMod: lambda sc, m, lang: t(
        "desc.m.mandate", lang, agency=_agency_or_everyone(sc, m.agency, lang), amount=m.amount),
    model.BoundaryBonusMod: lambda sc, m, lang: t(
        "desc.m.bonus", lang, trust=_n(m.trust, lang), stress=_n(m.stress, lang)),
    model.NoDelayMod: lambda sc, m, lang: t("desc.m.no_delay", lang, cards=_selector(sc, m.cards, lang)),
}


def condition(sc: Scenario, c: model.Condition, lang: str = "nl", actor: str | None = None, known: Any = None) -> str:
    """One condition as a short phrase; `actor` names the agency meant when the condition names none.

    With `known` (the state's known-stressor flags) hidden stressors are not named.
    """
    try:
        text = CONDITION_TEXT[type(c)]
    except KeyError:
        raise TypeError(c) from None
    return text(sc, c, lang, actor, known)


def effect(sc: Scenario, e: model.Effect, lang: str = "nl", actor: str | None = None) -> str:
    """One effect as a short phrase, with its waiting time; `actor` names the agency meant when the effect names none."""
    try:
        text = EFFECT_TEXT[type(e)](sc, e, lang, actor)
    except KeyError:
        raise TypeError(e) from None
    if e.delay:
        text += " " + t("desc.e.delay", lang, rounds=e.delay)
    return text


def modifier(sc: Scenario, m: model.Modifier, lang: str = "nl") -> str:
    """One rule modifier as a short phrase."""
    try:
        text = MODIFIER_TEXT[type(m)]
    except KeyError:
        raise TypeError(m) from None
    return text(sc, m, lang)


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


# --- dilemma: a `known` condition about one team's knowledge, and the `kpi` condition ---


def _known_text(sc: Scenario, c: model.KnownCond, lang: str, actor: str | None, known: Any) -> str:
    stressor = name_of(("stressor", c.stressor), lang, sc, known)
    if c.agency is None:
        return t("desc.c.known" if c.known else "desc.c.hidden", lang, stressor=stressor)
    return t("desc.c.known_to" if c.known else "desc.c.hidden_from", lang, stressor=stressor,
             agency=_ref("agency", c.agency, lang, sc))


CONDITION_TEXT[model.KnownCond] = _known_text
CONDITION_TEXT[model.KpiCond] = lambda sc, c, lang, actor, known: t(
    "desc.c.kpi", lang, agency=_ref("agency", c.agency, lang, sc, True, actor), range=_range(c.min, c.max, lang))


# --- dformat: "any of" conditions, conditional effects, a rule that forbids cards, crisis names ---


def _any_text(sc: Scenario, c: model.AnyCond, lang: str, actor: str | None, known: Any) -> str:
    options = [condition(sc, alt, lang, actor, known) for alt in c.conditions]
    return t("desc.c.any", lang, options=t("desc.or", lang).join(options))


def _if_text(sc: Scenario, e: model.IfEffect, lang: str, actor: str | None) -> str:
    when = t("desc.and", lang).join(condition(sc, c, lang, actor) for c in e.conditions)
    then = ", ".join(effect(sc, x, lang, actor) for x in e.effects) or "-"
    text = t("desc.e.if", lang, when=when, then=then)
    if e.otherwise:
        text += t("desc.e.otherwise", lang, otherwise=", ".join(effect(sc, x, lang, actor) for x in e.otherwise))
    return text


CONDITION_TEXT[model.AnyCond] = _any_text
EFFECT_TEXT[model.IfEffect] = _if_text
EFFECT_TEXT[model.CrisisEffect] = lambda sc, e, lang, actor: t(
    "desc.e.crisis", lang, cost=sc.scoring.crisis_name(e.cost).get(lang))
MODIFIER_TEXT[model.ForbidMod] = lambda sc, m, lang: t("desc.m.forbid", lang, cards=_selector(sc, m.cards, lang))
