"""Joining on the teams' own devices: per team a QR code, a short address and its code, who is connected,
and the facilitator's seat controls.

Shown on the shared screen over the board when the consoles are switched on (`sim.ui.consoles.switch_on`),
and again from the board at any time (J, or the board's "Apparaten" button): for a late team or a phone
that lost its tab. The address is written beside each QR code: in a venue a phone's camera is not always
at hand, six letters always are. Per team the facilitator can remove the device, take the seat back for
the table, give it to the computer or back to a device; and lock joining for everyone.

What is projected: this screen is meant for the room (the teams scan their codes from it), so the
facilitator's address is never drawn on it unasked: anyone who has it steers the game. "Op deze laptop"
opens the facilitator's console in this laptop's own browser (on the laptop's screen when the projector
extends the desktop); "QR voor de spelleider" shows its QR code only after a warning, for
`REVEAL_SECONDS`, then hides it by itself.

Every change goes through the consoles' host as a facilitator's message (`ServerThread.command`): the
same path, the same checks and the same words as from the facilitator's console.
"""

from __future__ import annotations

import io
import webbrowser
from typing import Any

import pygame
import pygame_gui
import segno
from pygame_gui.elements import UIButton

from sim.core import engine
from sim.net.seats import team
from sim.ui.i18n import tr
from sim.ui.scene import Context, Pop, Scene, Transition
from sim.ui.session import Session
from sim.ui.theme import (
    ACCENT,
    BG,
    BODY,
    HEADING,
    INK,
    INK_SOFT,
    LINE,
    LOGICAL_SIZE,
    PANEL,
    WARN,
    draw_text,
    hex_colour,
)

QR_SIZE = 200
REVEAL_SECONDS = 30.0
COMPUTER = "grensverlegger"  # the policy that takes a seat given to the computer (as on the facilitator's console)
DEVICE, AT_TABLE = "device", "table"
TOP, CARD_H, BTN_H, GAP, SIDE, PAD = 160, 720, 60, 16, 40, 12
CODE = 60  # the six letters, read from the back of the room


