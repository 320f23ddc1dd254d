"""The agency icons drawn as vector paths, like the game's own (`sim.ui.widgets.draw_icon`).

Never colour alone: every printed agency mark is colour + icon + label.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from sim.printkit import fonts


def _poly(c: Canvas, s: float, points: list[tuple[float, float]]) -> None:
    p = c.beginPath()
    p.moveTo(points[0][0] * s, points[0][1] * s)
    for x, y in points[1:]:
        p.lineTo(x * s, y * s)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


def _house(c: Canvas, s: float) -> None:
    _poly(c, s, [(-0.8, 0.05), (0, 0.8), (0.8, 0.05), (0.55, 0.05), (0.55, -0.75), (-0.55, -0.75), (-0.55, 0.05)])


def _shield(c: Canvas, s: float) -> None:
    p = c.beginPath()
    p.moveTo(0, 0.85 * s)
    p.lineTo(0.7 * s, 0.55 * s)
    p.lineTo(0.6 * s, -0.2 * s)
    p.curveTo(0.45 * s, -0.55 * s, 0.2 * s, -0.75 * s, 0, -0.85 * s)
    p.curveTo(-0.2 * s, -0.75 * s, -0.45 * s, -0.55 * s, -0.6 * s, -0.2 * s)
    p.lineTo(-0.7 * s, 0.55 * s)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


def _heart(c: Canvas, s: float) -> None:
    p = c.beginPath()
    p.moveTo(0, -0.8 * s)
    p.curveTo(-0.9 * s, -0.1 * s, -0.9 * s, 0.8 * s, 0, 0.45 * s)
    p.curveTo(0.9 * s, 0.8 * s, 0.9 * s, -0.1 * s, 0, -0.8 * s)
    c.drawPath(p, stroke=0, fill=1)


def _glyph(text: str) -> Callable[[Canvas, float], None]:
    def draw(c: Canvas, s: float) -> None:
        c.setFont(fonts.BOLD, 1.5 * s)
        c.drawCentredString(0, -0.52 * s, text)
    return draw


def _people(c: Canvas, s: float) -> None:
    for dx, r in ((-0.42, 0.85), (0.42, 0.85), (0, 1.0)):
        c.circle(dx * s, 0.35 * s * r, 0.22 * s * r, stroke=0, fill=1)
        c.wedge(dx * s - 0.38 * s * r, -0.75 * s, dx * s + 0.38 * s * r, 0.05 * s, 0, 180, stroke=0, fill=1)


def _book(c: Canvas, s: float) -> None:
    c.rect(-0.8 * s, -0.6 * s, 0.74 * s, 1.2 * s, stroke=0, fill=1)
    c.rect(0.06 * s, -0.6 * s, 0.74 * s, 1.2 * s, stroke=0, fill=1)


def _cross(c: Canvas, s: float) -> None:
    c.rect(-0.22 * s, -0.75 * s, 0.44 * s, 1.5 * s, stroke=0, fill=1)
    c.rect(-0.75 * s, -0.22 * s, 1.5 * s, 0.44 * s, stroke=0, fill=1)


def _child(c: Canvas, s: float) -> None:
    c.circle(-0.35 * s, 0.45 * s, 0.25 * s, stroke=0, fill=1)
    c.rect(-0.6 * s, -0.8 * s, 0.5 * s, 0.95 * s, stroke=0, fill=1)
    c.circle(0.4 * s, 0.15 * s, 0.18 * s, stroke=0, fill=1)
    c.rect(0.22 * s, -0.8 * s, 0.36 * s, 0.7 * s, stroke=0, fill=1)


def _star(c: Canvas, s: float) -> None:
    radii = [0.85 if i % 2 == 0 else 0.36 for i in range(10)]
    angles = [math.pi / 2 + i * math.pi / 5 for i in range(10)]
    _poly(c, s, [(r * math.cos(a), r * math.sin(a) - 0.05) for r, a in zip(radii, angles)])


def _network(c: Canvas, s: float) -> None:
    pts = [(0, 0.6), (-0.6, -0.45), (0.6, -0.45)]
    c.setLineWidth(0.14 * s)
    for i, (x0, y0) in enumerate(pts):
        x1, y1 = pts[(i + 1) % 3]
        c.line(x0 * s, y0 * s, x1 * s, y1 * s)
    for x, y in pts:
        c.circle(x * s, y * s, 0.24 * s, stroke=0, fill=1)


def _hand(c: Canvas, s: float) -> None:
    c.roundRect(-0.55 * s, -0.8 * s, 1.0 * s, 0.9 * s, 0.2 * s, stroke=0, fill=1)
    for i in range(4):
        c.roundRect((-0.55 + i * 0.26) * s, 0.0, 0.2 * s, (0.55 + 0.1 * (i in (1, 2))) * s, 0.1 * s, stroke=0, fill=1)
    c.roundRect(0.3 * s, -0.5 * s, 0.45 * s, 0.2 * s, 0.1 * s, stroke=0, fill=1)


def _bolt(c: Canvas, s: float) -> None:
    _poly(c, s, [(0.15, 0.85), (-0.5, -0.05), (-0.05, -0.05), (-0.2, -0.85), (0.5, 0.1), (0.05, 0.1)])


ICON_DRAWERS: dict[str, Callable[[Canvas, float], None]] = {
    "house": _house, "shield": _shield, "heart": _heart, "euro": _glyph("€"), "people": _people,
    "school": _book, "book": _book, "cross": _cross, "medical": _cross, "doctor": _cross,
    "child": _child, "family": _child, "hand": _hand, "network": _network, "star": _star, "bolt": _bolt,
}


def draw_icon(c: Canvas, name: str, cx: float, cy: float, size: float, colour: Color) -> None:
    """Draw icon `name` centred on (cx, cy), `size` points across; an unknown name draws '?'."""
    c.saveState()
    c.translate(cx, cy)
    c.setFillColor(colour)
    c.setStrokeColor(colour)
    ICON_DRAWERS.get(name, _glyph("?"))(c, size / 2)
    c.restoreState()
