"""The JSON Schema of the scenario format, generated from `sim.core.model` and `sim.scenario.format`.

One source of truth: the model's attrs classes give the keys and types, the
table in `sim.scenario.format` gives ranges, id shapes and descriptions. The generated
schema is kept in the repository at `schema/scenario.schema.json`, which every
scenario names on its first line (`# yaml-language-server: $schema=...`) so
that editors complete keys and check values while a designer types. A test
keeps the file equal to what this module generates; regenerate it with

    python -m sim.scenario.schema

What the schema cannot say (a reference to a stressor that does not exist, a
duplicate id, a delay beyond the scenario's last round) only the loader
checks: `python run_sim.py validate FILE`.
"""

from __future__ import annotations

import enum
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

import attrs

from sim import resources
from sim.core import model
from sim.scenario import format as fmt

SCHEMA_PATH = resources.schema()
DRAFT = "http://json-schema.org/draft-07/schema#"

_UNIONS = {
    model.Condition: ("Condition", model.CONDITION_KINDS, "a condition"),
    model.Effect: ("Effect", model.EFFECT_KINDS, "an effect"),
    model.Modifier: ("Modifier", model.MODIFIER_KINDS, "a rule modifier"),
}


def _doc(cl: type) -> str:
    return (cl.__doc__ or "").strip().splitlines()[0] if cl.__doc__ else ""


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/definitions/{name}"}

    def type_schema(self, t: Any, owner: type | None = None, field: str | None = None) -> dict[str, Any]:
        """The schema of a value of type `t` (the field `owner.field`, for its extra rules)."""
        key = (owner, field)
        if t in _UNIONS:
            return self.union(t)
        origin = typing.get_origin(t)
        args = typing.get_args(t)
        if origin in (typing.Union, types.UnionType) and type(None) in args:
            inner = [a for a in args if a is not type(None)]
            (one,) = inner
            return {"anyOf": [self.type_schema(one, owner, field), {"type": "null"}]}
        if origin is tuple:
            item = self.type_schema(args[0])
            item.update(self.rules(key, item))
            return {"type": "array", "items": item}
        if origin is dict:
            value = self.type_schema(args[1])
            value.update(self.rules(key, value))
            return {"type": "object", "propertyNames": {"pattern": fmt.ID_PATTERN}, "additionalProperties": value}
        if t is model.Text:
            return self.ref("Text")
        if t is model.PersonName:  # one name for both languages, or a text in both
            return {"anyOf": [{"type": "string"}, self.ref("Text")]}
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return {"enum": [m.value for m in t]}
        if attrs.has(t):
            self.cls(t)
            return self.ref(t.__name__)
        if t is str:
            s: dict[str, Any] = {"type": "string"}
        elif t is bool:
            s = {"type": "boolean"}
        elif t is int:
            s = {"type": "integer"}
        elif t is float:
            s = {"type": "number"}
        else:  # pragma: no cover - the model uses only the types above
            raise TypeError(f"no schema for {t!r}")
        s.update(self.rules(key, s))
        return s

    def rules(self, key: tuple[Any, Any], s: dict[str, Any]) -> dict[str, Any]:
        """Ranges and patterns from `sim.scenario.format` for a scalar (or each item / value of a collection)."""
        out: dict[str, Any] = {}
        if s.get("type") in ("integer", "number") and key in fmt.RANGES:
            lo, hi = fmt.RANGES[key]
            out["minimum"], out["maximum"] = lo, hi
        if s.get("type") == "string":
            if key in fmt.ASSET_FIELDS and key[1] == "icon":
                out["enum"] = list(fmt.ICONS)
            elif key in fmt.ID_FIELDS:
                out["pattern"] = fmt.ID_PATTERN
            elif key == (model.Agency, "colour"):
                out["pattern"] = fmt.COLOUR_PATTERN
        return out

    def cls(self, cl: type, kind: str | None = None, name: str | None = None) -> str:
        name = name or cl.__name__
        if name in self.defs:
            return name
        self.defs[name] = {}  # reserve (recursion)
        hints = typing.get_type_hints(cl)
        props: dict[str, Any] = {}
        required: list[str] = []
        if kind is not None:
            props["kind"] = {"const": kind, "description": f"The kind of {_UNIONS_BY_CLASS[cl]}."}
            required.append("kind")
        for f in attrs.fields(cl):
            if not f.init:
                continue
            s = self.type_schema(hints[f.name], cl, f.name)
            desc = fmt.DESCRIPTIONS.get((cl, f.name))
            if desc:
                s = {**s, "description": desc} if "$ref" not in s else {"allOf": [s], "description": desc}
            if f.default is attrs.NOTHING:
                required.append(f.name)
            elif not isinstance(f.default, fmt.FACTORY) and isinstance(f.default, (int, float, str, bool)) and not isinstance(f.default, enum.Enum):
                s = {**s, "default": f.default}
            props[f.name] = s
        schema: dict[str, Any] = {"type": "object", "description": _doc(cl), "properties": props, "additionalProperties": False}
        if required:
            schema["required"] = required
        self.defs[name] = schema
        return name

    def union(self, t: Any) -> dict[str, Any]:
        name, kinds, what = _UNIONS[t]
        if name not in self.defs:
            self.defs[name] = {}
            branches = []
            for kind, cl in kinds.items():
                sub = self.cls(cl, kind, f"{name}_{kind}")
                branches.append({"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": self.ref(sub)})
            self.defs[name] = {
                "type": "object",
                "description": f"{what[0].upper()}{what[1:]}: a mapping with `kind:` and that kind's keys.",
                "required": ["kind"],
                "properties": {"kind": {"enum": list(kinds), "description": f"Which kind of {what[3 if what.startswith('an ') else 2:]}."}},
                "allOf": branches,
            }
        return self.ref(name)


_UNIONS_BY_CLASS = {
    cl: what[3 if what.startswith("an ") else 2:]
    for _t, (_n, kinds, what) in _UNIONS.items()
    for cl in kinds.values()
}


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a scenario file."""
    b = _Builder()
    b.defs["Text"] = {
        "type": "object",
        "description": "A text in both languages: {nl: ..., en: ...}.",
        "properties": {"nl": {"type": "string", "description": "Dutch."}, "en": {"type": "string", "description": "English."}},
        "required": list(model.LANGUAGES),
        "additionalProperties": False,
    }
    b.cls(model.Scenario)
    root = b.defs.pop("Scenario")
    return {
        "$schema": DRAFT,
        "$id": "https://stabiel.invalid/schema/scenario.schema.json",
        "title": "Stabiel scenario",
        **{k: v for k, v in root.items() if k != "description"},
        "description": "A scenario of Stabiel, the multi-agency training game. See docs/scenario-format.md.",
        "definitions": dict(sorted(b.defs.items())),
    }


def schema_text() -> str:
    """The schema as the text kept in the repository."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema to schema/scenario.schema.json (or to the path given)."""
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    print(f"{path}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
