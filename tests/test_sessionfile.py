"""Session files: JSON round trip, atomic saves with a backup, refusal of damaged files, autosave, restore."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import numpy as np
import pytest

from sim.analysis.batch import play_game, seat_policies
from sim.core import engine
from sim.core.state import Adjust, InjectEvent, NextPhase, Pass, PlayCard
from sim.i18n import TABLES
from sim.scenario.loader import LoadedScenario, load_scenario
from sim.session import sessionfile as sf
from sim.session.record import GameRecord, final_figures

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.fixture(scope="module")
def jan() -> LoadedScenario:
    return load_scenario(JAN)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Every test gets its own autosave folder."""
    monkeypatch.setenv(sf.ENV_DATA_DIR, str(tmp_path / "data"))
    return tmp_path / "data"


def _session(jan, seed=3, policy="random", lang="nl") -> tuple[sf.SavedSession, object]:
    sc = jan.scenario
    state = play_game(sc, seed, seat_policies(sc, policy))
    saved = sf.start(jan.path, sc.id, jan.content_hash, state, seats={a.id: policy for a in sc.agencies},
                     names={"wijkteam": "Team Oost"}, lang=lang, round_seconds=600)
    return saved, state


def _rich(jan) -> sf.SavedSession:
    saved, state = _session(jan)
    saved = sf.add_note(saved, 2, "Het gesprek met Jan liep goed", log_len=12)
    saved = sf.add_undo(saved, jan.scenario, state.actions[-1], state.round)
    saved = sf.set_rating(saved, "lo_stressoren", "S")
    return attrs.evolve(saved, redo=(PlayCard("wijkteam", "wt_doorverwijzen"), Pass("wijkteam")), timer_left=42.5)


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------


def test_a_session_survives_json(jan):
    saved = _rich(jan)
    again = sf.from_json(sf.to_json(saved))
    assert again == saved
    assert again.notes[0].log_len == 12 and again.notes[1].kind == "undo"
    assert again.ratings == {"lo_stressoren": "S"} and again.timer_left == 42.5


def test_every_kind_of_action_survives(jan):
    actions = (NextPhase(), PlayCard("sd", "c"), Pass("sd"), InjectEvent("deurwaarder"), Adjust("trust", -1.5, "mis", "pol"))
    saved = attrs.evolve(_session(jan)[0], actions=actions, redo=actions[:2])
    assert sf.from_json(sf.to_json(saved)).actions == actions


def test_the_file_says_what_it_is_first(jan):
    text = sf.to_json(_session(jan)[0])
    assert text.splitlines()[1:3] == [' "format": "stabiel-session",', ' "version": 1,']


def test_ratings_only_take_psmu(jan):
    saved = _session(jan)[0]
    for r in sf.RATINGS:
        assert sf.set_rating(saved, "lo", r).ratings["lo"] == r
    assert "lo" not in sf.set_rating(sf.set_rating(saved, "lo", "P"), "lo", None).ratings
    with pytest.raises(ValueError):
        sf.set_rating(saved, "lo", "X")
    with pytest.raises(ValueError):
        sf.add_note(saved, 1, "x", kind="anders")


# ---------------------------------------------------------------------------
# Saving: atomic, with a backup, never over something good.
# ---------------------------------------------------------------------------


def test_save_keeps_the_previous_version_as_backup(jan, tmp_path):
    path = tmp_path / "s.stabiel.json"
    first, _ = _session(jan, seed=1)
    second = sf.add_note(first, 1, "tweede")
    sf.save_session(path, first)
    assert not sf.backup_path(path).exists()
    sf.save_session(path, second)
    assert sf.load_session(path) == second
    assert sf.load_session(sf.backup_path(path)) == first
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock"))  # the lock is held until the end
    assert left == ["s.stabiel.json", "s.stabiel.json.bak"]  # no temp files left


def test_saving_over_a_damaged_file_keeps_it_and_the_good_backup(jan, tmp_path):
    path = tmp_path / "s.stabiel.json"
    good, _ = _session(jan, seed=1)
    sf.save_session(path, good)
    sf.save_session(path, good)  # now there is a good backup
    path.write_bytes(b'{"format": "stabiel-session", "vers')  # damaged on disk
    newer = sf.add_note(good, 3, "na de schade")
    sf.save_session(path, newer)
    assert sf.load_session(path) == newer
    assert sf.load_session(sf.backup_path(path)) == good  # the damaged file did not replace the good backup
    kept = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == b'{"format": "stabiel-session", "vers'


