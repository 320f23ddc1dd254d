"""The moments, shown one at a time over the board for the whole room.

The scene sits on the stack over the board (the board pushes it when its
session has moments waiting). It shows the oldest moment until the
facilitator goes on: Space, Enter, PageDown, → or a click; Esc skips the rest.
A large moment lies over the dimmed board; a full one (the story at the
start, the end of a week, the end of the game, the handover to the next team)
covers it whole, so the previous team's hand is hidden until the next team
is ready. While it shows the board gets no frames: the computer and the round
timer wait. Each moment plays its tone unless the sound is muted (M).
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from sim.ui import theme, widgets
from sim.ui.i18n import language, tr
from sim.ui.moments import Moment
from sim.ui.portrait import draw_portrait
from sim.ui.scene import Context, Pop, Scene, Transition
from sim.ui.session import Session
from sim.ui.sound import SOUNDS
from sim.ui.theme import INK, INK_SOFT, PANEL, draw_text, font

ADVANCE_KEYS = (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_PAGEDOWN, pygame.K_RIGHT)
TITLE, BODY, QUOTE, FOOT = 64, 38, 40, theme.BODY  # px at 1920×1080: the body reads from the back row
LARGE = pygame.Rect(160, 110, 1600, 860)
FULL = pygame.Rect(0, 0, 1920, 1080)


def _fitting_size(text: str, width: int, height: int, sizes: tuple[int, ...]) -> int:
    """The largest of `sizes` at which `text` fits in the box (else the smallest)."""
    for size in sizes:
        lines = len(theme._wrap_cached(text, size, False, width))
        if lines * (font(size).get_linesize() + 2) <= height:
            return size
    return sizes[-1]


def _body_that_fits(lines: list[str], width: int, height: int) -> str:
    """The moment's lines as one text that fits the box at the room's size: the last bullets counted, not cut."""
    text = "\n".join(lines)
    keep = len(lines)
    while keep > 1 and not _fits(text, width, height):
        keep -= 1
        text = "\n".join([*lines[:keep], "• " + tr("uiboard.more_causes", n=len(lines) - keep)])
    return text


def _fits(text: str, width: int, height: int, size: int = 36) -> bool:
    return len(theme._wrap_cached(text, size, False, width)) * (font(size).get_linesize() + 2) <= height


class MomentScene(Scene):
    """One announcement after another, until the queue is empty; then back to the board."""

    name = "moment"

    def __init__(self, ctx: Context, session: Session, below: Scene | None = None):
        super().__init__(ctx)
        self.session = session
        self.below = below  # drawn dimmed under a large moment
        self.sound_btn: UIButton | None = None
        self._played: Moment | None = None

    @property
    def current(self) -> Moment | None:
        """The moment on screen (the oldest in the queue)."""
        return self.session.moments[0] if self.session.moments else None

    # -- life on the stack -------------------------------------------------------------
    def startup(self) -> None:
        super().startup()
        self._sound()

    def language_changed(self, lang: str) -> None:
        self.session.retell(lang)

    def build(self) -> None:
        label = tr("moment.sound_off") if SOUNDS.muted else tr("moment.sound_on")
        w = font(FOOT, True).size(label)[0] + 48
        self.sound_btn = self.add(UIButton(pygame.Rect(1920 - 40 - w, 1080 - 40 - 64, w, 64), label, self.ctx.manager))

    def _sound(self) -> None:
        m = self.current
        if m is not None and m is not self._played:
            self._played = m
            SOUNDS.play(m.tone)

    # -- going on --------------------------------------------------------------------------
    def advance(self) -> Transition | None:
        """The next moment; back to the board after the last."""
        self.session.next_moment()
        if not self.session.moments_pending():
            return Pop()
        self._sound()
        self.ctx.redraw()
        return None

    def skip_all(self) -> Transition:
        """Esc: leave the rest unshown and go back to the board."""
        self.session.skip_moments()
        return Pop()

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if self.current is None:
            return Pop()
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.sound_btn:
            SOUNDS.toggle_mute()
            self.rebuild()
        elif event.type == pygame.KEYDOWN:
            if event.key in ADVANCE_KEYS:
                return self.advance()
            if event.key == pygame.K_ESCAPE:
                return self.skip_all()
            if event.key == pygame.K_l:
                self.ctx.toggle_language()
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            return self.advance()
        return None

    def update(self, dt: float) -> Transition | None:
        if self.current is None:
            return Pop()
        if self.sound_btn is not None and self.sound_btn.text != (tr("moment.sound_off") if SOUNDS.muted else tr("moment.sound_on")):
            self.rebuild()  # muted with M elsewhere
        return None

    # -- drawing ---------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        m = self.current
        if m is None:
            return
        if not m.full and self.below is not None:
            self.below.draw(surface)
            veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            veil.fill((20, 20, 30, 170))
            surface.blit(veil, (0, 0))
        box = FULL if m.full else LARGE
        pygame.draw.rect(surface, PANEL, box, border_radius=0 if m.full else 18)
        colour = self._team_colour(m)
        band = pygame.Rect(box.x, box.y, 28 if m.kind != "handover" else 300, box.height)
        pygame.draw.rect(surface, colour, band, border_top_left_radius=0 if m.full else 18,
                         border_bottom_left_radius=0 if m.full else 18)
        if m.kind == "handover" and m.agency is not None:
            a = self.session.scenario.agency(m.agency)
            fg = theme.text_on(colour)
            widgets.draw_icon(surface, a.icon, (band.centerx, band.centery - 60), 160, fg, a.label[:1])
            draw_text(surface, a.label, pygame.Rect(band.x, band.centery + 60, band.width, 80), 64, fg, bold=True,
                      align="center", max_lines=1)
        inner = pygame.Rect(band.right + 56, box.y + 48, box.right - band.right - 112, box.height - 96 - 72)
        self._draw_content(surface, m, inner)
        self._draw_footer(surface, box)

    def _team_colour(self, m: Moment) -> tuple[int, int, int]:
        sc = self.session.scenario
        if m.agency is not None and m.agency in sc.agency_index:
            return theme.hex_colour(sc.agency(m.agency).colour)
        return widgets.stress_colour(m.stress) if m.stress is not None else theme.ACCENT

    def _draw_content(self, surface: pygame.Surface, m: Moment, inner: pygame.Rect) -> None:
        lang = language()
        text_x = inner.x
        if m.stress is not None:
            side = min(400, inner.height // 2 + 80)
            p = self.session.scenario.person
            draw_portrait(surface, pygame.Rect(inner.x, inner.y + 90, side, side + 56), m.stress, lang, p.name,
                          self.session.scenario.scoring.thresholds.crisis)
            text_x = inner.x + side + 48
        col = pygame.Rect(text_x, inner.y, inner.right - text_x, inner.height)
        y = col.y
        if m.tag:
            lines = 1 if theme.fits(m.tag, col.width, 1, 36, bold=True) else 2  # a long team name: on two lines, never cut
            y += draw_text(surface, m.tag, pygame.Rect(col.x, y, col.width, 52 * lines), 36, theme.ACCENT, bold=True,
                           max_lines=lines) + 8
        if m.kind == "handover":  # large and low enough to be seen as the teams change places
            y += 180
            y += draw_text(surface, m.title, pygame.Rect(col.x, y, col.width, 2 * 120), 96, INK, bold=True, max_lines=2) + 40
        else:
            y += draw_text(surface, m.title, pygame.Rect(col.x, y, col.width, 2 * 80), TITLE, INK, bold=True, max_lines=2,
                           min_size=theme.HEADING) + 20  # a long event title steps down rather than being cut off
        quote = ""
        if m.quote:
            quote = tr("moment.says", name=self.session.scenario.person.name.get(language()), text=m.quote)
        quote_lines = min(3, len(theme.wrap(quote, font(QUOTE, True), col.width))) if quote else 0
        room = col.bottom - y - (0 if not quote else quote_lines * (font(QUOTE, True).get_linesize() + 2) + 24)
        body = _body_that_fits(self._body_lines(m), col.width, room)
        size = _fitting_size(body, col.width, room, (BODY, 36))
        y += draw_text(surface, body, pygame.Rect(col.x, y, col.width, max(0, room)), size, INK) + 24
        if quote:
            draw_text(surface, quote, pygame.Rect(col.x, y, col.width, col.bottom - y), QUOTE, theme.GOOD, bold=True, max_lines=3)

    @staticmethod
    def _body_lines(m: Moment) -> list[str]:
        """The moment's lines: its text as it is, the figures and facts after it as bullets."""
        told = 0 if m.kind in ("week", "end") else 1
        return [line if n < told else "• " + line for n, line in enumerate(m.lines)]

    def _draw_footer(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        more = len(self.session.moments) - 1
        parts = [tr("moment.advance")]
        if more > 0:
            parts.append(tr("moment.more", n=more))
            parts.append(tr("moment.skip"))
        left = box.x + (340 if self.current is not None and self.current.kind == "handover" else 84)
        draw_text(surface, "  ·  ".join(parts), pygame.Rect(left, box.bottom - 40 - 56, 1900 - 420 - left, 48), FOOT, INK_SOFT,
                  max_lines=1)
