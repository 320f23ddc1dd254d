"""The draft: the mutable working copy of a `GameState` inside one `apply`.

Which fields it holds, and how, follows from the state's own declarations
(`Keep` in each field's metadata): a field added to `GameState` is copied in and
frozen out again without touching this module. The annotations in `Draft` only
tell the type checker what the rules modules edit; a test checks they match.

The copy in (`_thaw`) and out (`_freeze`) is generated once, at import, from
those declarations, the way attrs writes a class's `__init__`: `apply` makes
one draft per move, and a loop over the fields by name made the whole engine
about a quarter slower (bench/engine.py). Only GameState's own field names and
the fixed lines of `_LINES` go into the generated code; nothing read from a
file ever does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import attrs

from sim.core.model import AgencyId, CardId, EventId, FlagId, Scenario
from sim.core.scoring import stability_index
from sim.core.state import (
    PLAY_KINDS,
    Action,
    ActiveRule,
    Change,
    Crossing,
    Figure,
    FrozenDict,
    GameState,
    JointAction,
    Keep,
    LogEntry,
    LogKind,
    Outcome,
    Pending,
    Phase,
    Snapshot,
    fields_kept,
)

DRAFTED: tuple[str, ...] = fields_kept(Keep.VALUE, Keep.LIST, Keep.SET, Keep.MAP, Keep.GROW)
"""The state's fields that a draft holds (all but the fixed ones)."""

# Per kind of field: how the draft `d` takes it from the state `st` (None: it does not),
# and how the new state takes it from the draft and from the state `b` the move started from.
LINES: dict[Keep, tuple[str | None, str]] = {
    Keep.FIXED: (None, "{n}=b.{n}"),
    Keep.VALUE: ("d.{n} = st.{n}", "{n}=d.{n}"),
    Keep.LIST: ("d.{n} = list(st.{n})", "{n}=tuple(d.{n})"),
    Keep.SET: ("d.{n} = set(st.{n})", "{n}=frozenset(d.{n})"),
    Keep.MAP: ("d.{n} = dict(st.{n})", "{n}=FrozenDict(d.{n})"),
    Keep.GROW: ("d.{n} = []", "{n}=b.{n}.plus(d.{n})"),
}
if set(LINES) != set(Keep):  # pragma: no cover - a new kind of field needs its lines
    raise TypeError(f"draft lines missing for {set(Keep) - set(LINES)}")


def generate_copies(state_cls: type) -> tuple[Callable[[Any, Any], None], Callable[[Any], Any]]:
    """The copy in and copy out of a draft of `state_cls`, written out field by field from its declarations."""
    thaw = ["def _thaw(d, st):"]
    freeze = ["def _freeze(d):", "    b = d.base", "    return State("]
    for f in attrs.fields(state_cls):
        if not f.name.isidentifier():  # pragma: no cover - attrs admits only identifiers
            raise TypeError(f"not a field name: {f.name!r}")
        into, out = LINES[f.metadata["keep"]]
        if into is not None:
            thaw.append("    " + into.format(n=f.name))
        freeze.append("        " + out.format(n=f.name) + ",")
    freeze.append("    )")
    namespace: dict[str, Any] = {"State": state_cls, "FrozenDict": FrozenDict}
    code = compile("\n".join(thaw + freeze) + "\n", f"<sim.core.draft: generated from {state_cls.__name__}>", "exec")
    exec(code, namespace)  # noqa: S102 - our own declarations only, see the module docstring
    return namespace["_thaw"], namespace["_freeze"]


class Draft:
    """Mutable copy of a GameState; `freeze()` returns the new frozen state."""

    __slots__ = ("sc", "base", "changes", *DRAFTED)

    sc: Scenario
    base: GameState
    changes: list[Change]
    # Keep.VALUE
    round: int
    phase: Phase
    turn: int
    in_play: tuple[AgencyId, ...]
    stress: float
    stable_streak: int
    outcome: Outcome | None
    end_reason: str | None
    # Keep.LIST
    legs: list[float]
    severity: list[int]
    known: list[bool]
    dossiers: list[frozenset[AgencyId]]
    trust: list[float]
    capacity: list[int]
    mandate: list[int]
    kpi: list[float]
    euros: list[float]
    rules: list[ActiveRule]
    pending: list[Pending]
    queued: list[EventId]
    round_events: list[EventId]
    crisis_costs: list[tuple[str, float]]
    # Keep.SET
    played_this_round: set[CardId]
    fired: set[EventId]
    # Keep.MAP
    flags: dict[FlagId, int]
    plays: dict[CardId, int]
    drawn: dict[EventId, int]
    # Keep.GROW: the items added by this move only; freeze() appends them to the state's records
    actions: list[Action]
    log: list[LogEntry]
    crossings: list[Crossing]
    joints: list[JointAction]
    history: list[Snapshot]

    def __init__(self, sc: Scenario, st: GameState):
        self.sc = sc
        self.base = st
        self.changes = []
        _thaw(self, st)

    def freeze(self) -> GameState:
        """The new frozen state."""
        return cast(GameState, _freeze(self))

    def close(self) -> None:
        """When the game ended during this step: say so in the log and keep a last snapshot."""
        if self.outcome is not None and self.base.outcome is None:
            last = self.history[-1] if self.history else self.base.history[-1] if self.base.history else None
            if last is None or last.round != self.round:
                self.history.append(snapshot(self))
            self.note(LogKind.END, ref=self.outcome.value)

    # -- bookkeeping ------------------------------------------------------
    def note(self, kind: LogKind, agency: AgencyId | None = None, ref: str | None = None, note: str | None = None,
             to: AgencyId | None = None) -> None:
        """Close the current group of changes into a log line (a quiet game keeps only which cards were played when)."""
        if not self.base.quiet:
            self.log.append(LogEntry(self.round, self.phase, kind, agency, ref, tuple(self.changes), note, to))
            self.changes = []
        elif kind in PLAY_KINDS:
            self.log.append(LogEntry(self.round, self.phase, kind, agency, ref))

    def change(self, figure: Figure, key: str | None, before: float, after: float) -> None:
        """Keep one figure's move for the next log line."""
        if before != after and not self.base.quiet:
            self.changes.append(Change(figure, key, before, after))

    def ai(self, agency: AgencyId) -> int:
        """The index of `agency` in the per-agency figures."""
        return self.sc.agency_index[agency]

    def end(self, outcome: Outcome, reason: str) -> None:
        """End the game (the first ending counts)."""
        if self.outcome is None:
            self.outcome = outcome
            self.end_reason = reason
            self.phase = Phase.EINDE


_thaw, _freeze = generate_copies(GameState)


def snapshot(d: Draft) -> Snapshot:
    """Every figure of the draft now, for the history."""
    return Snapshot(
        round=d.round,
        stress=d.stress,
        legs=(d.legs[0], d.legs[1], d.legs[2]),
        stability=stability_index(d.legs, d.sc.scoring.min_weight),
        severity=tuple(d.severity),
        known=tuple(d.known),
        trust=tuple(d.trust),
        euros=tuple(d.euros),
        kpi=tuple(d.kpi),
        mandate=tuple(d.mandate),
        crisis_cost=sum(v for _, v in d.crisis_costs),
    )


__all__ = ["DRAFTED", "LINES", "Draft", "generate_copies", "snapshot"]
