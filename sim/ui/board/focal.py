"""The board's focal point, drawn large for the back of the room: the person (with the portrait),
the stress meter, the stability triangle, the rule for stabiel, whose turn it is and what just happened.

Numbers that change every frame while the meter moves are rendered without the text cache, so a
whole game does not fill memory with surfaces of numbers shown once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pygame

from sim.core import engine
from sim.core.model import LEGS
from sim.core.scoring import stability_index
from sim.core.state import Phase
from sim.ui import theme, widgets
from sim.ui.board.layout import BANNER, BIG, HUGE, LAST, METER, PERSON, PORTRAIT, ROOM, SCORE, TRIANGLE
from sim.ui.board.score import explain
from sim.ui.i18n import language, num, tr
from sim.ui.portrait import band, draw_portrait
from sim.ui.session import Session
from sim.ui.theme import INK, INK_SOFT, LINE, PANEL, draw_text, font


def label(surface: pygame.Surface, text: str, size: int, colour=INK, bold: bool = False, **anchor: tuple[int, int]) -> pygame.Rect:
    """One line of text placed by an anchor (`topleft=`, `topright=`, `midleft=`...), rendered uncached."""
    img = font(size, bold).render(text, True, colour)
    rect = img.get_rect(**anchor)
    surface.blit(img, rect)
    theme.note_drawn(text, rect, rect, size)
    return rect


def one_line(surface: pygame.Surface, text: str, rect: pygame.Rect, size: int, colour=INK, bold: bool = False) -> None:
    """One line cut with an ellipsis to fit `rect`, rendered uncached (texts that are new with every move)."""
    fnt = font(size, bold)
    whole, cut = text, fnt.size(text)[0] > rect.width
    if cut:
        while text and fnt.size(text + "…")[0] > rect.width:
            text = text[:-1]
        text += "…"
    img = fnt.render(text, True, colour)
    surface.blit(img, rect.topleft)
    theme.note_drawn(whole, img.get_rect(topleft=rect.topleft), rect, size, cut)


def wrapped(surface: pygame.Surface, text: str, rect: pygame.Rect, size: int, colour=INK, bold: bool = False,
            max_lines: int = 2) -> int:
    """Wrapped text rendered uncached (texts with this move's numbers in them: new with every move, shown once);
    the last line ends in an ellipsis when it does not fit. Returns the height used."""
    fnt = font(size, bold)
    lines = theme.wrap(text, fnt, rect.width)
    cut = len(lines) > max_lines or any(fnt.size(line)[0] > rect.width for line in lines)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and fnt.size(last + "…")[0] > rect.width:
            last = last[:-1]
        lines[-1] = last + "…"
    step = fnt.get_linesize()
    ink = pygame.Rect(rect.x, rect.y, 0, 0)
    for i, line in enumerate(lines):
        img = fnt.render(line, True, colour)
        surface.blit(img, (rect.x, rect.y + i * step))
        ink = ink.union(img.get_rect(topleft=(rect.x, rect.y + i * step)))
    theme.note_drawn(text, ink, rect, size, cut)
    return step * len(lines)


def panel(surface: pygame.Surface, rect: pygame.Rect, border=LINE, width: int = 2, fill=PANEL) -> None:
    """A white panel with a rounded border."""
    pygame.draw.rect(surface, fill, rect, border_radius=12)
    pygame.draw.rect(surface, border, rect, width, border_radius=12)


def draw_person(surface: pygame.Surface, session: Session, stress: float) -> None:
    """The person: the portrait, the name and age, and how the person is now in one word."""
    p = session.scenario.person
    panel(surface, PERSON)
    draw_portrait(surface, PORTRAIT, stress, lang=language(), name=p.name, crisis=session.scenario.scoring.thresholds.crisis,
                  caption=False)  # the face follows stress (sim/ui/portrait.py)
    x = PORTRAIT.right + 20
    w = PERSON.right - x - 16
    draw_text(surface, f"{p.name.get(language())}, {p.age}", pygame.Rect(x, PERSON.y + 12, w, 56), BIG, bold=True, max_lines=1)
    # How the person is now, in one word the back row reads (the whole story is in the story view).
    mood = tr("portrait." + band(stress, session.scenario.scoring.thresholds.crisis))
    draw_text(surface, mood, pygame.Rect(x, PERSON.y + 80, w, 50), ROOM, INK_SOFT, max_lines=1)


def draw_meter(surface: pygame.Surface, session: Session, value: float) -> None:
    """Stress 0–100 large, with the stable line of the scenario marked and the course so far."""
    sc, st = session.scenario, session.state
    th = sc.scoring.thresholds
    panel(surface, METER)
    pad = 18
    label(surface, tr("board.stress"), ROOM, bold=True, topleft=(METER.x + pad, METER.y + 10))
    label(surface, num(value, 0), HUGE, widgets.stress_colour(value) if value >= 50 else INK, bold=True,
          midright=(METER.right - pad, METER.y + 80))
    room = pygame.Rect(METER.x + 150, METER.y + 10, METER.width - 150 - pad, 46)
    for n in range(min(len(st.history), 4), 0, -1):  # the latest weeks that fit, at the room's size: fewer, never cut
        text = tr("uiboard.course", course=" → ".join(num(snap.stress, 0) for snap in st.history[-n:]))
        if font(ROOM).size(text)[0] <= room.width:
            draw_text(surface, text, room, ROOM, INK_SOFT, max_lines=1)
            break
    number_w = font(HUGE, True).size("100")[0] + 16  # the big number stands right of the bar, never over it
    bar = pygame.Rect(METER.x + pad, METER.y + 62, METER.width - 2 * pad - number_w, 36)
    pygame.draw.rect(surface, theme.PANEL_ALT, bar, border_radius=8)
    filled = bar.copy()
    filled.width = int(bar.width * max(0.0, min(value, 100.0)) / 100)
    pygame.draw.rect(surface, widgets.stress_colour(value), filled, border_radius=8)
    stable_x = bar.x + int(bar.width * th.stable_stress / 100)
    pygame.draw.rect(surface, theme.GOOD, (bar.x, bar.bottom + 2, stable_x - bar.x, 6))
    pygame.draw.line(surface, theme.GOOD, (stable_x, bar.y - 6), (stable_x, bar.bottom + 6), 4)
    label(surface, f"≤ {num(th.stable_stress, 0)}", ROOM, theme.GOOD, bold=True, midtop=(stable_x, bar.bottom + 8))
    crisis_x = bar.x + int(bar.width * min(th.crisis, 100) / 100)
    pygame.draw.line(surface, theme.WARN, (crisis_x - 2, bar.y - 6), (crisis_x - 2, bar.bottom + 6), 4)
    label(surface, tr("uiboard.crisis_mark"), ROOM, theme.WARN, bold=True, topright=(crisis_x, bar.bottom + 8))
    pygame.draw.rect(surface, INK, bar, 2, border_radius=8)


def draw_triangle(surface: pygame.Surface, session: Session, legs: Sequence[float]) -> None:
    """The stability triangle large: each leg fills towards its point; the stable ring and the weakest leg marked."""
    sc, st = session.scenario, session.state
    th = sc.scoring.thresholds
    panel(surface, TRIANGLE)
    cx, cy = TRIANGLE.centerx + 90, TRIANGLE.y + TRIANGLE.height * 0.56  # right of centre: the index fits top left
    radius = min(TRIANGLE.width * 0.30, TRIANGLE.height * 0.40)
    angles = (-math.pi / 2, math.pi * 5 / 6, math.pi / 6)  # meedoen top, leefomgeving left, continuïteit right

    def point(i: int, frac: float) -> tuple[float, float]:
        return (cx + radius * frac * math.cos(angles[i]), cy + radius * frac * math.sin(angles[i]))

    outer = [point(i, 1.0) for i in range(3)]
    pygame.draw.polygon(surface, theme.PANEL_ALT, outer)
    pygame.draw.polygon(surface, theme.GOOD, [point(i, th.stable_leg / 10) for i in range(3)], 2)
    inner = [point(i, max(0.02, v / 10)) for i, v in enumerate(legs)]
    low = min(legs)
    fill = (0, 158, 115) if low >= th.stable_leg else (230, 159, 0) if low >= th.stable_leg / 2 else (213, 94, 0)
    pygame.draw.polygon(surface, fill, inner)
    pygame.draw.polygon(surface, INK, inner, 3)
    pygame.draw.polygon(surface, INK, outer, 3)
    weakest = list(st.legs).index(min(st.legs))
    for i, v in enumerate(legs):
        x, y = outer[i]
        weak = i == weakest and min(st.legs) < th.stable_leg
        colour = theme.WARN if weak else INK
        text = ("▼ " if weak else "") + f"{tr('leg.' + LEGS[i].value)} {num(v, 1, fixed=True)}"
        if i == 0:
            anchor = {"midbottom": (int(x), int(y) - 6)}
        elif i == 1:
            anchor = {"topleft": (TRIANGLE.x + 14, int(y) + 8)}
        else:
            anchor = {"topright": (TRIANGLE.right - 14, int(y) + 8)}
        label(surface, text, ROOM, colour, bold=True, **anchor)
        if weak:
            pygame.draw.circle(surface, theme.WARN, (int(x), int(y)), 14, 5)
    index = stability_index(legs, sc.scoring.min_weight)
    label(surface, f"{tr('board.stability')}: {num(index, 1, fixed=True)}", ROOM, INK_SOFT, topleft=(TRIANGLE.x + 14, TRIANGLE.y + 10))


def draw_score(surface: pygame.Surface, session: Session) -> None:
    """The rule for stabiel in words, how far the person is from it, and the weakest leg with its cause."""
    text = explain(session.scenario, session.state)
    panel(surface, SCORE, theme.GOOD if text.met else LINE, 3 if text.met else 2)
    inner = SCORE.inflate(-28, -20)
    y = inner.y
    y += draw_text(surface, text.rule, pygame.Rect(inner.x, y, inner.width, 90), ROOM, theme.GOOD, bold=True, max_lines=2, line_gap=0)
    y += 4 + wrapped(surface, text.now, pygame.Rect(inner.x, y + 4, inner.width, 84), ROOM, INK)
    room = pygame.Rect(inner.x, y + 6, inner.width, inner.bottom - y - 6)
    lines = max(1, room.height // font(ROOM, True).get_linesize())
    n = len(text.causes)
    while n > 0 and not theme.fits(text.weakest_upto(n), room.width, lines, ROOM, bold=True):
        n -= 1  # name fewer causes and count the rest: never cut off mid-list
    wrapped(surface, text.weakest_upto(n), room, ROOM, INK if text.met else theme.WARN, bold=True, max_lines=lines)


def _turn_lines(session: Session, agency: str, cap: int, mandate: int, width: int) -> tuple[str, str]:
    """Whose turn, and its hours and mandaat: a computer team's way of playing on the first line where it fits,
    else on the second, else only "computer" where that fits."""
    who = session.team_name(agency)
    figures = tr("board.capacity_mandate", cap=cap, mandate=mandate)
    if not session.is_ai(agency):
        return tr("board.turn", team=who), figures
    policy = tr("policy." + session.seats.controller[agency])
    computer = tr("presenter.computer")
    candidates = (
        (tr("board.ai_team", team=who, policy=policy), figures),
        (tr("board.ai_team_short", team=who), tr("board.ai_figures", figures=figures, policy=policy)),
        (tr("board.ai_team_short", team=who), figures),
        (who, tr("board.ai_figures", figures=figures, policy=tr("board.ai_way", policy=policy))),
        (who, tr("board.ai_figures", figures=figures, policy=computer)),
    )
    for team, second in candidates:
        turn = tr("board.turn", team=team)
        if font(BIG, True).size(turn)[0] <= width and font(ROOM).size(second)[0] <= width:
            return turn, second
    return tr("board.turn", team=who), figures


def draw_banner(surface: pygame.Surface, session: Session, planning: str | None) -> None:
    """Whose turn it is (badge, team, capacity and mandate), or the phase, or the outcome."""
    sc, st = session.scenario, session.state
    panel(surface, BANNER, theme.ACCENT, 3)
    x, w = BANNER.x + 20, BANNER.width - 40
    if engine.is_over(st) and st.outcome is not None:
        draw_text(surface, tr("board.game_over", outcome=tr("outcome." + st.outcome.value)), pygame.Rect(x, BANNER.y + 28, w, 56),
                  BIG, bold=True, max_lines=1)
    elif st.phase is Phase.ACTIES and st.active_agency:
        a = sc.agency(st.active_agency)
        widgets.draw_agency_badge(surface, pygame.Rect(x, BANNER.y + 14, 150, 84), theme.hex_colour(a.colour), a.icon, a.label)
        i = sc.agency_index[a.id]
        turn, figures = _turn_lines(session, a.id, st.capacity[i], st.mandate[i], w - 170)
        draw_text(surface, turn, pygame.Rect(x + 170, BANNER.y + 6, w - 170, 56), BIG, bold=True, max_lines=1)
        draw_text(surface, figures, pygame.Rect(x + 170, BANNER.y + 62, w - 170, 46), ROOM, INK_SOFT, max_lines=1)
    elif st.phase is Phase.OVERLEG:
        draw_text(surface, tr("board.overleg_title"), pygame.Rect(x, BANNER.y + 6, w, 56), BIG, bold=True, max_lines=1, min_size=ROOM)
        draw_text(surface, tr("uiboard.overleg_hint"), pygame.Rect(x, BANNER.y + 62, w, 46), ROOM, INK_SOFT, max_lines=1)
    else:
        draw_text(surface, tr("board.event_phase"), pygame.Rect(x, BANNER.y + 28, w, 56), BIG, bold=True, max_lines=1)


def draw_last(surface: pygame.Surface, text: str, warn: bool) -> None:
    """What just happened, in one big line (a refusal or a note in a marked box while it is fresh)."""
    if warn:
        panel(surface, LAST, theme.ACCENT, 3, fill=(255, 248, 220))
    else:
        panel(surface, LAST)
    if text:
        one_line(surface, text, LAST.inflate(-28, -12).move(0, 2), ROOM, INK, bold=warn)
