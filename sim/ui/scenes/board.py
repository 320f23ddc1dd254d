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

from sim.i18n import reason_text
from sim.i18n import describe
from sim.core import engine
from sim.i18n import money
from sim.core.engine import ADJUSTABLE, IllegalActionError
from sim.core.model import LEGS
from sim.i18n.narrate import change_text, log_line
from sim.core.scoring import stability_index
from sim.core.state import GameState, Phase, PlayCard
from sim.ui import theme, widgets
from sim.ui.dialogs import DIALOG_RESULT, AdjustDialog, DialogSet, InjectDialog, NoteDialog, TextDialog, message
from sim.ui.i18n import language, tr
from sim.ui.scene import Context, Replace, Scene, Transition
from sim.ui.session import Session
from sim.ui.theme import INK, INK_SOFT, LINE, PANEL, draw_text, font

TOP = 84
LEFT = pygame.Rect(16, TOP + 8, 520, 1080 - TOP - 24)
CENTRE = pygame.Rect(552, TOP + 8, 880, 1080 - TOP - 24)
RIGHT = pygame.Rect(1448, TOP + 8, 456, 1080 - TOP - 24)
CARD_W, CARD_GAP = 284, 14
BOTTOM_H = 96  # the row under the hand: what just happened, and the big next-step button
LOG_TOP = 690
HAND_TOP = CENTRE.y + 84
MORE = ("", "")  # the tile that turns the page of a hand with more than 12 cards
AI_DELAY = 1.6  # seconds between an AI team's moves: slow enough to follow on a projector
FLASH_SECONDS = 7.0


def _money(x: float) -> str:
    return money(x, language())


