"""Frame and move benchmark of the board at 1920×1080, headless, as ratios to the targets of issue 11.

Measures, in one run:
- per move: the time from a move (the engine's step included) to the screen showing it
  (the board's update plus one drawn and presented frame), p50 and p99, over a whole game
  played by computer teams; targets 20 ms (p50) and 33 ms (p99);
- memory: the process's resident size before and after that whole game; target at most 20 MiB growth;
- frames: an idle frame and a frame in which the board is drawn anew, median and p99, as a
  fraction of the 16.7 ms budget of 60 fps; target p99 at most 0.5;
- start to the first interactive frame, in a fresh process; target 0.6 s.

A ratio of 1.00 or less meets the target. `--tree PATH` runs the same measurement against
another checkout (e.g. `git worktree add --detach /tmp/uiboard-old main`), so before and
after are measured side by side on the same machine:

    .venv/bin/python bench/frames.py --tree /tmp/uiboard-old
    .venv/bin/python bench/frames.py

`--against PATH` measures only the start-up, of this tree and PATH in turns, and prints the ratio.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
HERE = Path(__file__).resolve().parent.parent

BUDGET = 1 / 60
MOVE_P50, MOVE_P99 = 0.020, 0.033
RSS_GROWTH = 20.0  # MiB
STARTUP = 0.6  # s
FRAME_P99 = 0.5  # of the budget


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def rss_mib() -> float:
    """The resident set size of this process now (Linux /proc), in MiB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def line(name: str, value: str, ratio: float) -> None:
    verdict = "ok" if ratio <= 1.0 else "OVER"
    print(f"  {name:<44} {value:>22}   ratio {ratio:5.2f}  {verdict}")


def startup_seconds(tree: Path) -> float:
    """Start to first interactive frame of the start screen, in a fresh interpreter (imports included)."""
    code = (
        "import os, sys, time; t0 = time.perf_counter(); "
        f"sys.path.insert(0, {str(tree)!r}); "
        "from sim.ui.app import App; app = App(None, 'nl', window_size=(1920, 1080)); app.frame(1/60); "
        "print(time.perf_counter() - t0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"})
    return float(out.stdout.strip().splitlines()[-1])


def startup_side_by_side(tree: Path, other: Path, runs: int) -> None:
    """Start-up of two checkouts measured in turns (so a busy machine weighs on both alike), and their ratio."""
    ours, theirs = [], []
    for _ in range(runs):
        theirs.append(startup_seconds(other))
        ours.append(startup_seconds(tree))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"start to first interactive frame, {runs} runs each, in turns")
    print(f"  {str(other):<44} median {b:.3f} s  ({', '.join(f'{x:.2f}' for x in theirs)})")
    print(f"  {str(tree):<44} median {a:.3f} s  ({', '.join(f'{x:.2f}' for x in ours)})")
    print(f"  ratio {a / b:.2f} of the other tree; target 0.60 s")


def whole_game(app, seed: int) -> tuple[list[float], float]:
    """Play a whole game with computer teams through the board; the time per move to a shown frame, and RSS growth."""
    from sim import resources
    from sim.core import engine
    from sim.scenario.loader import load_scenario
    from sim.ui.session import Session

    sc = load_scenario(resources.default_scenario()).scenario
    session = Session(sc, seed=seed, seats={a.id: "grensverlegger" for a in sc.agencies}, lang="nl", round_seconds=600)
    if hasattr(session, "show_moments"):  # the board's own speed: the moments' announcements wait for a key
        session.show_moments = False
        session.skip_moments()
    board = app.switch("board", session=session)
    app.frame(1 / 60)
    gc.collect()
    rss0 = rss_mib()
    times = []
    while not engine.is_over(session.state):
        t = time.perf_counter()
        before = session.state
        if session.ai_step() is None:
            session.advance()
        board.on_state_changed(before)
        app.dirty = True
        app.frame(1 / 60)
        times.append(time.perf_counter() - t)
        for _ in range(3):  # a few quiet frames between moves, as on a real screen
            app.frame(1 / 60)
    gc.collect()
    return times, rss_mib() - rss0


def frames(app, n: int) -> tuple[list[float], list[float]]:
    """Idle frames and frames in which the busiest board is drawn anew."""
    from sim.ui.shots import seeded_session

    session = seeded_session("board", "nl")
    board = app.switch("board", session=session)
    board.on_state_changed(session.states[-2])  # the "what just happened" line is up: the busiest board
    app.frame(1 / 60)
    idle = []
    for _ in range(n):
        t = time.perf_counter()
        app.frame(1 / 60)
        idle.append(time.perf_counter() - t)
    redraw = []
    for i in range(n):
        board.hover = i % 9  # the mouse moves over the cards: the board is drawn anew every frame
        app.dirty = True
        t = time.perf_counter()
        app.frame(1 / 60)
        redraw.append(time.perf_counter() - t)
    return idle, redraw


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--frames", type=int, default=300)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--tree", type=Path, default=HERE, help="the checkout whose sim/ is measured (default: this one)")
    p.add_argument("--against", type=Path, help="another checkout: only the start-up is measured, in turns with this one")
    p.add_argument("--runs", type=int, default=5, help="start-ups of each tree with --against")
    args = p.parse_args()
    tree = args.tree.resolve()
    if args.against is not None:
        startup_side_by_side(tree, args.against.resolve(), args.runs)
        return
    sys.path.insert(0, str(tree))

    start = statistics.median(startup_seconds(tree) for _ in range(3))
    import pygame

    import sim
    from sim.ui.app import App

    assert Path(sim.__file__).resolve().is_relative_to(tree), f"measuring {sim.__file__}, not {tree}"
    app = App(None, "nl", window_size=(1920, 1080))
    moves, growth = whole_game(app, args.seed)
    idle, redraw = frames(app, args.frames)
    pygame.quit()

    print(f"board at 1920x1080, tree {tree} (Jan in de portiek, seed {args.seed})")
    p50, p99 = statistics.median(moves), pct(moves, 0.99)
    line(f"move to shown frame p50 ({len(moves)} moves)", f"{p50 * 1e3:.1f} ms / 20 ms", p50 / MOVE_P50)
    line("move to shown frame p99", f"{p99 * 1e3:.1f} ms / 33 ms", p99 / MOVE_P99)
    line("RSS growth over the whole game", f"{growth:.1f} MiB / 20 MiB", max(growth, 0.0) / RSS_GROWTH)
    for name, times in (("idle frame", idle), ("board drawn anew", redraw)):
        med, q99 = statistics.median(times), pct(times, 0.99)
        print(f"  {name + ' median':<44} {med * 1e3:>19.2f} ms   ({med / BUDGET:.2f} of the 60 fps budget)")
        line(f"{name} p99", f"{q99 * 1e3:.2f} ms / 8.3 ms", q99 / BUDGET / FRAME_P99)
    line("start to first interactive frame (median of 3)", f"{start:.2f} s / 0.60 s", start / STARTUP)


if __name__ == "__main__":
    main()
