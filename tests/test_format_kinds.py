"""The format's newer kinds and keys: "any of", conditional effects, a rule that forbids,
a KPI that is better when lower, a bilingual person name, crisis names, and the icon list.

The rule tests use the neutral kit scenario of `builders.py` (stress 50, trust sd 3 /
wt 5 / pol 7, stressor `schulden` at 2); the file tests change the `mini` fixture.
"""

from __future__ import annotations

from pathlib import Path

from builders import card, evolve, make, play, rounds_later, to_acties

from sim.core import engine
from sim.core.model import Better, PersonName
from sim.core.state import NextPhase, PlayCard
from sim.i18n import describe, reason_text
from sim.scenario.loader import check_text

MINI = (Path(__file__).parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8")


def _line(text: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle`."""
    return next(i for i, s in enumerate(text.split("\n"), 1) if needle in s)


# -- any ----------------------------------------------------------------------------


_ANY = {"kind": "any", "conditions": [{"kind": "stress", "min": 70}, {"kind": "trust", "min": 3}]}


def test_any_holds_when_one_alternative_holds():
    sc = make(cards=[card("c", conditions=[_ANY])])
    st = to_acties(sc, engine.new_game(sc, 0))  # stress 50 (fails), trust in sd 3 (holds)
    assert engine.why_not(sc, st, PlayCard("sd", "c")) is None


def test_any_fails_when_none_holds_and_says_why_the_first_does_not():
    sc = make(cards=[card("c", conditions=[_ANY])])
    st = evolve(to_acties(sc, engine.new_game(sc, 0)), trust=(2.0, 5.0, 7.0))
    why = engine.why_not(sc, st, PlayCard("sd", "c"))
    assert why is not None and why.key == "why.stress_too_low"
    assert PlayCard("sd", "c") not in engine.legal_actions(sc, st)


def test_any_is_said_in_words_with_or():
    sc = make(cards=[card("c", conditions=[_ANY])])
    nl, en = (describe.condition(sc, sc.card_by_id["c"].conditions[0], lang) for lang in ("nl", "en"))
    assert " of " in nl and " or " in en and "stress" in nl


def test_any_with_one_alternative_is_an_error_at_its_line():
    text = MINI.replace("conditions: [{kind: any, conditions: [{kind: stress, min: 75}, {kind: round, min: 1}]}]",
                        "conditions: [{kind: any, conditions: [{kind: stress, min: 75}]}]")
    report = check_text(text, "f.yaml")
    assert [p.message for p in report.errors if "any of" in p.message], report.errors
    assert report.errors[0].line == _line(text, "kind: any")


# -- if -----------------------------------------------------------------------------


def _if_card(**extra):
    eff = {"kind": "if", "conditions": [{"kind": "trust", "min": 4}], "effects": [{"kind": "stress", "delta": -10}],
           "otherwise": [{"kind": "stress", "delta": -2}], **extra}
    return card("c", effects=[eff])


def test_if_lands_its_effects_when_the_conditions_hold():
    sc = make(cards=[_if_card()])
    st = evolve(engine.new_game(sc, 0), trust=(6.0, 5.0, 7.0))
    assert play(sc, st, "c").stress == 40.0


def test_if_lands_otherwise_when_they_do_not():
    sc = make(cards=[_if_card()])
    assert play(sc, engine.new_game(sc, 0), "c").stress == 48.0  # trust in sd is 3


def test_a_delayed_if_reads_its_conditions_when_it_lands():
    sc = make(cards=[_if_card(delay=1)])
    st = play(sc, engine.new_game(sc, 0), "c")
    assert st.stress == 50.0  # nothing yet
    st = evolve(st, trust=(6.0, 5.0, 7.0))  # trust rose before it lands
    st = rounds_later(sc, st, 1)
    assert st.stress == 50.0  # it lands at the end of round 2
    st = rounds_later(sc, st, 1)
    assert st.stress == 40.0


def test_a_delay_inside_an_if_is_refused_with_what_to_do():
    text = MINI.replace("effects: [{kind: trust, delta: -1, agency: pol}]", "effects: [{kind: trust, delta: -1, agency: pol, delay: 1}]")
    report = check_text(text, "f.yaml")
    assert any("put the `delay:` on the `if` itself" in p.message for p in report.errors), report.errors


def test_an_if_is_said_in_words():
    sc = make(cards=[_if_card()])
    en = describe.effect(sc, sc.card_by_id["c"].effects[0], "en")
    assert en.startswith("if ") and "otherwise" in en


# -- forbid -------------------------------------------------------------------------


def _forbidding_scenario():
    rule = card("verbod", agency="wt", type="rule", cost=0, modifiers=[{"kind": "forbid", "cards": {"agency": "sd"}}])
    return make(cards=[rule, card("c")])


def test_a_card_is_playable_before_the_forbidding_rule():
    sc = _forbidding_scenario()
    st = to_acties(sc, engine.new_game(sc, 0))
    assert PlayCard("sd", "c") in engine.legal_actions(sc, st)


def test_forbid_takes_matching_cards_out_and_names_the_rule():
    sc = _forbidding_scenario()
    st = engine.apply(sc, engine.new_game(sc, 0), NextPhase())
    st = engine.apply(sc, st, PlayCard("wt", "verbod"))
    st = to_acties(sc, st)
    assert PlayCard("sd", "c") not in engine.legal_actions(sc, st)
    why = engine.why_not(sc, st, PlayCard("sd", "c"))
    assert why is not None and why.key == "why.forbidden_by_rule"
    nl, en = reason_text(why, "nl", sc), reason_text(why, "en", sc)
    assert "Kaart verbod" in nl and "verbiedt" in nl and "Card verbod" in en


# -- KPI better lower, bilingual name, crisis names, icons ----------------------------


def test_a_kpi_better_when_lower_reads_a_rise_as_a_loss():
    text = MINI.replace("kpi: {name: {nl: Rechtmatigheid, en: Lawfulness}", "kpi: {better: lower, name: {nl: Rechtmatigheid, en: Lawfulness}")
    assert text != MINI
    sc = check_text(text, "f.yaml").scenario
    assert sc is not None
    kpi = sc.agency("sd").kpi
    assert kpi.better is Better.LOWER and kpi.gain(3) == -3 and sc.agency("wt").kpi.gain(3) == 3


def test_better_takes_only_higher_or_lower():
    text = MINI.replace("kpi: {name: {nl: Rechtmatigheid, en: Lawfulness}", "kpi: {better: laag, name: {nl: Rechtmatigheid, en: Lawfulness}")
    report = check_text(text, "f.yaml")
    assert report.errors and "higher, lower" in report.errors[0].message


def test_the_person_name_may_be_bilingual_or_one_for_both():
    one = check_text(MINI, "f.yaml").scenario
    assert one is not None and isinstance(one.person.name, PersonName)
    assert one.person.name.get("nl") == one.person.name.get("en") == str(one.person.name)
    name_line = next(s for s in MINI.split("\n") if s.startswith("  name:"))
    two = check_text(MINI.replace(name_line, '  name: {nl: "Mevrouw de Wit", en: "Mrs de Wit"}'), "f.yaml").scenario
    assert two is not None
    assert (two.person.name.get("nl"), two.person.name.get("en"), f"{two.person.name}") == ("Mevrouw de Wit", "Mrs de Wit", "Mevrouw de Wit")


def test_crisis_costs_are_named_by_their_names():
    text = MINI.replace("scoring:", "scoring:\n  crisis_names: {ontruiming: {nl: Uit huis gezet, en: Evicted}}", 1)
    sc = check_text(text, "f.yaml").scenario
    assert sc is not None
    eff = next(e for e in sc.event_by_id["ontruiming"].effects)
    assert "Uit huis gezet" in describe.effect(sc, eff, "nl") and "Evicted" in describe.effect(sc, eff, "en")
    plain = check_text(MINI, "f.yaml").scenario
    assert plain is not None and plain.scoring.crisis_name("acute_opname").en == "acute opname"


def test_a_crisis_name_for_no_crisis_cost_is_an_error():
    text = MINI.replace("scoring:", "scoring:\n  crisis_names: {ontruimin: {nl: X, en: X}}", 1)
    report = check_text(text, "f.yaml")
    assert any("'ontruimin'" in p.message and "did you mean 'ontruiming'" in p.message for p in report.errors), report.errors


def test_a_crisis_cost_nothing_incurs_is_a_warning():
    text = MINI.replace("ontruiming: 40000", "ontruiming: 40000, brand: 1000", 1)
    assert text != MINI
    report = check_text(text, "f.yaml")
    found = [w for w in report.warnings if "'brand'" in w.message]
    assert len(found) == 1 and "never happens" in found[0].message
    assert not [w for w in check_text(MINI, "f.yaml").warnings if "never happens" in w.message]


def test_an_unknown_icon_is_refused_with_the_icons_to_choose_from():
    report = check_text(MINI.replace("icon: people", "icon: bliksem", 1), "f.yaml")
    assert report.scenario is None and len(report.errors) == 1
    message = report.errors[0].message
    assert "'bliksem'" in message and "energy" in message and "bolt" in message
    assert report.errors[0].line == _line(MINI, "icon: people")


def test_the_energy_icon_is_known():
    report = check_text(MINI.replace("icon: people", "icon: energy", 1), "f.yaml")
    assert report.scenario is not None and not report.errors


def test_the_report_names_the_crisis_by_its_name():
    import attrs

    from sim.report.facts import end_reason

    text = MINI.replace("scoring:", "scoring:\n  crisis_names: {ontruiming: {nl: Uit huis gezet, en: Evicted}}", 1)
    sc = check_text(text, "f.yaml").scenario
    assert sc is not None
    st = attrs.evolve(engine.new_game(sc, 0), end_reason="ontruiming")
    assert "Uit huis gezet" in end_reason(st, "nl", sc) and "Evicted" in end_reason(st, "en", sc)
    assert "ontruiming" not in end_reason(st, "en", sc)


def test_a_crisis_no_policy_reaches_is_listed_for_the_balance_report():
    from sim.analysis.balance import run_balance
    from sim.analysis.crises import crises_never_reached

    sc = check_text(MINI, "f.yaml").scenario
    assert sc is not None
    report = run_balance(sc, 50, 0, 1, policies=("protocol", "grensverlegger"), depth_games=0)
    # protocol's games end at the crisis level of stress (`opname`), never by the eviction event
    assert crises_never_reached(sc, report["policies"]) == ["ontruiming"]
    evicted = {"x": {"end_reasons": {"ontruiming": 3, "stress": 1}}}
    assert crises_never_reached(sc, evicted) == []
