"""Issue 16, the session side: replay cost, size caps, locks, file names, the listing, OS errors, limits."""

from __future__ import annotations

import errno
import json
import pickle
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import attrs
import pytest

from sim.core import engine
from sim.core.state import Adjust, NextPhase
from sim.scenario.loader import LoadedScenario, load_scenario
from sim.session import limits, lock
from sim.session import sessionfile as sf

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.fixture(scope="module")
def jan() -> LoadedScenario:
    return load_scenario(JAN)


def _saved(jan, actions=(), **changes) -> sf.SavedSession:
    sc = jan.scenario
    saved = sf.start(jan.path, sc.id, jan.content_hash, engine.new_game(sc, 1, None))
    return attrs.evolve(saved, actions=tuple(actions), **changes)


def _adjusts(n: int) -> list[Adjust]:
    return [Adjust("stress", 0.5 if i % 2 else -0.5, "bijstelling") for i in range(n)]


# -- 12: replay is linear, files are capped ---------------------------------------------------------


def _restore_peak(jan, n: int) -> int:
    text = sf.to_json(_saved(jan, _adjusts(n)))
    tracemalloc.start()
    restored = sf.restore_all(sf.from_json(text), jan)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(restored.states) == n + 1
    return peak


def test_resuming_keeps_every_state_in_linear_memory(jan):
    # Every state used to copy the whole record: four times the actions took about sixteen times the memory.
    small, large = _restore_peak(jan, 500), _restore_peak(jan, 2000)
    assert large / small < 6, (small, large)


def test_states_share_the_record_and_branches_stay_apart(jan):
    sc = jan.scenario
    start = engine.new_game(sc, 1, None)
    a = engine.apply(sc, start, Adjust("stress", 1.0, "a"))
    b = engine.apply(sc, start, Adjust("stress", -1.0, "b"))  # play branches off the start (an undo)
    a2 = engine.apply(sc, a, NextPhase())
    assert a.actions == (Adjust("stress", 1.0, "a"),) and b.actions == (Adjust("stress", -1.0, "b"),)
    assert a2.actions[:1] == a.actions and len(a2.actions) == 2 and start.actions == ()
    assert pickle.loads(pickle.dumps(a2)) == a2 and hash(a2.actions) == hash(tuple(a2.actions))
    assert a2.log[: len(a.log)] == a.log and a.log != b.log


def test_a_session_file_over_the_size_cap_is_refused_unread(jan, tmp_path):
    path = tmp_path / "groot.stabiel.json"
    text = sf.to_json(_saved(jan))
    path.write_text(text[:-3] + " " * limits.MAX_FILE_BYTES + "}\n", encoding="utf-8")
    with pytest.raises(sf.SessionFileError) as err:
        sf.load_session(path)
    assert err.value.key == "session.err.too_big" and "MB" in err.value.text("nl")


