"""Joining on the teams' own devices: per team a QR code and a short address with its code.

Shown on the shared screen over the board when the consoles are on
(`sim.ui.consoles.switch_on`). The address is written beside each QR code:
in a venue a phone's camera is not always at hand, six letters always are.
The facilitator's own code is shown too, small, for a second device.
"""

from __future__ import annotations

import io

import pygame
import pygame_gui
import segno
from pygame_gui.elements import UIButton

from sim.ui.i18n import tr
from sim.ui.scene import Context, Pop, Scene, Transition
from sim.ui.session import Session
from sim.ui.theme import ACCENT, BG, INK, INK_SOFT, LINE, LOGICAL_SIZE, PANEL, draw_text, hex_colour

QR_SIZE = 260


def qr_surface(text: str, size: int = QR_SIZE) -> pygame.Surface:
    """A QR code of `text`, as a square surface of about `size` px (quiet zone included)."""
    buf = io.BytesIO()
    qr = segno.make(text, error="m")
    scale = max(1, size // (qr.symbol_size(border=2)[0]))
    qr.save(buf, kind="png", scale=scale, border=2)
    buf.seek(0)
    return pygame.image.load(buf, "qr.png")


class JoinScene(Scene):
    """The teams' QR codes and short addresses, and the way back to the board."""

    name = "join"

    def __init__(self, ctx: Context, session: Session):
        super().__init__(ctx)
        self.session = session
        self.codes: dict[str, pygame.Surface] = {}
        self.back_btn: UIButton | None = None

    def add(self, el):
        self.elements.append(el)
        return el

    def _teams(self) -> list[tuple[str, dict]]:
        consoles = self.session.consoles
        if consoles is None:
            return []
        teams = consoles.urls()["teams"]
        return [(a, teams[a]) for a in self.session.state.in_play if a in teams and consoles.host.modes.get(a) == "device"]

    def build(self) -> None:
        m = self.ctx.manager
        W, H = LOGICAL_SIZE
        self.back_btn = self.add(UIButton(pygame.Rect(W - 360, H - 110, 300, 70), tr("console.screen.back"), m,
                                          object_id="#primary"))
        self.codes = {a: qr_surface(entry["join"]) for a, entry in self._teams()}

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.back_btn:
            return Pop()
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_RETURN):
            return Pop()
        return None

    def update(self, dt: float) -> Transition | None:
        return None

    def draw(self, surface: pygame.Surface) -> None:
        W, H = LOGICAL_SIZE
        surface.fill(BG)
        draw_text(surface, tr("console.screen.title"), pygame.Rect(60, 40, W - 120, 70), size=48, bold=True, colour=ACCENT)
        draw_text(surface, tr("console.screen.hint"), pygame.Rect(60, 110, W - 120, 40), size=26, colour=INK_SOFT)
        teams = self._teams()
        if not teams:
            draw_text(surface, tr("console.screen.off"), pygame.Rect(60, 200, W - 120, 60), size=32)
            return
        sc = self.session.scenario
        cols = min(5, len(teams))
        gap = 24
        w = (W - 120 - gap * (cols - 1)) // cols
        for i, (agency, entry) in enumerate(teams):
            x = 60 + (i % cols) * (w + gap)
            y = 180 + (i // cols) * 560
            rect = pygame.Rect(x, y, w, 540)
            pygame.draw.rect(surface, PANEL, rect, border_radius=12)
            pygame.draw.rect(surface, LINE, rect, 2, border_radius=12)
            a = sc.agency(agency)
            pygame.draw.rect(surface, hex_colour(a.colour), (x, y, w, 14), border_top_left_radius=12, border_top_right_radius=12)
            draw_text(surface, f"{a.label} · {self.session.team_name(agency)}", pygame.Rect(x + 16, y + 26, w - 32, 70),
                      size=30, bold=True, max_lines=2)
            qr = self.codes.get(agency)
            if qr is not None:
                surface.blit(qr, (x + (w - qr.get_width()) // 2, y + 100))
            draw_text(surface, tr("console.screen.address", address=entry["join"].split("://", 1)[1]),
                      pygame.Rect(x + 16, y + 380, w - 32, 70), size=24, colour=INK, max_lines=2)
            draw_text(surface, entry["code"], pygame.Rect(x + 16, y + 450, w - 32, 70), size=52, bold=True,
                      colour=ACCENT, align="center")
