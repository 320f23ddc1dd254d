"""The board: the person, the stress meter, the triangle, stressors, agencies, the hand and the log.

Layout at 1920×1080: a facilitator bar on top; the person on the left; the
active team's hand in the middle with the big next-step button under it; the
agencies, rules in force and the game log on the right. The event phase shows
the event card large over the board, to be read aloud.
"""

from __future__ import annotations

import html

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox, UITextEntryLine, UIWindow

from sim.core import engine
from sim.core.engine import ADJUSTABLE, IllegalActionError
from sim.core.model import LEGS
from sim.core.state import GameState, Phase, PlayCard
from sim.i18n import describe, reason_text
from sim.i18n.narrate import log_line
from sim.ui import companion
from sim.ui.dialogs import DIALOG_RESULT, AdjustDialog, DialogSet, InjectDialog, NoteDialog, TextDialog, message
from sim.ui.i18n import language, tr
from sim.ui.scene import Context, Replace, Scene, Transition
from sim.ui.scenes.board_view import BOTTOM_H, CENTRE, LEFT, LOG_TOP, MORE, RIGHT, BoardView
from sim.ui.session import Session
from sim.ui.theme import font

AI_DELAY = 1.6  # seconds between an AI team's moves: slow enough to follow on a projector
FLASH_SECONDS = 7.0
__all__ = ["BOTTOM_H", "CENTRE", "FLASH_SECONDS", "BoardScene"]


