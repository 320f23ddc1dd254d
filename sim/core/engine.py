"""The rules API: `new_game`, `legal_actions`, `apply`, `why_not`, `is_over`, `outcome`, `replay`.

`apply(state, action)` is pure: it copies the state into a mutable draft
(`sim.core.draft`), applies the action there and freezes the draft into a new
`GameState`, leaving its input untouched. Each kind of the model is
implemented once, in one table per concern: conditions (`sim.core.conditions`),
effects (`sim.core.effects`), rule modifiers (`sim.core.modifiers`); the
round's steps are in `sim.core.rounds`; the actions' tables are here.

Chance: all of it comes from one numpy Generator seeded with the game's seed,
which draws the game's chance numbers up front (one per round, for the event
deck) into the state; so a state plus an action always gives the same next
state, and a game record (scenario, seed, actions) replays exactly.
"""

from __future__ import annotations

import math
import typing
from typing import Any, Callable, Iterable

import numpy as np

from sim.core import conditions, effects, model, modifiers, rounds
from sim.core.draft import Draft, snapshot
from sim.core.kinds import check_exhaustive
from sim.core.limits import DEFAULT_TRUST
from sim.core.model import AgencyId, Card, CardType, Scenario
from sim.core.modifiers import card_cost
from sim.core.reasons import Reason
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
)


class IllegalActionError(ValueError):
    """An action that the rules do not allow now; `reason` says why."""

    def __init__(self, reason: Reason):
        self.reason = reason
        super().__init__(str(reason))


ADJUSTABLE: tuple[Figure, ...] = (
    Figure.STRESS, Figure.LEG, Figure.STRESSOR, Figure.TRUST, Figure.KPI, Figure.MANDATE, Figure.CAPACITY,
)
"""The figures the facilitator may adjust by hand (`Adjust.figure`)."""

_ACTION_KINDS: tuple[type, ...] = typing.get_args(Action)


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
    chance = tuple(float(x) for x in np.random.default_rng(int(seed)).random(sc.rounds))
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
        known=tuple(not s.hidden for s in sc.stressors),
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
# Why not: one check per kind of action.
# ---------------------------------------------------------------------------


def _why_not_pass(sc: Scenario, st: GameState, action: Pass) -> Reason | None:
    if st.phase is not Phase.ACTIES:
        return Reason("why.wrong_phase")
    if action.agency != st.active_agency:
        return Reason("why.not_your_turn", {"agency": ("agency", st.active_agency), "actor": ("agency", action.agency)})
    return None


def _why_not_next(sc: Scenario, st: GameState, action: NextPhase) -> Reason | None:
    return None if st.phase in (Phase.GEBEURTENIS, Phase.OVERLEG) else Reason("why.not_legal")


def _why_not_inject(sc: Scenario, st: GameState, action: InjectEvent) -> Reason | None:
    return None if action.event in sc.event_by_id else Reason("why.unknown_event")


def _adjust_keys(sc: Scenario, figure: str) -> list[str | None]:
    """The keys an adjustment of `figure` may name (None: the figure needs no key)."""
    if figure == Figure.LEG:
        return [leg.value for leg in model.LEGS]
    if figure == Figure.STRESSOR:
        return list(sc.stressor_index)
    if figure in (Figure.TRUST, Figure.KPI, Figure.MANDATE, Figure.CAPACITY):
        return list(sc.agency_index)
    return [None]


def _why_not_adjust(sc: Scenario, st: GameState, action: Adjust) -> Reason | None:
    if action.figure not in ADJUSTABLE:
        return Reason("why.unknown_figure", {"figure": action.figure})
    if action.key not in _adjust_keys(sc, action.figure):
        return Reason("why.unknown_figure", {"figure": f"{action.figure}:{action.key}"})
    delta: Any = action.delta
    if isinstance(delta, bool) or not isinstance(delta, (int, float)) or not math.isfinite(delta):
        return Reason("why.bad_delta")
    if not isinstance(action.reason, str) or not action.reason.strip():
        return Reason("why.no_reason")
    return None


