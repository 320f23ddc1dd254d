"""What may be done now: `why_not` (in words a player understands) and `legal_actions`.

One check per kind of action, in one table checked against the action classes.
`sim.core.engine` re-exports these as the rules API.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable
from typing import Any

from sim.core import conditions, model, modifiers
from sim.core.kinds import check_exhaustive
from sim.core.model import Card, CardType, Scenario
from sim.core.modifiers import card_cost
from sim.core.reasons import Reason
from sim.core.state import (
    Action,
    Adjust,
    Figure,
    FrozenDict,
    GameState,
    InjectEvent,
    NextPhase,
    Pass,
    Phase,
    PlayCard,
    Share,
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

ACTION_KINDS: tuple[type, ...] = typing.get_args(Action)


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


def share_terms(sc: Scenario, agency: model.AgencyId) -> model.SharingTerms:
    """What sharing costs `agency` in this scenario (a scenario without `sharing:` has no such move)."""
    return (sc.sharing or model.Sharing()).terms(agency)


def _why_not_share(sc: Scenario, st: GameState, action: Share) -> Reason | None:
    """A team may share, in the Overleg or in its own turn, a stressor its dossier holds and the recipient lacks."""
    if sc.sharing is None:
        return Reason("why.no_sharing")
    if st.phase is Phase.ACTIES:
        if action.agency != st.active_agency:
            return Reason("why.not_your_turn", {"agency": ("agency", st.active_agency), "actor": ("agency", action.agency)})
    elif st.phase is not Phase.OVERLEG:
        return Reason("why.wrong_phase")
    if action.agency not in st.in_play:
        return Reason("why.not_in_play", {"agency": ("agency", action.agency)})
    k = sc.stressor_index.get(action.stressor) if isinstance(action.stressor, str) else None
    if k is None or st.known[k] or action.agency not in st.dossiers[k]:
        return Reason("why.not_in_dossier")
    if action.to is not None:
        if action.to == action.agency or action.to not in st.in_play:
            return Reason("why.share_recipient")
        if action.to in st.dossiers[k]:
            return Reason("why.already_knows", {"agency": ("agency", action.to)})
    terms = share_terms(sc, action.agency)
    i = sc.agency_index[action.agency]
    if st.capacity[i] < terms.cost:
        return Reason("why.no_capacity", {"need": terms.cost, "have": st.capacity[i]})
    if st.mandate[i] < terms.mandate:
        return Reason("why.no_mandate", {"need": terms.mandate, "have": st.mandate[i]})
    return None


_WHY_NOT: dict[type, Callable[[Scenario, GameState, Any], Reason | None]] = {
    PlayCard: _why_not_play,
    Share: _why_not_share,
    Pass: _why_not_pass,
    NextPhase: _why_not_next,
    InjectEvent: _why_not_inject,
    Adjust: _why_not_adjust,
}
check_exhaustive(_WHY_NOT, ACTION_KINDS, "why_not")


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
    if st.rules:
        rule = modifiers.forbidding(sc, st.rules, card)
        if rule is not None:
            return Reason("why.forbidden_by_rule", {"card": ("card", rule)})
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
            moves.extend(_shares(sc, state, a))
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
    moves.extend(_shares(sc, state, agency))
    moves.append(Pass(agency))
    return moves


def _shares(sc: Scenario, state: GameState, agency: model.AgencyId) -> list[Action]:
    """Every `Share` open to `agency` now: each stressor of its dossier still hidden, to each partner lacking it or to the table."""
    if sc.sharing is None or not state.dossiers:
        return []
    moves: list[Action] = []
    for k, holders in enumerate(state.dossiers):
        if agency not in holders or state.known[k]:
            continue
        sid = sc.stressors[k].id
        for to in (*(a for a in state.in_play if a not in holders), None):
            act = Share(agency, sid, to)
            if _why_not_share(sc, state, act) is None:
                moves.append(act)
    return moves


__all__ = ["ACTION_KINDS", "ADJUSTABLE", "IllegalActionError", "legal_actions", "share_terms", "why_not"]
