"""Warnings: a scenario that loads but will not play as its designer thinks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs

from sim.core import model
from sim.core.limits import DEFAULT_TRUST, SEVERITY, TRUST
from sim.core.model import Scenario
from sim.scenario.nested import all_conditions, all_effects
from sim.scenario.problems import (
    PathT,
)
from sim.scenario.structure import (
    _suggest,
)

# ---------------------------------------------------------------------------
# Warnings: a scenario that loads but will not play as its designer thinks.
# ---------------------------------------------------------------------------


@attrs.define
class _Reach:
    """What the scenario's cards and events can ever change (an over-estimate: never a false warning)."""

    sev_up: set[str] = attrs.Factory(set)
    sev_down: set[str] = attrs.Factory(set)
    card_down: set[str] = attrs.Factory(set)
    revealed: set[str] = attrs.Factory(set)
    flag_set: set[str] = attrs.Factory(set)
    flag_cleared: set[str] = attrs.Factory(set)
    trust_up: set[str | None] = attrs.Factory(set)  # None: every agency
    trust_down: set[str | None] = attrs.Factory(set)
    mandate_up: set[str | None] = attrs.Factory(set)
    capacity_bonus: dict[str | None, int] = attrs.Factory(dict)
    tags_used: set[str] = attrs.Factory(set)


def _reach(sc: Scenario) -> _Reach:
    r = _Reach()

    def effects(effs: Iterable[model.Effect], owner: str | None, by_card: bool) -> None:
        for e in all_effects(effs):
            if isinstance(e, model.StressorEffect):
                if e.delta > 0:
                    r.sev_up.add(e.stressor)
                elif e.delta < 0:
                    r.sev_down.add(e.stressor)
                    if by_card:
                        r.card_down.add(e.stressor)
            elif isinstance(e, model.RevealEffect):
                r.revealed.add(e.stressor)
            elif isinstance(e, model.FlagEffect):
                (r.flag_set if e.set else r.flag_cleared).add(e.flag)
            elif isinstance(e, model.TrustEffect) and e.delta:
                (r.trust_up if e.delta > 0 else r.trust_down).add(e.agency or owner)
            elif isinstance(e, model.MandateEffect) and e.delta > 0:
                r.mandate_up.add(e.agency or owner)

    for c in sc.cards:
        effects(c.effects, c.agency, True)
        for m in c.modifiers:
            if isinstance(m, model.MandateMod) and m.amount > 0:
                r.mandate_up.add(m.agency)
            elif isinstance(m, model.CapacityMod) and m.delta > 0:
                r.capacity_bonus[m.agency] = r.capacity_bonus.get(m.agency, 0) + m.delta
            elif isinstance(m, model.BoundaryBonusMod) and m.trust:
                (r.trust_up if m.trust > 0 else r.trust_down).add(None)
    for e in sc.events:
        effects(e.effects, e.responder, False)
    return r


def _never(sc: Scenario, r: _Reach, c: model.Condition, owner: str | None) -> str | None:
    """Why condition `c` can never hold, or None when it might."""

    def outside(lo_reach: float, hi_reach: float, lo: float | None, hi: float | None) -> bool:
        return (lo is not None and lo > hi_reach) or (hi is not None and hi < lo_reach)

    if isinstance(c, model.StressorCond):
        s = sc.stressors[sc.stressor_index[c.stressor]]
        lo: float = int(SEVERITY.lo) if c.stressor in r.sev_down else s.severity
        hi: float = int(SEVERITY.hi) if c.stressor in r.sev_up else s.severity
        if outside(lo, hi, c.min, c.max):
            moves = "nothing changes it" if lo == hi else f"it can only go from {lo} to {hi}"
            return f"stressor {c.stressor!r} starts at severity {s.severity} and {moves}"
    elif isinstance(c, model.KnownCond):
        s = sc.stressors[sc.stressor_index[c.stressor]]
        if c.known and s.hidden and c.stressor not in r.revealed:
            return f"stressor {c.stressor!r} is hidden and no card or event reveals it"
        if not c.known and not s.hidden:
            return f"stressor {c.stressor!r} is known from the start and never hidden again"
    elif isinstance(c, model.FlagCond):
        set_at_start = c.flag in sc.person.flags
        if c.set and not set_at_start and c.flag not in r.flag_set:
            return f"no card or event sets flag {c.flag!r}"
        if not c.set and set_at_start and c.flag not in r.flag_cleared:
            return f"flag {c.flag!r} is set from the start and nothing clears it"
        if c.set and c.rounds >= sc.rounds:
            return f"flag {c.flag!r} would have to be set {c.rounds} rounds ago, but the game has {sc.rounds} rounds"
    elif isinstance(c, model.TrustCond):
        agency = c.agency or owner or sc.agencies[0].id
        start = sc.person.trust.get(agency, DEFAULT_TRUST)
        lo = TRUST.lo if (agency in r.trust_down or None in r.trust_down) else start
        hi = TRUST.hi if (agency in r.trust_up or None in r.trust_up) else start
        if outside(lo, hi, c.min, c.max):
            return f"trust in {agency!r} starts at {start:g} and no card or event moves it that way"
    elif isinstance(c, model.RoundCond):
        if c.min is not None and c.min > sc.rounds:
            return f"the game has only {sc.rounds} rounds"
    elif isinstance(c, model.StressCond):
        if c.min is not None and c.min >= sc.scoring.thresholds.crisis and sc.scoring.thresholds.crisis > 0:
            return f"stress {c.min:g} is a crisis (thresholds.crisis), which ends the game"
    elif isinstance(c, model.PartnerCond):
        most = _max_capacity(sc, r, c.agency)
        if c.min > most:
            return f"{c.agency!r} never has more than {most} capacity"
    return None


