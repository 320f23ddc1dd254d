"""Engine benchmark: the fast path for batch play (sim/fast) against the reference engine, side by side in one run.

Prints, each as a ratio over the reference engine measured in the same run
(the fast path switched off: `sim.fast.SWITCH`), the two interleaved so that
a change in the machine's load touches both alike:
- random-policy games per CPU-second (target >= 5x),
- search games per CPU-second (target >= 5x),
- `balance` of the scenario with its defaults on 2 workers, wall clock and CPU (target >= 4x),
- the resident memory of one worker over 100,000 fast games (target: flat).
It also checks, on every game it times, that both engines played the same game.

Run: .venv/bin/python bench/engine.py [SCENARIO] [--games N] [--search-games N] [--memory-games N] [--no-balance]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim import fast  # noqa: E402
from sim.analysis.balance import run_balance  # noqa: E402
from sim.analysis.batch import game_seeds, play_game, seat_policies  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    """CPU seconds of this process and its finished children (balance's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(on: bool, run):
    fast.SWITCH.on = on
    try:
        c0, w0 = _cpu(), time.perf_counter()
        out = run()
        return out, _cpu() - c0, time.perf_counter() - w0
    finally:
        fast.SWITCH.on = True


def side_by_side(sc, policy: str, games: int, parts: int = 4) -> tuple[float, float]:
    """Games per CPU-second (fast, reference), the two interleaved in `parts` parts; both must play the same games."""
    policies = seat_policies(sc, policy)
    seeds = game_seeds(0, games)
    cpu = {True: 0.0, False: 0.0}
    size = max(1, games // parts)
    for i in range(0, games, size):
        part = seeds[i : i + size]
        got = {}
        for on in (True, False):
            got[on], c, _ = _timed(on, lambda part=part: [play_game(sc, s, policies, quiet=True) for s in part])
            cpu[on] += c
        if got[True] != got[False]:
            raise SystemExit(f"the fast path and the reference engine played different {policy} games")
    return games / cpu[True], games / cpu[False]


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def memory(sc, games: int) -> list[tuple[int, float]]:
    """The resident memory (MB) after every tenth of `games` fast random games, as one batch worker plays them."""
    policies = seat_policies(sc, "random")
    marks = []
    step = max(1, games // 10)
    for i, seed in enumerate(game_seeds(1, games), 1):
        play_game(sc, seed, policies, quiet=True)
        if i % step == 0 or i == 1:
            marks.append((i, _rss_mb()))
    return marks


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "jan-in-de-portiek.yaml"))
    p.add_argument("--games", type=int, default=1000, help="random-policy games per engine")
    p.add_argument("--search-games", type=int, default=12, help="search games per engine")
    p.add_argument("--memory-games", type=int, default=100_000, help="fast games for the memory measure (0: skip)")
    p.add_argument("--no-balance", action="store_true", help="skip the balance comparison (the longest part)")
    args = p.parse_args()
    sc = load_scenario(args.scenario).scenario
    rules, why = fast.compile_scenario(sc)
    print(f"scenario            {sc.id} ({'fast path' if rules else 'reference engine only: ' + why})")
    print(f"load average        {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2-core machine: above 2, others share the cores)")
    for policy, games, target in (("random", args.games, 5.0), ("search", args.search_games, 5.0)):
        quick, ref = side_by_side(sc, policy, games)
        print(f"{policy:<8} games/CPU-s {quick:8.1f} fast, {ref:8.1f} reference: {quick / ref:4.1f}x  (target >= {target:.0f}x)")
    if not args.no_balance:
        _, c_fast, w_fast = _timed(True, lambda: run_balance(sc, workers=2))
        _, c_ref, w_ref = _timed(False, lambda: run_balance(sc, workers=2))
        print(f"balance, 2 workers  {w_fast:6.1f} s fast, {w_ref:6.1f} s reference: {w_ref / w_fast:4.1f}x wall clock, "
              f"{c_ref / c_fast:4.1f}x CPU ({c_fast:.1f} s against {c_ref:.1f} s)  (target >= 4x)")
    if args.memory_games:
        marks = memory(sc, args.memory_games)
        print(f"memory, one worker  {', '.join(f'{n:,} games {mb:.1f} MB' for n, mb in marks)}")
        print(f"                    growth after the first tenth: {marks[-1][1] - marks[1][1]:+.1f} MB  (target: flat)")


if __name__ == "__main__":
    main()
