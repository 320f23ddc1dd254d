"""The debrief on the projector scale (every word at least `theme.BODY`): the outcome and why in the header, then
four tabs — the course of stress and the legs beside each system's KPI; why this outcome beside the boundary
crossings and what followed them; the scenario's reflection questions; the learning objectives beside the
rating scale. A panel that does not fit is paged (click it, or PageDown/PageUp), never cut. The presenter mode
(`presenter.py`) takes the room through it one question at a time; the what-if it shows is
played in a thread from the moment the debrief opens."""

from __future__ import annotations

import html
import os
import webbrowser
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from sim.analysis.explain import explain_lines
from sim.core.scoring import summarize
from sim.i18n import money, t
from sim.report import writer as report
from sim.scenario.loader import LoadedScenario
from sim.session import sessionfile as sf
from sim.session.sessionfile import RATINGS
from sim.ui import theme
from sim.ui.dialogs import DIALOG_RESULT, DialogSet, RatingsDialog, message
from sim.ui.i18n import language, tr
from sim.ui.scene import Context, Push, Replace, Reset, Scene, Transition
from sim.ui.scenes import presenter_panels as panels
from sim.ui.scenes.debrief_chart import draw_chart, draw_kpis, frame
from sim.ui.scenes.presenter import NEXT_KEYS, PresenterScene, WhatIfJob
from sim.ui.scenes.presenter_panels import OUTCOME_COLOUR, Row
from sim.ui.session import Session
from sim.ui.theme import BODY, INK, INK_SOFT, draw_text

# The debrief on the projector scale: a header, four tabs (the course, why, the questions, the objectives),
# each filling the screen between the tabs and the buttons; a panel that does not fit is paged (click it or PageDown).
TABS = ("course", "why", "questions", "objectives")
TAB_KEYS = {"course": "debrief.tab.course", "why": "debrief.why", "questions": "debrief.questions", "objectives": "debrief.objectives"}
CONTENT = pygame.Rect(40, 276, 1840, 694)
LEFT = pygame.Rect(40, 276, 1010, 694)
RIGHT = pygame.Rect(1070, 276, 810, 694)


def _money(x: float) -> str:
    return money(x, language())


