"""The session codec: old files still load, actions are a tagged union, and damaged autosaves are refused clearly.

The damaged cases are those of issue 16 item 4 (a final round that is text,
null, NaN or infinite; an unknown outcome; a date in year 1; a timer of
10^400 seconds; a 300-character scenario path; a 5,000-digit integer): each
is refused with a SessionFileError naming the field, the start screen falls
back to the backup or leaves the file out, and `replay` and `report` exit
with a message instead of a traceback.
"""

from __future__ import annotations

import json
import math
import typing
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.core.state import Action, Adjust, InjectEvent, NextPhase, Pass, PlayCard
from sim.scenario.loader import load_scenario
from sim.session import codec
from sim.session import sessionfile as sf
from sim.session.record import GameRecord, RecordError, final_figures, replay

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
OLD_SESSION = FIXTURES / "session-v1.stabiel.json"  # written by the hand-written serialiser before cattrs
OLD_RECORD = FIXTURES / "record-v1.json"
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(sf.ENV_DATA_DIR, str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture(scope="module")
def jan():
    return load_scenario(JAN)


def _base() -> dict:
    return json.loads(OLD_SESSION.read_text(encoding="utf-8"))


def _refused(text: str, field: str, key: str = "session.err.field") -> sf.SessionFileError:
    with pytest.raises(sf.SessionFileError) as err:
        sf.from_json(text, "x.stabiel.json")
    assert err.value.key == key, err.value.text("en")
    assert f"'{field}'" in err.value.text("en") and f"'{field}'" in err.value.text("nl")
    return err.value


# ---------------------------------------------------------------------------
# Files written before the codec moved to cattrs.
# ---------------------------------------------------------------------------


def test_an_old_session_file_loads_and_writes_back_the_same_bytes():
    text = OLD_SESSION.read_text(encoding="utf-8")
    saved = sf.from_json(text)
    assert saved.notes[0].log_len == 12 and saved.notes[1].kind == "undo" and saved.timer_left == 42.5
    assert {type(a) for a in saved.actions} == {Adjust, InjectEvent, NextPhase, Pass, PlayCard}
    assert saved.redo == (PlayCard("wijkteam", "wt_doorverwijzen"), Pass("wijkteam"))
    assert sf.to_json(saved) == text


def test_an_old_session_file_restores_to_its_final_figures(jan):
    saved = sf.load_session(OLD_SESSION)
    restored = sf.restore_all(saved, jan, lang="en")
    assert len(restored.states) == len(saved.actions) + 1
    if saved.scenario_hash == jan.content_hash:  # the shipped scenario may change later; then it says so
        assert final_figures(restored.state) == dict(saved.final)
        # the file's redo list was made up after the game ended: it cannot be replayed, and that is told
        assert restored.redo_states == () and restored.warnings == ("Not every undone move can be redone.",)
    else:
        assert any("has changed" in w for w in restored.warnings)


def test_an_old_game_record_loads_and_replays(jan):
    record, final = GameRecord.from_json(OLD_RECORD.read_text(encoding="utf-8"))
    assert record.scenario_id == jan.scenario.id and final is not None and final["actions"] == len(record.actions)
    if record.scenario_hash == jan.content_hash:
        assert final_figures(replay(jan.scenario, record)) == final


def test_only_the_game_record_fields_are_required():
    data = {k: v for k, v in _base().items() if k in codec.REQUIRED}
    saved = sf.from_json(json.dumps({**data, "updated": "2026-01-02T03:04:05+01:00"}))
    assert saved.scenario_path == "" and saved.notes == () and saved.final is None and saved.lang == "nl"
    assert saved.created == saved.updated == "2026-01-02T03:04:05+01:00"  # one time stamp stands for both
    for key in codec.REQUIRED[2:]:  # without format or version it is no session at all (test_sessionfile)
        with pytest.raises(sf.SessionFileError, match=f"'{key}' is missing"):
            sf.from_json(json.dumps({k: v for k, v in data.items() if k != key}))


# ---------------------------------------------------------------------------
# Actions: a tagged union.
# ---------------------------------------------------------------------------


def test_every_action_class_has_a_tag():
    assert set(codec.ACTION_TAGS) == set(typing.get_args(Action))
    assert len(set(codec.ACTION_TAGS.values())) == len(codec.ACTION_TAGS)


@pytest.mark.parametrize("action", [NextPhase(), PlayCard("sd", "c"), Pass("sd"), InjectEvent("e"), Adjust("kpi", 2, "r", "sd")])
def test_an_action_carries_its_tag(action):
    data = codec.action_to_dict(action)
    assert data["type"] == codec.ACTION_TAGS[type(action)]
    assert codec.action_from_dict(data) == action


@pytest.mark.parametrize("data", [
    {"type": "play", "agency": "sd"},  # a field missing
    {"type": "play", "agency": "sd", "card": 3},  # a number for a text
    {"type": "pass", "agency": True},
    {"type": "adjust", "figure": "stress", "delta": True, "reason": "r", "key": None},  # a bool is no number
    {"type": "adjust", "figure": "stress", "delta": "5", "reason": "r", "key": None},
    {"type": "adjust", "figure": "stress", "delta": math.nan, "reason": "r", "key": None},
    {"type": "adjust", "figure": "stress", "delta": math.inf, "reason": "r", "key": None},
    {"type": "next", "extra": 1},
    {"agency": "sd"},
    "pass",
])
def test_a_malformed_action_is_refused(data):
    with pytest.raises(ValueError):
        codec.action_from_dict(data)


# ---------------------------------------------------------------------------
# Damaged autosaves (issue 16, item 4): each refused, naming the field.
# ---------------------------------------------------------------------------

_HUGE = "9" * 5000


def _with(field: str, value) -> str:
    data = _base()
    if field.startswith("final."):
        data["final"] = {**data["final"], field[6:]: value}
    else:
        data[field] = value
    return json.dumps(data)


@pytest.mark.parametrize("value", ["drie", None, math.nan, math.inf, -math.inf, 2.5, True, -1])
def test_a_final_round_that_is_not_a_count_is_refused(value):
    err = _refused(_with("final.round", value), "final.round")
    assert "whole number" in err.text("en")


def test_an_unknown_outcome_is_refused():
    err = _refused(_with("final.outcome", "gelukt"), "final.outcome")
    assert "'kwetsbaar'" in err.text("en")


@pytest.mark.parametrize("field", ["updated", "created"])
@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "1969-12-31T23:00:00+00:00", "2026-13-01T00:00:00", "gisteren", ""])
def test_a_date_before_1970_or_no_date_is_refused(field, stamp):
    _refused(_with(field, stamp), field)


