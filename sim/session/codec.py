"""JSON for sessions, game records and actions: one cattrs converter, one definition of each shape.

The attrs classes (`SavedSession`, `Note`, `FinalFigures`, `GameRecord` and the
actions of `sim.core.state`) are the only description of what a file holds;
the converter derives reading and writing from them. Actions are a tagged
union: the `type` key ("play", "pass", "next", "inject", "adjust") picks the
class. Reading is strict, because a session file is untrusted input: extra
keys are refused, a number is never a bool, a text is never a number, NaN and
infinity are refused, integers are bounded (a 5,000-digit one never reaches
`int()`), dates must be real moments from 1970 on, paths fit a file system.
A refusal is a `SessionFileError` naming the field and what was expected; the
front end, `replay` and `report` only have to catch that.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any, get_args, get_origin

import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, override
from cattrs.strategies import configure_tagged_union

from sim.core.model import LANGUAGES
from sim.core.state import (
    Action,
    Adjust,
    FrozenDict,
    InjectEvent,
    NextPhase,
    Pass,
    PlayCard,
    Share,
)
from sim.scenario.format import MAX_ROUNDS
from sim.session import limits
from sim.session.model import (
    FORMAT,
    NOTE_KINDS,
    RATINGS,
    VERSION,
    FinalFigures,
    Note,
    SavedSession,
    SessionFileError,
    now,
)
from sim.session.scalars import (  # noqa: F401  (MAX_SECONDS and Invalid are this module's API too)
    MAX_SECONDS,
    Invalid,
    _agencies,
    _count,
    _finite,
    _flag,
    _mapping,
    _note_text,
    _one_of,
    _outcome,
    _parse_int,
    _path,
    _round_seconds,
    _seconds_left,
    _text,
    _timestamp,
    text_of,
)

# The tag of each action in a file: one entry per class of the `Action` union (checked below).
ACTION_TAGS: dict[type, str] = {PlayCard: "play", Share: "share", Pass: "pass", NextPhase: "next", InjectEvent: "inject", Adjust: "adjust"}
_BY_TAG = {tag: cls for cls, tag in ACTION_TAGS.items()}
if set(ACTION_TAGS) != set(get_args(Action)):
    raise ImportError(f"sim.session.codec has no tag for {set(get_args(Action)) ^ set(ACTION_TAGS)}: add it to ACTION_TAGS")



# ---------------------------------------------------------------------------
# The converter.
# ---------------------------------------------------------------------------


def _is_tuple(cl: Any) -> bool:
    return get_origin(cl) is tuple


def _lists(cl: Any, conv: cattrs.Converter) -> Any:
    base = homogenous_tuple_structure_factory(cl, conv)

    def hook(value: Any, _: Any = None) -> tuple[Any, ...]:
        if type(value) is not list:  # cattrs would take any iterable: a dict's keys, a text's letters
            raise Invalid("list")
        if len(value) > limits.MAX_ACTIONS:  # refused before any item is looked at: replay stays short
            raise Invalid("too_many", max=limits.MAX_ACTIONS)
        return tuple(base(value, cl))
    return hook


def _at_most(hook: Callable[[Any, Any], Any], most: int) -> Callable[[Any, Any], Any]:
    """`hook` for a list that may hold at most `most` items."""
    def capped(value: Any, cl: Any = None) -> Any:
        if type(value) is list and len(value) > most:
            raise Invalid("too_many", max=most)
        return hook(value, cl)
    return capped


def _structure_final(value: Any, _: Any = None) -> FrozenDict | None:
    if value is None:
        return None
    if type(value) is not dict:
        raise Invalid("figures")
    return FrozenDict(converter.structure(value, FinalFigures).as_dict())


def _rounds(value: Any, _: Any = None) -> int | None:
    """A shorter game's length: none, or 1 to the longest a scenario may be."""
    if value is None:
        return None
    if type(value) is not int or not 1 <= value <= MAX_ROUNDS:
        raise Invalid("weeks", max=MAX_ROUNDS)
    return value


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, _text)
    conv.register_structure_hook(int, _count)
    conv.register_structure_hook(float, _finite)
    conv.register_structure_hook_factory(_is_tuple, _lists)
    conv.register_unstructure_hook(FrozenDict, dict)

    conv.register_structure_hook(Adjust, make_dict_structure_fn(Adjust, conv, reason=override(struct_hook=_note_text)))
    configure_tagged_union(Action, conv, tag_generator=ACTION_TAGS.__getitem__, tag_name="type")
    tagged = conv.get_structure_hook(Action)

    def action(value: Any, _: Any = None) -> Action:
        if type(value) is not dict or value.get("type") not in _BY_TAG:
            raise Invalid("action")
        result: Action = tagged(value, Action)
        return result
    conv.register_structure_hook(Action, action)

    conv.register_structure_hook(Note, make_dict_structure_fn(
        Note, conv, time=override(struct_hook=_timestamp), kind=override(struct_hook=_one_of(NOTE_KINDS, "note")),
        text=override(struct_hook=_note_text)))
    notes = _at_most(conv.get_structure_hook(tuple[Note, ...]), limits.MAX_NOTES)
    conv.register_structure_hook(FinalFigures, make_dict_structure_fn(
        FinalFigures, conv, outcome=override(struct_hook=_outcome)))
    conv.register_structure_hook(SavedSession, make_dict_structure_fn(
        SavedSession, conv,
        scenario_path=override(struct_hook=_path),
        in_play=override(struct_hook=_agencies),
        seats=override(struct_hook=_mapping(_text, "mapping")),
        names=override(struct_hook=_mapping(text_of("name"), "mapping")),
        notes=override(struct_hook=notes),
        ratings=override(struct_hook=_mapping(_one_of(RATINGS, "rating"), "rating")),
        lang=override(struct_hook=_one_of(LANGUAGES, "lang")),
        round_seconds=override(struct_hook=_round_seconds),
        companion=override(struct_hook=_flag),
        rounds=override(struct_hook=_rounds),
        console_tokens=override(struct_hook=_mapping(text_of("id"), "mapping")),
        console_at_table=override(struct_hook=_agencies),
        timer_left=override(struct_hook=_seconds_left),
        created=override(struct_hook=_timestamp),
        updated=override(struct_hook=_timestamp),
        final=override(struct_hook=_structure_final),
    ))
    return conv


