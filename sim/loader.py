"""Loading scenario files: untrusted YAML in, a validated `Scenario` out.

Validation happens once, here at the edge. The file is parsed with PyYAML's
safe composer into nodes that keep their line and column; aliases, duplicate
keys and object-constructing tags are refused; the plain tree is structured by
cattrs with strict scalar types (YAML's `no` never quietly becomes text) and
unknown keys forbidden; then references, duplicate ids and ranges are checked.
Every problem found becomes a `Problem` naming file, line and column, and all of
them are raised together as one `ScenarioError`.
"""

from __future__ import annotations

import difflib
import enum
import hashlib
import re
import typing
from pathlib import Path
from typing import Any, Iterator

import attrs
import cattrs
import yaml
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from sim import model
from sim.model import Scenario, Text

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000

PathT = tuple[Any, ...]


@attrs.frozen
class Problem:
    """One thing wrong with a scenario file, with where it is."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ScenarioError(ValueError):
    """A scenario file cannot be used; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@attrs.frozen
class LoadedScenario:
    """A validated scenario with where it came from and a hash of its content."""

    scenario: Scenario
    path: str
    content_hash: str


# ---------------------------------------------------------------------------
# YAML: nodes with marks, to a plain tree plus a map from path to position.
# ---------------------------------------------------------------------------

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class _Refused(Exception):
    def __init__(self, message: str, mark: yaml.Mark | None):
        self.message = message
        self.mark = mark


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases outright (no alias bombs, no shared nodes)."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused("YAML aliases (*name) are not allowed in scenario files; write the value out", event.start_mark)
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(f"YAML anchors (&{anchor}) are not allowed in scenario files", event.start_mark)
        return super().compose_node(parent, index)


@attrs.define
class _Tree:
    data: Any
    marks: dict[PathT, tuple[int, int]]  # position of each value
    key_marks: dict[PathT, tuple[int, int]]  # position of each mapping key
    scalars: dict[PathT, str]  # the source text of each scalar, for messages


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _to_tree(root: yaml.Node) -> tuple[_Tree, list[tuple[tuple[int, int], str]]]:
    constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)
    yaml.constructor.SafeConstructor.__init__(constructor)
    tree = _Tree(None, {}, {}, {})
    problems: list[tuple[tuple[int, int], str]] = []
    count = 0

    def build(node: yaml.Node, path: PathT) -> Any:
        nonlocal count
        count += 1
        if count > MAX_NODES:
            raise _Refused(f"the file has more than {MAX_NODES} values; a scenario is never that large", node.start_mark)
        tree.marks[path] = _pos(node.start_mark)
        if node.tag not in _PLAIN_TAGS:
            problems.append((_pos(node.start_mark), f"the tag {node.tag!r} is not allowed; write plain text, numbers, lists and mappings"))
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                    problems.append((_pos(key_node.start_mark), "a key must be a plain word"))
                    continue
                key = key_node.value if key_node.tag == "tag:yaml.org,2002:str" else constructor.construct_object(key_node)
                if isinstance(key, bool) or key is None:
                    key = key_node.value  # `no:` as a key is the word "no"
                if key in out:
                    first = tree.key_marks[path + (key,)]
                    problems.append((_pos(key_node.start_mark), f"duplicate key {key!r} (first given at line {first[0]}); give each key once"))
                    continue
                tree.key_marks[path + (key,)] = _pos(key_node.start_mark)
                out[key] = build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(item, path + (i,)) for i, item in enumerate(node.value)]
        tree.scalars[path] = node.value
        return constructor.construct_object(node)

    tree.data = build(root, ())
    return tree, problems


