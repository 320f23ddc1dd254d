"""Shared pieces of the kit's text pages (team sheets, script): styles, paragraphs, page templates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from sim.printkit import fonts, layout
from sim.printkit.common import ink_on
from sim.printkit.icons import draw_icon

BODY_PT = 10.5
MARGIN = 16 * mm
HEADER_H = 16 * mm

OnPage = Callable[[Canvas, BaseDocTemplate], None]


def para(text: str, size: float = BODY_PT, bold: bool = False, **kw: Any) -> Paragraph:
    """A paragraph of plain text (escaped), at least 10 pt."""
    return Paragraph(escape(text), layout.style(max(size, layout.MIN_SHEET_PT), bold, **kw))


def heading(text: str, level: int = 1) -> Paragraph:
    """A heading: 18 pt for a page title, 13 pt for a section."""
    return para(text, 18 if level == 1 else 13, True, spaceBefore=10 if level > 1 else 0, spaceAfter=4)


def bullets(items: Sequence[str], size: float = BODY_PT) -> list[Flowable]:
    """A bulleted list."""
    return [para("• " + item, size, leftIndent=10, firstLineIndent=-8, spaceAfter=1) for item in items]


def band(c: Canvas, page: tuple[float, float], text: str, fill: Color, icon: str | None = None, label: str = "",
         top: bool = True) -> None:
    """A full-width coloured band at the top (or bottom) of the page, with an icon and label when given."""
    w, h = page
    y = h - HEADER_H if top else 0
    ink = ink_on(fill)
    c.saveState()
    c.setFillColor(fill)
    c.rect(0, y, w, HEADER_H, stroke=0, fill=1)
    x = MARGIN
    if icon:
        c.setFillColor(white)
        c.circle(x + 5 * mm, y + HEADER_H / 2, 5.5 * mm, stroke=0, fill=1)
        draw_icon(c, icon, x + 5 * mm, y + HEADER_H / 2, 7 * mm, fill if ink is white else black)
        x += 13 * mm
    c.setFillColor(ink)
    c.setFont(fonts.BOLD, 12)
    c.drawString(x, y + HEADER_H / 2 - 4, f"{label}  {text}" if label else text)
    c.restoreState()


def document(path: Path, page: tuple[float, float], title: str, templates: dict[str, OnPage]) -> BaseDocTemplate:
    """A document with one frame per page below the header band and one page template per entry of `templates`."""
    fonts.register()
    doc = BaseDocTemplate(str(path), pagesize=page, title=title, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN + HEADER_H, bottomMargin=MARGIN + 6 * mm,
                          initialFontName=fonts.REGULAR)
    frame = Frame(MARGIN, MARGIN + 6 * mm, page[0] - 2 * MARGIN, page[1] - 2 * MARGIN - HEADER_H - 6 * mm, id="body")
    doc.addPageTemplates([PageTemplate(id=name, frames=[frame], onPage=on_page, pagesize=page)
                          for name, on_page in templates.items()])
    return doc
