"""Why this outcome: each kind of ending explained from the scenario's own stability rule."""

from __future__ import annotations

import pytest

from sim.analysis.explain import explain, explain_lines
from sim.core import engine
from tests.builders import T, end_round, event, make, play, rounds_later

LEGS_AT = {"meedoen": 8, "leefomgeving": 8, "continuiteit": 8}


def _game(**over):
    """A game of the neutral scenario (no stress formula at work) run to its end by everyone passing."""
    sc = make(**over)
    return sc, rounds_later(sc, engine.new_game(sc, 1), sc.rounds + 1)


def _person(stress, legs=None):
    return {"person": {"stress": stress, "legs": legs or LEGS_AT}}


def test_stabiel_says_how_many_weeks_running_from_the_scenario_not_two():
    sc, st = _game(**_person(10), scoring={"thresholds": {"stable_rounds": 3}})
    ex = explain(sc, st)
    assert (ex.outcome, ex.end_reason, ex.rounds, ex.stable_rounds) == ("stabiel", "stabilised", 3, 3)
    assert ex.failed == ()
    nl = explain_lines(sc, st, "nl")
    assert nl[0] == "Stabiel: de stress bleef laag genoeg en elke poot hoog genoeg, 3 weken achter elkaar (tot en met week 3)."
    assert "3 weken achter elkaar" in nl[1] and "twee" not in " ".join(nl)
    assert explain_lines(sc, st, "en")[1] == "Stable means: stress at 30 or lower and every leg at 6 or higher, for 3 weeks running."


def test_kwetsbaar_with_no_stress_names_the_legs_that_failed_and_the_weakest_leg_with_its_stressors():
    legs = {"meedoen": 8, "leefomgeving": 4, "continuiteit": 5}
    sc, st = _game(**_person(0, legs))
    ex = explain(sc, st)
    assert ex.outcome == "kwetsbaar" and st.stress == 0
    assert [c.figure for c in ex.failed] == ["leefomgeving", "continuiteit"]
    assert ex.weakest == "leefomgeving" and ex.best_streak == 0
    nl = explain_lines(sc, st, "nl")
    assert nl[0] == "Kwetsbaar: alle 6 weken zijn gespeeld, maar de situatie werd niet stabiel."
    assert "Niet gehaald: Leefomgeving eindigde op 4, onder de 6." in nl
    assert "Niet gehaald: Continuïteit eindigde op 5, onder de 6." in nl
    assert not any("de stress eindigde" in line for line in nl)
    assert "Geen enkele week lag alles tegelijk binnen de grenzen." in nl
    # Schulden (severity 2) and the water (1) press on the living environment; the water is named at the end.
    assert "De zwakste poot was Leefomgeving (4). Daarop drukte: Schulden (zwaarte 2), Water afgesloten (zwaarte 1)." in nl


def test_kwetsbaar_by_stress_names_the_stress_limit_only():
    sc, st = _game(**_person(50))
    ex = explain(sc, st)
    assert ex.outcome == "kwetsbaar" and [c.figure for c in ex.failed] == ["stress"]
    en = explain_lines(sc, st, "en")
    assert "Not met: stress ended at 50, above the limit of 30." in en
    assert not any(line.startswith("Not met: Meedoen") for line in en)


def test_kwetsbaar_by_a_run_too_short_says_how_long_it_was_and_how_long_it_had_to_be():
    shock = event("klap", rounds=[4], effects=[{"kind": "stress", "delta": 40}])
    sc, st = _game(**_person(10), events=[shock], scoring={"thresholds": {"stable_rounds": 4}})
    ex = explain(sc, st)
    assert (ex.outcome, ex.best_streak, ex.streak_from) == ("kwetsbaar", 3, 1)
    assert "De langste stabiele reeks was 3 weken, vanaf week 1; nodig was 4 weken." in explain_lines(sc, st, "nl")
    # The shock came within week 4: the peak is the stress the log saw, in that week.
    assert (ex.peak_stress, ex.peak_round) == (50, 4)


def test_crisis_by_stress_and_by_an_event():
    sc, st = _game(**_person(95), events=[event("boos", rounds=[2], effects=[{"kind": "stress", "delta": 10}])])
    assert explain_lines(sc, st, "nl")[0] == "Crisis: in week 2 bereikte de stress 100."
    assert not any(line.startswith("Stabiel betekent") for line in explain_lines(sc, st, "nl"))
    terminal = event("ontruimd", title=T("Ontruiming", "Eviction"), rounds=[3], effects=[{"kind": "crisis", "cost": "ontruiming"}])
    sc, st = _game(**_person(40), events=[terminal])
    ex = explain(sc, st)
    assert (ex.outcome, ex.crisis_event) == ("crisis", "ontruimd")
    assert explain_lines(sc, st, "en")[0] == "Crisis: in week 3 the worst happened: Eviction."


def test_never_addressed_and_never_found_and_a_hidden_stressor_stays_unnamed_while_running():
    sc = make(**_person(50))
    running = rounds_later(sc, engine.new_game(sc, 1), 2)
    assert running.outcome is None
    words = " ".join(explain_lines(sc, running, "nl"))
    assert "Water afgesloten" not in words and "een verborgen stressor" in words
    st = rounds_later(sc, running, 10)
    ex = explain(sc, st)
    assert [s.id for s in ex.never_addressed] == ["schulden", "water"]
    assert [s.id for s in ex.never_found] == ["water"]
    nl = explain_lines(sc, st, "nl")
    assert "Nooit aangepakt: Schulden, Water afgesloten." in nl
    assert "1 verborgen stressor kwam nooit op tafel." in nl
    assert "Water afgesloten" not in " ".join(explain_lines(sc, st, "nl", open_secrets=False))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_first_crossing_and_what_followed(lang):
    cards = [{"id": "door", "agency": "sd", "type": "boundary", "title": T("Doorbetalen", "Keep paying"), "text": T("."),
              "cost": 1, "mandate": 1, "effects": [{"kind": "stressor", "stressor": "schulden", "delta": -2},
                                                     {"kind": "stress", "delta": -20}]}]
    sc = make(cards=cards, **_person(50))
    st = end_round(sc, play(sc, engine.new_game(sc, 1), "door"))
    ex = explain(sc, st)
    assert ex.first_crossing == (1, "sd", "door", 50.0, 30.0)
    lines = explain_lines(sc, st, lang, names={"sd": "Team Noord"})
    want = {"nl": "De eerste grensverlegging: week 1, Team Noord met ‘Doorbetalen’; de stress ging van 50 naar 30 die week.",
            "en": "The first boundary crossing: week 1, Team Noord with ‘Keep paying’; stress went from 50 to 30 that week."}
    assert want[lang] in lines
    assert ex.stressors[0].lightened == 1


def test_a_dossier_passed_to_one_partner_is_told_with_whose_it_was_at_the_start():
    """The engine's sharing (a `log.share` line with the partner in `to`, the dossiers kept in the state) read duck-typed."""
    from types import SimpleNamespace

    from sim.analysis.explain import _dossier

    sc = make()
    k = sc.stressor_index["water"]
    share = SimpleNamespace(kind="log.share", ref="water", agency="wt", to="sd", round=2)
    state = SimpleNamespace(log=(share,), dossiers=(frozenset(), frozenset({"wt", "sd"})))
    assert _dossier(sc, state, k, True) == (("wt",), ((2, "wt", "sd"),))
    plain = SimpleNamespace(log=())  # a state without dossiers: the scenario's known_by
    assert _dossier(sc, plain, k, True) == ((), ())
