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

`--against TREE` measures the same workloads against another checkout instead (e.g. the revision
when issue 12 was filed: `git worktree add --detach /tmp/old 60eced1`), its engine and policies as
they were, each tree in a process of its own (`bench/play_tree.py`), in turns:

    .venv/bin/python bench/engine.py --against /tmp/old
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim import fast  # noqa: E402
from sim.agents.projection import projector_for  # noqa: E402
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
            # Each engine starts its part with the look-ahead's projections forgotten: the second would
            # otherwise find every projection of the very same games kept by the first.
            projector_for(sc).forget()
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


def _in_tree(tree: Path, scenario: str, task: str, first: int, count: int) -> dict:
    """A workload played by the `sim` of `tree` in a process of its own (bench/play_tree.py): its CPU seconds and digest."""
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "play_tree.py"), str(tree), scenario, task, str(first), str(count)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def against(other: Path, scenario: str, args: argparse.Namespace) -> None:
    """Random and search games per CPU-second and balance's time, this tree against `other`, in turns."""
    print(f"against             {other} (its engine and policies; each tree in its own process, in turns)")
    for task, games, target in (("random", args.games, 5.0), ("search", args.search_games, 5.0)):
        cpu, digests = {ROOT: 0.0, other: 0.0}, {ROOT: [], other: []}
        size = max(1, games // 4)
        for first in range(0, games, size):
            for tree in (other, ROOT):
                got = _in_tree(tree, scenario, task, first, min(size, games - first))
                cpu[tree] += got["cpu"]
                digests[tree].append(got["digest"])
        same = "the same games" if digests[ROOT] == digests[other] else "NOT the same games (the rules differ between the trees)"
        ours, theirs = games / cpu[ROOT], games / cpu[other]
        print(f"{task:<8} games/CPU-s {ours:8.1f} here, {theirs:8.1f} there: {ours / theirs:4.1f}x  (target >= {target:.0f}x; {same})")
    if not args.no_balance:
        there, here = _in_tree(other, scenario, "balance", 0, 0), _in_tree(ROOT, scenario, "balance", 0, 0)
        same = "the same outcomes" if here["digest"] == there["digest"] else "NOT the same outcomes"
        print(f"balance, 2 workers  {here['wall']:6.1f} s here, {there['wall']:6.1f} s there: {there['wall'] / here['wall']:4.1f}x wall clock, "
              f"{there['cpu'] / here['cpu']:4.1f}x CPU ({here['cpu']:.1f} s against {there['cpu']:.1f} s)  (target >= 4x; {same})")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "jan-in-de-portiek.yaml"))
    p.add_argument("--games", type=int, default=1000, help="random-policy games per engine")
    p.add_argument("--search-games", type=int, default=24, help="search games per engine")
    p.add_argument("--memory-games", type=int, default=100_000, help="fast games for the memory measure (0: skip)")
    p.add_argument("--no-balance", action="store_true", help="skip the balance comparison (the longest part)")
    p.add_argument("--against", type=Path, help="another checkout: the same workloads on its engine and policies, in turns")
    args = p.parse_args()
    if args.against is not None:
        print(f"load average        {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2-core machine: above 2, others share the cores)")
        against(args.against.resolve(), str(Path(args.scenario).resolve()), args)
        return
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
