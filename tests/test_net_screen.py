"""Consoles beside the window: the set-up switch, the join screen's QR codes, and a device's move
applied on the screen's thread like a click (headless, SDL's dummy driver)."""

from __future__ import annotations

import asyncio
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import aiohttp
import pygame
import pygame_gui
import pytest

from sim.core.state import NextPhase, Phase
from sim.net.seats import FACILITATOR, Seat, team
from sim.scenario.loader import load_scenario
from sim.ui.app import App
from sim.ui.consoles import switch_on
from sim.ui.session import Session
from tests.conftest import ROOT
from tests.net_driver import state_after

JAN_PATH = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
JAN = load_scenario(JAN_PATH).scenario


@pytest.fixture
def session():
    s = Session(JAN, seed=3, seats={"politie": "protocol"})
    yield s
    if s.consoles is not None:
        s.consoles.stop()


def _ws(consoles, seat):
    url = f"ws://127.0.0.1:{consoles.port}/ws/{seat.path}?t={consoles.host.tokens.token(seat)}"
    return url, f"http://127.0.0.1:{consoles.port}"


def test_a_devices_move_waits_for_the_screen_and_every_seat_then_sees_it(session):
    consoles = switch_on(session, "127.0.0.1", 0)
    assert consoles.host.modes["politie"] == "protocol" and consoles.host.modes["ggz"] == "device"

    async def go():
        async with aiohttp.ClientSession() as http:
            url, origin = _ws(consoles, Seat(FACILITATOR))
            fac = await http.ws_connect(url, origin=origin)
            v = await state_after(fac)
            await fac.send_json({"type": "next"})
            await asyncio.sleep(0.3)
            assert session.state.phase is Phase.GEBEURTENIS  # not yet: the screen applies it in its own update
            for request in session.take_submitted():
                request(session)
            assert session.state.actions[-1] == NextPhase()
            url, origin = _ws(consoles, team("ggz"))
            ggz = await http.ws_connect(url, origin=origin)
            seen = await state_after(ggz, v["version"], until=lambda view: view["game"]["phase"] == "overleg")
            assert seen["seat"] == "team/ggz"
            await fac.close()
            await ggz.close()
    asyncio.run(asyncio.wait_for(go(), 30))


def test_the_setup_switch_starts_the_consoles_and_the_join_screen_shows_each_teams_code(tmp_path, monkeypatch):
    import sim.ui.consoles

    monkeypatch.setattr(sim.ui.consoles, "DEFAULT_BIND", "127.0.0.1")  # tests listen on loopback only
    app = App(str(JAN_PATH), "nl", window_size=(1920, 1080))
    try:
        setup = app.switch("setup", path=JAN_PATH)
        app.handle(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=setup.consoles_btn))
        assert setup.consoles
        setup = app.stack[-1]
        app.handle(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=setup.start_btn))
        join = app.stack[-1]
        assert join.name == "join" and app.stack[-2].name == "board"
        consoles = join.session.consoles
        assert consoles is not None and set(join.codes) == {a.id for a in JAN.agencies}
        assert consoles.base.startswith("http://127.0.0.1:")
        app.frame(0.016)
        out = tmp_path / "join.png"
        if os.environ.get("STABIEL_SHOTS"):
            out = __import__("pathlib").Path(os.environ["STABIEL_SHOTS"]) / "join-screen-1920.png"
        app.screenshot(out)
        assert out.stat().st_size > 20_000
        # The address under each QR code is the short join address, with its code.
        entry = consoles.urls()["teams"]["wijkteam"]
        assert entry["join"].endswith("/j/" + consoles.host.tokens.code(team("wijkteam")))
        app.handle(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=join.back_btn))
        assert app.stack[-1].name == "board"
        consoles.stop()
    finally:
        pygame.quit()


def test_the_board_applies_a_devices_move_in_its_update_and_hot_seat_is_unchanged_without_one():
    app = App(str(JAN_PATH), "nl", window_size=(1280, 800))
    try:
        s = Session(JAN, seed=3)
        app.switch("board", session=s)
        app.frame(0.016)
        assert len(s.states) == 1  # nothing asked: nothing happens (consoles off, hot-seat as before)
        s.submit(lambda session: session.apply(NextPhase()))
        s.submit(lambda session: session.apply(NextPhase()))
        s.submit(lambda session: session.apply(NextPhase()))  # not allowed by then: dropped, the game goes on
        app.frame(0.016)
        assert s.state.actions == (NextPhase(), NextPhase()) and s.state.phase is Phase.ACTIES
        assert s.take_submitted() == []
    finally:
        pygame.quit()