def _max_capacity(sc: Scenario, r: _Reach, agency: str) -> int:
    return sc.agency(agency).capacity + r.capacity_bonus.get(agency, 0) + r.capacity_bonus.get(None, 0)


def lint(sc: Scenario) -> Iterator[tuple[PathT, str]]:
    """Warnings for a valid scenario: (path in the file, message)."""
    r = _reach(sc)
    cost_cuts = [m for c in sc.cards for m in c.modifiers if isinstance(m, model.CostMod) and m.delta < 0]
    for i, card in enumerate(sc.cards):
        base = ("cards", i)
        agency = sc.agency(card.agency)
        cheapest = card.cost + sum(m.delta for m in cost_cuts if _may_select(m.cards, card))
        if cheapest > _max_capacity(sc, r, card.agency):
            yield base + ("cost",), f"nobody can ever play this card: it costs {card.cost} capacity and {card.agency!r} never has that much in a round"
        if card.mandate and card.type is model.CardType.IN_SYSTEM:
            yield base + ("mandate",), (
                f"an in-system card that costs {card.mandate} mandaat: mandaat is the room to step outside "
                "the rules; make it `type: boundary` or leave `mandate:` out"
            )
        if card.mandate > agency.mandate and card.agency not in r.mandate_up and None not in r.mandate_up:
            yield base + ("mandate",), f"nobody can ever play this card: it needs {card.mandate} mandaat and {card.agency!r} has {agency.mandate}, and nothing gives more"
        for j, partner in enumerate(card.partners):
            if partner in card.partners[:j]:
                yield base + ("partners", j), f"partner {partner!r} is named twice"
            if partner in sc.agency_index and card.partner_cost > _max_capacity(sc, r, partner):
                yield base + ("partner_cost",), f"nobody can ever play this card: partner {partner!r} never has {card.partner_cost} capacity"
        for j, cond in enumerate(card.conditions):
            if isinstance(cond, model.RuleActiveCond) and cond.card == card.id and cond.active:
                yield base + ("conditions", j), "nobody can ever play this card: it asks that it is already in force itself"
                continue
            why = _never(sc, r, cond, card.agency)
            if why:
                yield base + ("conditions", j), f"nobody can ever play this card: {why}"
    for i, ev in enumerate(sc.events):
        base = ("events", i)
        if not ev.deck and not ev.rounds and not ev.trigger:
            yield base + ("id",), "this event never happens by itself (no `deck:`, `rounds:` or `trigger:`); only the facilitator can bring it in"
        for j, cond in enumerate(ev.trigger):
            why = _never(sc, r, cond, ev.responder)
            if why:
                yield base + ("trigger", j), f"this event can never trigger: {why}"
        if ev.deck or ev.rounds:
            for j, cond in enumerate(ev.conditions):
                why = _never(sc, r, cond, ev.responder)
                if why:
                    yield base + ("conditions", j), f"this event can never happen: {why}"
    for i, s in enumerate(sc.stressors):
        if (s.severity > 0 or s.id in r.sev_up) and s.id not in r.card_down:
            yield ("stressors", i, "id"), f"no card can reduce stressor {s.id!r}: give some card an effect `{{kind: stressor, stressor: {s.id}, delta: -1}}`"
    for i, a in enumerate(sc.agencies):
        if not any(c.is_boundary for c in sc.cards_of(a.id)):
            yield ("agencies", i, "id"), f"agency {a.id!r} has no boundary-crossing card (type: boundary, or one that uses mandaat); the game is about crossing boundaries"
    used = _flags_used(sc)
    for flag in sc.flags:
        if flag not in used:
            yield ("flags", flag), f"flag {flag!r} is declared but no card, event or person uses it"
    tags = {t for c in sc.cards for t in c.tags}
    event_tags = {t for e in sc.events for t in e.tags}
    for i, card in enumerate(sc.cards):
        for j, m in enumerate(card.modifiers):
            if isinstance(m, model.CancelEventsMod) and m.tag not in event_tags:
                yield ("cards", i, "modifiers", j, "tag"), f"no event has the tag {m.tag!r}, so this cancels nothing{_suggest(m.tag, event_tags)}"
            sel = getattr(m, "cards", None)
            if sel is not None and sel.tag is not None and sel.tag not in tags:
                yield ("cards", i, "modifiers", j, "cards", "tag"), f"no card has the tag {sel.tag!r}, so this selects nothing{_suggest(sel.tag, tags)}"
    if not sc.learning_objectives:
        yield ("id",), "the scenario has no `learning_objectives:`; the debrief rates each one"
    if not sc.reflection_questions:
        yield ("id",), "the scenario has no `reflection_questions:` for the debrief"
    yield from unreached_crisis_costs(sc)
    yield from secrets_in_texts(sc)


