"""Replay benchmark: resuming a session of n actions, for doubling n: time and peak memory, and their ratios.

    python bench/replay.py [--sizes 500 1000 2000 4000]

A linear replay doubles its time and memory when the actions double (ratio
about 2); the old replay, in which every state copied the whole record, gave
ratios near 4. The session holds adjustments only (a crafted file: a real
game ends long before), every state is kept as the board keeps them for undo.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import attrs  # noqa: E402

from sim.core import engine  # noqa: E402
from sim.core.state import Adjust  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402
from sim.session import sessionfile as sf  # noqa: E402


def measure(loaded, n: int) -> tuple[float, float, int]:
    """Seconds and peak MB to read and restore a session of `n` actions, and its size in bytes."""
    sc = loaded.scenario
    saved = sf.start(loaded.path, sc.id, loaded.content_hash, engine.new_game(sc, 1, None))
    saved = attrs.evolve(saved, actions=tuple(Adjust("stress", 0.5 if i % 2 else -0.5, "x") for i in range(n)))
    text = sf.to_json(saved)
    t0 = time.perf_counter()
    sf.restore_all(sf.from_json(text), loaded)
    seconds = time.perf_counter() - t0
    tracemalloc.start()
    sf.restore_all(sf.from_json(text), loaded)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak, len(text.encode("utf-8"))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000])
    args = p.parse_args()
    loaded = load_scenario(ROOT / "scenarios" / "jan-in-de-portiek.yaml")
    previous = None
    print(f"{'actions':>8} {'file KB':>8} {'seconds':>8} {'peak MB':>8} {'time x':>7} {'memory x':>8}")
    for n in args.sizes:
        seconds, peak, size = measure(loaded, n)
        ratios = ("", "") if previous is None else (f"{seconds / previous[0]:.2f}", f"{peak / previous[1]:.2f}")
        print(f"{n:8d} {size / 1024:8.0f} {seconds:8.2f} {peak:8.1f} {ratios[0]:>7} {ratios[1]:>8}")
        previous = (seconds, peak)


if __name__ == "__main__":
    main()
