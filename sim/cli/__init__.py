"""The command line: `stabiel COMMAND ...` or `python run_sim.py COMMAND ...` (validate, simulate, balance, replay, play...).

One module a kind of command: `design` (validate, new, schema, watch,
sensitivity, print), `batch` (simulate, balance), `games` (play, demo,
replay, report, screenshot); `common` holds what they share. The consoles'
headless host `serve` lives in `sim.net.serve`.

Every message goes through the translation catalogs in the language of
`--lang` (before the command), else of the system locale: Dutch when
LC_ALL, LC_MESSAGES or LANG (the first one set) or `locale.getlocale()`
starts with `nl`, English otherwise. The scenario checker's FILE:LINE:COL
messages are for designers and stay English.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sim.analysis import cluster
from sim.cli.batch import cmd_balance, cmd_simulate
from sim.cli.common import DEFAULT_SCENARIO, MSG, system_language
from sim.cli.design import cmd_new, cmd_print, cmd_schema, cmd_sensitivity, cmd_validate, cmd_watch
from sim.cli.games import cmd_demo, cmd_gui, cmd_replay, cmd_report, cmd_screenshot, parse_size
from sim.i18n import translator
from sim.ui.moment_shots import MOMENT_SHOTS

# The names `sim.agents.POLICIES` accepts, written out so that the command line does not import the policies (and
# numpy) to show its help; a test holds the two to the same names.
POLICY_NAMES = "random, pass, protocol, grensverlegger, greedy, search, naive, expert"


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
                   help=f"the policy of every agency without a --seat ({POLICY_NAMES})")
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    MSG.tr = translator(args.cli_lang or system_language())
    if hasattr(args, "lang") and args.lang is None and args.func is not cmd_report:
        args.lang = args.cli_lang or "nl"  # the game itself is Dutch unless asked otherwise
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0


__all__ = ["build_parser", "main", "parse_size", "system_language"]
