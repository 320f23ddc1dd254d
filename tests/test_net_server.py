"""The consoles' server: tokens, Origin, the same rules as a click, joining, locking, removing a device.

Every test runs a host on 127.0.0.1 with a free port and talks to it over
real HTTP and WebSocket connections.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from sim.core import engine
from sim.core.state import NextPhase, PlayCard
from sim.i18n import reason_text, t
from sim.net import gate
from sim.net.seats import FACILITATOR, Seat, team
from sim.scenario.loader import load_scenario
from tests.conftest import ROOT
from tests.net_driver import connect, reply, running, state_after

JAN = load_scenario(ROOT / "scenarios" / "jan-in-de-portiek.yaml").scenario


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


def test_state_urls_need_the_seats_own_token():
    async def go():
        async with running(JAN, seed=2) as (host, server, base, http):  # seed 2: low literacy is in the wijkteam's dossier
            wt = host.tokens.token(team("wijkteam"))
            for path in ("board", "facilitator", "team/wijkteam", "team/politie"):
                async with http.get(f"{base}/api/{path}") as r:
                    assert r.status == 401, path
                async with http.get(f"{base}/api/{path}?t=not-the-token-at-all") as r:
                    assert r.status == 403, path
            async with http.get(f"{base}/api/team/politie?t={wt}") as r:
                assert r.status == 403  # one team's token never reads another's seat
            async with http.get(f"{base}/api/team/nobody?t={wt}") as r:
                assert r.status == 403
            async with http.get(f"{base}/api/team/wijkteam?t={wt}") as r:
                assert r.status == 200
                view = await r.json()
            assert view["seat"] == "team/wijkteam" and [s["id"] for s in view["dossier"]] == ["laaggeletterdheid"]
            async with http.get(f"{base}/team/wijkteam?t=wrong-token-wrong-token") as r:
                page = await r.text()
                assert r.status == 403 and t("console.join.bad", "nl") in page and "console.js" not in page
            async with http.get(f"{base}/team/wijkteam?t={wt}") as r:
                assert r.status == 200 and "console.js" in await r.text()
                assert r.headers["Referrer-Policy"] == "no-referrer" and "script-src 'self'" in r.headers["Content-Security-Policy"]
    run(go())


def test_a_socket_needs_its_token_its_origin_and_this_servers_name():
    async def go():
        async with running(JAN) as (host, server, base, http):
            seat = team("ggz")
            for token, origin, status in (("", None, 401), ("x" * 32, None, 403),
                                          (None, "http://evil.example", 403), (None, "null", 403)):
                with pytest.raises(aiohttp.WSServerHandshakeError) as err:
                    await connect(http, base, host, seat, token, origin)
                assert err.value.status == status
            # A page on another name that points at this server (DNS rebinding) is refused outright.
            board = f"{base}/api/board?t={host.tokens.token(Seat('board'))}"
            port = base.rsplit(":", 1)[1]
            for name, status in ((f"evil.example:{port}", 421), ("evil.example", 421), (f"127.0.0.1:{port}", 200),
                                 (f"10.42.0.1:{port}", 200), ("10.42.0.1:1", 421)):  # another address of this laptop: fine
                async with http.get(board, headers={"Host": name}) as r:
                    assert r.status == status, name
            ws = await connect(http, base, host, seat)
            view = await state_after(ws)
            assert view["seat"] == "team/ggz"
            await ws.close()
    run(go())


def test_an_illegal_move_gets_the_engines_own_reason_and_changes_nothing():
    async def go():
        async with running(JAN) as (host, server, base, http):
            ws = await connect(http, base, host, team("politie"))
            await state_after(ws)
            card = JAN.cards_of("politie")[0]
            before = host.table.state
            await ws.send_json({"type": "act", "action": {"kind": "PlayCard", "card": card.id}})
            got = await reply(ws)
            reason = engine.why_not(JAN, before, PlayCard("politie", card.id))
            assert reason is not None
            assert got == {"type": "error", "text": reason_text(reason, "nl", JAN, gate.knowledge(JAN, before, team("politie")))}
            # Acting for another team is refused, and so is a move of the facilitator's.
            await ws.send_json({"type": "act", "action": {"kind": "PlayCard", "agency": "wijkteam", "card": card.id}})
            assert (await reply(ws))["text"] == t("console.err.other_seat", "nl")
            await ws.send_json({"type": "next"})
            assert (await reply(ws))["text"] == t("console.err.not_allowed", "nl")
            assert host.table.state is before
            await ws.close()
    run(go())


def test_a_move_from_a_console_is_the_same_move_as_a_click_and_every_seat_sees_it():
    async def go():
        async with running(JAN) as (host, server, base, http):
            fac = await connect(http, base, host, Seat(FACILITATOR))
            board = await connect(http, base, host, Seat("board"))
            v = await state_after(fac)
            for phase in ("overleg", "acties"):
                await fac.send_json({"type": "next"})
                v = await state_after(fac, v["version"], until=lambda v, p=phase: v["game"]["phase"] == p)
            active = v["game"]["active"]
            ws = await connect(http, base, host, team(active))
            mine = await state_after(ws)
            move = next(m for m in mine["moves"] if m["kind"] == "PlayCard" and not JAN.card_by_id[m["card"]].partners)
            expected = engine.apply(JAN, host.table.state, PlayCard(active, move["card"]))
            await ws.send_json({"type": "act", "action": move["action"]})
            after = await state_after(ws, mine["version"], until=lambda v: v["log"] != mine["log"])
            assert host.table.state == expected
            assert host.table.state.actions[-3:] == (NextPhase(), NextPhase(), PlayCard(active, move["card"]))
            seen = await state_after(board, after["version"] - 1, until=lambda v: v["log"] == after["log"])
            assert seen["log"][-1] == after["log"][-1]
            for w in (fac, board, ws):
                await w.close()
    run(go())


def test_a_joint_card_waits_for_the_partners_on_their_devices():
    async def go():
        async with running(JAN) as (host, server, base, http):
            fac = await connect(http, base, host, Seat(FACILITATOR))
            v = await state_after(fac)
            await fac.send_json({"type": "next"})
            v = await state_after(fac, v["version"])
            assert v["game"]["phase"] == "overleg"
            joint = next(a for a in engine.legal_actions(JAN, host.table.state)
                         if isinstance(a, PlayCard) and JAN.card_by_id[a.card].partners)
            card = JAN.card_by_id[joint.card]
            proposer = await connect(http, base, host, team(joint.agency))
            partners = [await connect(http, base, host, team(p)) for p in card.partners]
            pv = await state_after(proposer)
            await proposer.send_json({"type": "act", "action": {"kind": "PlayCard", "card": card.id}})
            assert (await reply(proposer))["type"] == "info"
            assert host.table.state.times_played(card.id) == 0  # not yet: the partners have not agreed
            for ws in partners:
                pending = await state_after(ws, pv["version"], until=lambda v: bool(v["proposals"]))
                assert [p["card"] for p in pending["proposals"] if p["can_answer"]] == [card.id]
                await ws.send_json({"type": "agree", "card": card.id})
            await state_after(proposer, pv["version"], until=lambda v: not v["proposals"])
            assert host.table.state.times_played(card.id) == 1
            for ws in (fac, proposer, *partners):
                await ws.close()
    run(go())


def test_join_codes_lead_to_the_seat_until_joining_is_locked_and_a_removed_device_is_out():
    async def go():
        async with running(JAN) as (host, server, base, http):
            seat = team("woningcorporatie")
            code = host.tokens.code(seat)
            async with http.get(f"{base}/j/{code.lower()}", allow_redirects=False) as r:
                assert r.status == 303 and r.headers["Location"] == f"/{seat.path}?t={host.tokens.token(seat)}"
            async with http.get(f"{base}/join?code=ZZZZZZZ", allow_redirects=False) as r:
                assert r.status == 403
            fac = await connect(http, base, host, Seat(FACILITATOR))
            v = await state_after(fac)
            assert v["codes"]["woningcorporatie"] == code
            await fac.send_json({"type": "lock", "on": True})
            v = await state_after(fac, v["version"], until=lambda v: v["locked"])
            async with http.get(f"{base}/j/{code}", allow_redirects=False) as r:
                assert r.status == 403
            old = host.tokens.token(seat)
            phone = await connect(http, base, host, seat)
            await state_after(phone)
            await fac.send_json({"type": "kick", "agency": "woningcorporatie"})
            await state_after(fac, v["version"], until=lambda v: v["codes"]["woningcorporatie"] != code)
            closed = await phone.receive(timeout=5)
            while closed.type is aiohttp.WSMsgType.TEXT:
                closed = await phone.receive(timeout=5)
            assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
            async with http.get(f"{base}/api/{seat.path}?t={old}") as r:
                assert r.status == 403
            await fac.close()
    run(go())


def test_the_facilitator_can_give_a_seat_to_the_computer_and_it_plays():
    async def go():
        async with running(JAN) as (host, server, base, http):
            fac = await connect(http, base, host, Seat(FACILITATOR))
            v = await state_after(fac)
            for a in JAN.agencies:
                await fac.send_json({"type": "seat", "agency": a.id, "mode": "protocol"})
                v = await state_after(fac, v["version"], until=lambda v, a=a.id: any(x["id"] == a and x["mode"] == "protocol" for x in v["teams"]))
            for phase in ("overleg", "gebeurtenis"):
                await fac.send_json({"type": "next"})
                v = await state_after(fac, v["version"], until=lambda v, p=phase: v["game"]["phase"] == p)
            # Every team is the computer's now: the action phase plays itself into the next round.
            assert v["game"]["round"] == 2 and {x["mode"] for x in v["teams"]} == {"protocol"}
            await fac.send_json({"type": "undo"})
            v2 = await state_after(fac, v["version"])
            assert len(host.table.states) >= 2 and v2["version"] > v["version"]
            await fac.close()
    run(go())


def test_a_phone_that_slept_rejoins_its_seat_and_gets_the_current_state():
    async def go():
        async with running(JAN) as (host, server, base, http):
            seat = team("wijkteam")
            ws = await connect(http, base, host, seat)
            await state_after(ws)
            await ws.close()
            fac = await connect(http, base, host, Seat(FACILITATOR))
            v = await state_after(fac)
            await fac.send_json({"type": "next"})
            v = await state_after(fac, v["version"], until=lambda v: v["game"]["phase"] == "overleg")
            again = await connect(http, base, host, seat)
            view = await state_after(again)
            assert view["game"]["phase"] == "overleg" and view["version"] >= v["version"]
            assert host.connected["team/wijkteam"] == 1
            await again.close()
            await fac.close()
    run(go())
