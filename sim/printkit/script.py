"""The facilitator's script: set-up, the weeks with their events, the triggers, the score, the debrief and a score sheet.

It is the facilitator's own and names hidden stressors; every page says so.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageBreak, Table, TableStyle

from sim.core.model import LEGS, Scenario
from sim.i18n import describe
from sim.printkit import doc, fonts, layout
from sim.printkit.common import codes
from sim.printkit.texts import num, tr

HEADER = HexColor("#5a2d82")


def _setup(sc: Scenario, lang: str) -> list[Flowable]:
    names = ", ".join(f"{a.label} {a.name.get(lang)}" for a in sc.agencies)
    out: list[Flowable] = [doc.heading(tr(lang, "script.title", title=sc.title.get(lang))), doc.para(sc.summary.get(lang), spaceAfter=6),
           doc.heading(tr(lang, "script.setup"), 2), doc.para(tr(lang, "script.setup.text")),
           doc.para(tr(lang, "script.teams", n=len(sc.agencies), names=names), spaceBefore=4),
           doc.heading(tr(lang, "script.stressors"), 2)]
    rows = []
    for s in sc.stressors:
        who = ", ".join(sc.agency(a).name.get(lang) for a in s.known_by) or tr(lang, "script.nobody")
        hidden = tr(lang, "script.stressor.hidden", who=who) if s.hidden else ""
        rows.append(tr(lang, "script.stressor", name=s.name.get(lang), severity=s.severity, weight=num(lang, s.weight),
                       leg=tr(lang, f"leg.{s.leg.value}"), hidden=hidden))
    return out + doc.bullets(rows)


def _weeks(sc: Scenario, lang: str) -> list[Flowable]:
    code = codes(sc)
    out: list[Flowable] = [doc.heading(tr(lang, "script.round"), 2)]
    out += [doc.para(f"{i}. " + tr(lang, f"script.phase.{i}"), leftIndent=10, firstLineIndent=-10) for i in range(1, 5)]
    out.append(doc.heading(tr(lang, "script.weeks"), 2))
    for rnd in range(1, sc.rounds + 1):
        events = [e for e in sc.events if rnd in e.rounds]
        items = [f"{code[e.id]} {e.title.get(lang)}: " + "; ".join(describe.effect(sc, x, lang, actor=e.responder) for x in e.effects)
                 for e in events] or [tr(lang, "script.week.none")]
        out.append(doc.para(tr(lang, "script.week", n=rnd), bold=True, spaceBefore=3))
        out += doc.bullets(items)
    return out


def _triggers(sc: Scenario, lang: str) -> list[Flowable]:
    code = codes(sc)
    out: list[Flowable] = [doc.heading(tr(lang, "script.triggers"), 2)]
    triggered = [e for e in sc.events if e.trigger]
    if not triggered:
        return out + [doc.para(tr(lang, "script.triggers.none"))]
    for e in triggered:
        when = " + ".join(describe.condition(sc, c, lang) for c in e.trigger)
        what = "; ".join(describe.effect(sc, x, lang, actor=e.responder) for x in e.effects)
        once = " " + tr(lang, "script.once") if e.once else ""
        out.append(doc.para(f"{code[e.id]} {e.title.get(lang)}{once}", bold=True, spaceBefore=3))
        out += doc.bullets([f"{tr(lang, 'event.trigger')} {when}", f"{tr(lang, 'effects')} {what or tr(lang, 'no_effect')}"])
    return out


def _scoring(sc: Scenario, lang: str) -> list[Flowable]:
    s, th = sc.scoring, sc.scoring.thresholds
    return [doc.heading(tr(lang, "script.scoring"), 2),
            doc.para(tr(lang, "script.scoring.stress", per=num(lang, s.stress_per_severity), buffer=num(lang, s.buffer))),
            doc.para(tr(lang, "script.scoring.index", w=num(lang, s.min_weight))),
            doc.para(tr(lang, "script.scoring.legs", erosion=num(lang, s.erosion), recovery=num(lang, s.recovery))),
            doc.para(tr(lang, "script.scoring.end", crisis=num(lang, th.crisis), stress=num(lang, th.stable_stress),
                        leg=num(lang, th.stable_leg), rounds=th.stable_rounds, weeks=sc.rounds))]


def _debrief(sc: Scenario, lang: str) -> list[Flowable]:
    out: list[Flowable] = [doc.heading(tr(lang, "script.objectives"), 2)]
    out += doc.bullets([o.text.get(lang) for o in sc.learning_objectives])
    out += [doc.heading(tr(lang, "script.questions"), 2)] + doc.bullets([q.get(lang) for q in sc.reflection_questions])
    return out


def _score_sheet(sc: Scenario, lang: str, width: float) -> list[Flowable]:
    """A table to fill in: one row per figure (stress, legs, stressors), one column per week (0 = the start)."""
    names = [tr(lang, "script.col.stress")] + [tr(lang, f"leg.{leg.value}") for leg in LEGS] + [s.name.get(lang) for s in sc.stressors]
    head = [doc.para(tr(lang, "script.col.week"), bold=True)] + [doc.para(str(r), bold=True) for r in range(sc.rounds + 1)]
    cells = [head] + [[doc.para(n)] + [""] * (sc.rounds + 1) for n in names]
    first = min(55 * mm, width * 0.35)
    table = Table(cells, colWidths=[first] + [(width - first) / (sc.rounds + 1)] * (sc.rounds + 1),
                  rowHeights=[None] + [10 * mm] * len(names), repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    notes = [doc.para(tr(lang, "script.col.notes"), bold=True, spaceBefore=10)]
    return [PageBreak(), doc.heading(tr(lang, "script.scoresheet")), table] + notes


def write_script(sc: Scenario, path: Path, lang: str, paper: str) -> None:
    """Write the facilitator's script; every page carries 'for the facilitator only'."""
    page = layout.PAPERS[paper]

    def on_page(c: Canvas, d: BaseDocTemplate) -> None:
        size = page
        doc.band(c, size, tr(lang, "script.header"), HEADER)
        c.setFont(fonts.REGULAR, 10)
        c.setFillColor(black)
        c.drawRightString(size[0] - doc.MARGIN, doc.MARGIN - 2 * mm, tr(lang, "script.header") + " · " + tr(lang, "page", n=d.page))

    d = doc.document(path, page, tr(lang, "script.title", title=sc.title.get(lang)), {"script": on_page})
    story = _setup(sc, lang) + _weeks(sc, lang) + _triggers(sc, lang) + _scoring(sc, lang) + _debrief(sc, lang)
    story += _score_sheet(sc, lang, page[0] - 2 * doc.MARGIN)
    d.build(story)
