"""Helpers for the consoles' tests: a host on loopback, WebSocket clients, and a console's own moves."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp

from sim.net.host import Host
from sim.net.seats import BOARD, FACILITATOR, Seat, team
from sim.net.server import Server, start
from sim.net.table import HeadlessTable


@contextlib.asynccontextmanager
async def running(sc, seed: int = 1, seats: dict[str, str] | None = None, **server_args: Any):
    """A host with its server on 127.0.0.1 (any free port), and an HTTP client session."""
    host = Host(HeadlessTable(sc, seed, seats), devices=[a.id for a in sc.agencies if a.id not in (seats or {})])
    server = Server(host, **server_args)
    runner, port = await start(server, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            yield host, server, base, http
    finally:
        await runner.cleanup()


def seat_named(name: str) -> Seat:
    return Seat(name) if name in (BOARD, FACILITATOR) else team(name)


async def connect(http, base: str, host: Host, seat: Seat, token: str | None = None, origin: str | None = None):
    """A WebSocket of `seat` (its own token unless another is given), with this server's Origin."""
    tok = host.tokens.token(seat) if token is None else token
    return await http.ws_connect(f"{base.replace('http', 'ws', 1)}/ws/{seat.path}?t={tok}",
                                 origin=base if origin is None else origin, max_msg_size=0)


async def state_after(ws, version: int = -1, timeout: float = 10.0, until=None) -> dict[str, Any]:
    """The first state message with a version above `version` for which `until(view)` holds (others are skipped)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        msg = await ws.receive(timeout=max(0.01, end - loop.time()))
        if msg.type is not aiohttp.WSMsgType.TEXT:
            raise ConnectionError(f"the socket closed: {msg.type} {msg.data!r}")
        data = json.loads(msg.data)
        if data["type"] == "state" and data["view"]["version"] > version and (until is None or until(data["view"])):
            return data["view"]


async def reply(ws, timeout: float = 10.0) -> dict[str, Any]:
    """The next error or info message (state messages on the way are skipped)."""
    while True:
        msg = await ws.receive(timeout=timeout)
        if msg.type is not aiohttp.WSMsgType.TEXT:
            raise ConnectionError(f"the socket closed: {msg.type}")
        data = json.loads(msg.data)
        if data["type"] in ("error", "info"):
            return data


def first_move(view: dict[str, Any]) -> dict[str, Any] | None:
    """A console's move: the first playable non-joint card, else passing (None: nothing to do)."""
    moves = view.get("moves") or []
    joint = {c["id"] for c in view.get("hand", []) if c["partners"]}
    plays = [m for m in moves if m["kind"] == "PlayCard" and m["card"] not in joint]
    passes = [m for m in moves if m["kind"] == "Pass"]
    return (plays or passes or [None])[0]


@contextlib.contextmanager
def serving(scenario: Path, *args: str) -> Iterator[dict[str, Any]]:
    """`run_sim.py serve SCENARIO ARGS --print-urls` in a process of its own: the one JSON line it prints."""
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, str(root / "run_sim.py"), "serve", str(scenario), *args, "--print-urls"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line, proc.stderr.read() if proc.stderr else "serve printed nothing"
        yield json.loads(line)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
