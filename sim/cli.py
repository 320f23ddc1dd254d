"""The command line: `stabiel COMMAND ...` or `python run_sim.py COMMAND ...` (validate, simulate, balance, replay, play...).

Every message goes through the translation catalogs in the language of
`--lang` (before the command), else of the system locale: Dutch when
LC_ALL, LC_MESSAGES or LANG (the first one set) or `locale.getlocale()`
starts with `nl`, English otherwise. The scenario checker's FILE:LINE:COL
messages are for designers and stay English. The game's own language
(`play`, `demo`, `screenshot`) stays Dutch unless its `--lang` or the
global `--lang` says otherwise: it is a Dutch training game.
"""

from __future__ import annotations

import argparse
import json
import locale
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from sim import resources
from sim.analysis import cluster
from sim.core.model import LEGS
from sim.i18n import Translator, t, translator
from sim.scenario.loader import ScenarioError, load_scenario
from sim.ui.moment_shots import MOMENT_SHOTS

SCENARIOS = resources.scenarios()
DEFAULT_SCENARIO = str(resources.default_scenario())  # wherever the command is run from


_tr: Translator = translator("en")  # the language of the messages; main() sets it


def system_language() -> str:
    """'nl' when the system locale is Dutch, else 'en'."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    name = locale.getlocale()[0] or ""
    return "nl" if name.lower().startswith("nl") else "en"


def _err(message: str) -> None:
    print(message, file=sys.stderr)


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
        _err(str(exc))
        return 1
    print(_tr("cli.new_written", path=path))
    return 0


def _why(exc: BaseException) -> str:
    """Why reading or writing failed, in the command line's language (an OSError's own text is English)."""
    from sim.session.model import os_text

    return os_text(exc, _tr.lang)


def _write(path: str, text: str) -> bool:
    """Write an output file; on failure say why (no traceback) and return False."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        _err(_tr("cli.cannot_write", path=path, reason=_why(exc)))
        return False
    return True


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
            raise ValueError(_tr("cli.seat_form", item=item))
        seats[agency] = policy
    return seats


def cmd_simulate(args: argparse.Namespace) -> int:
    """Play N headless games over K processes and print a summary table; --json and --plot write it out."""
    from sim.analysis.balance import format_summary
    from sim.analysis.batch import ProgressBar, simulate

    loaded = _load(args.scenario)
    if loaded is None:
        return 1
    if args.games < 1:
        _err(_tr("cli.at_least_one", option="--games"))
        return 2
    if args.workers is not None and args.workers < 1:
        _err(_tr("cli.at_least_one", option="--workers"))
        return 2
    try:
        seats = _parse_seats(args.seat or [])
        with cluster.engine(args.engine, args.scheduler, args.workers, _tr.lang):  # local, or a dask cluster
            result = simulate(loaded.scenario, args.games, args.seed, args.policy, seats,
                              workers=args.workers, progress=ProgressBar("simulate "))
    except (KeyError, ValueError) as exc:
        _err(str(exc.args[0] if exc.args else exc))
        return 2
    print(format_summary(result, _tr.lang))
    if args.json and not _write(args.json, json.dumps(result, indent=1, sort_keys=True) + "\n"):
        return 1
    if args.plot:
        kinds = sorted(set(result["seats"].values()))
        return _plot(args.plot, loaded.scenario, [(kinds[0] if len(kinds) == 1 else _tr("cli.mixed_seats"), result)])
    return 0


