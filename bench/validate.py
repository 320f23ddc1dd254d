"""Validation benchmark: time to check the default scenario in-process (read, YAML, types,
references, warnings), without interpreter start-up. Target: <= 50 ms.

Run: .venv/bin/python bench/validate.py [SCENARIO] [--runs N]
Prints the median, the fastest and the slowest run, and each stage's share of the median run.
Exits 1 when the median is over the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.scenario import loader  # noqa: E402
from sim.scenario.loader import check_file  # noqa: E402

TARGET_MS = 50.0


def _stages(text: str, file: str) -> dict[str, float]:
    """Milliseconds per stage for one run (YAML, types, checks, warnings)."""
    t0 = time.perf_counter()
    tree, _ = loader._read(text, file)
    t1 = time.perf_counter()
    scenario = loader._CONVERTER.structure(tree.data, loader.Scenario)
    t2 = time.perf_counter()
    list(loader._check(loader._parts_of(scenario), file))
    t3 = time.perf_counter()
    list(loader.lint(scenario))
    t4 = time.perf_counter()
    return {"yaml": (t1 - t0) * 1e3, "types": (t2 - t1) * 1e3, "checks": (t3 - t2) * 1e3, "warnings": (t4 - t3) * 1e3}


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("scenario", nargs="?", default=str(Path(__file__).resolve().parent.parent / "scenarios" / "jan-in-de-portiek.yaml"))
    p.add_argument("--runs", type=int, default=30)
    args = p.parse_args()
    report = check_file(args.scenario)  # warm-up (imports, cattrs' generated code)
    if report.errors:
        for problem in report.errors:
            print(problem)
        return 1
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        check_file(args.scenario)
        times.append((time.perf_counter() - start) * 1e3)
    median = statistics.median(times)
    text = Path(args.scenario).read_text(encoding="utf-8")
    stage_runs = [_stages(text, args.scenario) for _ in range(args.runs)]
    stages = {k: statistics.median(r[k] for r in stage_runs) for k in stage_runs[0]}
    size = Path(args.scenario).stat().st_size
    print(f"{args.scenario} ({size / 1024:.0f} KiB): validate median {median:.1f} ms "
          f"(fastest {min(times):.1f}, slowest {max(times):.1f}; {args.runs} runs); target <= {TARGET_MS:.0f} ms")
    print("  stages (median ms): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
