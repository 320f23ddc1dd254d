"""One instance at a time per session file: an advisory lock held from the first save until the program ends.

Two copies of the program on one session overwrote each other's saves (the
last writer won, 400 notes vanished). Now the first save of a session takes a
lock on `.<name>.lock` beside the file, and keeps it; another instance that
tries to save the same session is refused with "deze sessie is elders
geopend". The operating system drops the lock when the process ends in any
way (a crash, SIGKILL, a closed laptop lid), so a killed session resumes at
once. POSIX uses `fcntl.flock`, Windows `msvcrt.locking`.

The lock file goes when the lock is let go: by `release`, and for every lock
still held when the program ends normally (`atexit`). Only a killed program
leaves one behind, unlocked, and the next claim takes it over. A file
removed while another instance waited on it is never trusted: `claim` holds
a lock only on the file that is still at the path (it compares the inode).
"""

from __future__ import annotations

import atexit
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
        _HELD[key] = _lock_at(path, key, fh)


def _lock_at(path: str | os.PathLike[str], key: Path, fh: IO[bytes]) -> IO[bytes]:
    """`fh` locked, and still the file at the lock's path (the releasing instance may just have removed it)."""
    for _ in range(_RETRIES):
        if not _try_lock(fh):
            fh.close()
            raise SessionFileError(path, "session.err.open_elsewhere")
        if _same_file(fh, lock_path(key)):
            return fh
        fh.close()  # we locked a file that was removed meanwhile: lock the one there now
        try:
            fh = open(lock_path(key), "a+b")  # noqa: SIM115 - held open on purpose until release()
        except OSError as exc:
            raise SessionFileError(path, "session.err.write", reason=os_reason(exc)) from None
    fh.close()
    raise SessionFileError(path, "session.err.open_elsewhere")


_RETRIES = 20


def _same_file(fh: IO[bytes], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fh.fileno()), os.stat(path))
    except OSError:
        return False


def holds(path: str | os.PathLike[str]) -> bool:
    """Whether this process holds the lock of session file `path`."""
    return _key(path) in _HELD


def release(path: str | os.PathLike[str]) -> None:
    """Let go of the lock of session file `path` (another instance may then open it)."""
    key = _key(path)
    with _GUARD:
        fh = _HELD.pop(key, None)
    if fh is None:
        return
    if os.name != "nt":  # removed while still locked: a waiting instance sees it gone and takes the new file
        _remove(lock_path(key))
    fh.close()  # closing the file drops the lock
    if os.name == "nt":  # pragma: no cover - Windows cannot remove an open file
        _remove(lock_path(key))


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only folder: the file stays, unlocked, and the next claim takes it over


@atexit.register
def release_all() -> None:
    """Let go of every lock this process holds and remove their files (at a normal end of the program)."""
    for path in list(_HELD):
        release(path)


def in_use_elsewhere(path: str | os.PathLike[str]) -> bool:
    """Whether another instance holds the lock of session file `path` right now (for the start screen)."""
    key = _key(path)
    if key in _HELD or not lock_path(key).exists():
        return False
    try:
        fd = os.open(lock_path(key), os.O_RDWR)  # never creates one: looking leaves nothing behind
    except OSError:
        return False
    with open(fd, "r+b") as fh:
        return not _try_lock(fh)  # closing drops the lock again
