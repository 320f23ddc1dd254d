"""Session files on disk: atomic saves with a backup, careful loading, the autosave folder.

Writing is atomic (`save_session`): the new text goes to a temporary file in
the same folder, is flushed to the disk and then renamed over the old file, so
a crash, a killed process or a closed laptop lid leaves either the old or the
new file, never half of one. The previous version is kept as `<name>.bak`.
Reading (`load_session`) refuses a damaged, cut-off, foreign or unknown-version
file with a `SessionFileError` that says what is wrong, in Dutch or English;
nothing that can be read is ever overwritten by something that cannot.

Autosaves live in the user's data folder (platformdirs), or in the folder named
by the environment variable STABIEL_DATA_DIR (tests, portable installs).
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import attrs

from sim.session import lock
from sim.session.codec import from_json, to_json
from sim.session.limits import MAX_FILE_BYTES
from sim.session.model import SavedSession, SessionFileError, os_reason

ENV_DATA_DIR = "STABIEL_DATA_DIR"
SUFFIX = ".stabiel.json"
BACKUP_SUFFIX = ".bak"


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where the previous version of a session file is kept: `<name>.bak`."""
    p = Path(path)
    return p.with_name(p.name + BACKUP_SUFFIX)


# What a damaged file's message says: only these can be helped by the backup beside it.
DAMAGED_KEYS = frozenset({"session.err.empty", "session.err.truncated", "session.err.not_json",
                          "session.err.not_text", "session.err.not_session"})


def load_session(path: str | os.PathLike[str]) -> SavedSession:
    """Read a session file; raise SessionFileError (never anything else) when it cannot be used.

    A damaged file's message names its backup, when there is a readable one
    to try (and only then: the message offered a ".bak" that was not there).
    """
    try:
        return _load(path)
    except SessionFileError as exc:
        backup = backup_path(path)
        if exc.key in DAMAGED_KEYS and not str(path).endswith(BACKUP_SUFFIX) and _readable(backup):
            raise exc.with_hint(("i18n", "session.hint.backup", {"name": backup.name})) from None
        raise