class BoardScene(Scene):
    """The game being played."""

    name = "board"

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

    # -- drawing ---------------------------------------------------------------------------
    def layout_hand(self) -> None:
        """Where each card of the hand lies (and the page tile of a big hand); drawing only reads this."""
        cols = 3
        hand = self.session.hand()
        if len(hand) > 12:  # more than fit: pages of 11 and a tile that turns the page
            self.hand_pages = (len(hand) + 10) // 11
            self.hand_page %= self.hand_pages
            hand = hand[self.hand_page * 11:(self.hand_page + 1) * 11] + [MORE]
        else:
            self.hand_page, self.hand_pages = 0, 1
        rows = max(1, (len(hand) + cols - 1) // cols)
        card_h = min(260, (1080 - 16 - BOTTOM_H - 12 - HAND_TOP) // rows - CARD_GAP)
        self.card_rects = [
            (pygame.Rect(CENTRE.x + (n % cols) * (CARD_W + CARD_GAP), HAND_TOP + (n // cols) * (card_h + CARD_GAP), CARD_W, card_h), key)
            for n, key in enumerate(hand)
        ]

    def draw(self, surface: pygame.Surface) -> None:
        # The board is drawn into a cached layer, redrawn only when what it shows changed
        # (the cache is drawing's own; the game state is never touched here).
        key = (id(self.session.state), language(), self.hover, self.selected, round(self.shown_stress, 1),
               tuple(round(x, 2) for x in self.shown_legs), self.flash_time > 0, tuple(self.flash), self.session.paused,
               self.hand_page, tuple(k for _, k in self.card_rects),
               int(self.session.timer_left))
        if key != self.layer_key or self.layer is None:
            self.layer = surface.copy() if self.layer is None else self.layer
            self.layer.fill(theme.BG)
            self._draw_board(self.layer)
            self.layer_key = key
        surface.blit(self.layer, (0, 0))

    def _draw_board(self, surface: pygame.Surface) -> None:
        s = self.session
        st = s.state
        sc = s.scenario
        # Top bar: round and phase, timer.
        pygame.draw.rect(surface, PANEL, (0, 0, 1920, TOP))
        pygame.draw.line(surface, LINE, (0, TOP), (1920, TOP), 2)
        round_text = tr("board.round", round=min(st.round, sc.rounds), rounds=sc.rounds)
        draw_text(surface, round_text, pygame.Rect(20, 6, 460, 40), 30, bold=True, max_lines=1)
        timer_x = 20 + font(30, True).size(round_text)[0] + 28
        draw_text(surface, tr("board.phase", phase=tr("phase." + st.phase.value)), pygame.Rect(20, 46, 460, 32), 24,
                  theme.ACCENT, bold=True, max_lines=1)
        if s.round_seconds:
            left = int(s.timer_left)
            txt = tr("board.timer", time=f"{left // 60:02d}:{left % 60:02d}") if left > 0 else tr("board.time_up")
            colour = theme.WARN if left <= 30 else INK
            draw_text(surface, txt, pygame.Rect(timer_x, 6, 200, 40), 30, colour, bold=True, max_lines=1)
        if s.paused:
            draw_text(surface, tr("board.paused"), pygame.Rect(timer_x, 48, 200, 30), 24, theme.WARN, bold=True, max_lines=1)
        self._draw_person(surface)
        self._draw_centre(surface)
        self._draw_right(surface)
        if st.phase is Phase.GEBEURTENIS and not engine.is_over(st):
            self._draw_event_overlay(surface)

    def _draw_person(self, surface: pygame.Surface) -> None:
        s = self.session
        st = s.state
        sc = s.scenario
        lang = language()
        p = sc.person
        box = pygame.Rect(LEFT.x, LEFT.y, LEFT.width, 184)
        pygame.draw.rect(surface, PANEL, box, border_radius=10)
        pygame.draw.rect(surface, LINE, box, 2, border_radius=10)
        pygame.draw.circle(surface, theme.PANEL_ALT, (box.x + 56, box.y + 96), 46)
        pygame.draw.circle(surface, INK, (box.x + 56, box.y + 96), 46, 3)
        pygame.draw.circle(surface, INK, (box.x + 56, box.y + 80), 15, 3)
        pygame.draw.arc(surface, INK, (box.x + 29, box.y + 99, 54, 46), 0, 3.1416, 3)
        draw_text(surface, f"{p.name}, {p.age}", pygame.Rect(box.x + 112, box.y + 8, box.width - 120, 40), 30, bold=True, max_lines=1)
        meter = pygame.Rect(LEFT.x, box.bottom + 10, LEFT.width, 150)
        course = " → ".join(f"{snap.stress:.0f}" for snap in st.history[-7:])
        widgets.draw_stress_meter(surface, meter, self.shown_stress, tr("board.stress"), tr("board.stress_course", course=course))
        tri = pygame.Rect(LEFT.x, meter.bottom + 10, LEFT.width, 270)
        legs = self.shown_legs
        widgets.draw_triangle(surface, tri, legs, [tr("leg." + leg.value) for leg in LEGS],
                              stability_index(legs, sc.scoring.min_weight), tr("board.stability"),
                              start=st.history[0].legs if st.history else None)
        # Stressors: known with severity pips; hidden ones as face-down tiles.
        area = pygame.Rect(LEFT.x, tri.bottom + 10, LEFT.width, LEFT.bottom - tri.bottom - 10)
        pygame.draw.rect(surface, PANEL, area, border_radius=10)
        pygame.draw.rect(surface, LINE, area, 2, border_radius=10)
        draw_text(surface, tr("board.stressors"), pygame.Rect(area.x + 12, area.y + 6, 400, 30), 24, bold=True, max_lines=1)
        n = len(sc.stressors)
        cols = 1 if n <= 8 else 2
        rows = (n + cols - 1) // cols
        tile_h = min(44, (area.height - 44) // max(rows, 1) - 4)
        tile_w = (area.width - 24 - 12 * (cols - 1)) // cols
        for i, (stressor, sev, known) in enumerate(zip(sc.stressors, st.severity, st.known)):
            r = pygame.Rect(area.x + 12 + (i % cols) * (tile_w + 12), area.y + 40 + (i // cols) * (tile_h + 4), tile_w, tile_h)
            if known:
                bg = PANEL if sev else (225, 240, 232)
                pygame.draw.rect(surface, bg, r, border_radius=6)
                pygame.draw.rect(surface, INK if sev else theme.GOOD, r, 2, border_radius=6)
                for k in range(3):
                    c = (r.right - 16 - (2 - k) * 20, r.centery)
                    if k < sev:
                        pygame.draw.circle(surface, INK, c, 7)
                    else:
                        pygame.draw.circle(surface, LINE, c, 7, 2)
                name = stressor.name.get(lang) if sev else f"✓ {stressor.name.get(lang)}"
                draw_text(surface, name, pygame.Rect(r.x + 8, r.y + (tile_h - 30) // 2, r.width - 84, 30), 22,
                          INK if sev else theme.GOOD, max_lines=1)
            else:
                pygame.draw.rect(surface, theme.HIDDEN, r, border_radius=6)
                for k in range(0, r.width, 18):  # hatching: face down
                    pygame.draw.line(surface, (120, 120, 140), (r.x + k, r.bottom - 2), (min(r.right, r.x + k + r.height), r.y + 2), 2)
                draw_text(surface, tr("board.hidden_stressor"), pygame.Rect(r.x + 8, r.y + (tile_h - 30) // 2, r.width - 16, 30),
                          22, (255, 255, 255), bold=True, max_lines=1)

    def _draw_centre(self, surface: pygame.Surface) -> None:
        s = self.session
        st = s.state
        sc = s.scenario
        lang = language()
        head = pygame.Rect(CENTRE.x, CENTRE.y, CENTRE.width, 72)
        pygame.draw.rect(surface, PANEL, head, border_radius=10)
        pygame.draw.rect(surface, LINE, head, 2, border_radius=10)
        if engine.is_over(st):
            outcome = tr("outcome." + st.outcome.value)
            draw_text(surface, tr("board.game_over", outcome=outcome), pygame.Rect(head.x + 16, head.y + 16, head.width - 32, 44), 30, bold=True, max_lines=1)
        elif st.phase is Phase.ACTIES and st.active_agency:
            a = sc.agency(st.active_agency)
            widgets.draw_agency_badge(surface, pygame.Rect(head.x + 10, head.y + 10, 120, 52), theme.hex_colour(a.colour), a.icon, a.label)
            who = s.team_name(a.id)
            if s.is_ai(a.id):
                who = tr("board.ai_team", team=who, policy=tr("policy." + s.seats.controller[a.id]))
            text_w = head.width - 160 - (260 if self.dossier_btn is not None else 0)
            draw_text(surface, tr("board.turn", team=who), pygame.Rect(head.x + 144, head.y + 6, text_w, 34), 26, bold=True, max_lines=1)
            i = sc.agency_index[a.id]
            draw_text(surface, tr("board.capacity_mandate", cap=st.capacity[i], mandate=st.mandate[i]),
                      pygame.Rect(head.x + 144, head.y + 38, 700, 30), 22, INK_SOFT, max_lines=1)
        elif st.phase is Phase.OVERLEG:
            draw_text(surface, tr("board.overleg_title"), pygame.Rect(head.x + 16, head.y + 4, head.width - 32, 34), 26, bold=True, max_lines=1)
            draw_text(surface, tr("board.overleg_hint"), pygame.Rect(head.x + 16, head.y + 38, head.width - 32, 30), 22, INK_SOFT, max_lines=1)
        else:
            draw_text(surface, tr("board.event_phase"), pygame.Rect(head.x + 16, head.y + 16, head.width - 32, 40), 26, bold=True, max_lines=1)
        # The hand (laid out by `layout_hand` in update).
        for n, (r, (agency, card_id)) in enumerate(self.card_rects):
            if (agency, card_id) == MORE:
                pygame.draw.rect(surface, theme.PANEL_ALT, r, border_radius=12)
                pygame.draw.rect(surface, theme.ACCENT if self.hover == n else INK, r, 3, border_radius=12)
                draw_text(surface, tr("board.more_cards", page=self.hand_page + 1, pages=self.hand_pages), r.inflate(-30, -40), 26, INK,
                          bold=True, align="center")
                continue
            card = sc.card_by_id[card_id]
            reason = s.why_not(PlayCard(agency, card_id))
            ag = sc.agency(agency)
            widgets.draw_card(
                surface, r, card.title.get(lang), card.type.value, tr("type." + card.type.value),
                engine.card_cost(sc, st, card), card.mandate,
                card.text.get(lang), theme.hex_colour(ag.colour), ag.label if st.phase is Phase.OVERLEG else None,
                None if reason is None else reason_text(reason, lang, sc, st.known),
                hovered=self.hover == n, selected=self.selected == (agency, card_id),
            )
        # What just happened, large, for a few seconds.
        if self.flash and self.flash_time > 0:
            box = pygame.Rect(CENTRE.x, 1080 - 16 - BOTTOM_H, CENTRE.width - 416, BOTTOM_H)
            pygame.draw.rect(surface, (255, 248, 220), box, border_radius=10)
            pygame.draw.rect(surface, theme.ACCENT, box, 3, border_radius=10)
            draw_text(surface, self.flash[-1], box.inflate(-20, -12), 22, INK, max_lines=3, line_gap=0)

    def _draw_right(self, surface: pygame.Surface) -> None:
        s = self.session
        st = s.state
        sc = s.scenario
        lang = language()
        n = len(sc.agencies)
        row_h = min(92, 470 // max(n, 1))
        small = row_h < 80  # six or more agencies: two lines instead of three
        y = RIGHT.y
        for i, a in enumerate(sc.agencies):
            r = pygame.Rect(RIGHT.x, y, RIGHT.width, row_h - 6)
            playing = a.id in st.in_play
            active = st.active_agency == a.id
            pygame.draw.rect(surface, PANEL if playing else theme.PANEL_ALT, r, border_radius=8)
            pygame.draw.rect(surface, theme.ACCENT if active else LINE, r, 4 if active else 2, border_radius=8)
            badge = pygame.Rect(r.x + 6, r.y + 6, 100, min(r.height - 12, 56))
            widgets.draw_agency_badge(surface, badge, theme.hex_colour(a.colour) if playing else theme.PANEL_ALT, a.icon, a.label)
            name = s.team_name(a.id) + (tr("board.ai_short") if s.is_ai(a.id) else "")
            tx = r.x + 116
            tw = r.right - tx - 8
            draw_text(surface, name, pygame.Rect(tx, r.y + 2, tw, 28), 22, INK, bold=True, max_lines=1)
            if not playing:
                draw_text(surface, tr("board.not_playing"), pygame.Rect(tx, r.y + 30, tw, 28), 22, INK_SOFT, max_lines=1)
            else:
                draw_text(surface, tr("board.agency_trust_kpi", trust=f"{st.trust[i]:.0f}", kpi=f"{st.kpi[i]:.0f}"),
                          pygame.Rect(tx, r.y + 29, tw, 28), 22, INK_SOFT, max_lines=1)
                if not small:
                    draw_text(surface, tr("board.agency_cap_mandate", cap=st.capacity[i], mandate=st.mandate[i]),
                              pygame.Rect(tx, r.y + 56, tw, 28), 22, INK_SOFT, max_lines=1)
            y += row_h
        # Money and the rules in force (as many as fit, then "+n more").
        box = pygame.Rect(RIGHT.x, y + 2, RIGHT.width, LOG_TOP - 40 - (y + 2))
        pygame.draw.rect(surface, PANEL, box, border_radius=8)
        pygame.draw.rect(surface, LINE, box, 2, border_radius=8)
        lines = [tr("board.money", spent=_money(sum(st.euros)), crisis=_money(st.crisis_cost))]
        rules = [
            tr("board.rule_line", rule=sc.card_by_id[r.card].title.get(lang),
               until=tr("board.rule_rest") if r.until is None else tr("board.rule_until", round=r.until))
            for r in st.rules
        ] or [tr("board.no_rules")]
        room = max(1, (box.height - 12) // 28 - 1)
        if len(rules) > room:
            rules = rules[: room - 1] + [tr("board.more_rules", n=len(rules) - room + 1)]
        yy = box.y + 6
        for line in lines + rules:
            yy += draw_text(surface, line, pygame.Rect(box.x + 10, yy, box.width - 20, 28), 22, INK, max_lines=1, line_gap=0)
        draw_text(surface, tr("board.log"), pygame.Rect(RIGHT.x + 4, LOG_TOP - 34, 300, 32), 24, INK, bold=True, max_lines=1)

    def _draw_event_overlay(self, surface: pygame.Surface) -> None:
        s = self.session
        st = s.state
        sc = s.scenario
        lang = language()
        shade = pygame.Surface((1920, 1080 - TOP), pygame.SRCALPHA)
        shade.fill((20, 20, 30, 150))
        surface.blit(shade, (0, TOP))
        card = pygame.Rect(0, 0, 1240, 800)
        card.center = (960, TOP + (1080 - TOP) // 2 - 10)
        pygame.draw.rect(surface, PANEL, card, border_radius=18)
        pygame.draw.rect(surface, INK, card, 4, border_radius=18)
        draw_text(surface, tr("event.heading", round=st.round), pygame.Rect(card.x + 40, card.y + 24, card.width - 80, 44), 30, theme.ACCENT, bold=True)
        y = card.y + 80
        entries = [e for e in st.log if e.round == st.round and e.phase is Phase.GEBEURTENIS and e.ref in sc.event_by_id
                   and e.kind != "log.event_skipped"]
        if not entries:
            draw_text(surface, tr("event.none"), pygame.Rect(card.x + 40, y, card.width - 80, 50), 32, INK)
        for entry in entries[-3:]:
            event = sc.event_by_id[entry.ref]
            y += draw_text(surface, event.title.get(lang), pygame.Rect(card.x + 40, y, card.width - 80, 110), 44, INK, bold=True, max_lines=2)
            y += 6
            y += draw_text(surface, event.text.get(lang), pygame.Rect(card.x + 40, y, card.width - 80, 200), 30, INK, max_lines=5)
            effects = [change_text(sc, ch, lang) if not (ch.figure == "stressor" and not st.known[sc.stressor_index[ch.key]]) else tr("card.hidden_effect")
                       for ch in entry.changes]
            if entry.kind == "log.event_cancelled":
                effects = [tr("event.cancelled")]
            if event.responder:
                effects.append(tr("event.responder", team=s.team_name(event.responder)))
            if effects:
                y += 4
                y += draw_text(surface, "→ " + "; ".join(effects), pygame.Rect(card.x + 40, y, card.width - 80, 100), 26, theme.ACCENT, max_lines=3)
            y += 22
            if y > card.bottom - 140:
                break