def may_start_hidden(s: model.Stressor) -> bool:
    """Whether a stressor can start the game hidden (its own `hidden:`, or a chance of it per seed)."""
    if s.per_seed is not None and s.per_seed.hidden is not None:
        return s.per_seed.hidden > 0
    return s.hidden


def _public_texts(sc: Scenario, stressor: str) -> Iterator[tuple[PathT, model.Text]]:
    """The texts every seat reads during the game, except an event's that comes only with the stressor revealed."""
    yield ("title",), sc.title
    yield ("summary",), sc.summary
    yield ("person", "story"), sc.person.story
    for i, c in enumerate(sc.cards):
        yield ("cards", i, "title"), c.title
        yield ("cards", i, "text"), c.text
    for i, e in enumerate(sc.events):
        reveals = any(isinstance(x, model.RevealEffect) and x.stressor == stressor for x in e.effects)
        after = any(isinstance(x, model.KnownCond) and x.stressor == stressor and x.known and x.agency is None
                    for x in e.conditions + e.trigger)
        if not (reveals and not e.conditions) and not after:
            yield ("events", i, "title"), e.title
            yield ("events", i, "text"), e.text
    for flag, name in sc.flags.items():
        yield ("flags", flag), name
    for i, other in enumerate(sc.stressors):
        if other.id != stressor:
            yield ("stressors", i, "name"), other.name


def secrets_in_texts(sc: Scenario) -> Iterator[tuple[PathT, str]]:
    """A public text that names a stressor which may start hidden gives the secret away before the game does."""
    for s in sc.stressors:
        if not may_start_hidden(s):
            continue
        for path, text in _public_texts(sc, s.id):
            for lang in model.LANGUAGES:
                name = s.name.get(lang)
                if names(name, text.get(lang)):
                    yield path + (lang,), (
                        f"this text names {name!r}, a stressor that can start hidden ({s.id!r}): whoever reads it "
                        "knows the secret before anyone has found it; describe it without those words")
                    break


_WORD = re.compile(r"\w+")


def names(name: str, text: str) -> bool:
    """Whether `text` says `name`: every word of the name is a word of the text ("het water is afgesloten")."""
    words = set(_WORD.findall(text.casefold()))
    wanted = _WORD.findall(name.casefold())
    return bool(wanted) and all(w in words for w in wanted)


def _may_select(sel: model.Selector, card: model.Card) -> bool:
    return (
        (sel.card is None or sel.card == card.id)
        and (sel.agency is None or sel.agency == card.agency)
        and (sel.type is None or sel.type is card.type)
        and (sel.tag is None or sel.tag in card.tags)
    )


def _flags_used(sc: Scenario) -> set[str]:
    used = set(sc.person.flags)
    for conds, effs in [(c.conditions, c.effects) for c in sc.cards] + [(e.trigger + e.conditions, e.effects) for e in sc.events]:
        for x in (*all_conditions(conds, effs), *all_effects(effs)):
            if isinstance(x, (model.FlagCond, model.FlagEffect)):
                used.add(x.flag)
    return used


def unreached_crisis_costs(sc: Scenario) -> Iterator[tuple[PathT, str]]:
    """A crisis cost that no `crisis` effect names and that is not the stress crisis: nothing ever incurs it."""
    named = {sc.scoring.stress_crisis_cost}
    for effs in [c.effects for c in sc.cards] + [e.effects for e in sc.events] + [sc.sharing.effects if sc.sharing else ()]:
        named |= {e.cost for e in all_effects(effs) if isinstance(e, model.CrisisEffect)}
    for key in sc.scoring.crisis_costs:
        if key not in named:
            yield ("scoring", "crisis_costs", key), (
                f"no event or card ends the game with the crisis {key!r} and it is not `stress_crisis_cost`, "
                f"so it never happens: add an effect `{{kind: crisis, cost: {key}}}` or remove it")


