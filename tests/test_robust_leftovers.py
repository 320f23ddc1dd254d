"""Issue 16, what was left: lock files go at a clean exit, the backup is offered only when it exists,
report folders never collide."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from sim.core import engine
from sim.report import writer
from sim.scenario.loader import LoadedScenario, load_scenario
from sim.session import lock
from sim.session import sessionfile as sf

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.fixture(scope="module")
def jan() -> LoadedScenario:
    return load_scenario(JAN)


def _saved(jan) -> sf.SavedSession:
    sc = jan.scenario
    return sf.start(jan.path, sc.id, jan.content_hash, engine.new_game(sc, 1, None))


# -- lock files -----------------------------------------------------------------------------------


def test_letting_go_of_a_lock_removes_its_file(jan, tmp_path):
    path = tmp_path / "s.stabiel.json"
    sf.save_session(path, _saved(jan))
    assert lock.lock_path(path).exists() and lock.holds(path)
    lock.release(path)
    assert not lock.lock_path(path).exists() and not lock.holds(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.stabiel.json"]


SAVER = """
import sys
sys.path.insert(0, {root!r})
from sim.scenario.loader import load_scenario
from sim.core import engine
from sim.session import sessionfile as sf
jan = load_scenario({jan!r})
saved = sf.start(jan.path, jan.scenario.id, jan.content_hash, engine.new_game(jan.scenario, 1, None))
sf.save_session({path!r}, saved)
sf.save_session({path!r}, saved)
print("saved", sf.claim is not None, flush=True)
"""


def test_a_clean_exit_leaves_no_lock_file_behind(tmp_path):
    path = tmp_path / "s.stabiel.json"
    done = subprocess.run([sys.executable, "-c", SAVER.format(root=str(ROOT), jan=str(JAN), path=str(path))],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("saved"), done.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.stabiel.json", "s.stabiel.json.bak"]


def test_a_lock_file_left_by_a_killed_program_is_taken_over_and_then_removed(jan, tmp_path):
    path = tmp_path / "s.stabiel.json"
    lock.lock_path(path).write_bytes(b"")  # what SIGKILL leaves: the file, without a lock on it
    assert not lock.in_use_elsewhere(path)
    sf.save_session(path, _saved(jan))
    lock.release(path)
    assert not lock.lock_path(path).exists()


def test_looking_whether_a_session_is_open_elsewhere_makes_no_file(tmp_path):
    path = tmp_path / "s.stabiel.json"
    assert not lock.in_use_elsewhere(path)
    assert list(tmp_path.iterdir()) == []


def test_a_claim_never_trusts_a_lock_on_a_file_removed_meanwhile(tmp_path, monkeypatch):
    # Instance B opened the lock file, then A let go (removing it) before B locked: B's lock is on a file no
    # one else can see; a third instance would make a new file and lock that too. B must lock the new one.
    path = tmp_path / "s.stabiel.json"
    real = lock._try_lock
    calls = []

    def lock_after_removal(fh):
        if not calls:
            lock.lock_path(path).unlink()  # A removes the file between B's open and B's lock
        calls.append(fh)
        return real(fh)
    monkeypatch.setattr(lock, "_try_lock", lock_after_removal)
    lock.claim(path)
    try:
        assert len(calls) == 2 and lock.lock_path(path).exists()
        assert lock._same_file(lock._HELD[lock._key(path)], lock.lock_path(path))
    finally:
        lock.release(path)


# -- the backup is offered only when there is one ------------------------------------------------


def _cut_off(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")


def test_a_cut_off_file_without_a_backup_does_not_send_one_to_the_backup(jan, tmp_path):
    path = tmp_path / "s.stabiel.json"
    path.write_text(sf.to_json(_saved(jan)), encoding="utf-8")
    _cut_off(path)
    with pytest.raises(sf.SessionFileError) as err:
        sf.load_session(path)
    assert err.value.key == "session.err.truncated"
    assert ".bak" not in err.value.text("nl") and "reservekopie" not in err.value.text("nl")
    assert ".bak" not in err.value.text("en") and "backup" not in err.value.text("en")


def test_a_cut_off_file_with_a_good_backup_names_it(jan, tmp_path):
    path = tmp_path / "s.stabiel.json"
    saved = _saved(jan)
    sf.save_session(path, saved)
    sf.save_session(path, attrs.evolve(saved, notes=(sf.Note(0, "een notitie", "2026-12-02T03:40:05+00:00"),)))  # now a .bak exists
    lock.release(path)
    _cut_off(path)
    with pytest.raises(sf.SessionFileError) as err:
        sf.load_session(path)
    assert "reservekopie ernaast: s.stabiel.json.bak" in err.value.text("nl")
    assert "backup beside it: s.stabiel.json.bak" in err.value.text("en")


def test_a_damaged_autosave_without_backup_is_listed_without_a_backup_hint(jan, tmp_path, monkeypatch):
    monkeypatch.setenv(sf.ENV_DATA_DIR, str(tmp_path))
    broken = sf.autosave_dir() / "20260101000000-kapot.stabiel.json"
    broken.parent.mkdir(parents=True)
    broken.write_text(json.dumps({"format": "stabiel-session"})[:-3], encoding="utf-8")
    (damaged,) = sf.list_sessions().damaged
    assert ".bak" not in damaged.problem.text("nl") and "reservekopie" not in damaged.problem.text("nl")


# -- report folders -----------------------------------------------------------------------------


def test_two_reports_in_one_second_get_folders_of_their_own(tmp_path):
    when = "2026-12-02T03:40:05.123456+00:00"
    first = writer.new_report_folder(tmp_path, "jan-in-de-portiek", when)
    second = writer.new_report_folder(tmp_path, "jan-in-de-portiek", when)
    assert first != second and first.is_dir() and second.is_dir()
    assert first.name == "20261202034005-jan-in-de-portiek" and second.name == "20261202034005-jan-in-de-portiek-2"
    assert list(first.iterdir()) == [] and list(second.iterdir()) == []


def test_the_debrief_writes_two_reports_in_one_second_into_two_folders(app, monkeypatch):
    from sim.ui.shots import seeded_session

    monkeypatch.setattr(sf, "now", lambda: "2026-12-02T03:40:05+00:00")  # the clock stands still
    debrief = app.switch("debrief", session=seeded_session("debrief", "nl"))
    first, second = debrief.write_report(), debrief.write_report()
    assert first is not None and second is not None and first.parent != second.parent
    assert first.exists() and second.exists()


# -- windows freed when the window closes (the GUI fuzz's memory) ----------------------------------


def _board_app_with_dialogs():
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from sim.ui.app import App
    from sim.ui.shots import seeded_session

    app = App(str(JAN), "nl", window_size=(1920, 1080))
    board = app.switch("board", session=seeded_session("board", "nl"))
    board.open_adjust()
    board.open_note()
    board.dialogs.close("note")  # its UI_WINDOW_CLOSE event, naming the window, is now in the queue
    pygame.event.post(pygame.event.Event(pygame.USEREVENT, ui_element=board.dialogs.get("adjust")))
    return app


def test_closing_the_app_frees_the_windows_its_queued_events_name():
    import gc
    import weakref

    import pygame

    app = _board_app_with_dialogs()
    manager = weakref.ref(app.manager)
    adjust = weakref.ref(app.scene.dialogs.get("adjust"))
    app.close()
    del app
    gc.collect()
    assert not pygame.get_init()
    assert adjust() is None and manager() is None  # pygame-ce frees an event's objects only when it is read


def test_a_new_window_does_not_keep_the_first_ones_widgets():
    import gc
    import weakref

    import pygame

    first = _board_app_with_dialogs()
    manager = weakref.ref(first.manager)
    pygame.event.get()
    pygame.quit()  # as a test or a screenshot does, without App.close
    del first
    second = _board_app_with_dialogs()
    try:
        gc.collect()
        assert manager() is None  # pygame_gui kept the first manager ever made as its default, for good
    finally:
        second.close()
