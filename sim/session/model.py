"""The saved-session model: a live session as data, and the pure functions that build and update it.

A `SavedSession` is the game record (scenario id and content hash, seed, the
agencies in play, every action) plus what lives around the game on the shared
screen: who sits where (a team of people or an AI policy), the teams' names,
the language, the round timer, the facilitator's notes and the P/S/M/U ratings
of the learning objectives. `sim.session.codec` turns it into JSON and back,
`sim.session.store` keeps it on disk, `sim.session.restore` brings it back to life.
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from sim.core.state import (
    Action,
    Adjust,
    FrozenDict,
    GameState,
    InjectEvent,
    Pass,
    PlayCard,
    Share,
)
from sim.i18n import DEFAULT_LANG, keys, name_of, t
from sim.session.limits import clean_text

FORMAT = "stabiel-session"
VERSION = 1
HUMAN = "mens"  # the seat value for a team of people (as in sim.ui.session)
RATINGS = ("P", "S", "M", "U")  # the facilitator's rating of a learning objective
NOTE_KINDS = ("note", "undo", "redo")  # a facilitator's note, or an undo/redo shown in the session log


class SessionFileError(ValueError):
    """A session file that cannot be read, written or restored; `text(lang)` says why."""

    def __init__(self, file: str | os.PathLike[str] | None, key: str, **params: Any):
        self.file = None if file is None else str(file)
        self.key = key
        self.params = params
        self.hint: tuple[Any, ...] | None = None  # ("i18n", key, {params}): what to try, said after the problem
        super().__init__(self.text("en"))

    def with_hint(self, hint: tuple[Any, ...]) -> SessionFileError:
        """This error with a suggestion after it (e.g. the backup that exists beside a damaged file)."""
        self.hint = hint
        self.args = (self.text("en"),)
        return self

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in `lang`, starting with the file it is about (and ending with the hint, if any)."""
        message = t(self.key, lang, **{k: _param(v, lang) for k, v in self.params.items()})
        if self.hint is not None:
            message = f"{message} {_param(self.hint, lang)}"
        return message if self.file is None else f"{self.file}: {message}"


def _param(value: Any, lang: str) -> Any:
    """A message parameter in `lang`: ("i18n", key) or ("i18n", key, {params}) is itself a text (its params may be too)."""
    if isinstance(value, tuple) and value[:1] == ("i18n",):
        inner = value[2] if len(value) > 2 else {}
        return t(value[1], lang, **{k: _param(v, lang) for k, v in inner.items()})
    return value


def os_reason(exc: OSError) -> tuple[Any, ...]:
    """What went wrong in the operating system, as a SessionFileError parameter in the reader's language.

    `strerror` is English whatever the interface speaks ("No space left on
    device"); the catalogs have the errors a facilitator meets, by errno name.
    """
    name = errno.errorcode.get(exc.errno or 0, "")
    key = f"os.err.{name}"
    if name and key in keys(DEFAULT_LANG):
        return ("i18n", key)
    return ("i18n", "os.err.other", {"code": name or str(exc.errno or "?")})


def os_text(exc: BaseException, lang: str = DEFAULT_LANG) -> str:
    """What went wrong, in `lang`: an operating-system error by its errno (see `os_reason`), anything else as it says."""
    if isinstance(exc, OSError):
        return str(_param(os_reason(exc), lang))
    return str(exc)


def new_session_id() -> str:
    """A random id for a new session: its autosave file's name can never be another session's."""
    return uuid.uuid4().hex


def now() -> str:
    """The current local time as ISO 8601 text with its UTC offset (seconds precision)."""
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _frozen(mapping: Mapping[str, str] | None) -> FrozenDict:
    return FrozenDict(mapping or {})


