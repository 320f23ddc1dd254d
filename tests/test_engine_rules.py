"""The rules of a round: phases, turns, joint cards, mandaat, play limits, events, the end, the facilitator.

Built on the neutral kit scenario (see `builders.py`): agencies sd, wt, pol in
that turn order, capacity 3 and mandaat 2 each; stress 50, legs 5/5/5; a
Verwerking that changes nothing unless a test sets the scoring weights.
"""

from __future__ import annotations

import pytest
from builders import T, card, end_round, event, evolve, log_kinds, make, play, rounds_later, run, to_acties, turn_of

from sim.core import engine
from sim.core.engine import IllegalActionError
from sim.core.state import Adjust, InjectEvent, JointAction, NextPhase, Outcome, Pass, Phase, PlayCard
from sim.i18n import reason_text
from sim.scenario.loader import ScenarioError


def _events_by_round(sc, st):
    """Play the game out with everyone passing; the events of each round's event phase."""
    seen = {st.round: st.round_events}
    while st.outcome is None:
        st = end_round(sc, st)
        if st.outcome is None:
            seen[st.round] = st.round_events
    return seen, st


# ---------------------------------------------------------------------------------
# Phases and turns
# ---------------------------------------------------------------------------------


def test_a_new_game_waits_in_the_event_phase_of_round_1():
    sc = make()
    st = engine.new_game(sc, 0)
    assert (st.round, st.phase) == (1, Phase.GEBEURTENIS)
    assert [s.round for s in st.history] == [0]
    assert engine.legal_actions(sc, st) == [NextPhase()]
    assert not engine.is_over(st) and engine.outcome(st) is None


def test_a_round_runs_gebeurtenis_overleg_acties_verwerking_then_the_next_round():
    sc = make()
    st = engine.new_game(sc, 0)
    st = engine.apply(sc, st, NextPhase())
    assert st.phase is Phase.OVERLEG
    st = engine.apply(sc, st, NextPhase())
    assert st.phase is Phase.ACTIES and st.active_agency == "sd"
    st = engine.apply(sc, st, Pass("sd"))
    assert st.active_agency == "wt"
    st = engine.apply(sc, st, Pass("wt"))
    assert st.active_agency == "pol"
    n = len(st.log)
    st = engine.apply(sc, st, Pass("pol"))
    assert (st.round, st.phase, st.active_agency) == (2, Phase.GEBEURTENIS, None)
    verwerking = [e for e in st.log[n:] if e.kind == "log.verwerking"]
    assert [(e.round, e.phase) for e in verwerking] == [(1, Phase.VERWERKING)]
    assert [s.round for s in st.history] == [0, 1]


def test_cards_are_refused_in_the_event_phase():
    sc = make(cards=[card("c")])
    reason = engine.why_not(sc, engine.new_game(sc, 0), PlayCard("sd", "c"))
    assert reason.key == "why.wrong_phase"


def test_only_joint_and_rule_cards_in_the_case_conference():
    sc = make(cards=[
        card("gewoon"),
        card("samen", agency="wt", type="joint", partners=["sd"]),
        card("regel", agency="pol", type="rule", modifiers=[{"kind": "capacity", "delta": 0}]),
    ])
    st = engine.apply(sc, engine.new_game(sc, 0), NextPhase())
    assert engine.why_not(sc, st, PlayCard("sd", "gewoon")).key == "why.overleg_only_joint"
    assert engine.why_not(sc, st, PlayCard("wt", "samen")) is None
    assert engine.why_not(sc, st, PlayCard("pol", "regel")) is None
    assert engine.legal_actions(sc, st) == [NextPhase(), PlayCard("wt", "samen"), PlayCard("pol", "regel")]


def test_next_phase_is_not_a_move_in_the_action_phase():
    sc = make()
    st = to_acties(sc, engine.new_game(sc, 0))
    assert engine.why_not(sc, st, NextPhase()).key == "why.not_legal"
    assert NextPhase() not in engine.legal_actions(sc, st)


