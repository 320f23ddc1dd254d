"""`run_sim.py watch`: a file changed by the test is checked again on each save, with the quick verdict or its errors."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

from sim.analysis import watch as watching
from sim.cli import main
from sim.i18n import translator
from sim.scenario.authoring import new_scenario

ROOT = Path(__file__).resolve().parent.parent


def _broken(text: str) -> str:
    """The starter with a `#` inside braces: the file no longer loads, at a known line."""
    return text.replace('title: {nl: "Aanmaning huur", en: "Rent reminder"}', "title: {nl: Aanmaning #2, en: Reminder 2}")


def test_each_save_is_checked_again_errors_then_the_verdict(tmp_path):
    path = new_scenario("mijn-casus", folder=tmp_path)
    good = path.read_text(encoding="utf-8")
    bad_line = next(i for i, s in enumerate(good.split("\n"), 1) if "Aanmaning huur" in s)
    saves = iter([_broken(good), good])
    looks = []

    def sleep(_seconds):  # between two looks at the file, the designer saves the next version
        looks.append(1)
        if len(looks) % 2 == 1:  # one look without a change in between: nothing is checked then
            text = next(saves, None)
            if text is not None:
                path.write_text(text + "\n" * len(looks), encoding="utf-8")  # a new size: a change even within one tick

    out = io.StringIO()
    assert watching.watch(str(path), translator("en"), out, games=30, cycles=3, sleep=sleep) == 0
    text = out.getvalue()
    checks = text.split("--- ")[1:]
    assert len(checks) == 3, text
    assert "QUICK VERDICT" in checks[0] and "error" not in checks[0]
    assert f"{path}:{bad_line}:" in checks[1] and "starts a comment" in checks[1] and "does not load" in checks[1]
    assert "QUICK VERDICT" in checks[2]
    assert len(looks) == 3  # the look between two saves found no change and checked nothing


def test_a_missing_file_is_waited_for(tmp_path):
    out = io.StringIO()
    watching.watch(str(tmp_path / "nog-niet.yaml"), translator("en"), out, cycles=1)
    assert "is not there (yet)" in out.getvalue()


def test_ctrl_c_stops_cleanly(tmp_path, monkeypatch, capsys):
    path = new_scenario("mijn-casus", folder=tmp_path)

    def interrupted(_seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(watching.time, "sleep", interrupted)
    assert main(["--lang", "en", "watch", str(path), "--games", "20"]) == 0
    out = capsys.readouterr().out
    assert "QUICK VERDICT" in out and out.rstrip().endswith("Stopped.")


def test_the_command_sees_a_save_from_outside_within_seconds(tmp_path):
    path = new_scenario("mijn-casus", folder=tmp_path)
    good = path.read_text(encoding="utf-8")
    cmd = [sys.executable, str(ROOT / "run_sim.py"), "--lang", "en", "watch", str(path), "--games", "30", "--cycles", "2", "--poll", "0.1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    assert proc.stdout is not None
    try:
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if line.startswith("QUICK VERDICT"):
                break
        saved = time.perf_counter()
        path.write_text(_broken(good), encoding="utf-8")
        rest, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    elapsed = time.perf_counter() - saved
    assert proc.returncode == 0, err
    assert "starts a comment" in rest and "does not load" in rest, rest
    assert elapsed < 30  # seconds, under load; about 1 s on a quiet machine
