"""Loading scenario files: untrusted YAML in, a validated `Scenario` out.

Validation happens once, here at the edge, in three stages, and every problem
of every stage is reported (file, line, column, what was expected):

1. **YAML.** The text is read event by event (libyaml's parser: no
   recursion, no objects constructed) into a plain tree of mappings, lists,
   text, numbers and true/false, remembering where each value stands. The
   file size, the nesting depth and the number of values are capped;
   anchors and aliases (`&a`, `*a`: the stuff of alias bombs), duplicate keys,
   more than one document and tags that would construct objects are refused.
2. **Types.** cattrs structures the tree into the frozen attrs classes of
   `sim.core.model` with strict scalars (YAML's `no` is a yes/no value, never the
   text "False"), unknown keys forbidden and "did you mean" hints.
3. **Checks beyond types** (`sim.scenario.format` holds the table): references to
   stressors, agencies, cards, flags and crisis costs that do not exist,
   duplicate ids, numbers out of range, ids and colours of the wrong shape,
   asset paths that leave the scenario's folder. When a type error stops
   stage 2 for the whole file, each section and item is structured on its own
   so that the rest of the file is still checked.

A file that passes all three is then linted for *warnings* (`lint`): cards
nobody can ever play, events that can never happen, stressors no card
reduces, agencies without a boundary-crossing card. Warnings never stop a
file from loading.
"""

from __future__ import annotations

import difflib
import enum
import hashlib
import math
import re
import typing
from pathlib import Path
from typing import Any, Iterable, Iterator

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

from sim import resources
from sim.scenario import format as fmt
from sim.core import model
from sim.core.limits import DEFAULT_TRUST, SEVERITY, TRUST
from sim.core.model import Scenario, Text

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 64

ASSETS_DIR = resources.assets()

PathT = tuple[Any, ...]

ERROR = "error"
WARNING = "warning"


