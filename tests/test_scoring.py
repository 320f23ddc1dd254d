"""Scoring: the stability index, the Verwerking's stress update and the per-round series."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from builders import card, end_round, make, play
from hypothesis import given, settings
from hypothesis import strategies as st_

from sim.analysis.batch import play_game, seat_policies
from sim.core import engine
from sim.core.scoring import stability_index, summarize


def test_the_weakest_leg_weighs_heavily():
    # Same mean (6.67 vs 6.6), but the triangle with a broken leg is much weaker.
    assert stability_index((10, 10, 0)) < stability_index((6.6, 6.6, 6.6))
    assert stability_index((10, 10, 0)) == pytest.approx(0.5 * 20 / 3 + 0.5 * 0)
    assert stability_index((6.6, 6.6, 6.6)) == pytest.approx(6.6)


@pytest.mark.parametrize("legs", list(itertools.permutations((9.0, 4.0, 1.0))) + [(2.0, 2.0, 8.0), (8.0, 2.0, 2.0), (2.0, 8.0, 2.0)])
def test_the_index_does_not_care_which_leg_is_weakest(legs):
    mean, low = sum(legs) / 3, min(legs)
    assert stability_index(legs) == pytest.approx(0.5 * mean + 0.5 * low)


def test_min_weight_moves_the_index_between_mean_and_minimum():
    legs = (9.0, 6.0, 3.0)
    assert stability_index(legs, 0.0) == pytest.approx(6.0)
    assert stability_index(legs, 1.0) == pytest.approx(3.0)
    assert stability_index(legs, 0.25) == pytest.approx(0.75 * 6.0 + 0.25 * 3.0)


@settings(max_examples=60, deadline=None)
@given(
    st_.tuples(*[st_.floats(0, 10, allow_nan=False)] * 3),
    st_.floats(0, 1, allow_nan=False),
)
def test_the_index_lies_between_the_weakest_leg_and_the_mean(legs, w):
    value = stability_index(legs, w)
    assert min(legs) - 1e-9 <= value <= sum(legs) / 3 + 1e-9
    assert 0 <= value <= 10


def test_the_verwerking_follows_the_scenarios_formula():
    # schulden (2) and water (1) both erode leefomgeving; the other legs recover.
    sc = make(scoring={"stress_per_severity": 2, "buffer": 1, "erosion": 0.2, "recovery": 0.5})
    st = end_round(sc, engine.new_game(sc, 0))
    legs = (5.5, 5.0 - 0.2 * 3, 5.5)
    assert st.legs == pytest.approx(legs)
    index = 0.5 * sum(legs) / 3 + 0.5 * min(legs)
    assert st.stress == pytest.approx(50 + 2 * (1 * 2 + 1 * 1) - 1 * index)
    assert st.history[-1].stability == pytest.approx(index)


def test_stressor_weight_scales_its_stress():
    heavy = make(stressors=[{"id": "schulden", "name": {"nl": "S", "en": "D"}, "leg": "leefomgeving", "severity": 2, "weight": 2.5}],
                 scoring={"stress_per_severity": 2})
    st = end_round(heavy, engine.new_game(heavy, 0))
    assert st.stress == pytest.approx(50 + 2 * 2.5 * 2)


def test_the_series_have_one_row_per_snapshot(mini):
    state = play_game(mini, 3, seat_policies(mini, "random"))
    s = summarize(mini, state)
    n = len(state.history)
    assert n >= 2
    assert list(s.rounds) == [snap.round for snap in state.history]
    assert s.rounds[0] == 0
    for series in (s.stress, s.stability, s.crisis_cost):
        assert series.shape == (n,)
    assert s.legs.shape == (n, 3)
    assert s.severity.shape == (n, len(mini.stressors))
    for per_agency in (s.trust, s.euros, s.kpi):
        assert per_agency.shape == (n, len(mini.agencies))
    assert np.array_equal(s.stress, [snap.stress for snap in state.history])


def test_the_summary_carries_the_final_figures(mini):
    state = play_game(mini, 11, seat_policies(mini, "grensverlegger"))
    s = summarize(mini, state)
    assert s.outcome == state.outcome.value
    assert s.final_stress == state.stress
    assert s.final_stability == pytest.approx(stability_index(state.legs, mini.scoring.min_weight))
    assert s.euros_total == sum(state.euros)
    assert s.crisis_total == state.crisis_cost
    assert s.joint_actions == len(state.joints)
    assert len(s.crossings) == len(state.crossings)


def test_a_crossing_shows_how_stress_moved_after_it():
    sc = make(cards=[card("grens", type="boundary", effects=[{"kind": "stress", "delta": -6}])],
              scoring={"stress_per_severity": 1})
    st = play(sc, engine.new_game(sc, 0), "grens")
    st = end_round(sc, end_round(sc, st))
    (c,) = summarize(sc, st).crossings
    assert (c.round, c.agency, c.card, c.stress_before) == (1, "sd", "grens", 50.0)
    assert c.stress_after_1 == st.history[1].stress == 50 - 6 + 3
    assert c.stress_after_2 == st.history[2].stress == 50 - 6 + 6


def test_a_fresh_game_has_a_one_row_summary():
    sc = make()
    s = summarize(sc, engine.new_game(sc, 0))
    assert s.stress.shape == (1,) and s.outcome is None and s.crossings == ()
