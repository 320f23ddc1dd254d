"""The fast path's game: one mutable state, changed in place by each move, under the compiled rules.

`FastState` holds the figures of a `GameState` under the same names (tuples as
lists, frozensets as sets, FrozenDicts as dicts, the record as plain lists), so
the look-ahead's `project` reads either. `thaw` and `freeze` convert; a game
frozen at its end equals, field for field, the one the reference engine plays
with the same seed and moves (in a quiet game: the log keeps the cards played).
Each step below is the reference's step in `sim.core.engine` and `sim.core.rounds`,
in the same order.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.core.engine import _secrets as engine_secrets  # the per-seed secrets, drawn exactly as a new game draws them
from sim.core.limits import DEFAULT_TRUST, STRESS, TRUST
from sim.core.scoring import stability_index
from sim.core.state import (
    ActiveRule,
    Crossing,
    FrozenDict,
    GameState,
    JointAction,
    LogEntry,
    NextPhase,
    Outcome,
    Pass,
    Pending,
    Phase,
    PlayCard,
    Share,
    Snapshot,
)
from sim.fast.rules import CCard, Rules

_LISTS = ("legs", "severity", "known", "dossiers", "trust", "capacity", "mandate", "kpi", "euros", "rules", "pending",
          "queued", "round_events", "crisis_costs")
_DICTS = ("flags", "plays", "drawn")
_SETS = ("played_this_round", "fired")
_VALUES = ("seed", "chance", "quiet", "round", "phase", "turn", "in_play", "stress", "stable_streak", "outcome", "end_reason")
_RECORD = ("actions", "log", "crossings", "joints", "history")


class FastState:
    """The figures of one game, edited in place (see the module's docstring)."""

    __slots__ = (*_LISTS, *_DICTS, *_SETS, *_VALUES, *_RECORD, "last_snap", "keep")

    seed: int
    chance: tuple[float, ...]
    quiet: bool
    round: int
    phase: Phase
    turn: int
    in_play: tuple[str, ...]
    stress: float
    stable_streak: int
    outcome: Outcome | None
    end_reason: str | None
    legs: list[float]
    severity: list[int]
    known: list[bool]
    dossiers: list[frozenset[str]]
    trust: list[float]
    capacity: list[int]
    mandate: list[int]
    kpi: list[float]
    euros: list[float]
    rules: list[ActiveRule]
    pending: list[Pending]
    queued: list[str]
    round_events: list[str]
    crisis_costs: list[tuple[str, float]]
    flags: dict[str, int]
    plays: dict[str, int]
    drawn: dict[str, int]
    played_this_round: set[str]
    fired: set[str]
    actions: list[Any]
    log: list[LogEntry]
    crossings: list[Crossing]
    joints: list[JointAction]
    history: list[Snapshot]
    last_snap: int | None  # the round of the last snapshot (the record may be left out in look-ahead)
    keep: bool  # whether the record is kept (False in a look-ahead's copy: no snapshots, no log)

    @property
    def active_agency(self) -> str | None:
        """The agency whose turn it is in the Acties phase, else None."""
        if self.phase is Phase.ACTIES and self.turn < len(self.in_play):
            return self.in_play[self.turn]
        return None

    def copy(self) -> FastState:
        """A copy to look ahead on: the same figures, an empty record (a look-ahead reads no record)."""
        c = FastState.__new__(FastState)
        c.seed, c.chance, c.quiet, c.round, c.phase, c.turn = self.seed, self.chance, self.quiet, self.round, self.phase, self.turn
        c.in_play, c.stress, c.stable_streak, c.outcome, c.end_reason = (
            self.in_play, self.stress, self.stable_streak, self.outcome, self.end_reason)
        c.legs, c.severity, c.known, c.dossiers = self.legs[:], self.severity[:], self.known[:], self.dossiers[:]
        c.trust, c.capacity, c.mandate, c.kpi, c.euros = self.trust[:], self.capacity[:], self.mandate[:], self.kpi[:], self.euros[:]
        c.rules, c.pending, c.queued, c.round_events = self.rules[:], self.pending[:], self.queued[:], self.round_events[:]
        c.crisis_costs = self.crisis_costs[:]
        c.flags, c.plays, c.drawn = self.flags.copy(), self.plays.copy(), self.drawn.copy()
        c.played_this_round, c.fired = self.played_this_round.copy(), self.fired.copy()
        c.actions, c.log, c.crossings, c.joints, c.history = [], [], [], [], []
        c.last_snap = self.last_snap
        c.keep = False
        return c

    def end(self, outcome: Outcome, reason: str) -> None:
        """End the game (the first ending counts)."""
        if self.outcome is None:
            self.outcome = outcome
            self.end_reason = reason
            self.phase = Phase.EINDE


def thaw(st: GameState) -> FastState:
    """A fast state holding the figures and the record of `st`."""
    s = FastState.__new__(FastState)
    for n in _VALUES:
        setattr(s, n, getattr(st, n))
    for n in _LISTS:
        setattr(s, n, list(getattr(st, n)))
    for n in _DICTS:
        setattr(s, n, dict(getattr(st, n)))
    for n in _SETS:
        setattr(s, n, set(getattr(st, n)))
    for n in _RECORD:
        setattr(s, n, list(getattr(st, n)))
    s.last_snap = st.history[-1].round if st.history else None
    s.keep = True
    return s


def freeze(s: FastState) -> GameState:
    """The frozen `GameState` of a fast state (its record as kept)."""
    fields: dict[str, Any] = {n: getattr(s, n) for n in _VALUES}
    fields.update({n: tuple(getattr(s, n)) for n in _LISTS})
    fields.update({n: FrozenDict(getattr(s, n)) for n in _DICTS})
    fields.update({n: frozenset(getattr(s, n)) for n in _SETS})
    fields.update({n: getattr(s, n) for n in _RECORD})
    return GameState(**fields)


def start(R: Rules, seed: int, in_play: Any = None) -> FastState:
    """A quiet game's start, as the reference's `new_game` makes it: the same draws, the same first round."""
    sc, p = R.sc, R.sc.person
    agencies = tuple(a.id for a in sc.agencies)
    s = FastState.__new__(FastState)
    s.in_play = agencies if in_play is None else tuple(a for a in agencies if a in set(in_play))
    rng = np.random.default_rng(int(seed))
    s.seed, s.chance, s.quiet = int(seed), tuple(rng.random(sc.rounds).tolist()), True  # floats as `float(x)` gives them
    known, dossiers = engine_secrets(sc, rng)
    s.round, s.phase, s.turn, s.stable_streak, s.outcome, s.end_reason = 0, Phase.GEBEURTENIS, 0, 0, None, None
    s.stress, s.legs = float(p.stress), [float(x) for x in p.legs.as_tuple()]
    s.severity, s.known, s.dossiers = [x.severity for x in sc.stressors], list(known), list(dossiers)
    s.trust = [float(p.trust.get(a.id, DEFAULT_TRUST)) for a in sc.agencies]
    s.capacity, s.mandate = [a.capacity for a in sc.agencies], [a.mandate for a in sc.agencies]
    s.kpi, s.euros = [float(a.kpi.start) for a in sc.agencies], [0.0 for _ in sc.agencies]
    s.flags, s.plays, s.drawn = {f: 0 for f in p.flags}, {}, {}
    s.played_this_round, s.fired = set(), set()
    s.rules, s.pending, s.queued, s.round_events, s.crisis_costs = [], [], [], [], []
    s.actions, s.log, s.crossings, s.joints, s.history = [], [], [], [], []
    s.last_snap, s.keep = None, True
    snapshot(R, s)
    start_round(R, s, 1)
    if s.outcome is not None and s.last_snap != s.round:
        snapshot(R, s)
    return s


# ---------------------------------------------------------------------------
# Bookkeeping.
# ---------------------------------------------------------------------------


def snapshot(R: Rules, s: FastState) -> None:
    """Keep every figure now in the history."""
    s.last_snap = s.round
    if not s.keep:
        return
    s.history.append(Snapshot(
        round=s.round, stress=s.stress, legs=(s.legs[0], s.legs[1], s.legs[2]),
        stability=stability_index(s.legs, R.min_weight), severity=tuple(s.severity), known=tuple(s.known),
        trust=tuple(s.trust), euros=tuple(s.euros), kpi=tuple(s.kpi), mandate=tuple(s.mandate),
        crisis_cost=sum(v for _, v in s.crisis_costs),
    ))


def check_crisis(R: Rules, s: FastState) -> None:
    """A crisis when stress has reached the crisis level."""
    if s.outcome is None and s.stress >= R.crisis:
        if R.stress_crisis_cost is not None:
            s.crisis_costs.append((R.stress_crisis_cost, R.stress_crisis_amount))
        s.end(Outcome.CRISIS, "stress")


def run(s: FastState, effects: Any, actor: str | None, source: str, no_delay: bool = False) -> None:
    """Apply effects now, or put the delayed ones on a waiting list."""
    for delay, eff, f in effects:
        if delay and not no_delay:
            s.pending.append(Pending(s.round + delay, eff, actor, source))
        else:
            f(s)


# ---------------------------------------------------------------------------
# The round: events, Verwerking.
# ---------------------------------------------------------------------------


def fire_event(s: FastState, ce: Any) -> None:
    """An event happens now (unless a rule in force cancels it)."""
    s.round_events.append(ce.id)
    if ce.cancel_by and any(r.card in ce.cancel_by for r in s.rules):
        return
    if ce.now is not None:  # no effect waits
        for f in ce.now:
            f(s)
    else:
        run(s, ce.effects, ce.responder, ce.id)


def start_round(R: Rules, s: FastState, rnd: int) -> None:
    """Round `rnd` begins: rules expire, capacity refills, and its events happen."""
    s.round, s.phase, s.turn = rnd, Phase.GEBEURTENIS, 0
    s.round_events = []
    s.played_this_round = set()
    capacity = s.capacity
    if s.rules:
        s.rules = [r for r in s.rules if r.until is None or r.until >= rnd]
        refill = R.capacities(s.rules)
        for i in R.seats(s.in_play):
            capacity[i] = refill[i]
    else:
        full = R.full_capacity
        for i in R.seats(s.in_play):
            capacity[i] = full[i]
    if s.queued:
        queued, s.queued = s.queued, []
        for eid in queued:
            if s.outcome is None:
                fire_event(s, R.event_by_id[eid])
    for ce in R.events_in_round.get(rnd, ()):
        if s.outcome is None and ce.cond(s):
            fire_event(s, ce)
    if s.outcome is None:
        _draw_event(R, s)
    check_crisis(R, s)


def _draw_event(R: Rules, s: FastState) -> None:
    """One event drawn from the deck with the round's chance number, a walk over the copies left."""
    candidates, weights = [], []
    drawn, flags = s.drawn, s.flags
    for ce, eid, copies, cond, flag in R.guarded_deck:
        left = copies - drawn.get(eid, 0)
        if left > 0 and (flag is None or flag in flags) and cond(s):
            candidates.append(ce)
            weights.append(left)
    if not candidates:
        return
    target = s.chance[(s.round - 1) % len(s.chance)] * sum(weights)
    pick = 0
    while pick < len(weights) - 1 and target >= weights[pick]:
        target -= weights[pick]
        pick += 1
    ce = candidates[pick]
    drawn[ce.id] = drawn.get(ce.id, 0) + 1
    fire_event(s, ce)


def verwerking(R: Rules, s: FastState) -> None:
    """Waiting lists end, stressors work, triggers queue, and maybe the game ends."""
    s.phase = Phase.VERWERKING
    if s.pending:
        rnd = s.round
        due = [p for p in s.pending if p.due <= rnd]
        if due:
            s.pending = [p for p in s.pending if p.due > rnd]
            for p in due:
                R.pending_effect(p.effect, p.agency)(s)
                if s.outcome is not None:
                    return
    s.legs, s.stress = R.stressor_work(s.severity, s.legs, s.stress)
    check_crisis(R, s)
    if s.outcome is None:
        queued, fired, flags = s.queued, s.fired, s.flags
        for _, eid, once, trigger, flag in R.guarded_triggers:
            if (flag is not None and flag not in flags) or eid in queued or (once and eid in fired):
                continue
            if trigger(s):  # type: ignore[misc]  # R.triggers holds only events with a trigger
                queued.append(eid)
                fired.add(eid)
    snapshot(R, s)
    if s.outcome is not None:
        return
    stable_now = s.stress <= R.stable_stress and min(s.legs) >= R.stable_leg
    s.stable_streak = s.stable_streak + 1 if stable_now else 0
    if s.stable_streak >= R.stable_rounds:
        s.end(Outcome.STABIEL, "stabilised")
    elif s.round >= R.rounds:
        s.end(Outcome.STABIEL if stable_now else Outcome.KWETSBAAR, "rounds")


# ---------------------------------------------------------------------------
# The moves.
# ---------------------------------------------------------------------------


def card_cost(s: FastState, cc: CCard) -> int:
    """What the card costs now, after the cost rules in force."""
    cost = cc.cost
    if s.rules and cc.cost_by_rule:
        for r in s.rules:
            cost += cc.cost_by_rule.get(r.card, 0)
        return max(0, cost)
    return max(0, cost)


def play(R: Rules, s: FastState, cc: CCard) -> None:
    """A card is played (the reference's `_step_play`)."""
    i = cc.ai
    rules = s.rules
    s.capacity[i] -= card_cost(s, cc) if rules and cc.cost_by_rule else (cc.cost if cc.cost > 0 else 0)
    if cc.mandate:
        s.mandate[i] -= cc.mandate
    for j in cc.pay_partners:
        s.capacity[j] -= cc.partner_cost
    cid = cc.id
    s.plays[cid] = s.plays.get(cid, 0) + 1
    s.played_this_round.add(cid)
    stress_before = s.stress
    agency = cc.agency
    # Read before the card's own rule comes into force, as the reference does.
    no_delay = cc.now is None and bool(cc.no_delay_by) and any(r.card in cc.no_delay_by for r in rules)
    if cc.is_rule:
        until = None if cc.duration is None else s.round + cc.duration - 1
        rules.append(ActiveRule(cid, agency, s.round, until))
        for f in cc.activations:
            f(s)
    if cc.now is not None:  # no effect waits: `run` in a row
        for f in cc.now:
            f(s)
    else:
        run(s, cc.effects, agency, cid, no_delay)
    if cc.boundary and cc.lowers and rules:
        _bonuses(R, s, i)
    if s.keep:  # the record (a look-ahead's copy keeps none: nothing in the rules reads it)
        if cc.boundary:
            s.crossings.append(Crossing(s.round, agency, cid, stress_before))
        if cc.joint is not None:
            s.joints.append(JointAction(s.round, cid, cc.joint))
        # The same line for every play of the card in that round and phase: made once (a frozen value).
        key = -s.round if s.phase is Phase.OVERLEG else s.round
        entry = cc.logs.get(key)
        if entry is None:
            entry = cc.logs[key] = LogEntry(s.round, s.phase, cc.kind, agency, cid)
        s.log.append(entry)
    if s.outcome is None and s.stress >= R.crisis:
        check_crisis(R, s)


def _bonuses(R: Rules, s: FastState, i: int) -> None:
    """The bonuses of the rules in force for a boundary crossing that lowers stress, to agency `i`."""
    for r in s.rules:
        for trust, stress in R.bonuses.get(r.card, ()):
            if trust:
                s.trust[i] = TRUST.clamp(s.trust[i] + trust)
            if stress:
                s.stress = STRESS.clamp(s.stress + stress)


def share(R: Rules, s: FastState, action: Share) -> None:
    """A team shares a stressor from its dossier (the reference's `_step_share`)."""
    cost, mandate, effects = R.share_terms[action.agency]
    i = R.agency_index[action.agency]
    s.capacity[i] -= cost
    if mandate:
        s.mandate[i] -= mandate
    k = R.sc.stressor_index[action.stressor]
    if action.to is None:
        R.reveal[k](s)
    else:
        s.dossiers[k] = s.dossiers[k] | {action.to}
    for f in effects:
        f(s)
    check_crisis(R, s)


def _end_turns(R: Rules, s: FastState) -> None:
    verwerking(R, s)
    if s.outcome is None:
        start_round(R, s, s.round + 1)


def step(R: Rules, s: FastState, action: Any) -> None:
    """Apply a legal action in place (the caller has checked it: `legal.is_legal`), and close the step."""
    if s.outcome is not None:
        return
    if s.keep:
        s.actions.append(action)
    t = type(action)
    if t is PlayCard:
        play(R, s, R.cards[action.card])
    elif t is Pass:
        s.turn += 1
        if s.turn >= len(s.in_play):
            _end_turns(R, s)
    elif t is NextPhase:
        s.phase = Phase.OVERLEG if s.phase is Phase.GEBEURTENIS else Phase.ACTIES
        s.turn = 0
        if s.phase is Phase.ACTIES and not s.in_play:
            _end_turns(R, s)
    elif t is Share:
        share(R, s, action)
    else:  # pragma: no cover - facilitator moves are not batch moves
        raise TypeError(f"the fast path plays no {t.__name__}")
    if s.outcome is not None and s.last_snap != s.round:
        snapshot(R, s)


__all__ = ["FastState", "check_crisis", "freeze", "snapshot", "start_round", "step", "thaw", "verwerking"]
