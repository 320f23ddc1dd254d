"""The card sheets: every action, joint and rule card and every event, 63×88 mm, with crop marks and duplex backs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import attrs
import segno
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph

from sim.core.model import Card, CardType, Event, Scenario
from sim.i18n import describe
from sim.printkit import fonts, layout
from sim.printkit.common import codes, colour, ink_on, public_scenario, qr_payload
from sim.printkit.icons import draw_icon
from sim.printkit.texts import tr

BAND_H = 12 * mm
FOOT_H = 6 * mm
PAD = 3 * mm
QR_SIZE = 9 * mm  # with a 1.25 mm white quiet zone: about four modules
EVENT_COLOUR = HexColor("#3b3b3b")


@attrs.frozen
class Face:
    """One printed card: what its front says and what its back shows."""

    ident: str
    code: str
    colour: Color
    icon: str
    label: str
    name: str  # the agency's name, or 'Event'
    builds: tuple[Callable[[float], list[Flowable]], ...]  # the front's body at a font size: lists, then compact
    back_title: str
    back_sub: str


def _p(text: str, size: float, bold: bool = False, **kw: Any) -> Paragraph:
    return Paragraph(escape(text), layout.style(size, bold, **kw))


def _bullets(compact: bool, head: str, items: list[str], size: float) -> list[Flowable]:
    if not items:
        return []
    if compact:
        return [Paragraph(f"<b>{escape(head)}</b> " + escape(" · ".join(items)), layout.style(size, spaceBefore=size * 0.3))]
    out: list[Flowable] = [_p(head, size, True, spaceBefore=size * 0.35)]
    out += [_p("• " + item, size, leftIndent=size * 0.7, firstLineIndent=-size * 0.7) for item in items]
    return out


def card_body(sc: Scenario, card: Card, lang: str) -> tuple[Callable[[float], list[Flowable]], ...]:
    """The front's text of an action, joint or rule card, as flowables at a given size (title 2 pt larger)."""
    typ = (tr(lang, "type.joint", partners=", ".join(sc.agency(a).label for a in card.partners))
           if card.type is CardType.JOINT else tr(lang, f"type.{card.type.value}"))
    cost = [tr(lang, "cost", cost=card.cost)]
    if card.mandate:
        cost.append(tr(lang, "cost.mandate", mandate=card.mandate))
    if card.partners:
        cost.append(tr(lang, "cost.partner", cost=card.partner_cost))
    cost.append(tr(lang, "plays", n=card.max_plays) if card.max_plays else tr(lang, "plays.any"))
    if card.type is CardType.RULE:
        cost.append(tr(lang, "duration", rounds=card.duration) if card.duration else tr(lang, "duration.game"))
    conds = [describe.condition(sc, c, lang, actor=card.agency) for c in card.conditions]
    effects = [describe.effect(sc, e, lang, actor=card.agency) for e in card.effects]
    mods = [describe.modifier(sc, m, lang) for m in card.modifiers]

    def build(size: float, compact: bool) -> list[Flowable]:
        parts: list[Flowable] = [_p(card.title.get(lang), size + 2, True), _p(typ, size, spaceBefore=1)]
        parts.append(_p(" · ".join(cost), size, True))
        parts += _bullets(compact, tr(lang, "only_if"), conds, size)
        parts += _bullets(compact, tr(lang, "effects"), effects or ([] if mods else [tr(lang, "no_effect")]), size)
        parts += _bullets(compact, tr(lang, "rules"), mods, size)
        parts.append(_p(card.text.get(lang), size, spaceBefore=size * 0.5))
        return parts

    return (lambda size: build(size, False), lambda size: build(size, True))