converter = _make_converter()


def action_to_dict(action: Action) -> dict[str, Any]:
    """The JSON-ready form of an action: its fields and its `type` tag."""
    data: dict[str, Any] = converter.unstructure(action, Action)
    return data


def action_from_dict(data: Any) -> Action:
    """The action of `action_to_dict` output; raise ValueError (with the $.path) when malformed."""
    try:
        action: Action = converter.structure(data, Action)  # type: ignore[arg-type]  # a Union is a type to cattrs
    except Invalid as exc:
        raise ValueError(f"not an action: {data!r} ({exc})") from None
    except (ClassValidationError, IterableValidationError) as exc:
        raise ValueError(f"malformed action {data!r}: {'; '.join(describe(exc))}") from None
    return action


def loads(text: str) -> Any:
    """Parse JSON text the strict way: huge integers become infinity (refused later), a byte order mark is allowed."""
    return json.loads(text.removeprefix("\ufeff"), parse_int=_parse_int)


# ---------------------------------------------------------------------------
# Errors: from cattrs' tree of exceptions to one clear message.
# ---------------------------------------------------------------------------


def first_problem(exc: BaseException, path: tuple[str | int, ...] = ()) -> tuple[tuple[str | int, ...], BaseException]:
    """The first leaf of a cattrs validation error with its path (field names and list positions)."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            step = getattr(note, "name", None)
            return first_problem(sub, path + (step if step is not None else getattr(note, "index", 0),))
        if without:
            return first_problem(without[0], path)
    return path, exc


def describe(exc: BaseException) -> list[str]:
    """cattrs' own `$.path` descriptions of what is wrong (English, for game records and developers)."""
    def fmt(leaf: BaseException, cl: Any) -> str:
        return str(leaf) if isinstance(leaf, Invalid) else cattrs.v.format_exception(leaf, cl)
    return cattrs.transform_error(exc, format_exception=fmt)


# What a top-level field of a session file must be, when that says more than the first wrong value inside it.
_FIELD_EXPECTED = {"notes": "note", "final": "figures", "in_play": "agencies", "seats": "mapping", "names": "mapping", "ratings": "rating"}


def session_error(exc: BaseException, file: str | os.PathLike[str] | None) -> SessionFileError:
    """The SessionFileError that says which field of a session file is wrong, and what it should be."""
    path, leaf = first_problem(exc)
    if not path:
        if isinstance(leaf, ForbiddenExtraKeysError):
            return SessionFileError(file, "session.err.unknown_field", field=min(leaf.extra_fields))
        return SessionFileError(file, "session.err.not_session")
    top = str(path[0])
    if top in ("actions", "redo") and len(path) > 1:
        return SessionFileError(file, "session.err.action", field=top, n=int(path[1]) + 1)
    # The final figures are told by their own name (final.round); elsewhere the field says more than a value in it.
    field = f"final.{path[1]}" if top == "final" and len(path) > 1 else top
    if isinstance(leaf, KeyError) and len(path) == field.count(".") + 1:
        return SessionFileError(file, "session.err.missing", field=field)
    if isinstance(leaf, Invalid) and (len(path) == 1 or top == "final" or top not in _FIELD_EXPECTED):
        expected = leaf
    else:
        expected = Invalid(_FIELD_EXPECTED.get(top, "text"))
    return SessionFileError(file, "session.err.field", field=field, expected=expected.as_param())


