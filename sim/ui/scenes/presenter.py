"""Presenter mode of the debrief: one reflection question at a time, large, beside the data that belongs to it.

The deck: why this outcome; each of the scenario's reflection questions with the panel it names
(`panel:` in the file; else the one its words ask for) (who knew what, the crossings, the system figures); the secrets opened; what the computer
did with the same seed; the facilitator's notes. A presenter clicker's keys drive it: PageDown or →
next, PageUp or ← back, B a black screen (and back), D another panel beside this question, Esc back
to the debrief. The what-if is played in a thread when the debrief opens, so no key ever waits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import attrs
import pygame

from sim.analysis.whatif import Course, what_if
from sim.core.model import Scenario
from sim.core.state import GameState
from sim.ui import theme
from sim.ui.i18n import language, tr
from sim.ui.scene import Context, Pop, Scene, Transition
from sim.ui.scenes import presenter_panels as panels
from sim.ui.session import Session
from sim.ui.theme import INK, INK_SOFT, LINE, PANEL, draw_text

# The question is the one thing on the slide the room must read at once: above the theme's HEADING,
# so that it is still 37 px when the 1920×1080 frame is scaled into a 1280×800 window.
QUESTION_SIZE = theme.HEADING + 8
NEXT_KEYS = (pygame.K_PAGEDOWN, pygame.K_RIGHT, pygame.K_SPACE)
BACK_KEYS = (pygame.K_PAGEUP, pygame.K_LEFT)
BLACK_KEYS = (pygame.K_b, pygame.K_PERIOD)  # clickers send B or '.' for their black-screen button

# Which panel a reflection question asks for when its scenario does not say (`panel:`), by the words in it
# (Dutch and English); the first match wins.
_ASKS_FOR = (
    ("knowledge", ("wist", "kende", "informatie", "deelde", "gedeeld", "dossier", "knew", "known", "information", "share")),
    ("crossings", ("regels", "grens", "toestemming", "huisbezoek", "huurpauze", "afspraak", "convenant",
                   "rules", "boundary", "permission", "agreement", "covenant", "visit")),
    ("kpis", ("systeemcijfer", "protocol", "melding", "kost", "figures", "cost")),
)


class WhatIfJob:
    """The what-if, played once in a background thread; `result` is None until it is done."""

    def __init__(self, sc: Scenario, state: GameState, run: Callable[[Scenario, GameState], tuple[Course, ...]] = what_if):
        self.result: tuple[Course, ...] | None = None
        self.failed = False
        self._thread = threading.Thread(target=self._work, args=(run, sc, state), name="whatif", daemon=True)
        self._thread.start()

    def _work(self, run: Callable[[Scenario, GameState], tuple[Course, ...]], sc: Scenario, state: GameState) -> None:
        try:
            self.result = run(sc, state)
        except Exception:  # noqa: BLE001 - a what-if that fails must never take the debrief down
            self.failed = True

    @property
    def done(self) -> bool:
        """Whether the thread has finished (with a result or a failure)."""
        return self.result is not None or self.failed

    def wait(self, seconds: float = 10.0) -> None:
        """Wait for the thread (tests and screenshots)."""
        self._thread.join(seconds)


@attrs.frozen
class Slide:
    """One step of the deck: a question and the panel beside it."""

    question: str
    panel: str


def panel_for(words: str) -> str:
    """The panel a question's words ask for; "why" when none matches."""
    low = words.lower()
    return next((panel for panel, keys in _ASKS_FOR if any(k in low for k in keys)), "why")


def deck(sc: Scenario, lang: str) -> list[Slide]:
    """The slides: why, each reflection question, the secrets, the what-if, the notes."""
    slides = [Slide(tr("presenter.q.why"), "why")]
    for q in sc.reflection_questions:
        panel = q.panel.value if q.panel is not None else panel_for(f"{q.get('nl')} {q.get('en')}")  # the file's own choice first
        slides.append(Slide(q.get(lang), panel))
    slides += [Slide(tr("presenter.q.secrets"), "secrets"), Slide(tr("presenter.q.whatif"), "whatif"),
               Slide(tr("presenter.q.notes"), "notes")]
    return slides


