"""The consoles' web server (aiohttp): pages, state URLs and WebSockets, for the seats' tokens only.

Without a valid token nothing is served but the join page and the static files
(which hold no data). Every request must name this server in its Host header
(no DNS rebinding), a WebSocket must come from a page of this server (Origin),
every message is checked by `sim.net.messages` and each connection is
rate-limited. Everything sent passes `Host.send` (the gate).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import time
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

import attrs
import jinja2
from aiohttp import WSMsgType, web

from sim.i18n import DEFAULT_LANG, LANGUAGES, t
from sim.net.host import Host
from sim.net.messages import MAX_BYTES, BadMessage, parse
from sim.net.seats import BOARD, FACILITATOR, TEAM, Seat

STATIC = {"console.js": "text/javascript", "console.css": "text/css"}
RATE = 20.0  # messages per second a connection may send on average
BURST = 40.0
MAX_STRIKES = 200  # messages over the limit before the connection is closed
MAX_PER_SEAT = 16  # open connections per seat (a team's phones and laptops)
SEND_TIMEOUT = 2.0  # seconds a device may take to take a message before it is dropped (it reconnects)
_FIRST = {BOARD: 0, FACILITATOR: 1}  # the order a broadcast reaches the seats in
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",  # the token is in the address: it must not travel on
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def _files() -> Any:
    return resources.files("sim.net") / "static"


_JINJA = jinja2.Environment(loader=jinja2.FunctionLoader(lambda name: (_files() / name).read_text(encoding="utf-8")),
                            autoescape=True)


@attrs.define(eq=False)
class Bucket:
    """A token bucket: `take` is False when the connection sends faster than `rate` (with `burst` to spare)."""

    rate: float = RATE
    burst: float = BURST
    level: float = BURST
    at: float = attrs.Factory(time.monotonic)
    strikes: int = 0

    def take(self) -> bool:
        now = time.monotonic()
        self.level = min(self.burst, self.level + (now - self.at) * self.rate)
        self.at = now
        if self.level < 1:
            self.strikes += 1
            return False
        self.level -= 1
        return True


@attrs.define(eq=False)
class Connection:
    """One open WebSocket of a seat, with its language and rate limit."""

    seat: Seat
    ws: web.WebSocketResponse
    lang: str = DEFAULT_LANG
    bucket: Bucket = attrs.Factory(Bucket)


class Server:
    """The web side of a `Host`; `allowed` is the set of host:port names a browser may use to reach it."""

    def __init__(self, host: Host, allowed: set[str] | None = None, rate: float = RATE, burst: float = BURST):
        self.host = host
        self.rate, self.burst = rate, burst
        self.allowed = allowed  # filled in by `start` when None
        self.connections: set[Connection] = set()
        self.app = web.Application(client_max_size=MAX_BYTES * 2, middlewares=[self._guard])
        self.app.add_routes([
            web.get("/", self.join_page), web.get("/join", self.join_code), web.get("/j/{code}", self.join_code),
            web.get("/static/{name}", self.static),
            web.get("/board", self.page), web.get("/facilitator", self.page), web.get("/team/{agency}", self.page),
            web.get("/api/board", self.state), web.get("/api/facilitator", self.state),
            web.get("/api/team/{agency}", self.state),
            web.get("/ws/board", self.socket), web.get("/ws/facilitator", self.socket), web.get("/ws/team/{agency}", self.socket),
        ])
        host.on_kick = self._kick
        self.loop: asyncio.AbstractEventLoop | None = None
        self.port = 0
        self._pending: asyncio.Future[None] | None = None
        self._again = False

    # -- every request --------------------------------------------------------
    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        if self.allowed is not None and not self._host_ok(request.host):
            return web.Response(status=421, text="unknown host")
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            for k, v in HEADERS.items():
                exc.headers.setdefault(k, v)
            raise
        for k, v in HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    def _host_ok(self, host: str) -> bool:
        """This server's own names, or any IP address with its port: a laptop on a hotspot and on Wi-Fi has
        several. A DNS-rebinding page always arrives under a domain name, which is refused."""
        host = host.lower()
        if self.allowed is None or host in self.allowed:
            return True
        name, _, port = host.rpartition(":")
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
        return port == str(self.port)

    def _seat(self, request: web.Request) -> Seat | None:
        if "agency" in request.match_info:
            return self.host.seat_of(f"{TEAM}/{request.match_info['agency']}")
        role = request.path.rstrip("/").rsplit("/", 1)[-1]
        return self.host.seat_of(role) if role in (BOARD, FACILITATOR) else None

    def _check(self, request: web.Request) -> tuple[Seat | None, int]:
        seat = self._seat(request)
        with self.host.lock:
            return seat, self.host.tokens.check(seat, request.query.get("t"))

    def _lang(self, request: web.Request) -> str:
        lang = request.query.get("lang", "")
        return lang if lang in LANGUAGES else self.host.lang

    # -- pages ------------------------------------------------------------------
    def _join(self, lang: str, status: int = 200, problem: str = "") -> web.Response:
        words = {k: t(f"console.join.{k}", lang) for k in ("title", "text", "go")}
        body = _JINJA.get_template("join.html").render(lang=lang, words=words, problem=problem,
                                                       locked=self.host.locked, locked_text=t("console.join_locked", lang))
        return web.Response(status=status, text=body, content_type="text/html")

    async def join_page(self, request: web.Request) -> web.Response:
        return self._join(self._lang(request))

    async def join_code(self, request: web.Request) -> web.Response:
        """A short join code (typed or from /j/CODE) leads to its seat's page, while joining is open."""
        lang = self._lang(request)
        code = request.match_info.get("code") or request.query.get("code", "")
        with self.host.lock:
            seat = self.host.tokens.by_code(code[:16]) if not self.host.locked else None
            if seat is None:
                return self._join(lang, 403 if code else 400, t("console.join.bad", lang))
            token = self.host.tokens.token(seat)
        raise web.HTTPSeeOther(f"/{seat.path}?t={token}")

    async def page(self, request: web.Request) -> web.Response:
        seat, status = self._check(request)
        lang = self._lang(request)
        if status != 200:
            return self._join(lang, status, t("console.join.bad", lang))
        body = _JINJA.get_template("console.html").render(lang=lang, title=t("console.title", lang))
        return web.Response(text=body, content_type="text/html")

    async def static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        return web.Response(text=(_files() / name).read_text(encoding="utf-8"), content_type=STATIC[name])

    async def state(self, request: web.Request) -> web.Response:
        """The seat's view as JSON: 401 without a token, 403 with a wrong one."""
        seat, status = self._check(request)
        if status != 200 or seat is None:
            return web.json_response({"error": "unauthorized" if status == 401 else "forbidden"}, status=status)
        view = self.host.view(seat, self._lang(request))
        return web.Response(text=self.host.send(seat, view), content_type="application/json")

    # -- live -------------------------------------------------------------------
    def _origin_ok(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin", "")
        return origin in (f"http://{request.host}", f"https://{request.host}")

    async def socket(self, request: web.Request) -> web.StreamResponse:
        seat, status = self._check(request)
        if status != 200 or seat is None:
            raise web.HTTPUnauthorized() if status == 401 else web.HTTPForbidden()
        if not self._origin_ok(request):
            raise web.HTTPForbidden(text="origin")
        if sum(1 for c in self.connections if c.seat == seat) >= MAX_PER_SEAT:
            raise web.HTTPTooManyRequests()
        ws = web.WebSocketResponse(max_msg_size=MAX_BYTES, heartbeat=20.0, compress=False)  # deflate per device cost more than the LAN saves
        await ws.prepare(request)
        conn = Connection(seat, ws, self._lang(request), Bucket(self.rate, self.burst, self.burst))
        self.connections.add(conn)
        self.host.attach(seat, +1)
        try:
            await self._send_state(conn)
            self.request_broadcast()
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    if not await self._receive(conn, msg.data):
                        break
                elif msg.type is WSMsgType.BINARY:
                    await self._error(conn, "console.err.bad_message")
        finally:
            self.connections.discard(conn)
            self.host.attach(seat, -1)
            self.request_broadcast()
        return ws

    async def _receive(self, conn: Connection, data: str) -> bool:
        """Handle one message; False when the connection should close (it kept flooding)."""
        if not conn.bucket.take():
            if conn.bucket.strikes > MAX_STRIKES:
                return False
            await self._error(conn, "console.err.too_fast")
            return True
        try:
            msg = parse(data, conn.seat.role)
        except BadMessage as exc:
            await self._error(conn, exc.key)
            return True
        if msg["type"] == "hello" and msg["lang"] in LANGUAGES:
            conn.lang = msg["lang"]
            await self._send_state(conn)
        before = self.host.version
        reply = self.host.handle(conn.seat, msg, conn.lang)
        if reply is not None:
            await self._send(conn, self.host.send(conn.seat, reply, conn.lang))
        if self.host.version != before:
            self.request_broadcast()
        return True

    async def _error(self, conn: Connection, key: str) -> None:
        await self._send(conn, self.host.send(conn.seat, {"type": "error", "text": t(key, conn.lang)}, conn.lang))

    async def _send(self, conn: Connection, text: str) -> None:
        if conn.ws.closed:
            return
        try:
            await asyncio.wait_for(conn.ws.send_str(text), SEND_TIMEOUT)
        except (ConnectionError, RuntimeError):
            pass  # a phone that went away mid-send: its seat stays, it reconnects
        except asyncio.TimeoutError:
            # A device that stopped reading never stalls the others: it is dropped and rejoins by itself.
            self.connections.discard(conn)
            asyncio.ensure_future(conn.ws.close(code=1013, message=b"too slow"))

    async def _send_state(self, conn: Connection) -> None:
        await self._send(conn, self.host.message(conn.seat, conn.lang))

    def request_broadcast(self) -> None:
        """Send every seat its view soon; requests made meanwhile (a reconnect storm) are sent once."""
        if self._pending is None or self._pending.done():
            self._pending = asyncio.ensure_future(self.broadcast())
        else:
            self._again = True

    async def broadcast(self) -> None:
        """Every connection gets its seat's current view (one rendering per seat and language)."""
        while True:
            self._again = False
            made: dict[tuple[Seat, str], str] = {}
            # The projector first: it is what the room watches when a team taps; then the facilitator, then the teams.
            for conn in sorted(self.connections, key=lambda c: _FIRST.get(c.seat.role, len(_FIRST))):
                key = (conn.seat, conn.lang)
                if key not in made:
                    made[key] = self.host.message(conn.seat, conn.lang)
                await self._send(conn, made[key])
            if not self._again:
                return

    def _kick(self, seat: Seat) -> None:
        for conn in [c for c in self.connections if c.seat == seat]:
            asyncio.ensure_future(conn.ws.close(code=4001, message=b"removed"))

    def changed_elsewhere(self) -> None:
        """The game changed outside a console (a click on the shared screen): push the new views (any thread)."""
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.request_broadcast)


