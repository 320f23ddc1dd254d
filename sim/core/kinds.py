"""The exhaustiveness check for the dispatch tables of the rules core.

Each closed vocabulary of `sim.core.model` (conditions, effects, modifiers) and
the actions of `sim.core.state` is implemented by one table keyed by class; a
table that misses a kind (or names one that is not in the vocabulary) fails
at import time, and the tests call `missing` on every table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class IncompleteTableError(TypeError):
    """A dispatch table does not implement exactly the kinds of its vocabulary."""


def missing(table: Mapping[type, Any], kinds: Iterable[type]) -> tuple[set[type], set[type]]:
    """(kinds without an implementation, implementations of no kind)."""
    wanted = set(kinds)
    return wanted - set(table), set(table) - wanted


def check_exhaustive(table: Mapping[type, Any], kinds: Iterable[type], what: str) -> None:
    """Raise IncompleteTableError unless `table` implements exactly `kinds`."""
    lacking, extra = missing(table, kinds)
    if lacking or extra:
        names = sorted(k.__name__ for k in lacking)
        others = sorted(k.__name__ for k in extra)
        raise IncompleteTableError(f"{what}: no implementation for {names}; not a kind: {others}")


__all__ = ["IncompleteTableError", "check_exhaustive", "missing"]
