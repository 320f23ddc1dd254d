"""What may be done now on the fast path: yes or no, with no `Reason` built (the screen asks the reference's `why_not`).

`legal_actions` lists the very actions the reference's `legal_actions` lists, in
the same order (a random policy picks by position); `is_legal(a)` is
`why_not(a) is None`.
"""

from __future__ import annotations

from typing import Any

from sim.core.model import AgencyId
from sim.core.observation import Observation
from sim.core.state import FrozenDict, NextPhase, Pass, Phase, PlayCard, Share
from sim.fast.game import FastState, card_cost
from sim.fast.rules import CCard, Rules

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
    if cc.forbidden_by and any(r.card in cc.forbidden_by for r in s.rules):  # a rule in force forbids it
        return False
    return affordable(s, cc)


def affordable(s: FastState, cc: CCard) -> bool:
    """The rest of `can_play` once the moment, the plays and the mandaat are right: capacity, partners, conditions."""
    cost = card_cost(s, cc) if s.rules and cc.cost_by_rule else cc.cost if cc.cost > 0 else 0
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
    if not R.sharing or not s.dossiers:
        return
    for k, holders in enumerate(s.dossiers):
        if agency not in holders or s.known[k]:
            continue
        sid = R.stressor_ids[k]
        for to in (*(a for a in s.in_play if a not in holders), None):
            if can_share(R, s, agency, k, to):
                moves.append(Share(agency, sid, to))


def legal_actions(R: Rules, s: FastState) -> list[Any]:
    """The player moves possible now, as the reference lists them."""
    if s.outcome is not None:
        return []
    if s.phase is Phase.GEBEURTENIS:
        return [_NEXT]
    moves: list[Any] = []
    if s.phase is Phase.OVERLEG:
        moves.append(_NEXT)
        for a in s.in_play:
            for cc in R.hand[a]:
                if cc.overleg and can_play(s, cc):
                    moves.append(cc.action)
            _shares(R, s, a, moves)
        return moves
    agency = s.active_agency
    if agency is None:  # pragma: no cover - Acties always has an active agency
        return []
    # The checks of `can_play` for the active agency's own hand, with its figures read once.
    mandate = s.mandate[R.agency_index[agency]]
    played, plays = s.played_this_round, s.plays
    for cc in R.hand[agency]:
        if cc.id in played or mandate < cc.mandate or (cc.max_plays and plays.get(cc.id, 0) >= cc.max_plays):
            continue
        if affordable(s, cc):
            moves.append(cc.action)
    _shares(R, s, agency, moves)
    moves.append(R.passes[agency])
    return moves


def observe(R: Rules, s: FastState, agency: AgencyId | None) -> Observation:
    """What `agency` sees (the reference's `observe`, from a fast state)."""
    visible = []
    hidden = 0
    for sid, sev, known, holders in zip(R.stressor_ids, s.severity, s.known, s.dossiers):
        if known or (agency is not None and agency in holders):
            visible.append((sid, sev))
        else:
            hidden += 1
    return Observation(
        agency=agency, round=s.round, rounds=R.rounds, phase=s.phase, stress=s.stress, legs=(s.legs[0], s.legs[1], s.legs[2]),
        stressors=tuple(visible), hidden_count=hidden, trust=tuple(s.trust), capacity=tuple(s.capacity),
        mandate=tuple(s.mandate), kpi=tuple(s.kpi), in_play=s.in_play, turn=s.turn, known=tuple(s.known),
        flags=FrozenDict(s.flags), plays=FrozenDict(s.plays), played_this_round=frozenset(s.played_this_round),
        rules=tuple(s.rules), pending=tuple(s.pending), drawn=FrozenDict(s.drawn), fired=frozenset(s.fired),
        stable_streak=s.stable_streak, euros=tuple(s.euros),
    )


__all__ = ["affordable", "can_play", "can_share", "is_legal", "legal_actions", "observe"]
