"""The debrief: the outcome and why, the course of stress and the legs, the boundary crossings
and what followed them, money spent against crisis costs, each system's KPI beside the
person's outcome, and the scenario's reflection questions. The presenter mode
(`presenter.py`) takes the room through it one question at a time; the what-if it shows is
played in a thread from the moment the debrief opens."""

from __future__ import annotations

import html
import os
import webbrowser
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox

from sim.analysis.explain import explain_lines
from sim.core.model import LEGS
from sim.core.scoring import summarize
from sim.i18n import money, t
from sim.report import writer as report
from sim.scenario.loader import LoadedScenario
from sim.session import sessionfile as sf
from sim.session.sessionfile import RATINGS
from sim.ui import theme, widgets
from sim.ui.dialogs import DIALOG_RESULT, DialogSet, RatingsDialog, message
from sim.ui.i18n import language, tr
from sim.ui.scene import Context, Push, Replace, Reset, Scene, Transition
from sim.ui.scenes.presenter import PresenterScene, WhatIfJob
from sim.ui.scenes.presenter_panels import OUTCOME_COLOUR
from sim.ui.session import Session
from sim.ui.theme import INK, INK_SOFT, LINE, PANEL, draw_text, font

CHART = pygame.Rect(40, 150, 960, 450)
KPIS = pygame.Rect(1030, 150, 850, 450)
LEG_STYLE = ((0, 114, 178), (230, 159, 0), (204, 121, 167))  # Okabe-Ito blue, orange, purple


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
        s = self.session
        sc = s.scenario
        st = s.state
        lang = language()
        crossings = []
        for c in self.summary.crossings:
            after = c.stress_after_1
            follow = tr("debrief.crossing_after", before=f"{c.stress_before:.0f}", after=f"{after:.0f}") if after is not None else ""
            crossings.append(tr("debrief.crossing", round=c.round, team=html.escape(s.team_name(c.agency)),
                                card=html.escape(sc.card_by_id[c.card].title.get(lang))) + (f" — {follow}" if follow else ""))
        text = "<br>".join(crossings) if crossings else tr("debrief.no_crossings")
        why = "<br>".join(html.escape(line) for line in self.why()[1:])
        head = f"<b>{tr('debrief.why')}</b><br>{why}<br><br><b>{tr('debrief.crossings', n=len(crossings), joint=len(st.joints))}</b><br>"
        if sc.scoring.alternative is not None:
            text += f"<br><br><b>{tr('debrief.alternative')}</b><br>{html.escape(sc.scoring.alternative.get(lang))}"
        self.add(UITextBox(head + text, pygame.Rect(40, 620, 900, 370), m))
        questions = "<br>".join(f"{i}. {html.escape(q.get(lang))}" for i, q in enumerate(sc.reflection_questions, 1))
        objectives = "<br>".join(f"• {html.escape(o.text.get(lang))}" for o in sc.learning_objectives)
        body = f"<b>{tr('debrief.questions')}</b><br>{questions}"
        if objectives:
            body += f"<br><br><b>{tr('debrief.objectives')}</b><br>{objectives}<br><br>{self._rating_scale()}"
        self.add(UITextBox(body, pygame.Rect(980, 620, 900, 370), m))
        x = 40
        buttons = []
        for key, width in (("app.switch_language", 190), ("presenter.button", 230), ("debrief.rate", 310), ("debrief.report", 240),
                           ("debrief.back_to_board", 280), ("debrief.menu", 240), ("debrief.new_game", 260)):
            primary = "#primary" if key == "debrief.new_game" else None
            buttons.append(self.add(UIButton(pygame.Rect(x, 1000, width, 66), tr(key), m, object_id=primary)))
            x += width + 13
        (self.lang_btn, self.present_btn, self.rate_btn, self.report_btn, self.back_btn, self.menu_btn, self.new_btn) = buttons
        if not sc.learning_objectives:
            self.rate_btn.disable()

    # -- P/S/M/U ratings of the learning objectives (the HSEEP scale) ------------------------------
    def _rating_options(self) -> list[str]:
        lang = language()
        return [tr("debrief.no_rating")] + [t("rating.option", lang, code=r, words=t(f"rating.{r}", lang)) for r in RATINGS]

    def _rating_scale(self) -> str:
        """The rating scale with what each step means, and each objective's rating so far."""
        lang = language()
        rows = [f"<b>{html.escape(t('rating.scale', lang))}</b>"]
        for r in RATINGS:
            rows.append(f"<b>{r} – {html.escape(t(f'rating.{r}', lang))}</b>: {html.escape(t(f'rating.meaning.{r}', lang))}")
        return "<br>".join(rows)

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
        stamp = "".join(ch for ch in sf.now() if ch.isdigit())[:14]
        out = sf.autosave_dir().parent / "reports" / f"{stamp}-{s.scenario.id}"
        try:
            files = report.write_report(saved, loaded, out, lang, state=s.state)
        except (sf.SessionFileError, OSError) as exc:
            text = exc.text(lang) if isinstance(exc, sf.SessionFileError) else str(exc)
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
        return None

    def _button(self, el: object) -> Transition | None:
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
        s = self.session
        st = s.state
        outcome = st.outcome.value if st.outcome else "kwetsbaar"
        draw_text(surface, tr("debrief.title"), pygame.Rect(40, 20, 700, 60), 44, INK, bold=True, max_lines=1)
        colour = OUTCOME_COLOUR[outcome]
        badge = pygame.Rect(760, 22, 440, 64)
        pygame.draw.rect(surface, colour, badge, border_radius=12)
        draw_text(surface, tr("outcome." + outcome).upper(), badge.inflate(-20, -14), 36, (255, 255, 255), bold=True, align="center", max_lines=1)
        draw_text(surface, self.end_reason(), pygame.Rect(1230, 12, 650, 60), 22, INK, bold=True, max_lines=2, line_gap=0)
        draw_text(surface, tr("debrief.rounds", rounds=st.round, stress=f"{st.stress:.0f}"), pygame.Rect(1230, 82, 650, 34), 22, INK_SOFT, max_lines=1)
        draw_text(surface, tr("debrief.costs", spent=_money(self.summary.euros_total), crisis=_money(self.summary.crisis_total)),
                  pygame.Rect(40, 96, 1160, 36), 24, INK, max_lines=1)
        self._draw_chart(surface)
        self._draw_kpis(surface)

    def _draw_chart(self, surface: pygame.Surface) -> None:
        sm = self.summary
        pygame.draw.rect(surface, PANEL, CHART, border_radius=10)
        pygame.draw.rect(surface, LINE, CHART, 2, border_radius=10)
        draw_text(surface, tr("debrief.chart_title"), pygame.Rect(CHART.x + 14, CHART.y + 8, 700, 32), 24, bold=True, max_lines=1)
        plot = pygame.Rect(CHART.x + 70, CHART.y + 56, CHART.width - 380, CHART.height - 140)
        pygame.draw.line(surface, INK, plot.bottomleft, plot.bottomright, 2)
        pygame.draw.line(surface, INK, plot.bottomleft, plot.topleft, 2)
        for v in (0, 50, 100):
            y = plot.bottom - plot.height * v / 100
            pygame.draw.line(surface, LINE, (plot.x, y), (plot.right, y), 1)
            img = font(22).render(str(v), True, INK_SOFT)
            surface.blit(img, img.get_rect(midright=(plot.x - 8, y)))
        rounds = list(sm.rounds)
        n = max(rounds[-1], 1) if rounds else 1
        xs = [plot.x + plot.width * r / n for r in rounds]
        for r, x in zip(rounds, xs):
            img = font(22).render(str(r), True, INK_SOFT)
            surface.blit(img, img.get_rect(midtop=(x, plot.bottom + 6)))
        label = font(22).render(tr("debrief.round_axis"), True, INK_SOFT)
        surface.blit(label, label.get_rect(topleft=(plot.right + 12, plot.bottom + 6)))

        def line(values, colour, width, dashed=False):
            pts = [(x, plot.bottom - plot.height * min(max(v, 0), 100) / 100) for x, v in zip(xs, values)]
            if len(pts) >= 2:
                if dashed:
                    for a, b in zip(pts, pts[1:]):
                        steps = 12
                        for k in range(0, steps, 2):
                            p = (a[0] + (b[0] - a[0]) * k / steps, a[1] + (b[1] - a[1]) * k / steps)
                            q = (a[0] + (b[0] - a[0]) * (k + 1) / steps, a[1] + (b[1] - a[1]) * (k + 1) / steps)
                            pygame.draw.line(surface, colour, p, q, width)
                else:
                    pygame.draw.lines(surface, colour, False, pts, width)
            for p in pts:
                pygame.draw.circle(surface, colour, (int(p[0]), int(p[1])), width + 1)
            return pts[-1] if pts else None

        legend = []
        end = line(list(sm.stress), INK, 4)
        legend.append((tr("board.stress"), INK, end))
        for i, leg in enumerate(LEGS):
            end = line([v * 10 for v in sm.legs[:, i]], LEG_STYLE[i], 3, dashed=i == 1)
            legend.append((tr("leg." + leg.value) + " ×10", LEG_STYLE[i], end))
        # A legend with a sample of each line (colour and style, never colour alone).
        y = plot.y
        for i, (text, colour, _end) in enumerate(legend):
            x0 = plot.right + 24
            if i == 2:  # the dashed one
                for k in range(0, 44, 12):
                    pygame.draw.line(surface, colour, (x0 + k, y + 12), (x0 + k + 6, y + 12), 3)
            else:
                pygame.draw.line(surface, colour, (x0, y + 12), (x0 + 44, y + 12), 4 if i == 0 else 3)
            pygame.draw.circle(surface, colour, (x0 + 22, y + 12), 5)
            ink = colour if theme.contrast(colour, PANEL) >= 3 else INK
            draw_text(surface, text, pygame.Rect(x0 + 54, y, CHART.right - x0 - 62, 56), 22, ink, bold=True, max_lines=2, line_gap=0)
            y += 58
        # Boundary crossings: triangles under the axis, with how many.
        per_round: dict[int, int] = {}
        for c in sm.crossings:
            per_round[c.round] = per_round.get(c.round, 0) + 1
        for r, k in per_round.items():
            x = plot.x + plot.width * (r - 0.5) / n
            y = plot.bottom - 12
            pygame.draw.polygon(surface, (0, 158, 115), [(x - 9, y + 8), (x + 9, y + 8), (x, y - 8)])
            pygame.draw.polygon(surface, INK, [(x - 9, y + 8), (x + 9, y + 8), (x, y - 8)], 2)
            img = font(22, True).render(str(k), True, INK)
            surface.blit(img, img.get_rect(midbottom=(x, y - 10)))
        draw_text(surface, tr("debrief.chart_legend"), pygame.Rect(CHART.x + 14, CHART.bottom - 32, CHART.width - 28, 28), 22, INK_SOFT, max_lines=1)

    def _draw_kpis(self, surface: pygame.Surface) -> None:
        s = self.session
        sc = s.scenario
        st = s.state
        lang = language()
        pygame.draw.rect(surface, PANEL, KPIS, border_radius=10)
        pygame.draw.rect(surface, LINE, KPIS, 2, border_radius=10)
        draw_text(surface, tr("debrief.kpi_title"), pygame.Rect(KPIS.x + 14, KPIS.y + 8, KPIS.width - 28, 34), 26, bold=True, max_lines=1)
        y = KPIS.y + 52
        n = len(sc.agencies)
        row = min(60, (KPIS.height - 140) // max(n, 1))
        for i, a in enumerate(sc.agencies):
            start = a.kpi.start
            end = st.kpi[i]
            r = pygame.Rect(KPIS.x + 14, y, KPIS.width - 28, row - 6)
            widgets.draw_agency_badge(surface, pygame.Rect(r.x, r.y, 100, r.height), theme.hex_colour(a.colour), a.icon, a.label)
            draw_text(surface, a.kpi.name.get(lang), pygame.Rect(r.x + 112, r.y + (r.height - 30) // 2, 420, 30), 22, INK, max_lines=1)
            delta = end - start
            arrow = "▲" if delta > 0 else "▼" if delta < 0 else "="
            colour = theme.GOOD if delta > 0 else theme.WARN if delta < 0 else INK_SOFT
            draw_text(surface, f"{start:.0f} → {end:.0f}  {arrow} {delta:+.0f}", pygame.Rect(r.x + 540, r.y + (r.height - 30) // 2, 280, 30), 24, colour, bold=True, max_lines=1)
            y += row
        outcome = st.outcome.value if st.outcome else "kwetsbaar"
        person = pygame.Rect(KPIS.x + 14, KPIS.bottom - 84, KPIS.width - 28, 70)
        pygame.draw.rect(surface, OUTCOME_COLOUR[outcome], person, border_radius=10)
        draw_text(surface, tr("debrief.person_line", name=sc.person.name, outcome=tr("outcome." + outcome), stress=f"{st.stress:.0f}"),
                  person.inflate(-20, -16), 26, (255, 255, 255), bold=True, max_lines=2)
