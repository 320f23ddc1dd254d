"""The command line: `python run_sim.py COMMAND ...` (validate, simulate, balance, replay, play)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from sim.loader import ScenarioError, load_scenario
from sim.model import LEGS

DEFAULT_SCENARIO = "scenarios/jan-in-de-portiek.yaml"


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate scenario files; print every error (stdout) and warning (stderr) as FILE:LINE:COL: message."""
    from sim.authoring import validate_files

    return validate_files(args.files, strict=args.strict)


def cmd_new(args: argparse.Namespace) -> int:
    """Write a commented, bilingual starter scenario that validates and plays."""
    from sim.authoring import new_scenario

    try:
        path = new_scenario(args.name, force=args.force)
    except (FileExistsError, ValueError) as exc:
        _err(str(exc))
        return 1
    print(f"{path}: written; edit it, then check it with `python run_sim.py validate {path}`")
    return 0


def _load(file: str):
    try:
        return load_scenario(file)
    except ScenarioError as exc:
        for problem in exc.problems:
            _err(str(problem))
        return None


def _parse_seats(items: Sequence[str]) -> dict[str, str]:
    seats = {}
    for item in items:
        agency, sep, policy = item.partition("=")
        if not sep or not agency or not policy:
            raise ValueError(f"--seat expects AGENCY=POLICY, got {item!r}")
        seats[agency] = policy
    return seats


