"""The sensitivity report on the depth measures (issue 13 §5 with issue 10's measures) and in the reader's language."""

from __future__ import annotations

import pytest
from test_sensitivity import DECIDES, INERT, TINY

from sim.analysis.sensitivity import SensitivityProblem, run_sensitivity
from sim.analysis.sensitivity_play import DEPTH_MEASURES
from sim.analysis.sensitivity_report import format_sensitivity, tornado
from sim.cli import main

ONLY = ("cards.wt_help.effects", "cards.wt_nooit")


@pytest.fixture(scope="module")
def depth_report():
    return run_sensitivity(TINY, "tiny.yaml", games=12, trajectories=2, seed=3, only=ONLY, workers=1, depth=True)


def test_with_depth_every_number_is_screened_on_the_depth_measures_too(depth_report):
    rep = depth_report
    assert rep["measures"] == ["stabiel", "crisis_less", *DEPTH_MEASURES] and rep["depth"]
    assert {"expert", "naive"} <= set(rep["policies"])
    rows = {r["name"]: r for r in rep["ranking"]}
    for m in DEPTH_MEASURES:
        assert rows[INERT][m]["mu_star"] == 0, m  # a card that can never be played moves nothing
    # How much the one helping card takes off decides whether the expert stabilises Ann at all.
    assert rows[DECIDES]["expert_stabiel"]["mu_star"] > 0.3
    assert rows[DECIDES]["depth_score"] >= rows[DECIDES]["expert_stabiel"]["mu_star"]
    assert set(DEPTH_MEASURES) <= set(rep["lesson_at_file_values"])


def test_the_depth_table_is_printed_in_both_languages(depth_report):
    en = format_sensitivity(depth_report, lang="en")
    nl = format_sensitivity(depth_report, lang="nl")
    assert "Depth: the numbers that move issue 10's measures most" in en and "expert − naive" in en
    assert "Diepte: de getallen" in nl and "Gevoeligheid van de les: Klein (tiny)" in nl
    first = next(line for line in nl.split("\n") if line.strip().startswith("1 "))
    assert DECIDES in first and "lager helpt" in first


def test_without_depth_the_report_has_no_depth_measures():
    rep = run_sensitivity(TINY, "tiny.yaml", games=6, trajectories=2, seed=1, only=ONLY, workers=1)
    assert rep["measures"] == ["stabiel", "crisis_less"] and not rep["depth"]
    assert "expert_stabiel" not in rep["ranking"][0] and "Depth:" not in format_sensitivity(rep)


def test_the_tornado_chart_speaks_the_sessions_language(depth_report, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    seen: list[str] = []
    real = Figure.savefig

    def spy(fig, *args, **kwargs):
        seen.extend(t.get_text() for ax in fig.axes for t in (ax.title, ax.xaxis.label))
        return real(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", spy)
    tornado(tmp_path / "nl.png", depth_report, lang="nl")
    assert "Welke getallen beslissen over de les: Klein" in seen
    assert any(s.startswith("mu*: effect op het verschil") for s in seen)


def test_a_problem_is_said_in_the_readers_language(tmp_path, capsys):
    with pytest.raises(SensitivityProblem) as info:
        run_sensitivity(TINY, "tiny.yaml", games=5, trajectories=2, only=("cards.nobody",), workers=1)
    assert "geen getal om te variëren onder cards.nobody" in info.value.text("nl")
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(TINY, encoding="utf-8")
    assert main(["--lang", "nl", "sensitivity", str(scenario), "--only", "cards.nobody", "--workers", "1"]) == 1
    assert "controleer het voorvoegsel van --only" in capsys.readouterr().err
