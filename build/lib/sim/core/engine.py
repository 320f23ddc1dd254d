"""The rules engine: `new_game`, `legal_actions`, `apply`, `why_not`, `is_over`, `outcome`.

`apply(state, action)` is pure: it copies the state into a mutable draft,
applies the action there and freezes the draft into a new `GameState`, leaving
its input untouched. Every condition, effect and modifier kind of
`sim.core.model` is implemented exactly once in this module.

Chance: all of it comes from one numpy Generator seeded with the game's seed,
which draws the game's chance numbers up front (one per round, for the event
deck) into the state; so a state plus an action always gives the same next
state, and a game record (scenario, seed, actions) replays exactly.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import math

import numpy as np

from sim.core import model
from sim.core.model import AgencyId, Card, CardType, Scenario
from sim.core.reasons import Reason
from sim.core.scoring import stability_index, stressor_work
from sim.core.state import (
    Action,
    ActiveRule,
    Adjust,
    Change,
    EMPTY,
    Crossing,
    FrozenDict,
    GameState,
    InjectEvent,
    JointAction,
    LogEntry,
    NextPhase,
    Outcome,
    Pass,
    Pending,
    Phase,
    PlayCard,
    Snapshot,
)


class IllegalActionError(ValueError):
    """An action that the rules do not allow now; `reason` says why."""

    def __init__(self, reason: Reason):
        self.reason = reason
        super().__init__(str(reason))


ADJUSTABLE = ("stress", "leg", "stressor", "trust", "kpi", "mandate", "capacity")


# ---------------------------------------------------------------------------
# The draft: a mutable working copy used inside one `apply`.
# ---------------------------------------------------------------------------


class _Draft:
    """Mutable copy of a GameState; `freeze()` returns the new frozen state."""

    __slots__ = (
        "sc", "base", "seed", "round", "phase", "turn", "in_play", "stress", "legs", "severity", "known", "trust",
        "capacity", "mandate", "kpi", "euros", "flags", "plays", "played_this_round", "rules", "pending",
        "queued", "fired", "drawn", "round_events", "stable_streak", "crisis_costs", "outcome",
        "end_reason", "crossings", "joints", "history", "log", "actions", "changes",
    )

    def __init__(self, sc: Scenario, st: GameState):
        self.sc = sc
        self.base = st
        self.seed = st.seed
        self.round = st.round
        self.phase = st.phase
        self.turn = st.turn
        self.in_play = st.in_play
        self.stress = st.stress
        self.legs = list(st.legs)
        self.severity = list(st.severity)
        self.known = list(st.known)
        self.trust = list(st.trust)
        self.capacity = list(st.capacity)
        self.mandate = list(st.mandate)
        self.kpi = list(st.kpi)
        self.euros = list(st.euros)
        self.flags = dict(st.flags)
        self.plays = dict(st.plays)
        self.played_this_round = set(st.played_this_round)
        self.rules = list(st.rules)
        self.pending = list(st.pending)
        self.queued = list(st.queued)
        self.fired = set(st.fired)
        self.drawn = dict(st.drawn)
        self.round_events = list(st.round_events)
        self.stable_streak = st.stable_streak
        self.crisis_costs = list(st.crisis_costs)
        self.outcome = st.outcome
        self.end_reason = st.end_reason
        self.crossings: list = []  # new items only; freeze() appends them to the state's tuple
        self.joints: list = []  # new items only; freeze() appends them to the state's tuple
        self.history: list = []  # new items only; freeze() appends them to the state's tuple
        self.log: list = []  # new items only; freeze() appends them to the state's tuple
        self.actions: list = []  # new items only; freeze() appends them to the state's tuple
        self.changes: list[Change] = []

    def close(self) -> None:
        """When the game ended during this step: say so in the log and keep a last snapshot."""
        if self.outcome is not None and self.base.outcome is None:
            last = self.history[-1] if self.history else self.base.history[-1] if self.base.history else None
            if last is None or last.round != self.round:
                self.history.append(_snapshot(self))
            self.note("log.end", ref=self.outcome.value)

    def freeze(self) -> GameState:
        st = self.base
        return GameState(
            seed=self.seed,
            quiet=st.quiet,
            chance=st.chance,
            round=self.round,
            phase=self.phase,
            turn=self.turn,
            in_play=self.in_play,
            stress=self.stress,
            legs=tuple(self.legs),  # type: ignore[arg-type]
            severity=tuple(self.severity),
            known=tuple(self.known),
            trust=tuple(self.trust),
            capacity=tuple(self.capacity),
            mandate=tuple(self.mandate),
            kpi=tuple(self.kpi),
            euros=tuple(self.euros),
            flags=FrozenDict(self.flags),
            plays=FrozenDict(self.plays),
            played_this_round=frozenset(self.played_this_round),
            rules=tuple(self.rules),
            pending=tuple(self.pending),
            queued=tuple(self.queued),
            fired=frozenset(self.fired),
            drawn=FrozenDict(self.drawn),
            round_events=tuple(self.round_events),
            stable_streak=self.stable_streak,
            crisis_costs=tuple(self.crisis_costs),
            outcome=self.outcome,
            end_reason=self.end_reason,
            crossings=st.crossings + tuple(self.crossings) if self.crossings else st.crossings,
            joints=st.joints + tuple(self.joints) if self.joints else st.joints,
            history=st.history + tuple(self.history) if self.history else st.history,
            log=st.log + tuple(self.log) if self.log else st.log,
            actions=st.actions + tuple(self.actions) if self.actions else st.actions,
        )

    # -- bookkeeping ------------------------------------------------------
    def note(self, kind: str, agency: AgencyId | None = None, ref: str | None = None, note: str | None = None) -> None:
        """Close the current group of changes into a log line (a quiet game keeps only which cards were played when)."""
        if not self.base.quiet:
            self.log.append(LogEntry(self.round, self.phase, kind, agency, ref, tuple(self.changes), note))
            self.changes = []
        elif kind in _PLAY_KINDS:
            self.log.append(LogEntry(self.round, self.phase, kind, agency, ref))

    def change(self, figure: str, key: str | None, before: float, after: float) -> None:
        if before != after and not self.base.quiet:
            self.changes.append(Change(figure, key, before, after))

    def ai(self, agency: AgencyId) -> int:
        return self.sc.agency_index[agency]

    def end(self, outcome: Outcome, reason: str) -> None:
        if self.outcome is None:
            self.outcome = outcome
            self.end_reason = reason
            self.phase = Phase.EINDE


_PLAY_KINDS = frozenset({"log.card", "log.joint", "log.rule"})


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


# ---------------------------------------------------------------------------
# Conditions: each kind once. `_cond_reason` returns None when it holds.
# ---------------------------------------------------------------------------


def _bounds(value: float, lo: float | None, hi: float | None, low_key: str, high_key: str,
            ref_kind: str | None = None, ref_id: str | None = None) -> Reason | None:
    """None when lo <= value <= hi; else the reason, naming the scenario object `ref_kind:ref_id`."""
    if lo is not None and value < lo:
        key, params = low_key, {"have": _fmt(value), "min": _fmt(lo)}
    elif hi is not None and value > hi:
        key, params = high_key, {"have": _fmt(value), "max": _fmt(hi)}
    else:
        return None
    if ref_kind is not None:
        params[ref_kind] = (ref_kind, ref_id)
    return Reason(key, params)


def _fmt(x: float) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _c_stressor(sc: Scenario, st, c: model.StressorCond, actor) -> Reason | None:
    sev = st.severity[sc.stressor_index[c.stressor]]
    return _bounds(sev, c.min, c.max, "why.stressor_too_low", "why.stressor_too_high", "stressor", c.stressor)


def _c_known(sc: Scenario, st, c: model.KnownCond, actor) -> Reason | None:
    if st.known[sc.stressor_index[c.stressor]] == c.known:
        return None
    return Reason("why.stressor_hidden" if c.known else "why.stressor_known", {"stressor": ("stressor", c.stressor)})


def _c_trust(sc: Scenario, st, c: model.TrustCond, actor) -> Reason | None:
    agency = c.agency or actor or sc.agencies[0].id
    value = st.trust[sc.agency_index[agency]]
    return _bounds(value, c.min, c.max, "why.trust_too_low", "why.trust_too_high", "agency", agency)


def _c_flag(sc: Scenario, st, c: model.FlagCond, actor) -> Reason | None:
    since = st.flags.get(c.flag)
    if not c.set:
        return None if since is None else Reason("why.flag_present", {"flag": ("flag", c.flag)})
    if since is None:
        return Reason("why.flag_missing", {"flag": ("flag", c.flag)})
    if st.round - since < c.rounds:
        return Reason("why.flag_too_recent", {"flag": ("flag", c.flag), "rounds": c.rounds})
    return None


def _c_stress(sc: Scenario, st, c: model.StressCond, actor) -> Reason | None:
    return _bounds(round(st.stress, 1), c.min, c.max, "why.stress_too_low", "why.stress_too_high")


def _c_round(sc: Scenario, st, c: model.RoundCond, actor) -> Reason | None:
    return _bounds(st.round, c.min, c.max, "why.round_too_early", "why.round_too_late")


def _c_leg(sc: Scenario, st, c: model.LegCond, actor) -> Reason | None:
    value = round(st.legs[_LEG_INDEX[c.leg]], 1)
    return _bounds(value, c.min, c.max, "why.leg_too_low", "why.leg_too_high", "leg", c.leg.value)


def _c_partner(sc: Scenario, st, c: model.PartnerCond, actor) -> Reason | None:
    if c.agency not in st.in_play:
        return Reason("why.partner_absent", {"agency": ("agency", c.agency)})
    have = st.capacity[sc.agency_index[c.agency]]
    if have < c.min:
        return Reason("why.partner_busy", {"agency": ("agency", c.agency), "need": c.min, "have": have})
    return None


def _c_rule_active(sc: Scenario, st, c: model.RuleActiveCond, actor) -> Reason | None:
    if any(r.card == c.card for r in st.rules) == c.active:
        return None
    return Reason("why.rule_inactive" if c.active else "why.rule_active", {"card": ("card", c.card)})


_LEG_INDEX = {leg: i for i, leg in enumerate(model.LEGS)}

_CONDITIONS = {
    model.StressorCond: _c_stressor,
    model.KnownCond: _c_known,
    model.TrustCond: _c_trust,
    model.FlagCond: _c_flag,
    model.StressCond: _c_stress,
    model.RoundCond: _c_round,
    model.LegCond: _c_leg,
    model.PartnerCond: _c_partner,
    model.RuleActiveCond: _c_rule_active,
}
assert set(_CONDITIONS) == set(model.CONDITION_KINDS.values()), "every condition kind needs its implementation"


def _cond_reason(sc: Scenario, st: GameState | _Draft, cond: model.Condition, actor: AgencyId | None) -> Reason | None:
    """None when `cond` holds for `actor`; else why not."""
    return _CONDITIONS[type(cond)](sc, st, cond, actor)


def _all_hold(sc: Scenario, st: GameState | _Draft, conds: Iterable[model.Condition], actor: AgencyId | None) -> bool:
    return all(_cond_reason(sc, st, c, actor) is None for c in conds)


# ---------------------------------------------------------------------------
# Effects: each kind once.
# ---------------------------------------------------------------------------


def _apply_effect(d: _Draft, eff: model.Effect, actor: AgencyId | None) -> None:
    sc = d.sc
    if isinstance(eff, model.StressorEffect):
        i = sc.stressor_index[eff.stressor]
        before = d.severity[i]
        d.severity[i] = int(_clamp(before + eff.delta, 0, 3))
        d.change("stressor", eff.stressor, before, d.severity[i])
    elif isinstance(eff, model.RevealEffect):
        i = sc.stressor_index[eff.stressor]
        if not d.known[i]:
            d.known[i] = True
            d.change("reveal", eff.stressor, 0, 1)
    elif isinstance(eff, model.LegEffect):
        i = model.LEGS.index(eff.leg)
        before = d.legs[i]
        d.legs[i] = _clamp(before + eff.delta, 0.0, 10.0)
        d.change("leg", eff.leg.value, before, d.legs[i])
    elif isinstance(eff, model.StressEffect):
        before = d.stress
        d.stress = _clamp(before + eff.delta, 0.0, 100.0)
        d.change("stress", None, before, d.stress)
    elif isinstance(eff, model.TrustEffect):
        agency = eff.agency or actor
        if agency is None:
            return
        i = d.ai(agency)
        before = d.trust[i]
        d.trust[i] = _clamp(before + eff.delta, 0.0, 10.0)
        d.change("trust", agency, before, d.trust[i])
    elif isinstance(eff, model.FlagEffect):
        was = eff.flag in d.flags
        if eff.set and not was:
            d.flags[eff.flag] = d.round
            d.change("flag", eff.flag, 0, 1)
        elif not eff.set and was:
            del d.flags[eff.flag]
            d.change("flag", eff.flag, 1, 0)
    elif isinstance(eff, model.EurosEffect):
        _agency_figure(d, "euros", eff.agency or actor, eff.amount)
    elif isinstance(eff, model.KpiEffect):
        _agency_figure(d, "kpi", eff.agency or actor, eff.delta)
    elif isinstance(eff, model.MandateEffect):
        _agency_figure(d, "mandate", eff.agency or actor, eff.delta, low=0)
    elif isinstance(eff, model.CrisisEffect):
        amount = sc.scoring.crisis_costs.get(eff.cost, 0.0)
        d.crisis_costs.append((eff.cost, amount))
        d.change("crisis", eff.cost, 0, amount)
        d.end(Outcome.CRISIS, eff.cost)
    else:  # pragma: no cover - the loader admits only known kinds
        raise TypeError(f"unknown effect {eff!r}")


def _agency_figure(d: _Draft, figure: str, agency: AgencyId | None, delta: float, low: float | None = None) -> None:
    """Move one agency's euros, KPI or mandaat by `delta` (not below `low`), and note the change."""
    if agency is None:  # an event without a responder names no agency: nothing to change
        return
    values = getattr(d, figure)
    i = d.ai(agency)
    before = values[i]
    after = before + delta
    values[i] = after if low is None else max(low, after)
    d.change(figure, agency, before, values[i])


