"""The compiled scenario: every card, event, rule card and share as plain slots and closures, built once."""

from __future__ import annotations

from typing import Any

import attrs

from sim.core import model
from sim.core.effects import lowers_stress
from sim.core.limits import CAPACITY, LEG, MANDATE, STRESS
from sim.core.model import CardType, Scenario
from sim.core.state import GameState, LogEntry, LogKind, Pass, PlayCard, Share
from sim.fast.compile import (
    LEG_INDEX,
    Cond,
    Eff,
    Unsupported,
    all_of,
    check_fields,
    condition,
    effect,
    modifier,
    selected,
)

# The state's fields the fast path was written against: a new field is a rule it does not know.
STATE_FIELDS = frozenset({
    "seed", "chance", "quiet", "actions", "log", "round", "phase", "turn", "in_play", "stress", "legs", "severity",
    "known", "dossiers", "trust", "capacity", "mandate", "kpi", "euros", "flags", "plays", "played_this_round",
    "rules", "pending", "queued", "fired", "drawn", "round_events", "stable_streak", "crisis_costs", "outcome",
    "end_reason", "crossings", "joints", "history",
})
SCENARIO_FIELDS = frozenset({
    "id", "title", "summary", "rounds", "person", "stressors", "agencies", "cards", "events", "flags",
    "learning_objectives", "reflection_questions", "scoring", "sharing", "version",
})

Effects = tuple[tuple[int, model.Effect, Eff], ...]  # (delay, effect, closure), in file order
# Sets of rule cards in force whose capacities are kept, sets of severities whose load is kept (then all are dropped:
# memory stays flat).
CAPACITY_MEMO = LOAD_MEMO = 1 << 12


def _needed_flag(conditions: tuple[model.Condition, ...]) -> str | None:
    """A flag that must be set for all of `conditions` to hold (the first such), or None."""
    for c in conditions:
        if isinstance(c, model.FlagCond) and c.set:
            return c.flag
    return None


class CCard:
    """One card, compiled: what legality and a play need, looked up once."""

    __slots__ = ("id", "card", "agency", "ai", "cost", "mandate", "partners", "pay_partners", "partner_cost", "cond",
                 "effects", "max_plays", "boundary", "lowers", "action", "is_rule", "overleg", "cost_by_rule",
                 "no_delay_by", "forbidden_by", "activations", "duration", "kind", "joint", "terms", "now", "logs")

    def __init__(self, sc: Scenario, card: model.Card):
        check_fields(card)
        self.id, self.card, self.agency = card.id, card, card.agency
        self.ai = sc.agency_index[card.agency]
        self.cost, self.mandate, self.partner_cost, self.max_plays = card.cost, card.mandate, card.partner_cost, card.max_plays
        self.partners = tuple((p, sc.agency_index[p]) for p in card.partners)
        self.pay_partners = tuple(sc.agency_index[p] for p in dict.fromkeys(card.partners))
        self.cond: Cond = all_of(tuple(condition(sc, c, card.agency) for c in card.conditions))
        self.effects: Effects = compile_effects(sc, card.effects, card.agency)
        # The effects' closures when none waits (a play then runs them in a row), else None.
        self.now: tuple[Eff, ...] | None = _now(self.effects)
        self.boundary, self.lowers = card.is_boundary, lowers_stress(card)
        self.action = PlayCard(card.agency, card.id)
        self.is_rule = card.type is CardType.RULE
        self.overleg = card.type in (CardType.JOINT, CardType.RULE)
        self.activations = tuple(f for f in (_activation(sc, modifier(m)) for m in card.modifiers) if f is not None)
        self.duration = card.duration
        self.kind = LogKind.JOINT if card.partners else LogKind.RULE if self.is_rule else LogKind.CARD
        self.joint = (card.agency, *card.partners) if card.partners else None
        # Filled in by Rules once every rule card is known: what each rule in force does to this card.
        self.cost_by_rule: dict[str, int] = {}
        self.no_delay_by: frozenset[str] = frozenset()
        self.forbidden_by: frozenset[str] = frozenset()
        self.terms: Terms = ()
        self.logs: dict[int, LogEntry] = {}  # the log line of a play, made once per round (Overleg: -round)

    def seal(self) -> None:
        """Gather what legality reads into one tuple (`Terms`), once the rules touching the card are known."""
        trivial = not self.card.conditions
        self.terms = (self.id, self.mandate, self.max_plays, max(0, self.cost), self.cost, self.cost_by_rule,
                      self.forbidden_by, self.partners, self.partner_cost, None if trivial else self.cond, self.action)


