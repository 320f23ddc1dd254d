"""Limits at the edge of a scenario file: characters, lengths, counts and magnitudes (issue: robustness).

Each case is text a designer could paste or a number a file could hold that
used to validate and then crash or hang the screen or the report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.core.model import Agency
from sim.scenario import limits
from sim.scenario.loader import check_text

MINI = (Path(__file__).parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8")


def _errors(text: str) -> list[str]:
    return [f"{p.line}:{p.column}: {p.message}" for p in check_text(text, "f.yaml").errors]


@pytest.mark.parametrize("char", ["\\x00", "\\u200B", "\\u200D", "\\uFEFF", "\\u202E", "\\u2028", "\\U000E0001", "\\x1b", "\\uE000"])
def test_an_invisible_or_control_character_in_a_text_is_refused_with_its_code(char: str):
    text = MINI.replace("title: {nl: Herinnering, en: Reminder}", f'title: {{nl: "Herinnering{char}", en: Reminder}}', 1)
    assert text != MINI
    errors = _errors(text)
    code = char.replace("\\x", "U+00").replace("\\u", "U+").replace("\\U000", "U+").upper()
    assert len(errors) == 1 and code in errors[0] and "delete it" in errors[0], errors


def test_a_line_break_and_ordinary_accents_are_fine():
    text = MINI.replace("title: {nl: Herinnering, en: Reminder}", 'title: {nl: "Herinnering\\ncafé, Tiếng Việt", en: Reminder}', 1)
    assert _errors(text) == []


def test_a_pile_of_accents_on_one_letter_is_refused():
    zalgo = "a" + "\u0301" * (limits.MAX_MARKS + 1)
    text = MINI.replace("title: {nl: Herinnering, en: Reminder}", f"title: {{nl: {zalgo}, en: Reminder}}", 1)
    errors = _errors(text)
    assert len(errors) == 1 and "accents" in errors[0], errors


def test_a_text_too_long_for_its_place_is_refused_per_language():
    label = next(s for s in MINI.split("\n") if "label:" in s)
    text = MINI.replace(label, label.split("label:")[0] + "label: " + "X" * (limits.TEXT_LIMITS[(Agency, "label")] + 1), 1)
    errors = _errors(text)
    assert len(errors) == 1 and "too long" in errors[0], errors
    story = "woord " * (limits.MAX_TEXT // 6 + 1)
    errors = _errors(MINI.replace("title: {nl: Herinnering, en: Reminder}", f"title: {{nl: Herinnering, en: {story}}}", 1))
    assert errors and "shorten" in errors[0], errors


@pytest.mark.parametrize("effect", ["{kind: euros, amount: 1.0e+308}", "{kind: kpi, delta: 1.0e+308}", "{kind: euros, amount: -5}",
                                    "{kind: mandate, delta: 4000}", "{kind: stress, delta: -1000}"])
def test_an_effect_amount_beyond_its_range_is_refused(effect: str):
    text = MINI.replace("      - {kind: kpi, delta: 2}", f"      - {effect}", 1)
    assert text != MINI
    errors = _errors(text)
    assert len(errors) == 1 and "must lie between" in errors[0], errors


def test_more_agencies_than_the_board_can_seat_are_refused():
    lines = MINI.split("\n")
    start = next(i for i, s in enumerate(lines) if s.startswith("agencies:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" "))
    block = lines[start + 1:end]
    one = block[: next(i for i in range(1, len(block)) if block[i].startswith("  - id:"))]
    extra = []
    for n in range(limits.COUNT_LIMITS["agencies"]):
        extra += [s.replace("id: sd", f"id: extra{n}") for s in one]
    errors = _errors("\n".join(lines[: end] + extra + lines[end:]))
    assert any("at most 8 agencies" in e for e in errors), errors


def test_loading_keeps_no_yaml_nodes_behind():
    from sim.scenario import yamltree

    for _ in range(3):
        check_text(MINI, "f.yaml")
    assert len(yamltree._CONSTRUCTOR.constructed_objects) == 0
    assert len(yamltree._CONSTRUCTOR.recursive_objects) == 0


def test_a_huge_whole_number_is_shown_as_written():
    errors = _errors(MINI.replace("rounds: 6", "rounds: 1000000000", 1))
    assert errors and "got 1000000000" in errors[0] and "e+" not in errors[0], errors


def test_a_rule_card_that_needs_itself_in_force_is_a_warning():
    lines = MINI.split("\n")
    at = next(i for i, s in enumerate(lines) if "id: wt_budget" in s)
    lines.insert(at + 1, "    conditions: [{kind: rule_active, card: wt_budget}]")
    report = check_text("\n".join(lines), "f.yaml")
    assert any("already in force itself" in w.message and w.line == at + 2 for w in report.warnings), report.warnings
