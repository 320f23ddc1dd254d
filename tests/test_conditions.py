"""One test per condition kind: a state where it holds, one where it fails, and the reason shown.

Every test plays a card of the sociale dienst (`sd`, first in turn order) in the
action phase of round 1 of the neutral kit scenario (see `builders.py`), and
changes only the figure the condition looks at. Trust at the start: sd 3, wt 5,
pol 7; stress 50; legs 5/5/5; stressor `schulden` severity 2, `water` hidden.
"""

from __future__ import annotations

from builders import card, evolve, make, to_acties, with_flags

from sim.core import engine
from sim.core.model import CONDITION_KINDS
from sim.core.state import ActiveRule, PlayCard
from sim.i18n import TABLES, reason_text


def _setup(*conditions, extra_cards=(), in_play=None):
    sc = make(cards=[card("c", conditions=list(conditions)), *extra_cards])
    st = to_acties(sc, engine.new_game(sc, 0, in_play))
    assert st.active_agency == "sd"
    return sc, st


def _why(sc, st):
    return engine.why_not(sc, st, PlayCard("sd", "c"))


def _assert_renders(reason, sc, *names_nl_en):
    """The reason renders in both languages with the scenario's names filled in."""
    nl, en = reason_text(reason, "nl", sc), reason_text(reason, "en", sc)
    assert nl != en
    for name_nl, name_en in names_nl_en:
        assert name_nl.lower() in nl.lower(), nl  # an organisation is lower-case mid-sentence: "de sociale dienst"
        assert name_en.lower() in en.lower(), en
    assert "{" not in nl and "{" not in en


def test_every_condition_kind_has_a_test_here():
    # kpi, and known with an agency: tests/test_sharing.py
    # any: tests/test_format_kinds.py
    tested = {"stressor", "known", "trust", "kpi", "flag", "stress", "round", "leg", "partner", "rule_active", "any"}
    assert set(CONDITION_KINDS) == tested


# -- stressor -------------------------------------------------------------------


def test_stressor_condition_holds_at_its_minimum():
    sc, st = _setup({"kind": "stressor", "stressor": "schulden", "min": 2})
    assert _why(sc, st) is None


def test_stressor_condition_fails_below_its_minimum():
    sc, st = _setup({"kind": "stressor", "stressor": "schulden", "min": 2})
    reason = _why(sc, evolve(st, severity=(1, 1)))
    assert reason.key == "why.stressor_too_low"
    _assert_renders(reason, sc, ("Schulden", "Debts"))
    assert (reason.params["have"], reason.params["min"]) == ("1", "2")


def test_stressor_condition_fails_above_its_maximum():
    sc, st = _setup({"kind": "stressor", "stressor": "schulden", "max": 1})
    assert _why(sc, evolve(st, severity=(1, 1))) is None
    reason = _why(sc, st)
    assert reason.key == "why.stressor_too_high"
    _assert_renders(reason, sc, ("Schulden", "Debts"))


# -- known ----------------------------------------------------------------------


def test_known_condition_fails_while_the_stressor_is_hidden():
    sc, st = _setup({"kind": "known", "stressor": "water"})
    reason = _why(sc, st)
    assert reason.key == "why.stressor_hidden"
    _assert_renders(reason, sc, ("Water afgesloten", "Water cut off"))


def test_known_condition_holds_once_revealed():
    sc, st = _setup({"kind": "known", "stressor": "water"})
    assert _why(sc, evolve(st, known=(True, True))) is None


def test_known_false_condition_needs_the_stressor_still_hidden():
    sc, st = _setup({"kind": "known", "stressor": "water", "known": False})
    assert _why(sc, st) is None
    reason = _why(sc, evolve(st, known=(True, True)))
    assert reason.key == "why.stressor_known"
    _assert_renders(reason, sc, ("Water afgesloten", "Water cut off"))


# -- trust ----------------------------------------------------------------------