def _run_effects(d: _Draft, effects: Iterable[model.Effect], actor: AgencyId | None, source: str, no_delay: bool = False) -> None:
    for eff in effects:
        if eff.delay and not no_delay:
            d.pending.append(Pending(d.round + eff.delay, eff, actor, source))
        else:
            _apply_effect(d, eff, actor)


# ---------------------------------------------------------------------------
# Rule modifiers: each kind once.
# ---------------------------------------------------------------------------


def _selects(sel: model.Selector, card: Card) -> bool:
    return (
        (sel.card is None or sel.card == card.id)
        and (sel.agency is None or sel.agency == card.agency)
        and (sel.type is None or sel.type is card.type)
        and (sel.tag is None or sel.tag in card.tags)
    )


def _modifiers(sc: Scenario, rules: Sequence[ActiveRule]) -> tuple[model.Modifier, ...]:
    """Every modifier of the rules in force (cached per set of rule cards: asked for on every move)."""
    if not rules:
        return ()
    key = tuple(r.card for r in rules)
    mods = sc.modifier_cache.get(key)
    if mods is None:
        mods = sc.modifier_cache[key] = tuple(m for card in key for m in sc.card_by_id[card].modifiers)
    return mods


def _cost_mods(sc: Scenario, rules: Sequence[ActiveRule]) -> list[model.CostMod]:
    return [m for m in _modifiers(sc, rules) if isinstance(m, model.CostMod)]


