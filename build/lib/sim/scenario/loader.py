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

import hashlib
from collections.abc import Iterable
from pathlib import Path

import attrs
from cattrs.errors import (
    ClassValidationError,
    IterableValidationError,
)

from sim.core.model import Scenario
from sim.scenario.checks import (
    _check,
    _partial_parts,
    _parts_of,
)
from sim.scenario.lint import (
    lint,
)
from sim.scenario.problems import (
    ERROR,
    MAX_FILE_BYTES,
    WARNING,
    LoadedScenario,
    PathT,
    Problem,
    Report,
    ScenarioError,
)
from sim.scenario.structure import (
    _CONVERTER,
    _FieldError,
    _walk_errors,
)
from sim.scenario.yamltree import (
    _read,
    _Tree,
)

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
    check_found = [(p, m, False) for p, m in _check(parts, file, lambda path: _locate(tree, path, False)[0])]
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


__all__ = [
    "ERROR",
    "LoadedScenario",
    "MAX_FILE_BYTES",
    "PathT",
    "Problem",
    "Report",
    "ScenarioError",
    "WARNING",
    "lint",
    "check_file",
    "check_text",
    "load_scenario",
    "parse_scenario",
]
