"""The report says why the game ended as the debrief does, with the scenario's own number of stable weeks,
and its ratings in the words of the HSEEP scale."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from sim.analysis.batch import play_game, seat_policies
from sim.analysis.explain import explain_lines
from sim.report import writer as report
from sim.report.facts import end_reason
from sim.scenario.loader import load_scenario
from sim.session import sessionfile as sf

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"  # stable means three weeks running here
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def fast_charts(monkeypatch):
    monkeypatch.setattr(report, "draw_charts", lambda sc, state, lang, names=report.CHART_NAMES: {n: PNG for n in names})


def _expert_game():
    loaded = load_scenario(JAN)
    sc = loaded.scenario
    state = play_game(sc, 3, seat_policies(sc, "expert"))
    assert (state.outcome.value, state.end_reason) == ("stabiel", "stabilised")
    return loaded, sc, state


def test_the_end_reason_counts_the_scenarios_own_stable_weeks():
    _, sc, state = _expert_game()
    assert sc.scoring.thresholds.stable_rounds == 3
    assert end_reason(state, "nl", sc) == "de situatie bleef 3 weken achter elkaar stabiel"
    assert end_reason(state, "en", sc) == "the situation stayed stable for 3 weeks running"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_explains_the_outcome_and_rates_on_the_hseep_scale(lang, tmp_path, fast_charts):
    loaded, sc, state = _expert_game()
    saved = sf.start(loaded.path, sc.id, loaded.content_hash, state, seats={a.id: "expert" for a in sc.agencies}, lang=lang)
    saved = sf.set_rating(saved, sc.learning_objectives[0].id, "S")
    page = report.write_report(saved, loaded, tmp_path).html.read_text(encoding="utf-8")
    summary = page[:page.index("</section>")]
    for line in explain_lines(sc, state, lang):
        assert line in html.unescape(summary)
    words = {"nl": "Uitgevoerd met enkele problemen", "en": "Performed with some challenges"}[lang]
    assert words in page
    assert {"nl": "twee rondes", "en": "two rounds"}[lang] not in page
