"""Hostile consoles: 10,000 malformed or misplaced messages change nothing and crash nothing;
a flood is rate-limited; 30 devices in a reconnect storm lose no action."""

from __future__ import annotations

import asyncio
import json
import random

import aiohttp

from sim.net import messages
from sim.net.seats import FACILITATOR, Seat, team
from sim.scenario.loader import load_scenario
from tests.conftest import ROOT
from tests.net_driver import connect, first_move, running, state_after

JAN = load_scenario(ROOT / "scenarios" / "jan-in-de-portiek.yaml").scenario
AGENCIES = [a.id for a in JAN.agencies]


def run(coro, timeout=240):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def _hostile(rng: random.Random, replayed: list[dict]) -> str | bytes:
    """One message a broken or hostile console might send."""
    card = rng.choice(JAN.cards).id
    other = rng.choice(AGENCIES)
    choices = [
        lambda: rng.randbytes(rng.randint(0, 64)).decode("latin-1"),
        lambda: "{" * rng.randint(1, 3000),  # deep nesting
        lambda: json.dumps(rng.choice([None, 1, 2.5, "act", [], [1, 2], True])),
        lambda: json.dumps({"type": rng.choice(list(messages.SPEC)), "x": 1}),
        lambda: json.dumps({"type": "act", "action": {"kind": "PlayCard", "agency": other, "card": card}}),
        lambda: json.dumps({"type": "act", "action": {"kind": rng.choice(["NextPhase", "InjectEvent", "Adjust", "Pass", "Nope"]),
                                                      "event": "x"}}),
        lambda: json.dumps({"type": "act", "action": {"kind": "PlayCard", "card": rng.choice([card, 7, None, "", "x" * 500])}}),
        lambda: json.dumps({"type": rng.choice(["next", "undo", "inject", "kick", "seat", "pause"]), "on": True}),
        lambda: json.dumps({"type": "agree", "card": card}),
        lambda: json.dumps({"type": "hello", "lang": rng.choice(["xx", "", "nl" * 50, 3])}),
        lambda: json.dumps({"type": "act", "token": "stolen", "action": {"kind": "Pass"}}),
        lambda: json.dumps({"type": "adjust", "figure": "stress", "key": "-", "delta": float("nan"), "reason": "x"}),
        lambda: json.dumps(rng.choice(replayed)) if replayed else "{}",
        lambda: json.dumps({"type": "act", "action": {"kind": "PlayCard", "card": card, "pad": "y" * rng.randint(0, 3000)}}),
    ]
    return rng.choice(choices)()


def test_ten_thousand_hostile_messages_change_nothing_and_crash_nothing():
    async def go():
        async with running(JAN, rate=1e9, burst=1e9) as (host, server, base, http):
            fac = await connect(http, base, host, Seat(FACILITATOR))
            v = await state_after(fac)
            for phase in ("overleg", "acties"):
                await fac.send_json({"type": "next"})
                v = await state_after(fac, v["version"], until=lambda v, p=phase: v["game"]["phase"] == p)
            active = v["game"]["active"]
            # Moves that were legal for the active team a moment ago, replayed by the others (out of turn).
            replayed = [{"type": "act", "action": m["action"]} for m in (await _view(http, base, host, active))["moves"]]
            before = host.table.state
            rng = random.Random(15)
            sockets = {a: await connect(http, base, host, team(a)) for a in AGENCIES if a != active}
            board = await connect(http, base, host, Seat("board"))
            sent = 0
            for i in range(10_000):
                seat = rng.choice([*sockets, "board"])
                msg = _hostile(rng, replayed) if i % 500 else "x" * (messages.MAX_BYTES + 10)
                for _ in range(2):
                    ws = board if seat == "board" else sockets[seat]
                    try:
                        await ws.send_str(msg)
                        break
                    except (aiohttp.ClientConnectionResetError, ConnectionError):
                        # A frame over the size limit closed this socket: the device reconnects and goes on.
                        ws = await connect(http, base, host, Seat("board") if seat == "board" else team(seat))
                        if seat == "board":
                            board = ws
                        else:
                            sockets[seat] = ws
                sent += 1
                if i % 100 == 0:
                    await asyncio.sleep(0.001)  # let the server read
            for ws in [*sockets.values(), board]:
                if not ws.closed:
                    await ws.close()
            assert sent == 10_000
            # The game is exactly where it was, and the server still answers every seat.
            assert host.table.state is before and host.proposals == []
            async with http.get(f"{base}/api/team/{active}?t={host.tokens.token(team(active))}") as r:
                assert r.status == 200 and (await r.json())["game"]["active"] == active
            await fac.close()
    run(go())