def test_a_folder_that_cannot_be_written_is_a_clear_error(jan, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(sf.SessionFileError) as err:
        sf.save_session(blocker / "s.json", _session(jan)[0])
    assert "cannot be saved" in str(err.value)
    assert "kan niet opgeslagen" in err.value.text("nl")


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(jan, tmp_path, monkeypatch):
    path = tmp_path / "s.stabiel.json"
    old, _ = _session(jan, seed=1)
    sf.save_session(path, old)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sf.os, "replace", broken_replace)
    with pytest.raises(sf.SessionFileError, match="the disk is full"):
        sf.save_session(path, sf.add_note(old, 1, "nieuw"))
    monkeypatch.undo()
    assert sf.load_session(path) == old
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------------------
# Loading: damaged, cut-off, foreign and unknown-version files are refused.
# ---------------------------------------------------------------------------


def _refused(path: Path, match: str) -> sf.SessionFileError:
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(sf.SessionFileError) as err:
        sf.load_session(path)
    assert match in str(err.value), str(err.value)
    assert str(path) in str(err.value)
    for lang in ("nl", "en"):
        assert err.value.text(lang).strip()
    if before is not None:
        assert path.read_bytes() == before  # reading never changes the file
    return err.value


@pytest.mark.parametrize("cut", [1, 10, 100, 0.5, -30, -2])
def test_a_truncated_file_is_refused(jan, tmp_path, cut):
    text = sf.to_json(_rich(jan)).encode()
    n = int(len(text) * cut) if isinstance(cut, float) else cut if cut > 0 else len(text) + cut
    path = tmp_path / "cut.json"
    path.write_bytes(text[:n])
    err = _refused(path, "")
    assert err.key in ("session.err.truncated", "session.err.not_session", "session.err.not_json")
    if n > 60:  # long enough to have started the object properly
        assert err.key == "session.err.truncated"


@pytest.mark.parametrize("seed", range(8))
def test_random_bytes_are_refused(tmp_path, seed):
    rng = np.random.default_rng(seed)
    path = tmp_path / "random.json"
    path.write_bytes(rng.integers(0, 256, size=int(rng.integers(1, 4000)), dtype=np.uint8).tobytes())
    _refused(path, "")


@pytest.mark.parametrize("version, message", [
    (2, "newer Stabiel"), (99, "newer Stabiel"), (0, "unknown session file version"),
    ("1", "unknown session file version"), (None, "unknown session file version"), (True, "unknown session file version"),
])
def test_an_unknown_version_is_refused(jan, tmp_path, version, message):
    data = json.loads(sf.to_json(_session(jan)[0]))
    data["version"] = version
    path = tmp_path / "v.json"
    path.write_text(json.dumps(data))
    _refused(path, message)


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("   \n", "empty"),
    ("[1, 2]", "not a saved Stabiel session"),
    ('{"format": "iets"}', "not a saved Stabiel session"),
    ("scenario: jan\n", "damaged"),
    ("[" * 100000, "not a saved Stabiel session"),
])
def test_foreign_files_are_refused(tmp_path, text, message):
    path = tmp_path / "f.json"
    path.write_text(text)
    _refused(path, message)


def test_a_game_record_is_recognised(jan, tmp_path):
    _, state = _session(jan)
    path = tmp_path / "r.json"
    path.write_text(GameRecord.of(jan.scenario, jan.content_hash, state).to_json())
    _refused(path, "game record, not a session")


def test_a_missing_file_and_a_folder_are_refused(tmp_path):
    _refused(tmp_path / "nope.json", "does not exist")
    with pytest.raises(sf.SessionFileError):
        sf.load_session(tmp_path)