def qr_surface(text: str, size: int = QR_SIZE) -> pygame.Surface:
    """A QR code of `text`, as a square surface of about `size` px (quiet zone included)."""
    buf = io.BytesIO()
    qr = segno.make(text, error="m")
    scale = max(1, size // (qr.symbol_size(border=2)[0]))
    qr.save(buf, kind="png", scale=scale, border=2)
    buf.seek(0)
    return pygame.image.load(buf, "qr.png")


def seat_moves(mode: str) -> list[tuple[str, dict[str, Any]]]:
    """The seat controls for a team played now by `mode`: (catalog key, facilitator's message)."""
    moves: list[tuple[str, dict[str, Any]]] = []
    if mode == DEVICE:
        moves.append(("console.screen.kick", {"type": "kick"}))
    for key, target in (("console.screen.to_device", DEVICE), ("console.screen.to_table", AT_TABLE),
                          ("console.screen.to_computer", COMPUTER)):
        if mode != target and not (target == COMPUTER and mode not in (DEVICE, AT_TABLE)):
            moves.append((key, {"type": "seat", "mode": target}))
    return moves


class JoinScene(Scene):
    """The teams' QR codes and short addresses, who is connected, the seat controls, and the way back."""

    name = "join"

    def __init__(self, ctx: Context, session: Session):
        super().__init__(ctx)
        self.session = session
        self.codes: dict[str, pygame.Surface] = {}
        self.back_btn: UIButton | None = None
        self.lock_btn: UIButton | None = None
        self.open_btn: UIButton | None = None
        self.reveal_btn: UIButton | None = None
        self.hide_btn: UIButton | None = None
        self.seat_btns: dict[UIButton, dict[str, Any]] = {}
        self.asking: pygame_gui.windows.UIConfirmationDialog | None = None
        self.revealed = 0.0  # seconds the facilitator's QR code still shows
        self.fac_qr: pygame.Surface | None = None
        self.problem = ""
        self._shown: object = None
        self._connected: dict[str, int] = {}

    # -- what there is to show ---------------------------------------------------------------
    @property
    def consoles(self) -> Any:
        return self.session.consoles

    def _teams(self) -> list[str]:
        return list(self.session.state.in_play) if self.consoles is not None else []

    def _key(self) -> object:
        """What the widgets depend on: a change rebuilds them."""
        host = self.consoles.host if self.consoles is not None else None
        if host is None:
            return None
        return (tuple(host.modes.get(a) for a in self._teams()), host.locked, self.revealed > 0,
                tuple(host.tokens.code(team(a)) for a in self._teams()))

    def _column(self, i: int) -> pygame.Rect:
        W, _ = LOGICAL_SIZE
        cols = max(1, min(5, len(self._teams())))
        w = (W - 2 * SIDE - GAP * (cols - 1)) // cols
        return pygame.Rect(SIDE + i * (w + GAP), TOP, w, CARD_H)

    # -- widgets ---------------------------------------------------------------------------
    def build(self) -> None:
        m = self.ctx.manager
        W, H = LOGICAL_SIZE
        self._shown = self._key()
        self.seat_btns = {}
        self.back_btn = self.add(UIButton(pygame.Rect(W - SIDE - 300, H - 110, 300, 70), tr("console.screen.back"), m,
                                          object_id="#primary"))
        if self.consoles is None:
            return
        host = self.consoles.host
        if self.revealed > 0:
            self.hide_btn = self.add(UIButton(pygame.Rect(W // 2 - 160, TOP + CARD_H + 20, 320, 70), tr("console.screen.fac_hide"), m))
            return
        self.lock_btn = self.add(UIButton(pygame.Rect(SIDE, H - 110, 400, 70),
                                          tr("console.unlock" if host.locked else "console.lock"), m))
        self.open_btn = self.add(UIButton(pygame.Rect(460, H - 110, 560, 70), tr("console.screen.fac_open"), m))
        self.reveal_btn = self.add(UIButton(pygame.Rect(1040, H - 110, 480, 70), tr("console.screen.fac_show"), m))
        urls = self.consoles.urls()["teams"]
        self.codes = {a: qr_surface(urls[a]["join"]) for a in self._teams() if host.modes.get(a) == DEVICE}
        for i, agency in enumerate(self._teams()):
            col = self._column(i)
            for j, (key, msg) in enumerate(seat_moves(host.modes.get(agency, AT_TABLE))):
                rect = pygame.Rect(col.x + PAD, col.bottom - PAD - (3 - j) * (BTN_H + 8), col.width - 2 * PAD, BTN_H)
                self.seat_btns[self.add(UIButton(rect, tr(key), m))] = {**msg, "agency": agency}

    # -- events ----------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED and event.ui_element is self.asking:
            self.asking = None
            self._reveal()
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._button(event.ui_element)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_j):
            if self.revealed > 0:
                self._hide()
                return None
            return Pop()
        return None

    def _button(self, el: object) -> Transition | None:
        if el is self.back_btn:
            return Pop()
        if el is self.hide_btn:
            self._hide()
        elif el is self.lock_btn:
            self._command({"type": "lock", "on": not self.consoles.host.locked})
        elif el is self.open_btn:
            webbrowser.open(self.consoles.urls()["facilitator"]["page"])
        elif el is self.reveal_btn:
            self._ask_reveal()
        elif el in self.seat_btns:
            self._command(self.seat_btns[el])  # type: ignore[index]
        return None

    def _command(self, message: dict[str, Any]) -> None:
        self.problem = self.consoles.command(message) or ""
        self.ctx.redraw()

    def _ask_reveal(self) -> None:
        rect = pygame.Rect(0, 0, 1000, 440)
        rect.center = (LOGICAL_SIZE[0] // 2, LOGICAL_SIZE[1] // 2)
        self.asking = pygame_gui.windows.UIConfirmationDialog(
            rect, tr("console.screen.fac_warning"), self.ctx.manager, window_title=tr("console.screen.fac_title"),
            action_short_name=tr("console.screen.fac_yes"))
        self.add(self.asking)

    def _reveal(self) -> None:
        self.fac_qr = qr_surface(self.consoles.urls()["facilitator"]["page"], 460)
        self.revealed = REVEAL_SECONDS
        self.rebuild()

    def _hide(self) -> None:
        self.revealed = 0.0
        self.fac_qr = None  # nothing of the secret stays in memory longer than it shows
        self.rebuild()

    # -- the frame ----------------------------------------------------------------------------
    def update(self, dt: float) -> Transition | None:
        s = self.session
        for request in s.take_submitted():  # the board waits below: the devices' moves still count
            try:
                request(s)
            except engine.IllegalActionError:
                continue
        if self.revealed > 0:
            shown = int(self.revealed)
            self.revealed = max(0.0, self.revealed - dt)
            if self.revealed <= 0:
                self._hide()
            elif int(self.revealed) != shown:
                self.ctx.redraw()
        if self._key() != self._shown:  # a seat changed (here or from the facilitator's console)
            self.rebuild()
        connected = dict(self.consoles.host.connected) if self.consoles is not None else {}
        if connected != self._connected:  # a device came or went: the window is not told, it looks
            self._connected = connected
            self.ctx.redraw()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        W, H = LOGICAL_SIZE
        surface.fill(BG)
        draw_text(surface, tr("console.screen.title"), pygame.Rect(60, 24, W - 120, 64), size=HEADING, bold=True, colour=ACCENT)
        draw_text(surface, tr("console.screen.hint"), pygame.Rect(60, 92, W - 120, 64), size=BODY, colour=INK_SOFT, max_lines=1)
        if self.consoles is None:
            draw_text(surface, tr("console.screen.off"), pygame.Rect(60, 200, W - 120, 60))
            return
        if self.revealed > 0 and self.fac_qr is not None:
            self._draw_reveal(surface)
            return
        urls = self.consoles.urls()["teams"]
        for i, agency in enumerate(self._teams()):
            self._draw_team(surface, self._column(i), agency, urls[agency])
        if self.problem:
            draw_text(surface, self.problem, pygame.Rect(SIDE, TOP + CARD_H + 10, W - 2 * SIDE, 50), colour=WARN, max_lines=1)
        elif self.codes and not self.consoles.host.locked:  # one address for all, typed where a camera fails
            draw_text(surface, tr("console.screen.type_code", address=self.consoles.base.split("://", 1)[1]),
                      pygame.Rect(SIDE, TOP + CARD_H + 10, W - 2 * SIDE, 50), bold=True, max_lines=1)

    def _draw_team(self, surface: pygame.Surface, rect: pygame.Rect, agency: str, entry: dict[str, Any]) -> None:
        host = self.consoles.host
        x, y, w = rect.x, rect.y, rect.width
        pygame.draw.rect(surface, PANEL, rect, border_radius=12)
        pygame.draw.rect(surface, LINE, rect, 2, border_radius=12)
        a = self.session.scenario.agency(agency)
        pygame.draw.rect(surface, hex_colour(a.colour), (x, y, w, 14), border_top_left_radius=12, border_top_right_radius=12)
        draw_text(surface, a.label, pygame.Rect(x + PAD, y + 22, w - 2 * PAD, 44), bold=True, max_lines=1)
        draw_text(surface, self.session.team_name(agency), pygame.Rect(x + PAD, y + 66, w - 2 * PAD, 90), max_lines=2)
        mode = host.modes.get(agency, AT_TABLE)
        count = host.connected.get(f"team/{agency}", 0)
        if mode == DEVICE:
            status = tr("console.screen.connected", count=count) if count else tr("console.not_connected")
        else:
            status = tr("console.at_table" if mode == AT_TABLE else "console.computer")
        draw_text(surface, status, pygame.Rect(x + PAD, y + 158, w - 2 * PAD, 46), colour=INK if mode != DEVICE or count else WARN,
                  max_lines=1)
        qr = self.codes.get(agency)
        if mode != DEVICE or qr is None:
            return
        if host.locked:
            draw_text(surface, tr("console.screen.locked"), pygame.Rect(x + PAD, y + 220, w - 2 * PAD, 140), colour=WARN,
                      align="center", max_lines=3)
            return
        surface.blit(qr, (x + (w - qr.get_width()) // 2, y + 206))
        draw_text(surface, entry["code"], pygame.Rect(x + PAD, y + 206 + QR_SIZE + 4, w - 2 * PAD, 76), size=CODE, bold=True,
                  colour=ACCENT, align="center", max_lines=1)

    def _draw_reveal(self, surface: pygame.Surface) -> None:
        W, _ = LOGICAL_SIZE
        assert self.fac_qr is not None
        box = pygame.Rect(W // 2 - 460, TOP, 920, CARD_H)
        pygame.draw.rect(surface, PANEL, box, border_radius=12)
        pygame.draw.rect(surface, WARN, box, 4, border_radius=12)
        draw_text(surface, tr("console.screen.fac_title"), pygame.Rect(box.x + 30, box.y + 16, box.width - 60, 64),
                  size=HEADING, bold=True, colour=WARN, align="center", max_lines=1)
        surface.blit(self.fac_qr, (box.centerx - self.fac_qr.get_width() // 2, box.y + 86))
        draw_text(surface, tr("console.screen.fac_shown", seconds=int(self.revealed) + 1),
                  pygame.Rect(box.x + 30, box.bottom - 120, box.width - 60, 110), colour=INK, align="center", max_lines=2)