def cmd_balance(args: argparse.Namespace) -> int:
    """Run the standard comparison of policies and say whether the scenario teaches its lesson (exit 1 if not)."""
    from sim.analysis.balance import format_balance, run_balance
    from sim.analysis.batch import ProgressBar

    loaded = _load(args.scenario)
    if loaded is None:
        return 1
    if args.games < 1 or (args.search_games is not None and args.search_games < 1):
        _err(_tr("cli.at_least_one", option="--games, --search-games"))
        return 2
    if args.depth_games is not None and args.depth_games < 0:
        _err(_tr("dan.cli.depth_games"))
        return 2
    if args.workers is not None and args.workers < 1:
        _err(_tr("cli.at_least_one", option="--workers"))
        return 2
    sc = loaded.scenario
    try:
        with cluster.engine(args.engine, args.scheduler, args.workers, _tr.lang):  # local, or a dask cluster
            report = run_balance(sc, args.games, args.seed, args.workers, args.search_games,
                                 progress=lambda name: ProgressBar(f"{name:<15}"), depth_games=args.depth_games)
    except cluster.ClusterError as exc:
        _err(str(exc))
        return 2
    print(format_balance(report, f"{sc.title.get(_tr.lang)} ({sc.id})", _tr.lang))
    if args.json and not _write(args.json, json.dumps(report, indent=1, sort_keys=True) + "\n"):
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
        fan_chart(out, sc, runs, lang=_tr.lang)
    except ImportError:
        _err(_tr("cli.needs_matplotlib", what=_tr("cli.what.plot")))
        return 1
    except OSError as exc:
        _err(_tr("cli.cannot_write_chart", path=out, reason=_why(exc)))
        return 1
    print(_tr("cli.chart_written", path=out))
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a game record or a session file and print its final figures."""
    from sim.session.record import GameRecord, RecordError, final_figures, replay

    try:
        text = Path(args.record).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _err(_tr("cli.cannot_read_record", path=args.record, reason=_why(exc)))
        return 1
    if _json_format(text) == "stabiel-session":
        return _replay_session(args, text)
    try:
        record, recorded = GameRecord.from_json(text)
    except RecordError as exc:
        _err(f"{args.record}: {exc}")
        return 1
    scenario_file = args.scenario or _find_scenario(record.scenario_id)
    if scenario_file is None:
        _err(_tr("cli.no_scenario_id", path=args.record, id=record.scenario_id))
        return 1
    loaded = _load(scenario_file)
    if loaded is None:
        return 1
    if loaded.content_hash != record.scenario_hash:
        _err(_tr("cli.scenario_changed", path=scenario_file))
    try:
        state = replay(loaded.scenario, record)
    except RecordError as exc:
        _err(f"{args.record}: {exc}")
        return 1
    final = final_figures(state)
    print(json.dumps(final, indent=1, sort_keys=True))
    if recorded is not None and recorded != final:
        _err(_tr("cli.replay_differs", path=args.record))
        return 1
    return 0


def _find_scenario(scenario_id: str) -> str | None:
    for path in sorted(SCENARIOS.glob("*.yaml")):
        try:
            if load_scenario(path).scenario.id == scenario_id:
                return str(path)
        except ScenarioError:
            continue
    return None


def _json_format(text: str) -> str | None:
    """The 'format' field of a JSON file (session file or game record), or None."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        # A damaged file: its opening still says what it was meant to be.
        head = text[:200]
        return next((f for f in ("stabiel-session", "stabiel-record") if f'"{f}"' in head), None)
    return data.get("format") if isinstance(data, dict) and isinstance(data.get("format"), str) else None


def _session_and_scenario(file: str, scenario: str | None, text: str | None = None):
    """Read a session file (or a game record, as a session without seats) and load its scenario; None after a message."""
    from sim.session import sessionfile
    from sim.session.record import GameRecord, RecordError

    try:
        if text is None:
            try:
                text = Path(file).read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                raise sessionfile.SessionFileError(file, "session.err.not_text") from None
            except OSError as exc:
                raise sessionfile.SessionFileError(file, "session.err.unreadable", reason=sessionfile.os_reason(exc)) from None
        if _json_format(text) == "stabiel-record":
            try:
                record, _ = GameRecord.from_json(text)
            except RecordError as exc:
                _err(f"{file}: {exc}")
                return None
            saved = sessionfile.SavedSession(scenario_path="", scenario_id=record.scenario_id,
                                             scenario_hash=record.scenario_hash, seed=record.seed,
                                             in_play=record.in_play, actions=record.actions)
        else:
            saved = sessionfile.from_json(text, file)
        if scenario:
            loaded = _load(scenario)
            if loaded is None:
                return None
        else:
            loaded = sessionfile.scenario_for(saved)
    except sessionfile.SessionFileError as exc:
        _err(exc.text(_tr.lang) if exc.file else f"{file}: {exc.text(_tr.lang)}")
        return None
    return saved, loaded


