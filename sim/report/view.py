"""The report's facts shaped for the page: rows of cells, chips, figures and lists, all plain text.

Nothing here is HTML: the templates (autoescaped) decide the markup, so a
scenario title or team name holding `<script>` or `{{ }}` stays text. The one
thing built here that reaches an attribute unescaped by meaning is a chart's
data URI, which is base64 of PNG bytes we drew ourselves.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from sim.core.model import LEGS, CardType, Scenario
from sim.core.scoring import GameSummary
from sim.core.state import GameState, LogEntry
from sim.i18n import money, t
from sim.i18n.narrate import log_line
from sim.report import facts
from sim.report.facts import agency_name, crisis_name, num, signed, time_text
from sim.session.sessionfile import HUMAN, RATINGS, SavedSession

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
SUMMARY_MOMENTS = 6  # key moments on the one-page summary; the full list follows in its own section


@attrs.frozen
class Chip:
    """An agency's short label in a box of its colour."""

    label: str
    colour: str  # always "#rrggbb"


@attrs.frozen
class Cell:
    """One table cell: its text, an optional chip before it, a header cell or not, a class ('n' for numbers)."""

    text: str = ""
    cls: str = ""
    head: bool = False
    chip: Chip | None = None


@attrs.frozen
class Figure:
    """A chart: its name, the PNG as base64, the alternative text and the caption."""

    name: str
    data: str
    alt: str
    caption: str


@attrs.frozen
class Item:
    """A card in the timeline table: its title, its type's class and label, and its partners in words."""

    title: str
    kind: str
    label: str
    extra: str


Tr = Callable[..., str]


def chip(sc: Scenario, agency: str) -> Chip:
    """The agency's chip; white when the scenario's colour is not a plain #rrggbb."""
    a = sc.agency(agency)
    return Chip(a.label, a.colour if _COLOUR.fullmatch(a.colour) else "#ffffff")


def figure(name: str, png: bytes, lang: str) -> Figure:
    """A chart with its alternative text and caption in the language asked for."""
    return Figure(name, base64.b64encode(png).decode("ascii"), t(f"report.alt.{name}", lang), t(f"report.cap.{name}", lang))


def n(x: float, lang: str, digits: int = 1) -> Cell:
    """A number cell."""
    return Cell(num(x, lang, digits), "n")


def teams(saved: SavedSession, sc: Scenario, state: GameState, lang: str, L: Tr) -> list[tuple[str, list[tuple[Chip, str]]]]:
    """The agencies in play grouped by who played them: (who, [(chip, team name), ...]), in the order of play."""
    groups: dict[str, list[tuple[Chip, str]]] = {}
    for a in state.in_play:
        seat = saved.seats.get(a, HUMAN)
        who = L("report.people") if seat == HUMAN else L("report.ai", policy=seat)
        groups.setdefault(who, []).append((chip(sc, a), facts.team_name(saved.names, sc, a, lang)))
    return list(groups.items())


def person_rows(s: GameSummary, lang: str, L: Tr) -> list[list[Cell]]:
    """The person's stress and stability at the start and the end."""
    return [
        [Cell(L("report.chart.stress")), n(s.stress[0], lang, 0), n(s.final_stress, lang, 0)],
        [Cell(L("report.chart.stability")), n(s.stability[0], lang), n(s.final_stability, lang)],
    ]


def kpi_rows(sc: Scenario, state: GameState, s: GameSummary, lang: str, full: bool = True) -> list[list[Cell]]:
    """Each agency's KPI at the start and the end; in full with the agency's name and the change, else its chip only."""
    rows = []
    for a in state.in_play:
        i = sc.agency_index[a]
        row = [Cell(agency_name(sc, a, lang) if full else "", chip=chip(sc, a)), Cell(sc.agency(a).kpi.name.get(lang)),
               n(s.kpi[0, i], lang, 0), n(s.kpi[-1, i], lang, 0)]
        if full:
            row.append(Cell(signed(s.kpi[-1, i] - s.kpi[0, i], lang), "n"))
        rows.append(row)
    return rows


def cost_rows(sc: Scenario, state: GameState, s: GameSummary, lang: str, L: Tr, detail: bool = True) -> list[list[Cell]]:
    """What each agency spent, the crisis costs and the total; in short, only the totals and the alternative."""
    rows = []
    if detail:
        rows += [[Cell(agency_name(sc, a, lang), chip=chip(sc, a)), Cell(money(s.euros[-1, sc.agency_index[a]], lang), "n")]
                 for a in state.in_play]
    rows.append([Cell(L("report.chart.spent"), head=detail), Cell(money(s.euros_total, lang), "n", detail)])
    if detail:
        rows += [[Cell(L("report.crisis_item", cost=crisis_name(key, sc, lang))), Cell(money(amount, lang), "n")]
                 for key, amount in state.crisis_costs]
    rows.append([Cell(L("report.chart.crisis_costs"), head=detail), Cell(money(s.crisis_total, lang), "n", detail)])
    rows.append([Cell(L("report.chart.together"), head=True), Cell(money(s.euros_total + s.crisis_total, lang), "n", True)])
    if not detail and sc.scoring.alternative_cost is not None:
        rows.append([Cell(L("report.chart.alternative")), Cell(money(sc.scoring.alternative_cost, lang), "n")])
    return rows


