"""The facilitator's pacing of a session: a pause that stops play and shows it, a round timer that
waits while an event is read and at zero asks what to do, the presenter clicker's keys, a black
screen, a frozen screen, and the way to the debrief at any moment.

`Pacing` is mixed into `BoardScene`; the answers of its dialogs come back through the scene's event
handling (`pacing_answer`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox

from sim.core import engine
from sim.core.state import Phase
from sim.ui.dialogs import Dialog, DialogSet
from sim.ui.i18n import tr
from sim.ui.scene import Context, Replace, Transition
from sim.ui.session import Session

EXTRA_SECONDS = 60
NEXT_KEYS = (pygame.K_PAGEDOWN, pygame.K_RIGHT)
BACK_KEYS = (pygame.K_PAGEUP, pygame.K_LEFT)


class TimeUpDialog(Dialog):
    """The round's time is up: another minute, or on to the next step; answers 'minute' or 'next'."""

    kind = "timeup"

    def __init__(self, manager: pygame_gui.UIManager, next_label: str):
        super().__init__(manager, (1000, 420), tr("uiboard.time_up_title"))
        w, h = self.size
        UITextBox(tr("uiboard.time_up_text"), pygame.Rect(10, 10, w - 48, h - 200), manager, container=self)
        self.minute = UIButton(pygame.Rect(40, h - 150, 360, 72), tr("uiboard.extra_minute"), manager, container=self)
        self.add_action(next_label)

    def act(self) -> None:
        self.submit("next")

    def process_event(self, event: pygame.event.Event) -> bool:
        consumed = super().process_event(event)
        if self.alive() and event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.minute:
            self.submit("minute")
        return consumed


def confirm(manager: pygame_gui.UIManager, title: str, text: str, yes: str) -> pygame_gui.windows.UIConfirmationDialog:
    """A yes/no question in the middle of the screen."""
    rect = pygame.Rect(0, 0, 980, 420)
    rect.center = (960, 540)
    return pygame_gui.windows.UIConfirmationDialog(rect, text, manager, window_title=title, action_short_name=yes)


class Pacing:
    """Pause, timer, clicker keys, black and frozen screen, the early debrief (mixed into BoardScene)."""

    ctx: Context
    session: Session
    dialogs: DialogSet
    black: bool
    frozen: pygame.Surface | None
    freezing: bool
    time_up_round: int | None

    if TYPE_CHECKING:  # provided by the scene
        def primary_action(self) -> Transition | None: ...
        def undo(self) -> None: ...
        def close_detail(self) -> None: ...
        def act(self, fn: Any, *args: Any) -> bool: ...
        def _primary_label(self) -> str: ...
        def refresh_widgets(self) -> None: ...
        def part_keys_reset(self) -> None: ...

    def moment_showing(self) -> bool:
        """Whether a moment waits to be read (the moment scene then lies over the board)."""
        return self.session.moments_pending()

    def timer_held(self) -> bool:
        """The round timer waits while paused, while the event is read, and while a moment or its own question shows."""
        st = self.session.state
        return (self.session.paused or st.phase is Phase.GEBEURTENIS or self.moment_showing()
                or self.dialogs.get("timeup") is not None)

    def toggle_pause(self) -> None:
        """Pause or resume play: while paused no team moves, the computer waits and the clock stands still."""
        self.session.paused = not self.session.paused
        self.refresh_widgets()
        self.ctx.redraw()

    def tick_timer(self, dt: float) -> bool:
        """Let the clock run unless it waits; at zero ask what to do, once. True when the clock shows another second."""
        s = self.session
        if not s.round_seconds or engine.is_over(s.state) or self.timer_held():
            return False
        shown = int(s.timer_left)
        s.tick(dt)
        if s.timer_left <= 0 and self.time_up_round != s.state.round:
            self.time_up_round = s.state.round
            self.dialogs.show("timeup", TimeUpDialog(self.ctx.manager, self._primary_label()))
        return int(s.timer_left) != shown

    def time_up_answer(self, value: str) -> Transition | None:
        """Another minute on the clock, or the next step (the big button's action)."""
        if value == "minute":
            self.session.timer_left += EXTRA_SECONDS
            self.time_up_round = None
            self.ctx.redraw()
            return None
        return self.primary_action()

    def ask_debrief(self) -> None:
        """Stop the game here and go to the debrief, after a yes."""
        if engine.is_over(self.session.state):
            return
        self.dialogs.show("debrief", confirm(self.ctx.manager, tr("uiboard.debrief_title"), tr("uiboard.debrief_question"),
                                             tr("uiboard.debrief_yes")))

    def ask_undo(self) -> None:
        """The clicker's back key: take back the last move, after a yes (the same key again)."""
        if len(self.session.states) > 1:
            self.dialogs.show("undo", confirm(self.ctx.manager, tr("uiboard.undo_title"), tr("uiboard.undo_question"), tr("board.undo")))

    def confirmed(self, kind: str | None) -> Transition | None:
        """A yes to one of the pacing questions."""
        if kind == "debrief":
            return Replace(self.ctx.make_scene("debrief", session=self.session))
        if kind == "undo":
            self.undo()
        return None

    def toggle_black(self) -> None:
        """B: a black screen for the room (a talk without the board), and back."""
        self.black = not self.black
        self.ctx.redraw()

    def toggle_freeze(self) -> None:
        """F: the room keeps seeing the screen as it is now while the facilitator works; F again shows the live board."""
        if self.frozen is None and not self.freezing:
            self.freezing = True
        else:
            self.frozen, self.freezing = None, False
            self.part_keys_reset()
        self.ctx.redraw()

    def clicker(self, key: int) -> tuple[bool, Transition | None]:
        """The presenter clicker's keys (PageDown/→ on, PageUp/← back, B black); (handled, transition)."""
        if key == pygame.K_b:
            self.toggle_black()
            return True, None
        if key not in NEXT_KEYS + BACK_KEYS:
            return False, None
        if self.black:  # the first press after a black screen only brings the board back
            self.toggle_black()
            return True, None
        forward = key in NEXT_KEYS
        if self.dialogs.get("timeup") is not None:
            if forward:
                self.dialogs.close("timeup")
                return True, self.time_up_answer("next")
            return True, None
        if self.dialogs.get("undo") is not None:
            self.dialogs.close("undo")
            if not forward:
                self.undo()
            return True, None
        if self.dialogs.get("card") is not None:
            self.close_detail()
            return True, None
        if self.dialogs.any_open():
            return True, None
        if forward:
            return True, self.primary_action()
        self.ask_undo()
        return True, None