def card_cost(sc: Scenario, st: GameState | _Draft, card: Card, cost_mods: list[model.CostMod] | None = None) -> int:
    """The capacity a card costs now, after cost modifiers of rules in force."""
    cost = card.cost
    for m in _cost_mods(sc, st.rules) if cost_mods is None else cost_mods:
        if _selects(m.cards, card):
            cost += m.delta
    return max(0, cost)


def _no_delay(sc: Scenario, rules: Iterable[ActiveRule], card: Card) -> bool:
    return any(isinstance(m, model.NoDelayMod) and _selects(m.cards, card) for m in _modifiers(sc, rules))


def _cancelled(sc: Scenario, rules: Iterable[ActiveRule], event: model.Event) -> bool:
    return any(isinstance(m, model.CancelEventsMod) and m.tag in event.tags for m in _modifiers(sc, rules))


def _capacity_bonus(sc: Scenario, rules: Iterable[ActiveRule], agency: AgencyId) -> int:
    return sum(
        m.delta for m in _modifiers(sc, rules) if isinstance(m, model.CapacityMod) and m.agency in (None, agency)
    )


def _activate_rule(d: _Draft, card: Card, agency: AgencyId) -> None:
    until = None if card.duration is None else d.round + card.duration - 1
    d.rules.append(ActiveRule(card.id, agency, d.round, until))
    for m in card.modifiers:
        if isinstance(m, model.MandateMod):
            for a in d.in_play:
                if m.agency in (None, a):
                    i = d.ai(a)
                    d.change("mandate", a, d.mandate[i], d.mandate[i] + m.amount)
                    d.mandate[i] += m.amount
        elif isinstance(m, model.CapacityMod):
            for a in d.in_play:
                if m.agency in (None, a):
                    i = d.ai(a)
                    after = max(0, d.capacity[i] + m.delta)
                    d.change("capacity", a, d.capacity[i], after)
                    d.capacity[i] = after


