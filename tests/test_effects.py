"""One test per effect kind, played from a card of the sociale dienst (`sd`) in round 1.

The kit scenario (see `builders.py`) has a neutral Verwerking, so a figure only
moves because of the effect under test. Start: stress 50, legs 5/5/5,
`schulden` severity 2, `water` severity 1 and hidden, trust sd 3 / wt 5 / pol 7,
KPIs 50, mandate 2 each, no euros spent, crisis costs ontruiming 40000.
"""

from __future__ import annotations

import pytest
from builders import card, end_round, event, log_kinds, make, play, rounds_later, to_acties

from sim.core import engine
from sim.core.model import EFFECT_KINDS
from sim.core.state import Outcome, Phase


def _play_effect(*effects, **overrides):
    """The state right after sd plays a card with these effects, and the state just before."""
    sc = make(cards=[card("c", effects=list(effects))], **overrides)
    before = to_acties(sc, engine.new_game(sc, 0))
    return sc, before, play(sc, before, "c")


def test_every_effect_kind_has_a_test_here():
    # if: tests/test_format_kinds.py
    tested = {"stressor", "reveal", "leg", "stress", "trust", "flag", "euros", "kpi", "mandate", "crisis", "if"}
    assert set(EFFECT_KINDS) == tested


# -- stressor ---------------------------------------------------------------------


@pytest.mark.parametrize("delta, severity", [(-1, 1), (1, 3), (-3, 0), (3, 3)])  # 2 - 3 and 2 + 3 clamp
def test_stressor_effect_changes_severity_clamped_to_0_3(delta, severity):
    _, before, after = _play_effect({"kind": "stressor", "stressor": "schulden", "delta": delta})
    assert before.severity == (2, 1)
    assert after.severity == (severity, 1)


def test_stressor_effect_is_logged_as_a_change():
    _, _, after = _play_effect({"kind": "stressor", "stressor": "schulden", "delta": -2})
    changes = [c for c in after.log[-1].changes if c.figure == "stressor"]
    assert [(c.key, c.before, c.after) for c in changes] == [("schulden", 2, 0)]


# -- reveal -----------------------------------------------------------------------


def test_reveal_effect_makes_a_hidden_stressor_known():
    _, before, after = _play_effect({"kind": "reveal", "stressor": "water"})
    assert before.known == (True, False)
    assert after.known == (True, True)
    assert after.severity == before.severity  # revealing does not change the burden


# -- leg --------------------------------------------------------------------------


@pytest.mark.parametrize("delta, value", [(1.5, 6.5), (-2, 3.0), (7, 10.0), (-7, 0.0)])
def test_leg_effect_changes_one_leg_clamped_to_0_10(delta, value):
    _, _, after = _play_effect({"kind": "leg", "leg": "continuiteit", "delta": delta})
    assert after.legs == (5.0, 5.0, value)


# -- stress -----------------------------------------------------------------------


@pytest.mark.parametrize("delta, value", [(-8, 42.0), (12.5, 62.5), (-80, 0.0)])
def test_stress_effect_changes_stress_clamped_at_0(delta, value):
    _, _, after = _play_effect({"kind": "stress", "delta": delta})
    assert after.stress == value
    assert after.outcome is None


def test_stress_effect_is_clamped_at_100_which_is_a_crisis():
    _, _, after = _play_effect({"kind": "stress", "delta": 70})
    assert after.stress == 100.0
    assert after.outcome is Outcome.CRISIS


# -- trust ------------------------------------------------------------------------


def test_trust_effect_defaults_to_the_acting_agency():
    _, _, after = _play_effect({"kind": "trust", "delta": 2})
    assert after.trust == (5.0, 5.0, 7.0)


def test_trust_effect_on_a_named_agency():
    _, _, after = _play_effect({"kind": "trust", "delta": -2, "agency": "pol"})
    assert after.trust == (3.0, 5.0, 5.0)


@pytest.mark.parametrize("delta, value", [(10, 10.0), (-10, 0.0)])  # past either end: the engine clamps
def test_trust_effect_is_clamped_to_0_10(delta, value):
    _, _, after = _play_effect({"kind": "trust", "delta": delta})
    assert after.trust[0] == value


def test_trust_effect_of_an_event_defaults_to_its_responder():
    sc = make(events=[event("e", rounds=[1], responder="pol", effects=[{"kind": "trust", "delta": -3}])])
    st = engine.new_game(sc, 0)
    assert st.round_events == ("e",)
    assert st.trust == (3.0, 5.0, 4.0)


# -- flag -------------------------------------------------------------------------


def test_flag_effect_sets_a_flag_in_the_current_round():
    _, before, after = _play_effect({"kind": "flag", "flag": "aangezegd"})
    assert before.flag_round("aangezegd") is None
    assert after.flag_round("aangezegd") == 1


def test_flag_effect_clears_a_flag():
    _, before, after = _play_effect({"kind": "flag", "flag": "brief", "set": False}, person={"flags": ["brief"]})
    assert before.flag_round("brief") == 0
    assert after.flag_round("brief") is None