def _replay_session(args: argparse.Namespace, text: str) -> int:
    from sim.session import sessionfile
    from sim.session.record import final_figures

    found = _session_and_scenario(args.record, args.scenario, text)
    if found is None:
        return 1
    saved, loaded = found
    try:
        restored = sessionfile.restore_all(saved, loaded, lang=_tr.lang, strict=True)
    except sessionfile.SessionFileError as exc:
        _err(f"{args.record}: {exc.text(_tr.lang)}")
        return 1
    for warning in restored.warnings:
        _err(_tr("cli.warning", text=warning))
    final = final_figures(restored.state)
    print(json.dumps(final, indent=1, sort_keys=True))
    if saved.final is not None and dict(saved.final) != final:
        _err(_tr("cli.replay_differs_saved", path=args.record))
        return 1
    return 0


def _choose_policies(sc, policy: str, seat_items: Sequence[str] | None):
    """The seats given as AGENCY=POLICY and a policy for every agency; ValueError/KeyError name what is wrong."""
    from sim.agents import POLICIES
    from sim.analysis.batch import seat_policies

    seats = _parse_seats(seat_items or [])
    for name in {policy, *seats.values()}:
        if name not in POLICIES:
            raise ValueError(_tr("cli.unknown_policy", name=name, known=", ".join(POLICIES)))
    return seats, seat_policies(sc, policy, seats)


def cmd_demo(args: argparse.Namespace) -> int:
    """Play a whole session headless with AI policies and save it as a session file."""
    from sim.analysis.batch import play_game
    from sim.i18n import t
    from sim.session import sessionfile

    loaded = _load(args.scenario)
    if loaded is None:
        return 1
    sc = loaded.scenario
    try:
        seats, policies = _choose_policies(sc, args.policy, args.seat)
    except (KeyError, ValueError) as exc:
        _err(str(exc.args[0] if exc.args else exc))
        return 2
    if args.seed < 0:
        _err(_tr("cli.seed_not_negative"))
        return 2
    target = Path(args.save)
    if target.exists():
        try:
            sessionfile.load_session(target)
        except sessionfile.SessionFileError:
            _err(_tr("cli.not_a_session", path=target))
            return 1
    state = play_game(sc, args.seed, policies)
    saved = sessionfile.start(Path(loaded.path).resolve(), sc.id, loaded.content_hash, state,
                              seats={a.id: seats.get(a.id, args.policy) for a in sc.agencies}, lang=args.lang)
    try:
        sessionfile.save_session(target, saved)
    except sessionfile.SessionFileError as exc:
        _err(exc.text(_tr.lang))
        return 1
    lang = args.lang
    assert state.outcome is not None  # a demo plays to the end
    print(_tr("cli.demo_result", title=sc.title.get(lang), outcome=t("outcome." + state.outcome.value, lang),
              rounds=state.round, actions=len(state.actions), stress=_tr.number(state.stress, 0), legs=_legs(state, lang)))
    print(_tr("cli.session_saved", path=target))
    return 0


