"""The rules API: `new_game`, `legal_actions`, `apply`, `why_not`, `is_over`, `outcome`, `replay`.

`apply(state, action)` is pure: it copies the state into a mutable draft
(`sim.core.draft`), applies the action there and freezes the draft into a new
`GameState`, leaving its input untouched. Each kind of the model is
implemented once, in one table per concern: conditions (`sim.core.conditions`),
effects (`sim.core.effects`), rule modifiers (`sim.core.modifiers`); the
round's steps are in `sim.core.rounds`; what may be done now in `sim.core.legal`.

Chance: all of it comes from one numpy Generator seeded with the game's seed,
which draws the game's chance numbers up front (one per round, for the event
deck) into the state; so a state plus an action always gives the same next
state, and a game record (scenario, seed, actions) replays exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from sim.core import effects, model, modifiers, rounds
from sim.core.draft import Draft, snapshot
from sim.core.kinds import check_exhaustive
from sim.core.legal import (
    ACTION_KINDS,
    ADJUSTABLE,
    IllegalActionError,
    legal_actions,
    share_terms,
    why_not,
)
from sim.core.limits import CAPACITY, DEFAULT_TRUST
from sim.core.model import AgencyId, Card, CardType, Scenario
from sim.core.modifiers import card_cost
from sim.core.state import (
    Action,
    Adjust,
    Crossing,
    Figure,
    FrozenDict,
    GameState,
    InjectEvent,
    JointAction,
    LogKind,
    NextPhase,
    Outcome,
    Pass,
    Phase,
    PlayCard,
    Share,
)

# ---------------------------------------------------------------------------
# Starting and ending.
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
    rng = np.random.default_rng(int(seed))
    chance = tuple(float(x) for x in rng.random(sc.rounds))
    known, dossiers = _secrets(sc, rng)  # drawn after the chance numbers: old files' games stay as they were
    legs = p.legs.as_tuple()
    # Only what the scenario sets is given here; every other field starts at its declared default.
    st = GameState(
        seed=int(seed),
        quiet=bool(quiet),
        chance=chance,
        in_play=play,
        stress=float(p.stress),
        legs=(float(legs[0]), float(legs[1]), float(legs[2])),
        severity=tuple(s.severity for s in sc.stressors),
        known=known,
        dossiers=dossiers,
        trust=tuple(float(p.trust.get(a.id, DEFAULT_TRUST)) for a in sc.agencies),
        capacity=tuple(a.capacity for a in sc.agencies),
        mandate=tuple(a.mandate for a in sc.agencies),
        kpi=tuple(float(a.kpi.start) for a in sc.agencies),
        euros=tuple(0.0 for _ in sc.agencies),
        flags=FrozenDict((f, 0) for f in p.flags),
    )
    d = Draft(sc, st)
    d.history.append(snapshot(d))
    rounds.start_round(d, 1)
    d.close()
    return d.freeze()


def _secrets(sc: Scenario, rng: np.random.Generator) -> tuple[tuple[bool, ...], tuple[frozenset[AgencyId], ...]]:
    """Per stressor: whether everyone knows it at the start, and whose dossier holds it.

    A stressor with a `per_seed:` block draws its secret from the game's generator
    (only those draw, in file order, so a file without one draws nothing more).
    """
    known: list[bool] = []
    dossiers: list[frozenset[AgencyId]] = []
    for s in sc.stressors:
        hidden, holders = s.hidden, s.known_by
        v = s.per_seed
        if v is not None:
            if v.hidden is not None:
                hidden = bool(rng.random() < v.hidden)
            if v.known_by:
                holders = v.known_by[int(rng.integers(len(v.known_by)))]
        known.append(not hidden)
        dossiers.append(frozenset(holders) if hidden else frozenset())
    return tuple(known), tuple(dossiers)


def is_over(state: GameState) -> bool:
    """Whether the game has ended."""
    return state.outcome is not None


def outcome(state: GameState) -> Outcome | None:
    """The outcome (stabiel / kwetsbaar / crisis), or None while the game runs."""
    return state.outcome


def replay(sc: Scenario, seed: int, actions: Iterable[Action], in_play: Iterable[AgencyId] | None = None) -> GameState:
    """Fold `apply` over a list of actions from a new game."""
    state = new_game(sc, seed, in_play)
    for action in actions:
        state = apply(sc, state, action)
    return state


# ---------------------------------------------------------------------------
# Apply: one step per kind of action.
# ---------------------------------------------------------------------------


def _step_play(d: Draft, action: PlayCard) -> None:
    card = d.sc.card_by_id[action.card]
    _pay(d, card)
    agency = card.agency
    d.plays[card.id] = d.plays.get(card.id, 0) + 1
    d.played_this_round.add(card.id)
    stress_before = d.stress
    no_delay = modifiers.no_delay(d.sc, d.rules, card)
    if card.type is CardType.RULE:
        modifiers.activate_rule(d, card, agency)
    effects.run(d, card.effects, agency, card.id, no_delay)
    if card.is_boundary:
        d.crossings.append(Crossing(d.round, agency, card.id, stress_before))
        if effects.lowers_stress(card):
            for m in modifiers.boundary_bonuses(d.sc, d.rules):
                if m.trust:
                    effects.apply_effect(d, model.TrustEffect(m.trust), agency)
                if m.stress:
                    effects.apply_effect(d, model.StressEffect(m.stress), agency)
    if card.partners:
        d.joints.append(JointAction(d.round, card.id, (agency, *card.partners)))
        d.note(LogKind.JOINT, agency, card.id)
    elif card.type is CardType.RULE:
        d.note(LogKind.RULE, agency, card.id)
    else:
        d.note(LogKind.CARD, agency, card.id)
    rounds.check_crisis(d)


def _pay(d: Draft, card: Card) -> None:
    """The card's agency pays its capacity and mandaat, each partner its share of capacity."""
    agency = card.agency
    i = d.ai(agency)
    cost = card_cost(d.sc, d, card)
    d.change(Figure.CAPACITY, agency, d.capacity[i], d.capacity[i] - cost)
    d.capacity[i] -= cost
    if card.mandate:
        d.change(Figure.MANDATE, agency, d.mandate[i], d.mandate[i] - card.mandate)
        d.mandate[i] -= card.mandate
    for partner in dict.fromkeys(card.partners):  # a partner named twice still pays once
        j = d.ai(partner)
        d.change(Figure.CAPACITY, partner, d.capacity[j], d.capacity[j] - card.partner_cost)
        d.capacity[j] -= card.partner_cost


