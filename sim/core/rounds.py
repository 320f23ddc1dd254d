"""The round's own steps: the event phase (queued, scheduled and drawn events) and the Verwerking.

Chance: the event deck draws with the round's number from `GameState.chance`,
drawn up front from the game's one seeded generator, so a state plus an
action always gives the same next state.
"""

from __future__ import annotations

from sim.core import conditions, effects, modifiers
from sim.core.draft import Draft, snapshot
from sim.core.limits import CAPACITY
from sim.core.model import LEGS, Event
from sim.core.scoring import stressor_work
from sim.core.state import Figure, LogKind, Outcome, Phase


def fire_event(d: Draft, event: Event) -> None:
    """An event happens now (unless a rule in force cancels it)."""
    d.round_events.append(event.id)
    if modifiers.cancelled(d.sc, d.rules, event):
        d.note(LogKind.EVENT_CANCELLED, event.responder, event.id)
        return
    effects.run(d, event.effects, event.responder, event.id)
    d.note(LogKind.EVENT, event.responder, event.id)


def start_round(d: Draft, rnd: int) -> None:
    """Round `rnd` begins: rules expire, capacity refills, and its events happen."""
    sc = d.sc
    d.round = rnd
    d.phase = Phase.GEBEURTENIS
    d.turn = 0
    d.round_events = []
    d.played_this_round = set()
    for r in [r for r in d.rules if r.until is not None and r.until < rnd]:
        d.rules.remove(r)
        d.note(LogKind.RULE_EXPIRED, r.agency, r.card)
    for a in d.in_play:
        i = d.ai(a)
        d.capacity[i] = int(CAPACITY.clamp(sc.agencies[i].capacity + modifiers.capacity_bonus(sc, d.rules, a)))
    d.note(LogKind.START)
    # Triggered last round, then scheduled, then one drawn from the deck.
    queued, d.queued = d.queued, []
    for eid in queued:
        if d.outcome is None:
            fire_event(d, sc.event_by_id[eid])
    for event in sc.events:
        if d.outcome is None and rnd in event.rounds:
            if conditions.all_hold(sc, d, event.conditions, event.responder):
                fire_event(d, event)
            else:
                d.note(LogKind.EVENT_SKIPPED, event.responder, event.id)
    if d.outcome is None:
        _draw_event(d)
    check_crisis(d)


def _draw_event(d: Draft) -> None:
    sc = d.sc
    candidates = []
    weights = []
    for event in sc.events:
        left = event.deck - d.drawn.get(event.id, 0)
        if left > 0 and conditions.all_hold(sc, d, event.conditions, event.responder):
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
    fire_event(d, event)


def check_crisis(d: Draft) -> None:
    """End the game in crisis when stress has reached the crisis level."""
    if d.outcome is None and d.stress >= d.sc.scoring.thresholds.crisis:
        cost_key = d.sc.scoring.stress_crisis_cost
        if cost_key is not None:
            amount = d.sc.scoring.crisis_costs.get(cost_key, 0.0)
            d.crisis_costs.append((cost_key, amount))
        d.end(Outcome.CRISIS, "stress")


def verwerking(d: Draft) -> None:
    """The Verwerking: waiting lists end, stressors work, triggers queue, and maybe the game ends."""
    sc = d.sc
    d.phase = Phase.VERWERKING
    # 1. Waiting lists end.
    due = [p for p in d.pending if p.due <= d.round]
    d.pending = [p for p in d.pending if p.due > d.round]
    for p in due:
        effects.apply_effect(d, p.effect, p.agency)
        d.note(LogKind.DELAYED, p.agency, p.source)
        if d.outcome is not None:
            return
    # 2. Stressors erode their legs (or legs recover); 3. stress moves.
    legs, stress = stressor_work(sc, d.severity, d.legs, d.stress)
    for i, leg in enumerate(LEGS):
        d.change(Figure.LEG, leg.value, d.legs[i], legs[i])
    d.change(Figure.STRESS, None, d.stress, stress)
    d.legs, d.stress = list(legs), stress
    d.note(LogKind.VERWERKING, ref=str(d.round))
    check_crisis(d)
    # 4. Triggers queue for the next round.
    if d.outcome is None:
        for event in sc.events:
            if not event.trigger or event.id in d.queued or (event.once and event.id in d.fired):
                continue
            if conditions.all_hold(sc, d, event.trigger, event.responder):
                d.queued.append(event.id)
                d.fired.add(event.id)
    d.history.append(snapshot(d))
    if d.outcome is not None:
        return
    _settle(d)


def _settle(d: Draft) -> None:
    """5. Stabilisation, or the last round."""
    t = d.sc.scoring.thresholds
    stable_now = d.stress <= t.stable_stress and min(d.legs) >= t.stable_leg
    d.stable_streak = d.stable_streak + 1 if stable_now else 0
    if d.stable_streak >= t.stable_rounds:
        d.end(Outcome.STABIEL, "stabilised")
    elif d.round >= d.sc.rounds:
        d.end(Outcome.STABIEL if stable_now else Outcome.KWETSBAAR, "rounds")


__all__ = ["check_crisis", "fire_event", "start_round", "verwerking"]