def test_flag_effect_on_a_set_flag_keeps_the_round_it_was_first_set():
    sc = make(cards=[card("c", effects=[{"kind": "flag", "flag": "brief"}])], person={"flags": ["brief"]})
    after = play(sc, engine.new_game(sc, 0), "c")
    assert after.flag_round("brief") == 0


# -- euros ------------------------------------------------------------------------


def test_euros_effect_books_on_the_acting_agency():
    _, _, after = _play_effect({"kind": "euros", "amount": 300})
    assert after.euros == (300.0, 0.0, 0.0)


def test_euros_effect_on_a_named_agency_adds_up():
    _, _, after = _play_effect({"kind": "euros", "amount": 100, "agency": "wt"}, {"kind": "euros", "amount": 50, "agency": "wt"})
    assert after.euros == (0.0, 150.0, 0.0)


# -- kpi --------------------------------------------------------------------------


def test_kpi_effect_changes_the_acting_agencys_kpi():
    _, before, after = _play_effect({"kind": "kpi", "delta": -5})
    assert before.kpi == (50.0, 50.0, 50.0)  # the default start
    assert after.kpi == (45.0, 50.0, 50.0)


def test_kpi_effect_on_a_named_agency():
    _, _, after = _play_effect({"kind": "kpi", "delta": 3, "agency": "pol"})
    assert after.kpi == (50.0, 50.0, 53.0)


# -- mandate ----------------------------------------------------------------------


def test_mandate_effect_gives_tokens_to_a_named_agency():
    _, _, after = _play_effect({"kind": "mandate", "delta": 2, "agency": "wt"})
    assert after.mandate == (2, 4, 2)


def test_mandate_effect_never_goes_below_zero():
    _, _, after = _play_effect({"kind": "mandate", "delta": -5})
    assert after.mandate == (0, 2, 2)


# -- crisis -----------------------------------------------------------------------


def test_crisis_effect_ends_the_game_with_its_cost():
    _, _, after = _play_effect({"kind": "crisis", "cost": "ontruiming"})
    assert engine.is_over(after)
    assert engine.outcome(after) is Outcome.CRISIS
    assert after.phase is Phase.EINDE
    assert after.end_reason == "ontruiming"
    assert tuple(after.crisis_costs) == (("ontruiming", 40000.0),)
    assert after.crisis_cost == 40000.0


def test_effects_after_a_crisis_effect_do_not_undo_the_end():
    sc, _, after = _play_effect({"kind": "crisis", "cost": "opname"}, {"kind": "stress", "delta": -50})
    assert after.outcome is Outcome.CRISIS
    assert engine.legal_actions(sc, after) == []


# -- delay --------------------------------------------------------------------------


def test_delayed_effect_waits_on_the_list():
    _, before, after = _play_effect({"kind": "stressor", "stressor": "schulden", "delta": -1, "delay": 2})
    assert after.severity == before.severity
    assert [(p.due, p.source, p.agency) for p in after.pending] == [(3, "c", "sd")]


def test_delayed_effect_lands_in_the_verwerking_of_the_due_round():
    sc = make(cards=[card("c", effects=[{"kind": "stressor", "stressor": "schulden", "delta": -1, "delay": 2}])])
    st = play(sc, engine.new_game(sc, 0), "c")  # round 1, due in round 3
    st = rounds_later(sc, st, 2)  # through the Verwerking of rounds 1 and 2
    st = to_acties(sc, st)
    assert st.round == 3
    assert st.severity == (2, 1), "not yet: round 3's Verwerking has not run"
    n = len(st.log)
    st = end_round(sc, st)
    assert st.severity == (1, 1)
    landed = [e for e in st.log[n:] if e.kind == "log.delayed"]
    assert [(e.round, e.phase, e.ref, e.agency) for e in landed] == [(3, Phase.VERWERKING, "c", "sd")]
    assert st.pending == ()


def test_delayed_trust_effect_keeps_the_acting_agency():
    sc = make(cards=[card("c", agency="wt", effects=[{"kind": "trust", "delta": 1, "delay": 1}])])
    st = play(sc, engine.new_game(sc, 0), "c")
    st = rounds_later(sc, st, 1)
    assert st.trust == (3.0, 5.0, 7.0)  # due in round 2
    st = rounds_later(sc, st, 1)
    assert st.trust == (3.0, 6.0, 7.0)


def test_delayed_event_effect_lands_in_a_later_verwerking():
    sc = make(events=[event("e", rounds=[1], effects=[{"kind": "stress", "delta": 10, "delay": 1}])])
    st = engine.new_game(sc, 0)
    assert st.stress == 50.0
    st = rounds_later(sc, st, 1)
    assert st.stress == 50.0
    st = rounds_later(sc, st, 1)
    assert st.stress == 60.0
    assert "log.delayed" in log_kinds(st)


def test_delayed_crisis_ends_the_game_in_that_verwerking():
    sc = make(cards=[card("c", effects=[{"kind": "crisis", "cost": "ontruiming", "delay": 1}])])
    st = play(sc, engine.new_game(sc, 0), "c")
    st = rounds_later(sc, st, 1)
    assert st.outcome is None and st.round == 2
    st = end_round(sc, st)
    assert st.outcome is Outcome.CRISIS
    assert st.round == 2
    assert st.end_reason == "ontruiming"
    assert st.crisis_cost == 40000.0
