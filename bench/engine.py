"""Engine benchmark: complete games per second (random policy, default scenario),
time per `apply`, and bytes per game record. Target: >= 200 games/s on one core.

Run: .venv/bin/python bench/engine.py [SCENARIO] [--games N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.analysis.batch import game_seeds, play_game, seat_policies  # noqa: E402
from sim.core import engine  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402
from sim.session.record import GameRecord, final_figures  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("scenario", nargs="?", default=str(Path(__file__).resolve().parent.parent / "scenarios" / "jan-in-de-portiek.yaml"))
    p.add_argument("--games", type=int, default=1000)
    args = p.parse_args()
    loaded = load_scenario(args.scenario)
    sc = loaded.scenario
    policies = seat_policies(sc, "random")
    seeds = game_seeds(0, args.games)

    applies = 0

    def count(_state, _action):
        nonlocal applies
        applies += 1

    t0 = time.perf_counter()
    states = [play_game(sc, s, policies, on_step=count) for s in seeds]
    elapsed = time.perf_counter() - t0
    # As batch runs play them (no log beyond the cards played); best of three runs, since
    # this machine is shared and one run can be slowed by others.
    quiet_times = []
    for _ in range(3):
        t0 = time.perf_counter()
        for s in seeds:
            play_game(sc, s, policies, quiet=True)
        quiet_times.append(time.perf_counter() - t0)
    elapsed_quiet = min(quiet_times)

    # Time per apply, measured on replays of the same games (no policy cost).
    per_apply = []
    for st in states[:200]:
        state = engine.new_game(sc, st.seed)
        t = time.perf_counter()
        for action in st.actions:
            state = engine.apply(sc, state, action)
        per_apply.append((time.perf_counter() - t) / max(1, len(st.actions)))

    sizes = [len(GameRecord.of(sc, loaded.content_hash, st).to_json(final_figures(st)).encode()) for st in states[:200]]
    print(f"scenario            {sc.id}")
    print(f"games               {args.games} (random policy, one process)")
    print(f"games per second    {args.games / elapsed_quiet:.0f} quiet, as batch runs play them, best of 3 "
          f"(median {args.games / statistics.median(quiet_times):.0f})   (target >= 200)")
    print(f"                    {args.games / elapsed:.0f} with the full log, as the shared screen plays them")
    print(f"actions per game    {applies / args.games:.1f}")
    print(f"time per apply      {statistics.median(per_apply) * 1e6:.1f} us median")
    print(f"bytes per record    {statistics.median(sizes):.0f} median (JSON, with final figures)")


if __name__ == "__main__":
    main()
