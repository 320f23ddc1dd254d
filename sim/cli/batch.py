"""Commands that play many games headless: simulate and balance (locally or on a dask cluster)."""

from __future__ import annotations

import argparse
import json

from sim.analysis import cluster
from sim.cli.common import MSG, err, load, parse_seats, why, write


def cmd_simulate(args: argparse.Namespace) -> int:
    """Play N headless games over K processes and print a summary table; --json and --plot write it out."""
    from sim.analysis.balance import format_summary
    from sim.analysis.batch import ProgressBar, simulate

    loaded = load(args.scenario)
    if loaded is None:
        return 1
    if args.games < 1:
        err(MSG.tr("cli.at_least_one", option="--games"))
        return 2
    if args.workers is not None and args.workers < 1:
        err(MSG.tr("cli.at_least_one", option="--workers"))
        return 2
    try:
        seats = parse_seats(args.seat or [])
        with cluster.engine(args.engine, args.scheduler, args.workers, MSG.tr.lang):  # local, or a dask cluster
            result = simulate(loaded.scenario, args.games, args.seed, args.policy, seats,
                              workers=args.workers, progress=ProgressBar("simulate "))
    except (KeyError, ValueError) as exc:
        err(str(exc.args[0] if exc.args else exc))
        return 2
    print(format_summary(result, MSG.tr.lang))
    if args.json and not write(args.json, json.dumps(result, indent=1, sort_keys=True) + "\n"):
        return 1
    if args.plot:
        kinds = sorted(set(result["seats"].values()))
        return _plot(args.plot, loaded.scenario, [(kinds[0] if len(kinds) == 1 else MSG.tr("cli.mixed_seats"), result)])
    return 0


def cmd_balance(args: argparse.Namespace) -> int:
    """Run the standard comparison of policies and say whether the scenario teaches its lesson (exit 1 if not)."""
    from sim.analysis.balance import format_balance, run_balance
    from sim.analysis.batch import ProgressBar

    loaded = load(args.scenario)
    if loaded is None:
        return 1
    if args.games < 1 or (args.search_games is not None and args.search_games < 1):
        err(MSG.tr("cli.at_least_one", option="--games, --search-games"))
        return 2
    if args.depth_games is not None and args.depth_games < 0:
        err(MSG.tr("dan.cli.depth_games"))
        return 2
    if args.workers is not None and args.workers < 1:
        err(MSG.tr("cli.at_least_one", option="--workers"))
        return 2
    sc = loaded.scenario
    try:
        with cluster.engine(args.engine, args.scheduler, args.workers, MSG.tr.lang):  # local, or a dask cluster
            report = run_balance(sc, args.games, args.seed, args.workers, args.search_games,
                                 progress=lambda name: ProgressBar(f"{name:<15}"), depth_games=args.depth_games)
    except cluster.ClusterError as exc:
        err(str(exc))
        return 2
    print(format_balance(report, f"{sc.title.get(MSG.tr.lang)} ({sc.id})", MSG.tr.lang))
    if args.json and not write(args.json, json.dumps(report, indent=1, sort_keys=True) + "\n"):
        return 1
    if args.plot:
        runs = [(name, report["policies"][name]) for name in ("protocol", "random", "grensverlegger")
                if name in report["policies"]]
        if _plot(args.plot, sc, runs) != 0:
            return 1
    return 0 if report.get("lesson", {}).get("passes") else 1


def _plot(out: str, sc, runs) -> int:
    from sim.analysis.fanchart import fan_chart

    try:
        fan_chart(out, sc, runs, lang=MSG.tr.lang)
    except ImportError:
        err(MSG.tr("cli.needs_matplotlib", what=MSG.tr("cli.what.plot")))
        return 1
    except OSError as exc:
        err(MSG.tr("cli.cannot_write_chart", path=out, reason=why(exc)))
        return 1
    print(MSG.tr("cli.chart_written", path=out))
    return 0