@pytest.mark.parametrize("field, value, message", [
    ("seed", -1, "'seed'"),
    ("seed", "7", "'seed'"),
    ("in_play", [], "'in_play'"),
    ("lang", "fr", "'lang'"),
    ("ratings", {"lo": "X"}, "'ratings'"),
    ("notes", [{"round": 1, "text": "x"}], "'notes'"),
    ("notes", [{"round": 1, "text": "x", "time": "gisteren"}], "'notes'"),
    ("actions", [{"type": "toveren"}], "move 1 in 'actions'"),
    ("actions", {"type": "pass"}, "'actions'"),
    ("seats", {"sd": 3}, "'seats'"),
    ("timer_left", -5, "'timer_left'"),
    ("created", "morgen", "'created'"),
    ("extra", 1, "unknown field 'extra'"),
])
def test_malformed_fields_are_refused(jan, tmp_path, field, value, message):
    data = json.loads(sf.to_json(_rich(jan)))
    data[field] = value
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data))
    _refused(path, message)


@pytest.mark.parametrize("field", ["scenario_id", "seed", "actions", "in_play"])
def test_a_missing_field_is_refused(jan, tmp_path, field):
    data = json.loads(sf.to_json(_session(jan)[0]))
    del data[field]
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data))
    _refused(path, f"'{field}' is missing")


def test_error_messages_exist_in_both_languages():
    keys = [k for k in TABLES["nl"] if k.startswith("session.")]
    assert len(keys) > 30 and all(k in TABLES["en"] for k in keys)


# ---------------------------------------------------------------------------
# Autosave.
# ---------------------------------------------------------------------------


def test_autosave_dir_honours_the_environment(data_dir):
    assert sf.autosave_dir() == data_dir / "autosave"


def test_autosave_dir_defaults_to_the_user_data_folder(monkeypatch):
    import platformdirs

    monkeypatch.delenv(sf.ENV_DATA_DIR)
    assert sf.autosave_dir() == Path(platformdirs.user_data_dir("stabiel", appauthor=False)) / "autosave"


def test_latest_autosave_is_the_most_recently_saved(jan):
    assert sf.latest_autosave() is None
    a, _ = _session(jan, seed=1)
    b, _ = _session(jan, seed=2)
    a = attrs.evolve(a, created="2026-01-01T10:00:00+01:00", updated="2026-01-01T11:00:00+01:00")
    b = attrs.evolve(b, created="2026-01-01T10:30:00+01:00", updated="2026-01-01T10:45:00+01:00")
    sf.autosave(b)
    sf.autosave(a)  # saved last (the recorded times do not decide: a clock may be wrong)
    assert sf.autosave_path(a) != sf.autosave_path(b)
    assert sf.latest_autosave().saved == a
    assert [x.saved for x in sf.list_autosaves()] == [a, b]
    a_running = attrs.evolve(a, final=None)
    sf.autosave(a_running)
    assert sf.latest_autosave(include_finished=False).saved == a_running
    sf.discard_autosave(a_running)
    assert sf.latest_autosave().saved == b
    assert (sf.autosave_dir() / "old" / sf.autosave_path(a).name).exists()  # put aside, not deleted


def test_a_damaged_autosave_falls_back_to_its_backup(jan):
    first, _ = _session(jan, seed=1)
    second = sf.add_note(first, 2, "daarna")
    sf.autosave(first)
    path = sf.autosave(second)
    path.write_bytes(path.read_bytes()[:100])  # the disk lost the end
    (path.parent / f".{path.name}.abc.tmp").write_text("half")  # a temp file from a killed process
    found = sf.latest_autosave()
    assert found.from_backup and found.saved == first and found.path == path
    assert found.problem is not None and found.problem.key == "session.err.truncated"


def test_nothing_usable_means_no_offer(data_dir):
    folder = data_dir / "autosave"
    folder.mkdir(parents=True)
    (folder / "x.stabiel.json").write_text("kapot")
    assert sf.latest_autosave() is None


# ---------------------------------------------------------------------------
# Restore: replay on the scenario, warn about a changed scenario file.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed, policy", [(1, "grensverlegger"), (2, "protocol"), (3, "random"), (4, "greedy"), (5, "pass")])
def test_every_saved_session_replays_to_its_recorded_final_state(jan, tmp_path, seed, policy):
    saved, state = _session(jan, seed, policy)
    path = sf.save_session(tmp_path / "s.json", saved)
    again = sf.load_session(path)
    restored, warnings = sf.restore(again, jan)
    assert warnings == ()
    assert restored == state
    assert final_figures(restored) == dict(again.final)


