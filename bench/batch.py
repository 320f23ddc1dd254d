"""Batch benchmark: games per second per policy (one process), the speed-up of 2 workers over 1,
and the time for 10,000 games of the default scenario with `protocol` on all cores.

Targets: speed-up at least 1.7x; 10,000 protocol games in under 60 s.
Run: .venv/bin/python bench/batch.py [SCENARIO] [--games N] [--big N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.agents import POLICIES  # noqa: E402
from sim.analysis.batch import default_workers, game_seeds, run_games  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402

SLOW = {"search": 20}  # games for policies that are slow by design


def _cpu() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime


def timed(sc, seeds, policy: str, workers: int) -> float:
    return timed_cpu(sc, seeds, policy, workers)[0]


def timed_cpu(sc, seeds, policy: str, workers: int) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (this process and its workers) for a batch."""
    t0, c0 = time.perf_counter(), _cpu()
    run_games(sc, seeds, policy, workers=workers)
    return time.perf_counter() - t0, _cpu() - c0


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("scenario", nargs="?", default=str(Path(__file__).resolve().parent.parent / "scenarios" / "jan-in-de-portiek.yaml"))
    p.add_argument("--games", type=int, default=1000, help="games per policy for the per-policy rates")
    p.add_argument("--big", type=int, default=10_000, help="games for the protocol run on all cores")
    args = p.parse_args()
    sc = load_scenario(args.scenario).scenario
    print(f"scenario            {sc.id}   (cores: {default_workers()}, load average now {os.getloadavg()[0]:.1f})")
    print()
    print(f"{'policy':<16}{'games':>7}{'seconds':>10}{'games/s':>10}   (one process)")
    for name in POLICIES:
        n = min(args.games, SLOW.get(name, args.games))
        dt = timed(sc, game_seeds(0, n), name, 1)
        print(f"{name:<16}{n:>7}{dt:>10.2f}{n / dt:>10.1f}")
    print()
    seeds = game_seeds(1, 2000)
    one, cpu_one = timed_cpu(sc, seeds, "random", 1)
    two, cpu_two = timed_cpu(sc, seeds, "random", 2)
    print(f"speed-up, 2 workers over 1   {one / two:.2f}x   (random, {len(seeds)} games: {one:.1f} s vs {two:.1f} s; target >= 1.7x)")
    # On a busy machine the wall-clock speed-up says more about the neighbours than about the batch;
    # the CPU time shows what parallel running itself costs: 2 x (CPU for 1) / (CPU for 2) is the
    # speed-up two free cores would give.
    print(f"  CPU: {cpu_one:.1f} s for 1 worker, {cpu_two:.1f} s for 2: speed-up on two free cores "
          f"{2 * cpu_one / cpu_two:.2f}x (load average {os.getloadavg()[0]:.1f})")
    workers = default_workers()
    big = timed(sc, game_seeds(2, args.big), "protocol", workers)
    print(f"{args.big} protocol games      {big:.1f} s on {workers} workers ({args.big / big:.0f} games/s; target < 60 s)")


if __name__ == "__main__":
    main()