def test_pass_outside_the_action_phase_is_refused():
    sc = make()
    st = engine.apply(sc, engine.new_game(sc, 0), NextPhase())
    assert engine.why_not(sc, st, Pass("sd")).key == "why.wrong_phase"


def test_only_the_active_agency_may_pass_or_play():
    sc = make(cards=[card("c", agency="pol")])
    st = to_acties(sc, engine.new_game(sc, 0))
    for action in (Pass("pol"), PlayCard("pol", "c")):
        reason = engine.why_not(sc, st, action)
        assert reason.key == "why.not_your_turn"
        assert "De sociale dienst" in reason_text(reason, "nl", sc) and "de politie" in reason_text(reason, "nl", sc)


def test_a_card_played_under_another_agencys_name_is_unknown():
    sc = make(cards=[card("c", agency="wt")])
    st = to_acties(sc, engine.new_game(sc, 0))
    assert engine.why_not(sc, st, PlayCard("sd", "c")).key == "why.unknown_card"
    assert engine.why_not(sc, st, PlayCard("sd", "bestaat_niet")).key == "why.unknown_card"


def test_legal_actions_are_the_active_agencys_playable_cards_then_pass():
    sc = make(cards=[
        card("kan"),
        card("te_duur", cost=4),
        card("niet_nu", conditions=[{"kind": "round", "min": 2}]),
        card("van_wt", agency="wt"),
    ])
    st = to_acties(sc, engine.new_game(sc, 0))
    assert engine.legal_actions(sc, st) == [PlayCard("sd", "kan"), Pass("sd")]
    assert engine.why_not(sc, st, PlayCard("sd", "te_duur")).key == "why.no_capacity"


def test_capacity_and_once_per_round_reset_at_the_start_of_a_round():
    sc = make(cards=[card("c", cost=2, max_plays=0)])
    st = play(sc, engine.new_game(sc, 0), "c")
    assert st.capacity[0] == 1
    assert st.played_this_round == frozenset({"c"})
    st = end_round(sc, st)
    assert st.capacity == (3, 3, 3)
    assert st.played_this_round == frozenset()


def test_turns_go_over_the_agencies_in_play_only():
    sc = make(cards=[card("c", agency="wt")])
    st = engine.new_game(sc, 0, in_play=["sd", "pol"])
    assert st.in_play == ("sd", "pol")
    st = to_acties(sc, st)
    assert st.active_agency == "sd"
    st = engine.apply(sc, st, Pass("sd"))
    assert st.active_agency == "pol"
    assert engine.why_not(sc, st, PlayCard("wt", "c")).key == "why.not_in_play"
    st = engine.apply(sc, st, Pass("pol"))
    assert (st.round, st.phase) == (2, Phase.GEBEURTENIS)


def test_a_game_with_nobody_at_the_table_still_runs_its_rounds():
    sc = make(rounds=2)
    st = engine.new_game(sc, 0, in_play=[])
    st = run(sc, st, NextPhase(), NextPhase())
    assert st.round == 2
    st = run(sc, st, NextPhase(), NextPhase())
    assert st.outcome is Outcome.KWETSBAAR


# ---------------------------------------------------------------------------------
# Joint cards, mandaat, play limits
# ---------------------------------------------------------------------------------


_JOINT = card("samen", agency="wt", type="joint", partners=["sd"], partner_cost=2, effects=[{"kind": "stress", "delta": -5}])


def test_a_joint_card_spends_the_partners_capacity_too():
    sc = make(cards=[_JOINT])
    st = play(sc, engine.new_game(sc, 0), "samen")
    assert st.capacity == (1, 2, 3)  # sd pays partner_cost 2, wt the card's cost 1
    assert st.joints == (JointAction(1, "samen", ("wt", "sd")),)
    assert st.stress == 45.0
    assert st.log[-1].kind == "log.joint"


def test_a_joint_card_can_be_agreed_in_the_case_conference():
    sc = make(cards=[_JOINT])
    st = engine.apply(sc, engine.new_game(sc, 0), NextPhase())
    st = engine.apply(sc, st, PlayCard("wt", "samen"))
    assert st.phase is Phase.OVERLEG
    assert st.capacity == (1, 2, 3)