class DebriefScene(Scene):
    """The nabespreking after the game."""

    name = "debrief"

    def __init__(self, ctx: Context, session: Session):
        super().__init__(ctx)
        self.session = session
        self.summary = summarize(session.scenario, session.state)
        self.dialogs = DialogSet()
        self.whatif = WhatIfJob(session.scenario, session.state)
        self.tab = "course"
        self.page = 0  # the page of the current tab's panels (a panel that does not fit is paged)
        self._pages = 1

    def language_changed(self, lang: str) -> None:
        self.session.lang = lang

    def clear(self) -> None:
        self.dialogs.close_all()
        super().clear()

    def why(self) -> list[str]:
        """Why the game ended as it did, in sentences (the first says it in one)."""
        s = self.session
        return explain_lines(s.scenario, s.state, language(), dict(s.seats.names))

    def end_reason(self) -> str:
        """Why the game ended, in one sentence."""
        return self.why()[0]

    def presenter(self) -> PresenterScene:
        """The presenter mode over this debrief, sharing its what-if."""
        return PresenterScene(self.ctx, self.session, self.whatif)

    def build(self) -> None:
        m = self.ctx.manager
        self.tab_btns = {}
        for i, tab in enumerate(TABS):
            rect = pygame.Rect(40 + i * 456, 206, 440, theme.ROW)
            self.tab_btns[tab] = self.add(UIButton(rect, tr(TAB_KEYS[tab]), m, object_id="#primary" if tab == self.tab else None))
        keys = ("app.switch_language", "presenter.button", "debrief.rate", "debrief.report", "debrief.back_to_board",
                "debrief.menu", "debrief.new_game")
        labels = [tr(key) for key in keys]
        widths = [theme.font(theme.BODY, True).size(text)[0] + 48 for text in labels]  # each as wide as its words
        gap = max(8, (1840 - sum(widths)) // (len(widths) - 1))
        x = 40
        buttons = []
        for key, text, width in zip(keys, labels, widths):
            primary = "#primary" if key == "debrief.new_game" else None
            buttons.append(self.add(UIButton(pygame.Rect(x, 990, width, theme.BUTTON_H), text, m, object_id=primary)))
            x += width + gap
        (self.lang_btn, self.present_btn, self.rate_btn, self.report_btn, self.back_btn, self.menu_btn, self.new_btn) = buttons
        if not self.session.scenario.learning_objectives:
            self.rate_btn.disable()

    def show(self, tab: str) -> None:
        """Show one of the four tabs (from its first page)."""
        self.tab = tab
        self.page = 0
        self.clear()
        self.build()
        self.ctx.redraw()

    # -- the rows of each tab's panels (the presenter's rows, drawn at theme.BODY) -------------------
    def panels(self) -> list[tuple[pygame.Rect, str, list[Row]]]:
        """The current tab's text panels: where, the title, the rows (the course tab draws pictures instead)."""
        s = self.session
        sc = s.scenario
        lang = language()
        if self.tab == "why":
            why = [Row(line) for line in self.why()[1:]]
            why.append(Row(tr("debrief.costs", spent=_money(self.summary.euros_total), crisis=_money(self.summary.crisis_total)), "soft"))
            if sc.scoring.alternative is not None:
                why += [Row(tr("debrief.alternative"), "head"), Row(sc.scoring.alternative.get(lang))]
            crossings = tr("debrief.crossings", n=len(self.summary.crossings), joint=len(s.state.joints))
            return [(LEFT, tr("debrief.why"), why), (RIGHT, crossings, panels.crossing_rows(s, lang))]
        if self.tab == "questions":
            rows = [Row(f"{i}. {q.get(lang)}") for i, q in enumerate(sc.reflection_questions, 1)]
            return [(CONTENT, tr("debrief.questions"), rows)]
        if self.tab == "objectives":
            objectives = []
            for o in sc.learning_objectives:
                rating = s.ratings.get(o.id)
                words = tr("debrief.rated", words=t("rating.option", lang, code=rating, words=t(f"rating.{rating}", lang))) if rating else tr("debrief.unrated")
                objectives += [Row(o.text.get(lang)), Row(words, "soft")]
            return [(LEFT, tr("debrief.objectives"), objectives), (RIGHT, t("rating.scale", lang), self._scale_rows())]
        return []

    # -- P/S/M/U ratings of the learning objectives (the HSEEP scale) ------------------------------
    def _rating_options(self) -> list[str]:
        lang = language()
        return [tr("debrief.no_rating")] + [t("rating.option", lang, code=r, words=t(f"rating.{r}", lang)) for r in RATINGS]

    def _scale_rows(self) -> list[Row]:
        lang = language()
        rows = []
        for r in RATINGS:
            rows += [Row(f"{r} – {t(f'rating.{r}', lang)}", "head"), Row(t(f"rating.meaning.{r}", lang))]
        return rows

    def _rating_scale(self) -> str:
        """The rating scale with what each step means, one line each."""
        return "\n".join(row.text for row in self._scale_rows())

    @property
    def rate_menus(self) -> dict:
        """The open ratings dialog's choices: menu → learning objective id (empty when closed)."""
        win = self.dialogs.get("rate")
        return dict(win.menus) if isinstance(win, RatingsDialog) else {}

    def open_ratings(self) -> None:
        """One row per learning objective, each with a P/S/M/U choice."""
        if self.dialogs.get("rate") is not None:
            return
        lang = language()
        options = self._rating_options()
        rows = []
        for obj in self.session.scenario.learning_objectives:
            current = self.session.ratings.get(obj.id)
            chosen = options[0] if current is None else options[1 + RATINGS.index(current)]
            rows.append((obj.id, html.escape(obj.text.get(lang)), chosen))
        self.dialogs.show("rate", RatingsDialog(self.ctx.manager, rows, options))

    def _rated(self, objective: str, text: str) -> None:
        options = self._rating_options()
        rating = None if text not in options[1:] else RATINGS[options.index(text) - 1]
        self.session.rate(objective, rating)

    # -- the report ---------------------------------------------------------------------
    def write_report(self) -> Path | None:
        """Write the debrief report (HTML, charts, record) into the reports folder; tell where."""
        s = self.session
        lang = language()
        loaded = LoadedScenario(s.scenario, s.scenario_path or "", s.content_hash)
        saved = sf.capture(s, s.saved, s.ratings)
        out = sf.autosave_dir().parent / "reports"
        try:
            out = report.new_report_folder(out, s.scenario.id, sf.now())  # never a folder of an earlier report
            files = report.write_report(saved, loaded, out, lang, state=s.state)
        except (sf.SessionFileError, OSError) as exc:
            text = exc.text(lang) if isinstance(exc, sf.SessionFileError) else report.report_error(exc, out, lang)
            self._message(tr("debrief.report_failed_title"), html.escape(text))
            return None
        self._message(tr("debrief.report_title"), tr("debrief.report_written", path=html.escape(str(files.html))))
        if os.environ.get("SDL_VIDEODRIVER") not in ("dummy", "offscreen"):
            webbrowser.open(files.html.as_uri())
        return files.html

    def _message(self, title: str, text: str) -> None:
        self.dialogs.show("message", message(self.ctx.manager, title, text, (1100, 420)))

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type == DIALOG_RESULT and event.dialog == "rate":
            self._rated(*event.value)
        elif event.type == pygame_gui.UI_WINDOW_CLOSE:
            self.dialogs.forget(event.ui_element)
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._button(event.ui_element)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_l:
            self.ctx.toggle_language()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_p and not self.dialogs.any_open():
            return Push(self.presenter())
        elif event.type == pygame.KEYDOWN and event.key in (*NEXT_KEYS, pygame.K_PAGEUP, pygame.K_LEFT) and not self.dialogs.any_open():
            self.turn(1 if event.key in NEXT_KEYS else -1)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self._pages > 1 and not self.dialogs.any_open():
            if any(rect.collidepoint(self.ctx.to_logical(event.pos)) for rect, _title, _rows in self.panels()):
                self.turn(1)
        return None

    def turn(self, step: int) -> None:
        """The next (or previous) page of this tab's panels, round to the first again."""
        self.page = (self.page + step) % max(self._pages, 1)
        self.ctx.redraw()

    def _button(self, el: object) -> Transition | None:
        tab = next((k for k, b in self.tab_btns.items() if b is el), None)
        if tab is not None:
            self.show(tab)
            return None
        if el is self.present_btn:
            return Push(self.presenter())
        if el is self.rate_btn:
            self.open_ratings()
        elif el is self.report_btn:
            self.write_report()
        elif el is self.new_btn:
            menu = self.ctx.make_scene("menu")
            path = self.session.scenario_path
            return Reset((menu, self.ctx.make_scene("setup", path=path)) if path else (menu,))
        elif el is self.menu_btn:
            return Reset((self.ctx.make_scene("menu"),))
        elif el is self.back_btn:
            return Replace(self.ctx.make_scene("board", session=self.session))
        elif el is self.lang_btn:
            self.ctx.toggle_language()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        st = self.session.state
        outcome = st.outcome.value if st.outcome else "kwetsbaar"
        draw_text(surface, tr("debrief.title"), pygame.Rect(40, 24, 520, 64), theme.HEADING, INK, bold=True, max_lines=1)
        badge = pygame.Rect(580, 20, 440, 68)
        pygame.draw.rect(surface, OUTCOME_COLOUR[outcome], badge, border_radius=12)
        draw_text(surface, tr("outcome." + outcome).upper(), badge.inflate(-20, -16), BODY, (255, 255, 255), bold=True, align="center",
                  max_lines=1)
        draw_text(surface, tr("debrief.rounds", rounds=st.round, stress=f"{st.stress:.0f}"), pygame.Rect(1050, 32, 830, 50), BODY,
                  INK_SOFT, max_lines=1)
        draw_text(surface, self.end_reason(), pygame.Rect(40, 104, 1840, 92), BODY, INK, bold=True, max_lines=2)
        if self.tab == "course":
            draw_chart(surface, LEFT, self.summary)
            draw_kpis(surface, RIGHT, self.session)
            self._pages = 1
            return
        pages = 1
        lang = language()
        for rect, title, rows in self.panels():
            room = frame(surface, rect, title)
            pages = max(pages, panels.draw_rows(surface, self.session, rows, room, lang, BODY, page=self.page))
        self._pages = pages
