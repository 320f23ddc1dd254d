"""The debrief's two pictures on the projector scale: stress and the three legs week by week (with the boundary
crossings under the axis), and each system's KPI beside the person's outcome. Every word at `theme.BODY`."""

from __future__ import annotations

import pygame

from sim.core.model import LEGS
from sim.core.scoring import GameSummary
from sim.ui import theme, widgets
from sim.ui.i18n import language, tr
from sim.ui.scenes.presenter_panels import OUTCOME_COLOUR
from sim.ui.session import Session
from sim.ui.theme import BODY, INK, INK_SOFT, LINE, PANEL, draw_text, font

LEG_STYLE = ((0, 114, 178), (230, 159, 0), (204, 121, 167))  # Okabe-Ito blue, orange, purple
LINE_H = 44  # one line of body text: DejaVu Sans Condensed at BODY is 42 px high, plus draw_text's gap
LEGEND_W = 400


def frame(surface: pygame.Surface, rect: pygame.Rect, title: str) -> pygame.Rect:
    """A white panel with its title; returns the room under the title."""
    pygame.draw.rect(surface, PANEL, rect, border_radius=10)
    pygame.draw.rect(surface, LINE, rect, 2, border_radius=10)
    inner = rect.inflate(-32, -28)
    used = draw_text(surface, title, inner, BODY, theme.ACCENT, bold=True, max_lines=2)
    return pygame.Rect(inner.x, inner.y + used + 12, inner.width, inner.height - used - 12)


def _polyline(surface: pygame.Surface, pts: list[tuple[float, float]], colour, width: int, dashed: bool) -> None:
    if len(pts) >= 2 and not dashed:
        pygame.draw.lines(surface, colour, False, pts, width)
    elif dashed:
        for a, b in zip(pts, pts[1:]):
            for k in range(0, 12, 2):
                p = (a[0] + (b[0] - a[0]) * k / 12, a[1] + (b[1] - a[1]) * k / 12)
                q = (a[0] + (b[0] - a[0]) * (k + 1) / 12, a[1] + (b[1] - a[1]) * (k + 1) / 12)
                pygame.draw.line(surface, colour, p, q, width)
    for p in pts:
        pygame.draw.circle(surface, colour, (int(p[0]), int(p[1])), width + 1)