def test_a_note_written_in_year_one_is_refused():
    data = _base()
    data["notes"][0]["time"] = "0001-01-01T00:00:00"
    _refused(json.dumps(data), "notes")


@pytest.mark.parametrize("field, literal", [
    ("round_seconds", "1" + "0" * 400), ("round_seconds", "86401"), ("round_seconds", "-1"),
    ("timer_left", "1e400"), ("timer_left", "NaN"), ("timer_left", "Infinity"), ("timer_left", "1" + "0" * 400),
])
def test_a_timer_beyond_a_day_or_not_a_number_is_refused(field, literal):
    text = json.dumps(_base()).replace(f'"{field}": {json.dumps(_base()[field])}', f'"{field}": {literal}')
    assert literal in text
    err = _refused(text, field)
    assert "86400" in err.text("en")


@pytest.mark.parametrize("path", ["/tmp/" + "a" * 300, "b/" * 2100, "C:\\" + "c" * 256, "/tmp/x\0.yaml", 7])
def test_a_scenario_path_no_file_system_holds_is_refused(path):
    _refused(_with("scenario_path", path), "scenario_path")


@pytest.mark.parametrize("where, field", [
    ('"seed": 3', "seed"), ('"round_seconds": 600', "round_seconds"), ('"log_len": 12', "notes"),
    ('"delta": -1.5', "actions"), ('"stress": 84.953', "final.stress"), ('"round": 3', "final.round"),
    ('"timer_left": 42.5', "timer_left"),
])
def test_a_five_thousand_digit_integer_anywhere_is_refused(where, field):
    original = OLD_SESSION.read_text(encoding="utf-8")
    assert where in original
    text = original.replace(where, where.split(":")[0] + ": " + _HUGE, 1)
    key = "session.err.action" if field == "actions" else "session.err.field"
    _refused(text, field, key)