def _lowers_stress(card: Card) -> bool:
    return any(
        isinstance(e, (model.StressEffect, model.StressorEffect)) and e.delta < 0 for e in card.effects
    )


# ---------------------------------------------------------------------------
# Rounds: event phase and Verwerking.
# ---------------------------------------------------------------------------


def _fire_event(d: _Draft, event: model.Event, kind: str = "log.event") -> None:
    d.round_events.append(event.id)
    if _cancelled(d.sc, d.rules, event):
        d.note("log.event_cancelled", event.responder, event.id)
        return
    _run_effects(d, event.effects, event.responder, event.id)
    d.note(kind, event.responder, event.id)


def _start_round(d: _Draft, rnd: int) -> None:
    sc = d.sc
    d.round = rnd
    d.phase = Phase.GEBEURTENIS
    d.turn = 0
    d.round_events = []
    d.played_this_round = set()
    for r in [r for r in d.rules if r.until is not None and r.until < rnd]:
        d.rules.remove(r)
        d.note("log.rule_expired", r.agency, r.card)
    for a in d.in_play:
        i = d.ai(a)
        d.capacity[i] = max(0, sc.agencies[i].capacity + _capacity_bonus(sc, d.rules, a))
    d.note("log.start")
    # Triggered last round, then scheduled, then one drawn from the deck.
    queued, d.queued = d.queued, []
    for eid in queued:
        if d.outcome is None:
            _fire_event(d, sc.event_by_id[eid])
    for event in sc.events:
        if d.outcome is None and rnd in event.rounds:
            if _all_hold(sc, d, event.conditions, event.responder):
                _fire_event(d, event)
            else:
                d.note("log.event_skipped", event.responder, event.id)
    if d.outcome is None:
        _draw_event(d)
    _check_crisis(d)