@attrs.frozen
class Problem:
    """One thing wrong with a scenario file, with where it is (`level`: error or warning)."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    message: str
    level: str = ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: warning: {self.message}" if self.level == WARNING else f"{where}: {self.message}"


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


@attrs.frozen
class Report:
    """Everything `check_text` / `check_file` found: the scenario (None when there are errors), errors, warnings."""

    file: str
    scenario: Scenario | None
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    content_hash: str = ""

    @property
    def ok(self) -> bool:
        """Whether the file loads (warnings allowed)."""
        return not self.errors


# ---------------------------------------------------------------------------
# Stage 1, YAML: events to a plain tree plus a map from path to position.
# ---------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
# Plain scalars that YAML 1.1 reads as dates or as the `=` value key are kept as the text written.
_AS_TEXT_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"}
_MAP_TAGS = {None, "!", "tag:yaml.org,2002:map"}
_SEQ_TAGS = {None, "!", "tag:yaml.org,2002:seq"}


class _Fatal(Exception):
    """A problem after which the file cannot be read any further."""

    def __init__(self, message: str, pos: tuple[int, int] = (1, 1)):
        self.message = message
        self.pos = pos


class _Bad:
    """Stands in for a value already reported in stage 1 (a refused tag), so stage 2 stays quiet about it."""

    def __repr__(self) -> str:
        return "<already reported>"


_BAD = _Bad()


@attrs.define
class _Tree:
    data: Any
    marks: dict[PathT, tuple[int, int]]  # position of each value
    key_marks: dict[PathT, tuple[int, int]]  # position of each mapping key
    comment_nulls: set[PathT] = attrs.Factory(set)  # empty values followed by a '#' comment (`colour: #fff`)


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


_IMPLICIT_FIRST = frozenset(k for k in _RESOLVER.yaml_implicit_resolvers if k)  # first characters that may not be text
_TEXT_STYLES = frozenset("'\"|>")


def _scalar(event: yaml.ScalarEvent) -> tuple[Any, str | None]:
    """The value of a scalar event and, if refused, why."""
    tag = event.tag
    value = event.value
    if tag is None or tag == "!":
        if event.style in _TEXT_STYLES or (value[:1] not in _IMPLICIT_FIRST and value):
            return value, None  # quoted or block text, or plain text that cannot be a number, yes/no or null
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)
    if tag == _STR or tag in _AS_TEXT_TAGS:
        return value, None
    if tag not in _SCALAR_TAGS:
        return _BAD, f"the tag {event.tag or tag!r} is not allowed; write plain text, numbers, lists and mappings"
    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True), None
    except (ValueError, yaml.YAMLError, OverflowError):  # e.g. an integer with 100,000 digits
        shown = value if len(value) <= 20 else value[:17] + "..."
        return _BAD, f"cannot read the number {shown!r} ({len(value)} characters): it is far too large for a scenario"


_TAG_REFUSED = "the tag {!r} is not allowed; write plain text, numbers, lists and mappings"


def _read_tree(text: str) -> tuple[_Tree, list[tuple[tuple[int, int], str]]]:
    """Read YAML text into a `_Tree`; raise `_Fatal` for what stops reading; return the other problems.

    One pass over libyaml's events with an explicit stack (no recursion, so no
    nesting can exhaust the interpreter's stack).
    """
    tree = _Tree(None, {}, {})
    marks = tree.marks
    key_marks = tree.key_marks
    problems: list[tuple[tuple[int, int], str]] = []
    # A frame: [container, path, the key waiting for its value (mappings; None: expecting a key), tag refused]
    stack: list[list[Any]] = []
    count = 0
    documents = 0
    skipping = 0  # depth of a subtree being skipped (a list or mapping used as a key)
    Scalar, MapStart = yaml.ScalarEvent, yaml.MappingStartEvent
    MapEnd, SeqEnd, Alias, DocStart = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent, yaml.DocumentStartEvent
    ignored = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml when PyYAML has it
    try:
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is MapEnd or kind is SeqEnd:
                if skipping:
                    skipping -= 1
                    continue
                container, path, _key, refused_tag = stack.pop()
                _place(tree, stack, _BAD if refused_tag else container)
                continue
            if kind in ignored:
                continue
            mark = event.start_mark
            pos = (mark.line + 1, mark.column + 1)
            if kind is DocStart:
                documents += 1
                if documents > 1:
                    raise _Fatal("a scenario file holds one YAML document; remove the second '---'", pos)
                continue
            if kind is Alias:
                raise _Fatal(f"YAML aliases (*{event.anchor}) are not allowed in scenario files; write the value out", pos)
            if event.anchor is not None:
                raise _Fatal(f"YAML anchors (&{event.anchor}) are not allowed in scenario files; write each value out", pos)
            if skipping:
                if kind is not Scalar:
                    skipping += 1
                continue
            count += 1
            if count > MAX_NODES:
                raise _Fatal(f"the file has more than {MAX_NODES} values; a scenario is never that large", pos)
            parent = stack[-1] if stack else None
            if parent is not None and parent[2] is None and type(parent[0]) is dict:  # a key
                if kind is not Scalar:
                    problems.append((pos, "a key must be a plain word, not a list or mapping"))
                    skipping = 1
                    parent[2] = _BAD
                    continue
                key, refused = _scalar(event)
                if event.value == "<<" and event.implicit[0]:
                    problems.append((pos, "merge keys (<<) are not allowed; write the keys out"))
                    key = _BAD
                elif refused:
                    problems.append((pos, refused))
                    key = _BAD
                elif isinstance(key, bool) or key is None or (isinstance(key, float) and math.isnan(key)):
                    key = event.value  # `no:` as a key is the word "no"
                if key is not _BAD:
                    kpath = parent[1] + (key,)
                    if key in parent[0]:
                        first = key_marks[kpath]
                        problems.append((pos, f"duplicate key {key!r} (first given at line {first[0]}); give each key once"))
                        key = _BAD
                    else:
                        key_marks[kpath] = pos
                parent[2] = key
                continue
            if parent is None:
                path: PathT = ()
            elif type(parent[0]) is dict:
                path = parent[1] + (parent[2],)
            else:
                path = parent[1] + (len(parent[0]),)
            marks[path] = pos
            if kind is Scalar:
                value, refused = _scalar(event)
                if refused:
                    problems.append((pos, refused))
                elif value is None and not event.value and text[mark.index:mark.index + 80].lstrip(" ").startswith("#"):
                    tree.comment_nulls.add(path)
                _place(tree, stack, value)
            else:
                if len(stack) >= MAX_DEPTH:
                    raise _Fatal(f"the file nests more than {MAX_DEPTH} levels deep; a scenario never does", pos)
                refused_tag = event.tag not in (_MAP_TAGS if kind is MapStart else _SEQ_TAGS)
                if refused_tag:
                    problems.append((pos, _TAG_REFUSED.format(event.tag)))
                stack.append([{} if kind is MapStart else [], path, None, refused_tag])
    finally:
        loader.dispose()
    return tree, problems


def _place(tree: _Tree, stack: list[list[Any]], value: Any) -> None:
    """Put a finished value into its parent (or make it the whole document)."""
    if not stack:
        tree.data = value
        return
    parent = stack[-1]
    container = parent[0]
    if type(container) is dict:
        key = parent[2]
        if key is not _BAD:
            container[key] = value
        parent[2] = None
    else:
        container.append(value)


def _read(text: str, file: str) -> tuple[_Tree, list[Problem]]:
    """Stage 1: the tree and its problems; raise `ScenarioError` when the file cannot be read at all."""
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError([Problem(file, 1, 1, f"the file is {len(text)} characters long; a scenario may be at most {MAX_FILE_BYTES}")])
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        tree, found = _read_tree(text)
    except _Fatal as exc:
        raise ScenarioError([Problem(file, *exc.pos, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        if exc.context and "while scanning" not in exc.context:
            what = f"{what} ({exc.context})"
        hint = _yaml_hint(what)
        if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            hint = "; this is a tab: indent with spaces, never tabs"
        raise ScenarioError([Problem(file, *_pos(mark), f"this is not valid YAML: {what}{hint}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        message = f"the file contains the invisible control character U+{char:04X}, which may not appear in a scenario; delete it"
        raise ScenarioError([Problem(file, line, col, message)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(file, 1, 1, f"this is not valid YAML: {exc}")]) from None
    if tree.data is None:
        raise ScenarioError([Problem(file, 1, 1, "the file is empty; expected a scenario (a mapping with id:, title:, person:, ...)")])
    problems = [Problem(file, l, c, m) for (l, c), m in found]
    if not isinstance(tree.data, dict):
        problems.append(Problem(file, *tree.marks.get((), (1, 1)), f"the top level must be a mapping of keys (id:, title:, person:, ...), not {_describe(tree.data)}"))
        raise ScenarioError(problems)
    return tree, problems


def _yaml_hint(what: str) -> str:
    if "tab" in what:
        return "; indent with spaces, never tabs"
    if "mapping values are not allowed" in what:
        return "; a text containing ': ' needs quotes around it"
    if "could not find expected ':'" in what:
        return "; every key needs a ':' after it"
    return ""


# ---------------------------------------------------------------------------
# Stage 2, types: cattrs with strict scalars, tagged unions, friendly messages.
# ---------------------------------------------------------------------------


class _FieldError(Exception):
    """Problems with one value; each has a `subpath` that may point deeper than the value itself."""

    def __init__(self, message: str, subpath: PathT = (), more: list[tuple[PathT, str]] | None = None):
        super().__init__(message)
        self.items = [(subpath, message)] + (more or [])

    @property
    def message(self) -> str:
        return self.items[0][1]


_SILENT = "<silent>"  # a value already reported in stage 1


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else f"the text {value[:37]!r}..."
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _suggest(word: Any, choices: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def _check_bad(value: Any) -> None:
    if value is _BAD:
        raise _FieldError(_SILENT)


def _structure_str(value: Any, _: type) -> str:
    _check_bad(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        word = "yes/true/on" if value else "no/false/off"
        raise _FieldError(f"expected text, got the yes/no value {str(value).lower()}: YAML reads {word} without quotes as yes/no; put the text in quotes")
    if isinstance(value, (int, float)):
        raise _FieldError(f"expected text, got {_describe(value)}; put it in quotes if you mean the text")
    raise _FieldError(f"expected text, got {_describe(value)}")


def _structure_int(value: Any, _: type) -> int:
    _check_bad(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _FieldError(f"expected a whole number, got {_describe(value)}")


def _structure_float(value: Any, _: type) -> float:
    _check_bad(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise _FieldError(f"expected an ordinary number, got {_describe(value)}")
        return float(value)
    raise _FieldError(f"expected a number, got {_describe(value)}")


def _structure_bool(value: Any, _: type) -> bool:
    _check_bad(value)
    if isinstance(value, bool):
        return value
    raise _FieldError(f"expected true or false, got {_describe(value)}")


def _structure_text(value: Any, _: type) -> Text:
    _check_bad(value)
    if isinstance(value, str):
        raise _FieldError(f"expected a text in both languages, like `{{nl: ..., en: ...}}`; got only {_describe(value)}")
    if not isinstance(value, dict):
        raise _FieldError(f"expected a text in both languages (`nl:` and `en:`), got {_describe(value)}")
    items: list[tuple[PathT, str]] = []
    for extra in value:
        if extra not in model.LANGUAGES:
            missing = [lang for lang in model.LANGUAGES if lang not in value]
            hint = _suggest(extra, model.LANGUAGES) or (f"; is this the `{missing[0]}:` text?" if len(missing) == 1 else "")
            items.append(((extra,), f"unknown language {extra!r}; a text has exactly `nl:` and `en:`{hint}"))
    for lang in model.LANGUAGES:
        if lang not in value:
            if not items:  # an unknown key is most likely the missing language misspelt: say that once
                name = "Dutch" if lang == "nl" else "English"
                items.append(((), f"the {name} text (`{lang}:`) is missing"))
        else:
            try:
                _structure_str(value[lang], str)
            except _FieldError as exc:
                items.extend(((lang,) + p, m) for p, m in exc.items)
    if items:
        (first_path, first), *rest = items
        raise _FieldError(first, first_path, rest)
    return Text(nl=value["nl"], en=value["en"])


def _enum_hook(cl: type[enum.Enum]):
    choices = [m.value for m in cl]

    def hook(value: Any, _: type) -> enum.Enum:
        _check_bad(value)
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
            _check_bad(value)
            if not isinstance(value, list):
                raise _FieldError(f"expected a list (lines starting with '- ', or [a, b]), got {_describe(value)}")
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
            _check_bad(value)
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
            _check_bad(value)
            if not isinstance(value, dict):
                raise _FieldError(f"expected {what} (a mapping of keys: {', '.join(_field_names(cl))}), got {_describe(value)}")
            return inner(value, cl)

        return hook

    def union_factory(kinds: dict[str, type], what: str):
        def hook(value: Any, _: type) -> Any:
            _check_bad(value)
            if not isinstance(value, dict):
                raise _FieldError(f"expected {what} (a mapping with `kind:`, like `{{kind: {next(iter(kinds))}, ...}}`), got {_describe(value)}")
            kind = value.get("kind")
            if kind is None:
                raise _FieldError(f"{what} needs a `kind:`; one of {', '.join(kinds)}")
            if not isinstance(kind, str) or kind not in kinds:
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
    model.Kpi: "a KPI",
    model.LearningObjective: "a learning objective",
    model.Legs: "the three legs",
    model.Scoring: "the scoring parameters",
    model.Thresholds: "the thresholds",
    model.Selector: "a card selector",
}

_CONVERTER = _make_converter()


def _field_names(cl: type) -> list[str]:
    names = [f.name for f in attrs.fields(cl) if f.init]
    if cl in model.CONDITION_KINDS.values() or cl in model.EFFECT_KINDS.values() or cl in model.MODIFIER_KINDS.values():
        names = ["kind", *names]
    return names


def _walk_errors(exc: BaseException, path: PathT) -> Iterator[tuple[PathT, str, bool]]:
    """Yield (path, message, at_key) for each leaf error of a cattrs error tree."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            notes = [n for n in getattr(sub, "__notes__", []) if isinstance(n, (AttributeValidationNote, IterableValidationNote))]
            step: PathT = ()
            if notes:
                note = notes[-1]
                step = (note.name,) if isinstance(note, AttributeValidationNote) else (note.index,)
            cl = getattr(exc, "cl", None)
            if isinstance(sub, KeyError) and cl is not None:
                yield from _missing(sub, path, step, cl)
            else:
                yield from _walk_errors(sub, path + step)
        return
    if isinstance(exc, _FieldError):
        for sub, message in exc.items:
            if message != _SILENT:
                # An unknown language is an unknown key: point at the key, like every other unknown key.
                yield path + sub, message, message.startswith("unknown language")
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        names = _field_names(exc.cl)
        for key in sorted(map(str, exc.extra_fields)):
            yield path + (key,), f"unknown key {key!r}; expected one of {', '.join(names)}{_suggest(key, names)}", True
        return
    yield path, f"invalid value: {exc}", False