def test_a_five_thousand_digit_version_or_team_name_key_is_refused():
    original = OLD_SESSION.read_text(encoding="utf-8")
    with pytest.raises(sf.SessionFileError) as err:
        sf.from_json(original.replace('"version": 1', '"version": ' + _HUGE))
    assert err.value.key == "session.err.unknown_version"
    _refused(original.replace('"lo_stressoren": "S"', '"lo_stressoren": ' + _HUGE), "ratings")


def test_a_lone_surrogate_in_a_text_is_refused():
    original = OLD_SESSION.read_text(encoding="utf-8")
    _refused(original.replace('"Team Oost"', '"Team \\ud800"'), "names")
    text = original.replace('"escalatie"', '"esc\\udfffalatie"')
    _refused(text, "actions", "session.err.action")
    assert sf.from_json(original.replace('"Team Oost"', '"Team \\ud83d\\ude00"')).names["wijkteam"] == "Team \U0001f600"


def test_a_byte_order_mark_is_no_damage():
    assert sf.from_json("\ufeff" + OLD_SESSION.read_text(encoding="utf-8")) == sf.load_session(OLD_SESSION)


# ---------------------------------------------------------------------------
# Where those files are met: the start screen's list, replay and report.
# ---------------------------------------------------------------------------

_DAMAGED = {
    "round-text": _with("final.round", "drie"), "round-null": _with("final.round", None),
    "round-nan": _with("final.round", math.nan), "round-inf": _with("final.round", math.inf),
    "outcome": _with("final.outcome", "gelukt"), "year-one": _with("updated", "0001-01-01T00:00:00"),
    "timer": json.dumps(_base()).replace('"round_seconds": 600', '"round_seconds": 1' + "0" * 400),
    "path": _with("scenario_path", "/tmp/" + "a" * 300),
    "digits": json.dumps(_base()).replace('"seed": 3', '"seed": ' + _HUGE),
}


@pytest.mark.parametrize("name", sorted(_DAMAGED))
def test_the_start_screen_offers_the_backup_of_a_damaged_autosave(name):
    good = sf.from_json(OLD_SESSION.read_text(encoding="utf-8"))
    path = sf.autosave(good)
    sf.autosave(good)  # now there is a backup
    path.write_text(_DAMAGED[name], encoding="utf-8")
    found = sf.list_autosaves()
    assert [f.saved for f in found] == [good] and found[0].from_backup and found[0].problem is not None
    sf.backup_path(path).unlink()
    assert sf.list_autosaves() == [] and sf.latest_autosave() is None


@pytest.mark.parametrize("name", sorted(_DAMAGED))
@pytest.mark.parametrize("command", ["replay", "report"])
def test_replay_and_report_refuse_a_damaged_session_with_a_message(tmp_path, capsys, name, command):
    bad = tmp_path / f"{name}.stabiel.json"
    bad.write_text(_DAMAGED[name], encoding="utf-8")
    argv = [command, str(bad)] + (["--out", str(tmp_path / "out")] if command == "report" else [])
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "is damaged" in err
    assert not (tmp_path / "out").exists()