def test_a_joint_card_needs_its_partner_at_the_table():
    sc = make(cards=[_JOINT])
    st = turn_of(sc, engine.new_game(sc, 0, in_play=["wt", "pol"]), "wt")
    reason = engine.why_not(sc, st, PlayCard("wt", "samen"))
    assert reason.key == "why.partner_absent"
    assert "sociale dienst" in reason_text(reason, "nl", sc) and "social services" in reason_text(reason, "en", sc)


def test_a_joint_card_needs_partner_capacity():
    sc = make(cards=[_JOINT])
    st = turn_of(sc, engine.new_game(sc, 0), "wt")
    reason = engine.why_not(sc, evolve(st, capacity=(1, 3, 3)), PlayCard("wt", "samen"))
    assert reason.key == "why.partner_busy"
    assert (reason.params["need"], reason.params["have"]) == (2, 1)


def test_a_partner_listed_twice_cannot_overdraw_capacity():
    twice = card("samen", agency="wt", type="joint", partners=["sd", "sd"], partner_cost=2)
    try:
        sc = make(cards=[twice])
    except ScenarioError:
        return  # refusing the file is a fine answer too
    st = turn_of(sc, engine.new_game(sc, 0), "wt")
    if engine.why_not(sc, st, PlayCard("wt", "samen")) is None:
        st = engine.apply(sc, st, PlayCard("wt", "samen"))
    assert min(st.capacity) >= 0


def test_a_boundary_card_spends_mandaat_and_is_recorded_as_a_crossing():
    sc = make(cards=[card("grens", type="boundary", mandate=1, effects=[{"kind": "stress", "delta": -4}])])
    st = play(sc, engine.new_game(sc, 0), "grens")
    assert st.mandate == (1, 2, 2)
    assert [(c.round, c.agency, c.card, c.stress_before) for c in st.crossings] == [(1, "sd", "grens", 50.0)]


def test_a_boundary_card_without_mandaat_left_is_refused():
    sc = make(cards=[card("grens", type="boundary", mandate=1)])
    st = to_acties(sc, engine.new_game(sc, 0))
    reason = engine.why_not(sc, evolve(st, mandate=(0, 2, 2)), PlayCard("sd", "grens"))
    assert reason.key == "why.no_mandate"
    assert (reason.params["need"], reason.params["have"]) == (1, 0)


def test_an_in_system_card_is_no_crossing():
    sc = make(cards=[card("regels")])
    st = play(sc, engine.new_game(sc, 0), "regels")
    assert st.crossings == () and st.mandate == (2, 2, 2)


def test_max_plays_limits_a_card_over_the_game():
    sc = make(cards=[card("c", max_plays=2)])
    st = play(sc, engine.new_game(sc, 0), "c")
    st = play(sc, end_round(sc, st), "c")
    assert st.times_played("c") == 2
    st = to_acties(sc, end_round(sc, st))
    reason = engine.why_not(sc, st, PlayCard("sd", "c"))
    assert reason.key == "why.used_up" and reason.params["max"] == 2


def test_a_card_is_played_once_by_default():
    sc = make(cards=[card("c")])
    st = to_acties(sc, end_round(sc, play(sc, engine.new_game(sc, 0), "c")))
    assert engine.why_not(sc, st, PlayCard("sd", "c")).key == "why.used_up_once"


def test_an_unlimited_card_is_still_played_at_most_once_a_round():
    sc = make(cards=[card("c", max_plays=0)])
    st = play(sc, engine.new_game(sc, 0), "c")
    assert engine.why_not(sc, st, PlayCard("sd", "c")).key == "why.played_this_round"
    st = to_acties(sc, end_round(sc, st))
    assert engine.why_not(sc, st, PlayCard("sd", "c")) is None


# ---------------------------------------------------------------------------------
# Events: scheduled, drawn, triggered
# ---------------------------------------------------------------------------------


def test_scheduled_events_happen_in_their_rounds_only():
    sc = make(events=[event("post", rounds=[2, 4], effects=[{"kind": "stress", "delta": 1}])])
    seen, st = _events_by_round(sc, engine.new_game(sc, 0))
    assert {r: ev for r, ev in seen.items() if ev} == {2: ("post",), 4: ("post",)}
    assert st.stress == 52.0


