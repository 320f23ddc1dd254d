"""The game state (what changes) and the actions that change it.

A `GameState` is frozen: `sim.core.engine.apply` returns a new one and never touches
the old, so undo, look-ahead and replay are just a matter of keeping states.
Per-agency and per-stressor figures are tuples indexed like
`scenario.agencies` and `scenario.stressors`.
"""

from __future__ import annotations

import enum
from typing import Any, TypeAlias

import attrs

from sim.core.frozen import EMPTY, FrozenDict
from sim.core.grown import Grown
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
class Share:
    """An agency shares a stressor from its own dossier: with one partner (`to`), or with the whole table (`to` None).

    A boundary crossing (privacy): it costs what the scenario's `sharing:` block says.
    """

    agency: AgencyId
    stressor: StressorId
    to: AgencyId | None = None


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


Action: TypeAlias = PlayCard | Share | Pass | NextPhase | InjectEvent | Adjust

class _Name(str, enum.Enum):
    """A name that is also its plain string: compares, hashes and formats as its value."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(self, spec)


class Figure(_Name):
    """The figures a change moves (`Change.figure`) and the facilitator adjusts (`Adjust.figure`)."""

    STRESS = "stress"
    LEG = "leg"
    STRESSOR = "stressor"
    REVEAL = "reveal"
    TRUST = "trust"
    FLAG = "flag"
    EUROS = "euros"
    KPI = "kpi"
    MANDATE = "mandate"
    CAPACITY = "capacity"
    CRISIS = "crisis"


class LogKind(_Name):
    """The kinds of log line (`LogEntry.kind`): each is the i18n key of its text."""

    START = "log.start"
    PHASE = "log.phase"
    EVENT = "log.event"
    EVENT_CANCELLED = "log.event_cancelled"
    EVENT_SKIPPED = "log.event_skipped"
    INJECT = "log.inject"
    CARD = "log.card"
    JOINT = "log.joint"
    RULE = "log.rule"
    RULE_EXPIRED = "log.rule_expired"
    PASS = "log.pass"
    SHARE = "log.share"  # to one partner; to the whole table it is SHARE_TABLE
    SHARE_TABLE = "log.share_table"
    DELAYED = "log.delayed"
    VERWERKING = "log.verwerking"
    ADJUST = "log.adjust"
    END = "log.end"


PLAY_KINDS = frozenset({LogKind.CARD, LogKind.JOINT, LogKind.RULE})  # log lines of a card being played


# ---------------------------------------------------------------------------
# Parts of the state.
# ---------------------------------------------------------------------------


@attrs.frozen
class Change:
    """One figure that moved: shown at once on screen and kept in the log."""

    figure: Figure
    key: str | None
    before: float
    after: float


@attrs.frozen
class LogEntry:
    """One line of the game log, structured so the screen can translate it."""

    round: int
    phase: Phase
    kind: LogKind  # its value is the i18n key of the line's text
    agency: AgencyId | None = None
    ref: str | None = None  # card or event id
    changes: tuple[Change, ...] = ()
    note: str | None = None  # free text typed by the facilitator
    to: AgencyId | None = None  # a share: the partner told (None: the whole table, or not a share)


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


# ---------------------------------------------------------------------------
# The state. Each field is declared once, here, with how a move edits it
# (`Keep`) and whether it is on the shared screen (`public`); the engine's
# draft (sim.core.draft), the observation (sim.core.observation) and the AI's
# determinisation (sim.agents.lookahead) are derived from these declarations.
# ---------------------------------------------------------------------------


class Keep(enum.Enum):
    """How the engine's working copy of a state (`sim.core.draft.Draft`) holds a field."""

    FIXED = "fixed"  # set when the game starts and never changed by a move
    VALUE = "value"  # an immutable value, replaced whole
    LIST = "list"  # a tuple, edited as a list
    SET = "set"  # a frozenset, edited as a set
    MAP = "map"  # a FrozenDict, edited as a dict
    GROW = "grow"  # an append-only record (a Grown, shared along a line of play): the draft holds only the items added by this move


def _field(keep: Keep, public: bool, default: Any = attrs.NOTHING) -> Any:
    """A GameState field with its draft kind and visibility."""
    if keep is Keep.GROW:  # any sequence given becomes a Grown; each state starts its own empty one
        return attrs.field(factory=Grown, converter=Grown.of, metadata={"keep": keep, "public": public})
    return attrs.field(default=default, metadata={"keep": keep, "public": public})


# Parts, by concern: the record (seed, chance, actions, log); the flow (round,
# phase, turn); the figures; the rules and lists in force; the deck; the score.