def event_rows(sc: Scenario, evs: Sequence[LogEntry], lang: str, L: Tr) -> list[list[Cell]]:
    """The events, numbered E1, E2… as in the course chart."""
    rows = []
    for i, e in enumerate(evs, 1):
        text = facts.event_title(sc, e, lang)
        if e.kind == "log.inject":
            text += " — " + L("report.event_brought_in")
        elif e.kind == "log.event_cancelled":
            text += " — " + L("report.event_cancelled")
        rows.append([Cell(f"E{i}"), Cell(str(e.round), "n"), Cell(text)])
    return rows


def crossing_rows(sc: Scenario, s: GameSummary, lang: str) -> list[list[Cell]]:
    """Each boundary crossing with the stress before and in the two rounds after it."""
    def after(x: float | None) -> Cell:
        return Cell("—", "n") if x is None else n(x, lang, 0)

    return [[Cell(str(c.round), "n"), Cell(agency_name(sc, c.agency, lang), chip=chip(sc, c.agency)),
             Cell(sc.card_by_id[c.card].title.get(lang)), n(c.stress_before, lang, 0),
             after(c.stress_after_1), after(c.stress_after_2)] for c in s.crossings]


def triangle_rows(s: GameSummary, lang: str, L: Tr) -> list[list[Cell]]:
    """The three legs and the stability index at the start and the end."""
    rows = [[Cell(L(f"leg.{leg.value}")), n(s.legs[0, k], lang), n(s.legs[-1, k], lang)] for k, leg in enumerate(LEGS)]
    rows.append([Cell(L("report.chart.stability"), head=True), Cell(num(s.stability[0], lang), "n", True),
                 Cell(num(s.final_stability, lang), "n", True)])
    return rows


def timeline(sc: Scenario, state: GameState, lang: str, L: Tr) -> list[tuple[int, list[list[Item]]]]:
    """Per round, per agency in play: the cards it played."""
    all_plays = facts.plays(sc, state)
    out = []
    for rnd in range(1, state.round + 1):
        cells = []
        for a in state.in_play:
            items = []
            for p in all_plays:
                if p.round != rnd or p.agency != a:
                    continue
                kind = "boundary" if p.boundary else p.type.value
                label = L("type.boundary") if p.boundary and p.type is CardType.IN_SYSTEM else L(f"type.{p.type.value}")
                extra = L("report.with", partners=", ".join(agency_name(sc, x, lang) for x in p.partners)) if p.partners else ""
                items.append(Item(sc.card_by_id[p.card].title.get(lang), kind, label, extra))
            cells.append(items)
        out.append((rnd, cells))
    return out


def facilitator_moves(saved: SavedSession, sc: Scenario, state: GameState, lang: str, L: Tr) -> list[tuple[str, str]]:
    """The facilitator's adjustments, undos and redos: (what, at what time or '')."""
    moves = [(f"{L('report.round')} {e.round}: {log_line(sc, e, lang)}", "") for e in facts.adjustments(state)]
    moves += [(f"{L('report.round')} {x.round}: {x.text or L('report.' + x.kind)}", time_text(x.time))
              for x in saved.notes if x.kind != "note"]
    return moves


def objective_rows(saved: SavedSession, sc: Scenario, lang: str, L: Tr) -> list[list[Cell]]:
    """Each learning objective with its P/S/M/U rating and the rating in words."""
    rows = []
    for lo in sc.learning_objectives:
        rating = saved.ratings.get(lo.id)
        words = L("rating." + rating) if rating else L("report.not_rated")  # the HSEEP scale's words
        rows.append([Cell(lo.text.get(lang)), Cell(rating or "—", "rating"), Cell(words)])
    return rows


def rating_legend(L: Tr) -> str:
    """What P, S, M and U stand for (the HSEEP scale) and what each means."""
    return f"{L('rating.scale')}: " + "; ".join(f"{r} = {L('rating.' + r)} ({L('rating.meaning.' + r)})" for r in RATINGS)


def translator(lang: str) -> Tr:
    """`t` bound to the language."""
    def L(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    return L