def test_restore_keeps_every_state_for_undo_and_the_redo_states(jan):
    saved, state = _session(jan)
    cut = 20
    saved = attrs.evolve(saved, actions=state.actions[:cut], redo=state.actions[cut:cut + 3])
    r = sf.restore_all(saved, jan)
    assert len(r.states) == cut + 1
    assert r.state == engine.replay(jan.scenario, saved.seed, state.actions[:cut])
    assert [len(s.actions) for s in r.redo_states] == [cut + 1, cut + 2, cut + 3]


def test_a_changed_scenario_is_told_in_the_sessions_language(jan):
    saved, state = _session(jan)
    changed = attrs.evolve(saved, scenario_hash="0" * 64)
    restored, warnings = sf.restore(changed, jan)
    assert restored == state
    assert len(warnings) == 1 and "scenariobestand" in warnings[0] and "veranderd" in warnings[0]
    _, warnings = sf.restore(changed, jan, lang="en")
    assert "has changed" in warnings[0]


def test_moves_that_no_longer_fit_are_dropped_with_a_warning(jan):
    saved, state = _session(jan)
    bad = attrs.evolve(saved, actions=state.actions[:10] + (PlayCard("wijkteam", "bestaat_niet"),) + state.actions[10:])
    r = sf.restore_all(bad, jan, lang="en")
    assert len(r.states) == 11
    assert any("Move 11 of" in w for w in r.warnings)
    with pytest.raises(sf.SessionFileError, match="move 11 of"):
        sf.restore_all(bad, jan, strict=True)


def test_a_session_of_another_scenario_is_refused(jan):
    saved, _ = _session(jan)
    with pytest.raises(sf.SessionFileError, match="belongs to scenario 'elders'"):
        sf.restore(attrs.evolve(saved, scenario_id="elders"), jan)


def test_unknown_seats_are_told(jan):
    saved, _ = _session(jan)
    _, warnings = sf.restore(attrs.evolve(saved, seats={"politie": "toverij"}), jan, lang="en")
    assert any("toverij" in w for w in warnings)


def test_the_scenario_is_found_by_path_or_by_id(jan, tmp_path):
    saved, _ = _session(jan)
    assert sf.scenario_for(saved).scenario.id == jan.scenario.id
    moved = attrs.evolve(saved, scenario_path=str(tmp_path / "weg.yaml"))
    assert sf.scenario_for(moved).content_hash == jan.content_hash
    with pytest.raises(sf.SessionFileError, match="'nergens' of this session was not found"):
        sf.scenario_for(attrs.evolve(moved, scenario_id="nergens"))


def test_branch_starts_a_new_session_from_any_point(jan):
    saved = _rich(jan)
    r = sf.restore_all(saved, jan)
    starts = sf.round_starts(r.states)
    assert starts and all(r.states[i].round == r.states[i - 1].round + 1 for i in starts)
    new = sf.branch(saved, starts[1])
    assert new.actions == saved.actions[:starts[1]] and new.notes == () and new.ratings == {}
    assert sf.restore(new, jan)[0] == r.states[starts[1]]
    with pytest.raises(ValueError):
        sf.branch(saved, len(saved.actions) + 1)


def test_capture_reads_a_live_session(jan):
    from sim.ui.session import Session  # no pygame: the live session is screen-free

    s = Session(jan.scenario, seed=3, seats={"politie": "protocol"}, names={"wijkteam": "Oost"}, lang="en",
                round_seconds=300, scenario_path=jan.path, content_hash=jan.content_hash)
    saved = None
    for _ in range(15):
        s.ai_step() if s.waiting_for_ai() else s.advance()
        saved = sf.capture(s, saved)
    s.undo()
    s.undo()
    if hasattr(s, "add_note"):
        s.add_note("notitie")
    saved = sf.capture(s, saved)
    again = sf.load_session(sf.autosave(saved))
    assert again == saved and again.seats["politie"] == "protocol" and again.names == {"wijkteam": "Oost"}
    r = sf.restore_all(again, jan)
    assert list(r.states) == s.states
    assert list(r.redo_states) == list(reversed(s.undone))
    assert sf.capture(s, again).created == again.created
