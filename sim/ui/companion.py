"""Companion mode on the shared screen: the facilitator enters a paper card by its printed code.

The teams play the printed kit's cards at the table; the screen keeps the
score. `CodeDialog` has one big text field (a typed code, or a phone's or a
hand scanner's QR reading typed into it); Enter looks the code up and shows
the card's title and its effects large, with the rules' reason in words when
it cannot be played now; Enter again (or the button) plays it. What it
answers is the very action a click makes, so the game is a normal session:
saved, replayable, with the debrief and report. The reading itself is in
`sim.ui.codeentry` (no pygame).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import UITextBox, UITextEntryLine

from sim.core.state import InjectEvent, PlayCard
from sim.ui.codeentry import Entry, read_code
from sim.ui.dialogs import Dialog
from sim.ui.i18n import language, tr
from sim.ui.theme import _gui_font

KIND = "companion"
ENTRY_FONT_PX = 48  # the code field: readable from a step back, well above the 36 px floor
TITLE_FONT_PX = 40
_THEME = {"#code_entry": {"font": _gui_font(ENTRY_FONT_PX, True), "colours": {"dark_bg": "#FFFFFF", "normal_text": "#1A1A1A"}}}


def _entry_html(entry: Entry) -> str:
    """The card or event as the dialog shows it: its title large, each effect on a line, the problem in red."""
    parts = []
    if entry.title:
        parts.append(f"<font pixel_size={TITLE_FONT_PX}><b>{html.escape(entry.title)}</b></font>")
    parts += [html.escape(line) for line in entry.lines]
    if entry.problem:
        label = tr("companion.not_now") if entry.action is not None else ""
        head = f"<b>{html.escape(label)}:</b> " if label else ""
        parts.append(f"<font color='#A02800'>{head}{html.escape(entry.problem)}</font>")
    return "<br>".join(parts)


class CodeDialog(Dialog):
    """Type or scan a card's code; Enter shows it for confirmation, Enter again answers its action."""

    kind = KIND

    def __init__(self, manager: pygame_gui.UIManager, read: Callable[[str], Entry]):
        manager.get_theme().load_theme(_THEME)
        manager.preload_fonts([{"name": "dejavu_condensed", "point_size": TITLE_FONT_PX, "style": "bold"}])
        super().__init__(manager, (1200, 820), tr("companion.title"), center=(960, 540))
        self.read = read
        self.entry_shown: Entry | None = None
        self.shown_for = ""
        w, h = self.size
        # Two lines at the room's size: a one-line label cut the instruction off in both languages.
        UITextBox(html.escape(tr("companion.prompt")), pygame.Rect(10, 10, w - 48, 110), manager, container=self, object_id="#plain")
        self.field = UITextEntryLine(pygame.Rect(10, 130, w - 48, 96), manager, container=self, object_id="#code_entry")
        self.field.set_text_length_limit(80)  # a QR payload names the scenario too
        self.field.focus()
        self.card = UITextBox("", pygame.Rect(10, 246, w - 48, h - 246 - 170), manager, container=self, object_id="#detail_text")
        self.add_action(tr("companion.look"))

    def look_up(self, text: str) -> Entry:
        """Look `text` up and show what it names (the main button then plays it, when it may be played)."""
        entry = self.read(text)
        if entry.lookup.found and entry.lookup.code != text:
            text = entry.lookup.code  # the code as printed: a misreading or a scanned payload made plain
            self.field.set_text(text)
        self.entry_shown, self.shown_for = entry, text
        self.card.set_text(_entry_html(entry))
        assert self.action is not None
        if entry.playable:
            self.action.set_text(tr("companion.bring_in") if isinstance(entry.action, InjectEvent) else tr("companion.play"))
        else:
            self.action.set_text(tr("companion.look"))
        return entry

    def act(self) -> None:
        text = self.field.get_text()
        shown = self.entry_shown
        if shown is not None and shown.playable and self.shown_for == text:
            self.submit(shown.action)
        else:
            self.look_up(text)

    def process_event(self, event: pygame.event.Event) -> bool:
        consumed = super().process_event(event)
        if (self.alive() and event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.field
                and self.entry_shown is not None and self.field.get_text() != self.shown_for):
            self.entry_shown = None  # a new code: look it up before anything is played
            assert self.action is not None
            self.action.set_text(tr("companion.look"))
        return consumed


def open_code_entry(board: Any) -> None:
    """The board's key C (or its button): open the code entry, one at a time."""
    if board.dialogs.get(KIND) is None:
        session = board.session
        board.dialogs.show(KIND, CodeDialog(board.ctx.manager, lambda text: read_code(session, text, language())))


def on_result(board: Any, action: PlayCard | InjectEvent) -> None:
    """The code entry answered: play the card as a click would (a joint card asks its partners), or bring in the event."""
    if isinstance(action, PlayCard):
        board.try_play(action.agency, action.card)
    else:
        board.act(board.session.apply, action)
