"""Companion mode on the screen (headless): the set-up switch, the board's key and button, the code dialog."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path

import pygame
import pygame_gui
import pytest

from sim.core.state import InjectEvent, Phase, PlayCard
from sim.scenario.codes import codes
from sim.ui import companion
from sim.ui.app import App
from sim.ui.dialogs import DIALOG_RESULT
from sim.ui.session import Session

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.fixture
def app():
    a = App(str(JAN), "nl", window_size=(1280, 800))
    yield a
    pygame.quit()


def _board(app: App, is_companion: bool = True):
    setup = app.switch("setup", path=JAN)
    if is_companion:  # the set-up's toggle button, pressed the way a click presses it
        app.handle(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=setup.companion_btn))
    app.apply(setup.start())
    board = app.scene
    assert board.name == "board" and board.session.companion is is_companion
    while board.session.state.phase is not Phase.ACTIES:
        board.session.advance()
    board.rebuild()
    return board


def _key(app: App, key: int) -> None:
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))


def test_the_set_up_switch_makes_a_companion_session_with_a_code_button_instead_of_the_hand(app):
    board = _board(app)
    assert board.card_rects == [], "the cards are on the table, not on the screen to click"
    app.handle(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=board.code_btn))
    assert isinstance(board.dialogs.get(companion.KIND), companion.CodeDialog)


def test_without_the_switch_the_hand_shows_and_the_key_still_opens_code_entry(app):
    board = _board(app, is_companion=False)
    assert board.code_btn is None and board.card_rects, "the hand is on the screen as always"
    _key(app, pygame.K_c)
    assert isinstance(board.dialogs.get(companion.KIND), companion.CodeDialog)


def test_a_typed_code_is_shown_then_played_as_a_click_plays_it(app):
    board = _board(app)
    s: Session = board.session
    sc = s.scenario
    card = next(c for c in sc.cards_of(s.state.active_agency) if s.why_not(PlayCard(c.agency, c.id)) is None and not c.partners)
    _key(app, pygame.K_c)
    win = board.dialogs.get(companion.KIND)
    assert win.field.font.get_point_size() >= 36
    pygame.event.clear()
    win.field.set_text(codes(sc)[card.id].lower().replace("-", ""))
    win.act()  # Enter once: look it up and show it, nothing played yet
    before = s.state
    assert win.alive() and not pygame.event.get(DIALOG_RESULT)
    assert card.title.get("nl") in win.card.html_text and win.field.get_text() == codes(sc)[card.id]
    win.act()  # Enter again: play it
    (result,) = pygame.event.get(DIALOG_RESULT)
    app.handle(result)
    assert s.states[-2] is before and s.state.actions[-1] == PlayCard(card.agency, card.id)


def test_a_card_that_cannot_be_played_shows_why_and_answers_nothing(app):
    board = _board(app)
    s = board.session
    sc = s.scenario
    other = next(a for a in s.state.in_play if a != s.state.active_agency)
    card = sc.cards_of(other)[0]
    _key(app, pygame.K_c)
    win = board.dialogs.get(companion.KIND)
    pygame.event.clear()
    win.field.set_text(codes(sc)[card.id])
    win.act()
    win.act()
    assert win.alive() and not pygame.event.get(DIALOG_RESULT)
    assert "#A02800" in win.card.html_text and card.title.get("nl") in win.card.html_text


def test_a_new_code_typed_after_a_lookup_is_looked_up_before_anything_is_played(app):
    board = _board(app)
    sc = board.session.scenario
    _key(app, pygame.K_c)
    win = board.dialogs.get(companion.KIND)
    pygame.event.clear()
    event = sc.events[0]
    win.field.set_text(codes(sc)[event.id])
    win.act()
    assert win.entry_shown.action == InjectEvent(event.id)
    win.field.set_text("ZZ-ZZZZ")
    win.process_event(pygame.event.Event(pygame_gui.UI_TEXT_ENTRY_CHANGED, ui_element=win.field, text="ZZ-ZZZZ"))
    win.act()
    assert win.alive() and not pygame.event.get(DIALOG_RESULT) and "ZZ-ZZZZ" in win.card.html_text