def _missing(exc: KeyError, path: PathT, step: PathT, cl: type) -> Iterator[tuple[PathT, str, bool]]:
    key = exc.args[0] if exc.args else (step[0] if step else "?")
    yield path, f"missing required key {key!r}", False


# ---------------------------------------------------------------------------
# Stage 3: checks beyond types, on the whole scenario or on the parts that
# structured (so a type error in one card does not hide a dangling reference in
# another).
# ---------------------------------------------------------------------------

_SECTIONS = ("stressors", "agencies", "cards", "events", "learning_objectives", "reflection_questions")


@attrs.define
class _Parts:
    """The structured parts of a scenario; a None item or section failed stage 2 (already reported)."""

    values: dict[str, Any]  # top-level key -> structured value, or None
    items: dict[str, list[Any]]  # list section -> items, None where an item failed
    ids: dict[str, list[str] | None]  # section -> every id given in the file (None: section unreadable)
    flags: list[str] | None
    costs: list[str] | None

    def get(self, key: str) -> Any:
        return self.values.get(key)


def _parts_of(sc: Scenario) -> _Parts:
    values = {f.name: getattr(sc, f.name) for f in attrs.fields(Scenario) if f.init}
    items = {s: list(getattr(sc, s)) for s in _SECTIONS}
    ids = {s: [getattr(x, "id") for x in getattr(sc, s)] for s in _SECTIONS[:5]}
    return _Parts(values, items, ids, list(sc.flags), list(sc.scoring.crisis_costs))


