"""Commands for designers: validate, new, schema, watch, sensitivity and print (the print-and-play kit)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from sim import resources
from sim.cli.common import MSG, err, load, why, write


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate scenario files; print every error (stdout) and warning (stderr) as FILE:LINE:COL: message."""
    from sim.scenario.authoring import validate_files

    return validate_files(args.files, strict=args.strict)


def cmd_new(args: argparse.Namespace) -> int:
    """Write a commented, bilingual starter scenario that validates and plays."""
    from sim.scenario.authoring import new_scenario

    try:
        path = new_scenario(args.name, force=args.force, title=args.title)
    except (FileExistsError, ValueError) as exc:
        err(str(exc))
        return 1
    print(MSG.tr("cli.new_written", path=path))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the path of the installed scenario JSON Schema, or copy it into a folder with --write."""
    source = resources.schema()
    if not args.write:
        print(source)
        return 0
    target = Path(args.write)
    try:
        target.mkdir(parents=True, exist_ok=True)
        copied = Path(shutil.copyfile(source, target / source.name)).resolve()
    except OSError as exc:
        err(MSG.tr("cli.cannot_write", path=target, reason=why(exc)))
        return 1
    print(MSG.tr("cli.schema_written", path=copied))
    print(f"# yaml-language-server: $schema={copied.as_uri()}")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    """Validate a scenario on every save and print a quick balance verdict, until Ctrl-C."""
    from sim.analysis.watch import watch

    if args.games < 1 or args.poll <= 0 or (args.cycles is not None and args.cycles < 1):
        err(MSG.tr("cli.at_least_one", option="--games"))
        return 2
    try:
        return watch(args.scenario, MSG.tr, sys.stdout, args.games, args.seed, args.cycles, args.poll)
    except KeyboardInterrupt:
        print(MSG.tr("watch.stopped"))
        return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Screen every number of a scenario file (Morris) and list those that decide the lesson, with their lines."""
    from sim.analysis.batch import ProgressBar
    from sim.analysis.sensitivity import SensitivityProblem, SensitivityUnavailable, run_sensitivity
    from sim.analysis.sensitivity_report import format_sensitivity, tornado

    if load(args.scenario) is None:
        return 1
    if args.games < 1 or args.trajectories < 2 or (args.workers is not None and args.workers < 1):
        err(MSG.tr("sens.bad_options"))
        return 2
    try:
        report = run_sensitivity(Path(args.scenario).read_text(encoding="utf-8"), args.scenario, args.games,
                                 args.trajectories, args.seed, args.groups, args.only or (), args.workers,
                                 progress=ProgressBar("sensitivity "), depth=args.depth)
    except SensitivityUnavailable:
        err(MSG.tr("sens.no_salib"))
        return 1
    except SensitivityProblem as exc:
        err(exc.text(MSG.tr.lang))
        return 1
    print(format_sensitivity(report, lang=MSG.tr.lang))
    if args.json and not write(args.json, json.dumps(report, indent=1, sort_keys=True) + "\n"):
        return 1
    if args.plot:
        try:
            tornado(args.plot, report, lang=MSG.tr.lang)
        except OSError as exc:
            err(MSG.tr("sens.cannot_write", path=args.plot, reason=why(exc)))
            return 1
        print(MSG.tr("sens.chart_written", path=args.plot))
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    """Write the print-and-play kit (cards, team sheets, board, script) of a scenario as PDFs into a folder."""
    from sim import printkit

    loaded = load(args.scenario)
    if loaded is None:
        return 1
    try:
        kit = printkit.write_kit(loaded.scenario, Path(args.out), lang=args.lang, paper=args.paper, bleed=args.bleed)
    except printkit.TextOverflow as exc:
        err(MSG.tr("cli.kit_overflow", path=args.scenario, text=exc))
        return 1
    except OSError as exc:
        err(MSG.tr("cli.kit_cannot_write", path=args.out, reason=why(exc)))
        return 1
    print(MSG.tr("cli.kit_written", path=args.out, n=len(kit.all()), files=", ".join(p.name for p in kit.all())))
    return 0