def event_body(sc: Scenario, event: Event, lang: str) -> tuple[Callable[[float], list[Flowable]], ...]:
    """The front's text of an event card, as flowables at a given size."""
    when = []
    if event.deck:
        when.append(tr(lang, "event.deck", n=event.deck))
    if event.rounds:
        when.append(tr(lang, "event.rounds", rounds=", ".join(str(r) for r in event.rounds)))
    trig = [describe.condition(sc, c, lang) for c in event.trigger]
    conds = [describe.condition(sc, c, lang) for c in event.conditions]
    effects = [describe.effect(sc, e, lang, actor=event.responder) for e in event.effects]

    def build(size: float, compact: bool) -> list[Flowable]:
        parts: list[Flowable] = [_p(event.title.get(lang), size + 2, True)]
        if when:
            parts.append(_p(" · ".join(when), size, True, spaceBefore=1))
        if event.responder:
            parts.append(_p(tr(lang, "event.responder", agency=sc.agency(event.responder).name.get(lang)), size))
        parts += _bullets(compact, tr(lang, "event.trigger"), trig, size)
        parts += _bullets(compact, tr(lang, "only_if"), conds, size)
        parts += _bullets(compact, tr(lang, "effects"), effects or [tr(lang, "no_effect")], size)
        parts.append(_p(event.text.get(lang), size, spaceBefore=size * 0.5))
        return parts

    return (lambda size: build(size, False), lambda size: build(size, True))


def faces(sc: Scenario, lang: str) -> list[Face]:
    """Every card to print, agency by agency in hand order, then the events (a deck event once per copy)."""
    public = public_scenario(sc)
    code = codes(sc)
    out = []
    for agency in sc.agencies:
        for card in sc.cards_of(agency.id):
            out.append(Face(card.id, code[card.id], colour(agency.colour), agency.icon, agency.label, agency.name.get(lang),
                            card_body(public, card, lang), agency.name.get(lang), agency.label))
    for event in sc.events:
        sub = tr(lang, "back.deck") if event.deck else tr(lang, "back.scheduled") if event.rounds else tr(lang, "back.trigger")
        copies = event.deck + (1 if event.rounds or event.trigger else 0)
        face = Face(event.id, code[event.id], EVENT_COLOUR, "star", "EV", tr(lang, "event"), event_body(public, event, lang),
                    tr(lang, "back.event"), sub)
        out += [face] * max(copies, 1)
    return out


def fitted(face: Face) -> tuple[list[Flowable], float]:
    """The face's body fitted to the card's text box (raises `layout.TextOverflow` below 8 pt)."""
    w, h = body_box()
    return layout.fit(face.builds, w, h, 9.5, layout.MIN_CARD_PT, f"{face.ident} ({face.code})")


def body_box() -> tuple[float, float]:
    """Width and height of a card's text box."""
    return layout.CARD_W - 2 * PAD, layout.CARD_H - BAND_H - FOOT_H - 2 * mm


@functools.lru_cache(maxsize=512)
def _qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    return tuple(tuple(bool(v) for v in row) for row in segno.make(payload, error="m", micro=False).matrix_iter(border=0))