@attrs.frozen
class FinalFigures:
    """The figures of a game's last state: printed after a replay, stored in records and sessions for checking."""

    round: int
    outcome: str | None  # an Outcome value, or None while the game runs
    stress: float
    legs: tuple[float, ...]
    severity: tuple[int, ...]
    euros: float
    crisis_cost: float
    boundary_crossings: int
    actions: int

    @classmethod
    def of(cls, state: GameState) -> FinalFigures:
        """The figures of `state`, rounded as they are stored."""
        return cls(
            round=state.round,
            outcome=None if state.outcome is None else state.outcome.value,
            stress=round(state.stress, 3),
            legs=tuple(round(x, 3) for x in state.legs),
            severity=tuple(state.severity),
            euros=round(sum(state.euros), 2),
            crisis_cost=round(state.crisis_cost, 2),
            boundary_crossings=len(state.crossings),
            actions=len(state.actions),
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON-ready form (lists, not tuples): what `final_figures` returns."""
        return {f.name: list(v) if isinstance(v, tuple) else v for f in attrs.fields(FinalFigures) for v in [getattr(self, f.name)]}


def shortened(sc: Any, rounds: int | None) -> Any:
    """The scenario `sc` played over `rounds` weeks when that is shorter than its own; else `sc` itself.

    A shorter game is the scenario's own `rounds` field, lower: the engine's end-of-game rule, the week counter
    and the computer teams all read it there (events scheduled after the last week then never come)."""
    if rounds is None or rounds >= sc.rounds:
        return sc
    return attrs.evolve(sc, rounds=max(1, int(rounds)))


def final_figures(state: GameState) -> dict[str, Any]:
    """The figures printed after a replay and stored in a record for checking."""
    return FinalFigures.of(state).as_dict()


@attrs.frozen
class Note:
    """A line in the session log that is not a game action: a facilitator's note, or an undo/redo."""

    round: int
    text: str
    time: str  # ISO 8601, when it was written
    kind: str = "note"  # one of NOTE_KINDS
    log_len: int | None = None  # length of the game log at that moment: where the line stands among the log lines


@attrs.frozen
class SavedSession:
    """Everything needed to resume a session on the shared screen exactly where it was."""

    scenario_path: str  # where the scenario file was when the session began
    scenario_id: str
    scenario_hash: str  # sha256 of the scenario file's bytes (LoadedScenario.content_hash)
    seed: int
    in_play: tuple[str, ...]
    actions: tuple[Action, ...] = ()
    redo: tuple[Action, ...] = ()  # actions taken back by undo, next one first (redo survives a crash too)
    seats: FrozenDict = attrs.field(factory=FrozenDict, converter=_frozen)  # agency -> HUMAN or a policy name
    names: FrozenDict = attrs.field(factory=FrozenDict, converter=_frozen)  # agency -> the team's own name
    lang: str = DEFAULT_LANG
    round_seconds: int = 0  # the round timer (0: none)
    timer_left: float | None = None  # seconds left on the round timer when saved
    notes: tuple[Note, ...] = ()
    ratings: FrozenDict = attrs.field(factory=FrozenDict, converter=_frozen)  # learning objective id -> P/S/M/U
    created: str = attrs.field(factory=now)
    updated: str = attrs.field(factory=now)
    final: FrozenDict | None = attrs.field(default=None, hash=False)  # final_figures of the saved state
    session_id: str = ""  # random, set when the session starts: names its autosave file (empty in files from before)
    # A shorter game than the scenario's, in weeks, chosen at the set-up (None: the scenario's own length; only a
    # shorter game writes the key, so other files keep their bytes). Replay and resume play it on `shortened`.
    rounds: int | None = None
    companion: bool = False  # companion mode: the teams play the printed cards, entered by code (issue 14)
    # While teams play on their own devices (sim.net): each seat's token by seat path, so a session resumed after a
    # crash keeps its seats. Secret: only the session file holds them, never a report, a log or the screen.
    console_tokens: FrozenDict = attrs.field(factory=FrozenDict, converter=_frozen, repr=False)
    # While the consoles run: the teams played by people at the table (hot seat) rather than on their own device, so
    # a resumed session seats them there again (only written when there is one).
    console_at_table: tuple[str, ...] = ()
    format: str = FORMAT
    version: int = VERSION

    @property
    def round(self) -> int:
        """The round the session was in when saved (0 before the first round)."""
        return int(self.final["round"]) if self.final else 0

    @property
    def outcome(self) -> str | None:
        """How the game ended ("stabiel", "kwetsbaar", "crisis"), or None while it runs."""
        return self.final.get("outcome") if self.final else None

    @property
    def facilitator_notes(self) -> tuple[Note, ...]:
        """The notes the facilitator typed (not the undo/redo lines)."""
        return tuple(n for n in self.notes if n.kind == "note")


# ---------------------------------------------------------------------------
# Building and updating a saved session (pure: each returns a new one).
# ---------------------------------------------------------------------------


def start(
    scenario_path: str | os.PathLike[str],
    scenario_id: str,
    scenario_hash: str,
    state: GameState,
    seats: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    lang: str = DEFAULT_LANG,
    round_seconds: int = 0,
) -> SavedSession:
    """A new saved session for a game that starts (or stands) at `state`."""
    stamp = now()
    return SavedSession(
        scenario_path=str(Path(scenario_path).resolve()) if str(scenario_path) else "",
        scenario_id=scenario_id,
        scenario_hash=scenario_hash,
        seed=state.seed,
        in_play=tuple(state.in_play),
        actions=tuple(state.actions),
        seats=dict(seats or {}),
        names={a: clean_text(n, "name") for a, n in (names or {}).items()},
        lang=lang,
        round_seconds=int(round_seconds),
        created=stamp,
        updated=stamp,
        final=FrozenDict(final_figures(state)),
        session_id=new_session_id(),
    )


def update(
    saved: SavedSession,
    state: GameState,
    redo: Sequence[Action] = (),
    timer_left: float | None = None,
    **changes: Any,
) -> SavedSession:
    """The session after the game reached `state` (with `redo`: the actions undo took back, next one first).

    Other fields (names, seats, lang, round_seconds) may be changed by keyword.
    """
    return attrs.evolve(
        saved, actions=tuple(state.actions), redo=tuple(redo), timer_left=timer_left,
        final=FrozenDict(final_figures(state)), updated=now(), **changes,
    )


def capture(session: Any, previous: SavedSession | None = None, ratings: Mapping[str, str] | None = None) -> SavedSession:
    """The saved form of a live session (`sim.ui.session.Session`); call after every change, then `autosave`.

    Reads the session's scenario, scenario_path, content_hash, states, undone
    (redo), seats, lang, round_seconds, timer_left and journal (undo, redo and
    note entries). `previous` (the last saved form) keeps the session's
    creation time, the times of earlier notes and the ratings; `ratings`
    replaces the ratings when given.
    """
    state = session.state
    sc = session.scenario
    base = previous or start(session.scenario_path or "", sc.id, session.content_hash, session.states[0])
    timer = getattr(session, "timer_left", None)
    return attrs.evolve(
        base,
        actions=tuple(map(_fit_action, state.actions)),
        redo=tuple(_fit_action(s.actions[-1]) for s in reversed(getattr(session, "undone", ()))),
        seats=dict(session.seats.controller),
        names={a: clean_text(n, "name") for a, n in session.seats.names.items() if n},
        lang=session.lang,
        round_seconds=int(session.round_seconds or 0),
        timer_left=None if timer is None else max(0.0, float(timer)),
        notes=_journal_notes(getattr(session, "journal", ()), base.notes),
        ratings=dict(base.ratings if ratings is None else ratings),
        final=FrozenDict(final_figures(state)),
        companion=bool(getattr(session, "companion", False)),
        rounds=getattr(session, "short_rounds", None),
        console_tokens=_console_tokens(session, base),
        console_at_table=_console_at_table(session, base),
        updated=now(),
    )


def _console_tokens(session: Any, base: SavedSession) -> dict[str, str]:
    """The seats' tokens while the consoles run (sim.net), else those the session was saved with."""
    consoles = getattr(session, "consoles", None)
    host = getattr(consoles, "host", None)
    return dict(host.tokens.stored()) if host is not None else dict(base.console_tokens)


def _console_at_table(session: Any, base: SavedSession) -> tuple[str, ...]:
    """The teams people play at the table while the consoles run (sim.net), else those the session was saved with."""
    host = getattr(getattr(session, "consoles", None), "host", None)
    modes = getattr(host, "modes", None)
    if modes is None:
        return tuple(base.console_at_table)
    return tuple(a for a in (ag.id for ag in session.scenario.agencies) if modes.get(a) == "table")


def _fit_action(action: Action) -> Action:
    """The action as a session file may hold it: the reason of an adjustment cleaned of what cannot be read back."""
    if isinstance(action, Adjust) and clean_text(action.reason, "note") != action.reason:
        return attrs.evolve(action, reason=clean_text(action.reason, "note"))
    return action


def _journal_notes(journal: Sequence[Any], old: Sequence[Note]) -> tuple[Note, ...]:
    """The live session's journal as notes, keeping the time of each line that was already saved."""
    notes = []
    for i, entry in enumerate(journal):
        kind, rnd, text = entry.kind, int(entry.round), clean_text(entry.text or "", "note")
        log_len = getattr(entry, "log_len", None)
        same = i < len(old) and (old[i].kind, old[i].round, old[i].text) == (kind, rnd, text)
        notes.append(Note(rnd, text, old[i].time if same else now(), kind, log_len))
    return tuple(notes)


def add_note(saved: SavedSession, round: int, text: str, kind: str = "note", time: str | None = None,
             log_len: int | None = None) -> SavedSession:
    """The session with one more line in its log: a facilitator's note (or, with `kind`, an undo/redo)."""
    if kind not in NOTE_KINDS:
        raise ValueError(f"unknown note kind {kind!r}; known: {', '.join(NOTE_KINDS)}")
    note = Note(int(round), clean_text(str(text), "note"), time or now(), kind, log_len)
    return attrs.evolve(saved, notes=saved.notes + (note,), updated=now())


def action_text(sc: Any, action: Action, lang: str = DEFAULT_LANG) -> str:
    """A game action in words, e.g. for the log line of an undo."""
    if isinstance(action, PlayCard):
        return t("log.card", lang, agency=name_of(("agency", action.agency), lang, sc), card=name_of(("card", action.card), lang, sc))
    if isinstance(action, Share):
        key = "action.share" if action.to else "action.share_table"
        to = name_of(("agency", action.to), lang, sc) if action.to else ""
        return t(key, lang, to=to, stressor=name_of(("stressor", action.stressor), lang, sc))
    if isinstance(action, Pass):
        return t("log.pass", lang, agency=name_of(("agency", action.agency), lang, sc))
    if isinstance(action, InjectEvent):
        return t("log.inject", lang, event=name_of(("event", action.event), lang, sc))
    if isinstance(action, Adjust):
        from sim.core import engine  # here: the start screen reads sessions without the engine (and numpy)

        figure = t(f"figure.{action.figure}", lang, leg="", stressor="", agency="").strip() if action.figure in engine.ADJUSTABLE else action.figure
        return t("log.adjust", lang, figure=figure, reason=action.reason)
    return t("session.next_phase", lang)


def add_undo(saved: SavedSession, sc: Any, action: Action, round: int, redo: bool = False) -> SavedSession:
    """The session with an undo (or redo) of `action` in its log, in the session's language."""
    kind = "redo" if redo else "undo"
    return add_note(saved, round, t(f"session.{kind}", saved.lang, action=action_text(sc, action, saved.lang)), kind)


def set_rating(saved: SavedSession, objective: str, rating: str | None) -> SavedSession:
    """The session with learning objective `objective` rated P, S, M or U (None: no rating)."""
    ratings = dict(saved.ratings)
    if rating is None:
        ratings.pop(objective, None)
    elif rating not in RATINGS:
        raise ValueError(f"a rating is one of {', '.join(RATINGS)}, not {rating!r}")
    else:
        ratings[objective] = rating
    return attrs.evolve(saved, ratings=ratings, updated=now())


def branch(saved: SavedSession, upto: int) -> SavedSession:
    """A new session that starts from the state after the first `upto` actions of `saved` (replay: play on from here)."""
    if not 0 <= upto <= len(saved.actions):
        raise ValueError(f"upto must lie between 0 and {len(saved.actions)}, not {upto}")
    stamp = now()
    return attrs.evolve(
        saved, actions=saved.actions[:upto], redo=(), timer_left=None, notes=(), ratings={},
        created=stamp, updated=stamp, final=None, session_id=new_session_id(),
    )


def fork(saved: SavedSession) -> SavedSession:
    """The same session going on in a new file (the original save stays as it was): a new id and start time."""
    return attrs.evolve(saved, created=now(), session_id=new_session_id())
