"""`validate` warns when a public text names a stressor that can start hidden (issue 15 item 10)."""

from __future__ import annotations

import pytest
from builders import card, make
from conftest import SCENARIOS

from sim.scenario.lint import names, secrets_in_texts
from sim.scenario.loader import check_file


def test_a_summary_that_names_the_hidden_stressor_is_warned_about():
    sc = make(summary={"nl": "Piet. Het water is afgesloten.", "en": "Piet."})
    found = list(secrets_in_texts(sc))
    assert [p for p, _ in found] == [("summary", "nl")]
    assert "'Water afgesloten'" in found[0][1] and "'water'" in found[0][1]


def test_card_texts_and_flag_names_are_public_too():
    sc = make(cards=[card("c", text={"nl": "Water cut off? Nee.", "en": "Is the water cut off?"})],
              flags={"brief": {"nl": "Water afgesloten", "en": "Post"}, "aangezegd": {"nl": "a", "en": "b"}})
    paths = {p for p, _ in secrets_in_texts(sc)}
    assert paths == {("cards", 0, "text", "en"), ("flags", "brief", "nl")}


def test_a_stressor_that_never_starts_hidden_may_be_named():
    water = {"id": "water", "name": {"nl": "Water afgesloten", "en": "Water cut off"}, "leg": "leefomgeving",
             "severity": 1, "hidden": True, "per_seed": {"hidden": 0}}
    debts = {"id": "schulden", "name": {"nl": "Schulden", "en": "Debts"}, "leg": "leefomgeving", "severity": 2}
    sc = make(stressors=[debts, water], summary={"nl": "Het water is afgesloten.", "en": "x"})
    assert list(secrets_in_texts(sc)) == []
    sc = make(stressors=[debts, dict(water, per_seed={"hidden": 0.3})], summary={"nl": "Het water is afgesloten.", "en": "x"})
    assert [p for p, _ in secrets_in_texts(sc)] == [("summary", "nl")]


def test_names_needs_every_word_as_a_word():
    assert names("Water afgesloten", "Het water is afgesloten")
    assert not names("Water afgesloten", "Het waterbedrijf is dicht")
    assert not names("Water cut off", "Pay the water bill")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_no_shipped_scenario_gives_a_secret_away_by_name(path):
    report = check_file(path)
    assert not [w for w in report.warnings if "can start hidden" in str(w)]
