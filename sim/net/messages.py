"""The schema of the messages a console sends: checked, size-limited, before anything reads them.

A message is one JSON object of at most `MAX_BYTES`, with a `type` the seat's
role may send and exactly the fields that type declares, each of its declared
kind and length. Anything else is refused with a `BadMessage` that names the
catalog key of its explanation; nothing in a bad message reaches the game.
"""

from __future__ import annotations

import json
import math
import typing
from typing import Any

import attrs

from sim.core.legal import ACTION_KINDS
from sim.core.state import Action
from sim.net.seats import BOARD, FACILITATOR, TEAM

MAX_BYTES = 4096
MAX_TEXT = 500
MAX_ID = 80

_ID = ("id", MAX_ID)
_TEXT = ("text", MAX_TEXT)
_FLAG = ("bool", 0)
_NUMBER = ("number", 0)
_ACTION = ("action", 0)

# type -> {field: (kind, max length)}; every field is required.
SPEC: dict[str, dict[str, tuple[str, int]]] = {
    "hello": {"lang": _ID},
    "act": {"action": _ACTION},
    "agree": {"card": _ID},
    "decline": {"card": _ID},
    "next": {},
    "inject": {"event": _ID},
    "adjust": {"figure": _ID, "key": _ID, "delta": _NUMBER, "reason": _TEXT},
    "undo": {},
    "note": {"text": _TEXT},
    "pause": {"on": _FLAG},
    "lock": {"on": _FLAG},
    "kick": {"agency": _ID},
    "seat": {"agency": _ID, "mode": _ID},
}
ROLE_TYPES: dict[str, frozenset[str]] = {
    BOARD: frozenset({"hello"}),
    TEAM: frozenset({"hello", "act", "agree", "decline"}),
    FACILITATOR: frozenset(set(SPEC) - {"act", "agree", "decline"}),
}
# Console moves: the engine's action kinds that name the agency that makes them (a team acts only for itself).
TEAM_ACTIONS: dict[str, type] = {cls.__name__: cls for cls in ACTION_KINDS if "agency" in attrs.fields_dict(cls)}


class BadMessage(ValueError):
    """A message that does not fit the schema; `key` is the catalog key of the explanation."""

    def __init__(self, key: str, detail: str = ""):
        self.key = key
        super().__init__(f"{key}: {detail}" if detail else key)


def _check_value(kind: str, size: int, value: Any) -> bool:
    if kind == "id":
        return isinstance(value, str) and 0 < len(value) <= size and value.isprintable()
    if kind == "text":
        return isinstance(value, str) and len(value) <= size
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and abs(value) <= 1000
    if kind == "action":
        return isinstance(value, dict) and len(value) <= 8
    return False  # pragma: no cover - SPEC names only the kinds above


def parse(raw: str | bytes, role: str) -> dict[str, Any]:
    """The message as a checked dict; raises BadMessage when it is too big, not JSON, or not in the schema."""
    if len(raw) > MAX_BYTES:
        raise BadMessage("console.err.too_big")
    try:
        msg = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadMessage("console.err.not_json") from None
    if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
        raise BadMessage("console.err.bad_message")
    kind = msg["type"]
    if kind not in ROLE_TYPES.get(role, ()):
        raise BadMessage("console.err.not_allowed", kind[:40])
    spec = SPEC[kind]
    if set(msg) - {"type"} != set(spec):
        raise BadMessage("console.err.bad_message", kind)
    for name, (vkind, size) in spec.items():
        if not _check_value(vkind, size, msg[name]):
            raise BadMessage("console.err.bad_message", f"{kind}.{name}")
    return msg


def _fits(hint: Any, value: Any) -> bool:
    """Whether a console's field fits an action field typed `str` (an id) or `str | None` (None: e.g. the whole table)."""
    if value is None:
        return type(None) in typing.get_args(hint)
    return (hint is str or str in typing.get_args(hint)) and _check_value("id", MAX_ID, value)


def team_action(fields: dict[str, Any], agency: str) -> Action:
    """The engine action a team's console asks for; the team is always the seat's own agency."""
    kind = fields.get("kind")
    cls = TEAM_ACTIONS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise BadMessage("console.err.bad_action")
    wanted = {f.name for f in attrs.fields(cls)} - {"agency"}
    given = set(fields) - {"kind", "agency"}
    if given != wanted:
        raise BadMessage("console.err.bad_action")
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for name in wanted:
        value = fields[name]
        if not _fits(hints.get(name), value):
            raise BadMessage("console.err.bad_action")
        values[name] = value
    if "agency" in fields and fields["agency"] != agency:
        raise BadMessage("console.err.other_seat")
    return typing.cast(Action, cls(agency=agency, **values))


__all__ = ["MAX_BYTES", "ROLE_TYPES", "SPEC", "TEAM_ACTIONS", "BadMessage", "parse", "team_action"]