async def start(server: Server, bind: str = "127.0.0.1", port: int = 0, names: tuple[str, ...] = ()) -> tuple[web.AppRunner, int]:
    """Listen on `bind`:`port` (0: any free port); the runner (to stop it) and the port it got."""
    runner = web.AppRunner(server.app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, bind, port)
    await site.start()
    sockets = getattr(site._server, "sockets", None) or []  # the port the system chose for port 0
    real = int(sockets[0].getsockname()[1]) if sockets else port
    if server.allowed is None:
        server.allowed = {f"{n}:{real}".lower() for n in (bind, "127.0.0.1", "localhost", *names)}
    server.loop = asyncio.get_running_loop()
    server.port = real
    return runner, real


def urls(server: Server, base: str) -> dict[str, Any]:
    """Every seat's page and state URL (the `serve --print-urls` line)."""
    tokens = server.host.tokens
    out: dict[str, Any] = {"teams": {}}
    for seat in tokens.seats:
        tok = tokens.token(seat)
        entry = {"page": f"{base}/{seat.path}?t={tok}", "state": f"{base}/api/{seat.path}?t={tok}"}
        if seat.role == TEAM:
            out["teams"][seat.agency] = {**entry, "code": tokens.code(seat), "join": f"{base}/j/{tokens.code(seat)}"}
        else:
            out[seat.role] = entry
    return out


def dumps(value: Any) -> str:
    """One JSON line."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