def _parse(text: str, file: str) -> _Tree:
    loader = _NoAliasLoader(text)
    try:
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as exc:
        line, col = _pos(exc.mark) if exc.mark else (1, 1)
        raise ScenarioError([Problem(file, line, col, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        raise ScenarioError([Problem(file, line, col, f"this is not valid YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(file, 1, 1, f"this is not valid YAML: {exc}")]) from None
    if root is None:
        raise ScenarioError([Problem(file, 1, 1, "the file is empty; expected a scenario (a mapping with id, title, person, ...)")])
    try:
        tree, problems = _to_tree(root)
    except _Refused as exc:
        line, col = _pos(exc.mark) if exc.mark else (1, 1)
        raise ScenarioError([Problem(file, line, col, exc.message)]) from None
    if problems:
        raise ScenarioError([Problem(file, l, c, m) for (l, c), m in problems])
    if not isinstance(tree.data, dict):
        raise ScenarioError([Problem(file, *tree.marks[()], "the top level must be a mapping of keys (id:, title:, person:, ...)")])
    return tree


# ---------------------------------------------------------------------------
# Structuring with cattrs: strict scalars, tagged unions, friendly messages.
# ---------------------------------------------------------------------------


class _FieldError(Exception):
    """A problem with one value; `subpath` points deeper than the value itself."""

    def __init__(self, message: str, subpath: PathT = ()):
        super().__init__(message)
        self.message = message
        self.subpath = subpath


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _suggest(word: Any, choices: typing.Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def _structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    hint = " (YAML reads yes/no/on/off as true/false: put the text in quotes)" if isinstance(value, bool) else ""
    raise _FieldError(f"expected text, got {_describe(value)}{hint}")


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _FieldError(f"expected a whole number, got {_describe(value)}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise _FieldError(f"expected a number, got {_describe(value)}")


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise _FieldError(f"expected true or false, got {_describe(value)}")


def _structure_text(value: Any, _: type) -> Text:
    if isinstance(value, str) and not isinstance(value, bool):
        raise _FieldError(f"expected a text in both languages, like `{{nl: ..., en: ...}}`; got only {_describe(value)}")
    if not isinstance(value, dict):
        raise _FieldError(f"expected a text in both languages (`nl:` and `en:`), got {_describe(value)}")
    for extra in value:
        if extra not in model.LANGUAGES:
            raise _FieldError(f"unknown language {extra!r}; a text has exactly `nl:` and `en:`{_suggest(extra, model.LANGUAGES)}", (extra,))
    for lang in model.LANGUAGES:
        if lang not in value:
            name = "Dutch" if lang == "nl" else "English"
            raise _FieldError(f"the {name} text (`{lang}:`) is missing")
        _field_scalar(_structure_str, value[lang], (lang,))
    return Text(nl=value["nl"], en=value["en"])


def _field_scalar(fn, value: Any, subpath: PathT) -> Any:
    try:
        return fn(value, None)
    except _FieldError as exc:
        raise _FieldError(exc.message, subpath + exc.subpath) from None


def _enum_hook(cl: type[enum.Enum]):
    choices = [m.value for m in cl]

    def hook(value: Any, _: type) -> enum.Enum:
        if isinstance(value, str) and value in choices:
            return cl(value)
        raise _FieldError(f"expected one of {', '.join(choices)}; got {_describe(value)}{_suggest(value, choices)}")

    return hook


def _is_tuple(t: Any) -> bool:
    return typing.get_origin(t) is tuple


def _is_dict(t: Any) -> bool:
    return typing.get_origin(t) is dict


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Text, _structure_text)
    for cl in (model.Leg, model.CardType):
        conv.register_structure_hook(cl, _enum_hook(cl))

    def tuple_factory(t: Any):
        (item_type, *_rest) = typing.get_args(t)

        def hook(value: Any, _: type) -> tuple:
            if not isinstance(value, list):
                raise _FieldError(f"expected a list (lines starting with '- '), got {_describe(value)}")
            errors = []
            out = []
            for i, item in enumerate(value):
                try:
                    out.append(conv.structure(item, item_type))
                except Exception as exc:  # collected and re-raised with the index
                    exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote(f"item {i}", i, item_type)]
                    errors.append(exc)
            if errors:
                raise IterableValidationError("invalid items", errors, t)
            return tuple(out)

        return hook

    def dict_factory(t: Any):
        key_type, value_type = typing.get_args(t)

        def hook(value: Any, _: type) -> dict:
            if not isinstance(value, dict):
                raise _FieldError(f"expected a mapping (key: value lines), got {_describe(value)}")
            errors = []
            out = {}
            for k, v in value.items():
                try:
                    out[conv.structure(k, key_type)] = conv.structure(v, value_type)
                except Exception as exc:
                    exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote(f"key {k}", k, value_type)]
                    errors.append(exc)
            if errors:
                raise IterableValidationError("invalid entries", errors, t)
            return out

        return hook

    def attrs_factory(cl: type):
        inner = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=True)
        what = _CLASS_WORDS.get(cl, cl.__name__)

        def hook(value: Any, _: type) -> Any:
            if not isinstance(value, dict):
                raise _FieldError(f"expected {what} (a mapping of keys), got {_describe(value)}")
            return inner(value, cl)

        return hook

    def union_factory(kinds: dict[str, type], what: str):
        def hook(value: Any, _: type) -> Any:
            if not isinstance(value, dict):
                raise _FieldError(f"expected {what} (a mapping with `kind:`), got {_describe(value)}")
            kind = value.get("kind")
            if kind is None:
                raise _FieldError(f"{what} needs a `kind:`; one of {', '.join(kinds)}")
            if kind not in kinds:
                raise _FieldError(f"unknown {what} kind {kind!r}; expected one of {', '.join(kinds)}{_suggest(kind, kinds)}", ("kind",))
            rest = {k: v for k, v in value.items() if k != "kind"}
            return conv.structure(rest, kinds[kind])

        return hook

    conv.register_structure_hook_factory(_is_tuple, tuple_factory)
    conv.register_structure_hook_factory(_is_dict, dict_factory)
    conv.register_structure_hook_factory(attrs.has, attrs_factory)
    conv.register_structure_hook(model.Condition, union_factory(model.CONDITION_KINDS, "condition"))
    conv.register_structure_hook(model.Effect, union_factory(model.EFFECT_KINDS, "effect"))
    conv.register_structure_hook(model.Modifier, union_factory(model.MODIFIER_KINDS, "modifier"))
    return conv


_CLASS_WORDS = {
    model.Scenario: "a scenario",
    model.Person: "the person",
    model.Stressor: "a stressor",
    model.Agency: "an agency",
    model.Card: "a card",
    model.Event: "an event",
    model.Legs: "the three legs (meedoen, leefomgeving, continuiteit)",
    model.Scoring: "the scoring parameters",
    model.Selector: "a card selector",
}

_CONVERTER = _make_converter()


def _field_names(cl: type) -> list[str]:
    return [f.name for f in attrs.fields(cl) if f.init]


def _walk_errors(exc: BaseException, path: PathT) -> Iterator[tuple[PathT, str, bool]]:
    """Yield (path, message, at_key) for each leaf error of a cattrs error tree."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            notes = [n for n in getattr(sub, "__notes__", []) if isinstance(n, (AttributeValidationNote, IterableValidationNote))]
            step: PathT = ()
            if notes:
                note = notes[-1]
                step = (note.name,) if isinstance(note, AttributeValidationNote) else (note.index,)
            yield from _walk_errors(sub, path + step)
        return
    if isinstance(exc, _FieldError):
        yield path + exc.subpath, exc.message, False
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        names = _field_names(exc.cl)
        for key in sorted(map(str, exc.extra_fields)):
            yield path + (key,), f"unknown key {key!r}; expected one of {', '.join(names)}{_suggest(key, names)}", True
        return
    if isinstance(exc, KeyError):
        key = exc.args[0] if exc.args else "?"
        # cattrs attaches the missing key as the note; the path already ends with it.
        parent = path[:-1] if path and path[-1] == key else path
        yield parent, f"missing required key {key!r}", False
        return
    yield path, f"invalid value: {exc}", False


# ---------------------------------------------------------------------------
# Checks beyond types: references, duplicate ids, ranges.
# ---------------------------------------------------------------------------


def _check(sc: Scenario) -> Iterator[tuple[PathT, str]]:
    agencies = [a.id for a in sc.agencies]
    stressors = [s.id for s in sc.stressors]
    cards = [c.id for c in sc.cards]
    costs = list(sc.scoring.crisis_costs)
    flags = list(sc.flags)

    def flag_ref(path: PathT, value: str) -> Iterator[tuple[PathT, str]]:
        if value not in flags:
            yield path, f"flag {value!r} is not declared under `flags:` (each flag needs a name in nl and en){_suggest(value, flags)}"

    def ref(path: PathT, value: str | None, valid: list[str], what: str) -> Iterator[tuple[PathT, str]]:
        if value is not None and value not in valid:
            hint = _suggest(value, valid) or "; known: " + ", ".join(valid)
            yield path, f"no {what} with id {value!r}{hint}"

    def dupes(section: str, ids: list[str]) -> Iterator[tuple[PathT, str]]:
        seen: dict[str, int] = {}
        for i, x in enumerate(ids):
            if x in seen:
                yield (section, i, "id"), f"duplicate id {x!r} (also used by item {seen[x] + 1} of {section})"
            seen.setdefault(x, i)

    def rng(path: PathT, value: float | None, lo: float, hi: float, what: str) -> Iterator[tuple[PathT, str]]:
        if value is not None and not (lo <= value <= hi):
            yield path, f"{what} must lie between {lo:g} and {hi:g}, got {value:g}"

    def conditions(path: PathT, conds: tuple) -> Iterator[tuple[PathT, str]]:
        for j, c in enumerate(conds):
            p = path + (j,)
            if hasattr(c, "stressor"):
                yield from ref(p + ("stressor",), c.stressor, stressors, "stressor")
            if hasattr(c, "agency"):
                yield from ref(p + ("agency",), c.agency, agencies, "agency")
            if isinstance(c, model.RuleActiveCond):
                yield from ref(p + ("card",), c.card, cards, "card")
            if isinstance(c, model.FlagCond):
                yield from flag_ref(p + ("flag",), c.flag)
            lo, hi = getattr(c, "min", None), getattr(c, "max", None)
            if isinstance(c, (model.StressorCond, model.TrustCond, model.StressCond, model.RoundCond, model.LegCond)):
                if lo is None and hi is None:
                    yield p, "give `min:`, `max:` or both"
                elif lo is not None and hi is not None and lo > hi:
                    yield p + ("min",), f"min ({lo:g}) is larger than max ({hi:g})"

    def effects(path: PathT, effs: tuple) -> Iterator[tuple[PathT, str]]:
        for j, e in enumerate(effs):
            p = path + (j,)
            if hasattr(e, "stressor"):
                yield from ref(p + ("stressor",), e.stressor, stressors, "stressor")
            if hasattr(e, "agency"):
                yield from ref(p + ("agency",), e.agency, agencies, "agency")
            if isinstance(e, model.FlagEffect):
                yield from flag_ref(p + ("flag",), e.flag)
            if isinstance(e, model.CrisisEffect):
                yield from ref(p + ("cost",), e.cost, costs, "crisis cost (scoring.crisis_costs)")
            yield from rng(p + ("delay",), e.delay, 0, sc.rounds, "delay")

    yield from dupes("agencies", agencies)
    yield from dupes("stressors", stressors)
    yield from dupes("cards", cards)
    yield from dupes("events", [e.id for e in sc.events])
    yield from dupes("learning_objectives", [o.id for o in sc.learning_objectives])

    yield from rng(("rounds",), sc.rounds, 1, 52, "rounds")
    if not sc.agencies:
        yield ("agencies",), "a scenario needs at least one agency"
    p = sc.person
    yield from rng(("person", "stress"), p.stress, 0, 100, "stress")
    yield from rng(("person", "age"), p.age, 0, 120, "age")
    for leg in model.LEGS:
        yield from rng(("person", "legs", leg.value), getattr(p.legs, leg.value), 0, 10, "a leg")
    for j, flag in enumerate(p.flags):
        yield from flag_ref(("person", "flags", j), flag)
    for agency_id, value in p.trust.items():
        yield from ref(("person", "trust", agency_id), agency_id, agencies, "agency")
        yield from rng(("person", "trust", agency_id), value, 0, 10, "trust")
    for i, s in enumerate(sc.stressors):
        yield from rng(("stressors", i, "severity"), s.severity, 0, 3, "severity")
        yield from rng(("stressors", i, "weight"), s.weight, 0, 10, "weight")
        for j, a in enumerate(s.known_by):
            yield from ref(("stressors", i, "known_by", j), a, agencies, "agency")
    for i, a in enumerate(sc.agencies):
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", a.colour):
            yield ("agencies", i, "colour"), f"expected a colour like '#0072B2', got {a.colour!r}"
        yield from rng(("agencies", i, "capacity"), a.capacity, 0, 20, "capacity")
        yield from rng(("agencies", i, "mandate"), a.mandate, 0, 20, "mandate")
    for i, c in enumerate(sc.cards):
        base = ("cards", i)
        yield from ref(base + ("agency",), c.agency, agencies, "agency")
        for j, partner in enumerate(c.partners):
            yield from ref(base + ("partners", j), partner, agencies, "agency")
            if partner == c.agency:
                yield base + ("partners", j), "a card's own agency cannot also be its partner"
        if c.type is model.CardType.JOINT and not c.partners:
            yield base + ("type",), "a joint card needs `partners:` (the agencies that must agree)"
        if c.type is model.CardType.RULE and not c.modifiers and not c.effects:
            yield base + ("type",), "a rule card needs `modifiers:` (what it changes)"
        if c.modifiers and c.type is not model.CardType.RULE:
            yield base + ("modifiers",), "only rule cards (type: rule) have modifiers"
        yield from rng(base + ("cost",), c.cost, 0, 20, "cost")
        yield from rng(base + ("mandate",), c.mandate, 0, 20, "mandate")
        yield from rng(base + ("max_plays",), c.max_plays, 0, 100, "max_plays")
        if c.duration is not None:
            yield from rng(base + ("duration",), c.duration, 1, sc.rounds, "duration")
        yield from conditions(base + ("conditions",), c.conditions)
        yield from effects(base + ("effects",), c.effects)
        for j, m in enumerate(c.modifiers):
            mp = base + ("modifiers", j)
            if hasattr(m, "agency"):
                yield from ref(mp + ("agency",), m.agency, agencies, "agency")
            sel = getattr(m, "cards", None)
            if sel is not None:
                yield from ref(mp + ("cards", "card"), sel.card, cards, "card")
                yield from ref(mp + ("cards", "agency"), sel.agency, agencies, "agency")
    for i, e in enumerate(sc.events):
        base = ("events", i)
        yield from rng(base + ("deck",), e.deck, 0, 20, "deck")
        for j, r in enumerate(e.rounds):
            yield from rng(base + ("rounds", j), r, 1, sc.rounds, "a scheduled round")
        yield from ref(base + ("responder",), e.responder, agencies, "agency")
        yield from conditions(base + ("trigger",), e.trigger)
        yield from conditions(base + ("conditions",), e.conditions)
        yield from effects(base + ("effects",), e.effects)
    s = sc.scoring
    yield from ref(("scoring", "stress_crisis_cost"), s.stress_crisis_cost, costs, "crisis cost (scoring.crisis_costs)")
    yield from rng(("scoring", "min_weight"), s.min_weight, 0, 1, "min_weight")


def _locate(tree: _Tree, path: PathT, at_key: bool) -> tuple[int, int]:
    if at_key and path in tree.key_marks:
        return tree.key_marks[path]
    p = path
    while p:
        if p in tree.marks:
            return tree.marks[p]
        if p in tree.key_marks:
            return tree.key_marks[p]
        p = p[:-1]
    return tree.marks.get((), (1, 1))


def parse_scenario(text: str, file: str = "<scenario>") -> Scenario:
    """Parse and validate scenario YAML text; raise `ScenarioError` listing every problem."""
    tree = _parse(text, file)
    try:
        scenario = _CONVERTER.structure(tree.data, Scenario)
    except (ClassValidationError, IterableValidationError, _FieldError) as exc:
        found = sorted({(*_locate(tree, p, k), m) for p, m, k in _walk_errors(exc, ())})
        raise ScenarioError([Problem(file, line, col, msg) for line, col, msg in found]) from None
    found = sorted({(*_locate(tree, p, False), m) for p, m in _check(scenario) if m})
    if found:
        raise ScenarioError([Problem(file, line, col, msg) for line, col, msg in found])
    return scenario


def load_scenario(path: str | Path) -> LoadedScenario:
    """Read, parse and validate a scenario file; raise `ScenarioError` with file:line:col problems."""
    path = Path(path)
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError([Problem(file, 1, 1, f"the file is {size} bytes; a scenario may be at most {MAX_FILE_BYTES} bytes")])
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(file, 1, 1, f"cannot read the file: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError([Problem(file, line, col, "the file is not UTF-8 text; save it as UTF-8")]) from None
    scenario = parse_scenario(text, file)
    return LoadedScenario(scenario, file, hashlib.sha256(raw).hexdigest())
