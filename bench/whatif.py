"""What-if benchmark: the debrief's comparison (the group's seed played by `protocol` and `expert`)
against the time budget it must stay well under, and how much it slows the screen while its thread runs.

Measured side by side, per shipped scenario:
- what-if: the wall-clock seconds of `whatif.what_if` (two headless games), the median of a few runs;
- budget: that time as a ratio of one second (target: well under 1, e.g. < 0.25);
- frames: the debrief's own drawing, frames per second alone and with the what-if thread running
  (the thread shares the interpreter; target: still above the app's 60 frames a second, so the
  screen keeps moving for the few milliseconds the thread runs).
Run: SDL_VIDEODRIVER=dummy .venv/bin/python bench/whatif.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from sim.analysis.batch import play_game, seat_policies  # noqa: E402
from sim.analysis.whatif import what_if  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _fps(app, seconds: float = 0.5) -> float:
    frames, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        app.ctx.dirty = True
        app.render()
        frames += 1
    return frames / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from sim.ui.app import App
    from sim.ui.scenes.presenter import WhatIfJob
    from sim.ui.session import Session

    print(f"{'scenario':<22} {'what-if s':>10} {'÷ 1 s':>8} {'fps alone':>10} {'fps+thread':>11} {'ratio':>6}")
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        loaded = load_scenario(path)
        sc = loaded.scenario
        group = play_game(sc, 3, seat_policies(sc, "random"))
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            what_if(sc, group)
            times.append(time.perf_counter() - t0)
        took = statistics.median(times)
        session = Session(sc, seed=3, scenario_path=str(path), content_hash=loaded.content_hash)
        for action in group.actions:
            session.apply(action)
        app = App(str(path), "nl", window_size=(1920, 1080))
        debrief = app.switch("debrief", session=session)
        debrief.whatif.wait()
        alone = _fps(app)
        busy_frames, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < 0.5:  # keep a what-if thread running the whole time
            job = WhatIfJob(sc, group)
            while not job.done and time.perf_counter() - t0 < 0.5:
                app.ctx.dirty = True
                app.render()
                busy_frames += 1
            job.wait()
        busy = busy_frames / (time.perf_counter() - t0)
        print(f"{path.stem:<22} {took:>10.3f} {took / 1.0:>8.3f} {alone:>10.1f} {busy:>11.1f} {busy / alone:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
