"""What may be done now on the fast path: yes or no, with no `Reason` built (the screen asks the reference's `why_not`).

`legal_actions` lists the very actions the reference's `legal_actions` lists, in
the same order (a random policy picks by position); `is_legal(a)` is
`why_not(a) is None`.
"""

from __future__ import annotations

from typing import Any

import attrs

from sim.core.frozen import EMPTY
from sim.core.model import AgencyId
from sim.core.observation import Observation
from sim.core.state import FrozenDict, NextPhase, Pass, Phase, PlayCard, Share
from sim.fast.game import FastState, card_cost
from sim.fast.rules import CCard, Rules, Terms

_NEXT = NextPhase()


def can_play(s: FastState, cc: CCard) -> bool:
    """Whether the card may be played now (the reference's `_why_not_card` is None)."""
    phase = s.phase
    if phase is Phase.ACTIES:
        if s.active_agency != cc.agency:
            return False
    elif phase is Phase.OVERLEG:
        if not cc.overleg or cc.agency not in s.in_play:
            return False
    else:
        return False
    if cc.max_plays and s.plays.get(cc.id, 0) >= cc.max_plays:
        return False
    if cc.id in s.played_this_round or s.mandate[cc.ai] < cc.mandate:
        return False
    return affordable(s, cc)


def affordable(s: FastState, cc: CCard) -> bool:
    """The rest of `can_play` once the moment, the plays and the mandaat are right: rules, capacity, partners, conditions."""
    if s.rules:
        if cc.forbidden_by and any(r.card in cc.forbidden_by for r in s.rules):  # a rule in force forbids it
            return False
        cost = card_cost(s, cc) if cc.cost_by_rule else cc.terms[3]
    else:
        cost = cc.terms[3]  # the cost with no rule touching it, never below 0
    if s.capacity[cc.ai] < cost:
        return False
    if cc.partners:
        have, in_play, need = s.capacity, s.in_play, cc.partner_cost
        for partner, j in cc.partners:
            if partner not in in_play or have[j] < need:
                return False
    return cc.cond(s)


def can_share(R: Rules, s: FastState, agency: AgencyId, k: int, to: AgencyId | None) -> bool:
    """Whether `agency` may share stressor `k` with `to` (None: the table) now (the reference's `_why_not_share`)."""
    if not R.sharing:
        return False
    if s.phase is Phase.ACTIES:
        if agency != s.active_agency:
            return False
    elif s.phase is not Phase.OVERLEG:
        return False
    if agency not in s.in_play or s.known[k] or agency not in s.dossiers[k]:
        return False
    if to is not None and (to == agency or to not in s.in_play or to in s.dossiers[k]):
        return False
    cost, mandate, _ = R.share_terms[agency]
    i = R.agency_index[agency]
    return not (s.capacity[i] < cost or s.mandate[i] < mandate)


def is_legal(R: Rules, s: FastState, action: Any) -> bool:
    """Whether a player's action may be applied now."""
    if s.outcome is not None:
        return False
    t = type(action)
    if t is PlayCard:
        cc = R.cards.get(action.card)
        return cc is not None and cc.agency == action.agency and can_play(s, cc)
    if t is Pass:
        return s.phase is Phase.ACTIES and action.agency == s.active_agency
    if t is NextPhase:
        return s.phase in (Phase.GEBEURTENIS, Phase.OVERLEG)
    if t is Share:
        k = R.sc.stressor_index.get(action.stressor) if isinstance(action.stressor, str) else None
        return k is not None and action.agency in R.agency_index and can_share(R, s, action.agency, k, action.to)
    return False


def _shares(R: Rules, s: FastState, agency: AgencyId, moves: list[Any]) -> None:
    """Every share open to `agency` (at the table, in its moment: the caller knows), as `can_share` decides each."""
    if not R.sharing:
        return
    cost, mandate, _ = R.share_terms[agency]
    i = R.agency_index[agency]
    if s.capacity[i] < cost or s.mandate[i] < mandate:
        return
    known, in_play = s.known, s.in_play
    made = R.share_moves[agency]
    for k, holders in enumerate(s.dossiers):
        if known[k] or agency not in holders:
            continue
        to_k = made[k]
        for to in in_play:
            if to not in holders:  # never `agency` itself: it holds the stressor
                moves.append(to_k[to])
        moves.append(to_k[None])


