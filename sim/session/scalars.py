"""The strict scalars of a session file: each kind of value, checked against `sim.session.limits` as it is read.

Each hook takes the raw JSON value and returns it (or its frozen form), or
raises `Invalid` naming what was expected; the codec turns that into a
`SessionFileError` that names the field.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable
from typing import Any

from sim.core.state import FrozenDict, Outcome
from sim.session import limits

MAX_INT = 2**64  # no count, seed or figure in a session comes near; a bound keeps every int a float too
MAX_DIGITS = 40  # longer integer literals are refused before Python's int() sees them (its limit is 4,300 digits)
MAX_SECONDS = 24 * 3600  # a round timer (and what is left of it) never runs longer than a day
MAX_PATH = 4096  # PATH_MAX on Linux; a longer scenario path cannot be opened anywhere
MAX_NAME = 255  # one name in a path (NAME_MAX)
EARLIEST_YEAR = 1970  # a date before the epoch is a broken clock or a damaged file

class Invalid(ValueError):
    """A value of the wrong shape; `expected` names its description (i18n key session.expect.<expected>)."""

    def __init__(self, expected: str, **params: Any):
        self.expected = expected
        self.params = params
        super().__init__(f"expected {expected}")

    def as_param(self) -> tuple[Any, ...]:
        """The description as a SessionFileError parameter, translated when the message is."""
        return ("i18n", f"session.expect.{self.expected}", self.params)


# ---------------------------------------------------------------------------
# Strict scalars.
# ---------------------------------------------------------------------------


def text_of(kind: str) -> Callable[[Any, Any], str]:
    """The hook for a text of `kind` (limits.TEXT_KINDS): a str, of its length, without characters the eye cannot see."""
    limit = limits.TEXT_KINDS[kind]

    def hook(value: Any, _: Any = None) -> str:
        if type(value) is not str:
            raise Invalid("text")
        if (len(value) > limit or not (value.isascii() and value.isprintable())) and limits.session_text_problem(value, kind):
            raise Invalid("clean_text", max=limit)  # a lone surrogate, NUL, zero-width or direction mark, zalgo, too long
        return value
    return hook


_text = text_of("id")  # every text not named otherwise: ids, seats, hashes
_note_text = text_of("note")  # a facilitator's note, the reason of an adjustment


def _flag(value: Any, _: Any = None) -> bool:
    if type(value) is not bool:
        raise Invalid("flag")
    return value


def _count(value: Any, _: Any = None) -> int:
    if type(value) is not int or not 0 <= value <= MAX_INT:
        raise Invalid("count")
    return value


def _finite(value: Any, _: Any = None) -> float:
    if type(value) is int and abs(value) <= limits.MAX_MAGNITUDE:
        return value  # an int is a float here (PEP 484), and stays as written, so a file reads back the same
    if type(value) is not float or not abs(value) <= limits.MAX_MAGNITUDE:  # NaN fails the comparison too
        raise Invalid("finite", max=limits.MAX_MAGNITUDE)
    return value


def _round_seconds(value: Any, _: Any = None) -> int:
    if type(value) is not int or not 0 <= value <= MAX_SECONDS:
        raise Invalid("seconds", max=MAX_SECONDS)
    return value


def _seconds_left(value: Any, _: Any = None) -> float | None:
    if value is None:
        return None
    if type(value) not in (int, float) or not 0 <= value <= MAX_SECONDS:  # NaN fails every comparison
        raise Invalid("seconds", max=MAX_SECONDS)
    return float(value)


def _timestamp(value: Any, _: Any = None) -> str:
    if type(value) is not str or len(value) > 64:
        raise Invalid("time")
    try:
        moment = _dt.datetime.fromisoformat(value)
        if moment.year < EARLIEST_YEAR:
            raise ValueError(value)
        (moment if moment.tzinfo else moment.astimezone()).timestamp()  # the start screen sorts on this
    except (ValueError, OverflowError, OSError):
        raise Invalid("time") from None
    return value


def _path(value: Any, _: Any = None) -> str:
    invalid = Invalid("path", name=MAX_NAME, total=MAX_PATH)
    if type(value) is not str or len(value) > MAX_PATH or "\0" in value:
        raise invalid
    try:
        value.encode("utf-8")  # a lone surrogate: no file system has that name, and the file could not be saved again
    except UnicodeEncodeError:
        raise invalid from None
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME for part in re.split(r"[\\/]", value)):
        raise invalid
    return value


def _one_of(choices: tuple[str, ...], expected: str) -> Callable[[Any, Any], str]:
    def hook(value: Any, _: Any = None) -> str:
        if type(value) is not str or value not in choices:
            raise Invalid(expected)
        return value
    return hook


def _outcome(value: Any, _: Any = None) -> str | None:
    if value is not None and (type(value) is not str or value not in {o.value for o in Outcome}):
        raise Invalid("outcome")
    return value


def _mapping(value_hook: Callable[[Any, Any], str], expected: str) -> Callable[[Any, Any], FrozenDict]:
    """A hook for a table of texts (agency -> seat, objective -> rating): keys and values checked."""
    def hook(value: Any, _: Any = None) -> FrozenDict:
        if type(value) is not dict or len(value) > limits.MAX_TABLE:
            raise Invalid(expected)
        try:
            return FrozenDict({_text(k, None): value_hook(v, None) for k, v in value.items()})
        except Invalid:
            raise Invalid(expected) from None
    return hook


def _agencies(value: Any, _: Any = None) -> tuple[str, ...]:
    if type(value) is not list or not 0 < len(value) <= limits.MAX_TABLE:
        raise Invalid("agencies")
    try:
        return tuple(_text(a, None) for a in value)
    except Invalid:
        raise Invalid("agencies") from None


def _parse_int(literal: str) -> int | float:
    """json's hook for integer literals: an absurdly long one becomes infinity, which every field refuses."""
    return int(literal) if len(literal.lstrip("-")) <= MAX_DIGITS else math.inf
