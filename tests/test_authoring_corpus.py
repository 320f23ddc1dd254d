"""The corpus of broken scenarios (tests/invalid/) and the JSON Schema's agreement with the loader.

Each file in tests/invalid/ is refused with exactly the messages in
tests/invalid/expected.json. Its "schema" entry says what the JSON Schema
must do with the same data: "reject" (the schema sees the mistake too),
"accept" (a mistake only the loader can see: a reference, a duplicate id, a
limit that depends on `rounds:`), or "n/a" (the file is not YAML data a schema
could look at: a syntax error, an alias, a tag, a duplicate key, bad bytes).
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import jsonschema
import pytest

from sim.scenario import yamltree
from sim.scenario.authoring import new_scenario
from sim.scenario.loader import MAX_FILE_BYTES, check_file, check_text
from sim.scenario.schema import SCHEMA_PATH, schema_text

ROOT = Path(__file__).resolve().parent.parent
INVALID = Path(__file__).resolve().parent / "invalid"
EXPECTED = json.loads((INVALID / "expected.json").read_text(encoding="utf-8"))
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml")) + [ROOT / "tests" / "fixtures" / "mini.yaml"]


def _validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


VALIDATOR = _validator()


def _json_data(path: Path):
    """The file's data as the loader reads it (YAML 1.1: unquoted no/yes are false/true), made JSON-shaped."""
    tree, problems = yamltree._read(path.read_text(encoding="utf-8"), str(path))
    assert not problems, problems

    def plain(x):
        if isinstance(x, dict):
            return {str(k): plain(v) for k, v in x.items()}
        if isinstance(x, list):
            return [plain(v) for v in x]
        if isinstance(x, float) and not math.isfinite(x):
            return str(x)  # JSON has no NaN or infinity
        return x

    return plain(tree.data)


def test_the_corpus_has_at_least_40_files_each_with_its_expectation():
    files = sorted(p.name for p in INVALID.glob("*.yaml"))
    assert len(files) >= 40
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_file_is_refused_with_exactly_the_expected_messages(name):
    report = check_file(INVALID / name)
    assert report.scenario is None
    got = [f"{p.line}:{p.column}: {p.message}" for p in report.errors]
    assert got == EXPECTED[name]["problems"]
    for p in report.errors:
        assert str(p).startswith(f"{INVALID / name}:{p.line}:{p.column}: ")
        assert "internal error" not in p.message and "Traceback" not in p.message


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e["schema"] != "n/a"))
def test_schema_and_loader_agree_on_the_corpus(name):
    errors = list(VALIDATOR.iter_errors(_json_data(INVALID / name)))
    if EXPECTED[name]["schema"] == "reject":
        assert errors, "the loader refuses this file, so the schema must too"
    else:
        assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_schema_accepts_every_shipped_scenario(path):
    assert check_file(path).ok
    assert not [e.message for e in VALIDATOR.iter_errors(_json_data(path))]


def test_schema_accepts_the_starter_template(tmp_path):
    path = new_scenario("starter", folder=tmp_path)
    assert not [e.message for e in VALIDATOR.iter_errors(_json_data(path))]


def test_the_schema_file_is_generated_from_the_model():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run `python -m sim.scenario.schema` to regenerate it"


def test_every_shipped_scenario_names_the_schema_on_its_first_line():
    for path in SHIPPED:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        assert (path.parent / first.split("$schema=", 1)[1]).resolve() == SCHEMA_PATH.resolve(), path


def test_an_alias_bomb_is_refused_within_a_second():
    start = time.perf_counter()
    report = check_file(INVALID / "alias-bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert not report.ok


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "groot.yaml"
    path.write_text("# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    start = time.perf_counter()
    report = check_file(path)
    assert time.perf_counter() - start < 1.0
    (problem,) = report.errors
    assert "may be at most" in problem.message


def test_deep_nesting_and_many_values_are_refused_quickly():
    # Measured against the work itself, not the wall clock (a loaded machine made a fixed 2 s limit flaky):
    # refusing must cost no more than a few times reading a small valid file, not grow with the input.
    def cpu(text: str) -> float:
        start = time.process_time()
        check_text(text, "t.yaml")
        return time.process_time() - start

    small = "a: [" + "1," * 5_000 + "1]"
    base = min(cpu(small) for _ in range(3))
    for text in ("a: " + "[" * 200_000, "a: [" + "1," * 300_000 + "1]"):
        start = time.process_time()
        report = check_text(text, "t.yaml")
        spent = time.process_time() - start
        assert spent < max(40 * base, 0.5), (spent, base)  # 60x the values of `small`: refused before the end
        assert not report.ok and "internal error" not in report.errors[0].message


def test_a_missing_file_and_a_folder_get_a_clear_message(tmp_path):
    (problem,) = check_file(tmp_path / "ontbreekt.yaml").errors
    assert problem.message.startswith("cannot read the file")
    (problem,) = check_file(tmp_path).errors
    assert "not a file" in problem.message


def test_validate_on_the_whole_corpus_names_every_file_and_never_shows_a_traceback():
    import subprocess
    import sys

    files = sorted(str(p.relative_to(ROOT)) for p in INVALID.glob("*.yaml"))
    result = subprocess.run([sys.executable, "run_sim.py", "validate", *files], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for f in files:
        assert f"\n{f}:" in "\n" + result.stdout, f
