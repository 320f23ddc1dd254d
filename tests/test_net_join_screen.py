"""The join screen again from the board (issue 15): the seat controls, the facilitator's address kept off the
projector unless asked for, and one pause for the window and every console (headless, SDL's dummy driver)."""

from __future__ import annotations

import asyncio
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import aiohttp
import pygame
import pygame_gui
import pytest

from sim.core.state import NextPhase, Pass, Phase
from sim.i18n import t
from sim.net.seats import FACILITATOR, Seat, team
from sim.scenario.loader import load_scenario
from sim.ui.app import App
from sim.ui.consoles import switch_on
from sim.ui.scenes import join as join_scene
from sim.ui.session import HUMAN, Session
from tests.conftest import ROOT
from tests.net_driver import reply, state_after

JAN_PATH = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
JAN = load_scenario(JAN_PATH).scenario


@pytest.fixture
def table():
    """A window with the board of a session whose consoles are on (loopback), the police played by the computer."""
    app = App(str(JAN_PATH), "nl", window_size=(1280, 800))
    s = Session(JAN, seed=3, seats={"politie": "protocol"})
    s.skip_moments()
    consoles = switch_on(s, "127.0.0.1", 0)
    board = app.switch("board", session=s)
    app.frame(0.016)
    yield app, s, consoles, board
    consoles.stop()
    pygame.quit()


def _key(app, key):
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))
    app.frame(0.016)


def _press(app, button):
    app.handle(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=button))
    app.frame(0.016)


def _seat_button(join, agency, kind, mode=None):
    return next(b for b, msg in join.seat_btns.items()
                if msg["agency"] == agency and msg["type"] == kind and msg.get("mode", mode) == mode)


def test_the_join_screen_comes_back_from_the_board_by_key_and_by_button(table):
    app, s, consoles, board = table
    assert board.join_btn is not None
    _key(app, pygame.K_j)
    assert app.stack[-1].name == "join"
    _key(app, pygame.K_ESCAPE)
    assert app.stack[-1].name == "board"
    _press(app, app.stack[-1].join_btn)
    assert app.stack[-1].name == "join"


def test_the_board_has_no_join_control_when_the_consoles_are_off():
    app = App(str(JAN_PATH), "nl", window_size=(1280, 800))
    try:
        board = app.switch("board", session=Session(JAN, seed=3))
        app.frame(0.016)
        assert board.join_btn is None
        _key(app, pygame.K_j)
        assert app.stack[-1].name == "board"
    finally:
        pygame.quit()


def test_the_seat_controls_remove_a_device_take_a_seat_back_and_give_it_to_the_computer(table):
    app, s, consoles, board = table
    host = consoles.host
    _key(app, pygame.K_j)
    join = app.stack[-1]
    assert set(join.codes) == {"sociale_dienst", "ggz", "woningcorporatie", "wijkteam"}  # the police: the computer's
    old_token, old_code = host.tokens.token(team("wijkteam")), host.tokens.code(team("wijkteam"))
    _press(app, _seat_button(join, "wijkteam", "kick"))
    assert host.tokens.token(team("wijkteam")) != old_token and host.tokens.code(team("wijkteam")) != old_code
    join = app.stack[-1]  # rebuilt: the new code has a new QR code
    _press(app, _seat_button(join, "ggz", "seat", "table"))
    assert host.modes["ggz"] == "table" and s.seats.controller["ggz"] == HUMAN
    assert "ggz" not in app.stack[-1].codes  # no QR code for a team at the table
    _press(app, _seat_button(app.stack[-1], "sociale_dienst", "seat", join_scene.COMPUTER))
    app.frame(0.016)  # the screen's thread makes the change
    assert host.modes["sociale_dienst"] == join_scene.COMPUTER and s.is_ai("sociale_dienst")
    _press(app, _seat_button(app.stack[-1], "politie", "seat", "device"))
    app.frame(0.016)
    assert host.modes["politie"] == "device" and not s.is_ai("politie") and "politie" in app.stack[-1].codes
    _press(app, app.stack[-1].lock_btn)
    assert host.locked
    _press(app, app.stack[-1].lock_btn)
    assert not host.locked


def test_the_facilitators_address_shows_only_when_asked_and_hides_itself(table, monkeypatch):
    app, s, consoles, board = table
    opened = []
    monkeypatch.setattr(join_scene.webbrowser, "open", opened.append)
    _key(app, pygame.K_j)
    join = app.stack[-1]
    assert join.fac_qr is None and join.revealed == 0  # the projected screen has only the teams' codes
    _press(app, join.open_btn)
    assert opened == [consoles.urls()["facilitator"]["page"]]
    _press(app, join.reveal_btn)
    assert join.fac_qr is None and join.asking is not None  # first the warning
    app.handle(pygame.event.Event(pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED, ui_element=join.asking))
    app.frame(0.016)
    assert join.fac_qr is not None and join.revealed > 0 and join.lock_btn not in join.elements
    app.frame(join_scene.REVEAL_SECONDS + 1)
    assert join.fac_qr is None and join.revealed == 0
    assert app.stack[-1] is join  # hidden again, the join screen stays


