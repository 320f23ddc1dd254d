"""A determinization built straight as a fast state: `fast.thaw(believed_state(obs, ...))` without the frozen state between.

The look-ahead of greedy, search and the rollouts builds one belief per
decision (search: one per rollout seed). Building the frozen `GameState`
only to thaw it again costs more than the look-ahead's first card; `thawed`
fills the fast state's fields directly, as `thaw` would fill them from that
state. It knows the fields of both by name: when either has other fields
than these (the fast path or the state changed), it returns None and the
caller takes the long way round, so a change there can never make a belief
differ (a test holds the two ways equal, field for field).
"""

from __future__ import annotations

from typing import Any

import attrs

from sim import fast
from sim.core.observation import Observation
from sim.core.state import GameState

_FAST_FIELDS = frozenset({
    "legs", "severity", "known", "dossiers", "trust", "capacity", "mandate", "kpi", "euros", "rules", "pending", "queued",
    "round_events", "crisis_costs", "flags", "plays", "drawn", "played_this_round", "fired", "seed", "chance", "quiet",
    "round", "phase", "turn", "in_play", "stress", "stable_streak", "outcome", "end_reason", "actions", "log",
    "crossings", "joints", "history", "last_snap", "keep",
})
_STATE_FIELDS = _FAST_FIELDS - {"last_snap", "keep"}
# Whether the fields are the ones `thawed` fills (else it declines and the caller thaws a frozen belief).
DIRECT = frozenset(fast.FastState.__slots__) == _FAST_FIELDS and frozenset(f.name for f in attrs.fields(GameState)) == _STATE_FIELDS


def thawed(obs: Observation, chance: tuple[float, ...], severity: Any, known: Any, dossiers: Any, in_play: Any,
           euros: Any) -> fast.FastState | None:
    """The fast state `thaw(believed_state(obs, seed=0, quiet=True, queued=(), chance=..., ...))` gives, or None (see above)."""
    if not DIRECT:
        return None
    s = fast.FastState.__new__(fast.FastState)
    s.seed, s.chance, s.quiet = 0, chance, True
    s.round, s.phase, s.turn, s.in_play, s.stress, s.stable_streak = (
        obs.round, obs.phase, obs.turn, in_play, obs.stress, obs.stable_streak)
    s.outcome = s.end_reason = None
    s.legs, s.severity, s.known, s.dossiers = list(obs.legs), list(severity), list(known), list(dossiers)
    s.trust, s.capacity, s.mandate, s.kpi, s.euros = list(obs.trust), list(obs.capacity), list(obs.mandate), list(obs.kpi), list(euros)
    s.rules, s.pending, s.queued, s.round_events, s.crisis_costs = list(obs.rules), list(obs.pending), [], [], []
    s.flags, s.plays, s.drawn = dict(obs.flags), dict(obs.plays), dict(obs.drawn)
    s.played_this_round, s.fired = set(obs.played_this_round), set(obs.fired)
    s.actions, s.log, s.crossings, s.joints, s.history = [], [], [], [], []
    s.last_snap, s.keep = None, True
    return s


__all__ = ["DIRECT", "thawed"]
