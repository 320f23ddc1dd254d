"""Frame-time benchmark of the busiest board scene at 1920×1080, headless.

Prints the median and p99 frame time as a fraction of the 16.7 ms budget of
60 fps (target: p99 at most 0.5), for an idle frame (nothing changed), a frame
in which the board must be drawn anew (a move was made, the meter tweens), and
the time from start to the first interactive frame.

Run: .venv/bin/python bench/frames.py [--frames N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BUDGET = 1 / 60


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def report(name: str, times: list[float]) -> None:
    med, p99 = statistics.median(times), pct(times, 0.99)
    print(f"{name:<34} median {med * 1e3:6.2f} ms ({med / BUDGET:4.2f} of budget)   "
          f"p99 {p99 * 1e3:6.2f} ms ({p99 / BUDGET:4.2f} of budget)")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--frames", type=int, default=300)
    args = p.parse_args()

    t0 = time.perf_counter()
    import pygame

    from sim.ui.app import App

    app = App(None, "nl", window_size=(1920, 1080))
    app.frame(1 / 60)
    startup = time.perf_counter() - t0

    from sim.ui.shots import seeded_session

    session = seeded_session("board", "nl")
    board = app.switch("board", session=session)
    board.on_state_changed(session.states[-2])  # the "what just happened" box is up: the busiest board
    app.frame(1 / 60)

    idle = []
    for _ in range(args.frames):
        t = time.perf_counter()
        app.frame(1 / 60)
        idle.append(time.perf_counter() - t)

    redraw = []
    for i in range(args.frames):
        board.hover = i % 9  # the mouse moves over the cards: the board is drawn anew every frame
        app.dirty = True
        t = time.perf_counter()
        app.frame(1 / 60)
        redraw.append(time.perf_counter() - t)

    print("busiest board scene, 1920x1080 (Jan in de portiek, round 2, actions)")
    report("idle frame (nothing changed)", idle)
    report("board drawn anew every frame", redraw)
    print(f"{'start to first interactive frame':<34} {startup:.2f} s")
    pygame.quit()


if __name__ == "__main__":
    main()
