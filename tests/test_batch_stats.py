"""The statistics of a batch: intervals checked against published values, and the card verdicts on made-up games."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.analysis.batch import GameResult
from sim.analysis.stats import (
    FLAG_DOMINANT,
    FLAG_HARMFUL,
    FLAG_UNPLAYED,
    LANDMARK,
    card_table,
    diff_of_means,
    diff_of_shares,
    spread,
    wilson,
)
from sim.core.model import LEGS
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent


def test_wilson_matches_newcombes_worked_examples():
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion", table I.
    assert wilson(81, 263) == pytest.approx((0.2553, 0.3662), abs=5e-4)
    assert wilson(15, 148) == pytest.approx((0.0624, 0.1605), abs=5e-4)
    assert wilson(0, 20) == pytest.approx((0.0, 0.1611), abs=5e-4)
    assert wilson(1, 29) == pytest.approx((0.0061, 0.1718), abs=5e-4)


def test_the_difference_of_shares_matches_newcombes_method_10():
    # Newcombe (1998), "Interval estimation for the difference between independent proportions", table II.
    assert diff_of_shares(56, 70, 48, 80) == pytest.approx((0.2, 0.0524, 0.3339), abs=5e-4)
    assert diff_of_shares(9, 10, 3, 10) == pytest.approx((0.6, 0.1705, 0.8090), abs=5e-4)
    d, low, high = diff_of_shares(10, 10, 0, 10)
    assert d == 1 and 0.6 < low < 0.75 and high == 1


def test_the_difference_of_means_is_centred_and_widens_with_spread():
    d, low, high = diff_of_means([1, 1, 0, 1], [0, 0, -1, 0])
    assert d == pytest.approx(1.0) and low < 1 < high
    _, low2, high2 = diff_of_means([1, -1, 1, -1, 1], [0, 0, 0, 0, 0])
    assert high2 - low2 > high - low


def test_spread_gives_mean_and_percentiles():
    s = spread(range(101))
    assert s == {"mean": 50.0, "p5": 5.0, "p50": 50.0, "p95": 95.0}


# -- the card verdicts ------------------------------------------------------------


class _Card:
    def __init__(self, cid):
        self.id, self.agency = cid, "a"
        self.type = type("T", (), {"value": "boundary"})()


class _Scenario:
    cards = [_Card("sterk"), _Card("slecht"), _Card("neutraal"), _Card("nooit"), _Card("laat")]


def game(outcome, rounds=8, early=(), late=()):
    first = tuple(sorted([(c, 1) for c in early] + [(c, LANDMARK + 2) for c in late]))
    return GameResult(
        seed=0, outcome=outcome, end_reason="", rounds=rounds, final_stress=0.0, final_stability=0.0,
        euros=0.0, crisis_cost=0.0, crossings=0, joints=0,
        plays=tuple((c, 1) for c, _ in first), first=first, stress=(), stability=(),
    )


def test_card_verdicts_on_made_up_games():
    results = (
        [game("stabiel", early=("sterk", "neutraal")) for _ in range(30)]
        + [game("crisis", early=("slecht", "neutraal")) for _ in range(30)]
        + [game("kwetsbaar", early=("neutraal",)) for _ in range(30)]
        + [game("kwetsbaar") for _ in range(30)]
    )
    table = card_table(_Scenario(), results)
    assert table["sterk"]["flag"] == FLAG_DOMINANT and table["sterk"]["difference"] > 0.5
    assert table["slecht"]["flag"] == FLAG_HARMFUL and table["slecht"]["difference"] < 0
    assert table["neutraal"]["flag"] is None
    assert table["nooit"]["flag"] == FLAG_UNPLAYED and table["nooit"]["plays"] == 0


def test_a_card_is_not_credited_for_games_that_ended_before_it_could_be_played():
    """Immortal-time bias: a card only ever played late looks good when the games that ended early count against 'not played'."""
    results = (
        [game("kwetsbaar", late=("laat",)) for _ in range(40)]
        + [game("crisis", rounds=LANDMARK) for _ in range(40)]  # over before the landmark: not judged
        + [game("kwetsbaar") for _ in range(40)]
    )
    row = card_table(_Scenario(), results)["laat"]
    assert row["early_games"] == 0 and row["late_or_never_games"] == 80
    assert row["flag"] is None and row["difference"] is None  # nothing to compare, so no verdict


def test_why_says_which_part_of_the_stability_rule_each_unstable_game_missed():
    from sim.analysis.stats import why

    def result(outcome: str, end: str, short: tuple[str, ...]) -> GameResult:
        return GameResult(seed=0, outcome=outcome, end_reason=end, rounds=8, final_stress=50.0, final_stability=4.0,
                          euros=0.0, crisis_cost=0.0, crossings=0, joints=0, plays=(), first=(), stress=(), stability=(),
                          short_of=short)

    results = [result("kwetsbaar", "rounds", ("stress", "leg:meedoen")), result("kwetsbaar", "rounds", ("leg:meedoen",)),
               result("crisis", "gedwongen_opname", ("stress",)), result("stabiel", "stabilised", ())]
    got = why(results)
    assert got["kwetsbaar"]["missed"] == {"leg:meedoen": 2, "stress": 1}
    assert got["crisis"] == {"missed": {"stress": 1}, "by_end": {"gedwongen_opname": 1}}


def test_short_of_names_the_missed_legs_and_the_stressors_left_in_a_played_game():
    from sim.analysis.batch import play_game, seat_policies, short_of

    sc = load_scenario(ROOT / "scenarios" / "jan-in-de-portiek.yaml").scenario
    for seed in range(20):
        state = play_game(sc, seed, seat_policies(sc, "protocol"), quiet=True)
        got = short_of(sc, state)
        if state.outcome.value == "stabiel":
            assert got == ()
            continue
        t = sc.scoring.thresholds
        assert ("stress" in got) == (state.stress > t.stable_stress)
        for leg, v in zip(LEGS, state.legs):
            assert (f"leg:{leg.value}" in got) == (v < t.stable_leg)
        active = {f"stressor:{s.id}" for k, s in enumerate(sc.stressors) if state.severity[k] > 0}
        assert active == {x for x in got if x.startswith("stressor:")}
        assert {x[5:] for x in got if x.startswith("back:")} <= {x[9:] for x in active}


def test_the_weakest_leg_per_round_is_the_lowest_leg_of_each_snapshot():
    from sim.analysis.batch import game_result, play_game, seat_policies

    sc = load_scenario(ROOT / "scenarios" / "vader-en-zoon.yaml").scenario
    state = play_game(sc, 3, seat_policies(sc, "grensverlegger"))
    r = game_result(sc, state)
    assert len(r.weakest) == sc.rounds + 1
    for snap in state.history:
        assert r.weakest[snap.round] == round(min(snap.legs), 4)
    assert all(w <= s + 1e-9 for w, s in zip(r.weakest, r.stability))  # the index mixes mean and minimum
