"""Fuzzing the loader: whatever a file holds, it yields a valid scenario or a `ScenarioError`, never anything else.

Valid scenarios are mutated (keys deleted and renamed, values swapped for
other types, random bytes inserted); the loader must then either return a
scenario that the engine can play, or raise `ScenarioError` whose problems
each have a line, a column and a message (and none is an internal error).
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.analysis.batch import play_game, seat_policies
from sim.core.model import Scenario
from sim.scenario.loader import ScenarioError, check_file, load_scenario, parse_scenario

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "fixtures" / "mini.yaml", ROOT / "sim" / "scenario" / "template" / "scenario.yaml"]
TEXTS = [p.read_text(encoding="utf-8").replace("$SCHEMA", "x").replace("$ID", "fuzz").replace("$TITLE", "Fuzz") for p in SOURCES]
DATA = [yaml.safe_load(t) for t in TEXTS]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside the data."""
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, path + (i,))
    return out


def _get(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node


values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=12)
    | st.sampled_from(["no", "yes", "on", "schulden", "wt", "sd", "kpi", "stress", "boundary", "meedoen"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["kind", "id", "nl", "en", "delta", "min", "x"]), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def mutated(draw) -> str:
    data = copy.deepcopy(draw(st.sampled_from(DATA)))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths[1:]))
        parent, last = _get(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(["delete", "rename", "swap", "swap"]))
        if action == "delete":
            del parent[last]
        elif action == "rename" and isinstance(parent, dict):
            new = draw(st.sampled_from([str(last)[:-1], str(last) + "s", str(last).upper(), "naam", "kind", "id"]))
            if new and new not in parent:
                parent[new] = parent.pop(last)
        else:
            parent[last] = draw(values)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _assert_valid_outcome(call) -> None:
    try:
        scenario = call()
    except ScenarioError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.line >= 1 and p.column >= 1 and p.message
            assert "internal error" not in p.message, p
        return
    assert isinstance(scenario, Scenario)
    play_game(scenario, 1, seat_policies(scenario, "random"))


@SETTINGS
@given(mutated())
def test_mutated_scenarios_load_or_raise_a_scenario_error(text):
    _assert_valid_outcome(lambda: parse_scenario(text, "fuzz.yaml"))


@SETTINGS
@given(st.sampled_from(TEXTS), st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=4)), min_size=1, max_size=4))
def test_random_bytes_inserted_anywhere_load_or_raise_a_scenario_error(text, inserts):
    raw = text.encode("utf-8")
    for where, chunk in inserts:
        i = int(where * len(raw))
        raw = raw[:i] + chunk + raw[i:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(raw)
        report = check_file(path)
        assert report.errors or report.scenario is not None
        _assert_valid_outcome(lambda: load_scenario(path).scenario)


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_at_all_loads_or_raises_a_scenario_error(text):
    _assert_valid_outcome(lambda: parse_scenario(text, "fuzz.yaml"))