def test_trust_condition_defaults_to_the_acting_agency():
    # sd's trust is 3: it holds for sd even though wt (5) and pol (7) are higher anyway,
    # and it fails when only sd's trust drops.
    sc, st = _setup({"kind": "trust", "min": 3})
    assert _why(sc, st) is None
    reason = _why(sc, evolve(st, trust=(2.5, 5.0, 7.0)))
    assert reason.key == "why.trust_too_low"
    _assert_renders(reason, sc, ("Sociale dienst", "Social services"))
    assert reason.params["have"] == "2.5"


def test_trust_condition_on_a_named_agency_looks_at_that_agency():
    sc, st = _setup({"kind": "trust", "agency": "pol", "min": 8})
    reason = _why(sc, st)  # pol has 7
    assert reason.key == "why.trust_too_low"
    _assert_renders(reason, sc, ("Politie", "Police"))
    assert _why(sc, evolve(st, trust=(0.0, 0.0, 8.0))) is None


def test_trust_condition_fails_above_its_maximum():
    sc, st = _setup({"kind": "trust", "max": 2})
    reason = _why(sc, st)
    assert reason.key == "why.trust_too_high"
    _assert_renders(reason, sc, ("Sociale dienst", "Social services"))


# -- flag -----------------------------------------------------------------------


def test_flag_condition_fails_while_the_flag_is_not_set():
    sc, st = _setup({"kind": "flag", "flag": "brief"})
    reason = _why(sc, st)
    assert reason.key == "why.flag_missing"
    _assert_renders(reason, sc, ("brief ontvangen", "letter received"))


def test_flag_condition_holds_when_the_flag_is_set():
    sc, st = _setup({"kind": "flag", "flag": "brief"})
    assert _why(sc, with_flags(st, {"brief": 1})) is None


def test_flag_condition_set_false_fails_when_the_flag_is_set():
    sc, st = _setup({"kind": "flag", "flag": "brief", "set": False})
    assert _why(sc, st) is None
    reason = _why(sc, with_flags(st, {"brief": 1}))
    assert reason.key == "why.flag_present"
    _assert_renders(reason, sc, ("brief ontvangen", "letter received"))


def test_flag_condition_with_rounds_waits_that_many_rounds_after_it_was_set():
    sc, st = _setup({"kind": "flag", "flag": "aangezegd", "rounds": 2})
    set_in_round_1 = with_flags(st, {"aangezegd": 1})
    reason = _why(sc, evolve(set_in_round_1, round=2))  # only one round ago
    assert reason.key == "why.flag_too_recent"
    _assert_renders(reason, sc, ("ontruiming aangezegd", "eviction notice"))
    assert str(reason.params["rounds"]) == "2"
    assert _why(sc, evolve(set_in_round_1, round=3)) is None


def test_flag_rounds_counts_a_start_flag_as_set_in_round_zero():
    sc = make(
        cards=[card("c", conditions=[{"kind": "flag", "flag": "brief", "rounds": 1}])],
        person={"flags": ["brief"]},
    )
    st = to_acties(sc, engine.new_game(sc, 0))
    assert st.flag_round("brief") == 0
    assert engine.why_not(sc, st, PlayCard("sd", "c")) is None


# -- stress ---------------------------------------------------------------------


def test_stress_condition_bounds_are_inclusive():
    sc, st = _setup({"kind": "stress", "min": 50, "max": 60})
    assert _why(sc, st) is None  # 50
    assert _why(sc, evolve(st, stress=60.0)) is None


def test_stress_condition_fails_below_and_above():
    sc, st = _setup({"kind": "stress", "min": 50, "max": 60})
    low = _why(sc, evolve(st, stress=40.0))
    high = _why(sc, evolve(st, stress=70.0))
    assert low.key == "why.stress_too_low" and low.params["have"] == "40"
    assert high.key == "why.stress_too_high" and high.params["have"] == "70"
    _assert_renders(low, sc)
    _assert_renders(high, sc)


# -- round ----------------------------------------------------------------------


def test_round_condition_too_early():
    sc, st = _setup({"kind": "round", "min": 2})
    reason = _why(sc, st)
    assert reason.key == "why.round_too_early"
    assert str(reason.params["min"]) == "2"
    _assert_renders(reason, sc)
    assert _why(sc, evolve(st, round=2)) is None


