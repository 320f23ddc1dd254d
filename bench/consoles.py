"""Consoles benchmark: from a tap on a team's console to the board's update, over loopback.

Starts the headless host (`run_sim.py serve`) in its own process, connects
CLIENTS WebSockets (teams' devices, spread over the five seats, each reading
what it is sent) plus one board, then taps: the active team plays a move and
the clock stops when the board receives the new state; the facilitator's undo
then takes the move back (untimed), so every tap is a move of the same size.
Prints p50 and p99 next to the target (p99 <= 100 ms with 30 clients) as a
ratio, the same from the tap until the last of the devices heard of it (the
board hears a move first: it is what the room watches), and the host's memory per connected client (resident set size before
and after the clients connected, divided by their number).

Run: .venv/bin/python bench/consoles.py [--clients 30] [--taps 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
TARGET_P99_MS = 100.0
# The server rate-limits every connection (sim.net.server.RATE, 20 messages a second on average): one tap and
# one undo per round trip, paced so that a quick machine does not run into the limit and lose the undo.
PACE_S = 1.5 / 20.0


def rss_kib(pid: int) -> int:
    """The resident set size of a process, in KiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def ws_url(page: str) -> tuple[str, str]:
    base, _, rest = page.partition("://")[2].partition("/")
    return f"ws://{base}/ws/{rest}", f"http://{base}"


async def reader(ws, box: list) -> None:
    """Keep the arrival time of every state message (the device reads all it is sent, as a browser does)."""
    async for msg in ws:
        if msg.type is aiohttp.WSMsgType.TEXT and msg.data.startswith('{"type":"state"'):
            box.append(time.perf_counter())


async def _every_device_after(boxes: list[list[float]], t0: float, timeout: float = 10.0) -> float:
    """Milliseconds from `t0` until the last device had a state message after `t0`."""
    end = time.perf_counter() + timeout
    while True:
        firsts = [next((t for t in box if t > t0), None) for box in boxes]
        if all(f is not None for f in firsts):
            return (max(f for f in firsts if f is not None) - t0) * 1000
        if time.perf_counter() > end:
            raise TimeoutError("a device never heard of the tap")
        await asyncio.sleep(0.002)


async def run(urls: dict, pid: int, clients: int, taps: int) -> None:
    teams = list(urls["teams"])
    async with aiohttp.ClientSession() as http:
        def connect(page):
            url, origin = ws_url(page)
            return http.ws_connect(url, origin=origin, max_msg_size=0)

        fac = await connect(urls["facilitator"]["page"])
        board = await connect(urls["board"]["page"])
        seen: asyncio.Queue = asyncio.Queue()  # the board's state messages, read as they come (as a browser does)
        board_task = asyncio.create_task(_board_reader(board, seen))
        await asyncio.sleep(0.5)
        before = rss_kib(pid)
        devices = {a: [] for a in teams}
        sinks = []
        boxes: list[list[float]] = []
        for i in range(clients):
            a = teams[i % len(teams)]
            ws = await connect(urls["teams"][a]["page"])
            devices[a].append(ws)
            box: list[float] = []
            boxes.append(box)
            sinks.append(asyncio.create_task(reader(ws, box)))
        fac_box: list = []
        sinks.append(asyncio.create_task(reader(fac, fac_box)))
        await asyncio.sleep(1.0)
        after = rss_kib(pid)
        # To the action phase.
        for _ in range(2):
            await fac.send_json({"type": "next"})
        await asyncio.sleep(0.5)
        async with http.get(urls["board"]["state"]) as r:
            active = (await r.json())["game"]["active"]
        async with http.get(urls["teams"][active]["state"]) as r:
            move = next(m for m in (await r.json())["moves"] if m["kind"] == "Pass")["action"]
        latencies, everyone = [], []
        await asyncio.sleep(0.3)
        while not seen.empty():
            seen.get_nowait()
        for _ in range(taps):
            t0 = time.perf_counter()
            await devices[active][0].send_json({"type": "act", "action": move})
            await _until_board_sees(seen, lambda v: v["game"]["active"] != active)
            latencies.append((time.perf_counter() - t0) * 1000)
            everyone.append(await _every_device_after(boxes, t0))  # untimed wait: only arrival times count
            await fac.send_json({"type": "undo"})
            await _until_board_sees(seen, lambda v: v["game"]["active"] == active)
            await asyncio.sleep(max(0.0, PACE_S - (time.perf_counter() - t0)))
        board_task.cancel()
        for t in sinks:
            t.cancel()
    p50, p99, top = _quantiles(latencies)
    print(f"consoles: {clients} clients + board + facilitator, {taps} taps over loopback")
    print(f"  tap -> board update: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {top:.1f} ms")
    e50, e99, etop = _quantiles(everyone)
    print(f"  tap -> every device updated (the slowest of {clients}): p50 {e50:.1f} ms, p99 {e99:.1f} ms, max {etop:.1f} ms")
    print(f"  p99 / target ({TARGET_P99_MS:.0f} ms): {p99 / TARGET_P99_MS:.2f}  ({'within' if p99 <= TARGET_P99_MS else 'OVER'} target)")
    print(f"  host memory: {before} KiB before, {after} KiB with the clients: {(after - before) / clients:.0f} KiB per client")


def _quantiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p99 and the maximum."""
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, int(round(0.99 * (len(values) - 1))))], values[-1]


async def _board_reader(board, seen: asyncio.Queue) -> None:
    async for msg in board:
        if msg.type is aiohttp.WSMsgType.TEXT:
            data = json.loads(msg.data)
            if data["type"] == "state":
                seen.put_nowait(data["view"])


async def _until_board_sees(seen: asyncio.Queue, pred) -> None:
    while not pred(await asyncio.wait_for(seen.get(), 10)):
        pass


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "jan-in-de-portiek.yaml"))
    p.add_argument("--clients", type=int, default=30)
    p.add_argument("--taps", type=int, default=300)
    args = p.parse_args()
    proc = subprocess.Popen([sys.executable, str(ROOT / "run_sim.py"), "serve", args.scenario, "--print-urls"],
                            stdout=subprocess.PIPE, text=True)
    try:
        urls = json.loads(proc.stdout.readline())
        asyncio.run(run(urls, proc.pid, args.clients, args.taps))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