def _why_not_play(sc: Scenario, st: GameState, action: PlayCard) -> Reason | None:
    return _why_not_card(sc, st, action)


_WHY_NOT: dict[type, Callable[[Scenario, GameState, Any], Reason | None]] = {
    PlayCard: _why_not_play,
    Pass: _why_not_pass,
    NextPhase: _why_not_next,
    InjectEvent: _why_not_inject,
    Adjust: _why_not_adjust,
}
check_exhaustive(_WHY_NOT, _ACTION_KINDS, "why_not")


def why_not(sc: Scenario, state: GameState, action: Action) -> Reason | None:
    """Why `action` cannot be applied now, in words a player understands; None when it can."""
    if state.outcome is not None:
        return Reason("why.game_over")
    check = _WHY_NOT.get(type(action))
    return Reason("why.not_legal") if check is None else check(sc, state, action)


def _why_not_turn(st: GameState, card: Card) -> Reason | None:
    """Why it is not the moment for this card (phase and turn)."""
    if card.agency not in st.in_play:
        return Reason("why.not_in_play", {"agency": ("agency", card.agency)})
    if st.phase is Phase.OVERLEG:
        if card.type not in (CardType.JOINT, CardType.RULE):
            return Reason("why.overleg_only_joint")
    elif st.phase is Phase.ACTIES:
        if st.active_agency != card.agency:
            return Reason("why.not_your_turn", {"agency": ("agency", st.active_agency), "actor": ("agency", card.agency)})
    else:
        return Reason("why.wrong_phase")
    return None


def _why_not_card(
    sc: Scenario,
    st: GameState,
    action: PlayCard,
    plays: FrozenDict[str, int] | None = None,
    costs: list[model.CostMod] | None = None,
) -> Reason | None:
    """Why a card cannot be played; `plays` and `costs` (the cost modifiers in force) may be passed in precomputed."""
    card = sc.card_by_id.get(action.card)
    if card is None or card.agency != action.agency:
        return Reason("why.unknown_card")
    reason = _why_not_turn(st, card)
    if reason is not None:
        return reason
    played = st.times_played(card.id) if plays is None else plays.get(card.id, 0)
    if card.max_plays and played >= card.max_plays:
        return Reason("why.used_up_once" if card.max_plays == 1 else "why.used_up", {"max": card.max_plays})
    if card.id in st.played_this_round:
        return Reason("why.played_this_round")
    i = sc.agency_index[card.agency]
    need = card_cost(sc, st, card, costs)
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
        reason = conditions.reason(sc, st, cond, card.agency)
        if reason is not None:
            return reason
    return None


# ---------------------------------------------------------------------------
# Legal actions.
# ---------------------------------------------------------------------------


def legal_actions(sc: Scenario, state: GameState) -> list[Action]:
    """The player moves possible now (facilitator moves are always open and not listed)."""
    if state.outcome is not None:
        return []
    if state.phase is Phase.GEBEURTENIS:
        return [NextPhase()]
    plays = state.plays
    costs = modifiers.cost_mods(sc, state.rules)
    moves: list[Action] = []
    if state.phase is Phase.OVERLEG:
        moves.append(NextPhase())
        for a in state.in_play:
            for card in sc.hand[a]:
                if card.type in (CardType.JOINT, CardType.RULE):
                    act = PlayCard(a, card.id)
                    if _why_not_card(sc, state, act, plays, costs) is None:
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
        if card.id in played or card.mandate > mandate or (not costs and card.cost > capacity):
            continue
        if card.max_plays and plays.get(card.id, 0) >= card.max_plays:
            continue
        act = PlayCard(agency, card.id)
        if _why_not_card(sc, state, act, plays, costs) is None:
            moves.append(act)
    moves.append(Pass(agency))
    return moves


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
    d.capacity[i] = max(0, before + int(round(a.delta)))
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
    Pass: _step_pass,
    NextPhase: _step_next,
    InjectEvent: _step_inject,
    Adjust: _step_adjust,
}
check_exhaustive(_STEPS, _ACTION_KINDS, "apply")


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
