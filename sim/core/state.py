"""The game state (what changes) and the actions that change it.

A `GameState` is frozen: `sim.core.engine.apply` returns a new one and never touches
the old, so undo, look-ahead and replay are just a matter of keeping states.
Per-agency and per-stressor figures are tuples indexed like
`scenario.agencies` and `scenario.stressors`.
"""

from __future__ import annotations

import enum
from typing import Any, TypeAlias, Union

import attrs

from sim.core.model import AgencyId, CardId, Effect, EventId, FlagId, StressorId


class Phase(str, enum.Enum):
    """The phases of a round (GAME.md §3), plus the end."""

    GEBEURTENIS = "gebeurtenis"  # events resolve
    OVERLEG = "overleg"  # case conference
    ACTIES = "acties"  # each agency in turn plays cards
    VERWERKING = "verwerking"  # delayed effects land, stressors work (runs when the last agency passes)
    EINDE = "einde"  # the game is over


class Outcome(str, enum.Enum):
    """How the game ended for the person."""

    STABIEL = "stabiel"
    KWETSBAAR = "kwetsbaar"
    CRISIS = "crisis"


# ---------------------------------------------------------------------------
# Actions: small value objects with a readable repr.
# ---------------------------------------------------------------------------


@attrs.frozen
class PlayCard:
    """An agency plays one of its cards (joint cards: its partners have agreed)."""

    agency: AgencyId
    card: CardId


@attrs.frozen
class Pass:
    """The active agency ends its turn."""

    agency: AgencyId


@attrs.frozen
class NextPhase:
    """Move on from the event phase or the case conference."""


@attrs.frozen
class InjectEvent:
    """The facilitator brings in an event card now."""

    event: EventId


@attrs.frozen
class Adjust:
    """The facilitator changes a figure, with a reason that goes in the log.

    `figure` is one of stress, leg, stressor, trust, kpi, mandate, capacity;
    `key` names the leg, stressor or agency where the figure needs one.
    """

    figure: str
    delta: float
    reason: str
    key: str | None = None


Action: TypeAlias = Union[PlayCard, Pass, NextPhase, InjectEvent, Adjust]

_ACTION_TYPES: dict[str, type] = {
    "play": PlayCard,
    "pass": Pass,
    "next": NextPhase,
    "inject": InjectEvent,
    "adjust": Adjust,
}
_ACTION_NAMES = {cls: name for name, cls in _ACTION_TYPES.items()}


def action_to_dict(action: Action) -> dict[str, Any]:
    """A JSON-ready form of an action, for game records."""
    return {"type": _ACTION_NAMES[type(action)], **attrs.asdict(action)}


def action_from_dict(data: Any) -> Action:
    """Rebuild an action from `action_to_dict` output; raise ValueError when malformed."""
    if not isinstance(data, dict) or data.get("type") not in _ACTION_TYPES:
        raise ValueError(f"not an action: {data!r}")
    cls = _ACTION_TYPES[data["type"]]
    fields = {f.name: f for f in attrs.fields(cls)}
    args = {k: v for k, v in data.items() if k != "type"}
    if set(args) - set(fields):
        raise ValueError(f"unknown fields in action: {sorted(set(args) - set(fields))}")
    try:
        return cls(**args)
    except TypeError as exc:
        raise ValueError(f"malformed action {data!r}: {exc}") from None


