"""The consoles' server in a thread of its own, beside a window that owns the game.

The window changes the game on its own thread (clicks, the computer's moves,
and the moves the devices asked for); this thread watches the state and sends
every seat its new view when it changed.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any

from sim.core.state import GameState
from sim.net.host import Host
from sim.net.seats import FACILITATOR, Seat
from sim.net.server import Server, start, urls

WATCH_SECONDS = 0.1


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), or 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


class ServerThread:
    """Runs a `Server` for `host` on `bind`:`port` in a daemon thread until `stop`."""

    def __init__(self, host: Host, bind: str = "0.0.0.0", port: int = 0, address: str | None = None):
        self.host = host
        self.address = address or (lan_address() if bind == "0.0.0.0" else bind)
        self.server = Server(host)
        self._bind, self._port = bind, port
        self.port = 0
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name="stabiel-consoles", daemon=True)

    def start(self, timeout: float = 10.0) -> ServerThread:
        """Start listening; raises OSError when the port cannot be had."""
        self._thread.start()
        self._ready.wait(timeout)
        if self.error is not None:
            raise OSError(self.error)
        return self

    @property
    def base(self) -> str:
        """The address the devices use, e.g. http://192.168.1.20:8765."""
        return f"http://{self.address}:{self.port}"

    def urls(self) -> dict[str, Any]:
        """Every seat's page, state and short join address."""
        return urls(self.server, self.base)

    def stop(self) -> None:
        """Stop listening (the consoles are switched off)."""
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=5)

    def _seen(self) -> tuple[GameState, bool]:
        """What the window may change behind the consoles' back: the game (compared by identity) and the pause."""
        return self.host.table.state, self.host.paused

    def command(self, message: dict[str, Any]) -> str | None:
        """A facilitator's message from the window (the join screen): the same path as from the facilitator's
        console; every seat hears the change. The refusal in words, or None."""
        reply = self.host.handle(Seat(FACILITATOR), message)
        if self._loop is not None:
            self.server.changed_elsewhere()
        return reply.get("text") if reply is not None and reply.get("type") == "error" else None

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except OSError as exc:
            self.error = exc.strerror or str(exc)
            self._ready.set()

    async def _main(self) -> None:
        runner, self.port = await start(self.server, self._bind, self._port, names=(self.address,))
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._ready.set()
        seen = self._seen()
        try:
            while not self._stop.is_set():
                try:
                    await asyncio.wait_for(self._stop.wait(), WATCH_SECONDS)
                except asyncio.TimeoutError:
                    pass
                now = self._seen()
                if now[0] is not seen[0] or now[1] != seen[1]:  # the window changed the game or paused it: every seat hears it
                    seen = now
                    with self.host.lock:
                        self.host.version += 1
                    self.server.request_broadcast()
        finally:
            await runner.cleanup()