def test_too_many_actions_are_refused_before_replay(jan):
    data = json.loads(sf.to_json(_saved(jan, _adjusts(2))))
    data["actions"] = data["actions"] * (limits.MAX_ACTIONS // 2 + 1)
    with pytest.raises(sf.SessionFileError) as err:
        sf.from_json(json.dumps(data))
    assert err.value.params["field"] == "actions" and "hoogstens 5000" in err.value.text("nl")


# -- 14: one instance per session file; unique temporary names --------------------------------------


HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from sim.session import lock
lock.claim({path!r})
print("held", flush=True)
time.sleep(60)
"""


def test_a_session_open_in_another_instance_is_not_overwritten(jan, tmp_path):
    path = tmp_path / "s.stabiel.json"
    mine = _saved(jan)
    other = subprocess.Popen([sys.executable, "-c", HOLDER.format(root=str(ROOT), path=str(path))],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        assert lock.in_use_elsewhere(path)
        with pytest.raises(sf.SessionFileError) as err:
            sf.save_session(path, mine)
        assert err.value.key == "session.err.open_elsewhere" and "elders geopend" in err.value.text("nl")
        assert not path.exists()
    finally:
        other.kill()
        other.wait()
    sf.save_session(path, mine)  # the lock died with the other instance
    assert sf.load_session(path) == mine and lock.holds(path)


def test_saves_at_the_same_moment_never_share_a_temporary_file(jan, tmp_path):
    path = tmp_path / "s.stabiel.json"
    saved = _saved(jan)
    sf.save_session(path, saved)
    failures: list[BaseException] = []

    def save_many() -> None:
        for i in range(40):
            try:
                sf.save_session(path, sf.add_note(saved, 1, f"notitie {i}"))
            except BaseException as exc:  # noqa: BLE001 - counted, the test fails on any
                failures.append(exc)
    threads = [threading.Thread(target=save_many) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert failures == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- 15: file names that cannot collide -------------------------------------------------------------


def test_two_sessions_started_in_the_same_second_get_their_own_files(jan):
    a, b = _saved(jan), _saved(jan)
    b = attrs.evolve(b, created=a.created)  # the same second, or a clock reset to the same boot time
    assert sf.autosave_path(a) != sf.autosave_path(b)
    sf.autosave(a)
    sf.autosave(b)
    assert sf.load_session(sf.autosave_path(a)) == a and sf.load_session(sf.autosave_path(b)) == b
    assert sf.autosave_path(sf.fork(a)) != sf.autosave_path(a)
    assert sf.autosave_path(sf.branch(a, 0)) != sf.autosave_path(a)


def test_a_session_from_before_the_id_keeps_its_file_name(jan):
    old = attrs.evolve(_saved(jan), session_id="", created="2026-01-01T10:00:00+01:00")
    assert sf.autosave_path(old).name == "20260101100000-jan-in-de-portiek.stabiel.json"
    assert "session_id" not in json.loads(sf.to_json(old))


# -- 16: the listing: save order, damaged files shown ----------------------------------------------


def test_the_session_just_saved_comes_first_whatever_its_clock_said(jan):
    earlier = attrs.evolve(_saved(jan), updated="2026-06-01T10:00:00+02:00")
    behind = attrs.evolve(_saved(jan), created="2001-01-01T00:00:00+01:00", updated="2001-01-01T00:05:00+01:00")
    sf.autosave(earlier)
    sf.autosave(behind)  # saved last, with the clock 25 years behind
    listing = sf.list_sessions()
    assert [f.saved for f in listing.sessions] == [behind, earlier]
    assert sf.latest_autosave().saved == behind
    sf.autosave(earlier)
    assert [f.saved for f in sf.list_sessions().sessions] == [earlier, behind]


def test_a_damaged_autosave_without_backup_is_listed_with_its_problem(jan):
    good = _saved(jan)
    sf.autosave(good)
    broken = sf.autosave_dir() / "20260101000000-kapot.stabiel.json"
    broken.write_text('{"format": "stabiel-session", "version": 1, "seed": ', encoding="utf-8")
    listing = sf.list_sessions()
    assert [f.saved for f in listing.sessions] == [good]
    assert [d.path for d in listing.damaged] == [broken]
    assert listing.damaged[0].problem.key == "session.err.truncated"


# -- 24: the right warning; OS errors in the reader's language ---------------------------------------


def test_a_malformed_action_in_an_unchanged_scenario_is_not_blamed_on_the_scenario(jan):
    saved = _saved(jan, [NextPhase(), Adjust("geen_cijfer", 1.0, "x")])
    restored = sf.restore_all(saved, jan, "nl")
    assert len(restored.states) == 2
    assert not any("veranderd sinds" in w for w in restored.warnings)
    assert any("beschadigd of met de hand" in w for w in restored.warnings)
    changed = attrs.evolve(saved, scenario_hash="0" * 64)
    assert any("veranderde scenario" in w for w in sf.restore_all(changed, jan, "nl").warnings)


def test_a_full_disk_is_told_in_dutch(jan, tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(sf.os, "replace", full)
    with pytest.raises(sf.SessionFileError) as err:
        sf.save_session(tmp_path / "s.stabiel.json", _saved(jan))
    assert "de schijf is vol" in err.value.text("nl") and "No space" not in err.value.text("nl")
    assert "the disk is full" in err.value.text("en")


def test_an_unknown_os_error_still_speaks_the_language():
    nl = sf.SessionFileError(None, "session.err.write", reason=sf.os_reason(OSError(errno.ENOTSUP, "Not supported")))
    assert "besturingssysteem meldt een fout (ENOTSUP)" in nl.text("nl")


# -- limits at the edge: texts, magnitudes ------------------------------------------------------------


HOSTILE = ["Team\u200bOost", "\u202eTeam", "Jan\x00", "a\u0301\u0301\u0301\u0301\u0301", "x" * 61, "Team\u2028Oost", "\ud800"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_team_name_in_a_file_is_refused_with_the_field(jan, name):
    data = json.loads(sf.to_json(_saved(jan)))
    data["names"] = {"wijkteam": name}
    with pytest.raises(sf.SessionFileError) as err:
        sf.from_json(json.dumps(data))
    assert err.value.params["field"] == "names"


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_team_name_typed_on_screen_is_saved_cleaned(jan, name, tmp_path):
    saved = attrs.evolve(_saved(jan), names={"wijkteam": limits.clean_text(name, "name")})
    saved = sf.add_note(saved, 1, name * 3)
    path = sf.save_session(tmp_path / "s.stabiel.json", saved)
    again = sf.load_session(path)
    assert again == saved and limits.session_text_problem(again.names["wijkteam"], "name") is None


@pytest.mark.parametrize("delta", [1e300, -1e13, 10**30])
def test_an_adjustment_beyond_the_bound_is_refused(jan, delta):
    data = json.loads(sf.to_json(_saved(jan, [Adjust("stress", 1.0, "x")])))
    data["actions"][0]["delta"] = delta
    with pytest.raises(sf.SessionFileError) as err:
        sf.from_json(json.dumps(data))
    assert err.value.params["field"] == "actions"


def test_a_session_that_could_not_be_read_back_is_never_written(jan, tmp_path):
    saved = attrs.evolve(_saved(jan), names={"wijkteam": "Team\u200bOost"})  # past the cleaning, straight in
    with pytest.raises(sf.SessionFileError) as err:
        sf.save_session(tmp_path / "s.stabiel.json", saved)
    assert err.value.key == "session.err.not_readable_back" and "names" in err.value.text("en")
    assert not (tmp_path / "s.stabiel.json").exists()
