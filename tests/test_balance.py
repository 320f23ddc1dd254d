"""The balance report: every shipped scenario teaches its lesson, and the default scenario meets its balance targets.

Few games and a fixed seed keep these quick; the figures at 2,000 games per
policy are in docs/balance.md. The targets come from the balance issue, not
from a run: protocol ends in crisis in at least 60% of games, grensverlegger
stabilises in at least half and ends in crisis in at most 15%, random play
lies in between, and no single card is dominant.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, SCENARIOS

from sim.analysis.balance import CLEAR, format_balance, lesson, run_balance
from sim.cli import main
from sim.scenario.loader import load_scenario

DEFAULT = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_shipped_scenario_teaches_its_lesson(path):
    sc = load_scenario(path).scenario
    rep = run_balance(sc, games=150, seed=1, workers=1, policies=("protocol", "grensverlegger"))
    les = rep["lesson"]
    assert les["passes"], format_balance(rep, sc.id)
    assert les["stabiel"]["low"] > CLEAR and les["crisis_less"]["low"] > CLEAR


@pytest.fixture(scope="module")
def default_report():
    sc = load_scenario(DEFAULT).scenario
    return run_balance(sc, games=300, seed=7, workers=2, policies=("protocol", "grensverlegger", "random"))


def rate(rep, policy, outcome):
    r = rep["policies"][policy]
    return r["outcomes"][outcome] / r["games"]


def test_the_default_scenario_meets_its_balance_targets(default_report):
    rep = default_report
    assert rate(rep, "protocol", "crisis") >= 0.60
    # Since issue 10 a fixed ranking of cards no longer solves the case (uncovered crossings are
    # called to account, a bad week can come late): the reference is the expert, measured by
    # `balance --json` and docs/balance.md. Grensverlegger must still clearly beat the book.
    assert rate(rep, "grensverlegger", "stabiel") >= 0.25
    assert rate(rep, "grensverlegger", "crisis") <= 0.15


def test_random_play_lies_between_by_the_book_and_boundary_crossing(default_report):
    rep = default_report
    for outcome, better in (("stabiel", "grensverlegger"), ("crisis", "protocol")):
        worse = "protocol" if better == "grensverlegger" else "grensverlegger"
        low, high = sorted((rate(rep, worse, outcome), rate(rep, better, outcome)))
        assert low < rate(rep, "random", outcome) < high, outcome


def test_no_card_of_the_default_scenario_is_dominant(default_report):
    assert default_report["cards_judged_by"] == "random"
    assert default_report["dominant_cards"] == []


def summary(stabiel, crisis, games=200):
    return {"games": games, "outcomes": {"stabiel": stabiel, "kwetsbaar": games - stabiel - crisis, "crisis": crisis}}


def test_the_verdict_fails_when_the_difference_is_not_clear():
    assert lesson(summary(150, 10), summary(10, 150))["passes"]
    close = lesson(summary(60, 40), summary(45, 50))  # 7.5 points more stable: within noise and below CLEAR
    assert not close["passes"] and not close["stabiel"]["clear"]
    backwards = lesson(summary(10, 150), summary(150, 10))
    assert not backwards["passes"] and backwards["stabiel"]["difference"] < 0


def test_a_failing_report_says_so_plainly():
    rep = {"scenario": "x", "seed": 0, "games": 200, "policies": {},
           "lesson": lesson(summary(60, 40), summary(45, 50))}
    text = format_balance(rep)
    assert "VERDICT: FAIL" in text and "does not yet teach its lesson" in text


def test_the_balance_command_prints_the_table_and_the_verdict(tmp_path, capsys):
    out, png = tmp_path / "b.json", tmp_path / "b.png"
    code = main(["balance", str(DEFAULT), "--games", "40", "--search-games", "2", "--seed", "3",
                 "--json", str(out), "--plot", str(png)])
    text = capsys.readouterr().out
    data = json.loads(out.read_text())
    assert code == (0 if data["lesson"]["passes"] else 1)
    assert set(data["policies"]) == {"protocol", "grensverlegger", "random", "greedy", "search", "naive", "expert"}
    assert data["policies"]["search"]["games"] == 2
    assert data["depth"]["games"] == 40  # the depth measures play the balance's games, at most DEPTH_GAMES
    assert {"recovery", "information_value", "rule_card_value", "card_dependence", "mandate_sensitivity"} <= set(data["depth"])
    for word in ("protocol", "grensverlegger", "random", "greedy", "search", "VERDICT", "Cards", "fewer games"):
        assert word in text
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_chance_play_between_the_two_is_checked_on_both_outcomes():
    from sim.analysis.balance import between

    ok = between(summary(150, 0), summary(20, 40), summary(0, 200))
    assert ok["between"] and ok["stabiel"]["between"] and ok["crisis"]["between"]
    tied = between(summary(150, 0), summary(0, 40), summary(0, 200))  # random never stabilises, like protocol
    assert not tied["between"] and not tied["stabiel"]["between"] and tied["crisis"]["between"]


def test_the_balance_command_exits_1_when_the_lesson_is_not_taught(capsys):
    # In the test fixture nobody can stabilise Piet: no card takes his loneliness away, so his
    # meedoen leg only erodes and never reaches the stable level; boundary crossing cannot
    # stabilise him more often than protocol does.
    mini = str(ROOT / "tests" / "fixtures" / "mini.yaml")
    assert main(["balance", mini, "--games", "40", "--search-games", "1", "--workers", "1"]) == 1
    assert "VERDICT: FAIL" in capsys.readouterr().out


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_crossing_without_cover_loses_and_agreeing_first_wins(path):
    # Issue 10's stakes: naive crossing stabilises at most 40%, the expert at least 40 points more often.
    sc = load_scenario(path).scenario
    rep = run_balance(sc, games=100, seed=2, workers=1, policies=("naive", "expert"), depth_games=0)
    naive, expert = (rep["policies"][p]["outcomes"]["stabiel"] / 100 for p in ("naive", "expert"))
    assert naive <= 0.40 and expert - naive >= 0.40, (naive, expert)