def _partial_parts(data: dict) -> _Parts:
    """Structure each top-level value and each section item on its own; failures become None."""
    values: dict[str, Any] = {}
    items: dict[str, list[Any]] = {}
    ids: dict[str, list[str] | None] = {}
    hints = typing.get_type_hints(Scenario)
    for f in attrs.fields(Scenario):
        if not f.init:
            continue
        raw = data.get(f.name, attrs.NOTHING)
        if raw is attrs.NOTHING:
            values[f.name] = f.default if f.default is not attrs.NOTHING and not isinstance(f.default, attrs.Factory) else (
                f.default.factory() if isinstance(f.default, attrs.Factory) else None
            )
        else:
            values[f.name] = _try(raw, hints[f.name])
        if f.name in _SECTIONS:
            item_type = typing.get_args(hints[f.name])[0]
            if raw is attrs.NOTHING:
                items[f.name] = []
            elif isinstance(raw, list):
                items[f.name] = [_try(x, item_type) for x in raw]
            else:
                items[f.name] = []
            if f.name != "reflection_questions":
                # A section that is missing or unreadable: its ids are unknown (None), so
                # references to it are not reported on top of the section's own problem.
                if isinstance(raw, list):
                    ids[f.name] = [x["id"] for x in raw if isinstance(x, dict) and isinstance(x.get("id"), str)]
                else:
                    ids[f.name] = [] if raw is attrs.NOTHING and f.default is not attrs.NOTHING else None
    raw_flags = data.get("flags", {})
    flags = [k for k in raw_flags if isinstance(k, str)] if isinstance(raw_flags, dict) else None
    raw_scoring = data.get("scoring", {})
    costs: list[str] | None = []
    if isinstance(raw_scoring, dict):
        raw_costs = raw_scoring.get("crisis_costs", {})
        costs = [k for k in raw_costs if isinstance(k, str)] if isinstance(raw_costs, dict) else None
    else:
        costs = None
    return _Parts(values, items, ids, flags, costs)


def _try(raw: Any, t: Any) -> Any:
    try:
        return _CONVERTER.structure(raw, t)
    except Exception:  # already reported by the whole-file pass
        return None


_FIELDS: dict[type, tuple[str, ...]] = {}
_RULES: dict[type, list[tuple[str, tuple[float, float] | None, bool, str, bool, bool]]] = {}


def _init_fields(cl: type) -> tuple[str, ...]:
    names = _FIELDS.get(cl)
    if names is None:
        names = _FIELDS[cl] = tuple(f.name for f in attrs.fields(cl) if f.init)
    return names


def _rules(cl: type) -> list[tuple[str, tuple[float, float] | None, bool, str, bool, bool]]:
    """(field, range, capped by rounds, word, is an id, is an asset) for the fields of `cl` that have a rule."""
    rules = _RULES.get(cl)
    if rules is None:
        rules = []
        for name in _init_fields(cl):
            key = (cl, name)
            if key in fmt.RANGES or key in fmt.ID_FIELDS or key in fmt.ASSET_FIELDS:
                rules.append((name, fmt.RANGES.get(key), key in fmt.ROUND_CAPPED, fmt.WORDS.get(key, name),
                              key in fmt.ID_FIELDS, key in fmt.ASSET_FIELDS))
        _RULES[cl] = rules
    return rules


def _objects(obj: Any, path: PathT) -> Iterator[tuple[PathT, Any]]:
    """Every attrs instance in a structured value, with its path."""
    if isinstance(obj, tuple):
        for i, x in enumerate(obj):
            yield from _objects(x, path + (i,))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _objects(v, path + (k,))
    elif attrs.has(type(obj)):
        yield path, obj
        for name in _init_fields(type(obj)):
            value = getattr(obj, name)
            if isinstance(value, (tuple, dict)) or attrs.has(type(value)):
                yield from _objects(value, path + (name,))


_ID_RE = re.compile(fmt.ID_PATTERN)


def _generic(path: PathT, obj: Any, file: str, rounds: int | None) -> Iterator[tuple[PathT, str]]:
    """Ranges, id shapes and asset paths from `sim.scenario.format`, for one attrs instance."""
    for name, limits, capped, word, is_id, is_asset in _rules(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        p = path + (name,)
        if limits is not None:
            lo, hi = limits
            if capped and rounds is not None and 1 <= rounds <= hi:
                hi = rounds
            entries = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, tuple) else [(None, value)]
            for k, v in entries:
                if v is not None and not (lo <= v <= hi):
                    yield (p if k is None else p + (k,)), f"{word} must lie between {lo:g} and {hi:g}, got {v:g}"
        if is_id:
            names = value if isinstance(value, (tuple, dict)) else [value]
            for j, ident in enumerate(names):
                if not _ID_RE.fullmatch(ident):
                    where = p + (ident,) if isinstance(value, dict) else p + (j,) if isinstance(value, tuple) else p
                    yield where, f"{ident!r} cannot be an id: start with a letter and use only letters, digits, '_' and '-' (no spaces)"
        if is_asset:
            why = _asset_problem(value, file, icon=name == "icon")
            if why:
                yield p, why


