"""Warnings: a scenario that loads but will not play as its designer thinks (exit 0 unless --strict)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario.loader import check_text

ROOT = Path(__file__).resolve().parent.parent
STARTER = (ROOT / "sim" / "scenario" / "template" / "scenario.yaml").read_text(encoding="utf-8").replace("$SCHEMA", "x").replace("$ID", "w").replace("$TITLE", "W")


def edit(old: str, new: str) -> str:
    assert STARTER.count(old) >= 1, old
    return STARTER.replace(old, new, 1)


def warnings_of(text: str) -> list[str]:
    report = check_text(text, "w.yaml")
    assert not report.errors, [str(p) for p in report.errors]
    return [f"{p.line}:{p.column}: {p.message}" for p in report.warnings]


def line_of(text: str, snippet: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if snippet in line)


def test_the_starter_has_no_warnings():
    assert warnings_of(STARTER) == []


@pytest.mark.parametrize("old,new,at,words", [
    # a hidden stressor that nothing reveals
    ("      - {kind: reveal, stressor: eenzaamheid}\n", "", "{kind: known, stressor: eenzaamheid}",
     "nobody can ever play this card: stressor 'eenzaamheid' is hidden and no card or event reveals it"),
    # a flag that nothing sets
    ("      - {kind: stressor, stressor: schulden, min: 1}\n", "      - {kind: flag, flag: ontruiming_aangezegd, set: false}\n      - {kind: flag, flag: post_ongeopend, rounds: 9}\n",
     "flag: post_ongeopend, rounds: 9", "would have to be set 9 rounds ago, but the game has 8 rounds"),
    # more capacity than the agency ever has
    ("    mandate: 1\n    cost: 2\n", "    mandate: 1\n    cost: 5\n", "cost: 5", "it costs 5 capacity and 'sociale_dienst' never has that much"),
    # trust that nothing raises
    ("      - {kind: trust, min: 4}\n", "      - {kind: trust, agency: woningcorporatie, min: 9}\n", "agency: woningcorporatie, min: 9",
     "trust in 'woningcorporatie' starts at 3 and no card or event moves it that way"),
])
def test_a_card_nobody_can_ever_play(old, new, at, words):
    text = edit(old, new)
    found = warnings_of(text)
    assert any(w.startswith(f"{line_of(text, at)}:") and words in w for w in found), found


def test_an_event_that_can_never_trigger():
    text = edit("      - {kind: flag, flag: ontruiming_aangezegd, rounds: 2}", "      - {kind: stressor, stressor: eenzaamheid, min: 3}")
    found = warnings_of(text)
    assert any("this event can never trigger: stressor 'eenzaamheid' starts at severity 2 and it can only go from 0 to 2" in w for w in found), found


def test_an_event_that_never_happens_by_itself():
    text = edit("    deck: 3\n", "")
    assert any("never happens by itself" in w for w in warnings_of(text))


def test_a_stressor_no_card_can_reduce():
    # both cards that take the loneliness away (the starter gives each key stressor a second route)
    text = edit("      - {kind: stressor, stressor: eenzaamheid, delta: -2}\n", "")
    assert text.count("      - {kind: stressor, stressor: eenzaamheid, delta: -1}\n") == 1
    text = text.replace("      - {kind: stressor, stressor: eenzaamheid, delta: -1}\n", "")
    found = warnings_of(text)
    line = line_of(text, "- id: eenzaamheid")
    assert f"{line}:9: no card can reduce stressor 'eenzaamheid': give some card an effect `{{kind: stressor, stressor: eenzaamheid, delta: -1}}`" in found


def test_an_agency_without_a_boundary_crossing_card():
    text = edit("  - id: wc_bevriezen\n    agency: woningcorporatie\n    type: boundary\n    mandate: 1\n",
                "  - id: wc_bevriezen\n    agency: woningcorporatie\n    type: in_system\n")
    found = warnings_of(text)
    assert any("agency 'woningcorporatie' has no boundary-crossing card" in w for w in found), found


def test_unused_flags_and_tags_that_select_nothing():
    text = edit("  ontruiming_aangezegd:", "  ongebruikt: {nl: x, en: x}\n  ontruiming_aangezegd:")
    text = text.replace("{kind: cancel_events, tag: ontruiming}", "{kind: cancel_events, tag: ontruimin}")
    found = warnings_of(text)
    assert any("flag 'ongebruikt' is declared but no card, event or person uses it" in w for w in found)
    assert any("no event has the tag 'ontruimin', so this cancels nothing; did you mean 'ontruiming'?" in w for w in found)


def test_warnings_exit_0_and_1_with_strict(tmp_path, capsys):
    path = tmp_path / "w.yaml"
    path.write_text(edit("    deck: 3\n", ""), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
    captured = capsys.readouterr()
    assert "refused by --strict" in captured.out and f"{path}:" in captured.err
