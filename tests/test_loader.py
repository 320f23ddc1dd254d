"""Loading scenario files: what loads, and for each kind of mistake the FILE:LINE:COL and message.

Each test takes the small valid file `VALID` below, changes one thing and
checks that the problem points at the line and column of the offending text
(`at(text, snippet)` finds where `snippet` starts, 1-based, like an editor).
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import FIXTURES, SCENARIOS
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.model import CardType, Leg, Scenario
from sim.scenario.loader import Problem, ScenarioError, load_scenario, parse_scenario

VALID = """\
id: klein
title: {nl: Klein, en: Small}
summary: {nl: Kort., en: Short.}
rounds: 4
flags:
  brief: {nl: brief ontvangen, en: letter received}
person:
  name: Piet
  age: 50
  story: {nl: Verhaal., en: Story.}
  stress: 40
  legs: {meedoen: 4, leefomgeving: 4, continuiteit: 4}
  trust: {sd: 3}
stressors:
  - id: schulden
    name: {nl: Schulden, en: Debts}
    leg: leefomgeving
    severity: 2
agencies:
  - id: sd
    name: {nl: Sociale dienst, en: Social services}
    label: SD
    colour: "#0072B2"
    icon: euro
    mandate_text: {nl: Uitkeringen., en: Benefits.}
    kpi: {name: {nl: Rechtmatigheid, en: Lawfulness}}
cards:
  - id: brief_sturen
    agency: sd
    type: in_system
    title: {nl: Herinnering, en: Reminder}
    text: {nl: Stuur een brief., en: Send a letter.}
    conditions:
      - {kind: flag, flag: brief}
    effects:
      - {kind: stress, delta: 3}
scoring:
  crisis_costs: {opname: 30000}