# What `sim.fast.legal` reads of a card, in one tuple to unpack in one go: id, mandaat, max plays, cost (no rule in
# force), cost before rules, cost per rule, forbidding rules, partners (agency, index), partner cost, conditions
# (None: none), the action.
Terms = tuple[Any, ...]


class CEvent:
    """One event, compiled."""

    __slots__ = ("id", "event", "effects", "cond", "trigger", "deck", "rounds", "once", "responder", "cancel_by", "now")

    def __init__(self, sc: Scenario, event: model.Event):
        check_fields(event)
        self.id, self.event, self.deck, self.once, self.responder = event.id, event, event.deck, event.once, event.responder
        self.rounds = frozenset(event.rounds)
        self.effects: Effects = compile_effects(sc, event.effects, event.responder)
        self.now: tuple[Eff, ...] | None = _now(self.effects)
        self.cond: Cond = all_of(tuple(condition(sc, c, event.responder) for c in event.conditions))
        self.trigger: Cond | None = all_of(tuple(condition(sc, c, event.responder) for c in event.trigger)) if event.trigger else None
        self.cancel_by: frozenset[str] = frozenset()


def _now(effects: Effects) -> tuple[Eff, ...] | None:
    """The effects' closures when none waits (they then run in a row), else None."""
    return None if any(delay for delay, _, _ in effects) else tuple(f for _, _, f in effects)


def compile_effects(sc: Scenario, effects: tuple[model.Effect, ...], actor: str | None) -> Effects:
    """Each effect with its delay and its closure for `actor`."""
    return tuple((e.delay, e, effect(sc, e, actor)) for e in effects)


def _activation(sc: Scenario, m: Any) -> Eff | None:
    """What a modifier does when its rule card comes into force (None: it acts only while in force)."""
    if isinstance(m, (model.MandateMod, model.CapacityMod)):
        name, lim, amount = ("mandate", MANDATE, m.amount) if isinstance(m, model.MandateMod) else ("capacity", CAPACITY, m.delta)
        who, index = m.agency, sc.agency_index

        def f(s: Any) -> None:
            values = getattr(s, name)
            for a in s.in_play:
                if who in (None, a):
                    i = index[a]
                    values[i] = int(lim.clamp(values[i] + amount))
        return f
    return None


