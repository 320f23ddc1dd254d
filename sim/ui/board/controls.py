"""How the board takes input: clicks on cards and team badges, its buttons, the answers of its
dialogs and its keyboard shortcuts (the clicker's keys go to `Pacing.clicker` first).

`Controls` is mixed into `BoardScene`, which holds the state and the actions these call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from sim.core.state import Phase
from sim.ui import companion
from sim.ui.dialogs import DIALOG_RESULT
from sim.ui.i18n import said_key
from sim.ui.scene import Push, Transition


class Controls:
    """Input of the board scene (mixed into BoardScene)."""

    if TYPE_CHECKING:
        ctx: Any
        session: Any
        dialogs: Any
        view: str
        hover: int | None
        selected: tuple[str, str] | None
        planning: str | None
        hand_page: int
        card_rects: list[tuple[pygame.Rect, tuple[str, str]]]
        team_rects: list[tuple[pygame.Rect, str]]
        confirm_card: tuple[str, str] | None
        tabs: dict[str, Any]
        primary: Any
        dossier_btn: Any
        ai_fast: bool

        def __getattr__(self, name: str) -> Any: ...

    # -- events ---------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._button(event.ui_element)
        if event.type == DIALOG_RESULT:
            return self._dialog_result(event.dialog, event.value)
        if event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED:
            # The dialog has closed itself by now: it is known by identity, not by being open.
            kind = self.dialogs.forget(event.ui_element)
            if kind == "joint" and self.confirm_card is not None:
                self.act(self.session.play, *self.confirm_card)
            return self.confirmed(kind)
        if event.type == pygame_gui.UI_WINDOW_CLOSE:
            if self.dialogs.forget(event.ui_element) == "card":
                self.selected = None
        elif event.type == pygame.MOUSEMOTION:
            pos = self.ctx.to_logical(event.pos)
            hover = next((i for i, (r, _) in enumerate(self.card_rects) if r.collidepoint(pos)), None) if self.view == "hand" else None
            if hover != self.hover:
                self.hover = hover
                self.ctx.redraw()
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and not self.dialogs.any_open():
            self._click(self.ctx.to_logical(event.pos))
        elif event.type == pygame.KEYDOWN:
            return self.key(event)
        return None

    def _click(self, pos: tuple[int, int]) -> None:
        if self.view != "hand" or self.session.state.phase is Phase.GEBEURTENIS:
            return
        for rect, key in self.card_rects:
            if rect.collidepoint(pos):
                self.open_card(key)
                return
        for rect, agency in self.team_rects:
            if rect.collidepoint(pos):
                self.plan(agency)
                return

    def plan(self, agency: str | None) -> None:
        """Look at a team's own hand while another plays (None, or the active team: back to the hand in play)."""
        st = self.session.state
        self.planning = None if agency == st.active_agency or agency == self.planning else agency
        self.hand_page = 0
        self.close_detail()
        self.refresh_widgets()
        self.layout_hand()

    def _button(self, el: object) -> Transition | None:
        if el is self.primary:
            return self.primary_action()
        actions = {self.pause_btn: self.toggle_pause, self.undo_btn: self.undo, self.redo_btn: self.redo,
                   self.inject_btn: self.open_inject, self.adjust_btn: self.open_adjust, self.note_btn: self.open_note,
                   self.lang_btn: self.ctx.toggle_language, self.help_btn: self.ctx.toggle_help, self.debrief_btn: self.ask_debrief}
        if el in actions:
            actions[el]()  # type: ignore[index]
        elif el is not None and el is self.dossier_btn:
            self.open_dossier()
        elif el is not None and el is self.join_btn:
            return self.open_join()
        elif el is not None and el is self.code_btn:  # companion mode (issue 14): a paper card entered by its code
            companion.open_code_entry(self)
        else:
            view = next((v for v, tab in self.tabs.items() if tab is el), None)
            if view is not None:
                self.show_view(view)
        return None

    def open_join(self) -> Transition:
        """The join screen over the board: QR codes, who is connected, the seat controls (consoles on)."""
        return Push(self.ctx.make_scene("join", session=self.session))

    def _dialog_result(self, kind: str, value) -> Transition | None:
        """A dialog answered: play the card, bring in the event, change the figure, keep the note, the time's up."""
        if kind == "card":
            self.try_play(*value)
        elif kind == "inject":
            self.act(self.session.inject, value)
        elif kind == "adjust":
            self.act(self.session.adjust, *value)
        elif kind == "note":
            if self.session.add_note(value):
                self._say(said_key("board.note_line", text=value.strip()))
        elif kind == companion.KIND:  # companion mode (issue 14): a paper card entered by its code
            companion.on_result(self, value)
        elif kind == "timeup":
            return self.time_up_answer(value)
        return None

    def _typing(self) -> bool:
        focus = self.ctx.manager.get_focus_set() or set()
        return any(isinstance(el, UITextEntryLine) for el in focus)

    def key(self, event: pygame.event.Event) -> Transition | None:
        """The keyboard shortcuts of the board (Enter in a dialog's text field is the dialog's own)."""
        if self._typing():
            return None
        handled, transition = self.clicker(event.key)
        if handled:
            return transition
        ctrl = event.mod & pygame.KMOD_CTRL
        if event.key == pygame.K_j and self.session.consoles is not None:
            return self.open_join()
        simple = {pygame.K_p: self.toggle_pause, pygame.K_e: self.open_inject, pygame.K_a: self.open_adjust,
                  pygame.K_n: self.open_note, pygame.K_l: self.ctx.toggle_language, pygame.K_f: self.toggle_freeze,
                  pygame.K_d: self.ask_debrief, pygame.K_ESCAPE: self.close_dialogs, pygame.K_TAB: self.next_view,
                  pygame.K_c: lambda: companion.open_code_entry(self)}  # companion (issue 14): a paper card by its code
        if ctrl and event.key in (pygame.K_z, pygame.K_y):
            self.undo() if event.key == pygame.K_z else self.redo()
        elif event.key in simple:
            simple[event.key]()
        elif event.key in (pygame.K_SPACE, pygame.K_RETURN):
            if self.detail is not None and self.selected is not None:
                if self.planning is None:
                    self.try_play(*self.selected)
            elif not self.dialogs.any_open():
                return self.primary_action()
        elif event.key in (pygame.K_PLUS, pygame.K_KP_PLUS, pygame.K_EQUALS):
            self.ai_fast = not self.ai_fast
        elif pygame.K_1 <= event.key <= pygame.K_9 and not self.dialogs.any_open() and self.view == "hand":
            i = event.key - pygame.K_1
            if i < len(self.card_rects):
                self.open_card(self.card_rects[i][1])
        return None

