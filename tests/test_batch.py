"""Batches of games: the same results whatever the number of processes, and the simulate command's output."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import FIXTURES

from sim.analysis.batch import ProgressBar, game_result, game_seeds, play_game, run_games, seat_policies, simulate
from sim.cli import main

MINI = str(FIXTURES / "mini.yaml")


def test_results_do_not_depend_on_the_number_of_workers(mini):
    seeds = game_seeds(3, 40)
    one = run_games(mini, seeds, "random", workers=1)
    two = run_games(mini, seeds, "random", workers=2, chunk=3)
    three = run_games(mini, seeds, "grensverlegger", workers=3, chunk=7)
    assert one == two
    assert [r.seed for r in one] == seeds
    assert three == run_games(mini, seeds, "grensverlegger", workers=1)


def test_a_summary_is_identical_for_one_or_two_workers(mini):
    a = simulate(mini, 30, seed=5, policy="random", seats={"sd": "protocol"}, workers=1)
    b = simulate(mini, 30, seed=5, policy="random", seats={"sd": "protocol"}, workers=2)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a["seats"] == {"sd": "protocol", "wt": "random", "pol": "random"}


def test_the_summary_counts_every_game(mini):
    r = simulate(mini, 25, seed=2, policy="grensverlegger", workers=1)
    assert r["games"] == 25 and sum(r["outcomes"].values()) == 25
    rates = r["outcome_rates"]
    for key, n in r["outcomes"].items():
        assert rates[key]["low"] <= n / 25 <= rates[key]["high"]
    assert r["total_costs"]["mean"] == pytest.approx(r["euros_spent"]["mean"] + r["crisis_costs"]["mean"], abs=0.01)
    assert len(r["per_round"]["stress"]["p50"]) == mini.rounds + 1
    assert set(r["cards"]) == {c.id for c in mini.cards}


def test_a_game_result_carries_the_final_figures_on_after_the_end(mini):
    policies = seat_policies(mini, "pass")
    state = play_game(mini, 4, policies)
    r = game_result(mini, state)
    assert len(r.stress) == len(r.stability) == mini.rounds + 1
    assert r.stress[0] == mini.person.stress
    if state.round < mini.rounds:  # ended early: the last figures stay
        assert r.stress[-1] == pytest.approx(state.stress, abs=1e-3)
    assert r.outcome == state.outcome.value and r.rounds == state.round
    assert dict(r.plays) == dict(state.plays)


def test_first_play_rounds_are_recorded(mini):
    state = play_game(mini, 6, seat_policies(mini, "grensverlegger"))
    r = game_result(mini, state)
    assert set(dict(r.first)) == set(dict(r.plays))
    assert all(1 <= rnd <= state.round for _, rnd in r.first)


def test_the_progress_bar_draws_on_a_terminal_only():
    out = io.StringIO()
    bar = ProgressBar("x ", stream=out, enabled=True)
    bar(0, 10)
    bar(10, 10)
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())  # without the terminal's colour codes
    assert "10/10 games" in drawn and drawn.endswith("\n")
    quiet = io.StringIO()
    ProgressBar(stream=quiet)(10, 10)  # a StringIO is no terminal
    assert quiet.getvalue() == ""


# -- the command ------------------------------------------------------------------


def test_simulate_json_is_byte_identical_whatever_the_workers(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["simulate", MINI, "--games", "24", "--seed", "4", "--workers", "1", "--json", str(a)]) == 0
    assert main(["simulate", MINI, "--games", "24", "--seed", "4", "--workers", "2", "--json", str(b)]) == 0
    capsys.readouterr()
    assert a.read_bytes() == b.read_bytes()


def test_simulate_prints_a_readable_table_with_mixed_seats(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(["simulate", MINI, "--games", "20", "--seat", "sd=protocol", "--seat", "wt=greedy",
                 "--policy", "grensverlegger", "--workers", "1", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    for word in ("stabiel", "kwetsbaar", "crisis", "95% interval", "final stress", "boundary crossings", "Cards"):
        assert word in text
    assert json.loads(out.read_text())["seats"] == {"sd": "protocol", "wt": "greedy", "pol": "grensverlegger"}


def test_simulate_plot_writes_a_png(tmp_path, capsys):
    png = tmp_path / "fan.png"
    assert main(["simulate", MINI, "--games", "12", "--workers", "1", "--plot", str(png)]) == 0
    capsys.readouterr()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_simulate_plot_to_a_missing_folder_gives_a_message(tmp_path, capsys):
    assert main(["simulate", MINI, "--games", "2", "--workers", "1", "--plot", str(tmp_path / "nee" / "f.png")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_simulate_refuses_zero_workers(capsys):
    assert main(["simulate", MINI, "--games", "2", "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err