def _asset_problem(value: str, file: str, icon: bool = False) -> str | None:
    """Why an asset path is refused, or None. Assets stay inside the scenario's folder or assets/."""
    if icon:
        if not re.fullmatch(fmt.ID_PATTERN, value):
            return f"an icon is a name from assets/icons (like euro, shield, heart, house, people), not {value!r}"
        return None
    outside = f"the file {value!r} must lie inside the scenario's folder or the game's assets/ folder"
    if not value or "\\" in value or ":" in value or "\x00" in value or value.startswith(("/", "~")):
        return f"{outside}; write a relative path with '/', like portraits/jan.png"
    try:
        base = Path(file).resolve().parent
        target = (base / value).resolve()
        assets = ASSETS_DIR.resolve()
    except (OSError, ValueError, RuntimeError):
        return outside
    if target.is_relative_to(base) or target.is_relative_to(assets):
        return None
    return outside


def _check(parts: _Parts, file: str) -> Iterator[tuple[PathT, str]]:
    agencies = parts.ids.get("agencies")
    stressors = parts.ids.get("stressors")
    cards = parts.ids.get("cards")
    flags = parts.flags
    costs = parts.costs
    rounds = parts.get("rounds")
    if rounds is not None and not (1 <= rounds <= fmt.MAX_ROUNDS):
        rounds = None  # already reported; checks against it would only repeat that
    card_items = {c.id: c for c in parts.items["cards"] if c is not None}

    def ref(path: PathT, value: str | None, valid: list[str] | None, what: str) -> Iterator[tuple[PathT, str]]:
        if value is None or valid is None or value in valid:
            return
        if what == "flag":
            hint = _suggest(value, valid)
            yield path, f"flag {value!r} is not declared under `flags:` (each flag needs a name in nl and en){hint}"
            return
        hint = _suggest(value, valid) or ("; known: " + ", ".join(valid) if valid else f"; there are no {what}s yet")
        yield path, f"no {what} with id {value!r}{hint}"

    def dupes(section: str) -> Iterator[tuple[PathT, str]]:
        seen: dict[str, int] = {}
        for i, x in enumerate(parts.items[section]):
            if x is None:
                continue
            if x.id in seen:
                yield (section, i, "id"), f"duplicate id {x.id!r} (also used by item {seen[x.id] + 1} of {section}); give each a different id"
            seen.setdefault(x.id, i)

    def conditions(path: PathT, conds: tuple, owner: str | None, in_event: bool) -> Iterator[tuple[PathT, str]]:
        for j, c in enumerate(conds):
            p = path + (j,)
            if hasattr(c, "stressor"):
                yield from ref(p + ("stressor",), c.stressor, stressors, "stressor")
            if hasattr(c, "agency"):
                yield from ref(p + ("agency",), c.agency, agencies, "agency")
                if in_event and c.agency is None and owner is None and isinstance(c, model.TrustCond):
                    yield p, "say whose trust this is (`agency:`): an event without a `responder:` has no acting agency"
            if isinstance(c, model.RuleActiveCond):
                yield from ref(p + ("card",), c.card, cards, "card")
                target = card_items.get(c.card)
                if target is not None and target.type is not model.CardType.RULE:
                    yield p + ("card",), f"{c.card!r} is not a rule card (type: rule), so it is never in force"
            if isinstance(c, model.FlagCond):
                yield from ref(p + ("flag",), c.flag, flags, "flag")
            lo, hi = getattr(c, "min", None), getattr(c, "max", None)
            if isinstance(c, (model.StressorCond, model.TrustCond, model.StressCond, model.RoundCond, model.LegCond)):
                if lo is None and hi is None:
                    yield p, "give `min:`, `max:` or both"
                elif lo is not None and hi is not None and lo > hi:
                    yield p + ("min",), f"min ({lo:g}) is larger than max ({hi:g})"

    def effects(path: PathT, effs: tuple, owner: str | None, in_event: bool) -> Iterator[tuple[PathT, str]]:
        for j, e in enumerate(effs):
            p = path + (j,)
            if hasattr(e, "stressor"):
                yield from ref(p + ("stressor",), e.stressor, stressors, "stressor")
            if hasattr(e, "agency"):
                yield from ref(p + ("agency",), e.agency, agencies, "agency")
                if in_event and e.agency is None and owner is None:
                    yield p, "say which agency (`agency:`): an event without a `responder:` has no acting agency"
            if isinstance(e, model.FlagEffect):
                yield from ref(p + ("flag",), e.flag, flags, "flag")
            if isinstance(e, model.CrisisEffect):
                yield from ref(p + ("cost",), e.cost, costs, "crisis cost (scoring.crisis_costs)")

    for section in _SECTIONS[:5]:
        yield from dupes(section)
    if parts.get("agencies") is not None and not parts.get("agencies"):
        yield ("agencies",), "a scenario needs at least one agency"
    for key, value in parts.values.items():
        if key in _SECTIONS:
            continue
        if attrs.has(type(value)):
            for p, obj in _objects(value, (key,)):
                yield from _generic(p, obj, file, rounds)
    scenario_fields = {k: v for k, v in parts.values.items() if k not in _SECTIONS and not attrs.has(type(v))}
    yield from _generic_fields(model.Scenario, scenario_fields, file)
    for section in _SECTIONS:
        for i, item in enumerate(parts.items[section]):
            if item is not None:
                for p, obj in _objects(item, (section, i)):
                    yield from _generic(p, obj, file, rounds)

    person = parts.get("person")
    if person is not None:
        for j, flag in enumerate(person.flags):
            yield from ref(("person", "flags", j), flag, flags, "flag")
        for agency_id in person.trust:
            yield from ref(("person", "trust", agency_id), agency_id, agencies, "agency")
    for i, s in enumerate(parts.items["stressors"]):
        if s is not None:
            for j, a in enumerate(s.known_by):
                yield from ref(("stressors", i, "known_by", j), a, agencies, "agency")
    for i, a in enumerate(parts.items["agencies"]):
        if a is not None and not re.fullmatch(fmt.COLOUR_PATTERN, a.colour):
            yield ("agencies", i, "colour"), f"expected a colour like '#0072B2' (in quotes), got {a.colour!r}"
    for i, c in enumerate(parts.items["cards"]):
        if c is None:
            continue
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
        if c.duration is not None and c.type is not model.CardType.RULE:
            yield base + ("duration",), "only rule cards (type: rule) have a duration"
        yield from conditions(base + ("conditions",), c.conditions, c.agency, False)
        yield from effects(base + ("effects",), c.effects, c.agency, False)
        for j, m in enumerate(c.modifiers):
            mp = base + ("modifiers", j)
            if hasattr(m, "agency"):
                yield from ref(mp + ("agency",), m.agency, agencies, "agency")
            sel = getattr(m, "cards", None)
            if sel is not None:
                yield from ref(mp + ("cards", "card"), sel.card, cards, "card")
                yield from ref(mp + ("cards", "agency"), sel.agency, agencies, "agency")
    for i, e in enumerate(parts.items["events"]):
        if e is None:
            continue
        base = ("events", i)
        yield from ref(base + ("responder",), e.responder, agencies, "agency")
        yield from conditions(base + ("trigger",), e.trigger, e.responder, True)
        yield from conditions(base + ("conditions",), e.conditions, e.responder, True)
        yield from effects(base + ("effects",), e.effects, e.responder, True)
    scoring = parts.get("scoring")
    if scoring is not None:
        yield from ref(("scoring", "stress_crisis_cost"), scoring.stress_crisis_cost, costs, "crisis cost (scoring.crisis_costs)")


