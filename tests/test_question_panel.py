"""A reflection question may name the data the presenter shows beside it (`panel:`); plain questions still load."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.core.model import Panel
from sim.scenario.loader import check_text, load_scenario
from sim.ui.scenes.presenter import deck

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


def _with_questions(block: str) -> str:
    text = JAN.read_text(encoding="utf-8")
    start = text.index("reflection_questions:\n")
    lines = text[start:].split("\n")[1:]
    kept = next((i for i, line in enumerate(lines) if line and not line.startswith("  ")), len(lines))  # the block ends here
    return text[:start] + "reflection_questions:\n" + block + "\n".join(lines[kept:])


def test_a_question_names_its_panel_and_a_plain_one_still_loads():
    report = check_text(_with_questions('  - {nl: "Wie wist het?", en: "Who knew?", panel: kpis}\n'
                                        '  - {nl: "Wie wist het eerst?", en: "Who knew first?"}\n'), "t.yaml")
    assert not report.errors
    first, plain = report.scenario.reflection_questions
    assert first.panel is Panel.KPIS and first.get("en") == "Who knew?"
    assert plain.panel is None
    # The presenter follows the file's choice, and the words (who knew: knowledge) where it makes none.
    assert [s.panel for s in deck(report.scenario, "nl")[1:3]] == ["kpis", "knowledge"]


def test_an_unknown_panel_gets_a_clear_message_at_its_line():
    text = _with_questions('  - {nl: "Wie wist het?", en: "Who knew?", panel: knowlege}\n')
    line = text.split("\n").index('  - {nl: "Wie wist het?", en: "Who knew?", panel: knowlege}') + 1
    (problem,) = check_text(text, "t.yaml").errors
    column = len('  - {nl: "Wie wist het?", en: "Who knew?", panel: ') + 1
    assert str(problem) == (f"t.yaml:{line}:{column}: expected one of why, knowledge, crossings, kpis, secrets, whatif, notes; "
                            "got the text 'knowlege'; did you mean 'knowledge'?")


@pytest.mark.parametrize("name", ["jan-in-de-portiek", "de-zorgmijder", "vader-en-zoon"])
def test_every_shipped_question_names_its_panel(name):
    sc = load_scenario(ROOT / "scenarios" / f"{name}.yaml").scenario
    assert sc.reflection_questions and all(q.panel is not None for q in sc.reflection_questions)
