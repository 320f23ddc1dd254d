"""The person's board: story, stress track with thresholds, the three legs, stressor tracks, weeks, tokens to cut out."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from sim.core.model import LEGS, Scenario
from sim.printkit import doc, fonts, layout
from sim.printkit.common import public_scenario
from sim.printkit.texts import num, tr

STABLE = HexColor("#cfe8cf")
CRISIS = HexColor("#f3c1c1")
INK = HexColor("#222222")
START = HexColor("#ffe9a8")


def _track(c: Canvas, x: float, y: float, width: float, labels: list[str], fills: dict[int, Color], start: int | None) -> None:
    """A row of numbered boxes; `fills` colours some, the start box is marked."""
    w = width / len(labels)
    c.setLineWidth(0.6)
    for i, text in enumerate(labels):
        c.setFillColor(fills.get(i, white))
        c.setStrokeColor(INK)
        c.rect(x + i * w, y, w, 9 * mm, stroke=1, fill=1)
        if i == start:
            c.setFillColor(START)
            c.rect(x + i * w + 1, y + 1, w - 2, 9 * mm - 2, stroke=0, fill=1)
        c.setFillColor(INK)
        c.setFont(fonts.REGULAR, 10)
        c.drawCentredString(x + i * w + w / 2, y + 3.2 * mm, text)


def _label(c: Canvas, x: float, y: float, text: str, size: float = 11, bold: bool = True) -> None:
    c.setFillColor(INK)
    c.setFont(fonts.BOLD if bold else fonts.REGULAR, size)
    c.drawString(x, y, text)


def _story(c: Canvas, sc: Scenario, lang: str, x: float, top: float, width: float, height: float) -> None:
    def build(size: float) -> list:
        return [Paragraph(escape(sc.person.story.get(lang)), layout.style(size))]

    parts, _ = layout.fit([build], width, height, 11, layout.MIN_SHEET_PT, "person.story")
    Frame(x, top - height, width, height, 0, 0, 0, 0).addFromList(parts, c)


def _tracks(c: Canvas, sc: Scenario, lang: str, x: float, y: float, width: float) -> float:
    th = sc.scoring.thresholds
    _label(c, x, y, tr(lang, "board.stress") + "   " + tr(lang, "board.stable", n=num(lang, th.stable_stress))
           + " · " + tr(lang, "board.crisis", n=num(lang, th.crisis)))
    values = list(range(0, 101, 5))
    fills = {i: STABLE for i, v in enumerate(values) if v <= th.stable_stress}
    fills.update({i: CRISIS for i, v in enumerate(values) if v >= th.crisis})
    y -= 11 * mm
    _track(c, x, y, width, [str(v) for v in values], fills, min(range(len(values)), key=lambda i: abs(values[i] - sc.person.stress)))
    y -= 10 * mm
    _label(c, x, y, tr(lang, "board.legs", n=num(lang, th.stable_leg)))
    for leg, start in zip(LEGS, sc.person.legs.as_tuple()):
        y -= 5.5 * mm
        _label(c, x, y, f"{tr(lang, f'leg.{leg.value}')} ({tr(lang, 'board.start', n=num(lang, start))})", 10, False)
        y -= 10.5 * mm
        _track(c, x, y, width, [str(v) for v in range(11)], {v: STABLE for v in range(11) if v >= th.stable_leg}, round(start))
    return y - 10 * mm


def _stressors(c: Canvas, sc: Scenario, lang: str, x: float, y: float, width: float) -> float:
    _label(c, x, y, tr(lang, "board.stressors"))
    public = public_scenario(sc)
    step = min(11 * mm, (y - doc.MARGIN - 30 * mm) / max(1, len(public.stressors)))
    if step < 9.5 * mm:
        raise layout.TextOverflow("board: too many stressors for one page")
    for s in public.stressors:
        y -= step
        name = tr(lang, "board.hidden") if s.hidden else f"{s.name.get(lang)} ({tr(lang, f'leg.{s.leg.value}')})"
        c.setFillColor(INK)
        c.setFont(fonts.REGULAR, 10)
        c.drawString(x, y + 3.2 * mm, name)
        if s.hidden:
            c.line(x, y + 1.5 * mm, x + width * 0.55, y + 1.5 * mm)
        _track(c, x + width * 0.6, y, width * 0.4, ["0", "1", "2", "3"], {}, None if s.hidden else s.severity)
    return y - 10 * mm


def _weeks(c: Canvas, sc: Scenario, lang: str, x: float, y: float, width: float) -> None:
    _label(c, x, y, tr(lang, "board.weeks"))
    _track(c, x, y - 11 * mm, width, [str(r) for r in range(1, sc.rounds + 1)], {}, None)


def _tokens(c: Canvas, sc: Scenario, lang: str, page: tuple[float, float]) -> None:
    x, y = doc.MARGIN, page[1] - doc.MARGIN - 10 * mm
    _label(c, x, y, tr(lang, "board.tokens"), 14)
    names = [tr(lang, "board.token.stress")] + [tr(lang, f"leg.{leg.value}") for leg in LEGS]
    names += [s.name.get(lang) if not s.hidden else "?" for s in public_scenario(sc).stressors]
    names += [tr(lang, "board.weeks")]
    size, gap = 26 * mm, 5 * mm
    per_row = int((page[0] - 2 * doc.MARGIN + gap) // (size + gap))
    for i, name in enumerate(names):
        row, col = divmod(i, per_row)
        cx = x + col * (size + gap) + size / 2
        cy = y - 10 * mm - row * (size + gap) - size / 2
        c.setStrokeColor(black)
        c.setFillColor(START)
        c.circle(cx, cy, size / 2, stroke=1, fill=1)
        c.setFillColor(INK)
        c.setFont(fonts.BOLD, 10)
        lines = _two_lines(c, name, size - 4 * mm)
        for j, line in enumerate(lines):
            c.drawCentredString(cx, cy - 3.5 + (len(lines) - 1) * 6 - j * 12, line)


def _two_lines(c: Canvas, text: str, width: float) -> list[str]:
    """`text` on at most two lines of 10 pt bold within `width`, the second shortened with '…' if need be."""
    words, lines = text.split(), [""]
    for word in words:
        trial = f"{lines[-1]} {word}".strip()
        if c.stringWidth(trial, fonts.BOLD, 10) <= width or not lines[-1]:
            lines[-1] = trial
        elif len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] += " " + word
    out = []
    for line in lines:
        while c.stringWidth(line, fonts.BOLD, 10) > width and len(line) > 2:
            line = line[:-2] + "…"
        out.append(line)
    return out


def write_board(sc: Scenario, path: Path, lang: str, paper: str) -> None:
    """Write the person's board (one page) and a page of tokens to cut out."""
    fonts.register()
    page = layout.PAPERS[paper]
    c = Canvas(str(path), pagesize=page, pageCompression=1, initialFontName=fonts.REGULAR)  # type: ignore[arg-type]  # the stub says float
    c.setTitle(tr(lang, "board.title", name=sc.person.name.get(lang), age=sc.person.age))
    doc.band(c, page, tr(lang, "board.title", name=sc.person.name.get(lang), age=sc.person.age), INK)
    x, width = doc.MARGIN, page[0] - 2 * doc.MARGIN
    top = page[1] - doc.HEADER_H - 8 * mm
    _story(c, sc, lang, x, top, width, 45 * mm)
    y = _tracks(c, sc, lang, x, top - 52 * mm, width)
    y = _stressors(c, sc, lang, x, y, width)
    _weeks(c, sc, lang, x, y, width)
    c.showPage()
    doc.band(c, page, tr(lang, "board.tokens"), INK)
    _tokens(c, sc, lang, (page[0], page[1] - doc.HEADER_H))
    c.showPage()
    c.save()