def test_round_condition_too_late():
    sc, st = _setup({"kind": "round", "max": 1})
    assert _why(sc, st) is None
    reason = _why(sc, evolve(st, round=2))
    assert reason.key == "why.round_too_late"
    _assert_renders(reason, sc)


# -- leg ------------------------------------------------------------------------


def test_leg_condition_holds_within_bounds():
    sc, st = _setup({"kind": "leg", "leg": "meedoen", "min": 5})
    assert _why(sc, st) is None


def test_leg_condition_fails_on_a_weak_leg_and_names_it():
    sc, st = _setup({"kind": "leg", "leg": "meedoen", "min": 5})
    reason = _why(sc, evolve(st, legs=(4.0, 9.0, 9.0)))  # only meedoen is weak
    assert reason.key == "why.leg_too_low"
    _assert_renders(reason, sc, ("Meedoen", "Participation"))


def test_leg_condition_fails_above_its_maximum():
    sc, st = _setup({"kind": "leg", "leg": "continuiteit", "max": 4})
    reason = _why(sc, st)
    assert reason.key == "why.leg_too_high"
    _assert_renders(reason, sc, ("Continuïteit", "Continuity"))
    assert _why(sc, evolve(st, legs=(5.0, 5.0, 4.0))) is None


# -- partner --------------------------------------------------------------------


def test_partner_condition_holds_while_the_partner_has_capacity():
    sc, st = _setup({"kind": "partner", "agency": "wt", "min": 2})
    assert _why(sc, st) is None  # wt has 3


def test_partner_condition_fails_when_the_partner_is_busy():
    sc, st = _setup({"kind": "partner", "agency": "wt", "min": 2})
    reason = _why(sc, evolve(st, capacity=(3, 1, 3)))
    assert reason.key == "why.partner_busy"
    _assert_renders(reason, sc, ("Wijkteam", "Neighbourhood team"))


def test_partner_condition_fails_when_the_partner_is_not_in_play():
    sc, st = _setup({"kind": "partner", "agency": "wt"}, in_play=["sd", "pol"])
    reason = _why(sc, st)
    assert reason.key == "why.partner_absent"
    _assert_renders(reason, sc, ("Wijkteam", "Neighbourhood team"))


# -- rule_active ----------------------------------------------------------------


_RULE = card("regel", agency="wt", type="rule", modifiers=[{"kind": "capacity", "delta": 0}])


def test_rule_active_condition_fails_while_the_rule_is_not_in_force():
    sc, st = _setup({"kind": "rule_active", "card": "regel"}, extra_cards=[_RULE])
    reason = _why(sc, st)
    assert reason.key == "why.rule_inactive"
    _assert_renders(reason, sc, ("Kaart regel", "Card regel"))


def test_rule_active_condition_holds_while_the_rule_is_in_force():
    sc, st = _setup({"kind": "rule_active", "card": "regel"}, extra_cards=[_RULE])
    assert _why(sc, evolve(st, rules=(ActiveRule("regel", "wt", 1, None),))) is None


def test_rule_active_false_condition_fails_while_the_rule_is_in_force():
    sc, st = _setup({"kind": "rule_active", "card": "regel", "active": False}, extra_cards=[_RULE])
    assert _why(sc, st) is None
    reason = _why(sc, evolve(st, rules=(ActiveRule("regel", "wt", 1, None),)))
    assert reason.key == "why.rule_active"
    _assert_renders(reason, sc, ("Kaart regel", "Card regel"))


# -- conditions combine ---------------------------------------------------------


def test_the_first_failing_condition_is_the_reason_given():
    sc, st = _setup({"kind": "stress", "min": 0}, {"kind": "round", "min": 3}, {"kind": "flag", "flag": "brief"})
    assert _why(sc, st).key == "why.round_too_early"
    assert _why(sc, evolve(st, round=3)).key == "why.flag_missing"


def test_reason_tables_have_the_same_keys_in_both_languages():
    assert set(TABLES["nl"]) == set(TABLES["en"])