def cmd_simulate(args: argparse.Namespace) -> int:
    """Play N headless games over K processes and print a summary table; --json and --plot write it out."""
    from sim.balance import format_summary
    from sim.batch import ProgressBar, simulate

    loaded = _load(args.scenario)
    if loaded is None:
        return 1
    if args.games < 1:
        _err("--games must be at least 1")
        return 2
    if args.workers is not None and args.workers < 1:
        _err("--workers must be at least 1")
        return 2
    try:
        seats = _parse_seats(args.seat or [])
        result = simulate(loaded.scenario, args.games, args.seed, args.policy, seats,
                          workers=args.workers, progress=ProgressBar("simulate "))
    except (KeyError, ValueError) as exc:
        _err(str(exc.args[0] if exc.args else exc))
        return 2
    print(format_summary(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.plot:
        kinds = sorted(set(result["seats"].values()))
        return _plot(args.plot, loaded.scenario, [(kinds[0] if len(kinds) == 1 else "mixed seats", result)])
    return 0


def cmd_balance(args: argparse.Namespace) -> int:
    """Run the standard comparison of policies and say whether the scenario teaches its lesson (exit 1 if not)."""
    from sim.balance import format_balance, run_balance
    from sim.batch import ProgressBar

    loaded = _load(args.scenario)
    if loaded is None:
        return 1
    if args.games < 1 or (args.search_games is not None and args.search_games < 1):
        _err("--games and --search-games must be at least 1")
        return 2
    if args.workers is not None and args.workers < 1:
        _err("--workers must be at least 1")
        return 2
    sc = loaded.scenario
    report = run_balance(sc, args.games, args.seed, args.workers, args.search_games,
                         progress=lambda name: ProgressBar(f"{name:<15}"))
    print(format_balance(report, f"{sc.title.nl} ({sc.id})"))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.plot:
        runs = [(name, report["policies"][name]) for name in ("protocol", "random", "grensverlegger")
                if name in report["policies"]]
        if _plot(args.plot, sc, runs) != 0:
            return 1
    return 0 if report.get("lesson", {}).get("passes") else 1


def _plot(out: str, sc, runs) -> int:
    from sim.fanchart import fan_chart

    try:
        fan_chart(out, sc, runs)
    except ImportError:
        _err("--plot needs matplotlib: install the project again with `pip install -e .`")
        return 1
    except OSError as exc:
        _err(f"{out}: cannot write the chart: {exc.strerror or exc}")
        return 1
    print(f"fan chart written to {out}")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a game record and print its final figures."""
    from sim.record import GameRecord, RecordError, final_figures, replay

    try:
        text = Path(args.record).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _err(f"{args.record}: cannot read the record: {getattr(exc, 'strerror', None) or exc}")
        return 1
    try:
        record, recorded = GameRecord.from_json(text)
    except RecordError as exc:
        _err(f"{args.record}: {exc}")
        return 1
    scenario_file = args.scenario or _find_scenario(record.scenario_id)
    if scenario_file is None:
        _err(f"{args.record}: no scenario with id {record.scenario_id!r} in scenarios/; give it with --scenario")
        return 1
    loaded = _load(scenario_file)
    if loaded is None:
        return 1
    if loaded.content_hash != record.scenario_hash:
        _err(f"warning: {scenario_file} has changed since this game was recorded; the replay may differ")
    try:
        state = replay(loaded.scenario, record)
    except RecordError as exc:
        _err(f"{args.record}: {exc}")
        return 1
    final = final_figures(state)
    print(json.dumps(final, indent=1, sort_keys=True))
    if recorded is not None and recorded != final:
        _err(f"{args.record}: the replay does not reach the recorded final figures")
        return 1
    return 0


def _find_scenario(scenario_id: str) -> str | None:
    for path in sorted(Path("scenarios").glob("*.yaml")):
        try:
            if load_scenario(path).scenario.id == scenario_id:
                return str(path)
        except ScenarioError:
            continue
    return None


def cmd_play(args: argparse.Namespace) -> int:
    """Play a whole game headless with a policy and print its course round by round."""
    from sim.agents import POLICIES
    from sim.batch import play_game, seat_policies
    from sim.i18n import t
    from sim.narrate import log_line
    from sim.record import GameRecord, final_figures

    loaded = _load(args.scenario)
    if loaded is None:
        return 1
    sc = loaded.scenario
    if args.policy not in POLICIES:
        _err(f"unknown policy {args.policy!r}; known: {', '.join(POLICIES)}")
        return 2
    lang = args.lang
    print(f"{sc.title.get(lang)} — {sc.person.name}, {sc.person.age}")
    print(sc.summary.get(lang))
    shown = 0

    def on_step(state, action):
        nonlocal shown
        for entry in state.log[shown:]:
            if entry.kind == "log.start":
                print()
            if entry.kind not in ("log.phase",):
                print("  " + log_line(sc, entry, lang, state.known))
        shown = len(state.log)

    from sim import engine
    start = engine.new_game(sc, args.seed)
    for entry in start.log:
        print("  " + log_line(sc, entry, lang, start.known))
    shown = len(start.log)
    state = play_game(sc, args.seed, seat_policies(sc, args.policy), on_step=on_step)
    print()
    legs = ", ".join(f"{t('leg.' + leg.value, lang)} {v:.1f}" for leg, v in zip(LEGS, state.legs))
    print(f"{t('outcome.' + state.outcome.value, lang)}: stress {state.stress:.0f}, {legs}")
    if args.record:
        record = GameRecord.of(sc, loaded.content_hash, state)
        Path(args.record).write_text(record.to_json(final_figures(state)) + "\n", encoding="utf-8")
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Render one scene headless at 1920×1080 from a seeded game and save it as PNG."""
    from sim.ui.shots import screenshot

    screenshot(args.scene, args.lang, args.out, Path(args.scenario))
    print(f"{args.out}: {args.scene} ({args.lang})")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    """Open the game window (or the text demo with --headless)."""
    if args.headless:
        return cmd_play(args)
    from sim.ui.app import run

    return run(args.scenario, args.lang)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    p = argparse.ArgumentParser(prog="run_sim.py", description="Stabiel: the multi-agency training game.")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check scenario files; prints FILE:LINE:COL: problems")
    v.add_argument("files", nargs="+")
    v.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    v.set_defaults(func=cmd_validate)

    n = sub.add_parser("new", help="write a starter scenario scenarios/NAME.yaml from the template")
    n.add_argument("name", help="the new scenario's name, like mijn-casus (or a path ending in .yaml)")
    n.add_argument("--force", action="store_true", help="overwrite an existing file")
    n.set_defaults(func=cmd_new)

    s = sub.add_parser("simulate", help="play many headless games (in parallel) and summarise them")
    s.add_argument("scenario")
    s.add_argument("--games", type=int, default=1000)
    s.add_argument("--policy", default="random",
                   help="the policy of every agency without a --seat (random, pass, protocol, grensverlegger, greedy, search)")
    s.add_argument("--seat", action="append", metavar="AGENCY=POLICY", help="this agency plays this policy (repeatable)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--workers", type=int, metavar="K", help="processes (default: all cores); the result does not depend on it")
    s.add_argument("--json", metavar="OUT")
    s.add_argument("--plot", metavar="OUT.png", help="write a fan chart of stress and stability per round")
    s.set_defaults(func=cmd_simulate)

    b = sub.add_parser("balance", help="compare the standard policies: does the scenario teach its lesson?")
    b.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    b.add_argument("--games", type=int, default=500, help="games per policy (default 500)")
    b.add_argument("--search-games", type=int, metavar="N", help="games for the slow search policy (default 40)")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--workers", type=int, metavar="K", help="processes (default: all cores); the result does not depend on it")
    b.add_argument("--json", metavar="OUT")
    b.add_argument("--plot", metavar="OUT.png", help="write a fan chart of protocol, random and grensverlegger play")
    b.set_defaults(func=cmd_balance)

    r = sub.add_parser("replay", help="replay a game record and print the final figures")
    r.add_argument("record")
    r.add_argument("--scenario", help="the scenario file (default: found by id in scenarios/)")
    r.set_defaults(func=cmd_replay)

    g = sub.add_parser("play", help="open the game window; --headless plays a text demo with a policy")
    g.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    g.add_argument("--headless", action="store_true", help="no window: AI policies play and the course is printed")
    g.add_argument("--policy", default="grensverlegger", help="with --headless: the policy of every agency")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--lang", choices=("nl", "en"), default="nl")
    g.add_argument("--record", metavar="OUT", help="with --headless: write the game record here")
    g.set_defaults(func=cmd_gui)

    sh = sub.add_parser("screenshot", help="render a scene headless at 1920x1080 and save it as PNG")
    sh.add_argument("--scene", choices=("menu", "setup", "board", "event", "debrief"), required=True)
    sh.add_argument("--lang", choices=("nl", "en"), default="nl")
    sh.add_argument("--out", required=True)
    sh.add_argument("--scenario", default=DEFAULT_SCENARIO)
    sh.set_defaults(func=cmd_screenshot)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
