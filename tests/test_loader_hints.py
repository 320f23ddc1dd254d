"""Messages that say what to write instead (issue: the designer's workbench, messages).

Each case changes one line of the small fixture scenario the way a designer
slips, and checks the line, the column and the advice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario.loader import check_text

MINI = (Path(__file__).parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8")


def _with_line(n: int, old: str, new: str) -> str:
    lines = MINI.split("\n")
    assert old in lines[n - 1], (n, lines[n - 1])
    lines[n - 1] = lines[n - 1].replace(old, new)
    return "\n".join(lines)


def _only_error(text: str) -> tuple[int, int, str]:
    report = check_text(text, "f.yaml")
    assert len(report.errors) == 1, report.errors
    e = report.errors[0]
    return e.line, e.column, e.message


@pytest.mark.parametrize("word, write", [("nee", "write false"), ("ja", "write true"), ("'true'", "write true without quotes")])
def test_a_dutch_or_quoted_yes_no_says_to_write_true_or_false(word: str, write: str):
    line, _, message = _only_error(_with_line(32, "hidden: true", f"hidden: {word}"))
    assert line == 32 and write in message, message


def test_a_decimal_comma_says_to_write_a_point():
    line, col, message = _only_error(_with_line(23, "weight: 1.5", "weight: 1,3"))
    assert (line, col) == (23, 13) and "decimal point: 1.3" in message, message


def test_a_hash_inside_braces_is_named_as_a_comment_on_its_own_line():
    line, col, message = _only_error(_with_line(62, "{nl: Herinnering, en: Reminder}", "{nl: Aanmaning #2, en: Reminder 2}"))
    assert line == 62 and MINI.split("\n")[61].replace("Herinnering", "Aanmaning #2").index("#") + 1 == col
    assert "starts a comment" in message and "quotes" in message, message


@pytest.mark.parametrize("spaces", [3, 5])
def test_an_indentation_slip_names_both_columns(spaces: int):
    line, _, message = _only_error(_with_line(23, "    weight", " " * spaces + "weight"))
    assert line == 23 and f"column {spaces + 1}" in message and "column 5" in message, message


def test_a_duplicate_id_names_the_line_of_the_first():
    first = next(i for i, s in enumerate(MINI.split("\n"), 1) if "id: sd_brief" in s)
    line, _, message = _only_error(_with_line(68, "id: sd_door", "id: sd_brief"))
    assert line == 68 and f"also used at line {first}" in message, message


# An unknown icon is an error now: tests/test_format_kinds.py.


def test_mandate_on_an_in_system_card_is_a_warning():
    lines = MINI.split("\n")
    at = next(i for i, s in enumerate(lines) if "id: sd_brief" in s)
    lines.insert(at + 1, "    mandate: 1")
    report = check_text("\n".join(lines), "f.yaml")
    found = [w for w in report.warnings if "in-system card" in w.message]
    assert len(found) == 1 and found[0].line == at + 2, report.warnings


@pytest.mark.parametrize("spaces,way", [(3, "1 space to the right"), (5, "1 space to the left")])
def test_an_indentation_slip_says_where_to_move_the_line_not_the_parser_text(spaces: int, way: str):
    line, col, message = _only_error(_with_line(23, "    weight", " " * spaces + "weight"))
    assert (line, col) == (23, spaces + 1)
    assert f"move line 23 {way}, to column 5" in message and "not valid YAML" not in message and "while parsing" not in message


def test_a_list_item_out_of_line_is_compared_with_the_item_before_it():
    lines = MINI.split("\n")
    at = next(i for i, s in enumerate(lines) if s == "  - id: wt_bezoek")
    lines[at] = " - id: wt_bezoek"
    line, col, message = _only_error("\n".join(lines))
    assert (line, col) == (at + 1, 2), message
    assert "the item above it" in message and "1 space to the right, to column 3" in message, message
