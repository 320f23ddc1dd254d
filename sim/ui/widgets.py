"""What we draw by hand: icons, the stress meter, the stability triangle and the cards."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pygame

from sim.ui import theme
from sim.ui.i18n import num
from sim.ui.theme import INK, LINE, PANEL, draw_text, font

# ---------------------------------------------------------------------------
# Icons: simple shapes that survive a projector. Unknown names get the label's letter.
# ---------------------------------------------------------------------------


def draw_icon(surface: pygame.Surface, name: str, center: tuple[int, int], size: int, colour=INK, fallback: str = "?") -> None:
    """Draw the icon `name` centred at `center`, about `size` px across."""
    cx, cy = center
    r = size // 2
    w = max(2, size // 12)
    if name == "house":
        pygame.draw.polygon(surface, colour, [(cx - r, cy), (cx, cy - r), (cx + r, cy)], w)
        pygame.draw.rect(surface, colour, (cx - r * 3 // 4, cy, r * 3 // 2, r * 3 // 4), w)
        pygame.draw.rect(surface, colour, (cx - r // 5, cy + r // 4, r * 2 // 5, r // 2))
    elif name == "shield":
        pts = [(cx - r * 3 // 4, cy - r * 3 // 4), (cx + r * 3 // 4, cy - r * 3 // 4), (cx + r * 3 // 4, cy), (cx, cy + r), (cx - r * 3 // 4, cy)]
        pygame.draw.polygon(surface, colour, pts, w)
        pygame.draw.line(surface, colour, (cx, cy - r * 3 // 4), (cx, cy + r), w)
    elif name == "heart":
        q = r // 2
        pygame.draw.circle(surface, colour, (cx - q, cy - q // 2), q)
        pygame.draw.circle(surface, colour, (cx + q, cy - q // 2), q)
        pygame.draw.polygon(surface, colour, [(cx - r, cy - q // 3), (cx + r, cy - q // 3), (cx, cy + r)])
    elif name == "euro":
        img = font(max(12, int(size * 1.1)), True).render("€", True, colour)
        surface.blit(img, img.get_rect(center=center))
    elif name == "people":
        q = r // 2
        for dx in (-q, q):
            pygame.draw.circle(surface, colour, (cx + dx, cy - q), q * 2 // 3)
            pygame.draw.ellipse(surface, colour, (cx + dx - q, cy, q * 2, r), w)
    elif name in ("school", "book"):
        pygame.draw.polygon(surface, colour, [(cx - r, cy - r // 3), (cx, cy - r), (cx + r, cy - r // 3), (cx, cy + r // 3)], w)
        pygame.draw.line(surface, colour, (cx + r * 3 // 4, cy - r // 4), (cx + r * 3 // 4, cy + r // 2), w)
        pygame.draw.arc(surface, colour, (cx - r // 2, cy - r // 4, r, r), math.pi, 2 * math.pi, w)
    elif name in ("cross", "medical", "doctor"):
        t = max(3, size // 4)
        pygame.draw.rect(surface, colour, (cx - t // 2, cy - r, t, 2 * r))
        pygame.draw.rect(surface, colour, (cx - r, cy - t // 2, 2 * r, t))
    elif name in ("child", "family"):
        pygame.draw.circle(surface, colour, (cx - r // 2, cy - r // 2), r // 3)
        pygame.draw.circle(surface, colour, (cx + r // 2, cy - r // 4), r // 4)
        pygame.draw.line(surface, colour, (cx - r // 2, cy - r // 6), (cx - r // 2, cy + r), w)
        pygame.draw.line(surface, colour, (cx + r // 2, cy), (cx + r // 2, cy + r), w)
    elif name in ("bolt", "energy"):
        pts = [(cx + r // 4, cy - r), (cx - r // 2, cy + r // 8), (cx, cy + r // 8), (cx - r // 4, cy + r),
               (cx + r // 2, cy - r // 8), (cx, cy - r // 8)]
        pygame.draw.polygon(surface, colour, pts)
    elif name in ("hand", "network", "star"):
        star: list[tuple[float, float]] = []
        for i in range(10):
            ang = -math.pi / 2 + i * math.pi / 5
            rad = r if i % 2 == 0 else r * 0.45
            star.append((cx + rad * math.cos(ang), cy + rad * math.sin(ang)))
        pygame.draw.polygon(surface, colour, star)
    else:
        img = font(max(12, size * 3 // 4), True).render(fallback[:1].upper(), True, colour)
        surface.blit(img, img.get_rect(center=center))


def draw_type_icon(surface: pygame.Surface, card_type: str, center: tuple[int, int], size: int, colour=INK) -> None:
    """The icon of a card type: square (in system), arrow out of a box (boundary), link (joint), gear (rule)."""
    cx, cy = center
    r = size // 2
    w = max(2, size // 10)
    if card_type == "in_system":
        pygame.draw.rect(surface, colour, (cx - r, cy - r, 2 * r, 2 * r), w)
        pygame.draw.rect(surface, colour, (cx - r // 3, cy - r // 3, r * 2 // 3, r * 2 // 3))
    elif card_type == "boundary":
        pygame.draw.rect(surface, colour, (cx - r, cy - r // 3, r * 4 // 3, r * 4 // 3), w)
        pygame.draw.line(surface, colour, (cx - r // 4, cy + r // 4), (cx + r, cy - r), w + 1)
        pygame.draw.polygon(surface, colour, [(cx + r, cy - r), (cx + r // 4, cy - r), (cx + r, cy - r // 4)])
    elif card_type == "joint":
        pygame.draw.circle(surface, colour, (cx - r // 3, cy), r * 2 // 3, w)
        pygame.draw.circle(surface, colour, (cx + r // 3, cy), r * 2 // 3, w)
    else:  # rule: a gear
        pygame.draw.circle(surface, colour, center, r * 2 // 3, w + 1)
        for i in range(8):
            ang = i * math.pi / 4
            x1, y1 = cx + r * 0.65 * math.cos(ang), cy + r * 0.65 * math.sin(ang)
            x2, y2 = cx + r * math.cos(ang), cy + r * math.sin(ang)
            pygame.draw.line(surface, colour, (x1, y1), (x2, y2), w + 1)


# ---------------------------------------------------------------------------
# The stress meter with its history.
# ---------------------------------------------------------------------------


def stress_colour(value: float) -> tuple[int, int, int]:
    """The zone colour of a stress level."""
    colour = theme.STRESS_ZONES[0][1]
    for start, c in theme.STRESS_ZONES:
        if value >= start:
            colour = c
    return colour


def draw_stress_meter(surface: pygame.Surface, rect: pygame.Rect, value: float, label: str, history_label: str = "") -> None:
    """A horizontal meter 0-100 with zone marks, the number in large type, and the course so far in numbers."""
    pygame.draw.rect(surface, PANEL, rect, border_radius=10)
    pygame.draw.rect(surface, LINE, rect, 2, border_radius=10)
    pad = 14
    draw_text(surface, label, pygame.Rect(rect.x + pad, rect.y + 8, rect.width // 2, 34), 26, bold=True)
    num = font(44, True).render(f"{value:.0f}", True, INK)
    surface.blit(num, num.get_rect(topright=(rect.right - pad, rect.y + 2)))
    bar = pygame.Rect(rect.x + pad, rect.y + 54, rect.width - 2 * pad, 32)
    pygame.draw.rect(surface, theme.PANEL_ALT, bar, border_radius=6)
    filled = bar.copy()
    filled.width = int(bar.width * max(0.0, min(value, 100.0)) / 100)
    pygame.draw.rect(surface, stress_colour(value), filled, border_radius=6)
    # Zone ticks at 50 and 75 and the crisis line, with numbers (not colour alone).
    for mark in (50, 75):
        x = bar.x + bar.width * mark // 100
        pygame.draw.line(surface, INK, (x, bar.y - 4), (x, bar.bottom + 4), 2)
        t = font(22).render(str(mark), True, theme.INK_SOFT)
        surface.blit(t, (x - t.get_width() // 2, bar.bottom + 4))
    pygame.draw.rect(surface, INK, bar, 2, border_radius=6)
    # The course so far, as numbers: readable from the back of the room.
    if history_label:
        draw_text(surface, history_label, pygame.Rect(rect.x + pad, bar.bottom + 26, rect.width - 2 * pad, rect.bottom - bar.bottom - 28),
                  22, theme.INK_SOFT, max_lines=1)


# ---------------------------------------------------------------------------
# The stability triangle.
# ---------------------------------------------------------------------------


def draw_triangle(surface: pygame.Surface, rect: pygame.Rect, legs: Sequence[float], labels: Sequence[str], index: float, index_label: str, start: Sequence[float] | None = None) -> None:
    """The triangle with its three points; each leg fills from the centre towards its point (0-10)."""
    pygame.draw.rect(surface, PANEL, rect, border_radius=10)
    pygame.draw.rect(surface, LINE, rect, 2, border_radius=10)
    cx = rect.centerx
    cy = rect.y + rect.height * 0.55
    radius = min(rect.width * 0.34, rect.height * 0.36)
    angles = (-math.pi / 2, math.pi * 5 / 6, math.pi / 6)  # meedoen top, leefomgeving left, continuiteit right

    def point(i: int, frac: float) -> tuple[float, float]:
        return (cx + radius * frac * math.cos(angles[i]), cy + radius * frac * math.sin(angles[i]))

    outer = [point(i, 1.0) for i in range(3)]
    pygame.draw.polygon(surface, theme.PANEL_ALT, outer)
    for ring in (0.6,):  # the stable level (6 of 10), dashed feel by a thin line
        pygame.draw.polygon(surface, LINE, [point(i, ring) for i in range(3)], 1)
    if start is not None:
        pygame.draw.polygon(surface, theme.INK_SOFT, [point(i, max(0.02, v / 10)) for i, v in enumerate(start)], 2)
    inner = [point(i, max(0.02, v / 10)) for i, v in enumerate(legs)]
    fill = (0, 158, 115) if min(legs) >= 6 else (230, 159, 0) if min(legs) >= 3 else (213, 94, 0)
    pygame.draw.polygon(surface, fill, inner)
    pygame.draw.polygon(surface, INK, inner, 3)
    pygame.draw.polygon(surface, INK, outer, 3)
    for i in range(3):
        pygame.draw.line(surface, LINE, (cx, cy), outer[i], 1)
    # Labels with values at the points.
    for i, (lab, v) in enumerate(zip(labels, legs)):
        x, y = outer[i]
        img = font(24, True).render(f"{lab} {num(v, 1, fixed=True)}", True, INK)
        if i == 0:
            pos = img.get_rect(midbottom=(x, y - 6))
        elif i == 1:
            pos = img.get_rect(topleft=(rect.x + 10, y + 10))
        else:
            pos = img.get_rect(topright=(rect.right - 10, y + 10))
        surface.blit(img, pos)
    idx = font(22).render(f"{index_label}: {num(index, 1, fixed=True)}", True, theme.INK_SOFT)
    surface.blit(idx, (rect.x + 12, rect.y + 8))


# ---------------------------------------------------------------------------
# Cards.
# ---------------------------------------------------------------------------


def draw_card(
    surface: pygame.Surface,
    rect: pygame.Rect,
    title: str,
    type_key: str,
    cost: int,
    mandate: int,
    agency_colour: tuple[int, int, int],
    agency_label: str | None,
    note: str,
    playable: bool,
    hovered: bool = False,
    selected: bool = False,
    size: int = theme.BODY,
) -> None:
    """A card tile as the room reads it: an agency strip carrying the cost (● capacity, ◆ mandate), the
    whole title (wrapped, never cut), and one short line: whether it can be played, or why not in a few
    words (`note`; the full reason is in the opened card). The type is the badge's colour and icon,
    bottom right, with the agency's short name before it when `agency_label` is given (Overleg)."""
    bg = PANEL if playable else (232, 229, 222)
    pygame.draw.rect(surface, bg, rect, border_radius=12)
    strip = pygame.Rect(rect.x, rect.y, 30, rect.height)
    pygame.draw.rect(surface, agency_colour, strip, border_top_left_radius=12, border_bottom_left_radius=12)
    draw_cost_pips(surface, (strip.centerx, rect.y + 20), cost, mandate, theme.text_on(agency_colour))
    border = theme.ACCENT if (hovered or selected) else INK if playable else LINE
    pygame.draw.rect(surface, border, rect, 5 if selected else 4 if hovered else 2, border_radius=12)
    line = font(size).get_linesize()
    x, w = rect.x + 40, rect.width - 50
    bottom = rect.bottom - 8 - line  # the short line's top
    badge = pygame.Rect(rect.right - 10 - (line - 4), bottom + 2, line - 4, line - 4)
    pygame.draw.rect(surface, theme.CARD_TYPE_COLOUR.get(type_key, LINE), badge, border_radius=6)
    draw_type_icon(surface, type_key, badge.center, badge.width - 8, INK)
    right = badge.x - 8
    if agency_label:
        label_w = font(size, True).size(agency_label)[0] + 2
        right -= label_w + 8
        draw_text(surface, agency_label, pygame.Rect(right + 8, bottom, label_w, line), size, INK, bold=True, max_lines=1)
    title_room = bottom - 4 - (rect.y + 8)
    draw_text(surface, title, pygame.Rect(x, rect.y + 8, w, title_room), size, INK, bold=True,
              max_lines=max(1, title_room // line), line_gap=0, min_size=size)
    draw_text(surface, note, pygame.Rect(x, bottom, right - x, line), size, theme.GOOD if playable else theme.WARN,
              max_lines=1, min_size=size)


def draw_cost_pips(surface: pygame.Surface, top_center: tuple[int, int], cost: int, mandate: int, colour=INK) -> None:
    """The cost, stacked downwards: a filled circle per capacity point, a diamond per mandaat token."""
    cx, y = top_center
    if cost == 0 and mandate == 0:
        img = font(20, True).render("0", True, colour)
        surface.blit(img, img.get_rect(center=(cx, y)))
        return
    for _ in range(cost):
        pygame.draw.circle(surface, colour, (cx, y), 8)
        y += 21
    for _ in range(mandate):
        pts = [(cx, y - 10), (cx + 10, y), (cx, y + 10), (cx - 10, y)]
        pygame.draw.polygon(surface, colour, pts, 3)
        y += 24


def draw_agency_badge(surface: pygame.Surface, rect: pygame.Rect, colour: tuple[int, int, int], icon: str, label: str) -> None:
    """A coloured tile with the agency's icon and label (never colour alone)."""
    pygame.draw.rect(surface, colour, rect, border_radius=8)
    pygame.draw.rect(surface, INK, rect, 2, border_radius=8)
    ink = theme.text_on(colour)
    icon_size = min(rect.height - 16, 34)
    draw_icon(surface, icon, (rect.x + 8 + icon_size // 2, rect.centery), icon_size, ink, fallback=label)
    text = pygame.Rect(rect.x + 14 + icon_size, rect.y + 2, rect.right - 6 - (rect.x + 14 + icon_size), rect.height - 4)
    if icon and text.width < 2 * font(theme.BODY, True).size("M")[0]:
        return  # a chip with no room for words (a row's marker): the icon and the colour, the name stands beside it
    # Never below the room's size: a label too long for its badge ends in "…" (the legibility check tells of it).
    line = font(theme.BODY, True).get_linesize()
    draw_text(surface, label, pygame.Rect(text.x, text.centery - line // 2, text.width, line), theme.BODY, ink, bold=True, max_lines=1)
