"""Game records: actions to JSON and back, and replays that refuse records that do not fit."""

from __future__ import annotations

import json

import pytest
from builders import card, make, play

from sim.core import engine
from sim.core.state import Adjust, InjectEvent, NextPhase, Pass, PlayCard
from sim.session.codec import action_from_dict, action_to_dict
from sim.session.record import GameRecord, RecordError, replay


@pytest.mark.parametrize("action", [
    PlayCard("sd", "c"),
    Pass("wt"),
    NextPhase(),
    InjectEvent("deurwaarder"),
    Adjust("trust", -1.5, "gesprek liep mis", key="pol"),
    Adjust("stress", 5, "escalatie"),
])
def test_every_action_survives_json(action):
    assert action_from_dict(json.loads(json.dumps(action_to_dict(action)))) == action


@pytest.mark.parametrize("data", [
    None, [], {}, {"type": "toveren"}, {"type": "pass"}, {"type": "pass", "agency": "sd", "extra": 1},
])
def test_a_malformed_action_is_a_value_error(data):
    with pytest.raises(ValueError):
        action_from_dict(data)


def test_a_record_keeps_seed_table_and_actions():
    sc = make(cards=[card("c")])
    st = play(sc, engine.new_game(sc, 42, in_play=["sd", "pol"]), "c")
    rec = GameRecord.of(sc, "abc", st)
    assert (rec.scenario_id, rec.scenario_hash, rec.seed, rec.in_play) == ("kit", "abc", 42, ("sd", "pol"))
    assert rec.actions == st.actions
    again, final = GameRecord.from_json(rec.to_json())
    assert again == rec and final is None
    assert replay(sc, again) == st


def test_a_record_for_another_scenario_is_refused():
    sc = make()
    rec = GameRecord("iets-anders", "x", 0, ("sd",), ())
    with pytest.raises(RecordError, match="iets-anders"):
        replay(sc, rec)


def test_a_record_with_an_illegal_action_names_the_action():
    sc = make()
    rec = GameRecord("kit", "x", 0, ("sd", "wt", "pol"), (NextPhase(), Pass("pol")))
    with pytest.raises(RecordError, match="action 2"):
        replay(sc, rec)
