"""Issue 16's fuzzers, short: session-file mutations over every field (hypothesis), and random GUI input.

The long versions are `bench/session_fuzz.py` and `bench/gui_fuzz.py`; they print their counts.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.scenario.loader import load_scenario
from sim.session import sessionfile as sf

ROOT = Path(__file__).resolve().parent.parent


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _bench("session_fuzz")
LOADED = load_scenario(fuzz.JAN)
BASE = json.loads(sf.to_json(fuzz.rich_session(LOADED)))
FIELDS = sorted({p[0] for p in fuzz.paths(BASE)})
PLACES = {f: [p for p in fuzz.paths(BASE) if p[0] == f] for f in FIELDS}

# Hostile text: the Unicode classes of issue 16 mixed with ordinary letters.
HOSTILE_CHARS = st.sampled_from(["\u200b", "\u200d", "\ufeff", "\u202e", "\u2028", "\U000e0001", "\x00", "\u0301",
                                 "\ud800", "$", "{", "}", "%", "\n", "a", "é", "Z"])
HOSTILE_TEXT = st.one_of(st.text(HOSTILE_CHARS, max_size=40), st.text(max_size=20),
                         st.integers(1, 5000).map(lambda n: "w" * n))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10**50), 10**50), st.floats(), HOSTILE_TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)


@st.composite
def mutations(draw):
    field = draw(st.sampled_from(FIELDS))
    path = draw(st.sampled_from(PLACES[field]))
    how = draw(st.sampled_from(["set", "set", "delete", "extra"]))
    return path, how, draw(VALUES)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_any_one_field_changed_is_refused_clearly_or_works(tmp_path_factory, mutation):
    path, how, value = mutation
    text = json.dumps(fuzz.mutate(BASE, path, how, value))
    outcome = fuzz.check(text, LOADED, tmp_path_factory.mktemp("fuzz"))  # raises on anything but a clear answer
    assert outcome == "accepted" or ":session." in outcome


def test_the_unchanged_rich_session_is_accepted(tmp_path):
    assert fuzz.check(json.dumps(BASE), LOADED, tmp_path) == "accepted"
    assert len(FIELDS) >= 18  # every field of the file is among the targets


def test_the_session_fuzz_script_counts_and_finds_no_crash():
    outcomes, crashes = fuzz.run(150, seed=11)
    assert crashes == [] and sum(outcomes.values()) == 150 and outcomes["accepted"] > 0
    assert sum(n for k, n in outcomes.items() if k.startswith("refused:")) > 50


@pytest.mark.slow
def test_gui_fuzz_long():
    gui = _bench("gui_fuzz")
    result = gui.fuzz(5000, seed=1, hostile=True)
    assert result["errors"] == [], result["errors"][:3]
    assert result["missed"] == []


def test_gui_fuzz_short_types_and_pastes_hostile_text_into_every_field_of_every_station():
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    gui = _bench("gui_fuzz")
    stations = tuple(gui.STATIONS)
    result = gui.fuzz(8 * len(stations), seed=2, hostile=True, rounds=1)
    assert result["errors"] == [], result["errors"][:3]
    assert result["missed"] == []  # every scene and dialog was on screen
    typed = result["fields"]  # every text field there is: set-up's team names, adjust, note, code entry, open file
    assert typed.get("setup", 0) >= 5 and typed["board-adjust"] >= 2 and typed["board-note"] >= 1
    assert typed["board-code"] >= 1 and typed["menu-file"] >= 1
    assert any(len(t) == 4000 for t in gui.HOSTILE_TEXT) and "\ud800lone" in gui.HOSTILE_TEXT
