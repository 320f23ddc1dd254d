"""Session files: a live session saved to disk, so it survives a crash, and can be resumed or replayed.

A `SavedSession` is the game record (scenario id and content hash, seed, the
agencies in play, every action) plus what lives around the game on the shared
screen: who sits where (a team of people or an AI policy), the teams' names,
the language, the round timer, the facilitator's notes and the P/S/M/U ratings
of the learning objectives. It is JSON on disk.

Writing is atomic (`save_session`): the new text goes to a temporary file in
the same folder, is flushed to the disk and then renamed over the old file, so
a crash, a killed process or a closed laptop lid leaves either the old or the
new file, never half of one. The previous version is kept as `<name>.bak`.
Reading (`load_session`) refuses a damaged, cut-off, foreign or unknown-version
file with a `SessionFileError` that says what is wrong, in Dutch or English;
nothing that can be read is ever overwritten by something that cannot.

Autosaves live in the user's data folder (platformdirs), or in the folder named
by the environment variable STABIEL_DATA_DIR (tests, portable installs).

This module is part of the rules core: it imports no pygame.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import attrs

from sim import resources
from sim.core import engine
from sim.i18n import DEFAULT_LANG, t
from sim.core.model import LANGUAGES
from sim.session.record import final_figures
from sim.core.state import Action, FrozenDict, GameState, action_from_dict, action_to_dict

FORMAT = "stabiel-session"
VERSION = 1
HUMAN = "mens"  # the seat value for a team of people (as in sim.ui.session)
RATINGS = ("P", "S", "M", "U")  # the facilitator's rating of a learning objective
NOTE_KINDS = ("note", "undo", "redo")  # a facilitator's note, or an undo/redo shown in the session log
ENV_DATA_DIR = "STABIEL_DATA_DIR"
SUFFIX = ".stabiel.json"
BACKUP_SUFFIX = ".bak"


class SessionFileError(ValueError):
    """A session file that cannot be read, written or restored; `text(lang)` says why."""

    def __init__(self, file: str | os.PathLike | None, key: str, **params: Any):
        self.file = None if file is None else str(file)
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in `lang`, starting with the file it is about."""
        params = {k: (t(v[1], lang) if isinstance(v, tuple) and v[:1] == ("i18n",) else v) for k, v in self.params.items()}
        message = t(self.key, lang, **params)
        return message if self.file is None else f"{self.file}: {message}"


def now() -> str:
    """The current local time as ISO 8601 text with its UTC offset (seconds precision)."""
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _frozen(mapping: Mapping[str, str] | None) -> FrozenDict:
    return FrozenDict(mapping or {})


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
    final: FrozenDict | None = attrs.field(default=None, hash=False)  # sim.session.record.final_figures of the saved state
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
    scenario_path: str | os.PathLike,
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
        names=dict(names or {}),
        lang=lang,
        round_seconds=int(round_seconds),
        created=stamp,
        updated=stamp,
        final=FrozenDict(_final(state)),
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
        final=FrozenDict(_final(state)), updated=now(), **changes,
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
    old = base.notes
    notes = []
    for i, entry in enumerate(getattr(session, "journal", ())):
        kind, rnd, text = entry.kind, int(entry.round), entry.text or ""
        log_len = getattr(entry, "log_len", None)
        same = i < len(old) and (old[i].kind, old[i].round, old[i].text) == (kind, rnd, text)
        notes.append(Note(rnd, text, old[i].time if same else now(), kind, log_len))
    timer = getattr(session, "timer_left", None)
    return attrs.evolve(
        base,
        actions=tuple(state.actions),
        redo=tuple(s.actions[-1] for s in reversed(getattr(session, "undone", ()))),
        seats=dict(session.seats.controller),
        names={a: n for a, n in session.seats.names.items() if n},
        lang=session.lang,
        round_seconds=int(session.round_seconds or 0),
        timer_left=None if timer is None else max(0.0, float(timer)),
        notes=tuple(notes),
        ratings=dict(base.ratings if ratings is None else ratings),
        final=FrozenDict(_final(state)),
        updated=now(),
    )


