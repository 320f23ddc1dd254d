"""A session killed with SIGKILL in the middle of play resumes exactly where its last autosave was.

`session_driver.py` plays a session action by action, autosaving after every
action and note, and says so on stdout. The test kills it (SIGKILL: no clean-up
of any kind) at different moments, some while a save is in flight, then
resumes from the autosave folder: the file must load, hold the state after the
last saved action (at least as far as the driver had reported), and the game
must play on to the very same end as a session that was never interrupted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import session_driver

from sim.agents import make_policy
from sim.core import engine
from sim.scenario.loader import load_scenario
from sim.session import sessionfile as sf

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL exists only on POSIX systems")

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
DRIVER = Path(session_driver.__file__)
SEED, POLICY = 5, "random"


@pytest.fixture(scope="module")
def reference():
    """The uninterrupted session: every state, in order, and its end."""
    loaded = load_scenario(JAN)
    sc = loaded.scenario
    policies = {a.id: make_policy(POLICY, sc) for a in sc.agencies}
    states = [engine.new_game(sc, SEED)]
    while states[-1].outcome is None:
        states.append(engine.apply(sc, states[-1], session_driver.next_action(sc, states[-1], policies, SEED)))
    assert len(states) > 60, "the reference game is too short to kill it mid-way"
    return loaded, policies, states


def _run_and_kill(data_dir: Path, after_lines: int | None = None, after_seconds: float | None = None,
                  slow_disk: float = 0.0, wait: float = 0.0) -> int:
    """Start the driver, SIGKILL it `wait` s after so many 'saved' lines or seconds; the last number of actions it reported."""
    env = dict(os.environ, **{sf.ENV_DATA_DIR: str(data_dir)})
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(JAN), "--seed", str(SEED), "--policy", POLICY,
                             "--slow-disk", str(slow_disk), "--slow-after", str(after_lines or 0)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, cwd=ROOT)
    reported = -1
    lines = 0
    started = None
    try:
        for line in proc.stdout:
            if line.startswith("done"):
                pytest.fail("the driver finished before it could be killed")
            reported = int(line.split()[1])
            lines += 1
            started = started or time.monotonic()
            if after_lines is not None and lines >= after_lines:
                break
            if after_seconds is not None and time.monotonic() - started >= after_seconds:
                break
        time.sleep(wait)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.stdout.close()
        err = proc.stderr.read()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, err
    return reported


@pytest.mark.parametrize("after_lines", [2, 25, 70])
def test_killed_session_resumes_where_it_was(reference, tmp_path, monkeypatch, after_lines):
    loaded, policies, states = reference
    sc = loaded.scenario
    reported = _run_and_kill(tmp_path, after_lines=after_lines)
    monkeypatch.setenv(sf.ENV_DATA_DIR, str(tmp_path))

    found = sf.latest_autosave()
    assert found is not None and not found.from_backup
    saved = sf.load_session(found.path)  # the file itself is whole
    n = len(saved.actions)
    assert n >= reported  # at most the action in flight is lost, never one that was reported saved
    restored = sf.restore_all(saved, loaded)
    assert restored.warnings == ()
    assert restored.state == states[n]
    assert list(restored.states) == states[: n + 1]  # undo works after the resume too
    assert all(int(note.text.rsplit(" ", 1)[1]) <= n for note in saved.notes)
    assert len(saved.notes) in (n // session_driver.NOTE_EVERY, n // session_driver.NOTE_EVERY - 1)
    if sf.backup_path(found.path).exists():
        assert len(sf.load_session(sf.backup_path(found.path)).actions) in (n, n - 1)

    # Play on from the resumed state: the same end as the session that was never killed.
    final, _ = session_driver.play_on(sc, restored.state, saved, policies, SEED)
    assert final == states[-1]


def test_a_kill_at_an_arbitrary_moment_leaves_a_whole_file(reference, tmp_path, monkeypatch):
    loaded, _, states = reference
    reported = _run_and_kill(tmp_path, after_seconds=0.05)
    monkeypatch.setenv(sf.ENV_DATA_DIR, str(tmp_path))
    found = sf.latest_autosave()
    assert found is not None and not found.from_backup
    n = len(found.saved.actions)
    assert n >= reported
    assert sf.restore(found.saved, loaded)[0] == states[n]


def test_a_kill_in_the_middle_of_a_save_loses_only_that_save(reference, tmp_path, monkeypatch):
    loaded, _, states = reference
    # Every fsync takes 0.3 s: killed 0.1 s after a save was reported, the next save is half done.
    reported = _run_and_kill(tmp_path, after_lines=12, slow_disk=0.3, wait=0.1)
    monkeypatch.setenv(sf.ENV_DATA_DIR, str(tmp_path))
    left = [p.name for p in (tmp_path / "autosave").iterdir() if p.name.endswith(".tmp")]
    assert left, "the kill did not land in the middle of a save"
    found = sf.latest_autosave()
    assert found is not None and not found.from_backup
    n = len(found.saved.actions)
    assert n == reported  # the save in flight is lost, nothing else
    assert sf.restore(found.saved, loaded)[0] == states[n]
    # The next autosave of the resumed session goes on over the same file.
    sf.autosave(sf.add_note(found.saved, states[n].round, "hervat"))
    assert len(sf.load_session(found.path).notes) == len(found.saved.notes) + 1