def _generic_fields(cl: type, values: dict[str, Any], file: str) -> Iterator[tuple[PathT, str]]:
    """`_generic` for the scalar top-level fields of a scenario that may be only partly structured."""
    for name, value in values.items():
        if value is None:
            continue
        limits = fmt.RANGES.get((cl, name))
        if limits is not None and not isinstance(value, (dict, tuple)) and not (limits[0] <= value <= limits[1]):
            yield (name,), f"{name} must lie between {limits[0]:g} and {limits[1]:g}, got {value:g}"
        if (cl, name) in fmt.ID_FIELDS:
            names = list(value) if isinstance(value, dict) else [value]
            for n in names:
                if not re.fullmatch(fmt.ID_PATTERN, n):
                    where = (name, n) if isinstance(value, dict) else (name,)
                    yield where, f"{n!r} cannot be an id: start with a letter and use only letters, digits, '_' and '-' (no spaces)"


# ---------------------------------------------------------------------------
# Warnings: a scenario that loads but will not play as its designer thinks.
# ---------------------------------------------------------------------------


@attrs.define
class _Reach:
    """What the scenario's cards and events can ever change (an over-estimate: never a false warning)."""

    sev_up: set[str] = attrs.Factory(set)
    sev_down: set[str] = attrs.Factory(set)
    card_down: set[str] = attrs.Factory(set)
    revealed: set[str] = attrs.Factory(set)
    flag_set: set[str] = attrs.Factory(set)
    flag_cleared: set[str] = attrs.Factory(set)
    trust_up: set[str | None] = attrs.Factory(set)  # None: every agency
    trust_down: set[str | None] = attrs.Factory(set)
    mandate_up: set[str | None] = attrs.Factory(set)
    capacity_bonus: dict[str | None, int] = attrs.Factory(dict)
    tags_used: set[str] = attrs.Factory(set)


def _reach(sc: Scenario) -> _Reach:
    r = _Reach()

    def effects(effs: Iterable[model.Effect], owner: str | None, by_card: bool) -> None:
        for e in effs:
            if isinstance(e, model.StressorEffect):
                if e.delta > 0:
                    r.sev_up.add(e.stressor)
                elif e.delta < 0:
                    r.sev_down.add(e.stressor)
                    if by_card:
                        r.card_down.add(e.stressor)
            elif isinstance(e, model.RevealEffect):
                r.revealed.add(e.stressor)
            elif isinstance(e, model.FlagEffect):
                (r.flag_set if e.set else r.flag_cleared).add(e.flag)
            elif isinstance(e, model.TrustEffect) and e.delta:
                (r.trust_up if e.delta > 0 else r.trust_down).add(e.agency or owner)
            elif isinstance(e, model.MandateEffect) and e.delta > 0:
                r.mandate_up.add(e.agency or owner)

    for c in sc.cards:
        effects(c.effects, c.agency, True)
        for m in c.modifiers:
            if isinstance(m, model.MandateMod) and m.amount > 0:
                r.mandate_up.add(m.agency)
            elif isinstance(m, model.CapacityMod) and m.delta > 0:
                r.capacity_bonus[m.agency] = r.capacity_bonus.get(m.agency, 0) + m.delta
            elif isinstance(m, model.BoundaryBonusMod) and m.trust:
                (r.trust_up if m.trust > 0 else r.trust_down).add(None)
    for e in sc.events:
        effects(e.effects, e.responder, False)
    return r