class FrozenDict(dict):
    """A read-only, hashable dict: the state's small mappings (flags, plays, drawn cards)."""

    __slots__ = ()

    def _readonly(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("FrozenDict is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _readonly  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self):
        return (FrozenDict, (dict(self),))


EMPTY = FrozenDict()


# ---------------------------------------------------------------------------
# Parts of the state.
# ---------------------------------------------------------------------------


@attrs.frozen
class Change:
    """One figure that moved: shown at once on screen and kept in the log."""

    figure: str  # stress, leg, stressor, reveal, trust, flag, euros, kpi, mandate, capacity, crisis
    key: str | None
    before: float
    after: float


@attrs.frozen
class LogEntry:
    """One line of the game log, structured so the screen can translate it."""

    round: int
    phase: Phase
    kind: str  # an i18n key below "log."
    agency: AgencyId | None = None
    ref: str | None = None  # card or event id
    changes: tuple[Change, ...] = ()
    note: str | None = None  # free text typed by the facilitator


@attrs.frozen
class Pending:
    """An effect on a waiting list: it lands in the Verwerking of round `due`."""

    due: int
    effect: Effect
    agency: AgencyId | None
    source: str  # card or event id


@attrs.frozen
class ActiveRule:
    """A rule card in force from `since` up to and including round `until` (None: rest of game)."""

    card: CardId
    agency: AgencyId
    since: int
    until: int | None


@attrs.frozen
class Crossing:
    """A boundary crossing: who played which grensverlegger, when, at what stress."""

    round: int
    agency: AgencyId
    card: CardId
    stress_before: float


@attrs.frozen
class JointAction:
    """A joint card played by several agencies together."""

    round: int
    card: CardId
    agencies: tuple[AgencyId, ...]


@attrs.frozen
class Snapshot:
    """Every figure at the end of a round's Verwerking (round 0: the start)."""

    round: int
    stress: float
    legs: tuple[float, float, float]
    stability: float
    severity: tuple[int, ...]
    known: tuple[bool, ...]
    trust: tuple[float, ...]
    euros: tuple[float, ...]
    kpi: tuple[float, ...]
    mandate: tuple[int, ...]
    crisis_cost: float


@attrs.frozen
class GameState:
    """Everything that changes during a game."""

    seed: int
    chance: tuple[float, ...]  # uniform numbers in [0, 1) drawn from the seeded generator, one per round
    round: int
    phase: Phase
    turn: int  # index into `in_play` order of the active agency (Acties)
    in_play: tuple[AgencyId, ...]  # agencies at the table, in turn order
    stress: float
    legs: tuple[float, float, float]
    severity: tuple[int, ...]
    known: tuple[bool, ...]
    trust: tuple[float, ...]
    capacity: tuple[int, ...]  # left this round
    mandate: tuple[int, ...]
    kpi: tuple[float, ...]
    euros: tuple[float, ...]
    flags: FrozenDict  # flag -> round it was set in
    plays: FrozenDict  # card -> times played this game
    played_this_round: frozenset[CardId]
    rules: tuple[ActiveRule, ...]
    pending: tuple[Pending, ...]
    queued: tuple[EventId, ...]  # triggered events that fire next event phase
    fired: frozenset[EventId]  # triggered events that already fired
    drawn: FrozenDict  # event -> deck copies drawn so far
    round_events: tuple[EventId, ...]  # events of this round's event phase, for the screen
    stable_streak: int
    crisis_costs: tuple[tuple[str, float], ...]
    outcome: Outcome | None
    end_reason: str | None  # "rounds", "stress", "stabilised", or a crisis cost key
    crossings: tuple[Crossing, ...]
    joints: tuple[JointAction, ...]
    history: tuple[Snapshot, ...]
    log: tuple[LogEntry, ...]
    actions: tuple[Action, ...]  # every action applied so far: the game record
    quiet: bool = False  # the log keeps only the cards played (batch simulations, look-ahead); all else is the same

    def flag_round(self, flag: FlagId) -> int | None:
        """The round `flag` was set in, or None when it is not set."""
        return self.flags.get(flag)

    def times_played(self, card: CardId) -> int:
        """How often `card` has been played this game."""
        return self.plays.get(card, 0)

    @property
    def active_agency(self) -> AgencyId | None:
        """The agency whose turn it is in the Acties phase, else None."""
        if self.phase is Phase.ACTIES and self.turn < len(self.in_play):
            return self.in_play[self.turn]
        return None

    @property
    def crisis_cost(self) -> float:
        """Total crisis costs incurred."""
        return sum(v for _, v in self.crisis_costs)


__all__ = [
    "Action",
    "ActiveRule",
    "Adjust",
    "Change",
    "Crossing",
    "FrozenDict",
    "GameState",
    "InjectEvent",
    "JointAction",
    "LogEntry",
    "NextPhase",
    "Outcome",
    "Pass",
    "Pending",
    "Phase",
    "PlayCard",
    "Snapshot",
    "StressorId",
    "action_from_dict",
    "action_to_dict",
]
