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

Other beamers. Every scene is laid out once, on the logical 1920×1080 surface,
and the app scales that surface into the window with its aspect kept
(`sim.ui.app`: letterboxed). On a 16:10 beamer (1280×800, 1920×1200) and a 4:3
one (1024×768) the width is what limits the scale, so the surface fills the
image's full width with bands above and below (1280×800: 1280×720 and 40 px
bands; 1024×768: 1024×576 and 96 px bands). That keeps what matters in the
room: a letter's size as a share of the image's width, hence its angle at the
back row, is the same as at 1920×1080 — 36 logical px are 24 screen px on
1280×800 and 19 on 1024×768, on an image just as wide. Nothing reflows, so a
layout that holds at 1920×1080 holds on every beamer; the bands cost height,
not legibility. (Using the bands would need a second layout of every scene.)
A window is kept between `MIN_WINDOW` and `MAX_WINDOW` (`window_size_for`).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path

import attrs
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
MIN_WINDOW = (640, 360)
MAX_WINDOW = (7680, 4320)  # 8K: a larger window cannot be allocated ("Out of memory") and no beamer has one
MIN_BODY = 22  # the old floor (before the projector scale); being replaced by BODY, do not use in new code


def window_size_for(size: tuple[int, int]) -> tuple[int, int]:
    """A window size asked for (a resize, --size), kept within MIN_WINDOW..MAX_WINDOW."""
    return (max(MIN_WINDOW[0], min(int(size[0]), MAX_WINDOW[0])), max(MIN_WINDOW[1], min(int(size[1]), MAX_WINDOW[1])))


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


@functools.lru_cache(maxsize=2048)  # rendered lines at 36 px are large: keep the cache to some tens of MB
def _render(line: str, size: int, bold: bool, colour: tuple[int, int, int]) -> pygame.Surface:
    return font(size, bold).render(line, True, colour)


def clear_caches() -> None:
    """Forget fonts and rendered text (needed after pygame.quit())."""
    font.cache_clear()
    _wrap_cached.cache_clear()
    _render.cache_clear()


def wrap(text: str, fnt: pygame.font.Font, width: int) -> list[str]:
    """Break `text` into lines that fit `width` px, at spaces only: never inside a word.

    A word wider than `width` stands alone on its line, too wide; `draw_text`
    then steps the size down or, as a last resort, ends it in an ellipsis.
    """
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            candidate = word if not line else f"{line} {word}"
            if not line or fnt.size(candidate)[0] <= width:
                line = candidate
                continue
            lines.append(line)
            line = word
        lines.append(line)
    return lines


@attrs.frozen
class DrawnText:
    """One text `draw_text` drew: where (the ink's bounds), at which size, and whether it was cut short."""

    text: str
    rect: pygame.Rect
    box: pygame.Rect
    size: int
    ellipsized: bool


_drawn: list[DrawnText] | None = None


@contextlib.contextmanager
def record_text() -> Iterator[list[DrawnText]]:
    """Collect every text `draw_text` draws inside the block (the legibility checks read them)."""
    global _drawn
    outer, _drawn = _drawn, []
    try:
        yield _drawn
    finally:
        _drawn = outer


def note_drawn(text: str, ink: pygame.Rect, box: pygame.Rect, size: int, ellipsized: bool = False) -> None:
    """Tell the legibility check (`record_text`) of a text drawn by other means than `draw_text`."""
    if _drawn is not None and text.strip():
        _drawn.append(DrawnText(text, pygame.Rect(ink), pygame.Rect(box), size, ellipsized))


