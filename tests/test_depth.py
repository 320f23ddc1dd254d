"""Depth measures on a tiny scenario whose every game can be followed by hand.

Piet starts at stress 50; stabiel needs stress <= 30 for one round. Two cards
of 15 points each: `delen` (social services shares what it knows: a reveal,
a boundary card costing both of its 2 mandaat tokens) and `regel` (a rule
card of the wijkteam). Only both together stabilise him; nothing else helps.
"""

from __future__ import annotations

import pytest
from builders import card, event, make

from sim.analysis import depth
from sim.analysis.balance import run_balance
from sim.analysis.batch import game_seeds

GAMES = 6


def _tiny(crisis_without_rule_in_round_2: bool = False):
    events = []
    if crisis_without_rule_in_round_2:
        events = [event("ontsporing", rounds=[2], conditions=[{"kind": "rule_active", "card": "regel", "active": False}],
                        effects=[{"kind": "crisis", "cost": "opname"}])]
    return make(
        cards=[
            card("delen", "sd", "boundary", mandate=2,
                 effects=[{"kind": "reveal", "stressor": "water"}, {"kind": "stress", "delta": -15}]),
            card("regel", "wt", "rule", effects=[{"kind": "stress", "delta": -15}]),
        ],
        events=events,
        scoring={"thresholds": {"stable_leg": 4, "stable_rounds": 1}},
    )


@pytest.fixture(scope="module")
def seeds():
    return game_seeds(0, GAMES)


def test_the_expert_stabilises_every_game_and_naive_too(seeds):
    sc = _tiny()
    assert depth.stabiel_count(sc, seeds, depth.everyone(lambda s: depth.make_policy("expert", s))) == GAMES
    assert depth.stabiel_count(sc, seeds, depth.everyone(lambda s: depth.make_policy("naive", s))) == GAMES


def test_information_value_is_all_when_the_reveal_card_is_needed(seeds):
    v = depth.information_value(_tiny(), seeds)
    assert v["difference"] == 1.0 and v["with"]["rate"] == 1.0 and v["without"]["rate"] == 0.0
    # Newcombe: 1 - sqrt((1 - wilson_low(6/6))^2 + wilson_high(0/6)^2), and Wilson(6/6) = (0.6097, 1).
    assert v["low"] == pytest.approx(1 - ((1 - 0.6097) ** 2 + 0.3903 ** 2) ** 0.5, abs=1e-3)
    assert v["high"] == 1.0


def test_rule_card_value_is_all_when_the_rule_card_is_needed(seeds):
    v = depth.rule_card_value(_tiny(), seeds)
    assert (v["difference"], v["without"]["stabiel"]) == (1.0, 0)


def test_card_dependence_names_the_first_card_without_which_nothing_works(seeds):
    v = depth.card_dependence(_tiny(), seeds)
    assert v["rate"] == 0.0 and v["card"] == "delen"  # both are needed; ties go to the first in file order
    assert v["per_card"] == {"delen": 0.0, "regel": 0.0}
    assert v["high"] > 0.0 and v["low"] == 0.0


def test_recovery_after_a_week_by_the_book(seeds):
    # By the book, week 1 plays nothing here (delen is a boundary card); the expert does both in week 2.
    assert depth.recovery(_tiny(), seeds)["rate"] == 1.0
    # If the person derails at the start of week 2 unless the rule is in force, that week was too late.
    assert depth.recovery(_tiny(crisis_without_rule_in_round_2=True), seeds)["rate"] == 0.0


def test_mandate_sensitivity_one_token_fewer_takes_the_sharing_card_away(seeds):
    v = depth.mandate_sensitivity(_tiny(), seeds)
    for name in ("expert", "naive"):
        assert v[name]["minus_one"]["rate"] == 0.0
        assert v[name]["plus_one"]["rate"] == 1.0


def test_changed_scenarios_leave_the_original_alone():
    sc = _tiny()
    assert [c.id for c in depth.without_card(sc, "regel").cards] == ["delen"]
    assert [a.mandate for a in depth.with_mandate(sc, -3).agencies] == [0, 0, 0]
    assert [c.id for c in sc.cards] == ["delen", "regel"] and [a.mandate for a in sc.agencies] == [2, 2, 2]


def test_balance_json_has_a_depth_section_with_every_measure():
    rep = run_balance(_tiny(), games=GAMES, seed=0, workers=1, policies=("protocol", "grensverlegger", "naive", "expert"))
    d = rep["depth"]
    assert {"recovery", "information_value", "rule_card_value", "card_dependence", "mandate_sensitivity"} <= set(d)
    assert d["games"] == GAMES and d["rule_card_value"]["difference"] == 1.0
    assert "depth" not in run_balance(_tiny(), games=GAMES, seed=0, workers=1, policies=("protocol", "grensverlegger"))