def _load(path: str | os.PathLike[str]) -> SavedSession:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)  # never more than the cap into memory, whatever the file's size
    except FileNotFoundError:
        raise SessionFileError(path, "session.err.missing_file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise SessionFileError(path, "session.err.unreadable", reason=_reason(exc)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise SessionFileError(path, "session.err.too_big", max=MAX_FILE_BYTES // (1024 * 1024))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionFileError(path, "session.err.not_text") from None
    return from_json(text, path)


def _reason(exc: Exception) -> tuple[object, ...]:
    """An OS error (or a path the OS cannot take) as a translated reason."""
    return os_reason(exc) if isinstance(exc, OSError) else ("i18n", "os.err.other", {"code": "EINVAL"})


def _readable(path: Path) -> bool:
    try:
        _load(path)
    except SessionFileError:
        return False
    return True


def save_session(path: str | os.PathLike[str], saved: SavedSession) -> Path:
    """Write `saved` to `path` atomically, keeping the previous version as `<name>.bak`.

    The text goes to a temporary file in the same folder, is flushed to disk
    and renamed over `path`: a crash at any moment leaves a whole file. A
    previous file that is a readable session becomes the backup; one that is
    not (damaged, or not a session at all) is never thrown away: it is kept
    beside it as `<name>.unreadable-<time>`, and the last good backup stays.
    Raises SessionFileError when the folder cannot be written.
    """
    target = Path(path)
    data = _readable_bytes(target, saved)
    lock.claim(target)  # another instance on this session: refused here, before anything is written
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise SessionFileError(target, "session.err.write", reason=os_reason(exc)) from None
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
        raise SessionFileError(target, "session.err.write", reason=os_reason(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _readable_bytes(target: Path, saved: SavedSession) -> bytes:
    """The file's bytes, once it is sure they read back as the same session: nothing is saved that cannot be resumed."""
    try:
        data = to_json(saved).encode("utf-8")
    except ValueError:  # NaN or infinity (refused by json), a lone surrogate (by utf-8): a file nobody could read
        raise SessionFileError(target, "session.err.unwritable") from None
    if len(data) > MAX_FILE_BYTES:
        raise SessionFileError(target, "session.err.too_big", max=MAX_FILE_BYTES // (1024 * 1024))
    try:
        from_json(data.decode("utf-8"), target)
    except SessionFileError as exc:
        raise SessionFileError(target, "session.err.not_readable_back", problem=("i18n", exc.key, exc.params)) from None
    return data


def _copy_atomically(source: Path, dest: Path) -> None:
    """Make `dest` a copy of `source` without a moment in which `dest` is half written."""
    # A name of its own for each copy: two saves at once (two threads, two instances) never share a temporary file.
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        try:
            os.link(source, tmp)  # a second name for the same bytes: cheap, and `source` stays in place
        except OSError:
            shutil.copyfile(source, tmp)  # file systems without hard links (FAT on a USB stick)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, dest)
    finally:
        # Gone after a rename; still there when `dest` already was this very file (rename then does nothing).
        tmp.unlink(missing_ok=True)


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
    """The autosave file of this session: its start time, scenario and random id (no two sessions share one).

    A session from before the id (an empty `session_id`) keeps the name it always had.
    """
    stamp = "".join(ch for ch in saved.created if ch.isdigit())[:14] or "0"
    safe_id = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in saved.scenario_id)[:60]
    unique = "".join(ch for ch in saved.session_id if ch.isalnum())[:32]
    return autosave_dir() / (f"{stamp}-{safe_id}-{unique}{SUFFIX}" if unique else f"{stamp}-{safe_id}{SUFFIX}")


def autosave(saved: SavedSession) -> Path:
    """Save the session to its autosave file (atomic, with a backup); returns the path."""
    path = save_session(autosave_path(saved), saved)
    _note_order(path)
    return path


# The order in which sessions were saved, independent of the clock: one name a line, the latest last.
ORDER_FILE = ".order"
_ORDER_MAX = 500  # lines kept when the file is compacted


def _note_order(path: Path) -> None:
    """Remember that `path` was just saved (one short appended line; the order survives a clock set back)."""
    order = path.parent / ORDER_FILE
    try:
        names = _order(path.parent)
        if names and names[-1] == path.name:
            return
        if len(names) >= 2 * _ORDER_MAX:  # compact: each name once, the latest last
            kept = list(dict.fromkeys(reversed(names)))[:_ORDER_MAX]
            tmp = order.with_name(f"{ORDER_FILE}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp")
            tmp.write_text("".join(f"{n}\n" for n in reversed(kept)), encoding="utf-8")
            os.replace(tmp, order)
        with open(order, "a", encoding="utf-8") as fh:  # O_APPEND: two instances' lines never mix
            fh.write(path.name + "\n")
    except OSError:
        pass  # the order is a convenience; the save itself succeeded


def _order(folder: Path) -> list[str]:
    try:
        return (folder / ORDER_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


@attrs.frozen
class Autosave:
    """A session found in the autosave folder: where, what, and whether it came from the backup."""

    path: Path  # the session's own file (save here to go on)
    saved: SavedSession
    from_backup: bool = False  # the file itself was unreadable; this is the previous version
    problem: SessionFileError | None = None  # why the file itself could not be used


@attrs.frozen
class Damaged:
    """A file in the autosave folder that cannot be used, not even through its backup, and why."""

    path: Path
    problem: SessionFileError


@attrs.frozen
class Listing:
    """The autosave folder: usable sessions (the most recently saved first) and damaged files (likewise)."""

    sessions: tuple[Autosave, ...]
    damaged: tuple[Damaged, ...]


def list_sessions() -> Listing:
    """Every autosaved session, the most recently saved first, and every damaged file with its problem.

    "Most recently saved" is the order the saves happened in (the folder's
    order file, then the files' modification times), not the time recorded in
    the session: a clock set back must not hide the session just played.
    """
    folder = autosave_dir()
    try:
        names = {p.name.removesuffix(BACKUP_SUFFIX)
                 for p in folder.iterdir() if not p.name.startswith(".")
                 and (p.name.endswith(SUFFIX) or p.name.endswith(SUFFIX + BACKUP_SUFFIX))}
    except OSError:
        return Listing((), ())
    rank = _save_rank(folder, names)
    found: list[Autosave] = []
    damaged: list[Damaged] = []
    for name in sorted(names, key=rank, reverse=True):
        path = folder / name
        try:
            found.append(Autosave(path, _load(path)))
            continue
        except SessionFileError as exc:
            problem = exc
        try:
            found.append(Autosave(path, _load(backup_path(path)), True, problem))
        except SessionFileError:
            damaged.append(Damaged(path, problem))
    return Listing(tuple(found), tuple(damaged))


def _save_rank(folder: Path, names: set[str]) -> Any:
    """A sort key: the position of a name's last save in the order file, then the file's modification time."""
    last = {n: i for i, n in enumerate(_order(folder)) if n in names}

    def key(name: str) -> tuple[int, float, str]:
        try:
            mtime = max(p.stat().st_mtime for p in (folder / name, backup_path(folder / name)) if p.exists())
        except (OSError, ValueError):
            mtime = 0.0
        return (last.get(name, -1), mtime, name)
    return key


def list_autosaves() -> list[Autosave]:
    """Every usable autosaved session, the most recently saved first (damaged files fall back to their backup)."""
    return list(list_sessions().sessions)


def latest_autosave(include_finished: bool = True) -> Autosave | None:
    """The most recently saved autosaved session (optionally only one still running), or None."""
    for found in list_autosaves():
        if include_finished or found.saved.outcome is None:
            return found
    return None


def discard_autosave(saved_or_path: SavedSession | str | os.PathLike[str]) -> None:
    """Move a session's autosave (and its backup) out of the resume offer, into autosave/old/; nothing is deleted."""
    path = autosave_path(saved_or_path) if isinstance(saved_or_path, SavedSession) else Path(saved_or_path)
    lock.release(path)
    old = path.parent / "old"
    for p in (path, backup_path(path)):
        if p.exists():
            old.mkdir(parents=True, exist_ok=True)
            os.replace(p, old / p.name)