def test_a_devices_move_counts_while_the_join_screen_lies_over_the_board(table):
    app, s, consoles, board = table
    _key(app, pygame.K_j)
    assert consoles.command({"type": "next"}) is None
    app.frame(0.016)
    assert s.state.actions == (NextPhase(),)


def test_one_pause_for_the_window_and_the_consoles(table):
    app, s, consoles, board = table
    base = f"http://127.0.0.1:{consoles.port}"

    async def connect(http, seat):
        return await http.ws_connect(f"ws://127.0.0.1:{consoles.port}/ws/{seat.path}?t={consoles.host.tokens.token(seat)}",
                                     origin=base)

    async def frames(n=3):
        for _ in range(n):
            app.frame(0.016)
            await asyncio.sleep(0.05)

    async def go():
        async with aiohttp.ClientSession() as http:
            fac = await connect(http, Seat(FACILITATOR))
            ggz = await connect(http, team("ggz"))
            v = await state_after(fac)
            # The window pauses: the consoles show it and refuse moves with the reason.
            _key(app, pygame.K_p)
            assert s.paused and consoles.host.paused
            v = await state_after(fac, v["version"], until=lambda view: view["paused"])
            g = await state_after(ggz, -1, until=lambda view: view["paused"])
            assert g["words"]["paused"] == t("console.paused", "nl")
            await ggz.send_json({"type": "act", "action": {"kind": "Pass", "agency": "ggz"}})
            assert (await reply(ggz))["text"] == t("console.err.paused", "nl")
            await fac.send_json({"type": "next"})
            assert (await reply(fac))["text"] == t("console.err.paused", "nl")
            # The facilitator's console resumes: the window's pause is off and its button says so.
            await fac.send_json({"type": "pause", "on": False})
            v = await state_after(fac, v["version"], until=lambda view: not view["paused"])
            await frames()
            assert not s.paused and board.pause_btn.text == t("uiboard.bar.pause", "nl")
            # ... and pauses again: the board shows the pause.
            await fac.send_json({"type": "pause", "on": True})
            await state_after(fac, v["version"], until=lambda view: view["paused"])
            await frames()
            assert s.paused and board.pause_btn.text == t("board.resume", "nl")
            _key(app, pygame.K_p)
            assert not s.paused
            await state_after(ggz, -1, until=lambda view: not view["paused"])
            await fac.close()
            await ggz.close()
    asyncio.run(asyncio.wait_for(go(), 30))


def test_a_move_asked_for_just_before_a_pause_is_not_played_after_it(table):
    app, s, consoles, board = table
    for _ in range(2):
        s.apply(NextPhase())
    assert s.state.phase is Phase.ACTIES and s.state.active_agency == "sociale_dienst"
    consoles.host.table.apply(Pass("sociale_dienst"))  # checked, handed to the screen's thread ...
    s.paused = True  # ... which pauses before it takes it
    app.frame(0.016)
    assert s.state.active_agency == "sociale_dienst"


@pytest.mark.parametrize("lang,size", [("nl", (1920, 1080)), ("en", (1280, 800))])
def test_the_join_screen_reads_from_the_back_of_the_room(lang, size, monkeypatch):
    from sim.ui.legibility import check_scene

    app = App(str(JAN_PATH), lang, window_size=size)
    s = Session(JAN, seed=3, seats={"politie": "protocol"}, lang=lang)
    s.skip_moments()
    consoles = switch_on(s, "127.0.0.1", 0)
    try:
        app.switch("board", session=s)
        app.frame(0.016)
        _key(app, pygame.K_j)
        join = app.stack[-1]
        consoles.host.connected["team/ggz"] = 2
        app.frame(0.016)
        assert check_scene(join) == []
        consoles.command({"type": "lock", "on": True})
        app.frame(0.016)
        assert check_scene(app.stack[-1]) == []
        join._reveal()
        app.frame(0.016)
        assert check_scene(app.stack[-1]) == []
        if os.environ.get("STABIEL_SHOTS"):
            app.screenshot(os.path.join(os.environ["STABIEL_SHOTS"], f"join-revealed-{lang}-{size[0]}.png"))
    finally:
        consoles.stop()
        pygame.quit()