def _never(sc: Scenario, r: _Reach, c: model.Condition, owner: str | None) -> str | None:
    """Why condition `c` can never hold, or None when it might."""

    def outside(lo_reach: float, hi_reach: float, lo: float | None, hi: float | None) -> bool:
        return (lo is not None and lo > hi_reach) or (hi is not None and hi < lo_reach)

    if isinstance(c, model.StressorCond):
        s = sc.stressors[sc.stressor_index[c.stressor]]
        lo = int(SEVERITY.lo) if c.stressor in r.sev_down else s.severity
        hi = int(SEVERITY.hi) if c.stressor in r.sev_up else s.severity
        if outside(lo, hi, c.min, c.max):
            moves = "nothing changes it" if lo == hi else f"it can only go from {lo} to {hi}"
            return f"stressor {c.stressor!r} starts at severity {s.severity} and {moves}"
    elif isinstance(c, model.KnownCond):
        s = sc.stressors[sc.stressor_index[c.stressor]]
        if c.known and s.hidden and c.stressor not in r.revealed:
            return f"stressor {c.stressor!r} is hidden and no card or event reveals it"
        if not c.known and not s.hidden:
            return f"stressor {c.stressor!r} is known from the start and never hidden again"
    elif isinstance(c, model.FlagCond):
        start = c.flag in sc.person.flags
        if c.set and not start and c.flag not in r.flag_set:
            return f"no card or event sets flag {c.flag!r}"
        if not c.set and start and c.flag not in r.flag_cleared:
            return f"flag {c.flag!r} is set from the start and nothing clears it"
        if c.set and c.rounds >= sc.rounds:
            return f"flag {c.flag!r} would have to be set {c.rounds} rounds ago, but the game has {sc.rounds} rounds"
    elif isinstance(c, model.TrustCond):
        agency = c.agency or owner or sc.agencies[0].id
        start = sc.person.trust.get(agency, DEFAULT_TRUST)
        lo = TRUST.lo if (agency in r.trust_down or None in r.trust_down) else start
        hi = TRUST.hi if (agency in r.trust_up or None in r.trust_up) else start
        if outside(lo, hi, c.min, c.max):
            return f"trust in {agency!r} starts at {start:g} and no card or event moves it that way"
    elif isinstance(c, model.RoundCond):
        if c.min is not None and c.min > sc.rounds:
            return f"the game has only {sc.rounds} rounds"
    elif isinstance(c, model.StressCond):
        if c.min is not None and c.min >= sc.scoring.thresholds.crisis and sc.scoring.thresholds.crisis > 0:
            return f"stress {c.min:g} is a crisis (thresholds.crisis), which ends the game"
    elif isinstance(c, model.PartnerCond):
        most = _max_capacity(sc, r, c.agency)
        if c.min > most:
            return f"{c.agency!r} never has more than {most} capacity"
    return None


def _max_capacity(sc: Scenario, r: _Reach, agency: str) -> int:
    return sc.agency(agency).capacity + r.capacity_bonus.get(agency, 0) + r.capacity_bonus.get(None, 0)


def lint(sc: Scenario) -> Iterator[tuple[PathT, str]]:
    """Warnings for a valid scenario: (path in the file, message)."""
    r = _reach(sc)
    cost_cuts = [m for c in sc.cards for m in c.modifiers if isinstance(m, model.CostMod) and m.delta < 0]
    for i, card in enumerate(sc.cards):
        base = ("cards", i)
        agency = sc.agency(card.agency)
        cheapest = card.cost + sum(m.delta for m in cost_cuts if _may_select(m.cards, card))
        if cheapest > _max_capacity(sc, r, card.agency):
            yield base + ("cost",), f"nobody can ever play this card: it costs {card.cost} capacity and {card.agency!r} never has that much in a round"
        if card.mandate > agency.mandate and card.agency not in r.mandate_up and None not in r.mandate_up:
            yield base + ("mandate",), f"nobody can ever play this card: it needs {card.mandate} mandaat and {card.agency!r} has {agency.mandate}, and nothing gives more"
        for j, partner in enumerate(card.partners):
            if partner in card.partners[:j]:
                yield base + ("partners", j), f"partner {partner!r} is named twice"
            if partner in sc.agency_index and card.partner_cost > _max_capacity(sc, r, partner):
                yield base + ("partner_cost",), f"nobody can ever play this card: partner {partner!r} never has {card.partner_cost} capacity"
        for j, cond in enumerate(card.conditions):
            why = _never(sc, r, cond, card.agency)
            if why:
                yield base + ("conditions", j), f"nobody can ever play this card: {why}"
    for i, ev in enumerate(sc.events):
        base = ("events", i)
        if not ev.deck and not ev.rounds and not ev.trigger:
            yield base + ("id",), "this event never happens by itself (no `deck:`, `rounds:` or `trigger:`); only the facilitator can bring it in"
        for j, cond in enumerate(ev.trigger):
            why = _never(sc, r, cond, ev.responder)
            if why:
                yield base + ("trigger", j), f"this event can never trigger: {why}"
        if ev.deck or ev.rounds:
            for j, cond in enumerate(ev.conditions):
                why = _never(sc, r, cond, ev.responder)
                if why:
                    yield base + ("conditions", j), f"this event can never happen: {why}"
    for i, s in enumerate(sc.stressors):
        if (s.severity > 0 or s.id in r.sev_up) and s.id not in r.card_down:
            yield ("stressors", i, "id"), f"no card can reduce stressor {s.id!r}: give some card an effect `{{kind: stressor, stressor: {s.id}, delta: -1}}`"
    for i, a in enumerate(sc.agencies):
        if not any(c.is_boundary for c in sc.cards_of(a.id)):
            yield ("agencies", i, "id"), f"agency {a.id!r} has no boundary-crossing card (type: boundary, or one that uses mandaat); the game is about crossing boundaries"
    used = _flags_used(sc)
    for flag in sc.flags:
        if flag not in used:
            yield ("flags", flag), f"flag {flag!r} is declared but no card, event or person uses it"
    tags = {t for c in sc.cards for t in c.tags}
    event_tags = {t for e in sc.events for t in e.tags}
    for i, card in enumerate(sc.cards):
        for j, m in enumerate(card.modifiers):
            if isinstance(m, model.CancelEventsMod) and m.tag not in event_tags:
                yield ("cards", i, "modifiers", j, "tag"), f"no event has the tag {m.tag!r}, so this cancels nothing{_suggest(m.tag, event_tags)}"
            sel = getattr(m, "cards", None)
            if sel is not None and sel.tag is not None and sel.tag not in tags:
                yield ("cards", i, "modifiers", j, "cards", "tag"), f"no card has the tag {sel.tag!r}, so this selects nothing{_suggest(sel.tag, tags)}"
    if not sc.learning_objectives:
        yield ("id",), "the scenario has no `learning_objectives:`; the debrief rates each one"
    if not sc.reflection_questions:
        yield ("id",), "the scenario has no `reflection_questions:` for the debrief"