def _legs(state, lang: str) -> str:
    """The three legs with one decimal, e.g. 'Meedoen 4,5, ...' (a decimal comma in Dutch)."""
    return ", ".join(f"{t('leg.' + leg.value, lang)} {translator(lang).number(v, 1, fixed=True)}" for leg, v in zip(LEGS, state.legs))


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
        _err(_tr("cli.cannot_write", path=target, reason=_why(exc)))
        return 1
    print(_tr("cli.schema_written", path=copied))
    print(f"# yaml-language-server: $schema={copied.as_uri()}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the debrief report of a session (report.html, charts as PNG, record.json) into a folder."""
    from sim.report import writer as report
    from sim.session import sessionfile

    found = _session_and_scenario(args.session, args.scenario)
    if found is None:
        return 1
    saved, loaded = found
    try:
        files = report.write_report(saved, loaded, args.out, lang=args.lang)
    except sessionfile.SessionFileError as exc:
        _err(f"{args.session}: {exc.text(_tr.lang)}")
        return 1
    except ImportError:
        _err(_tr("cli.needs_matplotlib", what=_tr("cli.what.report")))
        return 1
    except OSError as exc:
        _err(_tr("cli.cannot_write_report", path=args.out, reason=_why(exc)))
        return 1
    for warning in files.warnings:
        _err(_tr("cli.warning", text=warning))
    print(_tr("cli.report_written", path=files.html, charts=len(files.charts), record=files.record.name,
              figures=files.figures.name))
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    """Play a whole game headless with a policy and print its course round by round."""
    from sim.analysis.batch import play_game
    from sim.i18n import t
    from sim.i18n.narrate import log_line
    from sim.session.record import GameRecord, final_figures

    loaded = _load(args.scenario)
    if loaded is None:
        return 1
    sc = loaded.scenario
    try:
        _seats, policies = _choose_policies(sc, args.policy, ())
    except (KeyError, ValueError) as exc:
        _err(str(exc.args[0] if exc.args else exc))
        return 2
    lang = args.lang
    print(f"{sc.title.get(lang)} — {sc.person.name.get(lang)}, {sc.person.age}")
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

    from sim.core import engine
    start = engine.new_game(sc, args.seed)
    for entry in start.log:
        print("  " + log_line(sc, entry, lang, start.known))
    shown = len(start.log)
    state = play_game(sc, args.seed, policies, on_step=on_step)
    print()
    assert state.outcome is not None  # play_game plays to the end
    print(_tr("cli.play_result", outcome=t("outcome." + state.outcome.value, lang),
              stress=_tr.number(state.stress, 0), legs=_legs(state, lang)))
    if args.record:
        record = GameRecord.of(sc, loaded.content_hash, state)
        if not _write(args.record, record.to_json(final_figures(state)) + "\n"):
            return 1
    return 0


SIZE_RANGE = ((640, 360), (7680, 4320))  # the window sizes the app accepts (sim.ui.theme.MIN_WINDOW/MAX_WINDOW)


def parse_size(text: str) -> tuple[int, int] | None:
    """'1280x800' → (1280, 800); None when it is not WIDTHxHEIGHT within SIZE_RANGE."""
    parts = text.strip().lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 5 for p in parts):
        return None
    w, h = int(parts[0]), int(parts[1])
    (w0, h0), (w1, h1) = SIZE_RANGE
    return (w, h) if w0 <= w <= w1 and h0 <= h <= h1 else None


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Render one scene headless from a seeded game in a window of --size (1920x1080) and save it as PNG."""
    size = parse_size(args.size)
    if size is None:
        (w0, h0), (w1, h1) = SIZE_RANGE
        _err(_tr("cli.bad_size", value=args.size, min=f"{w0}x{h0}", max=f"{w1}x{h1}"))
        return 2
    if _load(args.scenario) is None:
        return 1
    from sim.ui.shots import screenshot

    try:
        screenshot(args.scene, args.lang, args.out, Path(args.scenario), size=size)
    except Exception as exc:  # pygame.error or OSError: the picture cannot be made or written
        _err(_tr("cli.cannot_screenshot", path=args.out, reason=exc))
        return 1
    print(_tr("cli.screenshot_done", path=args.out, scene=args.scene, lang=args.lang))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    """Open the game window (or the text demo with --headless)."""
    if args.headless:
        return cmd_play(args)
    from sim.ui.app import run

    return run(args.scenario, args.lang)


def cmd_print(args: argparse.Namespace) -> int:
    """Write the print-and-play kit (cards, team sheets, board, script) of a scenario as PDFs into a folder."""
    from sim import printkit

    loaded = _load(args.scenario)
    if loaded is None:
        return 1
    try:
        kit = printkit.write_kit(loaded.scenario, Path(args.out), lang=args.lang, paper=args.paper, bleed=args.bleed)
    except printkit.TextOverflow as exc:
        _err(_tr("cli.kit_overflow", path=args.scenario, text=exc))
        return 1
    except OSError as exc:
        _err(_tr("cli.kit_cannot_write", path=args.out, reason=_why(exc)))
        return 1
    print(_tr("cli.kit_written", path=args.out, n=len(kit.all()), files=", ".join(p.name for p in kit.all())))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    p = argparse.ArgumentParser(prog="stabiel", description="Stabiel: the multi-agency training game.")
    p.add_argument("--lang", dest="cli_lang", choices=("nl", "en"),
                   help="the language of the messages (default: the system locale, Dutch when it starts with nl)")
    sub = p.add_subparsers(dest="command", required=True)

    pr = sub.add_parser("print", help="write a print-and-play kit as PDFs: cards, team sheets, board, facilitator's script")
    pr.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    pr.add_argument("--out", required=True, help="folder for the PDFs (created if missing)")
    pr.add_argument("--lang", choices=["nl", "en"], help="the kit's language (default: the global --lang, else Dutch)")
    pr.add_argument("--paper", choices=["a4", "letter"], default="a4")
    pr.add_argument("--bleed", action="store_true", help="add 3 mm bleed around each card (fewer cards to a sheet)")
    pr.set_defaults(func=cmd_print)

    v = sub.add_parser("validate", help="check scenario files; prints FILE:LINE:COL: problems")
    v.add_argument("files", nargs="+")
    v.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    v.set_defaults(func=cmd_validate)

    n = sub.add_parser("new", help="write a starter scenario scenarios/NAME.yaml from the template")
    n.add_argument("name", help="the new scenario's name, like mijn-casus (or a path ending in .yaml)")
    n.add_argument("--force", action="store_true", help="overwrite an existing file")
    n.add_argument("--title", help='the title (default: made from the name, "mevrouw-de-wit" gives "Mevrouw de Wit")')
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
    cluster.add_arguments(s)
    s.set_defaults(func=cmd_simulate)

    b = sub.add_parser("balance", help="compare the standard policies: does the scenario teach its lesson?")
    b.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    b.add_argument("--games", type=int, default=500, help="games per policy (default 500)")
    b.add_argument("--search-games", type=int, metavar="N", help="games for the slow search policy (default 40)")
    b.add_argument("--depth-games", type=int, metavar="N",
                   help="games per variant of the depth measures and the cards measured by removal "
                        "(default: --games, at most 200; 0: none)")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--workers", type=int, metavar="K", help="processes (default: all cores); the result does not depend on it")
    b.add_argument("--json", metavar="OUT")
    b.add_argument("--plot", metavar="OUT.png", help="write a fan chart of protocol, random and grensverlegger play")
    cluster.add_arguments(b)
    b.set_defaults(func=cmd_balance)

    r = sub.add_parser("replay", help="replay a game record or a session file and print the final figures")
    r.add_argument("record", help="a game record or a session file")
    r.add_argument("--scenario", help="the scenario file (default: found by id in scenarios/)")
    r.set_defaults(func=cmd_replay)

    g = sub.add_parser("play", help="open the game window; --headless plays a text demo with a policy")
    g.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    g.add_argument("--headless", action="store_true", help="no window: AI policies play and the course is printed")
    g.add_argument("--policy", default="grensverlegger", help="with --headless: the policy of every agency")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--lang", choices=("nl", "en"), help="the game's language (default: the global --lang, else nl)")
    g.add_argument("--record", metavar="OUT", help="with --headless: write the game record here")
    g.set_defaults(func=cmd_gui)

    sh = sub.add_parser("screenshot", help="render a scene headless (in a 1920x1080 window unless --size) and save it as PNG")
    sh.add_argument("--scene", choices=("menu", "setup", "board", "event", "debrief", "presenter", *MOMENT_SHOTS), required=True)
    sh.add_argument("--lang", choices=("nl", "en"), help="the screen's language (default: the global --lang, else nl)")
    sh.add_argument("--out", required=True)
    sh.add_argument("--scenario", default=DEFAULT_SCENARIO)
    sh.add_argument("--size", default="1920x1080", metavar="WxH",
                    help="the window, as a beamer shows it, e.g. 1280x800 or 1024x768 (default 1920x1080)")
    sh.set_defaults(func=cmd_screenshot)

    d = sub.add_parser("demo", help="play a whole session headless with AI policies and save it as a session file")
    d.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--policy", default="grensverlegger", help="the policy of every agency without a --seat")
    d.add_argument("--seat", action="append", metavar="AGENCY=POLICY", help="this agency plays this policy (repeatable)")
    d.add_argument("--lang", choices=("nl", "en"),
                   help="the session's language, and its report's (default: the global --lang, else nl)")
    d.add_argument("--save", required=True, metavar="FILE", help="the session file to write")
    d.set_defaults(func=cmd_demo)

    rp = sub.add_parser("report", help="write the debrief report of a session: report.html, charts as PNG, record.json")
    rp.add_argument("session", help="a session file (or a game record)")
    rp.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    rp.add_argument("--scenario", help="the scenario file (default: the session's own, else found by id in scenarios/)")
    rp.add_argument("--lang", choices=("nl", "en"), help="the report's language (default: the session's)")
    rp.set_defaults(func=cmd_report)
    se = sub.add_parser("sensitivity", help="which numbers in the file decide the lesson (Morris screening, needs SALib)")
    se.add_argument("scenario")
    se.add_argument("--games", type=int, default=100, help="games per policy per sample (default 100)")
    se.add_argument("--trajectories", type=int, default=4, help="Morris trajectories (default 4)")
    se.add_argument("--seed", type=int, default=0)
    se.add_argument("--groups", action="store_true", help="move the numbers of one card, event, stressor or agency together")
    se.add_argument("--only", action="append", metavar="PATH_PREFIX", help="vary only numbers whose name starts so, like cards.wt_ (repeatable)")
    se.add_argument("--workers", type=int, metavar="K", help="processes (default: all cores); the result does not depend on it")
    se.add_argument("--json", metavar="OUT")
    se.add_argument("--plot", metavar="OUT.png", help="write a tornado chart of the most decisive numbers")
    se.add_argument("--depth", action="store_true",
                    help="also screen the depth measures (expert, expert - naive, recovery, information and "
                         "rule card value): five more policies per sample, so several times slower")
    se.set_defaults(func=cmd_sensitivity)

    w = sub.add_parser("watch", help="check a scenario on every save and print a quick balance verdict (Ctrl-C stops)")
    w.add_argument("scenario")
    w.add_argument("--games", type=int, default=200, help="games per policy for the quick verdict (default 200)")
    w.add_argument("--seed", type=int, default=0)
    w.add_argument("--poll", type=float, default=0.5, help=argparse.SUPPRESS)  # seconds between looks at the file
    w.add_argument("--cycles", type=int, help=argparse.SUPPRESS)  # stop after this many checks (for tests)
    w.set_defaults(func=cmd_watch)

    sc = sub.add_parser("schema", help="print where the scenario JSON Schema is; --write DIR copies it there")
    sc.add_argument("--write", metavar="DIR", help="copy the schema into DIR and print the $schema line for a scenario file")
    sc.set_defaults(func=cmd_schema)
    from sim.net.serve import add_parser as add_serve  # the consoles' headless host (its code lives in sim.net)

    add_serve(sub)
    return p


def cmd_watch(args: argparse.Namespace) -> int:
    """Validate a scenario on every save and print a quick balance verdict, until Ctrl-C."""
    from sim.analysis.watch import watch

    if args.games < 1 or args.poll <= 0 or (args.cycles is not None and args.cycles < 1):
        _err(_tr("cli.at_least_one", option="--games"))
        return 2
    try:
        return watch(args.scenario, _tr, sys.stdout, args.games, args.seed, args.cycles, args.poll)
    except KeyboardInterrupt:
        print(_tr("watch.stopped"))
        return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Screen every number of a scenario file (Morris) and list those that decide the lesson, with their lines."""
    from sim.analysis.batch import ProgressBar
    from sim.analysis.sensitivity import SensitivityProblem, SensitivityUnavailable, run_sensitivity
    from sim.analysis.sensitivity_report import format_sensitivity, tornado

    if _load(args.scenario) is None:
        return 1
    if args.games < 1 or args.trajectories < 2 or (args.workers is not None and args.workers < 1):
        _err(_tr("sens.bad_options"))
        return 2
    try:
        report = run_sensitivity(Path(args.scenario).read_text(encoding="utf-8"), args.scenario, args.games,
                                 args.trajectories, args.seed, args.groups, args.only or (), args.workers,
                                 progress=ProgressBar("sensitivity "), depth=args.depth)
    except SensitivityUnavailable:
        _err(_tr("sens.no_salib"))
        return 1
    except SensitivityProblem as exc:
        _err(exc.text(_tr.lang))
        return 1
    print(format_sensitivity(report, lang=_tr.lang))
    if args.json and not _write(args.json, json.dumps(report, indent=1, sort_keys=True) + "\n"):
        return 1
    if args.plot:
        try:
            tornado(args.plot, report, lang=_tr.lang)
        except OSError as exc:
            _err(_tr("sens.cannot_write", path=args.plot, reason=_why(exc)))
            return 1
        print(_tr("sens.chart_written", path=args.plot))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    global _tr
    args = build_parser().parse_args(argv)
    _tr = translator(args.cli_lang or system_language())
    if hasattr(args, "lang") and args.lang is None and args.func is not cmd_report:
        args.lang = args.cli_lang or "nl"  # the game itself is Dutch unless asked otherwise
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