def add_note(saved: SavedSession, round: int, text: str, kind: str = "note", time: str | None = None,
             log_len: int | None = None) -> SavedSession:
    """The session with one more line in its log: a facilitator's note (or, with `kind`, an undo/redo)."""
    if kind not in NOTE_KINDS:
        raise ValueError(f"unknown note kind {kind!r}; known: {', '.join(NOTE_KINDS)}")
    note = Note(int(round), str(text), time or now(), kind, log_len)
    return attrs.evolve(saved, notes=saved.notes + (note,), updated=now())


def action_text(sc: Any, action: Action, lang: str = DEFAULT_LANG) -> str:
    """A game action in words, e.g. for the log line of an undo."""
    from sim.i18n import name_of
    from sim.core.state import Adjust, InjectEvent, Pass, PlayCard

    if isinstance(action, PlayCard):
        return t("log.card", lang, agency=name_of(("agency", action.agency), lang, sc), card=name_of(("card", action.card), lang, sc))
    if isinstance(action, Pass):
        return t("log.pass", lang, agency=name_of(("agency", action.agency), lang, sc))
    if isinstance(action, InjectEvent):
        return t("log.inject", lang, event=name_of(("event", action.event), lang, sc))
    if isinstance(action, Adjust):
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
        created=stamp, updated=stamp, final=None,
    )


def _final(state: GameState) -> dict[str, Any]:
    return final_figures(state)


# ---------------------------------------------------------------------------
# JSON.
# ---------------------------------------------------------------------------


