"""One test per rule-card modifier kind, and how long a rule stays in force.

The rule card `regel` belongs to the wijkteam (`wt`) and costs no capacity, so
capacity sums stay simple; it is played in the case conference (overleg) of
round 1, before the sociale dienst (`sd`, first in turn order) acts.
"""

from __future__ import annotations

import pytest
from builders import card, end_round, event, log_kinds, make, play, rounds_later, to_acties

from sim.core import engine
from sim.core.model import MODIFIER_KINDS
from sim.core.state import InjectEvent, NextPhase, Phase, PlayCard


def _rule(modifiers, **fields):
    return card("regel", agency="wt", type="rule", cost=0, modifiers=list(modifiers), **fields)


def _in_force(sc, in_play=None):
    """Round 1's case conference, right after the wijkteam put `regel` in force."""
    st = engine.apply(sc, engine.new_game(sc, 0, in_play), NextPhase())
    assert st.phase is Phase.OVERLEG
    return engine.apply(sc, st, PlayCard("wt", "regel"))


def test_every_modifier_kind_has_a_test_here():
    # forbid: tests/test_format_kinds.py
    tested = {"cancel_events", "cost", "capacity", "mandate", "boundary_bonus", "no_delay", "forbid"}
    assert set(MODIFIER_KINDS) == tested


# -- cancel_events ------------------------------------------------------------------


_EVICTION = event("uitzetting", rounds=[2], tags=["ontruiming"], effects=[{"kind": "stress", "delta": 10}])
_NOISE = event("buren", rounds=[2], effects=[{"kind": "stress", "delta": 5}])


def test_without_the_rule_the_tagged_event_has_its_effect():
    sc = make(cards=[_rule([{"kind": "cancel_events", "tag": "ontruiming"}])], events=[_EVICTION])
    st = rounds_later(sc, engine.new_game(sc, 0), 1)
    assert st.round_events == ("uitzetting",)
    assert st.stress == 60.0


def test_cancel_events_takes_the_effect_off_tagged_events():
    sc = make(cards=[_rule([{"kind": "cancel_events", "tag": "ontruiming"}])], events=[_EVICTION, _NOISE])
    st = rounds_later(sc, _in_force(sc), 1)
    assert st.round == 2
    assert set(st.round_events) == {"uitzetting", "buren"}  # both happen on screen...
    assert st.stress == 55.0  # ...but only the untagged one counts
    assert "log.event_cancelled" in log_kinds(st)


def test_cancel_events_also_stops_an_injected_tagged_event():
    sc = make(cards=[_rule([{"kind": "cancel_events", "tag": "ontruiming"}])], events=[_EVICTION])
    st = engine.apply(sc, _in_force(sc), InjectEvent("uitzetting"))
    assert st.stress == 50.0
    assert st.log[-1].kind == "log.event_cancelled"


# -- cost ---------------------------------------------------------------------------


def test_cost_modifier_makes_matching_cards_cheaper():
    sc = make(cards=[
        _rule([{"kind": "cost", "delta": -1, "cards": {"agency": "sd"}}]),
        card("duur", cost=2),
        card("ander", agency="pol", cost=2),
    ])
    st = _in_force(sc)
    assert engine.card_cost(sc, st, sc.card_by_id["duur"]) == 1
    assert engine.card_cost(sc, st, sc.card_by_id["ander"]) == 2
    st = play(sc, st, "duur")
    assert st.capacity[0] == 3 - 1


def test_cost_modifier_never_makes_a_card_cost_less_than_zero():
    sc = make(cards=[_rule([{"kind": "cost", "delta": -5}]), card("duur", cost=2)])
    st = _in_force(sc)
    assert engine.card_cost(sc, st, sc.card_by_id["duur"]) == 0
    assert play(sc, st, "duur").capacity[0] == 3