def _draw_event(d: _Draft) -> None:
    sc = d.sc
    candidates = []
    weights = []
    for event in sc.events:
        left = event.deck - d.drawn.get(event.id, 0)
        if left > 0 and _all_hold(sc, d, event.conditions, event.responder):
            candidates.append(event)
            weights.append(left)
    if not candidates:
        return
    # The round's uniform number, then a walk over the copies left.
    target = d.base.chance[(d.round - 1) % len(d.base.chance)] * sum(weights)
    pick = 0
    while pick < len(weights) - 1 and target >= weights[pick]:
        target -= weights[pick]
        pick += 1
    event = candidates[pick]
    d.drawn[event.id] = d.drawn.get(event.id, 0) + 1
    _fire_event(d, event)


def _check_crisis(d: _Draft) -> None:
    if d.outcome is None and d.stress >= d.sc.scoring.thresholds.crisis:
        cost_key = d.sc.scoring.stress_crisis_cost
        if cost_key is not None:
            amount = d.sc.scoring.crisis_costs.get(cost_key, 0.0)
            d.crisis_costs.append((cost_key, amount))
        d.end(Outcome.CRISIS, "stress")


def _snapshot(d: _Draft) -> Snapshot:
    return Snapshot(
        round=d.round,
        stress=d.stress,
        legs=tuple(d.legs),  # type: ignore[arg-type]
        stability=stability_index(d.legs, d.sc.scoring.min_weight),
        severity=tuple(d.severity),
        known=tuple(d.known),
        trust=tuple(d.trust),
        euros=tuple(d.euros),
        kpi=tuple(d.kpi),
        mandate=tuple(d.mandate),
        crisis_cost=sum(v for _, v in d.crisis_costs),
    )


def _verwerking(d: _Draft) -> None:
    sc = d.sc
    s = sc.scoring
    d.phase = Phase.VERWERKING
    # 1. Waiting lists end.
    due = [p for p in d.pending if p.due <= d.round]
    d.pending = [p for p in d.pending if p.due > d.round]
    for p in due:
        _apply_effect(d, p.effect, p.agency)
        d.note("log.delayed", p.agency, p.source)
        if d.outcome is not None:
            return
    # 2. Stressors erode their legs (or legs recover); 3. stress moves.
    legs, stress = stressor_work(sc, d.severity, d.legs, d.stress)
    for i, leg in enumerate(model.LEGS):
        d.change("leg", leg.value, d.legs[i], legs[i])
    d.change("stress", None, d.stress, stress)
    d.legs, d.stress = list(legs), stress
    d.note("log.verwerking", ref=str(d.round))
    _check_crisis(d)
    # 4. Triggers queue for the next round.
    if d.outcome is None:
        for event in sc.events:
            if not event.trigger or event.id in d.queued or (event.once and event.id in d.fired):
                continue
            if _all_hold(sc, d, event.trigger, event.responder):
                d.queued.append(event.id)
                d.fired.add(event.id)
    d.history.append(_snapshot(d))
    if d.outcome is not None:
        return
    # 5. Stabilisation, or the last round.
    t = s.thresholds
    if d.stress <= t.stable_stress and min(d.legs) >= t.stable_leg:
        d.stable_streak += 1
    else:
        d.stable_streak = 0
    if d.stable_streak >= t.stable_rounds:
        d.end(Outcome.STABIEL, "stabilised")
    elif d.round >= sc.rounds:
        stable_now = d.stress <= t.stable_stress and min(d.legs) >= t.stable_leg
        d.end(Outcome.STABIEL if stable_now else Outcome.KWETSBAAR, "rounds")


