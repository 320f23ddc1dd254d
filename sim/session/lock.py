"""One instance at a time per session file: an advisory lock held from the first save until the program ends.

Two copies of the program on one session overwrote each other's saves (the
last writer won, 400 notes vanished). Now the first save of a session takes a
lock on `.<name>.lock` beside the file, and keeps it; another instance that
tries to save the same session is refused with "deze sessie is elders
geopend". The operating system drops the lock when the process ends in any
way (a crash, SIGKILL, a closed laptop lid), so a killed session resumes at
once. POSIX uses `fcntl.flock`, Windows `msvcrt.locking`.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import IO

from sim.session.model import SessionFileError, os_reason

_HELD: dict[Path, IO[bytes]] = {}  # session file (resolved) -> the open lock file this process holds
_GUARD = threading.Lock()


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The lock file of a session file: `.<name>.lock` beside it (hidden, so no listing shows it)."""
    p = Path(path)
    return p.with_name(f".{p.name}.lock")


def _key(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(path))


def _try_lock(fh: IO[bytes]) -> bool:
    try:
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def claim(path: str | os.PathLike[str]) -> None:
    """Hold the lock of session file `path` for this process (again: nothing happens).

    Raises SessionFileError "session.err.open_elsewhere" when another instance
    holds it, "session.err.write" when the lock file cannot be made.
    """
    key = _key(path)
    with _GUARD:
        if key in _HELD:
            return
        try:
            key.parent.mkdir(parents=True, exist_ok=True)
            fh = open(lock_path(key), "a+b")  # noqa: SIM115 - held open on purpose until release()
        except OSError as exc:
            raise SessionFileError(path, "session.err.write", reason=os_reason(exc)) from None
        if not _try_lock(fh):
            fh.close()
            raise SessionFileError(path, "session.err.open_elsewhere")
        _HELD[key] = fh


def holds(path: str | os.PathLike[str]) -> bool:
    """Whether this process holds the lock of session file `path`."""
    return _key(path) in _HELD


def release(path: str | os.PathLike[str]) -> None:
    """Let go of the lock of session file `path` (another instance may then open it)."""
    with _GUARD:
        fh = _HELD.pop(_key(path), None)
    if fh is not None:
        fh.close()  # closing the file drops the lock


def in_use_elsewhere(path: str | os.PathLike[str]) -> bool:
    """Whether another instance holds the lock of session file `path` right now (for the start screen)."""
    key = _key(path)
    if key in _HELD or not lock_path(key).exists():
        return False
    try:
        with open(lock_path(key), "a+b") as fh:
            return not _try_lock(fh)  # closing drops the lock again
    except OSError:
        return False
