"""The board: the game being played on the shared screen.

Layout at 1920×1080 (`sim.ui.board.layout`): a bar on top with the week, the clock and the
facilitator's buttons; the focal point on the left (the person, stress, the triangle, the rule for
stabiel); whose turn it is and what just happened on the right, above one view chosen on demand
(the hand, the stressors, the teams, the log, the story). The event phase shows the event card
large over the board, to be read aloud.

A move changes only what it must: `on_state_changed` is the one place where a move's consequences
for the screen are handled; it updates the widgets in place (no rebuild) and the drawing redraws the
parts whose keys changed.
"""

from __future__ import annotations

import pygame
from pygame_gui.elements import UIButton, UIWindow

from sim.core import engine
from sim.core.engine import IllegalActionError
from sim.core.state import GameState, Phase
from sim.i18n import reason_text
from sim.ui import theme
from sim.ui.board import views
from sim.ui.board.cards import CardWindows
from sim.ui.board.controls import Controls
from sim.ui.board.layout import BOTTOM, CODE_BTN, PRIMARY, RIGHT, TAB_H, TABS_Y
from sim.ui.board.pacing import Pacing
from sim.ui.board.views import MORE, VIEWS
from sim.ui.dialogs import DialogSet, NoteDialog
from sim.ui.i18n import remake, said, said_key, tr
from sim.ui.scene import Context, Push, Scene, Transition
from sim.ui.scenes.board_view import BOTTOM_H, CENTRE, BoardView
from sim.ui.session import Session
from sim.ui.theme import font

AI_DELAY = 1.6  # seconds between an AI team's moves: slow enough to follow on a projector
FLASH_SECONDS = 7.0
FONT_SIZES = (22, 24, 26, 28, 30, 32, 36, 44, 56, 72, 96)
BAR = ("pause_btn", "debrief_btn", "inject_btn", "adjust_btn", "note_btn", "undo_btn", "redo_btn", "lang_btn", "help_btn")
__all__ = ["BOTTOM_H", "CENTRE", "FLASH_SECONDS", "BoardScene"]


