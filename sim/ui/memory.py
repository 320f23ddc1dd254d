"""Give memory that was freed back to the operating system, so a two-hour session stays small.

Every big window (a card shown large, the help, the dossier) is drawn on surfaces of several
megabytes, and pygame_gui lays text out in many small pieces. When the window closes, all of it is
freed, but glibc's allocator keeps the freed heap for the process: the resident size of a session
grew by about 8–10 MB per card opened (measured: about 480 MB after 90 openings, all of it given
back by one `malloc_trim`). Nothing leaks in Python (no window outlives its close, once the cyclic
collector has run); the fix is to collect and ask the allocator to hand the pages back after a window closes or a scene changes. Elsewhere than
glibc (macOS, Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
from collections.abc import Callable


@functools.cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        trim: Callable[[int], int] = libc.malloc_trim  # glibc only
    except (OSError, AttributeError):
        return None
    return trim


def release_freed_memory() -> bool:
    """Hand freed heap pages back to the system; True when the platform can (glibc's malloc_trim)."""
    trim = _trim()
    if trim is None:
        return False
    gc.collect()  # a closed window's widgets hold each other (parent, container, children): only the collector frees them
    trim(0)
    return True
