"""An append-only sequence that shares its items with the sequences it grew from: the state's record fields.

The game record (actions, log, crossings, joint actions, round snapshots) only
ever grows. Kept as tuples, every move copied the whole record into the new
state, so playing or replaying n actions cost n² and keeping every state (for
undo, for the look-back) held n² items: a crafted 820 KB session file took
5.6 s and 850 MB to resume. A `Grown` is a view of the first `n` items of a
list shared by every state of one line of play: `plus` appends to that list
when nobody has appended past `n` yet (the usual case, O(items added)), and
copies it only when play branches off an older state (after an undo).

It reads like a tuple (indexing, slices as tuples, len, iteration, equality
with tuples, hashing) and pickles as one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")

_LOCK = threading.Lock()  # two threads growing one line of play must not both append at the same place


class Grown(Sequence[T], Generic[T]):
    """The first `n` items of a shared, append-only list; immutable as seen from here."""

    __slots__ = ("_items", "_n")

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._items: list[T] = list(items)
        self._n = len(self._items)

    @classmethod
    def of(cls, items: Iterable[T]) -> Grown[T]:
        """`items` as a Grown (itself when it already is one): the converter of the state's record fields."""
        return items if isinstance(items, Grown) else cls(items)

    def plus(self, more: Sequence[T]) -> Grown[T]:
        """A sequence of these items followed by `more`; this one is unchanged."""
        if not more:
            return self
        new: Grown[T] = Grown.__new__(Grown)
        with _LOCK:
            if len(self._items) == self._n:
                self._items.extend(more)
                new._items = self._items
            else:  # play branched off here before: start a list of this line's own
                new._items = self._items[: self._n] + list(more)
        new._n = self._n + len(more)
        return new

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self._items[: self._n][index])
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError("Grown index out of range")
        return self._items[index]

    def __iter__(self) -> Iterator[T]:
        items, n = self._items, self._n
        for i in range(n):
            yield items[i]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Grown):
            if other._n != self._n:
                return False
            if other._items is self._items:
                return True
            return self._items[: self._n] == other._items[: other._n]
        if isinstance(other, tuple):
            return len(other) == self._n and tuple(self) == other
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: Sequence[T]) -> tuple[T, ...]:
        return tuple(self) + tuple(other)

    def __radd__(self, other: Sequence[T]) -> tuple[T, ...]:
        return tuple(other) + tuple(self)

    def __repr__(self) -> str:
        return f"Grown({tuple(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Grown, (tuple(self),))