class Rules:
    """A scenario compiled for the fast path (`sim.fast.game` plays it); raises Unsupported for what it does not know."""

    def __init__(self, sc: Scenario):
        unknown = {f.name for f in attrs.fields(GameState)} - STATE_FIELDS
        if unknown:
            raise Unsupported(f"GameState.{sorted(unknown)[0]}")
        check_fields(sc, SCENARIO_FIELDS)
        for obj in (sc.scoring, sc.scoring.thresholds, *sc.agencies, *(a.kpi for a in sc.agencies), *sc.stressors):
            check_fields(obj)
        self.sc = sc
        self.n_agencies = len(sc.agencies)
        self.agency_index = sc.agency_index
        self.base_capacity = tuple(a.capacity for a in sc.agencies)
        self.full_capacity = tuple(int(CAPACITY.clamp(c + 0)) for c in self.base_capacity)
        self.cards = {c.id: CCard(sc, c) for c in sc.cards}
        self.hand = {a.id: tuple(self.cards[c.id] for c in sc.hand[a.id]) for a in sc.agencies}
        self.events = tuple(CEvent(sc, e) for e in sc.events)
        self.event_by_id = {e.id: e for e in self.events}
        # Per round: the events set for it, in file order (each still asks its conditions).
        self.events_in_round = {r: tuple(e for e in self.events if r in e.rounds) for r in {r for e in self.events for r in e.rounds}}
        self._seats: dict[tuple[str, ...], tuple[int, ...]] = {}
        self._capacities: dict[tuple[str, ...], tuple[int, ...]] = {}
        self.deck = tuple(e for e in self.events if e.deck > 0)
        self.triggers = tuple(e for e in self.events if e.trigger is not None)
        # The same, each with the flag its conditions need set (None: none needed): a flag not set rules the event
        # out without asking its closures. Conditions only read, so asking one of them first changes no answer.
        self.guarded_deck = tuple((e, e.id, e.deck, e.cond, _needed_flag(e.event.conditions)) for e in self.deck)
        self.guarded_triggers = tuple((e, e.id, e.once, e.trigger, _needed_flag(e.event.trigger)) for e in self.triggers)
        self._loads: dict[tuple[int, ...], tuple[float, int, int, int]] = {}
        self.passes = {a.id: Pass(a.id) for a in sc.agencies}
        self._rule_cards(sc)
        for cc in self.cards.values():
            cc.seal()
        # Per agency: the terms of its hand, and of its cards for the Overleg (joint and rule cards), in hand order.
        self.acties_terms = {a: tuple(cc.terms for cc in hand) for a, hand in self.hand.items()}
        self.overleg_terms = {a: tuple(cc.terms for cc in hand if cc.overleg) for a, hand in self.hand.items()}
        self._sharing(sc)
        self._pending: dict[tuple[int, str | None], tuple[model.Effect, Eff]] = {}
        holders: list[tuple[str | None, Effects]] = [(c.agency, c.effects) for c in self.cards.values()]
        holders += [(e.responder, e.effects) for e in self.events]
        for actor, effects in holders:
            for _, e, f in effects:
                self._pending[(id(e), actor)] = (e, f)
        t = sc.scoring.thresholds
        self.crisis, self.stable_stress, self.stable_leg, self.stable_rounds = t.crisis, t.stable_stress, t.stable_leg, t.stable_rounds
        self.stress_crisis_cost = sc.scoring.stress_crisis_cost
        self.stress_crisis_amount = sc.scoring.crisis_costs.get(sc.scoring.stress_crisis_cost or "", 0.0)
        self.min_weight = sc.scoring.min_weight
        self.rounds = sc.rounds
        self._verwerking_terms(sc)

    def _rule_cards(self, sc: Scenario) -> None:
        """Per rule card: the capacity it adds each round, the bonuses of a crossing; per card and event, which rules touch it."""
        self.capacity_bonus: dict[str, tuple[int, ...]] = {}
        self.bonuses: dict[str, tuple[tuple[float, float], ...]] = {}
        for rid, mods in sc.rule_modifiers.items():
            self.capacity_bonus[rid] = tuple(sum(m.delta for m in mods.capacity if m.agency in (None, a.id)) for a in sc.agencies)
            self.bonuses[rid] = tuple((m.trust, m.stress) for m in mods.boundary_bonus)
            for cc in self.cards.values():
                delta = [m.delta for m in mods.cost if selected(m.cards, cc.card)]
                if delta:
                    cc.cost_by_rule[rid] = sum(delta)
                if any(selected(m.cards, cc.card) for m in mods.no_delay):
                    cc.no_delay_by = cc.no_delay_by | {rid}
                if any(selected(m.cards, cc.card) for m in mods.forbid):
                    cc.forbidden_by = cc.forbidden_by | {rid}
            for ce in self.events:
                if any(m.tag in ce.event.tags for m in mods.cancel_events):
                    ce.cancel_by = ce.cancel_by | {rid}

    def _sharing(self, sc: Scenario) -> None:
        """What sharing costs each agency, with its effects (applied at once) and the reveal of each stressor."""
        self.sharing = sc.sharing is not None
        if sc.sharing is not None:
            check_fields(sc.sharing)
            for terms in sc.sharing.agencies.values():
                check_fields(terms)
        self.share_terms: dict[str, tuple[int, int, tuple[Eff, ...]]] = {}
        for a in sc.agencies:
            terms = (sc.sharing or model.Sharing()).terms(a.id)
            self.share_terms[a.id] = (terms.cost, terms.mandate, tuple(effect(sc, e, a.id) for e in terms.effects))
        self.reveal = tuple(effect(sc, model.RevealEffect(s.id), None) for s in sc.stressors)
        self.stressor_ids = tuple(s.id for s in sc.stressors)
        # Every share made once (frozen values, equal by value): per agency, per stressor, per receiver (None: the table).
        receivers: tuple[str | None, ...] = (*(a.id for a in sc.agencies), None)
        self.share_moves = {a.id: tuple({to: Share(a.id, sid, to) for to in receivers if to != a.id} for sid in self.stressor_ids)
                            for a in sc.agencies}

    def _verwerking_terms(self, sc: Scenario) -> None:
        s = sc.scoring
        self.work = tuple((st.weight, LEG_INDEX[st.leg]) for st in sc.stressors)
        self.erosion, self.recovery, self.per_severity, self.buffer = -s.erosion, s.recovery, s.stress_per_severity, s.buffer

    def stressor_work(self, severity: list[int], legs: Any, stress: float) -> tuple[list[float], float]:
        """`sim.core.scoring.stressor_work`, step for step: the legs after the stressors' work, and the stress after.

        `min(hi, max(lo, x))` is written out as the builtins decide it (`max` keeps `lo` unless `x > lo`, `min`
        keeps `hi` unless the value is below it), so even a NaN or a signed zero comes out the same.
        """
        key = tuple(severity)
        hit = self._loads.get(key)
        if hit is None:  # the stressors' load, which only severity moves: worked out once per set of severities
            load = 0.0
            per_leg = [0, 0, 0]
            for (weight, leg), sev in zip(self.work, severity):
                load += weight * sev
                per_leg[leg] += sev
            if len(self._loads) >= LOAD_MEMO:
                self._loads.clear()
            hit = self._loads[key] = (load, per_leg[0], per_leg[1], per_leg[2])
        load, p0, p1, p2 = hit
        erosion, recovery, lo, hi = self.erosion, self.recovery, LEG.lo, LEG.hi
        v = legs[0] + (erosion * p0 if p0 else recovery)
        v = v if v > lo else lo
        a = v if v < hi else hi
        v = legs[1] + (erosion * p1 if p1 else recovery)
        v = v if v > lo else lo
        b = v if v < hi else hi
        v = legs[2] + (erosion * p2 if p2 else recovery)
        v = v if v > lo else lo
        c = v if v < hi else hi
        w = self.min_weight
        low = a if a < b and a < c else min(c, b)
        index = (1.0 - w) * (a + b + c) / 3.0 + w * low
        v = stress + self.per_severity * load - self.buffer * index
        v = v if v > STRESS.lo else STRESS.lo
        return [a, b, c], v if v < STRESS.hi else STRESS.hi

    def pending_effect(self, eff: model.Effect, actor: str | None) -> Eff:
        """The closure of an effect that was on a waiting list (compiled on first sight)."""
        hit = self._pending.get((id(eff), actor))
        if hit is None or hit[0] is not eff:
            hit = (eff, effect(self.sc, eff, actor))
            self._pending[(id(eff), actor)] = hit
        return hit[1]

    def seats(self, in_play: tuple[str, ...]) -> tuple[int, ...]:
        """The indices of the agencies at the table, in their order."""
        hit = self._seats.get(in_play)
        if hit is None:
            hit = self._seats[in_play] = tuple(self.agency_index[a] for a in in_play)
        return hit

    def capacities(self, rules: list[Any]) -> tuple[int, ...]:
        """Every agency's `capacity_of` with `rules` in force (worked out once per set of rule cards in force)."""
        key = tuple(r.card for r in rules)
        hit = self._capacities.get(key)
        if hit is None:
            if len(self._capacities) >= CAPACITY_MEMO:
                self._capacities.clear()
            hit = self._capacities[key] = tuple(self.capacity_of(rules, i) for i in range(self.n_agencies))
        return hit

    def capacity_of(self, rules: list[Any], i: int) -> int:
        """Agency `i`'s capacity at the start of a round with `rules` in force."""
        if not rules:
            return self.full_capacity[i]
        bonus = 0
        for r in rules:
            b = self.capacity_bonus.get(r.card)
            if b is not None:
                bonus += b[i]
        return int(CAPACITY.clamp(self.base_capacity[i] + bonus))


__all__ = ["CCard", "CEvent", "Rules", "Unsupported"]