def _latest(host):
    """The facilitator's view now (read directly: the storm keeps sending state messages)."""
    return host.view(Seat(FACILITATOR))


async def _view(http, base, host, agency):
    async with http.get(f"{base}/api/team/{agency}?t={host.tokens.token(team(agency))}") as r:
        return await r.json()


def test_the_hostile_messages_themselves_are_refused_by_the_schema_or_the_rules():
    rng = random.Random(7)
    from sim.net.host import Host
    from sim.net.table import HeadlessTable

    host = Host(HeadlessTable(JAN, 2))
    before = host.table.state
    refused = 0
    for _ in range(10_000):
        raw = _hostile(rng, [])
        seat = team(rng.choice(AGENCIES))
        try:
            msg = messages.parse(raw, seat.role)
        except messages.BadMessage:
            refused += 1
            continue
        reply = host.handle(seat, msg)
        assert reply is None or reply["type"] == "error"
    assert host.table.state is before and refused > 5_000


def test_a_flood_is_rate_limited_and_then_cut_off():
    async def go():
        async with running(JAN) as (host, server, base, http):
            ws = await connect(http, base, host, team("ggz"))
            await state_after(ws)
            for _ in range(600):
                if ws.closed:
                    break
                await ws.send_str('{"type": "hello", "lang": "nl"}')
            too_fast = 0
            while True:
                msg = await ws.receive(timeout=10)
                if msg.type is not aiohttp.WSMsgType.TEXT:
                    break
                data = json.loads(msg.data)
                too_fast += data["type"] == "error"
            assert too_fast > 100 and ws.closed
    run(go())


def test_thirty_devices_in_a_reconnect_storm_lose_no_action():
    async def go():
        async with running(JAN, seed=4) as (host, server, base, http):
            phones = {a: [await connect(http, base, host, team(a)) for _ in range(6)] for a in AGENCIES}  # 30 devices
            fac = await connect(http, base, host, Seat(FACILITATOR))
            assert sum(host.connected.values()) == 31
            stop = asyncio.Event()

            async def drain(agency):  # device 0 of each team reads what it is sent (and answers pings), as a browser does
                while not stop.is_set():
                    try:
                        await phones[agency][0].receive(timeout=0.5)
                    except TimeoutError:
                        pass

            readers = [asyncio.create_task(drain(a)) for a in AGENCIES]

            async def storm(agency, k):
                rng = random.Random(k)
                while not stop.is_set():
                    i = rng.randrange(1, 6)  # device 0 of each team stays; the others drop and come back
                    await phones[agency][i].close()
                    phones[agency][i] = await connect(http, base, host, team(agency))
                    await asyncio.sleep(0.02 + rng.random() * 0.05)

            storms = [asyncio.create_task(storm(a, k)) for k, a in enumerate(AGENCIES)]
            sent = []
            view = await state_after(fac)
            while not view["game"]["over"] and len(sent) < 40:
                if view["can_next"]:
                    sent.append({"kind": "NextPhase"})
                    await fac.send_json({"type": "next"})
                else:
                    active = view["game"]["active"]
                    move = first_move(await _view(http, base, host, active))
                    sent.append(move["action"])
                    await phones[active][0].send_json({"type": "act", "action": move["action"]})
                while len(host.table.state.actions) < len(sent):  # a lost action would hang here: the test times out
                    try:
                        view = await state_after(fac, view["version"], timeout=5)
                    except TimeoutError:
                        raise AssertionError(f"lost {sent[-1]} at {host.table.state.phase} {host.table.state.active_agency}") from None
                view = _latest(host)
            stop.set()
            await asyncio.gather(*storms, *readers)
            actions = host.table.state.actions
            assert len(actions) == len(sent) > 20
            for got, want in zip(actions, sent):
                assert type(got).__name__ == want["kind"] and getattr(got, "card", None) == want.get("card")
            for sock in [fac, *(w for group in phones.values() for w in group)]:
                await sock.close()
    run(go())