class BoardScene(BoardView, Scene):
    """The game being played."""

    name = "board"
    # The facilitator bar's buttons, made by `build_bar` from their names.
    pause_btn: UIButton
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
        self.shown_state: GameState | None = None
        self.layer: pygame.Surface | None = None
        self.layer_key = None
        self.hover: int | None = None
        self.selected: tuple[str, str] | None = None
        self.card_rects: list[tuple[pygame.Rect, tuple[str, str]]] = []
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
        self.last_seen_log = len(session.state.log)

    # -- life on the stack ------------------------------------------------------------
    def startup(self) -> None:
        super().startup()
        if self.notice is not None:
            self.show_message(*self.notice)
            self.notice = None

    def pause(self) -> None:
        self.dialogs.close_all()
        super().pause()

    def cleanup(self) -> None:
        self.dialogs.close_all()
        super().cleanup()

    def language_changed(self, lang: str) -> None:
        self.session.lang = lang

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

    # -- widgets ----------------------------------------------------------------
    def build(self) -> None:
        s = self.session
        self.build_bar([
            ("pause_btn", tr("board.resume") if s.paused else tr("board.pause")),
            ("inject_btn", tr("board.inject")),
            ("adjust_btn", tr("board.adjust")),
            ("note_btn", tr("board.note")),
            ("undo_btn", tr("board.undo")),
            ("redo_btn", tr("board.redo")),
            ("lang_btn", tr("app.lang_short")),
            ("help_btn", "?"),
        ])
        if len(s.states) <= 1:
            self.undo_btn.disable()
        if not s.undone:
            self.redo_btn.disable()
        self.build_panels()
        self.primary = self.add(UIButton(pygame.Rect(CENTRE.right - 400, 1080 - 16 - BOTTOM_H, 400, BOTTOM_H), self._primary_label(),
                                         self.ctx.manager, object_id="#primary"))
        self.dossier_btn = None
        st = s.state
        if st.phase is Phase.ACTIES and st.active_agency and not s.is_ai(st.active_agency):
            self.dossier_btn = self.add(UIButton(pygame.Rect(CENTRE.right - 250, CENTRE.y + 10, 240, 52), tr("dossier.button"),
                                                 self.ctx.manager))
        # --- companion (issue 14): the cards are on the table; a big button enters one by its code ---
        self.code_btn = None
        if s.companion and st.phase is not Phase.GEBEURTENIS and not engine.is_over(st):
            self.code_btn = self.add(UIButton(pygame.Rect(CENTRE.x + 10, CENTRE.y + 110, CENTRE.width - 20, 110), tr("board.companion"),
                                              self.ctx.manager, object_id="#primary"))
        if s.waiting_for_ai():
            self.primary.set_text(tr("board.ai_go") if self.ai_hold else tr("board.ai_slower") if self.ai_fast else tr("board.ai_faster"))

    def build_bar(self, labels: list[tuple[str, str]]) -> None:
        """The bar of buttons on top, right-aligned, each as wide as its text; each kept as `self.<attr>`."""
        widths = [max(64, font(24, True).size(text)[0] + 44) for _, text in labels]
        x = 1920 - 16 - sum(widths) - 10 * (len(widths) - 1)
        for (attr, text), w in zip(labels, widths):
            setattr(self, attr, self.add(UIButton(pygame.Rect(x, 12, w, 60), text, self.ctx.manager)))
            x += w + 10

    def build_panels(self) -> None:
        """The person's story and the game log (widgets among our own drawing)."""
        m = self.ctx.manager
        s = self.session
        st = s.state
        self.story = self.add(UITextBox(html.escape(s.scenario.person.story.get(language())), pygame.Rect(LEFT.x + 112, LEFT.y + 46, LEFT.width - 118, 132), m))
        self.log_box = self.add(UITextBox(self._log_html(), pygame.Rect(RIGHT.x, LOG_TOP, RIGHT.width, 1080 - LOG_TOP - 16), m))
        if st.phase is Phase.GEBEURTENIS and not engine.is_over(st):
            # The event card lies over the board: the text boxes would show through it.
            self.story.hide()
            self.log_box.hide()
        self.shown_state = st
        self.layer_key = None
        self.layout_hand()

    def _primary_label(self) -> str:
        st = self.session.state
        if engine.is_over(st):
            return tr("board.to_debrief")
        if st.phase is Phase.GEBEURTENIS:
            return tr("board.to_overleg")
        if st.phase is Phase.OVERLEG:
            return tr("board.to_acties")
        return tr("board.pass_last") if st.turn + 1 >= len(st.in_play) else tr("board.pass")

    def _log_html(self) -> str:
        """The game log, newest first, with the facilitator's undos, redos and notes among the lines."""
        s = self.session
        lang = language()
        log = s.state.log
        journal = sorted(s.journal, key=lambda j: j.log_len)
        lines = []
        start = max(0, len(log) - 60)
        for i in range(len(log) - 1, start - 1, -1):
            while journal and journal[-1].log_len > i:
                lines.append(self._journal_html(journal.pop()))
            entry = log[i]
            if entry.kind == "log.phase":
                continue
            text = html.escape(log_line(s.scenario, entry, lang, s.state.known))
            if entry.kind in ("log.start", "log.end"):
                text = f"<b>{text}</b>"
            lines.append(text)
        return "<br>".join(lines)

    @staticmethod
    def _journal_html(j) -> str:
        if j.kind == "note":
            return f"<i>{html.escape(tr('board.note_line', text=j.text))}</i>"
        return f"<i>{html.escape(tr('board.' + j.kind + '_line'))}</i>"

    # -- the game moving ------------------------------------------------------------
    def on_state_changed(self, before: GameState) -> None:
        """After any action: flash what changed, refresh the log and the buttons."""
        s = self.session
        st = s.state
        lang = language()
        if len(st.log) >= len(before.log) and st.log[: len(before.log)] == before.log:
            new = st.log[len(before.log):]
            self.flash = [log_line(s.scenario, e, lang, st.known) for e in new if e.kind != "log.phase"][-4:]
        else:  # undo: say so
            self.flash = [tr("board.undone")]
        self.flash_time = FLASH_SECONDS
        self.selected = None
        if (before.phase, before.active_agency) != (st.phase, st.active_agency):
            self.hand_page = 0
        self.close_detail()
        self.rebuild()

    def act(self, fn, *args) -> bool:
        """Run a session change; show the reason when the rules refuse it."""
        before = self.session.state
        try:
            fn(*args)
        except IllegalActionError as exc:
            self.flash = [reason_text(exc.reason, language(), self.session.scenario, self.session.state.known)]
            self.flash_time = FLASH_SECONDS
            self.ctx.redraw()
            return False
        self.on_state_changed(before)
        return True

    def primary_action(self) -> Transition | None:
        """The big button: next phase, pass the turn, speed up the AI, or on to the debrief."""
        s = self.session
        if engine.is_over(s.state):
            return Replace(self.ctx.make_scene("debrief", session=s))
        if s.waiting_for_ai():
            if self.ai_hold:
                self.ai_hold = False
            else:
                self.ai_fast = not self.ai_fast
            self.primary.set_text(tr("board.ai_slower") if self.ai_fast else tr("board.ai_faster"))
            return None
        self.act(s.advance)
        return None

    def update(self, dt: float) -> Transition | None:
        if self._advance(dt):
            self.ctx.redraw()
        self.layout_hand()
        return None

    def _advance(self, dt: float) -> bool:
        """Timers, animation and the computer's moves; True when the screen changed."""
        s = self.session
        redraw = False
        if s.save_problem and self.flash_time <= 0:  # the autosave failed: the facilitator must know, the game goes on
            self.flash, self.flash_time = [tr("board.save_failed", problem=s.save_problem)], FLASH_SECONDS
            redraw = True
        shown_second = int(s.timer_left)
        s.tick(dt)
        if int(s.timer_left) != shown_second:
            redraw = True  # the clock shows another second
        redraw = self.animate(dt) or redraw
        if s.waiting_for_ai() and not s.paused and not self.ai_hold and not self._dialog_open():
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

    def _dialog_open(self) -> bool:
        return self.dialogs.any_open()

    # -- events ---------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._button(event.ui_element)
        if event.type == DIALOG_RESULT:
            self._dialog_result(event.dialog, event.value)
        elif event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED:
            # The dialog has closed itself by now: it is known by identity, not by being open.
            if self.dialogs.forget(event.ui_element) == "joint" and self.confirm_card is not None:
                self.act(self.session.play, *self.confirm_card)
        elif event.type == pygame_gui.UI_WINDOW_CLOSE:
            if self.dialogs.forget(event.ui_element) == "card":
                self.selected = None
        elif event.type == pygame.MOUSEMOTION:
            pos = self.ctx.to_logical(event.pos)
            hover = next((i for i, (r, _) in enumerate(self.card_rects) if r.collidepoint(pos)), None)
            if hover != self.hover:
                self.hover = hover
                self.ctx.redraw()
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and not self._dialog_open():
            pos = self.ctx.to_logical(event.pos)
            for rect, key in self.card_rects:
                if rect.collidepoint(pos):
                    self.open_card(key)
                    break
        elif event.type == pygame.KEYDOWN:
            return self.key(event)
        return None

    def _button(self, el: object) -> Transition | None:
        s = self.session
        if el is self.primary:
            return self.primary_action()
        if el is self.pause_btn:
            s.paused = not s.paused
            self.pause_btn.set_text(tr("board.resume") if s.paused else tr("board.pause"))
        elif el is self.undo_btn:
            self.undo()
        elif el is self.redo_btn:
            self.redo()
        elif el is self.inject_btn:
            self.open_inject()
        elif el is not None and el is self.code_btn:  # --- companion (issue 14) ---
            companion.open_code_entry(self)
        elif el is self.adjust_btn:
            self.open_adjust()
        elif el is self.note_btn:
            self.open_note()
        elif el is self.lang_btn:
            self.ctx.toggle_language()
        elif el is self.help_btn:
            self.ctx.toggle_help()
        elif el is not None and el is self.dossier_btn:
            self.open_dossier()
        return None

    def _dialog_result(self, kind: str, value) -> None:
        """A dialog answered: play the card, bring in the event, change the figure, keep the note."""
        if kind == "card":
            self.try_play(*value)
        elif kind == "inject":
            self.act(self.session.inject, value)
        elif kind == "adjust":
            self.act(self.session.adjust, *value)
        elif kind == companion.KIND:  # --- companion (issue 14): a paper card entered by its code ---
            companion.on_result(self, value)
        elif kind == "note":
            if self.session.add_note(value):
                self.flash = [tr("board.note_line", text=value.strip())]
                self.flash_time = FLASH_SECONDS
            self.rebuild()

    def _typing(self) -> bool:
        focus = self.ctx.manager.get_focus_set() or set()
        return any(isinstance(el, UITextEntryLine) for el in focus)

    def key(self, event: pygame.event.Event) -> Transition | None:
        """The keyboard shortcuts of the board (Enter in a dialog's text field is the dialog's own)."""
        s = self.session
        if self._typing():
            return None
        ctrl = event.mod & pygame.KMOD_CTRL
        if event.key == pygame.K_ESCAPE:
            self.close_dialogs()
        elif ctrl and event.key == pygame.K_z:
            self.undo()
        elif ctrl and event.key == pygame.K_y:
            self.redo()
        elif event.key in (pygame.K_SPACE, pygame.K_RETURN):
            if self.detail is not None and self.selected is not None:
                self.try_play(*self.selected)
            elif not self._dialog_open():
                return self.primary_action()
        elif event.key == pygame.K_p:
            s.paused = not s.paused
            self.pause_btn.set_text(tr("board.resume") if s.paused else tr("board.pause"))
        elif event.key == pygame.K_e:
            self.open_inject()
        elif event.key == pygame.K_c:  # --- companion (issue 14): enter a paper card by its code ---
            companion.open_code_entry(self)
        elif event.key == pygame.K_a:
            self.open_adjust()
        elif event.key == pygame.K_n:
            self.open_note()
        elif event.key == pygame.K_l:
            self.ctx.toggle_language()
        elif event.key in (pygame.K_PLUS, pygame.K_KP_PLUS, pygame.K_EQUALS):
            self.ai_fast = not self.ai_fast
        elif pygame.K_1 <= event.key <= pygame.K_9 and not self._dialog_open():
            i = event.key - pygame.K_1
            if i < len(self.card_rects):
                self.open_card(self.card_rects[i][1])
        return None

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

    # -- card detail and playing ---------------------------------------------------------
    def open_card(self, key: tuple[str, str]) -> None:
        """A click on a card shows it large; on the page tile it turns the page."""
        if key == MORE:
            self.hand_page = (self.hand_page + 1) % self.hand_pages
            self.ctx.redraw()
            self.layer_key = None
            self.layout_hand()
            return
        self.open_detail(*key)

    def open_detail(self, agency: str, card_id: str) -> None:
        """Show a card large, with its conditions, effects and a Play button."""
        self.close_detail()
        s = self.session
        sc = s.scenario
        lang = language()
        card = sc.card_by_id[card_id]
        self.selected = (agency, card_id)
        parts = [f"<b>{tr('card.type')}:</b> {tr('type.' + card.type.value)} — {html.escape(s.team_name(card.agency))}"]
        cost = engine.card_cost(sc, s.state, card)
        parts.append(f"<b>{tr('card.cost')}:</b> {tr('card.cost_value', cost=cost)}"
                     + (f", {tr('card.mandate_value', n=card.mandate)}" if card.mandate else "")
                     + f" <i>({tr('card.pips')})</i>")
        if card.partners:
            names = ", ".join(html.escape(s.team_name(p)) for p in card.partners)
            parts.append(f"<b>{tr('card.partners')}:</b> {names} ({tr('card.cost_value', cost=card.partner_cost)})")
        parts.append("<br>" + html.escape(card.text.get(lang)))
        if card.conditions:
            parts.append(f"<br><b>{tr('card.conditions')}:</b> " + "; ".join(html.escape(describe.condition(sc, c, lang, card.agency, s.state.known)) for c in card.conditions))
        if card.effects:
            parts.append(f"<b>{tr('card.effects')}:</b> " + "; ".join(html.escape(self._effect_text(c, card.agency)) for c in card.effects))
        if card.modifiers:
            dur = tr("card.rest_of_game") if card.duration is None else tr("card.rounds", n=card.duration)
            parts.append(f"<b>{tr('card.rule')} ({dur}):</b> " + "; ".join(html.escape(describe.modifier(sc, mm, lang)) for mm in card.modifiers))
        reason = s.why_not(PlayCard(agency, card_id))
        if reason is not None:
            parts.append(f"<br><font color='#A02800'><b>{tr('card.not_now')}:</b> {html.escape(reason_text(reason, lang, sc, s.state.known))}</font>")
        self.dialogs.show("card", TextDialog(
            self.ctx.manager, "card", card.title.get(lang), "<br>".join(parts), (1000, 720), action=tr("card.play"),
            value=(agency, card_id), enabled=reason is None, center=(CENTRE.centerx, 560), object_id="#card_detail"))
        self.ctx.redraw()

    def _effect_text(self, eff, actor: str | None = None) -> str:
        """An effect in words; hidden stressors stay unnamed until revealed."""
        s = self.session
        target = getattr(eff, "stressor", None)
        if target is not None and not s.state.known[s.scenario.stressor_index[target]]:
            return tr("card.hidden_effect")
        return describe.effect(s.scenario, eff, language(), actor)

    def close_detail(self) -> None:
        """Close the card detail window."""
        self.dialogs.close("card")
        self.ctx.redraw()

    def try_play(self, agency: str, card_id: str) -> None:
        """Play a card; a joint card first asks its partners to agree (AI partners agree)."""
        s = self.session
        card = s.scenario.card_by_id[card_id]
        humans = [p for p in card.partners if not s.is_ai(p)]
        if humans and s.why_not(PlayCard(agency, card_id)) is None:
            self.close_detail()
            names = ", ".join(s.team_name(p) for p in humans)
            rect = pygame.Rect(0, 0, 820, 360)
            rect.center = (960, 540)
            self.confirm_card = (agency, card_id)
            self.dialogs.show("joint", pygame_gui.windows.UIConfirmationDialog(
                rect, tr("joint.question", partners=html.escape(names), card=html.escape(card.title.get(language())), cost=card.partner_cost),
                self.ctx.manager, window_title=tr("joint.title"), action_short_name=tr("joint.agree"),
            ))
            return
        self.act(s.play, agency, card_id)

    # -- facilitator dialogs ---------------------------------------------------------------
    def open_inject(self) -> None:
        """Pick any event card of the scenario and bring it in now."""
        if self.dialogs.get("inject") is None:
            lang = language()
            self.dialogs.show("inject", InjectDialog(self.ctx.manager, [(e.title.get(lang), e.id) for e in self.session.scenario.events]))

    def _figure_options(self) -> list[tuple[str, tuple[str, str | None]]]:
        sc = self.session.scenario
        lang = language()
        opts: list[tuple[str, tuple[str, str | None]]] = [(tr("figure.stress"), ("stress", None))]
        opts += [(tr("leg." + leg.value), ("leg", leg.value)) for leg in LEGS]
        st = self.session.state
        opts += [(s.name.get(lang), ("stressor", s.id)) for s, known in zip(sc.stressors, st.known) if known]
        for fig in ("trust", "kpi", "mandate", "capacity"):
            opts += [(tr(f"figure.{fig}", agency=self.session.team_name(a)), (fig, a)) for a in st.in_play]
        assert all(o[1][0] in ADJUSTABLE for o in opts)
        return opts

    def open_adjust(self) -> None:
        """Change a figure by hand, with a reason that goes in the log."""
        if self.dialogs.get("adjust") is None:
            self.dialogs.show("adjust", AdjustDialog(self.ctx.manager, self._figure_options()))

    def open_dossier(self) -> None:
        """The active team's own dossier: its mandate, and what it knows that the others do not (yet)."""
        s = self.session
        st = s.state
        sc = s.scenario
        agency = st.active_agency
        if agency is None or self.dialogs.get("dossier") is not None:
            return
        lang = language()
        a = sc.agency(agency)
        parts = [f"<b>{tr('dossier.mandate')}</b><br>{html.escape(a.mandate_text.get(lang))}"]
        secrets = [x for x, known in zip(sc.stressors, st.known) if not known and agency in x.known_by]
        parts.append(f"<br><b>{tr('dossier.knows')}</b>")
        if secrets:
            for x in secrets:
                line = f"• <b>{html.escape(x.name.get(lang))}</b> ({tr('dossier.severity', n=st.severity[sc.stressor_index[x.id]])})"
                if x.description is not None:
                    line += f"<br>{html.escape(x.description.get(lang))}"
                parts.append(line)
            parts.append(f"<br><i>{tr('dossier.sharing')}</i>")
        else:
            parts.append(tr("dossier.nothing"))
        self.dialogs.show("dossier", TextDialog(self.ctx.manager, "dossier", tr("dossier.title", team=s.team_name(agency)),
                                                "<br>".join(parts), (1100, 640)))
        self.ctx.redraw()

    def show_message(self, title: str, html_text: str) -> None:
        """A message for the facilitator that stays until it is closed (e.g. after resuming a session)."""
        message(self.ctx.manager, title, html_text)
        self.ctx.redraw()

    def open_note(self) -> None:
        """Write down something the group said or did; it goes in the log and the report."""
        if self.dialogs.get("note") is None:
            self.dialogs.show("note", NoteDialog(self.ctx.manager))