def _layout(text: str, size: int, bold: bool, rect: pygame.Rect, max_lines: int | None, line_gap: int) -> tuple[list[str], int]:
    lines = list(_wrap_cached(text, size, bold, rect.width))  # the board redraws often; text rarely changes
    height = font(size, bold).get_linesize() + line_gap
    return lines, (max_lines or max(1, rect.height // height))


def _too_big(lines: list[str], limit: int, size: int, bold: bool, width: int) -> bool:
    return len(lines) > limit or any(font(size, bold).size(line)[0] > width for line in lines)


def _ellipsize(lines: list[str], limit: int, fnt: pygame.font.Font, width: int) -> list[str]:
    lines = lines[:limit]
    cut = []
    for i, line in enumerate(lines):
        if fnt.size(line)[0] > width or i == limit - 1:
            while line and fnt.size(line + "…")[0] > width:
                line = line[:-1]
            line = line + "…"
        cut.append(line)
    return cut


def draw_text(
    surface: pygame.Surface,
    text: str,
    rect: pygame.Rect,
    size: int = BODY,
    colour: tuple[int, int, int] = INK,
    bold: bool = False,
    align: str = "left",
    max_lines: int | None = None,
    line_gap: int = 2,
    min_size: int | None = None,
) -> int:
    """Draw `text` wrapped at spaces inside `rect`; returns the height used.

    When it does not fit in `max_lines` (or the rect's height) the size steps
    down towards `min_size` (default: no smaller than asked); only when even
    that fails is the text cut short with an ellipsis. `fits()` tells
    beforehand whether a text fits.
    """
    floor = size if min_size is None else min(size, min_size)
    lines, limit = _layout(text, size, bold, rect, max_lines, line_gap)
    while size > floor and _too_big(lines, limit, size, bold, rect.width):
        size -= 2
        lines, limit = _layout(text, size, bold, rect, max_lines, line_gap)
    fnt = font(size, bold)
    cut = _too_big(lines, limit, size, bold, rect.width)
    if cut:
        lines = _ellipsize(lines, limit, fnt, rect.width)
    height = fnt.get_linesize() + line_gap
    y = rect.y
    ink = pygame.Rect(rect.x, rect.y, 0, 0)
    for line in lines:
        img = _render(line, size, bold, tuple(colour))
        if align == "center":
            x = rect.x + (rect.width - img.get_width()) // 2
        elif align == "right":
            x = rect.right - img.get_width()
        else:
            x = rect.x
        surface.blit(img, (x, y))
        ink = ink.union(pygame.Rect(x, y, img.get_width(), fnt.get_height())) if ink.width else pygame.Rect(x, y, img.get_width(), fnt.get_height())
        y += height
    note_drawn(text, ink, rect, size, cut)
    return y - rect.y


def fits(text: str, width: int, lines: int, size: int = BODY, bold: bool = False) -> bool:
    """Whether `text` fits in `lines` lines of `width` px at `size`, no word wider than `width`."""
    wrapped = _wrap_cached(text, size, bold, width)
    return len(wrapped) <= lines and all(font(size, bold).size(line)[0] <= width for line in wrapped)


def _gui_font(size: int, bold: bool = False) -> dict:
    return {
        "name": "dejavu_condensed",
        "size": str(size),
        "bold": "1" if bold else "0",
        "regular_path": str(FONT_REGULAR),
        "bold_path": str(FONT_BOLD),
    }


def gui_theme() -> dict:
    """The pygame_gui theme: DejaVu Sans Condensed at the projector scale, high-contrast buttons and panels, ROW-tall list rows."""
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
    rows = {"list_item_height": str(ROW)}  # dropdown and selection rows: BODY's line plus padding
    return {
        "defaults": {"colours": colours, "font": _gui_font(BODY), "misc": {"border_width": "2", "shape": "rounded_rectangle", "shape_corner_radius": "8"}},
        "button": {"font": _gui_font(BODY, True)},
        "#primary": {
            "colours": {"normal_bg": "#005AA0", "hovered_bg": "#0072C6", "active_bg": "#004A85", "normal_text": "#FFFFFF", "hovered_text": "#FFFFFF", "active_text": "#FFFFFF"},
            "font": _gui_font(BODY, True),
        },
        "#title": {"font": _gui_font(TITLE, True), "colours": {"normal_text": "#1A1A1A"}},
        "#heading": {"font": _gui_font(HEADING, True), "colours": {"normal_text": "#1A1A1A"}},
        "label": {"colours": {"normal_text": "#1A1A1A", "dark_bg": "#00000000"}, "font": _gui_font(BODY), "misc": {"text_horiz_alignment": "left"}},
        "#detail_text": {"font": _gui_font(BODY), "colours": {"dark_bg": "#FFFFFF", "normal_text": "#1A1A1A"}},
        "text_box": {"colours": {"dark_bg": "#FFFFFF", "normal_text": "#1A1A1A", "normal_border": "#968F87"}, "font": _gui_font(BODY)},
        "text_entry_line": {"colours": {"dark_bg": "#FFFFFF", "normal_text": "#1A1A1A"}, "font": _gui_font(BODY)},
        "window": {"colours": {"dark_bg": "#F4F1EA", "normal_border": "#1A1A1A"}, "misc": {"title_bar_height": str(ROW)}},
        "window.#title_bar": {"font": _gui_font(BODY, True), "colours": {"normal_bg": "#005AA0", "hovered_bg": "#005AA0", "normal_text": "#FFFFFF", "hovered_text": "#FFFFFF"}},
        "drop_down_menu": {"font": _gui_font(BODY), "misc": rows},
        "#agency_name": {"font": _gui_font(BODY, True)},
        "#agency_out": {"font": _gui_font(BODY, True), "colours": {"normal_text": "#464646"}},
        "#plain": {"colours": {"dark_bg": "#00000000", "normal_border": "#00000000"}, "misc": {"border_width": "0"}},  # text on the page itself
        "#expand_up": {"misc": {"expand_direction": "up"}},  # a dropdown near the bottom opens upwards
        "selection_list": {"colours": {"dark_bg": "#FFFFFF"}, "font": _gui_font(BODY), "misc": rows},
        "panel": {"colours": {"dark_bg": "#FFFFFF", "normal_border": "#968F87"}},
        "check_box": {"font": _gui_font(BODY)},
        **_file_dialog(),
    }


def _file_dialog() -> dict:
    """pygame_gui's file dialog at the room's scale: its icon buttons (14 px in pygame_gui's theme) and its rows
    (dark in pygame_gui's theme) as every other button and list of ours."""
    rows = {"normal_bg": "#FFFFFF", "hovered_bg": "#DCE9F5", "selected_bg": "#B8D4EE", "active_bg": "#B8D4EE",
            "normal_text": "#1A1A1A", "hovered_text": "#1A1A1A", "selected_text": "#1A1A1A", "active_text": "#1A1A1A"}
    icon = {"font": _gui_font(BODY, True), "misc": {"text_vert_alignment": "center", "text_horiz_alignment": "center",
                                                     "text_vert_alignment_padding": "0", "text_horiz_alignment_padding": "0",
                                                     "border_width": "2", "shadow_width": "0"}}
    return {
        "file_dialog.#file_display_list.#file_list_item": {"colours": rows, "font": _gui_font(BODY)},
        "file_dialog.#file_display_list.#directory_list_item": {"colours": rows, "font": _gui_font(BODY, True)},
        **{f"file_dialog.#{name}_icon_button": icon for name in ("home", "delete", "parent", "refresh")},
    }
