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
from pathlib import Path

import attrs

from sim.session.codec import from_json, to_json
from sim.session.model import SavedSession, SessionFileError

ENV_DATA_DIR = "STABIEL_DATA_DIR"
SUFFIX = ".stabiel.json"
BACKUP_SUFFIX = ".bak"


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where the previous version of a session file is kept: `<name>.bak`."""
    p = Path(path)
    return p.with_name(p.name + BACKUP_SUFFIX)


def load_session(path: str | os.PathLike[str]) -> SavedSession:
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
    try:
        data = to_json(saved).encode("utf-8")
    except ValueError:  # NaN or infinity (refused by json), a lone surrogate (by utf-8): a file nobody could read
        raise SessionFileError(target, "session.err.unwritable") from None
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
        names = {p.name.removesuffix(BACKUP_SUFFIX)
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
        if moment.tzinfo is None:
            moment = moment.astimezone()
        return moment.timestamp()
    except (ValueError, OverflowError, OSError):  # the codec refuses such stamps; this is the second net
        return 0.0


def latest_autosave(include_finished: bool = True) -> Autosave | None:
    """The most recently updated autosaved session (optionally only one still running), or None."""
    for found in list_autosaves():
        if include_finished or found.saved.outcome is None:
            return found
    return None


def discard_autosave(saved_or_path: SavedSession | str | os.PathLike[str]) -> None:
    """Move a session's autosave (and its backup) out of the resume offer, into autosave/old/; nothing is deleted."""
    path = autosave_path(saved_or_path) if isinstance(saved_or_path, SavedSession) else Path(saved_or_path)
    old = path.parent / "old"
    for p in (path, backup_path(path)):
        if p.exists():
            old.mkdir(parents=True, exist_ok=True)
            os.replace(p, old / p.name)