@attrs.frozen(kw_only=True)
class GameState:
    """Everything that changes during a game."""

    # The record.
    seed: int = _field(Keep.FIXED, False)
    chance: tuple[float, ...] = _field(Keep.FIXED, False)  # uniform numbers in [0, 1) from the seeded generator, one per round
    quiet: bool = _field(Keep.FIXED, False, False)  # the log keeps only the cards played (batch runs, look-ahead); all else is the same
    actions: Grown[Action] = _field(Keep.GROW, False)  # every action applied so far: the game record
    log: Grown[LogEntry] = _field(Keep.GROW, False)
    # The flow of the game.
    round: int = _field(Keep.VALUE, True, 0)
    phase: Phase = _field(Keep.VALUE, True, Phase.GEBEURTENIS)
    turn: int = _field(Keep.VALUE, True, 0)  # index into `in_play` order of the active agency (Acties)
    in_play: tuple[AgencyId, ...] = _field(Keep.VALUE, True)  # agencies at the table, in turn order
    # The figures (per agency and per stressor: tuples indexed like the scenario's).
    stress: float = _field(Keep.VALUE, True)
    legs: tuple[float, float, float] = _field(Keep.LIST, True)
    severity: tuple[int, ...] = _field(Keep.LIST, False)  # secret: hidden stressors' severities
    known: tuple[bool, ...] = _field(Keep.LIST, True)
    dossiers: tuple[frozenset[AgencyId], ...] = _field(Keep.LIST, False, ())  # secret: per stressor, the teams whose dossier holds it
    trust: tuple[float, ...] = _field(Keep.LIST, True)
    capacity: tuple[int, ...] = _field(Keep.LIST, True)  # left this round
    mandate: tuple[int, ...] = _field(Keep.LIST, True)
    kpi: tuple[float, ...] = _field(Keep.LIST, True)
    euros: tuple[float, ...] = _field(Keep.LIST, True)
    flags: FrozenDict[FlagId, int] = _field(Keep.MAP, True, EMPTY)  # flag -> round it was set in
    # Cards, rules in force and waiting lists.
    plays: FrozenDict[CardId, int] = _field(Keep.MAP, True, EMPTY)  # card -> times played this game
    played_this_round: frozenset[CardId] = _field(Keep.SET, True, frozenset())
    rules: tuple[ActiveRule, ...] = _field(Keep.LIST, True, ())
    pending: tuple[Pending, ...] = _field(Keep.LIST, True, ())
    # The event deck.
    queued: tuple[EventId, ...] = _field(Keep.LIST, False, ())  # triggered events that fire next event phase
    fired: frozenset[EventId] = _field(Keep.SET, True, frozenset())  # triggered events that already fired
    drawn: FrozenDict[EventId, int] = _field(Keep.MAP, True, EMPTY)  # event -> deck copies drawn so far
    round_events: tuple[EventId, ...] = _field(Keep.LIST, False, ())  # events of this round's event phase, for the screen
    # The score.
    stable_streak: int = _field(Keep.VALUE, True, 0)
    crisis_costs: tuple[tuple[str, float], ...] = _field(Keep.LIST, False, ())
    outcome: Outcome | None = _field(Keep.VALUE, False, None)
    end_reason: str | None = _field(Keep.VALUE, False, None)  # "rounds", "stress", "stabilised", or a crisis cost key
    crossings: Grown[Crossing] = _field(Keep.GROW, False)
    joints: Grown[JointAction] = _field(Keep.GROW, False)
    history: Grown[Snapshot] = _field(Keep.GROW, False)

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


def fields_kept(*keeps: Keep) -> tuple[str, ...]:
    """The names of GameState's fields that the draft holds in one of these ways, in declaration order."""
    return tuple(f.name for f in attrs.fields(GameState) if f.metadata["keep"] in keeps)


PUBLIC_FIELDS: tuple[str, ...] = tuple(f.name for f in attrs.fields(GameState) if f.metadata["public"])
"""The fields on the shared screen: every observation holds them (`sim.core.observation`)."""


__all__ = [
    "EMPTY",
    "PLAY_KINDS",
    "PUBLIC_FIELDS",
    "Action",
    "ActiveRule",
    "Adjust",
    "Change",
    "Crossing",
    "Figure",
    "FrozenDict",
    "GameState",
    "InjectEvent",
    "JointAction",
    "Keep",
    "LogEntry",
    "LogKind",
    "NextPhase",
    "Outcome",
    "Pass",
    "Pending",
    "Phase",
    "PlayCard",
    "Share",
    "Snapshot",
    "StressorId",
    "fields_kept",
]
