"""Sheet geometry: paper sizes, the card grid, crop marks, and text that must fit its box."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from sim.printkit import fonts

PAPERS: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
CARD_W = 63 * mm  # poker size
CARD_H = 88 * mm
BLEED = 3 * mm
MARGIN = 7 * mm  # page edge to the outermost bleed: room for crop marks inside the printable area
MARK_GAP = 1.5 * mm  # crop marks start this far outside the bleed
MARK_LEN = 4 * mm
MIN_CARD_PT = 8.0
MIN_SHEET_PT = 10.0


class TextOverflow(ValueError):
    """A text does not fit its box even at the smallest allowed size."""


@attrs.frozen
class Rect:
    """A rectangle in points, from its lower-left corner."""

    x: float
    y: float
    w: float
    h: float

    def grow(self, d: float) -> Rect:
        """The rectangle grown by `d` on every side."""
        return Rect(self.x - d, self.y - d, self.w + 2 * d, self.h + 2 * d)

    def meets(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the segment's bounding box overlaps this rectangle's inside."""
        return min(x0, x1) < self.x + self.w and max(x0, x1) > self.x and min(y0, y1) < self.y + self.h and max(y0, y1) > self.y


@attrs.frozen
class Grid:
    """Where the cards sit on one sheet: columns, rows and the trim box of each slot."""

    page: tuple[float, float]
    cols: int
    rows: int
    bleed: float

    @property
    def per_sheet(self) -> int:
        """How many cards one sheet holds."""
        return self.cols * self.rows

    def _origin(self) -> tuple[float, float]:
        pw, ph = self.page
        cell_w, cell_h = CARD_W + 2 * self.bleed, CARD_H + 2 * self.bleed
        return (pw - self.cols * cell_w) / 2, (ph - self.rows * cell_h) / 2

    def trim(self, slot: int, mirrored: bool = False) -> Rect:
        """The trim box of slot `slot` (row by row from the top left); mirrored for the back of a duplex sheet."""
        row, col = divmod(slot, self.cols)
        if mirrored:
            col = self.cols - 1 - col
        x0, y0 = self._origin()
        cell_w, cell_h = CARD_W + 2 * self.bleed, CARD_H + 2 * self.bleed
        x = x0 + col * cell_w + self.bleed
        y = y0 + (self.rows - 1 - row) * cell_h + self.bleed
        return Rect(x, y, CARD_W, CARD_H)

    def crop_marks(self) -> list[tuple[float, float, float, float]]:
        """Short cut lines in the margin, in line with every trim edge, outside every card and bleed."""
        pw, ph = self.page
        x0, y0 = self._origin()
        x1, y1 = pw - x0, ph - y0
        xs = sorted({round(v, 3) for s in range(self.cols) for v in (self.trim(s).x, self.trim(s).x + CARD_W)})
        ys = sorted({round(v, 3) for s in range(0, self.per_sheet, self.cols) for v in (self.trim(s).y, self.trim(s).y + CARD_H)})
        marks = []
        for x in xs:
            marks += [(x, y0 - MARK_GAP, x, y0 - MARK_GAP - MARK_LEN), (x, y1 + MARK_GAP, x, y1 + MARK_GAP + MARK_LEN)]
        for y in ys:
            marks += [(x0 - MARK_GAP, y, x0 - MARK_GAP - MARK_LEN, y), (x1 + MARK_GAP, y, x1 + MARK_GAP + MARK_LEN, y)]
        return marks


def grid(paper: str, bleed: bool) -> Grid:
    """The densest card grid, upright or landscape, that leaves `MARGIN` for the crop marks.

    A4 and Letter take nine cards (3×3, upright) without bleed; with bleed A4
    takes eight and Letter six, on a landscape sheet.
    """
    b = BLEED if bleed else 0.0
    best: Grid | None = None
    w, h = PAPERS[paper]
    for page in ((w, h), (h, w)):
        cols = int((page[0] - 2 * MARGIN) // (CARD_W + 2 * b))
        rows = int((page[1] - 2 * MARGIN) // (CARD_H + 2 * b))
        if best is None or cols * rows > best.per_sheet:
            best = Grid(page, cols, rows, b)
    assert best is not None
    return best


def style(size: float, bold: bool = False, leading: float = 1.15, **kw: Any) -> ParagraphStyle:
    """A paragraph style in the kit's embedded font."""
    fonts.register()
    return ParagraphStyle("kit", fontName=fonts.BOLD if bold else fonts.REGULAR, fontSize=size, leading=size * leading, **kw)


def fit(builds: Sequence[Callable[[float], list[Flowable]]], width: float, height: float, start: float, minimum: float,
        what: str) -> tuple[list[Flowable], float]:
    """Flowables that fit `width`×`height`: each builder in turn, its size stepped down by 0.5 pt from `start` to `minimum`.

    Raises `TextOverflow` rather than let text run out of its box.
    """
    for build in builds:
        size = start
        while size >= minimum - 1e-9:
            parts = build(size)
            used = sum(p.wrap(width, height)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in parts)
            if used <= height and all(_fits_width(p, width) for p in parts):
                return parts, size
            size -= 0.5
    raise TextOverflow(what)


def _fits_width(p: Flowable, width: float) -> bool:
    """Whether no word is wider than the box (reportlab wraps everything else)."""
    if isinstance(p, Paragraph):
        indent = max(p.style.leftIndent, p.style.leftIndent + p.style.firstLineIndent) + p.style.rightIndent
        return p.minWidth() + indent <= width + 0.01
    return p.wrap(width, 10_000)[0] <= width + 0.01