def _may_select(sel: model.Selector, card: model.Card) -> bool:
    return (
        (sel.card is None or sel.card == card.id)
        and (sel.agency is None or sel.agency == card.agency)
        and (sel.type is None or sel.type is card.type)
        and (sel.tag is None or sel.tag in card.tags)
    )


def _flags_used(sc: Scenario) -> set[str]:
    used = set(sc.person.flags)
    for conds_effects in [c.conditions + c.effects for c in sc.cards] + [e.trigger + e.conditions + e.effects for e in sc.events]:
        for x in conds_effects:
            if isinstance(x, (model.FlagCond, model.FlagEffect)):
                used.add(x.flag)
    return used


# ---------------------------------------------------------------------------
# The public entry points.
# ---------------------------------------------------------------------------


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


def _problems(tree: _Tree, file: str, found: Iterable[tuple[PathT, str, bool]], level: str = ERROR) -> list[Problem]:
    unique = sorted({(*_locate(tree, p, k), m) for p, m, k in found if m})
    return [Problem(file, line, col, msg, level) for line, col, msg in unique]


def _check_text(text: str, file: str) -> tuple[Scenario | None, list[Problem], list[Problem]]:
    tree, errors = _read(text, file)
    try:
        scenario: Scenario | None = _CONVERTER.structure(tree.data, Scenario)
        type_found: list[tuple[PathT, str, bool]] = []
    except (ClassValidationError, IterableValidationError, _FieldError) as exc:
        scenario = None
        type_found = list(_walk_errors(exc, ()))
    type_found = [(p, _comment_hint(tree, p, m), k) for p, m, k in type_found]
    parts = _parts_of(scenario) if scenario is not None else _partial_parts(tree.data)
    check_found = [(p, m, False) for p, m in _check(parts, file)]
    errors += _problems(tree, file, type_found + check_found)
    if errors:
        return None, sorted(set(errors), key=lambda p: (p.line, p.column, p.message)), []
    assert scenario is not None
    warnings = _problems(tree, file, ((p, m, False) for p, m in lint(scenario)), WARNING)
    return scenario, [], warnings


def _comment_hint(tree: _Tree, path: PathT, message: str) -> str:
    if path in tree.comment_nulls and message.startswith("expected"):
        return f"{message}; a '#' starts a comment in YAML, so put values like \"#0072B2\" in quotes"
    return message


def check_text(text: str, file: str = "<scenario>") -> Report:
    """Check scenario YAML text; report the scenario (if it loads), every error and every warning."""
    try:
        scenario, errors, warnings = _check_text(text, file)
    except ScenarioError as exc:
        return Report(file, None, tuple(exc.problems), ())
    except (RecursionError, MemoryError) as exc:
        return Report(file, None, (Problem(file, 1, 1, f"the file is too complex to check ({type(exc).__name__})"),), ())
    except Exception as exc:  # a bug in this module: still no traceback for the designer
        message = f"internal error while checking this file ({type(exc).__name__}: {exc}); please report it"
        return Report(file, None, (Problem(file, 1, 1, message),), ())
    return Report(file, scenario, tuple(errors), tuple(warnings))


def check_file(path: str | Path) -> Report:
    """Read and check a scenario file (size, encoding, YAML, types, references, warnings)."""
    path = Path(path)
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Report(file, None, (Problem(file, 1, 1, f"the file is {size} bytes; a scenario may be at most {MAX_FILE_BYTES} bytes"),), ())
        if not path.is_file():
            return Report(file, None, (Problem(file, 1, 1, "this is not a file"),), ())
        raw = path.read_bytes()
    except OSError as exc:
        return Report(file, None, (Problem(file, 1, 1, f"cannot read the file: {exc.strerror or exc}"),), ())
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = "the file is not UTF-8 text; save it as UTF-8 (in most editors: Save As, encoding UTF-8)"
        return Report(file, None, (Problem(file, line, col, message),), ())
    report = check_text(text, file)
    return attrs.evolve(report, content_hash=hashlib.sha256(raw).hexdigest())


def parse_scenario(text: str, file: str = "<scenario>") -> Scenario:
    """Parse and validate scenario YAML text; raise `ScenarioError` listing every problem."""
    report = check_text(text, file)
    if report.errors:
        raise ScenarioError(list(report.errors))
    assert report.scenario is not None
    return report.scenario


def load_scenario(path: str | Path) -> LoadedScenario:
    """Read, parse and validate a scenario file; raise `ScenarioError` with file:line:col problems."""
    report = check_file(path)
    if report.errors:
        raise ScenarioError(list(report.errors))
    assert report.scenario is not None
    return LoadedScenario(report.scenario, report.file, report.content_hash)