def test_a_long_scenario_path_in_a_session_is_looked_past(jan):
    saved = attrs.evolve(sf.load_session(OLD_SESSION), scenario_path="/tmp/" + "a" * 300)
    assert sf.scenario_for(saved).scenario.id == jan.scenario.id  # the path cannot be opened; the id is found


# ---------------------------------------------------------------------------
# Mutation: any value in any field is read or refused, never a crash.
# ---------------------------------------------------------------------------

_HOSTILE = [None, True, False, 0, -1, 1.5, 2**70, math.nan, math.inf, "", "x", "\0", "\ud800", [], [1], {}, {"a": 1},
            "0001-01-01T00:00:00", [None], {"type": "pass"}]
_PLACES = [(k,) for k in _base()] + [("notes", 0, k) for k in _base()["notes"][0]] + \
    [("actions", 1, k) for k in _base()["actions"][1]] + [("final", k) for k in _base()["final"]] + [("new",), ("final", "new")]


def _put(data: dict, place: tuple, value) -> dict:
    target = data
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    return data


def _read_or_refused(text: str) -> None:
    try:
        saved = sf.from_json(text)
    except sf.SessionFileError as exc:
        assert exc.text("nl") and exc.text("en")
        return
    assert sf.from_json(sf.to_json(saved)) == saved  # what is accepted can be written and read back


@pytest.mark.parametrize("place", _PLACES, ids=lambda p: ".".join(map(str, p)))
def test_every_field_takes_hostile_values_without_a_crash(place):
    for value in _HOSTILE:
        _read_or_refused(json.dumps(_put(_base(), place, value)))


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(place=st.sampled_from(_PLACES), value=_json)
def test_random_json_in_any_field_is_read_or_refused(place, value):
    _read_or_refused(json.dumps(_put(_base(), place, value)))


# ---------------------------------------------------------------------------
# Game records through the same converter.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("change, message", [
    ({"seed": True}, "seed must be a whole number"),
    ({"seed": -1}, "seed must be a whole number"),
    ({"extra": 1}, "extra fields found (extra)"),
    ({"in_play": "sd"}, "$.in_play"),
    ({"actions": [{"type": "toveren"}]}, "$.actions[0]"),
    ({"final": {"round": "drie"}}, "final figures"),
])
def test_a_malformed_record_is_a_record_error_with_its_path(change, message):
    data = json.loads(OLD_RECORD.read_text(encoding="utf-8"))
    data.update(change)
    with pytest.raises(RecordError) as err:
        GameRecord.from_json(json.dumps(data))
    assert message in str(err.value)


def test_a_record_with_huge_numbers_is_a_record_error():
    text = OLD_RECORD.read_text(encoding="utf-8")
    for old in ('"seed": 3', '"delta": 5'):
        assert old in text
        with pytest.raises(RecordError):
            GameRecord.from_json(text.replace(old, old.split(":")[0] + ": " + _HUGE, 1))
    with pytest.raises(RecordError, match="lacks the field 'seed'"):
        GameRecord.from_json(text.replace('"seed": 3', '"sead": 3'))


# ---------------------------------------------------------------------------
# Writing: never a file the codec would refuse.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("change", [
    {"actions": (Adjust("kpi", math.inf, "309 negens"),)},
    {"timer_left": math.nan},
    {"names": {"wijkteam": "Team \ud800"}},
])
def test_a_session_that_cannot_be_written_faithfully_is_a_clear_error(tmp_path, change):
    path = tmp_path / "s.stabiel.json"
    good = sf.load_session(OLD_SESSION)
    sf.save_session(path, good)
    with pytest.raises(sf.SessionFileError) as err:
        sf.save_session(path, attrs.evolve(good, **change))
    assert err.value.key == "session.err.unwritable" and "onaangeroerd" in err.value.text("nl")
    assert sf.load_session(path) == good and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