def to_json(saved: SavedSession) -> str:
    """The session as JSON text."""
    data: dict[str, Any] = {
        "format": saved.format,
        "version": saved.version,
        "scenario_path": saved.scenario_path,
        "scenario_id": saved.scenario_id,
        "scenario_hash": saved.scenario_hash,
        "seed": saved.seed,
        "in_play": list(saved.in_play),
        "actions": [action_to_dict(a) for a in saved.actions],
        "redo": [action_to_dict(a) for a in saved.redo],
        "seats": dict(saved.seats),
        "names": dict(saved.names),
        "lang": saved.lang,
        "round_seconds": saved.round_seconds,
        "timer_left": saved.timer_left,
        "notes": [attrs.asdict(n) for n in saved.notes],
        "ratings": dict(saved.ratings),
        "created": saved.created,
        "updated": saved.updated,
        "final": None if saved.final is None else dict(saved.final),
    }
    # One field a line and one action a line: small, and still readable in an editor or a diff.
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    parts = []
    for key in ("format", "version", *sorted(set(data) - {"format", "version"})):  # what it is comes first
        value = data[key]
        if isinstance(value, list) and value and key in ("actions", "redo", "notes"):
            inner = ",\n".join("  " + dump(item) for item in value)
            parts.append(f" {dump(key)}: [\n{inner}\n ]")
        else:
            parts.append(f" {dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


_FIELDS = ("format", "version", "scenario_path", "scenario_id", "scenario_hash", "seed", "in_play", "actions",
           "redo", "seats", "names", "lang", "round_seconds", "timer_left", "notes", "ratings", "created",
           "updated", "final")
_REQUIRED = ("format", "version", "scenario_id", "scenario_hash", "seed", "in_play", "actions")


def from_json(text: str, file: str | os.PathLike | None = None) -> SavedSession:
    """Parse session JSON; raise SessionFileError saying what is wrong."""
    if not text.strip():
        raise SessionFileError(file, "session.err.empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"):
            raise SessionFileError(file, "session.err.truncated") from None
        raise SessionFileError(file, "session.err.not_json", line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise SessionFileError(file, "session.err.not_session") from None
    if not isinstance(data, dict) or "format" not in data:
        raise SessionFileError(file, "session.err.not_session")
    if data["format"] == "stabiel-record":
        raise SessionFileError(file, "session.err.is_record")
    if data["format"] != FORMAT:
        raise SessionFileError(file, "session.err.not_session")
    version = data.get("version")
    if not _is_int(version):
        raise SessionFileError(file, "session.err.unknown_version", version=repr(version), supported=VERSION)
    if version > VERSION:
        raise SessionFileError(file, "session.err.newer_version", version=version, supported=VERSION)
    if version != VERSION:
        raise SessionFileError(file, "session.err.unknown_version", version=version, supported=VERSION)
    for key in _REQUIRED:
        if key not in data:
            raise SessionFileError(file, "session.err.missing", field=key)
    extra = sorted(set(data) - set(_FIELDS))
    if extra:
        raise SessionFileError(file, "session.err.unknown_field", field=extra[0])
    return _structure(data, file)


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_time(x: Any) -> bool:
    if not isinstance(x, str):
        return False
    try:
        _dt.datetime.fromisoformat(x)
    except ValueError:
        return False
    return True


def _structure(data: dict[str, Any], file: str | os.PathLike | None) -> SavedSession:
    def bad(field: str, expected: str) -> SessionFileError:
        return SessionFileError(file, "session.err.field", field=field, expected=("i18n", f"session.expect.{expected}"))

    def text(field: str, default: str | None = None) -> str:
        value = data.get(field, default)
        if not isinstance(value, str):
            raise bad(field, "text")
        return value

    def texts(field: str) -> dict[str, str]:
        value = data.get(field) or {}
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise bad(field, "mapping")
        return value

    def actions(field: str) -> tuple[Action, ...]:
        value = data.get(field) or []
        if not isinstance(value, list):
            raise bad(field, "list")
        out = []
        for n, item in enumerate(value, 1):
            try:
                out.append(action_from_dict(item))
            except (ValueError, TypeError):
                raise SessionFileError(file, "session.err.action", field=field, n=n) from None
        return tuple(out)

    seed = data["seed"]
    if not _is_int(seed) or seed < 0:
        raise bad("seed", "count")
    in_play = data["in_play"]
    if not isinstance(in_play, list) or not in_play or not all(isinstance(a, str) for a in in_play):
        raise bad("in_play", "agencies")
    lang = data.get("lang", DEFAULT_LANG)
    if lang not in LANGUAGES:
        raise bad("lang", "lang")
    round_seconds = data.get("round_seconds", 0)
    if not _is_int(round_seconds) or round_seconds < 0:
        raise bad("round_seconds", "count")
    timer_left = data.get("timer_left")
    if timer_left is not None and (not isinstance(timer_left, (int, float)) or isinstance(timer_left, bool) or timer_left < 0):
        raise bad("timer_left", "number")
    ratings = texts("ratings")
    if not all(v in RATINGS for v in ratings.values()):
        raise bad("ratings", "rating")
    notes_raw = data.get("notes") or []
    if not isinstance(notes_raw, list):
        raise bad("notes", "list")
    notes = []
    for item in notes_raw:
        log_len = item.get("log_len") if isinstance(item, dict) else None
        if (not isinstance(item, dict) or set(item) - {"round", "text", "time", "kind", "log_len"}
                or not _is_int(item.get("round")) or not isinstance(item.get("text"), str)
                or not _is_time(item.get("time")) or item.get("kind", "note") not in NOTE_KINDS
                or not (log_len is None or (_is_int(log_len) and log_len >= 0))):
            raise bad("notes", "note")
        notes.append(Note(item["round"], item["text"], item["time"], item.get("kind", "note"), log_len))
    for field in ("created", "updated"):
        if field in data and not _is_time(data[field]):
            raise bad(field, "time")
    final = data.get("final")
    if final is not None and not isinstance(final, dict):
        raise bad("final", "mapping")
    stamp = data.get("created") or data.get("updated") or now()
    return SavedSession(
        scenario_path=text("scenario_path", ""),
        scenario_id=text("scenario_id"),
        scenario_hash=text("scenario_hash"),
        seed=seed,
        in_play=tuple(in_play),
        actions=actions("actions"),
        redo=actions("redo"),
        seats=texts("seats"),
        names=texts("names"),
        lang=lang,
        round_seconds=round_seconds,
        timer_left=None if timer_left is None else float(timer_left),
        notes=tuple(notes),
        ratings=ratings,
        created=stamp,
        updated=data.get("updated") or stamp,
        final=None if final is None else FrozenDict(final),
    )


# ---------------------------------------------------------------------------
# Files: atomic save with a backup, careful load.
# ---------------------------------------------------------------------------


def backup_path(path: str | os.PathLike) -> Path:
    """Where the previous version of a session file is kept: `<name>.bak`."""
    p = Path(path)
    return p.with_name(p.name + BACKUP_SUFFIX)


def load_session(path: str | os.PathLike) -> SavedSession:
    """Read a session file; raise SessionFileError (never anything else) when it cannot be used."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise SessionFileError(path, "session.err.missing_file") from None
    except OSError as exc:
        raise SessionFileError(path, "session.err.unreadable", reason=exc.strerror or str(exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionFileError(path, "session.err.not_text") from None
    return from_json(text, path)


def _readable(path: Path) -> bool:
    try:
        load_session(path)
    except SessionFileError:
        return False
    return True


def save_session(path: str | os.PathLike, saved: SavedSession) -> Path:
    """Write `saved` to `path` atomically, keeping the previous version as `<name>.bak`.

    The text goes to a temporary file in the same folder, is flushed to disk
    and renamed over `path`: a crash at any moment leaves a whole file. A
    previous file that is a readable session becomes the backup; one that is
    not (damaged, or not a session at all) is never thrown away: it is kept
    beside it as `<name>.unreadable-<time>`, and the last good backup stays.
    Raises SessionFileError when the folder cannot be written.
    """
    target = Path(path)
    data = to_json(saved).encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise SessionFileError(target, "session.err.write", reason=exc.strerror or str(exc)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            if _readable(target):
                _copy_atomically(target, backup_path(target))
            else:
                stamp = _dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
                os.replace(target, target.with_name(f"{target.name}.unreadable-{stamp}"))
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SessionFileError(target, "session.err.write", reason=exc.strerror or str(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _copy_atomically(source: Path, dest: Path) -> None:
    """Make `dest` a copy of `source` without a moment in which `dest` is half written."""
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        try:
            os.link(source, tmp)  # a second name for the same bytes: cheap, and `source` stays in place
        except OSError:
            shutil.copyfile(source, tmp)  # file systems without hard links (FAT on a USB stick)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_dir(folder: Path) -> None:
    # The rename itself must reach the disk too; not every platform can open a folder (Windows cannot).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------
# Autosave.
# ---------------------------------------------------------------------------


def autosave_dir() -> Path:
    """The folder for autosaves: $STABIEL_DATA_DIR/autosave, else the user's data folder (platformdirs)."""
    base = os.environ.get(ENV_DATA_DIR)
    if base:
        return Path(base) / "autosave"
    import platformdirs

    return Path(platformdirs.user_data_dir("stabiel", appauthor=False)) / "autosave"


def autosave_path(saved: SavedSession) -> Path:
    """The autosave file of this session (one per session, named by its start time and scenario)."""
    stamp = "".join(ch for ch in saved.created if ch.isdigit())[:14] or "0"
    safe_id = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in saved.scenario_id)[:60]
    return autosave_dir() / f"{stamp}-{safe_id}{SUFFIX}"


def autosave(saved: SavedSession) -> Path:
    """Save the session to its autosave file (atomic, with a backup); returns the path."""
    return save_session(autosave_path(saved), saved)


@attrs.frozen
class Autosave:
    """A session found in the autosave folder: where, what, and whether it came from the backup."""

    path: Path  # the session's own file (save here to go on)
    saved: SavedSession
    from_backup: bool = False  # the file itself was unreadable; this is the previous version
    problem: SessionFileError | None = None  # why the file itself could not be used


def list_autosaves() -> list[Autosave]:
    """Every usable autosaved session, the most recently updated first (damaged files fall back to their backup)."""
    folder = autosave_dir()
    try:
        names = {p.name[: -len(BACKUP_SUFFIX)] if p.name.endswith(BACKUP_SUFFIX) else p.name
                 for p in folder.iterdir() if not p.name.startswith(".")
                 and (p.name.endswith(SUFFIX) or p.name.endswith(SUFFIX + BACKUP_SUFFIX))}
    except OSError:
        return []
    found = []
    for name in names:
        path = folder / name
        try:
            found.append(Autosave(path, load_session(path)))
            continue
        except SessionFileError as exc:
            problem = exc
        try:
            found.append(Autosave(path, load_session(backup_path(path)), True, problem))
        except SessionFileError:
            continue
    found.sort(key=lambda a: (_sort_time(a.saved.updated), a.path.name), reverse=True)
    return found


def _sort_time(stamp: str) -> float:
    try:
        moment = _dt.datetime.fromisoformat(stamp)
    except ValueError:
        return 0.0
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()


def latest_autosave(include_finished: bool = True) -> Autosave | None:
    """The most recently updated autosaved session (optionally only one still running), or None."""
    for found in list_autosaves():
        if include_finished or found.saved.outcome is None:
            return found
    return None


def discard_autosave(saved_or_path: SavedSession | str | os.PathLike) -> None:
    """Move a session's autosave (and its backup) out of the resume offer, into autosave/old/; nothing is deleted."""
    path = autosave_path(saved_or_path) if isinstance(saved_or_path, SavedSession) else Path(saved_or_path)
    old = path.parent / "old"
    for p in (path, backup_path(path)):
        if p.exists():
            old.mkdir(parents=True, exist_ok=True)
            os.replace(p, old / p.name)


# ---------------------------------------------------------------------------
# Restoring: replay the actions on the scenario.
# ---------------------------------------------------------------------------


@attrs.frozen
class Restored:
    """A session brought back to life: every state (for undo), the redo states and what the facilitator must know."""

    states: tuple[GameState, ...]  # the start and the state after each action; the last is the current one
    redo_states: tuple[GameState, ...]  # the states redo would bring back, next one first
    warnings: tuple[str, ...]

    @property
    def state(self) -> GameState:
        """The current state."""
        return self.states[-1]


def restore_all(saved: SavedSession, loaded: Any, lang: str | None = None, strict: bool = False) -> Restored:
    """Replay the session on `loaded` (a LoadedScenario); keep every state.

    A scenario file whose content hash differs is told as a warning. When an
    action no longer fits a changed scenario, the session is restored up to the
    action before it, with a warning (with `strict`: SessionFileError instead).
    Raises SessionFileError when the session belongs to another scenario or
    cannot start on it.
    """
    lang = lang or saved.lang
    sc = loaded.scenario
    if saved.scenario_id != sc.id:
        raise SessionFileError(None, "session.err.other_scenario", saved=saved.scenario_id, scenario=sc.id)
    warnings: list[str] = []
    changed = bool(saved.scenario_hash) and saved.scenario_hash != loaded.content_hash
    if changed:
        warnings.append(t("session.warn.changed", lang, path=getattr(loaded, "path", saved.scenario_path), date=saved.updated[:10]))
    try:
        state = engine.new_game(sc, saved.seed, saved.in_play)
    except (ValueError, KeyError) as exc:
        raise SessionFileError(None, "session.err.cannot_start", reason=str(exc)) from None
    states = [state]
    total = len(saved.actions)
    for n, action in enumerate(saved.actions, 1):
        try:
            state = engine.apply(sc, state, action)
        except (engine.IllegalActionError, KeyError, ValueError, TypeError):
            if strict:
                raise SessionFileError(None, "session.err.action_illegal", n=n, total=total) from None
            warnings.append(t("session.warn.stopped", lang, n=n, total=total, round=state.round))
            break
        states.append(state)
    else:
        if saved.final is not None and dict(saved.final) != final_figures(state):
            warnings.append(t("session.warn.figures", lang))
    redo_states: list[GameState] = []
    if len(states) == total + 1:
        cur = state
        for action in saved.redo:
            try:
                cur = engine.apply(sc, cur, action)
            except (engine.IllegalActionError, KeyError, ValueError, TypeError):
                warnings.append(t("session.warn.redo", lang))
                break
            redo_states.append(cur)
    from sim.agents import POLICIES

    for agency, seat in sorted(saved.seats.items()):
        if seat != HUMAN and seat not in POLICIES:
            warnings.append(t("session.warn.policy", lang, agency=_agency_name(sc, agency, lang), policy=seat))
    return Restored(tuple(states), tuple(redo_states), tuple(warnings))


def restore(saved: SavedSession, loaded: Any, lang: str | None = None) -> tuple[GameState, tuple[str, ...]]:
    """Replay the session on `loaded` (a LoadedScenario): the current state and the warnings for the facilitator."""
    restored = restore_all(saved, loaded, lang)
    return restored.state, restored.warnings


def _agency_name(sc: Any, agency: str, lang: str) -> str:
    return sc.agency(agency).name.get(lang) if agency in sc.agency_index else agency


_SHIPPED = resources.scenarios()


def scenario_for(saved: SavedSession, search: Iterable[str | os.PathLike] = ("scenarios", _SHIPPED)) -> Any:
    """Load the session's scenario: from its saved path, else a file with the same id in a `search` folder.

    Raises SessionFileError when none can be found or the file has errors.
    """
    from sim.scenario.loader import ScenarioError, load_scenario

    candidates: list[Path] = []
    if saved.scenario_path:
        candidates.append(Path(saved.scenario_path))
    for folder in search:
        try:
            candidates.extend(sorted(Path(folder).glob("*.yaml")))
        except OSError:
            continue
    problem: str | None = None
    for n, path in enumerate(candidates):
        if not path.is_file():
            continue
        try:
            loaded = load_scenario(path)
        except ScenarioError as exc:
            if n == 0 and saved.scenario_path:
                problem = str(exc.problems[0]) if exc.problems else str(exc)
            continue
        if loaded.scenario.id == saved.scenario_id:
            return loaded
    if problem is not None:
        raise SessionFileError(None, "session.err.scenario_invalid", problem=problem)
    raise SessionFileError(None, "session.err.no_scenario", id=saved.scenario_id, path=saved.scenario_path or "-")


def round_starts(states: Sequence[GameState]) -> list[int]:
    """For stepping through a replay round by round: the index in `states` where each round begins (round 1 first)."""
    starts = []
    for i in range(1, len(states)):
        if states[i].round != states[i - 1].round:
            starts.append(i)
    return starts


__all__ = [
    "Autosave",
    "FORMAT",
    "HUMAN",
    "Note",
    "RATINGS",
    "Restored",
    "SavedSession",
    "SessionFileError",
    "VERSION",
    "action_text",
    "add_note",
    "add_undo",
    "autosave",
    "autosave_dir",
    "autosave_path",
    "backup_path",
    "branch",
    "capture",
    "discard_autosave",
    "from_json",
    "latest_autosave",
    "list_autosaves",
    "load_session",
    "restore",
    "restore_all",
    "round_starts",
    "save_session",
    "scenario_for",
    "set_rating",
    "start",
    "to_json",
    "update",
]