def test_cost_modifier_can_make_a_card_too_expensive():
    sc = make(cards=[_rule([{"kind": "cost", "delta": 2, "cards": {"card": "duur"}}]), card("duur", cost=2)])
    st = to_acties(sc, _in_force(sc))
    reason = engine.why_not(sc, st, PlayCard("sd", "duur"))
    assert reason.key == "why.no_capacity"
    assert reason.params["need"] == 4 and reason.params["have"] == 3


@pytest.mark.parametrize(
    "selector, cheaper",
    [
        ({}, {"a", "b", "c"}),
        ({"card": "b"}, {"b"}),
        ({"agency": "pol"}, {"c"}),
        ({"type": "boundary"}, {"b"}),
        ({"tag": "wachtlijst"}, {"a", "c"}),
        ({"agency": "sd", "tag": "wachtlijst"}, {"a"}),  # every given field must match
    ],
)
def test_cost_modifier_selector_picks_cards(selector, cheaper):
    sc = make(cards=[
        _rule([{"kind": "cost", "delta": -1, "cards": selector}]),
        card("a", cost=2, tags=["wachtlijst"]),
        card("b", type="boundary", cost=2),
        card("c", agency="pol", cost=2, tags=["wachtlijst"]),
    ])
    st = _in_force(sc)
    got = {cid for cid in "abc" if engine.card_cost(sc, st, sc.card_by_id[cid]) == 1}
    assert got == cheaper


# -- capacity -----------------------------------------------------------------------


def test_capacity_modifier_adds_capacity_at_once_and_each_round():
    sc = make(cards=[_rule([{"kind": "capacity", "delta": 1, "agency": "wt"}])])
    st = _in_force(sc)
    assert st.capacity == (3, 4, 3)
    st = rounds_later(sc, st, 1)
    assert st.round == 2
    assert st.capacity == (3, 4, 3)


def test_capacity_modifier_without_agency_applies_to_everyone_in_play():
    sc = make(cards=[_rule([{"kind": "capacity", "delta": 2}])])
    st = rounds_later(sc, _in_force(sc, in_play=["sd", "wt"]), 1)
    assert st.capacity[:2] == (5, 5)


# -- mandate ------------------------------------------------------------------------


def test_mandate_modifier_gives_tokens_once_when_the_rule_comes_into_force():
    sc = make(cards=[_rule([{"kind": "mandate", "amount": 1}])])
    st = _in_force(sc)
    assert st.mandate == (3, 3, 3)
    assert rounds_later(sc, st, 2).mandate == (3, 3, 3)  # not again each round


def test_mandate_modifier_for_one_agency():
    sc = make(cards=[_rule([{"kind": "mandate", "amount": 2, "agency": "sd"}])])
    assert _in_force(sc).mandate == (4, 2, 2)


def test_mandate_modifier_skips_agencies_not_in_play():
    sc = make(cards=[_rule([{"kind": "mandate", "amount": 1}])])
    assert _in_force(sc, in_play=["sd", "wt"]).mandate == (3, 3, 2)


# -- boundary_bonus -----------------------------------------------------------------


_LOWERS = [{"kind": "stressor", "stressor": "schulden", "delta": -1}]


def _bonus_scenario(bonus):
    return make(cards=[
        _rule([{"kind": "boundary_bonus", **bonus}]),
        card("grens", type="boundary", effects=_LOWERS),
        card("mandaat", mandate=1, effects=_LOWERS),  # spends mandaat: a crossing too
        card("regels", effects=_LOWERS),
        card("grens_kpi", agency="pol", type="boundary", effects=[{"kind": "kpi", "delta": -1}]),
    ])


@pytest.mark.parametrize("cid", ["grens", "mandaat"])
def test_boundary_bonus_adds_trust_for_a_crossing_that_lowers_a_stressor(cid):
    sc = _bonus_scenario({"trust": 1})
    assert play(sc, _in_force(sc), cid).trust == (4.0, 5.0, 7.0)