"""


def json_string(s: str) -> str:
    """A YAML double-quoted scalar holding exactly `s` (JSON strings are valid YAML)."""
    return json.dumps(s)


def at(text: str, snippet: str, nth: int = 1) -> tuple[int, int]:
    """1-based (line, column) where the `nth` occurrence of `snippet` starts."""
    index = -1
    for _ in range(nth):
        index = text.index(snippet, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def at_within(text: str, context: str, snippet: str) -> tuple[int, int]:
    """1-based (line, column) of `snippet` inside the first occurrence of `context`."""
    index = text.index(context) + context.index(snippet)
    return at(text[: index + len(snippet)], snippet, nth=text[: index + len(snippet)].count(snippet))


def edit(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


def problems(text: str) -> list[Problem]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "t.yaml")
    return info.value.problems


def the_problem(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, [str(p) for p in found]
    assert found[0].file == "t.yaml"
    return found[0]


# -- valid files ----------------------------------------------------------------


def test_the_valid_example_loads_into_frozen_classes():
    sc = parse_scenario(VALID)
    assert isinstance(sc, Scenario)
    assert sc.rounds == 4
    assert sc.stressors[0].leg is Leg.LEEFOMGEVING
    assert sc.cards[0].type is CardType.IN_SYSTEM
    assert sc.person.trust == {"sd": 3.0}
    assert sc.title.get("en") == "Small"


def test_the_mini_fixture_loads_with_its_hash():
    loaded = load_scenario(FIXTURES / "mini.yaml")
    assert loaded.scenario.id == "mini"
    assert len(loaded.content_hash) == 64
    assert loaded.path.endswith("mini.yaml")


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_shipped_scenario_loads(path):
    assert load_scenario(path).scenario.agencies


def test_a_problem_prints_as_file_line_column_message():
    assert str(Problem("a.yaml", 3, 7, "wrong")) == "a.yaml:3:7: wrong"


# -- structure ------------------------------------------------------------------


def test_unknown_key_points_at_the_key_and_suggests_the_right_one():
    text = edit("    severity: 2\n", "    severity: 2\n    wieght: 1.5\n")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "wieght")
    assert "unknown key 'wieght'" in p.message and "did you mean 'weight'?" in p.message


def test_missing_key_points_at_the_mapping_that_lacks_it():
    text = edit("    label: SD\n", "")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "id: sd")  # the agency's mapping starts there
    assert p.message == "missing required key 'label'"


def test_missing_top_level_key():
    p = the_problem(edit("rounds: 4\n", ""))
    assert (p.line, p.column) == (1, 1)
    assert p.message == "missing required key 'rounds'"


def test_wrong_type_points_at_the_value():
    text = edit("rounds: 4", "rounds: vier")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "vier")
    assert p.message == "expected a whole number, got the text 'vier'"


def test_a_fraction_where_a_whole_number_is_expected():
    text = edit("  age: 50", "  age: 50.5")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "50.5")
    assert "whole number" in p.message


def test_no_where_text_is_expected_is_not_quietly_false():
    text = edit("    label: SD", "    label: no")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "no\n")
    assert "expected text" in p.message and "put the text in quotes" in p.message


def test_yes_where_a_number_is_expected():
    text = edit("  stress: 40", "  stress: yes")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "yes")
    assert "expected a number" in p.message


def test_a_plain_string_where_a_bilingual_text_is_expected():
    text = edit("  story: {nl: Verhaal., en: Story.}", "  story: Verhaal")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "Verhaal")
    assert "both languages" in p.message


def test_unknown_language_in_a_text():
    text = edit("title: {nl: Klein, en: Small}", "title: {nl: Klein, de: Klein}")
    p = the_problem(text)
    assert p.line == at(text, "de:")[0]
    assert "unknown language 'de'" in p.message


def test_unknown_language_points_at_the_key_like_other_unknown_keys():
    text = edit("title: {nl: Klein, en: Small}", "title: {nl: Klein, de: Klein}")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "de:")


def test_unknown_effect_kind_is_named_with_a_suggestion():
    text = edit("{kind: stress, delta: 3}", "{kind: stres, delta: 3}")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "stres,")
    assert "unknown effect kind 'stres'" in p.message and "did you mean 'stress'?" in p.message


def test_unknown_condition_kind_in_block_style():
    text = edit("      - {kind: flag, flag: brief}", "      - kind: vlag\n        flag: brief")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "vlag")
    assert "unknown condition kind 'vlag'" in p.message and "did you mean 'flag'?" in p.message


def test_an_effect_without_a_kind():
    text = edit("{kind: stress, delta: 3}", "{delta: 3}")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "{delta: 3}")
    assert "needs a `kind:`" in p.message


def test_unknown_enum_value_suggests_the_right_one():
    text = edit("    leg: leefomgeving", "    leg: leefomgevin")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "leefomgevin\n")
    assert "did you mean 'leefomgeving'?" in p.message


# -- references -----------------------------------------------------------------


def test_dangling_stressor_reference():
    text = edit("{kind: stress, delta: 3}", "{kind: stressor, stressor: schuld, delta: -1}")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "schuld,")
    assert "no stressor with id 'schuld'" in p.message and "did you mean 'schulden'?" in p.message


def test_dangling_agency_reference():
    text = edit("    agency: sd\n", "    agency: politie\n")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "politie")
    assert "no agency with id 'politie'" in p.message and "known: sd" in p.message


def test_dangling_agency_in_person_trust():
    text = edit("  trust: {sd: 3}", "  trust: {sd: 3, wt: 4}")
    p = the_problem(text)
    assert (p.line, p.column) == at_within(text, "wt: 4", "4")
    assert "no agency with id 'wt'" in p.message


def test_undeclared_flag():
    text = edit("{kind: flag, flag: brief}", "{kind: flag, flag: brieff}")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "brieff")
    assert "flag 'brieff' is not declared" in p.message and "did you mean 'brief'?" in p.message


def test_unknown_crisis_cost():
    text = edit("{kind: stress, delta: 3}", "{kind: crisis, cost: ontruiming}")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "ontruiming")
    assert "crisis cost" in p.message


def test_duplicate_id_points_at_the_second_one():
    text = edit("cards:\n", "cards:\n  - {id: brief_sturen, agency: sd, type: in_system, title: {nl: x, en: x}, text: {nl: x, en: x}}\n")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "brief_sturen", nth=2)
    assert "duplicate id 'brief_sturen'" in p.message


# -- YAML itself ----------------------------------------------------------------


def test_duplicate_yaml_key_points_at_the_second_and_names_the_first():
    text = edit("  age: 50\n", "  age: 50\n  age: 51\n")
    p = the_problem(text)
    first, second = at(text, "age: 50"), at(text, "age: 51")
    assert (p.line, p.column) == second
    assert f"duplicate key 'age' (first given at line {first[0]})" in p.message


def test_an_alias_is_refused():
    text = edit("  stress: 40", "  stress: *veertig")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "*veertig")
    assert "aliases" in p.message


def test_an_anchor_is_refused():
    text = edit("title: {nl: Klein, en: Small}", "title: &titel {nl: Klein, en: Small}")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "&titel")
    assert "anchors" in p.message


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['echo hi']", "!!python/name:os.system", "!!binary aGk="])
def test_python_and_other_object_tags_are_refused(tag):
    text = edit("  name: Piet", f"  name: {tag}")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "!!")
    assert "is not allowed" in p.message


def test_invalid_yaml_is_reported_with_its_position():
    text = edit("rounds: 4", "rounds: [4")
    p = the_problem(text)
    # The flow list is still open when the next key's colon comes: that is where YAML notices.
    assert (p.line, p.column) == at_within(text, "flags:", ":")
    assert "not valid YAML" in p.message


@pytest.mark.parametrize("text", ["", "\n\n", "# alleen commentaar\n"])
def test_an_empty_file(text):
    p = the_problem(text)
    assert (p.line, p.column) == (1, 1)
    assert "empty" in p.message


@pytest.mark.parametrize("text", ["- id: a\n- id: b\n", "gewoon tekst\n", "42\n"])
def test_the_top_level_must_be_a_mapping(text):
    p = the_problem(text)
    assert (p.line, p.column) == (1, 1)
    assert "top level must be a mapping" in p.message


def test_non_utf8_bytes_are_located(tmp_path):
    raw = VALID.replace("  name: Piet", "  name: Pi\xe9t").encode("latin-1")
    path = tmp_path / "latin.yaml"
    path.write_bytes(raw)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (p,) = info.value.problems
    assert p.file == str(path)
    line, column = at(VALID, "Piet")
    assert (p.line, p.column) == (line, column + 2)  # the byte after "Pi"
    assert "UTF-8" in p.message


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "nergens.yaml"
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (p,) = info.value.problems
    assert (p.file, p.line, p.column) == (str(path), 1, 1)


# -- ranges ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, bad, what",
    [
        ("    severity: 2", "    severity: 5", "5", "severity must lie between 0 and 3"),
        ("  stress: 40", "  stress: 140", "140", "stress must lie between 0 and 100"),
        ("  trust: {sd: 3}", "  trust: {sd: 11}", "11", "trust must lie between 0 and 10"),
        ("rounds: 4", "rounds: 0", "0", "rounds must lie between 1 and 52"),
        ("  legs: {meedoen: 4,", "  legs: {meedoen: -1,", "-1", "a leg must lie between 0 and 10"),
        ("{kind: stress, delta: 3}", "{kind: stress, delta: 3, delay: 9}", "9}", "delay must lie between 0 and 4"),
        ("  age: 50", "  age: 130", "130", "age must lie between 0 and 120"),
    ],
)
def test_numbers_out_of_range(old, new, bad, what):
    text = edit(old, new)
    p = the_problem(text)
    assert (p.line, p.column) == at_within(text, new, bad)
    assert what in p.message


def test_min_larger_than_max_in_a_condition():
    text = edit("{kind: flag, flag: brief}", "{kind: stress, min: 60, max: 40}")
    p = the_problem(text)
    assert (p.line, p.column) == at(text, "60")
    assert "larger than max" in p.message


def test_several_problems_are_reported_together_in_file_order():
    text = edit("    agency: sd\n", "    agency: politie\n").replace("  stress: 40", "  stress: 140")
    found = problems(text)
    assert [(p.line, p.column) for p in found] == [at(text, "140"), at(text, "politie")]


def test_problems_always_match_the_file_line_column_pattern():
    text = edit("rounds: 4", "rounds: vier").replace("  name: Piet", "  name: no")
    for p in problems(text):
        assert re.fullmatch(r"t\.yaml:\d+:\d+: .+", str(p))


@pytest.mark.parametrize("setting, bad", [
    ("thresholds: {stable_rounds: 0}", "0}"),  # would end every game 'stabiel' after round 1
    ("thresholds: {crisis: 150}", "150"),  # stress is clamped to 100: no crisis ever
])
def test_thresholds_out_of_range_are_refused(setting, bad):
    text = edit("  crisis_costs: {opname: 30000}\n", f"  crisis_costs: {{opname: 30000}}\n  {setting}\n")
    p = the_problem(text)
    assert (p.line, p.column) == at_within(text, setting, bad)


def test_a_negative_partner_cost_is_refused():
    # It would give the partner capacity instead of taking it.
    from builders import card, make

    with pytest.raises(ScenarioError):
        make(cards=[card("samen", agency="wt", type="joint", partners=["sd"], partner_cost=-2)])


# -- the loader never crashes ------------------------------------------------------

_LINES = VALID.splitlines()
_VALUE_LINES = [i for i, line in enumerate(_LINES) if ":" in line]
_ODD_VALUES = st.sampled_from([
    "no", "yes", "~", "''", "[]", "{}", "[a, b]", "{a: 1}", "[[1]]", "{1: 2}", "-1", "1e400", ".nan", ".inf",
    "0x1F", "2020-01-01", "!!str 5", "!!float 1", "{kind: [a]}", "{kind: {a: 1}}", "{kind: 5}", "[kind, x]",
    "{nl: 1, en: 2}", "{? [a] : b}", "\"\\u00e9\"", "&a 1", "*a",
]) | st.text(st.characters(blacklist_categories=("Cs",)), max_size=12).map(json_string)


@settings(max_examples=150, deadline=None)
@given(edits=st.lists(st.tuples(st.sampled_from(_VALUE_LINES), _ODD_VALUES), min_size=1, max_size=3))
def test_any_odd_value_gives_problems_inside_the_file_never_a_crash(edits):
    lines = list(_LINES)
    for i, value in edits:
        key = lines[i][: lines[i].index(":") + 1]
        lines[i] = f"{key} {value}"
    text = "\n".join(lines) + "\n"
    try:
        parse_scenario(text, "t.yaml")
    except ScenarioError as exc:
        assert exc.problems
        for p in exc.problems:
            assert 1 <= p.line <= len(lines) + 1 and p.column >= 1, str(p)
            assert p.message and "internal error" not in p.message, str(p)


def test_the_mini_fixture_uses_every_kind():
    """The `mini` fixture promises every condition, effect and modifier kind; keep it honest."""
    from sim.core.model import CONDITION_KINDS, EFFECT_KINDS, MODIFIER_KINDS

    sc = load_scenario(FIXTURES / "mini.yaml").scenario
    from sim.scenario.nested import all_conditions, all_effects

    conditions = [c for x in (*sc.cards, *sc.events)
                  for c in all_conditions((*getattr(x, "conditions", ()), *getattr(x, "trigger", ())), x.effects)]
    effects = [e for x in (*sc.cards, *sc.events) for e in all_effects(x.effects)]
    modifiers = [m for c in sc.cards for m in c.modifiers]
    assert {type(c) for c in conditions} == set(CONDITION_KINDS.values())
    assert {type(e) for e in effects} == set(EFFECT_KINDS.values())
    assert {type(m) for m in modifiers} == set(MODIFIER_KINDS.values())


@pytest.mark.parametrize("ev", [
    {"trigger": [{"kind": "trust", "max": 2}]},
    {"rounds": [1], "effects": [{"kind": "trust", "delta": -1}]},
    {"rounds": [1], "effects": [{"kind": "kpi", "delta": -1}]},
])
def test_an_event_must_say_whose_trust_or_kpi_when_it_has_no_responder(ev):
    # Cards default to the acting agency; an event without a responder has none.
    from builders import event, make

    with pytest.raises(ScenarioError, match="responder"):
        make(events=[event("e", **ev)])