def _step_share(d: Draft, action: Share) -> None:
    """The team pays the scenario's price of sharing; the stressor enters the partner's dossier, or is revealed."""
    terms = share_terms(d.sc, action.agency)
    i = d.ai(action.agency)
    d.change(Figure.CAPACITY, action.agency, d.capacity[i], d.capacity[i] - terms.cost)
    d.capacity[i] -= terms.cost
    if terms.mandate:
        d.change(Figure.MANDATE, action.agency, d.mandate[i], d.mandate[i] - terms.mandate)
        d.mandate[i] -= terms.mandate
    k = d.sc.stressor_index[action.stressor]
    if action.to is None:
        effects.apply_effect(d, model.RevealEffect(action.stressor), action.agency)
    else:
        d.dossiers[k] = d.dossiers[k] | {action.to}
    for eff in terms.effects:  # at once: a share has no waiting list
        effects.apply_effect(d, eff, action.agency)
    d.note(LogKind.SHARE_TABLE if action.to is None else LogKind.SHARE, action.agency, action.stressor, to=action.to)
    rounds.check_crisis(d)


def _end_turns(d: Draft) -> None:
    """The last agency has passed: the Verwerking runs and, unless the game ended, the next round starts."""
    rounds.verwerking(d)
    if d.outcome is None:
        rounds.start_round(d, d.round + 1)


def _step_pass(d: Draft, action: Pass) -> None:
    d.note(LogKind.PASS, action.agency)
    d.turn += 1
    if d.turn >= len(d.in_play):
        _end_turns(d)


def _step_next(d: Draft, action: NextPhase) -> None:
    d.phase = Phase.OVERLEG if d.phase is Phase.GEBEURTENIS else Phase.ACTIES
    d.turn = 0
    d.note(LogKind.PHASE, ref=d.phase.value)
    if d.phase is Phase.ACTIES and not d.in_play:
        _end_turns(d)


def _step_inject(d: Draft, action: InjectEvent) -> None:
    event = d.sc.event_by_id[action.event]
    if event.trigger and event.once:
        d.fired.add(event.id)  # brought in by hand, it will not also trigger by itself later
    if modifiers.cancelled(d.sc, d.rules, event):
        d.note(LogKind.EVENT_CANCELLED, event.responder, event.id)
    else:
        effects.run(d, event.effects, event.responder, event.id)
        d.note(LogKind.INJECT, event.responder, event.id)
    rounds.check_crisis(d)


def _adjust_capacity(d: Draft, a: Adjust) -> None:
    key = a.key or ""
    i = d.ai(key)
    before = d.capacity[i]
    d.capacity[i] = int(CAPACITY.clamp(before + round(a.delta)))
    d.change(Figure.CAPACITY, key, before, d.capacity[i])


# An adjustment of each figure is the effect of that kind (capacity has no effect kind).
_ADJUST: dict[str, Callable[[Draft, Adjust], None]] = {
    Figure.STRESS: lambda d, a: effects.apply_effect(d, model.StressEffect(a.delta), None),
    Figure.LEG: lambda d, a: effects.apply_effect(d, model.LegEffect(model.Leg(a.key), a.delta), None),
    Figure.STRESSOR: lambda d, a: effects.apply_effect(d, model.StressorEffect(a.key or "", int(round(a.delta))), None),
    Figure.TRUST: lambda d, a: effects.apply_effect(d, model.TrustEffect(a.delta, a.key), None),
    Figure.KPI: lambda d, a: effects.apply_effect(d, model.KpiEffect(a.delta, a.key), None),
    Figure.MANDATE: lambda d, a: effects.apply_effect(d, model.MandateEffect(int(round(a.delta)), a.key), None),
    Figure.CAPACITY: _adjust_capacity,
}
assert set(_ADJUST) == set(ADJUSTABLE), "every adjustable figure needs its adjustment"


def _step_adjust(d: Draft, action: Adjust) -> None:
    _ADJUST[action.figure](d, action)
    d.note(LogKind.ADJUST, ref=action.figure, note=action.reason)
    rounds.check_crisis(d)


_STEPS: dict[type, Callable[[Draft, Any], None]] = {
    PlayCard: _step_play,
    Share: _step_share,
    Pass: _step_pass,
    NextPhase: _step_next,
    InjectEvent: _step_inject,
    Adjust: _step_adjust,
}
check_exhaustive(_STEPS, ACTION_KINDS, "apply")


def apply(sc: Scenario, state: GameState, action: Action, trusted: bool = False) -> GameState:
    """The state after `action`; raises IllegalActionError (saying why) when it is not allowed.

    `trusted`: the caller took `action` from `legal_actions(sc, state)` just now, so
    the check is skipped (batch runs and look-ahead, which check every move already).
    """
    if not trusted:
        reason = why_not(sc, state, action)
        if reason is not None:
            raise IllegalActionError(reason)
    d = Draft(sc, state)
    d.actions.append(action)
    _STEPS[type(action)](d, action)
    d.close()
    return d.freeze()


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