# ---------------------------------------------------------------------------
# Session files.
# ---------------------------------------------------------------------------

REQUIRED = ("format", "version", "scenario_id", "scenario_hash", "seed", "in_play", "actions")
_FIRST = ("format", "version")  # what the file is comes first
_ONE_A_LINE = ("actions", "redo", "notes")


def to_json(saved: SavedSession) -> str:
    """The session as JSON text: one field a line and one action a line (small, and readable in a diff)."""
    data = converter.unstructure(saved)
    if not data["session_id"]:
        del data["session_id"]  # a file from before the id writes back the same bytes
    if data["rounds"] is None:
        del data["rounds"]  # only a shorter game says so
    if not data["companion"]:
        del data["companion"]  # only a companion-mode session says so: other files keep their bytes
    if not data["console_tokens"]:
        del data["console_tokens"]  # only while teams play on their own devices
    if not data["console_at_table"]:
        del data["console_at_table"]  # only when some team plays at the table meanwhile

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)

    parts = []
    for key in (*_FIRST, *sorted(set(data) - set(_FIRST))):
        value = data[key]
        if key in _ONE_A_LINE and value:
            inner = ",\n".join("  " + dump(item) for item in value)
            parts.append(f" {dump(key)}: [\n{inner}\n ]")
        else:
            parts.append(f" {dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def from_json(text: str, file: str | os.PathLike[str] | None = None) -> SavedSession:
    """Parse session JSON; raise SessionFileError (never anything else) saying what is wrong."""
    data = _parse(text, file)
    _check_kind(data, file)
    for key in REQUIRED:
        if key not in data:
            raise SessionFileError(file, "session.err.missing", field=key)
    if "scenario_path" not in data:  # optional in a file (a session of a scenario read from elsewhere), not in the model
        data = {**data, "scenario_path": ""}
    if "created" not in data or "updated" not in data:  # a file with one time stamp has it for both; with none: now
        stamp = data.get("created", data.get("updated", now()))
        data = {**data, "created": data.get("created", stamp), "updated": data.get("updated", stamp)}
    try:
        saved: SavedSession = converter.structure(data, SavedSession)
    except (ClassValidationError, IterableValidationError, Invalid) as exc:
        raise session_error(exc, file) from None
    return saved


def _parse(text: str, file: str | os.PathLike[str] | None) -> dict[str, Any]:
    if len(text) > limits.MAX_FILE_BYTES:  # every way in passes here (the store, replay, report): one cap
        raise SessionFileError(file, "session.err.too_big", max=limits.MAX_FILE_BYTES // (1024 * 1024))
    if not text.strip() or text.strip() == "\ufeff":
        raise SessionFileError(file, "session.err.empty")
    try:
        data = loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"):
            raise SessionFileError(file, "session.err.truncated") from None
        raise SessionFileError(file, "session.err.not_json", line=exc.lineno, column=exc.colno) from None
    except (RecursionError, ValueError):
        raise SessionFileError(file, "session.err.not_session") from None
    if type(data) is not dict or "format" not in data:
        raise SessionFileError(file, "session.err.not_session")
    return data


def _check_kind(data: dict[str, Any], file: str | os.PathLike[str] | None) -> None:
    """Refuse a file that is not a session of a version this program reads, saying which it is."""
    if data["format"] == "stabiel-record":
        raise SessionFileError(file, "session.err.is_record")
    if data["format"] != FORMAT:
        raise SessionFileError(file, "session.err.not_session")
    version = data.get("version")
    if type(version) is not int:
        raise SessionFileError(file, "session.err.unknown_version", version=repr(version), supported=VERSION)
    if version > VERSION:
        raise SessionFileError(file, "session.err.newer_version", version=version, supported=VERSION)
    if version != VERSION:
        raise SessionFileError(file, "session.err.unknown_version", version=version, supported=VERSION)


__all__ = [
    "ACTION_TAGS", "MAX_SECONDS", "Invalid", "action_from_dict", "action_to_dict", "converter",
    "describe", "first_problem", "from_json", "loads", "session_error", "to_json"
]
