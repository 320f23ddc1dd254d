"""Looking back: step through a saved session round by round, or play it back at 1× to 8×,
and start a new session from any point ("what if the police had not arrested him here?")."""

from __future__ import annotations

import html

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from sim.core.state import GameState
from sim.i18n import SCREEN, translator
from sim.session import sessionfile as sf
from sim.ui.i18n import Said, language, said, tr
from sim.ui.scene import Context, Pop, Replace, Transition
from sim.ui.scenes.board import BOTTOM_H, CENTRE, FLASH_SECONDS, BoardScene
from sim.ui.session import Session

SPEEDS = (1, 2, 4, 8)
STEP_SECONDS = 1.2  # one move per this many seconds at 1×


def _position(lang: str, index: int, total: int, last: str | None) -> str:
    """'Terugkijken: zet 3 van 9: <what that move did>', in `lang`."""
    position = translator(lang).p(SCREEN, "replay.position", n=index, total=total)
    if last is None:
        return position
    return f"{position}: {last.again(lang) if isinstance(last, Said) else last}"


class ReplayScene(BoardScene):
    """The board, read-only, moving through the saved moves."""

    name = "replay"
    # The look-back bar's buttons, made by `build_bar` from their names.
    exit_btn: UIButton
    start_btn: UIButton
    back_round_btn: UIButton
    back_btn: UIButton
    step_btn: UIButton
    round_btn: UIButton
    play_btn_bar: UIButton
    speed_btn: UIButton

    def __init__(self, ctx: Context, saved: sf.SavedSession, loaded, index: int = 0):
        session, self.warnings = Session.resume(saved, loaded, language())
        session.autosave_enabled = False  # looking back never changes the saved session
        self.saved = saved
        self.loaded = loaded
        self.all_states: list[GameState] = list(session.states)
        self.index = max(0, min(index, len(self.all_states) - 1))
        session.states = self.all_states[: self.index + 1]
        session.undone = []
        super().__init__(ctx, session)
        self.shown_stress = session.state.stress
        self.shown_legs = list(session.state.legs)
        self.playing = False
        self.speed = 1
        self.clock = 0.0

    def build(self) -> None:
        self._build()
        if self.warnings:  # the facilitator must know before looking back: the scenario changed
            self.show_message(tr("menu.resume_warning_title"), "<br><br>".join(html.escape(w) for w in self.warnings))
            self.warnings = ()

    def _build(self) -> None:
        self.build_bar([
            ("exit_btn", tr("replay.exit")),
            ("start_btn", tr("replay.start")),
            ("back_round_btn", tr("replay.back_round")),
            ("back_btn", tr("replay.back")),
            ("step_btn", tr("replay.step")),
            ("round_btn", tr("replay.round")),
            ("play_btn_bar", tr("replay.pause") if self.playing else tr("replay.play")),
            ("speed_btn", tr("replay.speed", speed=self.speed)),
            ("lang_btn", tr("app.lang_short")),
            ("help_btn", "?"),
        ])
        self.build_panels()
        m = self.ctx.manager
        self.branch_btn = self.add(UIButton(pygame.Rect(CENTRE.right - 400, 1080 - 16 - BOTTOM_H, 400, BOTTOM_H),
                                            tr("replay.branch"), m, object_id="#primary"))
        self.primary = self.branch_btn  # the big button of this scene

    def move_to(self, index: int) -> None:
        """Show the session after `index` moves."""
        index = max(0, min(index, len(self.all_states) - 1))
        if index == self.index:
            return
        before = self.session.state
        forward = index > self.index
        self.index = index
        self.session.states = self.all_states[: index + 1]
        self.on_state_changed(before)
        last, total = (self.flash[-1] if forward and self.flash else None), len(self.all_states) - 1
        self.flash = [said(lambda lang: _position(lang, index, total, last))]
        self.flash_time = FLASH_SECONDS

    def _round_index(self, forward: bool) -> int:
        starts = [0, *sf.round_starts(self.all_states)]
        if forward:
            return next((i for i in starts if i > self.index), len(self.all_states) - 1)
        return next((i for i in reversed(starts) if i < self.index), 0)

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            el = event.ui_element
            if el is self.start_btn:
                self.move_to(0)
            elif el is self.back_round_btn:
                self.move_to(self._round_index(False))
            elif el is self.back_btn:
                self.move_to(self.index - 1)
            elif el is self.step_btn:
                self.move_to(self.index + 1)
            elif el is self.round_btn:
                self.move_to(self._round_index(True))
            elif el is self.play_btn_bar:
                self.toggle_play()
            elif el is self.speed_btn:
                self.speed = SPEEDS[(SPEEDS.index(self.speed) + 1) % len(SPEEDS)]
                self.speed_btn.set_text(tr("replay.speed", speed=self.speed))
            elif el is self.lang_btn:
                self.ctx.toggle_language()
            elif el is self.help_btn:
                self.ctx.toggle_help()
            elif el is self.branch_btn:
                return self.branch()
            elif el is self.exit_btn:
                return Pop()
        elif event.type == pygame.MOUSEMOTION:
            super().handle_event(event)  # hover over cards
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_RIGHT:
                self.move_to(self.index + 1)
            elif event.key == pygame.K_LEFT:
                self.move_to(self.index - 1)
            elif event.key in (pygame.K_SPACE, pygame.K_p):
                self.toggle_play()
            elif event.key == pygame.K_PAGEDOWN:
                self.move_to(self._round_index(True))
            elif event.key == pygame.K_PAGEUP:
                self.move_to(self._round_index(False))
            elif event.key == pygame.K_l:
                self.ctx.toggle_language()
            elif event.key == pygame.K_ESCAPE:
                return Pop()
        return None

    def toggle_play(self) -> None:
        """Play back the moves one by one, or stop."""
        self.playing = not self.playing
        self.clock = 0.0
        self.play_btn_bar.set_text(tr("replay.pause") if self.playing else tr("replay.play"))

    def update(self, dt: float) -> Transition | None:
        redraw = False
        if self.playing:
            self.clock += dt * self.speed
            if self.clock >= STEP_SECONDS:
                self.clock = 0.0
                if self.index >= len(self.all_states) - 1:
                    self.toggle_play()
                else:
                    self.move_to(self.index + 1)
                redraw = True
        if self.animate(dt) or redraw:
            self.ctx.redraw()
        self.layout_hand()
        return None

    def branch(self) -> Transition:
        """A new session that goes on from the moment shown: it takes the replay's place."""
        new = sf.branch(self.saved, self.index)
        session, warnings = Session.resume(new, self.loaded, language())
        session.autosave_enabled = True
        session.autosave()
        notice = (tr("menu.resume_warning_title"), "<br><br>".join(html.escape(w) for w in warnings)) if warnings else None
        return Replace(self.ctx.make_scene("board", session=session, notice=notice))