def test_a_scheduled_event_whose_conditions_fail_is_skipped():
    sc = make(events=[event("post", rounds=[1], conditions=[{"kind": "flag", "flag": "brief"}],
                            effects=[{"kind": "stress", "delta": 10}])])
    st = engine.new_game(sc, 0)
    assert st.round_events == ()
    assert st.stress == 50.0
    assert "log.event_skipped" in log_kinds(st)


_DECK = [
    event("a", deck=2, effects=[{"kind": "kpi", "delta": 1, "agency": "sd"}]),
    event("b", deck=1, effects=[{"kind": "kpi", "delta": 1, "agency": "wt"}]),
]


def test_one_event_is_drawn_each_round_until_the_deck_is_empty():
    sc = make(events=_DECK)  # 3 copies, 6 rounds
    seen, st = _events_by_round(sc, engine.new_game(sc, 5))
    assert [len(seen[r]) for r in range(1, 7)] == [1, 1, 1, 0, 0, 0]
    drawn = [e for r in range(1, 4) for e in seen[r]]
    assert sorted(drawn) == ["a", "a", "b"]
    assert dict(st.drawn) == {"a": 2, "b": 1}
    assert st.kpi[:2] == (52.0, 51.0)


def test_the_draws_follow_the_seed():
    sc = make(events=_DECK)
    orders = {}
    for seed in range(12):
        seen, _ = _events_by_round(sc, engine.new_game(sc, seed))
        again, _ = _events_by_round(sc, engine.new_game(sc, seed))
        assert seen == again
        orders[seed] = tuple(e for r in sorted(seen) for e in seen[r])
    assert len(set(orders.values())) > 1, "every seed drew the deck in the same order"


def test_a_deck_event_whose_conditions_fail_is_not_drawn():
    sc = make(events=[event("brief_event", deck=5, conditions=[{"kind": "flag", "flag": "brief"}])])
    seen, _ = _events_by_round(sc, engine.new_game(sc, 0))
    assert all(ev == () for ev in seen.values())


def _trigger_scenario(once=True):
    return make(
        cards=[card("druk", effects=[{"kind": "stress", "delta": 15}])],
        events=[event("melding", trigger=[{"kind": "stress", "min": 60}], once=once, responder="pol",
                      effects=[{"kind": "kpi", "delta": 1}])],
    )


def test_a_triggered_event_queues_in_the_verwerking_and_fires_next_round():
    sc = _trigger_scenario()
    st = play(sc, engine.new_game(sc, 0), "druk")  # stress 65 in round 1's actions
    assert st.queued == ()
    st = end_round(sc, st)
    assert st.round == 2
    assert st.round_events == ("melding",)
    assert st.kpi == (50.0, 50.0, 51.0)  # its effect went to the responder


def test_a_triggered_event_fires_once_by_default():
    sc = _trigger_scenario(once=True)
    st = rounds_later(sc, play(sc, engine.new_game(sc, 0), "druk"), 3)
    assert st.stress == 65.0  # the trigger still holds...
    assert st.kpi[2] == 51.0  # ...but it fired only once


def test_a_triggered_event_with_once_false_fires_every_round_it_holds():
    sc = _trigger_scenario(once=False)
    st = rounds_later(sc, play(sc, engine.new_game(sc, 0), "druk"), 3)
    assert st.round == 4
    assert st.kpi[2] == 53.0  # rounds 2, 3 and 4


def test_eviction_follows_a_notice_after_two_rounds():
    sc = make(
        cards=[card("aanzeggen", agency="pol", effects=[{"kind": "flag", "flag": "aangezegd"}])],
        events=[event("ontruiming", trigger=[{"kind": "flag", "flag": "aangezegd", "rounds": 2}],
                      effects=[{"kind": "crisis", "cost": "ontruiming"}])],
    )
    st = play(sc, engine.new_game(sc, 0), "aanzeggen")  # set in round 1
    st = rounds_later(sc, st, 2)  # Verwerking of rounds 1 and 2: too recent
    assert st.round == 3 and st.outcome is None
    st = end_round(sc, st)  # Verwerking of round 3 queues it; round 4 starts with it
    assert st.round == 4
    assert st.outcome is Outcome.CRISIS and st.end_reason == "ontruiming"