class BoardScene(Controls, Pacing, CardWindows, BoardView, Scene):
    """The game being played."""

    name = "board"
    pause_btn: UIButton
    debrief_btn: UIButton
    inject_btn: UIButton
    adjust_btn: UIButton
    note_btn: UIButton
    undo_btn: UIButton
    redo_btn: UIButton
    lang_btn: UIButton
    help_btn: UIButton

    def __init__(self, ctx: Context, session: Session, notice: tuple[str, str] | None = None):
        super().__init__(ctx)
        self.session = session
        self.notice = notice  # (title, html) shown once the board is up, e.g. warnings on resuming
        self.layer: pygame.Surface | None = None
        self.layer_key: object = None
        self.part_keys: dict[str, object] = {}
        self.hover: int | None = None
        self.selected: tuple[str, str] | None = None
        self.card_rects: list[tuple[pygame.Rect, tuple[str, str]]] = []
        self.team_rects: list[tuple[pygame.Rect, str]] = []
        self.planning: str | None = None  # a team looking at its own hand while another plays
        self.view = self._default_view()
        self.tabs: dict[str, UIButton] = {}
        self.shown_stress = session.state.stress
        self.shown_legs = list(session.state.legs)
        self.flash: list[str] = []
        self.flash_time = 0.0
        self.ai_clock = 0.0
        self.ai_fast = False
        self.ai_hold = False  # after an undo or redo the computer waits for the facilitator
        self.hand_page = 0
        self.hand_pages = 1
        self.dialogs = DialogSet()
        self.confirm_card: tuple[str, str] | None = None
        self.dossier_btn: UIButton | None = None
        self.code_btn: UIButton | None = None  # companion mode's "enter a played card" button
        self.join_btn: UIButton | None = None  # consoles on: the join screen again (sim.ui.scenes.join)
        self.shown_paused = session.paused
        self.black = False
        self.frozen: pygame.Surface | None = None
        self.freezing = False
        self.time_up_round: int | None = None

    # -- life on the stack ------------------------------------------------------------
    def startup(self) -> None:
        for size in FONT_SIZES:  # load the board's type sizes now, not in the frame after the first move
            font(size), font(size, True)
        super().startup()
        if self.notice is not None:
            self.show_message(*self.notice)
            self.notice = None

    def pause(self) -> None:
        self.dialogs.close_all()
        super().pause()

    def cleanup(self) -> None:
        self.dialogs.close_all()  # no window of the board outlives it (e.g. over the debrief)
        super().cleanup()

    def language_changed(self, lang: str) -> None:
        self.session.retell(lang)  # the moments already queued (not yet on screen) speak the new language too
        self.flash = remake(self.flash, lang)  # the message box speaks the new language too
        self.part_keys_reset()
        self._reopen_dialogs()

    def _reopen_dialogs(self) -> None:
        """After a language switch: the card and the dossier open again in the new words, questions close."""
        card = self.selected if self.detail is not None else None
        dossier = self.dialogs.get("dossier") is not None
        note = self.dialogs.get("note")
        typed = note.entry.get_text() if isinstance(note, NoteDialog) else None
        self.dialogs.close_all()
        self.confirm_card = None
        if card is not None:
            self.open_card(card)
        if dossier:
            self.open_dossier()
        if typed is not None:
            self.open_note()
            reopened = self.dialogs.get("note")
            if isinstance(reopened, NoteDialog):
                reopened.entry.set_text(typed)

    @property
    def detail(self) -> UIWindow | None:
        """The open card (large), or None."""
        return self.dialogs.get("card")

    @property
    def play_btn(self) -> UIButton | None:
        """The Play button of the open card, or None."""
        return getattr(self.detail, "action", None)

    @property
    def confirm(self) -> UIWindow | None:
        """The open question to a joint card's partners, or None."""
        return self.dialogs.get("joint")

    # -- widgets: built once, then changed in place ------------------------------------------
    def build(self) -> None:
        self.build_bar([(attr, self._bar_label(attr)) for attr in BAR])
        m = self.ctx.manager
        tab_w = (RIGHT.width - 8 * (len(VIEWS) - 1)) // len(VIEWS)
        self.tabs = {v: self.add(UIButton(pygame.Rect(RIGHT.x + i * (tab_w + 8), TABS_Y, tab_w, TAB_H), tr(f"uiboard.view.{v}"), m))
                     for i, v in enumerate(VIEWS)}
        self.build_panels()
        self.primary = self.add(UIButton(PRIMARY, self._primary_label(), m, object_id="#primary"))
        self.dossier_btn = self.add(UIButton(pygame.Rect(BOTTOM.x, BOTTOM.y + 12, 300, BOTTOM.height - 24), tr("dossier.button"), m))
        # companion mode (issue 14): the cards are on the table; where the hand was, a big button enters one by its code
        self.code_btn = self.add(UIButton(CODE_BTN, tr("board.companion"), m, object_id="#primary")) if self.session.companion else None
        if self.session.consoles is not None:  # a late team, a phone that lost its tab: the join screen again (J)
            self.join_btn = self.add(UIButton(pygame.Rect(BOTTOM.x + 316, BOTTOM.y + 12, 220, BOTTOM.height - 24),
                                              tr("board.devices"), m))
        self.refresh_widgets()

    def build_bar(self, labels: list[tuple[str, str]]) -> None:
        """The bar of buttons on top, right-aligned, each as wide as its text; each kept as `self.<attr>`."""
        # As wide as the button's own type needs (BODY, bold), for the longest text it can show (pause / resume).
        widths = [max(theme.TARGET + 20, max(font(theme.BODY, True).size(t)[0] for t in self._bar_texts(attr, text)) + 22)
                  for attr, text in labels]
        x = 1920 - 16 - sum(widths) - 6 * (len(widths) - 1)
        for (attr, text), w in zip(labels, widths):
            tip = tr("board." + attr[:-4]) if attr in ("undo_btn", "redo_btn") else None
            setattr(self, attr, self.add(UIButton(pygame.Rect(x, 18, w, 64), text, self.ctx.manager, tool_tip_text=tip)))
            x += w + 6

    def build_panels(self) -> None:
        """The board's own drawing starts afresh (its parts are drawn, not widgets)."""
        self.part_keys_reset()
        self.layout_hand()

    def _bar_texts(self, attr: str, text: str) -> tuple[str, ...]:
        """Every text the bar's button `attr` can show (it is sized once, for the longest)."""
        return (tr("board.resume"), tr("uiboard.bar.pause")) if attr == "pause_btn" else (text,)

    def _bar_label(self, attr: str) -> str:
        if attr == "pause_btn":
            return tr("board.resume") if self.session.paused else tr("uiboard.bar.pause")
        if attr == "lang_btn":
            return tr("app.lang_short")
        if attr == "help_btn":
            return "?"
        return tr(f"uiboard.bar.{attr[:-4]}")  # short: the bar leaves room for the week and the clock

    def refresh_widgets(self) -> None:
        """Bring the buttons up to date with the game, in place (a move never rebuilds the scene)."""
        s = self.session
        st = s.state
        over = engine.is_over(st)
        bar = {name: getattr(self, name, None) for name in BAR}  # the look-back scene has a bar of its own
        if bar["pause_btn"] is not None:
            _set_text(bar["pause_btn"], self._bar_label("pause_btn"))
        for name, on in (("undo_btn", len(s.states) > 1), ("redo_btn", bool(s.undone)), ("debrief_btn", not over)):
            button = bar[name]
            if button is not None:
                _enable(button, on)
        primary = getattr(self, "primary", None)
        if primary is not None and self.name == "board":
            if s.waiting_for_ai():
                _set_text(primary, tr("board.ai_go") if self.ai_hold else tr("board.ai_slower") if self.ai_fast else tr("board.ai_faster"))
            else:
                _set_text(primary, self._primary_label())
            _enable(primary, not s.paused or over)
        mine = st.phase is Phase.ACTIES and st.active_agency is not None and not s.is_ai(st.active_agency) and self.planning is None
        consoles = s.consoles
        if mine and consoles is not None and consoles.host.modes.get(st.active_agency) == "device":
            mine = False  # that team's dossier is on its own device, not on the projector
        if self.dossier_btn is not None:
            self.dossier_btn.show() if mine else self.dossier_btn.hide()
        event = st.phase is Phase.GEBEURTENIS and not over
        code_btn = getattr(self, "code_btn", None)  # companion mode: the code entry stands where the hand would be
        if code_btn is not None:
            code_btn.show() if self.view == "hand" and not event and not over else code_btn.hide()
        join_btn = getattr(self, "join_btn", None)
        if join_btn is not None:
            join_btn.hide() if event else join_btn.show()
        for v, tab in self.tabs.items():  # the event card lies over the board: no tabs through it
            tab.select() if v == self.view else tab.unselect()
            tab.hide() if event else tab.show()

    def _primary_label(self) -> str:
        st = self.session.state
        if engine.is_over(st):
            return tr("board.to_debrief")
        if st.phase is Phase.GEBEURTENIS:
            return tr("board.to_overleg")
        if st.phase is Phase.OVERLEG:
            return tr("board.to_acties")
        if st.turn + 1 < len(st.in_play):
            return tr("board.pass")
        words = tr("board.pass_last")  # in fewer words where the button is too narrow for them (English)
        return words if theme.font(theme.BODY, True).size(words)[0] <= PRIMARY.width - 48 else tr("board.pass_last_short")

    def _default_view(self) -> str:
        st = self.session.state
        return "hand" if st.phase in (Phase.ACTIES, Phase.OVERLEG) and not engine.is_over(st) else "stressors"

    def show_view(self, view: str) -> None:
        """Show one of the views on demand (the hand, stressors, teams, log, story)."""
        self.view = view
        self.hover = None
        self.refresh_widgets()
        self.ctx.redraw()

    # -- the game moving ------------------------------------------------------------
    def on_state_changed(self, before: GameState) -> None:
        """After any action: what just happened, the views and the buttons; only what changed."""
        st = self.session.state
        moved = len(st.log) >= len(before.log) and st.log[: len(before.log)] == before.log
        self.flash, self.flash_time = ([], 0.0) if moved else ([said_key("board.undone")], FLASH_SECONDS)
        self.selected = None
        if (before.phase, before.active_agency) != (st.phase, st.active_agency):
            self.hand_page = 0
            if self.planning == st.active_agency or st.phase is not before.phase:
                self.planning = None
        if st.phase is not before.phase or engine.is_over(st):
            self.view = self._default_view()
        self.close_detail()
        self.refresh_widgets()
        self.layout_hand()
        self.ctx.redraw()

    def act(self, fn, *args) -> bool:
        """Run a session change; show the reason when the rules refuse it, or that play is paused."""
        before = self.session.state
        if self.session.paused and fn in (self.session.play, self.session.advance):
            self._say(said_key("uiboard.paused_refused"))
            return False
        try:
            fn(*args)
        except IllegalActionError as exc:
            sc, known, reason = self.session.scenario, self.session.state.known, exc.reason
            self._say(said(lambda lang: reason_text(reason, lang, sc, known)))
            return False
        self.on_state_changed(before)
        return True

    def _say(self, text: str) -> None:
        self.flash, self.flash_time = [text], FLASH_SECONDS
        self.ctx.redraw()

    def primary_action(self) -> Transition | None:
        """The big button: next phase, pass the turn, speed up the AI, or on to the debrief."""
        s = self.session
        if engine.is_over(s.state):
            return self.confirmed("debrief")
        if s.waiting_for_ai():
            if self.ai_hold:
                self.ai_hold = False
            else:
                self.ai_fast = not self.ai_fast
            self.refresh_widgets()
            return None
        self.act(s.advance)
        return None

    def update(self, dt: float) -> Transition | None:
        if self.session.moments_pending():  # the room sees what just happened first; the AI and the timer wait
            return Push(self.ctx.make_scene("moment", session=self.session, below=self))
        if self._advance(dt):
            self.ctx.redraw()
        self.layout_hand()
        return None

    def _advance(self, dt: float) -> bool:
        """Timers, animation and the computer's moves; True when the screen changed."""
        s = self.session
        redraw = False
        if s.save_problem:  # the autosave failed: the line stays beside any other message until a save succeeds
            line = said_key("board.save_failed", problem=s.save_problem)
            if line not in self.flash or self.flash_time <= 0:
                others = [m for m in self.flash if m != line][-3:] if self.flash_time > 0 else []
                self.flash = [*others, line]  # last: the board shows the newest line
                redraw = True
            self.flash_time = max(self.flash_time, FLASH_SECONDS / 2)
        if s.paused != self.shown_paused:  # paused or resumed from the facilitator's console: one pause
            self.shown_paused = s.paused
            self.refresh_widgets()
            redraw = True
        redraw = self.tick_timer(dt) or redraw
        redraw = self.animate(dt) or redraw
        for request in s.take_submitted():  # moves from the teams' own devices (sim.net), applied on this thread
            before = s.state
            try:
                request(s)
            except engine.IllegalActionError:
                continue  # no longer allowed by now: the device hears the new state
            self.on_state_changed(before)
            redraw = True
        if s.waiting_for_ai() and not s.paused and not self.ai_hold and not self.dialogs.any_open() and not self.moment_showing():
            self.ai_clock += dt
            if self.ai_clock >= (AI_DELAY / 4 if self.ai_fast else AI_DELAY):
                self.ai_clock = 0.0
                before = s.state
                s.ai_step()
                self.on_state_changed(before)
                redraw = True
        else:
            self.ai_clock = 0.0
        return redraw

    def animate(self, dt: float) -> bool:
        """Let the message run out and move the meter and triangle towards the real values, so a change is seen."""
        redraw = False
        if self.flash_time > 0:
            self.flash_time -= dt
            redraw = self.flash_time <= 0
        st = self.session.state
        target = [st.stress, *st.legs]
        shown = [self.shown_stress, *self.shown_legs]
        if any(abs(a - b) > 0.05 for a, b in zip(target, shown)):
            rate = min(1.0, dt * 4.0)
            shown = [b + (a - b) * rate if abs(a - b) > 0.05 else a for a, b in zip(target, shown)]
            self.shown_stress, self.shown_legs = shown[0], shown[1:]
            redraw = True
        return redraw

    def log_text(self) -> str:
        """The log as the log view shows it, newest first, one line per entry."""
        return "\n".join(text for text, _ in views.log_lines(self.session))

    def next_view(self) -> None:
        """Tab: the next view on demand."""
        self.show_view(VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)])

    def undo(self) -> None:
        """Take back the last action (a computer team then waits until the facilitator lets it go on)."""
        before = self.session.state
        if self.session.undo():
            self.ai_hold = True
            self.on_state_changed(before)

    def redo(self) -> None:
        """Put back the last undone action."""
        before = self.session.state
        if self.session.redo():
            self.ai_hold = True
            self.on_state_changed(before)

    def close_dialogs(self) -> None:
        """Esc: close whatever dialog is open."""
        self.close_detail()
        self.dialogs.close_all()
        self.ctx.close_help()
        self.ctx.redraw()

    def open_card(self, key: tuple[str, str]) -> None:
        """A click on a card shows it large; on the page tile it turns the page."""
        if key == MORE:
            self.hand_page = (self.hand_page + 1) % self.hand_pages
            self.layout_hand()
            self.ctx.redraw()
            return
        self.open_detail(*key)


def _set_text(button: UIButton, text: str) -> None:
    if button.text != text:
        button.set_text(text)


def _enable(button: UIButton, on: bool) -> None:
    if on and not button.is_enabled:
        button.enable()
    elif not on and button.is_enabled:
        button.disable()
