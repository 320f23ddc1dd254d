"""The data beside each question of the presenter: rows of words, built without pygame, drawn by `draw_rows`.

Each panel says one thing: why this outcome; who knew what, and when; the boundary crossings and
what followed; the system figures beside the person's stress and legs; the secrets opened; what
the computer did with the same seed; the facilitator's notes. Teams of people and computer seats
are told apart wherever a team is named. Until the secrets slide, a hidden stressor nobody found
stays "a hidden stressor".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import pygame

from sim.analysis.explain import StressorStory, explain, explain_lines, stressor_name
from sim.analysis.whatif import Course
from sim.core.model import LEGS, Panel
from sim.i18n import money, num, t
from sim.ui import accounts, theme, widgets
from sim.ui.session import Session
from sim.ui.theme import INK, INK_SOFT, draw_text

OUTCOME_COLOUR = {"stabiel": (0, 110, 80), "kwetsbaar": (160, 100, 0), "crisis": (160, 40, 0)}
PANELS = tuple(p.value for p in Panel)  # a reflection question names one with `panel:` in its scenario
ROW_SIZE = theme.BODY  # the projector scale: the smallest text the room must read
HEAD_SIZE = theme.HEADING


@attrs.frozen
class Row:
    """One line of a panel: its words, how it looks, and the agency it is about (a badge) if any."""

    text: str
    style: str = "body"  # "body", "soft", "head", "good", "warn"
    agency: str | None = None


def _who(session: Session, agency: str | None, lang: str) -> str:
    return t("presenter.computer" if session.is_ai(agency) else "presenter.human", lang)


def _team(session: Session, agency: str, lang: str) -> str:
    return f"{session.team_name(agency)} ({_who(session, agency, lang)})"


def why_rows(session: Session, lang: str) -> list[Row]:
    """The explanation: why, the rule and what failed, the weakest leg, the turning points (secrets kept)."""
    lines = explain_lines(session.scenario, session.state, lang, dict(session.seats.names), open_secrets=False)
    return [Row(lines[0], "head"), *(Row(line) for line in lines[1:])]


def account_rows(session: Session, lang: str) -> list[Row]:
    """Who was called to account for an uncovered crossing, and what covered the others (`sim.ui.accounts`)."""
    lines = accounts.summary_lines(session.scenario, session.state.log, lang)
    return [Row(line, "warn" if i == 0 and any(f.status == "account" for f in accounts.fates(session.scenario, session.state.log))
                else "body") for i, line in enumerate(lines)]


def _found_text(session: Session, s: StressorStory, lang: str) -> str:
    if s.found == 0:
        return t("presenter.from_start", lang)
    if s.found is None:
        return t("presenter.never", lang)
    if s.found_by is not None:
        return t("presenter.found_by", lang, round=s.found, team=_team(session, s.found_by, lang))
    return t("presenter.found", lang, round=s.found)


def _dossier_text(session: Session, s: StressorStory, lang: str) -> str:
    if not s.known_by:
        return t("presenter.no_dossier", lang)
    return t("presenter.dossier", lang, teams=", ".join(_team(session, a, lang) for a in s.known_by))


def _severity(s: StressorStory, lang: str) -> str:
    if s.peak > max(s.start, s.end):
        return t("presenter.severity_peak", lang, start=s.start, peak=s.peak, end=s.end)
    return t("presenter.severity", lang, start=s.start, end=s.end)


def _story_rows(session: Session, stories: Sequence[StressorStory], lang: str, open_secrets: bool, describe: bool = False) -> list[Row]:
    """The stressors that were hidden or in a dossier first (whose dossier, when and through whom they came out),
    then under one heading those on the table from the start."""
    sc = session.scenario
    rows = []
    plain = []
    for s in stories:
        head = f"{stressor_name(sc, s, lang, open_secrets)} · {_severity(s, lang)}"
        style = "head" if s.end else "good"
        if not (s.known_by or s.hidden):
            plain.append(Row(head, style))
            continue
        rows.append(Row(head, style))
        rows.append(Row(f"{_dossier_text(session, s, lang)} · {_found_text(session, s, lang)}", "soft"))
        for rnd, giver, to in s.shared:
            rows.append(Row(t("presenter.shared", lang, round=rnd, team=_team(session, giver, lang), partner=_team(session, to, lang)), "soft"))
        text = sc.stressors[s.index].description
        if describe and text is not None:
            rows.append(Row(text.get(lang)))
    if plain:
        rows += [Row(t("presenter.from_start_all", lang), "soft"), *plain]
    return rows


def knowledge_rows(session: Session, lang: str) -> list[Row]:
    """Every stressor that weighed at some time: in whose dossier, when it came to the table, through whom (secrets kept)."""
    ex = explain(session.scenario, session.state)
    return _story_rows(session, [s for s in ex.stressors if s.peak > 0 or s.hidden], lang, open_secrets=False)


def secrets_rows(session: Session, lang: str) -> list[Row]:
    """Every stressor that started hidden, named and described, with who knew it and whether and when it came out."""
    ex = explain(session.scenario, session.state)
    hidden = [s for s in ex.stressors if s.hidden]
    if not hidden:
        return [Row(t("presenter.no_hidden", lang))]
    return _story_rows(session, hidden, lang, open_secrets=True, describe=True)


def whatif_rows(courses: Sequence[Course], lang: str) -> list[Row]:
    """Three lines per way of playing (the group's first): who, the outcome and stress; the legs; weeks, crossings, costs."""
    rows = []
    for c in courses:
        outcome = t(f"outcome.{c.outcome}", lang) if c.outcome else t("explain.running", lang)
        style = {"stabiel": "good", "crisis": "warn"}.get(c.outcome, "head")
        rows.append(Row(t("whatif.head", lang, who=t(f"whatif.who.{c.who}", lang), outcome=outcome,
                          stress=num(c.final_stress, lang, 0)), style))
        rows.append(Row(" · ".join(f"{t(f'leg.{leg.value}', lang)} {num(v, lang, 1)}" for leg, v in zip(LEGS, c.legs))))
        rows.append(Row(t("whatif.more", lang, weeks=c.weeks, crossings=c.crossings, costs=money(c.euros + c.crisis_cost, lang)), "soft"))
    return rows


def _card_fates(session: Session) -> dict[tuple[int, str, str | None], list[accounts.Fate]]:
    """Each card crossing's fate, by (week, agency, card), in the order played (shares are not in the crossing list)."""
    out: dict[tuple[int, str, str | None], list[accounts.Fate]] = {}
    for f in accounts.fates(session.scenario, session.state.log):
        if not f.share:
            out.setdefault((f.round, f.agency, f.ref), []).append(f)
    return out


def crossing_rows(session: Session, lang: str) -> list[Row]:
    """The boundary crossings week by week: stress when the first was played, at the week's end and a week later; then each card."""
    sc = session.scenario
    by_round = {s.round: s.stress for s in session.state.history}
    weeks: dict[int, list] = {}
    fate = _card_fates(session)
    for c in session.state.crossings:
        weeks.setdefault(c.round, []).append(c)
    rows = account_rows(session, lang)
    for rnd, plays in weeks.items():
        before = plays[0].stress_before
        after, later = by_round.get(rnd), by_round.get(rnd + 1)
        if after is None:
            head = t("presenter.week_played", lang, round=rnd, before=num(before, lang, 0))
        elif later is None:
            head = t("presenter.week_after", lang, round=rnd, before=num(before, lang, 0), after=num(after, lang, 0))
        else:
            head = t("presenter.week_later", lang, round=rnd, before=num(before, lang, 0), after=num(after, lang, 0),
                     later=num(later, lang, 0))
        end = later if later is not None else after if after is not None else before
        rows.append(Row(head, "good" if end < before else "warn" if end > before else "head"))
        for c in plays:
            text = t("presenter.crossing", lang, team=session.team_name(c.agency), who=_who(session, c.agency, lang),
                     card=sc.card_by_id[c.card].title.get(lang))
            mine = fate.get((c.round, c.agency, c.card))
            what = mine.pop(0) if mine else None
            if what is not None:
                text += " — " + accounts.fate_text(sc, what, lang)
            rows.append(Row(text, "warn" if what is not None and what.status == "account" else "body", c.agency))
    return rows if session.state.crossings else [*rows, Row(t("presenter.no_crossings", lang))]


def kpi_rows(session: Session, lang: str) -> list[Row]:
    """Each agency's KPI from start to end, then the person's stress and legs, then money against crisis costs."""
    sc = session.scenario
    st = session.state
    rows = []
    for i, a in enumerate(sc.agencies):
        start, end = a.kpi.start, st.kpi[i]
        style = "good" if end > start else "warn" if end < start else "body"
        text = t("presenter.kpi_row", lang, kpi=a.kpi.name.get(lang), start=num(start, lang, 0), end=num(end, lang, 0))
        rows.append(Row(f"{text} ({_who(session, a.id, lang)})", style, a.id))
    first = st.history[0] if st.history else None
    s0 = first.stress if first else st.stress
    rows.append(Row(t("presenter.person_stress", lang, name=sc.person.name.get(lang), start=num(s0, lang, 0), end=num(st.stress, lang, 0)),
                    "good" if st.stress < s0 else "warn" if st.stress > s0 else "head"))
    for k, leg in enumerate(LEGS):
        l0 = first.legs[k] if first else st.legs[k]
        rows.append(Row(t("presenter.person_leg", lang, leg=t(f"leg.{leg.value}", lang), start=num(l0, lang, 1), end=num(st.legs[k], lang, 1)),
                        "good" if st.legs[k] > l0 else "warn" if st.legs[k] < l0 else "body"))
    rows.append(Row(t("debrief.costs", lang, spent=money(sum(st.euros), lang), crisis=money(st.crisis_cost, lang)), "soft"))
    return rows


def note_rows(session: Session, lang: str) -> list[Row]:
    """The facilitator's notes from the session journal, with the week each was written in."""
    notes = session.notes
    return [Row(t("presenter.note", lang, round=n.round, text=n.text)) for n in notes] or [Row(t("presenter.no_notes", lang), "soft")]


ROWS: dict[str, Callable[[Session, str], list[Row]]] = {
    "why": why_rows,
    "knowledge": knowledge_rows,
    "crossings": crossing_rows,
    "kpis": kpi_rows,
    "secrets": secrets_rows,
    "notes": note_rows,
}


# ---------------------------------------------------------------------------
# Drawing.
# ---------------------------------------------------------------------------

_STYLE = {"body": (INK, False), "soft": (INK_SOFT, False), "head": (INK, True), "good": (theme.GOOD, True), "warn": (theme.WARN, True)}


def _row_height(session: Session, row: Row, width: int, size: int) -> int:
    """The height `row` takes when drawn `width` px wide (its badge included)."""
    badge = row.agency is not None and row.agency in session.scenario.agency_index
    bold = _STYLE[row.style][1]
    lines = len(theme.wrap(row.text, theme.font(size, bold), width - (110 if badge else 0)))
    return max(lines * (theme.font(size, bold).get_linesize() + 2), size + 18 if badge else 0) + 10


def paginate(session: Session, rows: Sequence[Row], rect: pygame.Rect, size: int = ROW_SIZE) -> list[list[Row]]:
    """Split `rows` into pages that each fit in `rect`; with more than one page a line at the bottom says which."""
    heights = [_row_height(session, row, rect.width, size) for row in rows]
    if sum(heights) <= rect.height:
        return [list(rows)] if rows else [[]]
    room = rect.height - (theme.font(size, True).get_linesize() + 12)  # the "part 1 of 2" line
    pages: list[list[tuple[Row, int]]] = [[]]
    used = 0
    for row, h in zip(rows, heights):
        if pages[-1] and used + h > room:
            last = pages[-1]
            carry = [last.pop()] if len(last) > 1 and last[-1][0].style == "head" else []  # a heading goes with its rows
            pages.append(carry)
            used = sum(ch for _r, ch in carry)
        pages[-1].append((row, h))
        used += h
    return [[r for r, _h in page] for page in pages]


def draw_rows(surface: pygame.Surface, session: Session, rows: Sequence[Row], rect: pygame.Rect, lang: str,
              size: int = ROW_SIZE, page: int = 0) -> int:
    """Draw page `page` of the rows top down inside `rect` (an agency badge before a row about one); returns the
    number of pages. A panel that does not fit is paged, never cut: its last line says "part 1 of 2"."""
    pages = paginate(session, rows, rect, size)
    page = max(0, min(page, len(pages) - 1))
    y = rect.y
    for row in pages[page]:
        colour, bold = _STYLE[row.style]
        badge = row.agency is not None and row.agency in session.scenario.agency_index
        x = rect.x + (110 if badge else 0)
        if badge:
            a = session.scenario.agency(row.agency or "")
            widgets.draw_agency_badge(surface, pygame.Rect(rect.x, y, 96, size + 14), theme.hex_colour(a.colour), a.icon, a.label)
        used = draw_text(surface, row.text, pygame.Rect(x, y, rect.right - x, max(rect.bottom - y, size)), size, colour, bold=bold)
        y += max(used, size + 18 if badge else 0) + 10
    if len(pages) > 1:
        line = theme.font(size, True).get_linesize()
        draw_text(surface, t("presenter.page", lang, i=page + 1, n=len(pages)), pygame.Rect(rect.x, rect.bottom - line, rect.width, line),
                  size, INK_SOFT, bold=True, max_lines=1)
    return len(pages)


__all__ = ["OUTCOME_COLOUR", "PANELS", "ROWS", "Row", "draw_rows", "paginate", "whatif_rows"]
