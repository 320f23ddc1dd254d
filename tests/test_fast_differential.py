"""The fast path plays exactly the reference engine's games: the same final state, field for field.

For every shipped scenario (and the test scenario with every kind) and every
policy, the fast path (`sim.fast`, used by `batch.play_game` for quiet games)
and the reference engine (`sim.core.engine`, with the fast path switched off)
play the same seeds; the frozen end states must be equal: outcome, every
figure, the snapshots of every round, the action record, the cards' log, the
crossings and joint actions. The short version runs in every suite; the
`slow` one plays over 10,000 games.
"""

from __future__ import annotations

import attrs
import pytest
from conftest import FIXTURES, SCENARIOS

from sim import fast
from sim.analysis import batch
from sim.analysis.batch import game_result, game_seeds, play_fast, play_game, seat_policies
from sim.scenario.loader import load_scenario

PATHS = [*SCENARIOS, FIXTURES / "mini.yaml"]
POLICIES = ("random", "protocol", "grensverlegger", "greedy", "naive", "expert", "search")


@pytest.fixture(scope="module")
def scenarios():
    return {p.stem: load_scenario(p).scenario for p in PATHS}


def reference_game(sc, seed, policies, in_play=None):
    """The game on the reference engine alone (the look-ahead of greedy and search included)."""
    fast.SWITCH.on = False
    try:
        return play_game(sc, seed, policies, quiet=True, in_play=in_play)
    finally:
        fast.SWITCH.on = True


def differences(a, b) -> list[str]:
    """The names of the state's fields that differ between two games."""
    return [f.name for f in attrs.fields(type(a)) if getattr(a, f.name) != getattr(b, f.name)]


def compare(sc, policy: str, seeds, in_play=None) -> None:
    rules = fast.rules_for(sc)
    assert rules is not None, f"{sc.id} must play on the fast path: {fast.compile_scenario(sc)[1]}"
    policies = seat_policies(sc, policy)
    for seed in seeds:
        quick = play_fast(rules, seed, policies, in_play)
        ref = reference_game(sc, seed, policies, in_play)
        assert quick.outcome is not None
        assert differences(quick, ref) == [], f"{sc.id} {policy} seed {seed}"
        assert game_result(sc, quick) == game_result(sc, ref)


def test_a_fast_start_is_the_reference_start(scenarios):
    from sim.core import engine

    for sc in scenarios.values():
        rules = fast.rules_for(sc)
        for seed in game_seeds(5, 50):
            assert differences(fast.freeze(fast.new_game(rules, seed)), engine.new_game(sc, seed, quiet=True)) == []
        with pytest.raises(ValueError):
            fast.new_game(rules, -1)


def test_every_shipped_scenario_compiles_for_the_fast_path(scenarios):
    for name, sc in scenarios.items():
        rules, why = fast.compile_scenario(sc)
        assert rules is not None, f"{name}: {why}"


@pytest.mark.parametrize("policy", POLICIES)
def test_the_fast_path_plays_the_reference_games(scenarios, policy):
    games = 1 if policy == "search" else 4 if policy == "greedy" else 15
    for k, sc in enumerate(scenarios.values()):
        compare(sc, policy, game_seeds(100 + k, games))


def test_mixed_seats_and_fewer_agencies_play_the_same(scenarios):
    sc = scenarios["jan-in-de-portiek"]
    seats = {a.id: p for a, p in zip(sc.agencies, ("expert", "random", "protocol", "naive", "grensverlegger"))}
    rules = fast.rules_for(sc)
    policies = batch.seat_policies(sc, "random", seats)
    in_play = [a.id for a in sc.agencies][1:4]
    for seed in game_seeds(7, 30):
        for table in (None, in_play):
            quick = play_fast(rules, seed, policies, table)
            assert differences(quick, reference_game(sc, seed, policies, table)) == []


def test_play_game_takes_the_fast_path_for_quiet_games(scenarios, monkeypatch):
    sc = scenarios["jan-in-de-portiek"]
    used = []
    monkeypatch.setattr(batch, "play_fast", lambda *a, **k: used.append(1) or play_fast(*a, **k))
    play_game(sc, 3, seat_policies(sc, "random"), quiet=True)
    assert used == [1]
    play_game(sc, 3, seat_policies(sc, "random"))  # with the full log: the reference engine
    assert used == [1]


@pytest.mark.slow
@pytest.mark.parametrize("policy", POLICIES)
def test_ten_thousand_games_play_the_same(scenarios, policy):
    games = {"search": 60, "greedy": 300}.get(policy, 800)  # 4 scenarios x (5 x 800 + 300 + 60) = 17,440 games
    for k, sc in enumerate(scenarios.values()):
        compare(sc, policy, game_seeds(1000 + k, games))