def _qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of `payload` as one vector path (runs of dark modules joined per row)."""
    matrix = _qr_matrix(payload)
    cell = size / len(matrix)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        col = 0
        while col < len(row):
            if row[col]:
                end = col
                while end < len(row) and row[end]:
                    end += 1
                path.rect(x + col * cell, y + size - (r + 1) * cell, (end - col) * cell, cell)
                col = end
            else:
                col += 1
    c.setFillColor(black)
    c.drawPath(path, stroke=0, fill=1)


def _band(c: Canvas, face: Face, r: layout.Rect, bleed: float) -> None:
    ink = ink_on(face.colour)
    c.setFillColor(face.colour)
    c.rect(r.x - bleed, r.y + r.h - BAND_H, r.w + 2 * bleed, BAND_H + bleed, stroke=0, fill=1)
    c.rect(r.x - bleed, r.y - bleed, 2 * mm + bleed, r.h + 2 * bleed, stroke=0, fill=1)  # a colour edge down the side
    cy = r.y + r.h - BAND_H / 2
    c.setFillColor(white)
    c.circle(r.x + PAD + 4 * mm, cy, 4.6 * mm, stroke=0, fill=1)
    draw_icon(c, face.icon, r.x + PAD + 4 * mm, cy, 6 * mm, face.colour if ink is white else black)
    c.setFillColor(ink)
    c.setFont(fonts.BOLD, 12)
    c.drawString(r.x + PAD + 10 * mm, cy + 0.5 * mm, face.label)
    c.setFont(fonts.REGULAR, 8)
    name = face.name
    while c.stringWidth(name, fonts.REGULAR, 8) > r.w - PAD - 10 * mm - QR_SIZE - 3 * mm and len(name) > 4:
        name = name[:-2] + "…"
    c.drawString(r.x + PAD + 10 * mm, cy - 3.6 * mm, name)


def draw_front(c: Canvas, sc: Scenario, face: Face, r: layout.Rect, bleed: float) -> None:
    """Draw one card's front inside trim box `r` (colour running into the bleed)."""
    c.setFillColor(white)
    c.rect(r.x - bleed, r.y - bleed, r.w + 2 * bleed, r.h + 2 * bleed, stroke=0, fill=1)
    _band(c, face, r, bleed)
    parts, _ = fitted(face)
    w, h = body_box()
    frame = Frame(r.x + PAD, r.y + FOOT_H, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
    frame.addFromList(list(parts), c)
    c.setFillColor(white)
    qx, qy = r.x + r.w - QR_SIZE - 2.5 * mm, r.y + r.h - BAND_H + 0.25 * mm
    c.rect(qx, qy, QR_SIZE + 2.5 * mm, QR_SIZE + 2.5 * mm, stroke=0, fill=1)
    _qr(c, qr_payload(sc, face.ident, face.code), qx + 1.25 * mm, qy + 1.25 * mm, QR_SIZE)
    c.setFillColor(black)
    c.setFont(fonts.BOLD, 9)
    c.drawString(r.x + PAD, r.y + 2.2 * mm, face.code)
    c.setFont(fonts.REGULAR, 8)
    c.drawRightString(r.x + r.w - PAD, r.y + 2.2 * mm, "Stabiel")


def draw_back(c: Canvas, face: Face, r: layout.Rect, bleed: float) -> None:
    """Draw one card's back: the agency's colour, icon and label (or the event deck's), into the bleed."""
    c.setFillColor(face.colour)
    c.rect(r.x - bleed, r.y - bleed, r.w + 2 * bleed, r.h + 2 * bleed, stroke=0, fill=1)
    ink = ink_on(face.colour)
    cx, cy = r.x + r.w / 2, r.y + r.h / 2 + 8 * mm
    c.setFillColor(white)
    c.circle(cx, cy, 15 * mm, stroke=0, fill=1)
    draw_icon(c, face.icon, cx, cy, 20 * mm, face.colour if ink is white else black)
    c.setFillColor(ink)
    c.setFont(fonts.BOLD, 22)
    c.drawCentredString(cx, r.y + 22 * mm, face.back_sub)
    size = 11.0
    while c.stringWidth(face.back_title, fonts.BOLD, size) > r.w - 2 * PAD and size > 8:
        size -= 0.5
    c.setFont(fonts.BOLD, size)
    c.drawCentredString(cx, r.y + 13 * mm, face.back_title)


def _marks(c: Canvas, grid: layout.Grid) -> None:
    c.setStrokeColor(black)
    c.setLineWidth(0.3)
    for x0, y0, x1, y1 in grid.crop_marks():
        c.line(x0, y0, x1, y1)


def write_cards(sc: Scenario, path: Path, lang: str, paper: str, bleed: bool) -> int:
    """Write the card sheets to `path`: each front sheet followed by its mirrored back sheet; returns the page count."""
    fonts.register()
    grid = layout.grid(paper, bleed)
    all_faces = faces(sc, lang)
    c = Canvas(str(path), pagesize=grid.page, pageCompression=1, initialFontName=fonts.REGULAR)  # type: ignore[arg-type]  # the stub says float
    c.setTitle(sc.title.get(lang))
    pages = 0
    for start in range(0, len(all_faces), grid.per_sheet):
        sheet = all_faces[start:start + grid.per_sheet]
        for slot, face in enumerate(sheet):
            draw_front(c, sc, face, grid.trim(slot), grid.bleed)
        _marks(c, grid)
        c.showPage()
        for slot, face in enumerate(sheet):
            draw_back(c, face, grid.trim(slot, mirrored=True), grid.bleed)
        _marks(c, grid)
        c.showPage()
        pages += 2
    c.save()
    return pages