def _axes(surface: pygame.Surface, plot: pygame.Rect, rounds: list[int], n: int) -> list[float]:
    pygame.draw.line(surface, INK, plot.bottomleft, plot.bottomright, 2)
    pygame.draw.line(surface, INK, plot.bottomleft, plot.topleft, 2)
    for v in (0, 50, 100):
        y = plot.bottom - plot.height * v / 100
        pygame.draw.line(surface, LINE, (plot.x, y), (plot.right, y), 1)
        img = font(BODY).render(str(v), True, INK_SOFT)
        surface.blit(img, img.get_rect(midright=(plot.x - 8, y)))
    xs = [plot.x + plot.width * r / n for r in rounds]
    step = max(1, -(-len(rounds) * font(BODY).size("00")[0] * 2 // max(plot.width, 1)))  # no two numbers touch
    for i, (r, x) in enumerate(zip(rounds, xs)):
        if i % step == 0 or r == rounds[-1]:
            img = font(BODY).render(str(r), True, INK_SOFT)
            surface.blit(img, img.get_rect(midtop=(x, plot.bottom + 4)))
    label = font(BODY).render(tr("debrief.round_axis"), True, INK_SOFT)
    surface.blit(label, label.get_rect(topleft=(plot.right + 24, plot.bottom + 4)))
    return xs


def _legend(surface: pygame.Surface, x0: int, y: int, width: int) -> None:
    items = [(tr("board.stress"), INK)] + [(tr("leg." + leg.value) + " ×10", LEG_STYLE[i]) for i, leg in enumerate(LEGS)]
    for i, (text, colour) in enumerate(items):
        mid = y + LINE_H // 2
        if i == 2:  # the dashed one
            for k in range(0, 44, 12):
                pygame.draw.line(surface, colour, (x0 + k, mid), (x0 + k + 6, mid), 3)
        else:
            pygame.draw.line(surface, colour, (x0, mid), (x0 + 44, mid), 4 if i == 0 else 3)
        pygame.draw.circle(surface, colour, (x0 + 22, mid), 5)
        ink = colour if theme.contrast(colour, PANEL) >= 3 else INK
        y += draw_text(surface, text, pygame.Rect(x0 + 54, y, width - 54, 2 * LINE_H), BODY, ink, bold=True, max_lines=2) + 12


def draw_chart(surface: pygame.Surface, rect: pygame.Rect, sm: GameSummary) -> None:
    """Stress and the legs (×10) week by week; ▲ with a count under the axis where boundaries were crossed."""
    room = frame(surface, rect, tr("debrief.chart_title"))
    note_h = 2 * LINE_H
    plot = pygame.Rect(room.x + 70, room.y + 10, room.width - 70 - LEGEND_W, room.height - 10 - LINE_H - 20 - note_h)
    rounds = list(sm.rounds)
    n = max(rounds[-1], 1) if rounds else 1
    xs = _axes(surface, plot, rounds, n)

    def ys(values) -> list[tuple[float, float]]:
        return [(x, plot.bottom - plot.height * min(max(v, 0), 100) / 100) for x, v in zip(xs, values)]

    _polyline(surface, ys(list(sm.stress)), INK, 4, False)
    for i in range(len(LEGS)):
        _polyline(surface, ys([v * 10 for v in sm.legs[:, i]]), LEG_STYLE[i], 3, i == 1)
    _legend(surface, plot.right + 24, plot.y, room.right - plot.right - 24)
    per_round: dict[int, int] = {}
    for c in sm.crossings:
        per_round[c.round] = per_round.get(c.round, 0) + 1
    for r, k in per_round.items():
        x, y = plot.x + plot.width * (r - 0.5) / n, plot.bottom - 14
        tri = [(x - 11, y + 10), (x + 11, y + 10), (x, y - 10)]
        pygame.draw.polygon(surface, (0, 158, 115), tri)
        pygame.draw.polygon(surface, INK, tri, 2)
        img = font(BODY, True).render(str(k), True, INK)
        surface.blit(img, img.get_rect(midbottom=(x, y - 12)))
    draw_text(surface, tr("debrief.chart_legend"), pygame.Rect(room.x, room.bottom - note_h, room.width, note_h), BODY, INK_SOFT, max_lines=2)


def draw_kpis(surface: pygame.Surface, rect: pygame.Rect, session: Session) -> None:
    """Each agency's KPI from start to end (▲/▼ with the change), and under them the person's outcome."""
    sc = session.scenario
    st = session.state
    lang = language()
    room = frame(surface, rect, tr("debrief.kpi_title"))
    person_h = 2 * LINE_H + 20
    n = max(len(sc.agencies), 1)
    row = (room.height - person_h - 16) // n
    figure_w = 290
    for i, a in enumerate(sc.agencies):
        start, end = a.kpi.start, st.kpi[i]
        r = pygame.Rect(room.x, room.y + i * row, room.width, row - 8)
        widgets.draw_agency_badge(surface, pygame.Rect(r.x, r.y, 100, min(r.height, 64)), theme.hex_colour(a.colour), a.icon, a.label)
        lines = max(1, min(2, r.height // LINE_H))
        draw_text(surface, a.kpi.name.get(lang), pygame.Rect(r.x + 112, r.y, r.width - 112 - figure_w, lines * LINE_H), BODY, INK,
                  max_lines=lines)
        delta = end - start
        arrow = "▲" if delta > 0 else "▼" if delta < 0 else "="
        colour = theme.GOOD if delta > 0 else theme.WARN if delta < 0 else INK_SOFT
        draw_text(surface, f"{start:.0f} → {end:.0f} {arrow} {delta:+.0f}", pygame.Rect(r.right - figure_w, r.y, figure_w, LINE_H), BODY,
                  colour, bold=True, align="right", max_lines=1)
    outcome = st.outcome.value if st.outcome else "kwetsbaar"
    person = pygame.Rect(room.x, room.bottom - person_h, room.width, person_h)
    pygame.draw.rect(surface, OUTCOME_COLOUR[outcome], person, border_radius=10)
    draw_text(surface, tr("debrief.person_line", name=sc.person.name.get(language()), outcome=tr("outcome." + outcome), stress=f"{st.stress:.0f}"),
              person.inflate(-24, -20), BODY, (255, 255, 255), bold=True, max_lines=2)