# ---------------------------------------------------------------------------------
# The end of the game
# ---------------------------------------------------------------------------------


def test_stress_reaching_the_crisis_level_in_the_verwerking_ends_in_crisis():
    # load = 1*2 + 1*1 = 3 severity points, times 5: +15 a round.
    sc = make(person={"stress": 90}, scoring={"stress_per_severity": 5, "stress_crisis_cost": "opname"})
    st = end_round(sc, engine.new_game(sc, 0))
    assert st.outcome is Outcome.CRISIS
    assert (st.round, st.phase, st.end_reason) == (1, Phase.EINDE, "stress")
    assert st.stress == 100.0
    assert tuple(st.crisis_costs) == (("opname", 30000.0),)
    assert st.history[-1].round == 1 and st.history[-1].crisis_cost == 30000.0


def test_the_crisis_level_comes_from_the_scenario():
    sc = make(person={"stress": 70}, scoring={"stress_per_severity": 5, "thresholds": {"crisis": 85}})
    st = end_round(sc, engine.new_game(sc, 0))
    assert st.outcome is Outcome.CRISIS and st.stress == 85.0
    assert st.crisis_cost == 0.0  # no stress_crisis_cost given


def test_a_terminal_event_ends_the_game_in_crisis_with_its_cost():
    sc = make(events=[event("uithuisplaatsing", rounds=[2], effects=[{"kind": "crisis", "cost": "ontruiming"}])])
    st = end_round(sc, engine.new_game(sc, 0))
    assert st.outcome is Outcome.CRISIS
    assert (st.round, st.end_reason, st.crisis_cost) == (2, "ontruiming", 40000.0)
    assert engine.legal_actions(sc, st) == []


_CALM = dict(
    person={"stress": 20, "legs": {"meedoen": 7, "leefomgeving": 7, "continuiteit": 7}},
    stressors=[{"id": "schulden", "name": T("Schulden", "Debts"), "leg": "leefomgeving", "severity": 0}],
)


def test_two_stable_rounds_running_end_the_game_stabiel():
    sc = make(**_CALM)
    st = end_round(sc, engine.new_game(sc, 0))
    assert st.outcome is None and st.stable_streak == 1
    st = end_round(sc, st)
    assert st.outcome is Outcome.STABIEL
    assert (st.round, st.end_reason) == (2, "stabilised")


def test_stabilisation_needs_stable_rounds_running():
    sc = make(cards=[card("op", max_plays=0, effects=[{"kind": "stress", "delta": 20}]),
                     card("af", agency="wt", max_plays=0, effects=[{"kind": "stress", "delta": -20}])], **_CALM)
    st = end_round(sc, engine.new_game(sc, 0))  # round 1 stable
    st = end_round(sc, play(sc, st, "op"))  # round 2 at stress 40: streak broken
    assert st.stable_streak == 0 and st.outcome is None
    st = end_round(sc, play(sc, st, "af"))  # round 3 stable again
    assert st.outcome is None
    st = end_round(sc, st)  # round 4: two running
    assert (st.outcome, st.round) == (Outcome.STABIEL, 4)


def test_stabilisation_counts_the_scenarios_stable_rounds():
    sc = make(**_CALM, scoring={"thresholds": {"stable_rounds": 3}})
    st = rounds_later(sc, engine.new_game(sc, 0), 2)
    assert st.outcome is None
    assert end_round(sc, st).outcome is Outcome.STABIEL


def test_stabilisation_needs_every_leg_strong_enough():
    sc = make(**{**_CALM, "person": {"stress": 20, "legs": {"meedoen": 7, "leefomgeving": 7, "continuiteit": 5.9}}})
    st = rounds_later(sc, engine.new_game(sc, 0), 6)
    assert st.outcome is Outcome.KWETSBAAR and st.end_reason == "rounds"


