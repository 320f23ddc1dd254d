"""Stage 1 of loading a scenario, YAML: parser events to a plain tree plus a map from path to position.

libyaml's parser (no recursion, no objects constructed); size, depth and
value count capped; anchors, aliases, duplicate keys, more than one document
and object-constructing tags refused.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import yaml

from sim.scenario.problems import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    PathT,
    Problem,
    ScenarioError,
)

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
    node = yaml.ScalarNode(tag, value)  # marks are not needed to construct the value
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True), None
    except (ValueError, yaml.YAMLError, OverflowError):  # e.g. an integer with 100,000 digits
        shown = value if len(value) <= 20 else value[:17] + "..."
        return _BAD, f"cannot read the number {shown!r} ({len(value)} characters): it is far too large for a scenario"
    finally:
        # The constructor remembers every node it built (to resolve aliases, which we refuse): forget them.
        _CONSTRUCTOR.constructed_objects.clear()
        _CONSTRUCTOR.recursive_objects.clear()


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
                parent[2] = _read_key(event, parent, pos, key_marks, problems)
                continue
            if parent is None:
                path = ()
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


def _read_key(event: Any, parent: list[Any], pos: tuple[int, int], key_marks: dict[PathT, tuple[int, int]],
              problems: list[tuple[tuple[int, int], str]]) -> Any:
    """The key a scalar event gives a mapping (or `_BAD`, with the problem noted): no merge keys, no duplicates."""
    key, refused = _scalar(event)
    if event.value == "<<" and event.implicit[0]:
        problems.append((pos, "merge keys (<<) are not allowed; write the keys out"))
        return _BAD
    if refused:
        problems.append((pos, refused))
        return _BAD
    if isinstance(key, bool) or key is None or (isinstance(key, float) and math.isnan(key)):
        key = event.value  # `no:` as a key is the word "no"
    kpath = parent[1] + (key,)
    if key in parent[0]:
        first = key_marks[kpath]
        problems.append((pos, f"duplicate key {key!r} (first given at line {first[0]}); give each key once"))
        return _BAD
    key_marks[kpath] = pos
    return key


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
        pos = _pos(mark)
        hint = _yaml_hint(what)
        if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            hint = "; this is a tab: indent with spaces, never tabs"
        elif (comment := _cut_by_comment(text, pos[0])) is not None:
            pos, hint = comment
            raise ScenarioError([Problem(file, *pos, hint)]) from None
        elif (indent := _indent_hint(text, pos[0])) is not None:
            lines = text.split("\n")
            start = len(lines[pos[0] - 1]) - len(lines[pos[0] - 1].lstrip(" ")) + 1
            raise ScenarioError([Problem(file, pos[0], start, indent)]) from None
        raise ScenarioError([Problem(file, *pos, f"this is not valid YAML: {what}{hint}")]) from None
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
    problems = [Problem(file, line, col, m) for (line, col), m in found]
    if not isinstance(tree.data, dict):
        problems.append(Problem(file, *tree.marks.get((), (1, 1)), f"the top level must be a mapping of keys (id:, title:, person:, ...), not {_describe(tree.data)}"))
        raise ScenarioError(problems)
    return tree, problems


def _cut_by_comment(text: str, line: int) -> tuple[tuple[int, int], str] | None:
    """A `#` inside an unclosed `{...}` or `[...]` on this line or the one before: YAML cut the rest off as a comment."""
    lines = text.split("\n")
    for n in (line - 1, line - 2):
        if not 0 <= n < len(lines):
            continue
        src = lines[n]
        at = _comment_start(src)
        if at is None:
            continue
        code = src[:at]
        if code.count("{") > code.count("}") or code.count("[") > code.count("]"):
            return (n + 1, at + 1), (
                f"this '#' starts a comment in YAML, so the rest of line {n + 1} was cut off; "
                "put a text with '#' in quotes, like {nl: \"Aanmaning #2\", en: \"Reminder #2\"}"
            )
    return None


def _comment_start(src: str) -> int | None:
    """Where a YAML comment starts on a line (a '#' after a space, outside quotes), or None."""
    quote = ""
    for i, ch in enumerate(src):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or src[i - 1] in " \t"):
            return i
    return None


def _indent_hint(text: str, line: int) -> str | None:
    """When a line starts in another column than the key above it: say so, with both columns."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or not lines[line - 1].strip():
        return None
    here = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    if lines[line - 1].lstrip().startswith("- "):
        return _item_indent_hint(lines, line, here)
    for n in range(line - 2, -1, -1):
        above = lines[n]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        col = len(above) - len(above.lstrip(" "))
        if above.lstrip().startswith("- "):
            col += 2
        if above.rstrip().endswith(":") or col == here:
            return None
        return _move(line, here, n + 1, col, "key", "keys of one mapping")
    return None


def _item_indent_hint(lines: list[str], line: int, here: int) -> str | None:
    """A list item ('- ') a space or two off from the item before it in the same list."""
    for n in range(line - 2, -1, -1):
        above = lines[n]
        if not above.lstrip().startswith("- "):
            continue
        col = len(above) - len(above.lstrip(" "))
        if col > here + 2:  # an item of a list inside the item before
            continue
        if col == here or col < here - 2:
            return None
        return _move(line, here, n + 1, col, "item", "the items of one list")
    return None


def _move(line: int, here: int, other: int, col: int, what: str, rule: str) -> str:
    """The message for a line that starts in column here+1 where it should start in col+1, like line `other`."""
    shift = col - here
    way = f"{abs(shift)} space{'s' if abs(shift) != 1 else ''} to the {'right' if shift > 0 else 'left'}"
    return (
        f"the indentation is off: line {line} starts in column {here + 1}, but the {what} above it (line {other}) "
        f"in column {col + 1}; {rule} start in the same column (YAML counts the spaces): "
        f"move line {line} {way}, to column {col + 1}"
    )


def _yaml_hint(what: str) -> str:
    if "tab" in what:
        return "; indent with spaces, never tabs"
    if "mapping values are not allowed" in what:
        return "; a text containing ': ' needs quotes around it"
    if "could not find expected ':'" in what:
        return "; every key needs a ':' after it"
    return ""


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
