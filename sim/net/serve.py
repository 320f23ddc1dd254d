"""`run_sim.py serve SCENARIO`: a session with consoles and no window (for tests, scripts and rehearsals).

With `--print-urls` it prints one JSON line on standard output with every
seat's page and state URL (tokens in them), then serves until interrupted.
It listens on loopback unless `--host` says otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import Any

from sim.agents import POLICIES
from sim.i18n import LANGUAGES, t
from sim.net.host import Host
from sim.net.server import Server, dumps, start, urls
from sim.net.table import HeadlessTable


def add_parser(sub: Any) -> None:
    """Register the `serve` sub-command."""
    p = sub.add_parser("serve", help="run a session with team consoles and no window; --print-urls prints each seat's URLs")
    p.add_argument("scenario", help="the scenario file")
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: loopback only)")
    p.add_argument("--port", type=int, default=0, help="the port (0: any free port)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--seat", action="append", metavar="AGENCY=POLICY", help="the computer plays this agency (repeatable)")
    p.add_argument("--lang", choices=LANGUAGES, default=None)
    p.add_argument("--print-urls", action="store_true", help="print one JSON line with every seat's page and state URL")
    p.set_defaults(func=run)


def parse_seats(items: list[str] | None, agencies: list[str], lang: str) -> dict[str, str]:
    """AGENCY=POLICY items as a dict; ValueError says what is wrong, in words."""
    seats: dict[str, str] = {}
    for item in items or []:
        agency, sep, policy = item.partition("=")
        if not sep or not agency or not policy:
            raise ValueError(t("cli.seat_form", lang, item=item))
        if agency not in agencies:
            raise ValueError(t("console.serve.unknown_agency", lang, agency=agency, known=", ".join(agencies)))
        if policy not in POLICIES:
            raise ValueError(t("cli.unknown_policy", lang, name=policy, known=", ".join(POLICIES)))
        seats[agency] = policy
    return seats


def run(args: argparse.Namespace) -> int:
    """Load the scenario, start the host, print the URLs, serve until SIGINT or SIGTERM."""
    from sim.scenario.loader import ScenarioError, load_scenario

    lang = args.lang or "nl"
    try:
        sc = load_scenario(args.scenario).scenario
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        seats = parse_seats(args.seat, [a.id for a in sc.agencies], lang)
        if args.seed < 0 or not 0 <= args.port <= 65535:
            raise ValueError(t("cli.seed_not_negative", lang) if args.seed < 0 else f"--port {args.port}")
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    host = Host(HeadlessTable(sc, args.seed, seats), lang=lang, devices=[a.id for a in sc.agencies if a.id not in seats])
    try:
        asyncio.run(_serve(Server(host), args.host, args.port, args.print_urls))
    except OSError as exc:
        print(f"serve: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


async def _serve(server: Server, bind: str, port: int, print_urls: bool) -> None:
    runner, real = await start(server, bind, port)
    if print_urls:
        shown = f"[{bind}]" if ":" in bind else bind
        print(dumps(urls(server, f"http://{shown}:{real}")), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - not on this platform
            pass
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