def _cards(s: FastState, terms: tuple[Terms, ...], i: int, moves: list[Any]) -> None:
    """The cards of agency `i` (their terms, in hand order) that may be played, its moment being right: `can_play`."""
    mandate, have = s.mandate[i], s.capacity
    capacity = have[i]
    played, plays, rules, in_play = s.played_this_round, s.plays, s.rules, s.in_play
    for cid, need_mandate, max_plays, cost, base, by_rule, forbidden_by, partners, partner_cost, cond, action in terms:
        if cid in played or mandate < need_mandate or (max_plays and plays.get(cid, 0) >= max_plays):
            continue
        if rules:
            if forbidden_by and any(r.card in forbidden_by for r in rules):
                continue
            if by_rule:  # `card_cost`
                for r in rules:
                    base += by_rule.get(r.card, 0)
                cost = max(0, base)
        if capacity < cost:
            continue
        if partners:
            for partner, j in partners:
                if partner not in in_play or have[j] < partner_cost:
                    break
            else:
                if cond is None or cond(s):
                    moves.append(action)
            continue
        if cond is None or cond(s):
            moves.append(action)


def own_overleg(R: Rules, s: FastState, agency: AgencyId) -> list[Any]:
    """`agency`'s own moves in the Overleg (its joint and rule cards, then its shares), as `legal_actions` lists them."""
    moves: list[Any] = []
    if s.outcome is None and s.phase is Phase.OVERLEG and agency in s.in_play:
        _cards(s, R.overleg_terms[agency], R.agency_index[agency], moves)
        _shares(R, s, agency, moves)
    return moves


def legal_actions(R: Rules, s: FastState) -> list[Any]:
    """The player moves possible now, as the reference lists them."""
    if s.outcome is not None:
        return []
    phase = s.phase
    if phase is Phase.ACTIES:
        if s.turn >= len(s.in_play):  # pragma: no cover - a step ends the turns as the last one passes
            return []
        agency = s.in_play[s.turn]
        moves: list[Any] = []
        _cards(s, R.acties_terms[agency], R.agency_index[agency], moves)
        _shares(R, s, agency, moves)
        moves.append(R.passes[agency])
        return moves
    if phase is Phase.OVERLEG:
        moves = [_NEXT]
        index, overleg = R.agency_index, R.overleg_terms
        for a in s.in_play:
            _cards(s, overleg[a], index[a], moves)
            _shares(R, s, a, moves)
        return moves
    if phase is Phase.GEBEURTENIS:
        return [_NEXT]
    return []  # pragma: no cover - Verwerking and Einde pass within a step


# The observation's fields in the order `observe` below gives them (positional: no keywords to match per call);
# should the class change, `observe` names them instead.
_OBS_ORDER = ("agency", "round", "rounds", "phase", "stress", "legs", "stressors", "hidden_count", "trust", "capacity",
              "mandate", "kpi", "in_play", "turn", "known", "flags", "plays", "played_this_round", "rules", "pending",
              "drawn", "fired", "stable_streak", "euros")
_POSITIONAL = tuple(f.name for f in attrs.fields(Observation)) == _OBS_ORDER
_NONE: frozenset[str] = frozenset()


def observe(R: Rules, s: FastState, agency: AgencyId | None) -> Observation:
    """What `agency` sees (the reference's `observe`, from a fast state)."""
    visible = []
    hidden = 0
    for sid, sev, known, holders in zip(R.stressor_ids, s.severity, s.known, s.dossiers):
        if known or (agency is not None and agency in holders):
            visible.append((sid, sev))
        else:
            hidden += 1
    legs = s.legs
    values = (
        agency, s.round, R.rounds, s.phase, s.stress, (legs[0], legs[1], legs[2]), tuple(visible), hidden, tuple(s.trust),
        tuple(s.capacity), tuple(s.mandate), tuple(s.kpi), s.in_play, s.turn, tuple(s.known),
        FrozenDict(s.flags) if s.flags else EMPTY, FrozenDict(s.plays) if s.plays else EMPTY,
        frozenset(s.played_this_round) if s.played_this_round else _NONE, tuple(s.rules), tuple(s.pending),
        FrozenDict(s.drawn) if s.drawn else EMPTY, frozenset(s.fired) if s.fired else _NONE, s.stable_streak, tuple(s.euros),
    )
    if _POSITIONAL:
        return Observation(*values)
    return Observation(**dict(zip(_OBS_ORDER, values)))  # type: ignore[arg-type]  # pragma: no cover - the class's fields moved


__all__ = ["affordable", "can_play", "can_share", "is_legal", "legal_actions", "observe", "own_overleg"]
