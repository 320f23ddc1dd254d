"""A sheet per team: its mandate, KPI, capacity, mandate tokens and hand; its dossier on a private page of its own."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, NextPageTemplate, PageBreak

from sim.core.model import Agency, Scenario
from sim.printkit import doc, fonts, layout
from sim.printkit.common import codes, colour, ink_on
from sim.printkit.icons import draw_icon
from sim.printkit.texts import num, tr

PRIVATE_RED = Color(0.62, 0.05, 0.05)


class Tokens(Flowable):
    """A row of round tokens to cut out, each with the agency's colour, icon and label."""

    def __init__(self, n: int, fill: Color, icon: str, label: str, size: float = 16 * mm) -> None:
        super().__init__()
        self.n, self.fill, self.icon, self.label, self.size = n, fill, icon, label, size

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        per_row = max(1, int(avail_w // (self.size + 3 * mm)))
        self.per_row = per_row
        self.width = avail_w
        self.height = ((self.n + per_row - 1) // per_row) * (self.size + 3 * mm) if self.n else 0
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        ink = ink_on(self.fill)
        r = self.size / 2
        for i in range(self.n):
            row, col = divmod(i, self.per_row)
            cx = col * (self.size + 3 * mm) + r
            cy = self.height - row * (self.size + 3 * mm) - r
            c.setFillColor(self.fill)
            c.setStrokeColor(black)
            c.setLineWidth(0.5)
            c.circle(cx, cy, r, stroke=1, fill=1)
            draw_icon(c, self.icon, cx, cy + 2 * mm, 7 * mm, ink)
            c.setFillColor(ink)
            c.setFont(fonts.BOLD, 10)
            c.drawCentredString(cx, cy - 5.5 * mm, self.label)


def public_page(sc: Scenario, agency: Agency, lang: str) -> list[Flowable]:
    """What every team may see of this team: mandate, KPI, capacity, tokens and hand (no hidden stressors)."""
    code = codes(sc)
    name = agency.name.get(lang)
    out: list[Flowable] = [doc.heading(tr(lang, "sheet.title", team=name)), doc.heading(tr(lang, "sheet.mandate"), 2),
                           doc.para(agency.mandate_text.get(lang)),
                           doc.para(tr(lang, "sheet.kpi", kpi=agency.kpi.name.get(lang), start=num(lang, agency.kpi.start)), spaceBefore=6),
                           doc.para(tr(lang, "sheet.capacity", n=agency.capacity)),
                           doc.heading(tr(lang, "sheet.tokens", n=agency.mandate), 2),
                           Tokens(agency.mandate, colour(agency.colour), agency.icon, agency.label),
                           doc.heading(tr(lang, "sheet.hand"), 2)]
    out += doc.bullets([tr(lang, "sheet.hand_row", code=code[c.id], title=c.title.get(lang), cost=c.cost)
                        for c in sc.cards_of(agency.id)])
    return out


def dossier_page(sc: Scenario, agency: Agency, lang: str) -> list[Flowable]:
    """The team's dossier: the hidden stressors only it knows at the start."""
    known = [s for s in sc.stressors if s.hidden and agency.id in s.known_by]
    out: list[Flowable] = [doc.heading(tr(lang, "dossier.title")), doc.para(tr(lang, "dossier.intro"), spaceAfter=6)]
    if not known:
        out.append(doc.para(tr(lang, "dossier.empty")))
    for s in known:
        out.append(doc.para(tr(lang, "dossier.item", name=s.name.get(lang), severity=s.severity, leg=tr(lang, f"leg.{s.leg.value}")),
                            bold=True, spaceBefore=6))
        if s.description is not None:
            out.append(doc.para(s.description.get(lang)))
    return out


def write_sheet(sc: Scenario, agency: Agency, path: Path, lang: str, paper: str) -> None:
    """Write one team's sheet: its public page(s), then its dossier on private page(s) marked as such."""
    page = layout.PAPERS[paper]
    fill = colour(agency.colour)
    private = tr(lang, "private", team=agency.name.get(lang))

    def on_public(c: Canvas, d: BaseDocTemplate) -> None:
        doc.band(c, page, agency.name.get(lang), fill, agency.icon, agency.label)

    def on_private(c: Canvas, d: BaseDocTemplate) -> None:
        doc.band(c, page, private, PRIVATE_RED, agency.icon, agency.label)
        doc.band(c, page, private, PRIVATE_RED, top=False)

    d = doc.document(path, page, tr(lang, "sheet.title", team=agency.name.get(lang)), {"public": on_public, "private": on_private})
    story = public_page(sc, agency, lang) + [NextPageTemplate("private"), PageBreak()] + dossier_page(sc, agency, lang)
    d.build(story)


def write_sheets(sc: Scenario, out: Path, lang: str, paper: str) -> list[Path]:
    """Write one sheet per team as `team-<id>.pdf` (so each team's dossier can be handed to it alone)."""
    paths = []
    for agency in sc.agencies:
        path = out / f"team-{agency.id}.pdf"
        write_sheet(sc, agency, path, lang, paper)
        paths.append(path)
    return paths