def test_no_boundary_bonus_without_the_rule():
    sc = _bonus_scenario({"trust": 1})
    assert play(sc, engine.new_game(sc, 0), "grens").trust == (3.0, 5.0, 7.0)


def test_no_boundary_bonus_for_an_in_system_card():
    sc = _bonus_scenario({"trust": 1})
    assert play(sc, _in_force(sc), "regels").trust == (3.0, 5.0, 7.0)


def test_no_boundary_bonus_for_a_crossing_that_lowers_nothing():
    sc = _bonus_scenario({"trust": 1})
    assert play(sc, _in_force(sc), "grens_kpi").trust == (3.0, 5.0, 7.0)


def test_boundary_bonus_can_take_stress_off():
    sc = _bonus_scenario({"stress": -2})
    st = play(sc, _in_force(sc), "grens")
    assert st.stress == 48.0
    assert st.trust == (3.0, 5.0, 7.0)


# -- no_delay -----------------------------------------------------------------------


def _delay_scenario():
    slow = [{"kind": "stressor", "stressor": "schulden", "delta": -1, "delay": 2}]
    return make(cards=[
        _rule([{"kind": "no_delay", "cards": {"tag": "wachtlijst"}}]),
        card("aanvraag", tags=["wachtlijst"], effects=slow),
        card("anders", agency="pol", effects=[{"kind": "kpi", "delta": 1, "delay": 1}]),
    ])


def test_no_delay_makes_matching_effects_land_at_once():
    sc = _delay_scenario()
    st = play(sc, _in_force(sc), "aanvraag")
    assert st.severity == (1, 1)
    assert st.pending == ()


def test_without_no_delay_the_waiting_list_stays():
    sc = _delay_scenario()
    st = play(sc, engine.new_game(sc, 0), "aanvraag")
    assert st.severity == (2, 1)
    assert len(st.pending) == 1


def test_no_delay_leaves_other_cards_on_the_waiting_list():
    sc = _delay_scenario()
    st = play(sc, _in_force(sc), "anders")
    assert st.kpi == (50.0, 50.0, 50.0)
    assert [p.source for p in st.pending] == ["anders"]


# -- duration -----------------------------------------------------------------------


def _duration_scenario(duration):
    extra = {} if duration is None else {"duration": duration}
    return make(cards=[_rule([{"kind": "cost", "delta": -1}], **extra), card("duur", cost=2)])


def test_rule_with_duration_is_in_force_for_that_many_rounds():
    sc = _duration_scenario(2)
    st = _in_force(sc)
    duur = sc.card_by_id["duur"]
    assert [r.card for r in st.rules] == ["regel"]
    st = rounds_later(sc, st, 1)
    assert st.round == 2
    assert [r.card for r in st.rules] == ["regel"]
    assert engine.card_cost(sc, st, duur) == 1
    n = len(st.log)
    st = rounds_later(sc, st, 1)
    assert st.round == 3
    assert st.rules == ()
    assert engine.card_cost(sc, st, duur) == 2
    expired = [e for e in st.log[n:] if e.kind == "log.rule_expired"]
    assert [(e.round, e.ref) for e in expired] == [(3, "regel")]


def test_rule_with_duration_one_ends_with_its_round():
    sc = _duration_scenario(1)
    st = end_round(sc, _in_force(sc))
    assert st.round == 2 and st.rules == ()


def test_rule_without_duration_stays_for_the_rest_of_the_game():
    sc = _duration_scenario(None)
    st = rounds_later(sc, _in_force(sc), 5)
    assert st.round == 6 and st.outcome is None
    assert [r.card for r in st.rules] == ["regel"]


def test_capacity_returns_to_normal_when_the_rule_expires():
    sc = make(cards=[_rule([{"kind": "capacity", "delta": 1}], duration=1)])
    st = rounds_later(sc, _in_force(sc), 1)
    assert st.capacity == (3, 3, 3)