def test_after_the_last_round_an_unstable_person_is_kwetsbaar():
    sc = make(rounds=3)
    st = rounds_later(sc, engine.new_game(sc, 0), 2)
    assert st.outcome is None and st.round == 3
    st = end_round(sc, st)
    assert (st.outcome, st.end_reason, st.round, st.phase) == (Outcome.KWETSBAAR, "rounds", 3, Phase.EINDE)


def test_after_the_last_round_a_person_stable_now_is_stabiel():
    sc = make(rounds=3, **_CALM, scoring={"thresholds": {"stable_rounds": 5}})
    st = rounds_later(sc, engine.new_game(sc, 0), 3)
    assert (st.outcome, st.end_reason, st.round) == (Outcome.STABIEL, "rounds", 3)


def _ended_by(way):
    if way == "stress":
        sc = make(person={"stress": 90}, scoring={"stress_per_severity": 5})
        return end_round(sc, engine.new_game(sc, 0))
    if way == "stabilised":
        sc = make(**_CALM)
        return rounds_later(sc, engine.new_game(sc, 0), 2)
    if way == "rounds":
        sc = make(rounds=1)
        return end_round(sc, engine.new_game(sc, 0))
    if way == "crisis card":
        sc = make(cards=[card("c", effects=[{"kind": "crisis", "cost": "opname"}])])
        return play(sc, engine.new_game(sc, 0), "c")
    if way == "crisis event":
        sc = make(events=[event("e", rounds=[1], effects=[{"kind": "crisis", "cost": "opname"}])])
        return engine.new_game(sc, 0)
    raise AssertionError(way)


@pytest.mark.parametrize("way", [
    "stress", "stabilised", "rounds",
    "crisis card",
    "crisis event",
])
def test_the_log_says_when_and_how_the_game_ended(way):
    st = _ended_by(way)
    assert st.outcome is not None
    ends = [e for e in st.log if e.kind == "log.end"]
    assert [e.ref for e in ends] == [st.outcome.value]


# ---------------------------------------------------------------------------------
# Illegal actions
# ---------------------------------------------------------------------------------


def test_an_illegal_action_raises_with_the_reason():
    sc = make(cards=[card("c", cost=5)])
    st = to_acties(sc, engine.new_game(sc, 0))
    with pytest.raises(IllegalActionError) as info:
        engine.apply(sc, st, PlayCard("sd", "c"))
    assert isinstance(info.value, ValueError)
    assert info.value.reason.key == "why.no_capacity"
    assert "why.no_capacity" in str(info.value)  # the core names the key; the text is made at the edge


def test_nothing_is_legal_after_the_end():
    sc = make(rounds=1, events=[event("e")])
    st = end_round(sc, engine.new_game(sc, 0))
    assert engine.is_over(st)
    assert engine.legal_actions(sc, st) == []
    for action in (NextPhase(), Pass("sd"), InjectEvent("e"), Adjust("stress", 1, "te laat")):
        with pytest.raises(IllegalActionError) as info:
            engine.apply(sc, st, action)
        assert info.value.reason.key == "why.game_over"


# ---------------------------------------------------------------------------------
# The facilitator
# ---------------------------------------------------------------------------------


_BAILIFF = event("deurwaarder", effects=[{"kind": "stress", "delta": 7}, {"kind": "leg", "leg": "meedoen", "delta": -1}])


@pytest.mark.parametrize("phase_steps", [0, 1, 2])
def test_the_facilitator_can_inject_an_event_in_any_phase(phase_steps):
    sc = make(events=[_BAILIFF])
    st = run(sc, engine.new_game(sc, 0), *[NextPhase()] * phase_steps)
    after = engine.apply(sc, st, InjectEvent("deurwaarder"))
    assert after.stress == st.stress + 7
    assert after.legs[0] == st.legs[0] - 1
    assert after.phase is st.phase and after.round == st.round
    assert after.log[-1].kind == "log.inject" and after.log[-1].ref == "deurwaarder"
    assert dict(after.drawn) == dict(st.drawn)  # not a draw from the deck
    assert after.actions[-1] == InjectEvent("deurwaarder")