# ---------------------------------------------------------------------------
# The rules API.
# ---------------------------------------------------------------------------


def new_game(sc: Scenario, seed: int = 0, in_play: Iterable[AgencyId] | None = None, quiet: bool = False) -> GameState:
    """The state at the start of round 1, its events already resolved; the seed is a whole number >= 0.

    A `quiet` game keeps no log (batch simulations: thousands of games nobody reads);
    its figures, snapshots and record are the same as a logged game's.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"a game's seed is a whole number of 0 or more, not {seed!r}")
    agencies = tuple(a.id for a in sc.agencies)
    play = agencies if in_play is None else tuple(a for a in agencies if a in set(in_play))
    p = sc.person
    # The game's one generator: every chance number the game will need, drawn up front,
    # so that `apply` stays a pure function of (state, action).
    chance = tuple(float(x) for x in np.random.default_rng(int(seed)).random(sc.rounds))
    st = GameState(
        seed=int(seed),
        quiet=bool(quiet),
        chance=chance,
        round=0,
        phase=Phase.GEBEURTENIS,
        turn=0,
        in_play=play,
        stress=float(p.stress),
        legs=tuple(float(x) for x in p.legs.as_tuple()),  # type: ignore[arg-type]
        severity=tuple(s.severity for s in sc.stressors),
        known=tuple(not s.hidden for s in sc.stressors),
        trust=tuple(float(p.trust.get(a.id, 5.0)) for a in sc.agencies),
        capacity=tuple(a.capacity for a in sc.agencies),
        mandate=tuple(a.mandate for a in sc.agencies),
        kpi=tuple(float(a.kpi.start) for a in sc.agencies),
        euros=tuple(0.0 for _ in sc.agencies),
        flags=FrozenDict((f, 0) for f in p.flags),
        plays=EMPTY,
        played_this_round=frozenset(),
        rules=(),
        pending=(),
        queued=(),
        fired=frozenset(),
        drawn=EMPTY,
        round_events=(),
        stable_streak=0,
        crisis_costs=(),
        outcome=None,
        end_reason=None,
        crossings=(),
        joints=(),
        history=(),
        log=(),
        actions=(),
    )
    d = _Draft(sc, st)
    d.history.append(_snapshot(d))
    _start_round(d, 1)
    d.close()
    return d.freeze()


def is_over(state: GameState) -> bool:
    """Whether the game has ended."""
    return state.outcome is not None


def outcome(state: GameState) -> Outcome | None:
    """The outcome (stabiel / kwetsbaar / crisis), or None while the game runs."""
    return state.outcome


def why_not(sc: Scenario, state: GameState, action: Action) -> Reason | None:
    """Why `action` cannot be applied now, in words a player understands; None when it can."""
    if state.outcome is not None:
        return Reason("why.game_over")
    if isinstance(action, PlayCard):
        return _why_not_card(sc, state, action)
    if isinstance(action, Pass):
        if state.phase is not Phase.ACTIES:
            return Reason("why.wrong_phase")
        if action.agency != state.active_agency:
            return Reason("why.not_your_turn", {"agency": ("agency", state.active_agency), "actor": ("agency", action.agency)})
        return None
    if isinstance(action, NextPhase):
        return None if state.phase in (Phase.GEBEURTENIS, Phase.OVERLEG) else Reason("why.not_legal")
    if isinstance(action, InjectEvent):
        return None if action.event in sc.event_by_id else Reason("why.unknown_event")
    if isinstance(action, Adjust):
        if action.figure not in ADJUSTABLE:
            return Reason("why.unknown_figure", {"figure": action.figure})
        valid = {
            "leg": [leg.value for leg in model.LEGS],
            "stressor": list(sc.stressor_index),
        }.get(action.figure, list(sc.agency_index) if action.figure in ("trust", "kpi", "mandate", "capacity") else [None])
        if action.key not in valid:
            return Reason("why.unknown_figure", {"figure": f"{action.figure}:{action.key}"})
        if isinstance(action.delta, bool) or not isinstance(action.delta, (int, float)) or not math.isfinite(action.delta):
            return Reason("why.bad_delta")
        if not isinstance(action.reason, str) or not action.reason.strip():
            return Reason("why.no_reason")
        return None
    return Reason("why.not_legal")


def _why_not_card(
    sc: Scenario,
    st: GameState,
    action: PlayCard,
    plays: dict[str, int] | None = None,
    cost_mods: list[model.CostMod] | None = None,
) -> Reason | None:
    """Why a card cannot be played; `plays` and `cost_mods` may be passed in precomputed."""
    card = sc.card_by_id.get(action.card)
    if card is None or card.agency != action.agency:
        return Reason("why.unknown_card")
    agency = card.agency
    if agency not in st.in_play:
        return Reason("why.not_in_play", {"agency": ("agency", agency)})
    if st.phase is Phase.OVERLEG:
        if card.type not in (CardType.JOINT, CardType.RULE):
            return Reason("why.overleg_only_joint")
    elif st.phase is Phase.ACTIES:
        if st.active_agency != agency:
            return Reason("why.not_your_turn", {"agency": ("agency", st.active_agency), "actor": ("agency", agency)})
    else:
        return Reason("why.wrong_phase")
    played = st.times_played(card.id) if plays is None else plays.get(card.id, 0)
    if card.max_plays and played >= card.max_plays:
        return Reason("why.used_up_once" if card.max_plays == 1 else "why.used_up", {"max": card.max_plays})
    if card.id in st.played_this_round:
        return Reason("why.played_this_round")
    i = sc.agency_index[agency]
    need = card_cost(sc, st, card, cost_mods)
    if st.capacity[i] < need:
        return Reason("why.no_capacity", {"need": need, "have": st.capacity[i]})
    if st.mandate[i] < card.mandate:
        return Reason("why.no_mandate", {"need": card.mandate, "have": st.mandate[i]})
    for partner in card.partners:
        if partner not in st.in_play:
            return Reason("why.partner_absent", {"agency": ("agency", partner)})
        have = st.capacity[sc.agency_index[partner]]
        if have < card.partner_cost:
            return Reason("why.partner_busy", {"agency": ("agency", partner), "need": card.partner_cost, "have": have})
    for cond in card.conditions:
        reason = _cond_reason(sc, st, cond, agency)
        if reason is not None:
            return reason
    return None


def legal_actions(sc: Scenario, state: GameState) -> list[Action]:
    """The player moves possible now (facilitator moves are always open and not listed)."""
    if state.outcome is not None:
        return []
    if state.phase is Phase.GEBEURTENIS:
        return [NextPhase()]
    plays = state.plays
    cost_mods = _cost_mods(sc, state.rules)
    moves: list[Action] = []
    if state.phase is Phase.OVERLEG:
        moves.append(NextPhase())
        for a in state.in_play:
            for card in sc.hand[a]:
                if card.type in (CardType.JOINT, CardType.RULE):
                    act = PlayCard(a, card.id)
                    if _why_not_card(sc, state, act, plays, cost_mods) is None:
                        moves.append(act)
        return moves
    agency = state.active_agency
    if agency is None:  # pragma: no cover - Acties always has an active agency
        return []
    # Fast path: the cheap necessary checks first (played this round, used up, mandaat, capacity);
    # `_why_not_card` stays the one definition of what is legal.
    i = sc.agency_index[agency]
    capacity, mandate, played = state.capacity[i], state.mandate[i], state.played_this_round
    for card in sc.hand[agency]:
        if card.id in played or card.mandate > mandate or (not cost_mods and card.cost > capacity):
            continue
        if card.max_plays and plays.get(card.id, 0) >= card.max_plays:
            continue
        act = PlayCard(agency, card.id)
        if _why_not_card(sc, state, act, plays, cost_mods) is None:
            moves.append(act)
    moves.append(Pass(agency))
    return moves


def apply(sc: Scenario, state: GameState, action: Action, trusted: bool = False) -> GameState:
    """The state after `action`; raises IllegalActionError (saying why) when it is not allowed.

    `trusted`: the caller took `action` from `legal_actions(sc, state)` just now, so
    the check is skipped (batch runs and look-ahead, which check every move already).
    """
    if not trusted:
        reason = why_not(sc, state, action)
        if reason is not None:
            raise IllegalActionError(reason)
    d = _Draft(sc, state)
    d.actions.append(action)
    if isinstance(action, PlayCard):
        _play(d, sc.card_by_id[action.card])
    elif isinstance(action, Pass):
        d.note("log.pass", action.agency)
        d.turn += 1
        if d.turn >= len(d.in_play):
            _verwerking(d)
            if d.outcome is None:
                _start_round(d, d.round + 1)
    elif isinstance(action, NextPhase):
        d.phase = Phase.OVERLEG if d.phase is Phase.GEBEURTENIS else Phase.ACTIES
        d.turn = 0
        d.note("log.phase", ref=d.phase.value)
        if d.phase is Phase.ACTIES and not d.in_play:
            _verwerking(d)
            if d.outcome is None:
                _start_round(d, d.round + 1)
    elif isinstance(action, InjectEvent):
        event = sc.event_by_id[action.event]
        if event.trigger and event.once:
            d.fired.add(event.id)  # brought in by hand, it will not also trigger by itself later
        if _cancelled(sc, d.rules, event):
            d.note("log.event_cancelled", event.responder, event.id)
        else:
            _run_effects(d, event.effects, event.responder, event.id)
            d.note("log.inject", event.responder, event.id)
        _check_crisis(d)
    elif isinstance(action, Adjust):
        _adjust(d, action)
        _check_crisis(d)
    d.close()
    return d.freeze()


def _play(d: _Draft, card: Card) -> None:
    sc = d.sc
    agency = card.agency
    i = d.ai(agency)
    cost = card_cost(sc, d, card)
    d.change("capacity", agency, d.capacity[i], d.capacity[i] - cost)
    d.capacity[i] -= cost
    if card.mandate:
        d.change("mandate", agency, d.mandate[i], d.mandate[i] - card.mandate)
        d.mandate[i] -= card.mandate
    for partner in dict.fromkeys(card.partners):  # a partner named twice still pays once
        j = d.ai(partner)
        d.change("capacity", partner, d.capacity[j], d.capacity[j] - card.partner_cost)
        d.capacity[j] -= card.partner_cost
    d.plays[card.id] = d.plays.get(card.id, 0) + 1
    d.played_this_round.add(card.id)
    stress_before = d.stress
    no_delay = _no_delay(sc, d.rules, card)
    if card.type is CardType.RULE:
        _activate_rule(d, card, agency)
    _run_effects(d, card.effects, agency, card.id, no_delay)
    if card.is_boundary:
        d.crossings.append(Crossing(d.round, agency, card.id, stress_before))
        if _lowers_stress(card):
            for m in _modifiers(sc, d.rules):
                if isinstance(m, model.BoundaryBonusMod):
                    if m.trust:
                        _apply_effect(d, model.TrustEffect(m.trust), agency)
                    if m.stress:
                        _apply_effect(d, model.StressEffect(m.stress), agency)
    if card.partners:
        d.joints.append(JointAction(d.round, card.id, (agency, *card.partners)))
        d.note("log.joint", agency, card.id)
    elif card.type is CardType.RULE:
        d.note("log.rule", agency, card.id)
    else:
        d.note("log.card", agency, card.id)
    _check_crisis(d)


def _adjust(d: _Draft, a: Adjust) -> None:
    sc = d.sc
    if a.figure == "stress":
        _apply_effect(d, model.StressEffect(a.delta), None)
    elif a.figure == "leg":
        _apply_effect(d, model.LegEffect(model.Leg(a.key), a.delta), None)
    elif a.figure == "stressor":
        _apply_effect(d, model.StressorEffect(a.key, int(round(a.delta))), None)  # type: ignore[arg-type]
    elif a.figure == "trust":
        _apply_effect(d, model.TrustEffect(a.delta, a.key), None)
    elif a.figure == "kpi":
        _apply_effect(d, model.KpiEffect(a.delta, a.key), None)
    elif a.figure == "mandate":
        _apply_effect(d, model.MandateEffect(int(round(a.delta)), a.key), None)
    elif a.figure == "capacity":
        i = sc.agency_index[a.key]  # type: ignore[index]
        before = d.capacity[i]
        d.capacity[i] = max(0, before + int(round(a.delta)))
        d.change("capacity", a.key, before, d.capacity[i])
    d.note("log.adjust", ref=a.figure, note=a.reason)


def replay(sc: Scenario, seed: int, actions: Iterable[Action], in_play: Iterable[AgencyId] | None = None) -> GameState:
    """Fold `apply` over a list of actions from a new game."""
    state = new_game(sc, seed, in_play)
    for action in actions:
        state = apply(sc, state, action)
    return state


__all__ = [
    "ADJUSTABLE",
    "IllegalActionError",
    "apply",
    "card_cost",
    "is_over",
    "legal_actions",
    "new_game",
    "outcome",
    "replay",
    "why_not",
]