class PresenterScene(Scene):
    """The debrief for the room: a question at a time, driven by a presenter clicker."""

    name = "presenter"

    def __init__(self, ctx: Context, session: Session, whatif: WhatIfJob | None = None, slide: int = 0):
        super().__init__(ctx)
        self.session = session
        self.whatif = whatif if whatif is not None else WhatIfJob(session.scenario, session.state)
        self.index = slide
        self.black = False
        self.swap: dict[int, str] = {}  # slide -> the panel chosen with D instead of its own
        self.page: dict[int, int] = {}  # slide -> the page of its panel shown
        self._shown_done = self.whatif.done

    @property
    def slides(self) -> list[Slide]:
        return deck(self.session.scenario, language())

    @property
    def slide(self) -> Slide:
        slides = self.slides
        return slides[max(0, min(self.index, len(slides) - 1))]

    @property
    def panel(self) -> str:
        """The panel shown beside the current question."""
        return self.swap.get(self.index, self.slide.panel)

    def language_changed(self, lang: str) -> None:
        self.session.lang = lang

    def go(self, step: int) -> None:
        """Move `step` on: through the pages of a panel that does not fit first, then to the next slide (back: to the
        previous slide's last page), staying inside the deck; the black screen lifts."""
        page = self.page.get(self.index, 0) + step
        if 0 <= page < self.pages():
            self.page[self.index] = page
        else:
            index = max(0, min(self.index + step, len(self.slides) - 1))
            if index != self.index:
                self.index = index
                self.page[index] = 0 if step > 0 else self.pages() - 1  # back lands where next left it: its last page
        self.black = False
        self.ctx.redraw()

    def rows(self) -> list[panels.Row]:
        """The rows of the panel beside the current question (empty while the what-if is computed)."""
        lang = language()
        if self.panel != "whatif":
            return panels.ROWS[self.panel](self.session, lang)
        return panels.whatif_rows(self.whatif.result, lang) if self.whatif.result is not None else []

    def body(self) -> pygame.Rect:
        """Where the panel's rows go: the box beside the question, under the panel's title."""
        w, h = self.ctx.logical_size
        inner = pygame.Rect(780, 110, w - 820, h - 210).inflate(-48, -40)
        title = theme.font(panels.HEAD_SIZE, True)
        used = min(2, len(theme.wrap(self._panel_title(), title, inner.width))) * (title.get_linesize() + 2)
        rect = pygame.Rect(inner.x, inner.y + used + 20, inner.width, inner.height - used - 20)
        return rect if self.panel != "whatif" else pygame.Rect(rect.x, rect.y, rect.width, rect.height - 60)

    def pages(self) -> int:
        """How many pages the current panel takes."""
        return len(panels.paginate(self.session, self.rows(), self.body()))

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type != pygame.KEYDOWN:
            return None
        if event.key in NEXT_KEYS:
            self.go(1)
        elif event.key in BACK_KEYS:
            self.go(-1)
        elif event.key in BLACK_KEYS:
            self.black = not self.black
            self.ctx.redraw()
        elif event.key == pygame.K_d:
            order = panels.PANELS
            self.swap[self.index] = order[(order.index(self.panel) + 1) % len(order)]
            self.page[self.index] = 0
            self.ctx.redraw()
        elif event.key == pygame.K_l:
            self.ctx.toggle_language()
        elif event.key == pygame.K_ESCAPE:
            return Pop()
        return None

    def update(self, dt: float) -> Transition | None:
        if self.whatif.done and not self._shown_done:
            self._shown_done = True
            self.ctx.redraw()
        return None

    # -- drawing -----------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        if self.black:
            surface.fill((0, 0, 0))
            return
        lang = language()
        slide = self.slide
        w, h = self.ctx.logical_size
        draw_text(surface, tr("presenter.count", i=self.index + 1, n=len(self.slides)), pygame.Rect(60, 36, 700, 50), theme.BODY, INK_SOFT,
                  bold=True, max_lines=1)
        self._draw_outcome(surface, pygame.Rect(w - 520, 30, 460, 60))
        draw_text(surface, slide.question, pygame.Rect(60, 130, 680, h - 260), QUESTION_SIZE, INK, bold=True)
        box = pygame.Rect(780, 110, w - 820, h - 210)
        pygame.draw.rect(surface, PANEL, box, border_radius=12)
        pygame.draw.rect(surface, LINE, box, 2, border_radius=12)
        inner = box.inflate(-48, -40)
        draw_text(surface, self._panel_title(), pygame.Rect(inner.x, inner.y, inner.width, 90), panels.HEAD_SIZE, theme.ACCENT, bold=True,
                  max_lines=2)
        body = self.body()
        if self.panel == "whatif":
            self._draw_whatif(surface, body, lang)
        else:
            panels.draw_rows(surface, self.session, self.rows(), body, lang, page=self.page.get(self.index, 0))
        draw_text(surface, tr("presenter.keys"), pygame.Rect(60, h - 80, w - 120, 50), theme.BODY, INK_SOFT, max_lines=1)

    def _panel_title(self) -> str:
        if self.panel == "kpis":
            return tr("presenter.panel.kpis", name=self.session.scenario.person.name.get(language()))
        return tr(f"presenter.panel.{self.panel}")

    def _draw_outcome(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        st = self.session.state
        outcome = st.outcome.value if st.outcome else "kwetsbaar"
        pygame.draw.rect(surface, panels.OUTCOME_COLOUR[outcome], rect, border_radius=12)
        draw_text(surface, tr("outcome." + outcome).upper(), rect.inflate(-20, -10), theme.BODY, (255, 255, 255), bold=True,
                  align="center", max_lines=1)

    def _draw_whatif(self, surface: pygame.Surface, rect: pygame.Rect, lang: str) -> None:
        job = self.whatif
        if job.result is None:
            key = "whatif.failed" if job.failed else "whatif.computing"
            draw_text(surface, tr(key), rect, panels.ROW_SIZE, INK_SOFT, bold=True)
            return
        panels.draw_rows(surface, self.session, self.rows(), rect, lang, page=self.page.get(self.index, 0))
        draw_text(surface, tr("whatif.same_seed", seed=self.session.state.seed), pygame.Rect(rect.x, rect.bottom + 10, rect.width, 90),
                  theme.BODY, INK_SOFT, max_lines=2)

__all__ = ["NEXT_KEYS", "QUESTION_SIZE", "PresenterScene", "Slide", "WhatIfJob", "deck", "panel_for"]