def test_injecting_an_unknown_event_is_refused():
    sc = make()
    assert engine.why_not(sc, engine.new_game(sc, 0), InjectEvent("niets")).key == "why.unknown_event"


def test_an_adjustment_is_applied_and_logged_with_its_reason():
    sc = make()
    st = engine.new_game(sc, 0)
    after = engine.apply(sc, st, Adjust("stress", -10, "gesprek met de buurvrouw"))
    assert after.stress == 40.0
    entry = after.log[-1]
    assert (entry.kind, entry.ref, entry.note) == ("log.adjust", "stress", "gesprek met de buurvrouw")
    assert [(c.figure, c.before, c.after) for c in entry.changes] == [("stress", 50.0, 40.0)]


@pytest.mark.parametrize(
    "adjust, figure",
    [
        (Adjust("leg", 2, "r", key="meedoen"), lambda s: s.legs[0]),
        (Adjust("stressor", -1, "r", key="schulden"), lambda s: s.severity[0]),
        (Adjust("trust", 1, "r", key="pol"), lambda s: s.trust[2]),
        (Adjust("kpi", 5, "r", key="wt"), lambda s: s.kpi[1]),
        (Adjust("mandate", 1, "r", key="sd"), lambda s: s.mandate[0]),
        (Adjust("capacity", -1, "r", key="wt"), lambda s: s.capacity[1]),
    ],
)
def test_every_adjustable_figure_moves_by_the_delta(adjust, figure):
    sc = make()
    st = engine.new_game(sc, 0)
    assert figure(engine.apply(sc, st, adjust)) == figure(st) + adjust.delta


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_adjustment_without_a_reason_is_refused(reason):
    sc = make()
    st = engine.new_game(sc, 0)
    with pytest.raises(IllegalActionError) as info:
        engine.apply(sc, st, Adjust("stress", 5, reason))
    assert info.value.reason.key == "why.no_reason"


@pytest.mark.parametrize("adjust", [
    Adjust("humeur", 1, "r"),
    Adjust("leg", 1, "r", key="geluk"),
    Adjust("trust", 1, "r"),  # which agency?
    Adjust("stressor", 1, "r", key="onbekend"),
    Adjust("stress", 1, "r", key="sd"),
])
def test_an_adjustment_of_an_unknown_figure_is_refused(adjust):
    sc = make()
    reason = engine.why_not(sc, engine.new_game(sc, 0), adjust)
    assert reason.key == "why.unknown_figure"


def test_an_adjustment_to_crisis_level_ends_the_game():
    sc = make(scoring={"stress_crisis_cost": "opname"})
    st = engine.apply(sc, engine.new_game(sc, 0), Adjust("stress", 60, "escalatie"))
    assert st.stress == 100.0
    assert (st.outcome, st.end_reason, st.crisis_cost) == (Outcome.CRISIS, "stress", 30000.0)


@pytest.mark.parametrize("adjust, effect", [
    (Adjust("stress", float("nan"), "typfout"), "is accepted and stress becomes NaN (out of 0-100; never a crisis)"),
    (Adjust("leg", float("nan"), "typfout", key="meedoen"), "is accepted and the leg becomes NaN"),
    (Adjust("stressor", float("inf"), "typfout", key="schulden"), "passes why_not, then apply raises OverflowError"),
    (Adjust("stress", "5", "typfout"), "passes why_not, then apply raises TypeError"),
], ids=["stress-nan", "leg-nan", "stressor-inf", "stress-text"])
def test_an_adjustment_by_something_other_than_a_finite_number_is_refused(adjust, effect):
    sc = make()
    st = engine.new_game(sc, 0)
    reason = engine.why_not(sc, st, adjust)
    assert reason is not None
    with pytest.raises(IllegalActionError):
        engine.apply(sc, st, adjust)


def test_an_adjustment_whose_reason_is_not_text_is_refused():
    sc = make()
    st = engine.new_game(sc, 0)
    reason = engine.why_not(sc, st, Adjust("stress", 1, 5))
    assert reason is not None and reason.key == "why.no_reason"
