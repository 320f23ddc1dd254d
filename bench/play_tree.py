"""Play a batch workload with the `sim` of another checkout, and print its CPU seconds as JSON (for `engine.py --against`).

    python bench/play_tree.py TREE SCENARIO random|search|balance FIRST COUNT

TREE is a checkout (an older revision: `git worktree add --detach /tmp/old REV`); its
`sim` package is imported instead of this one's, so the workload runs on that
revision's engine and policies. `random` and `search` play the games with seeds
FIRST..FIRST+COUNT-1 of `game_seeds(0, FIRST + COUNT)`, every seat on that policy,
quiet (as batch runs do); `balance` runs `run_balance` with its defaults on 2
workers. It prints `{"cpu": seconds, "wall": seconds, "digest": ...}`: the CPU time
of this process and its workers over the workload only (imports, loading and one
untimed warm-up game not counted), and a digest of the games' outcomes, so that two trees can be checked
to have played the same games.
"""

from __future__ import annotations

import hashlib
import json
import resource
import sys
import time


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: list[str]) -> None:
    tree, scenario, task, first, count = argv[0], argv[1], argv[2], int(argv[3]), int(argv[4])
    sys.path.insert(0, tree)
    from sim.analysis.batch import game_seeds, play_game, seat_policies
    from sim.scenario.loader import load_scenario

    sc = load_scenario(scenario).scenario
    if task == "balance":
        from sim.analysis.balance import run_balance

        c0, w0 = _cpu(), time.perf_counter()
        report = run_balance(sc, workers=2)
        c, w = _cpu() - c0, time.perf_counter() - w0
        digest = json.dumps({p: r["outcomes"] for p, r in report["policies"].items()}, sort_keys=True)
    else:
        policies = seat_policies(sc, task)
        seeds = game_seeds(0, first + count)[first:]
        # One game first, not timed: what a process pays once (lazy imports, compiling the scenario, a heap
        # to grow) is no part of a game's cost, and would weigh more in the tree whose games are quicker.
        play_game(sc, seeds[0], policies, quiet=True)
        c0, w0 = _cpu(), time.perf_counter()
        games = [play_game(sc, s, policies, quiet=True) for s in seeds]
        c, w = _cpu() - c0, time.perf_counter() - w0
        digest = json.dumps([(g.outcome.value if g.outcome else "", g.round, round(g.stress, 6)) for g in games])
    print(json.dumps({"cpu": c, "wall": w, "digest": hashlib.sha256(digest.encode()).hexdigest()[:16]}))


if __name__ == "__main__":
    main(sys.argv[1:])
