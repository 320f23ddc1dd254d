"""The starter template (`run_sim.py new`) passes its own verdicts: the lesson and issue 10's depth targets.

The figures at 1,000 games are in docs/balance.md ("the starter template");
the quick test plays 200 games per policy on the same seed, the slow one the
documented 1,000 (depth measures on 200 games, as `balance` plays them).
"""

from __future__ import annotations

import pytest

from sim.analysis.balance import format_balance, run_balance
from sim.core import model
from sim.scenario.authoring import new_scenario
from sim.scenario.loader import load_scenario

# The policies the lesson and the depth verdict read (random, greedy and search only add rows).
VERDICT_POLICIES = ("protocol", "grensverlegger", "naive", "expert")


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    path = new_scenario("starter", folder=tmp_path_factory.mktemp("scenarios"))
    return load_scenario(path).scenario


def _verdicts(sc, games: int) -> dict:
    rep = run_balance(sc, games=games, seed=0, workers=2, policies=VERDICT_POLICIES, depth_games=200)
    assert rep["lesson"]["passes"], format_balance(rep, sc.id)
    verdict = rep["depth_verdict"]
    assert verdict["not_measured"] == [], verdict
    assert verdict["met"], (verdict["missed"], format_balance(rep, sc.id))
    return rep


def test_the_starter_passes_the_lesson_and_the_depth_verdict(starter):
    rep = _verdicts(starter, 200)
    # The expert is the best play but not a fixed script: chance still decides some games.
    assert rep["policies"]["expert"]["outcomes"]["kwetsbaar"] > 0


@pytest.mark.slow
def test_the_starter_passes_at_the_documented_thousand_games(starter):
    _verdicts(starter, 1000)


def test_each_stressor_of_the_starter_has_a_second_route(starter):
    for stressor in starter.stressors:
        routes = {c.id for c in starter.cards for e in c.effects
                  if isinstance(e, model.StressorEffect) and e.stressor == stressor.id and e.delta < 0}
        assert len(routes) >= 2, (stressor.id, routes)


def test_the_starter_keeps_a_secret_that_another_team_needs(starter):
    hidden = [s for s in starter.stressors if s.hidden and s.known_by]
    assert hidden, "a hidden stressor in one team's dossier"
    needs = {(c.stressor, c.agency) for card in starter.cards for c in card.conditions
             if isinstance(c, model.KnownCond) and c.agency is not None}
    assert any((s.id, a.id) in needs for s in hidden for a in starter.agencies if a.id not in s.known_by)
    assert starter.sharing is not None, "sharing is a move: the secret can travel"
