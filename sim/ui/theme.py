"""Look and feel: the palette, fonts, sizes and text helpers for a projector at the back of a room.

Light background with near-black text (contrast well above 4.5:1), agency
colours from the Okabe-Ito colour-blind-safe palette, always shown with an icon
and a label as well.

The scale (all in logical pixels of the 1920×1080 surface; a font's size is its
em height in px): everything the room must read is at least `BODY` (36 px: a
capital about 13 arcminutes high seen from 7 m on a 2.2 m wide image), headings
`HEADING`, the screen's title `TITLE`; every list row, dropdown row and click
target is at least `ROW` tall (44 px is the floor, `TARGET`). Every scene uses
these names, never its own numbers, so one change here moves the whole game.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pygame
import pygame_gui

from sim import resources

LOGICAL_SIZE = (1920, 1080)
ASSETS = resources.assets()
GUI_DATA = Path(pygame_gui.__file__).resolve().parent / "data"

BG = (244, 241, 234)
PANEL = (255, 255, 255)
PANEL_ALT = (235, 231, 222)
INK = (26, 26, 26)
INK_SOFT = (70, 70, 70)  # still > 7:1 on PANEL
LINE = (150, 145, 135)
ACCENT = (0, 90, 160)  # headings, focus
WARN = (160, 40, 0)  # reasons why a card can't be played (> 6:1 on white)
GOOD = (0, 110, 80)
HIDDEN = (90, 90, 110)

# Stress zones: blue (calm) → orange → vermillion (crisis), readable without colour by the number.
STRESS_ZONES = ((0, (86, 180, 233)), (50, (230, 159, 0)), (75, (213, 94, 0)))

CARD_TYPE_COLOUR = {
    "in_system": (200, 200, 200),
    "boundary": (0, 158, 115),
    "joint": (86, 180, 233),
    "rule": (240, 228, 66),
}

# -- the scale (logical px at 1920×1080) ----------------------------------------
BODY = 36  # the smallest text the room must read: body text, list rows, buttons, reasons
LARGE = 40  # emphasis within body text: a card's title, a team's figure
HEADING = 48  # a section's heading
TITLE = 72  # a screen's title
TARGET = 44  # the smallest click target, in both directions
ROW = 56  # a list, dropdown or selection row: BODY's line (42 px) plus padding; >= TARGET
BUTTON_H = 72  # a button's height
PAD = 16  # the space between two neighbours
MIN_BODY = 22  # the old floor (before the projector scale); being replaced by BODY, do not use in new code


def hex_colour(value: str) -> tuple[int, int, int]:
    """'#RRGGBB' → (r, g, b)."""
    v = value.lstrip("#")
    return (int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16))


def luminance(c: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG 2)."""

    def ch(x: int) -> float:
        v = x / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = c[:3]
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio between two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever reads better on `background`."""
    return INK if contrast(INK, background) >= contrast((255, 255, 255), background) else (255, 255, 255)


FONT_REGULAR = resources.font("DejaVuSansCondensed.ttf")
FONT_BOLD = resources.font("DejaVuSansCondensed-Bold.ttf")


@functools.lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """DejaVu Sans Condensed (shipped in assets/fonts: narrow for long Dutch words, with arrows and symbols)."""
    return pygame.font.Font(str(FONT_BOLD if bold else FONT_REGULAR), size)


@functools.lru_cache(maxsize=8192)
def _wrap_cached(text: str, size: int, bold: bool, width: int) -> tuple[str, ...]:
    return tuple(wrap(text, font(size, bold), width))


@functools.lru_cache(maxsize=8192)
def _render(line: str, size: int, bold: bool, colour: tuple[int, int, int]) -> pygame.Surface:
    return font(size, bold).render(line, True, colour)


def clear_caches() -> None:
    """Forget fonts and rendered text (needed after pygame.quit())."""
    font.cache_clear()
    _wrap_cached.cache_clear()
    _render.cache_clear()


def wrap(text: str, fnt: pygame.font.Font, width: int) -> list[str]:
    """Break `text` into lines that fit `width` px (long words are split)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            candidate = word if not line else f"{line} {word}"
            if fnt.size(candidate)[0] <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while fnt.size(word)[0] > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and fnt.size(word[:cut] + "-")[0] > width:
                    cut -= 1
                lines.append(word[:cut] + "-")
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def draw_text(
    surface: pygame.Surface,
    text: str,
    rect: pygame.Rect,
    size: int = MIN_BODY,
    colour: tuple[int, int, int] = INK,
    bold: bool = False,
    align: str = "left",
    max_lines: int | None = None,
    line_gap: int = 2,
) -> int:
    """Draw wrapped text inside `rect`; returns the height used.

    When the text does not fit in `max_lines` (or the rect's height) the last
    line ends in an ellipsis; `fits()` tells beforehand whether that happens.
    """
    fnt = font(size, bold)
    lines = list(_wrap_cached(text, size, bold, rect.width))  # the board redraws often; text rarely changes
    height = fnt.get_linesize() + line_gap
    limit = max_lines or max(1, rect.height // height)
    if len(lines) > limit:
        lines = lines[:limit]
        last = lines[-1]
        while last and fnt.size(last + "…")[0] > rect.width:
            last = last[:-1]
        lines[-1] = last + "…"
    y = rect.y
    for line in lines:
        img = _render(line, size, bold, tuple(colour))
        if align == "center":
            x = rect.x + (rect.width - img.get_width()) // 2
        elif align == "right":
            x = rect.right - img.get_width()
        else:
            x = rect.x
        surface.blit(img, (x, y))
        y += height
    return y - rect.y


def fits(text: str, width: int, lines: int, size: int = MIN_BODY, bold: bool = False) -> bool:
    """Whether `text` fits in `lines` lines of `width` px at `size`."""
    return len(_wrap_cached(text, size, bold, width)) <= lines


def _gui_font(size: int, bold: bool = False) -> dict:
    return {
        "name": "dejavu_condensed",
        "size": str(size),
        "bold": "1" if bold else "0",
        "regular_path": str(FONT_REGULAR),
        "bold_path": str(FONT_BOLD),
    }


def gui_theme() -> dict:
    """The pygame_gui theme: large Noto Sans, high-contrast buttons and panels."""
    colours = {
        "normal_bg": "#FFFFFF",
        "hovered_bg": "#DCE9F5",
        "active_bg": "#B8D4EE",
        "selected_bg": "#B8D4EE",
        "disabled_bg": "#E6E3DC",
        "normal_text": "#1A1A1A",
        "hovered_text": "#1A1A1A",
        "active_text": "#1A1A1A",
        "selected_text": "#1A1A1A",
        "disabled_text": "#5A5A5A",
        "normal_border": "#5A5A5A",
        "hovered_border": "#005AA0",
        "active_border": "#005AA0",
        "dark_bg": "#F4F1EA",
        "text_cursor": "#1A1A1A",
        "selected_text_bg": "#B8D4EE",
        "filled_bar": "#005AA0",
        "unfilled_bar": "#E6E3DC",
    }
    base_font = _gui_font(24)
    return {
        "defaults": {"colours": colours, "font": base_font, "misc": {"border_width": "2", "shape": "rounded_rectangle", "shape_corner_radius": "8"}},
        "button": {"font": _gui_font(24, True)},
        "#primary": {
            "colours": {"normal_bg": "#005AA0", "hovered_bg": "#0072C6", "active_bg": "#004A85", "normal_text": "#FFFFFF", "hovered_text": "#FFFFFF", "active_text": "#FFFFFF"},
            "font": _gui_font(26, True),
        },
        "#title": {"font": _gui_font(56, True), "colours": {"normal_text": "#1A1A1A"}},
        "#heading": {"font": _gui_font(32, True), "colours": {"normal_text": "#1A1A1A"}},
        "label": {"colours": {"normal_text": "#1A1A1A", "dark_bg": "#00000000"}, "font": _gui_font(24), "misc": {"text_horiz_alignment": "left"}},
        "#detail_text": {"font": _gui_font(26), "colours": {"dark_bg": "#FFFFFF", "normal_text": "#1A1A1A"}},
        "text_box": {"colours": {"dark_bg": "#FFFFFF", "normal_text": "#1A1A1A", "normal_border": "#968F87"}, "font": _gui_font(22)},
        "text_entry_line": {"colours": {"dark_bg": "#FFFFFF", "normal_text": "#1A1A1A"}, "font": _gui_font(24)},
        "window": {"colours": {"dark_bg": "#F4F1EA", "normal_border": "#1A1A1A"}, "misc": {"title_bar_height": "44"}},
        "window.#title_bar": {"font": _gui_font(24, True), "colours": {"normal_bg": "#005AA0", "hovered_bg": "#005AA0", "normal_text": "#FFFFFF", "hovered_text": "#FFFFFF"}},
        "drop_down_menu": {"font": _gui_font(24)},
        "selection_list": {"colours": {"dark_bg": "#FFFFFF"}, "font": _gui_font(24)},
        "panel": {"colours": {"dark_bg": "#FFFFFF", "normal_border": "#968F87"}},
        "check_box": {"font": _gui_font(24)},
    }
