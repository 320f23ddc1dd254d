"""Can the back row read it? Checks of a scene as drawn: text size, clipping, overlap, split words.

`check_scene(scene)` draws the scene once (its own drawing, its widgets and
overlays) and returns every problem found, as text a test can print:

- text smaller than `theme.BODY` (pygame_gui labels, buttons, fields, text
  boxes and every `theme.draw_text`);
- clipped text: a label or button whose text is wider or taller than its
  rect, a text box that needs a scrollbar where it may not, a `draw_text`
  that ended in an ellipsis, a widget sticking out of its window;
- list and dropdown rows lower than `theme.ROW` or than their text;
- a word wider than its text box (pygame_gui splits it mid-word);
- overlapping text: two text widgets of the same window, or two drawn texts.

Any scene can be run through it (the board included); tests call it for every
scene, dialog and card in both languages and window sizes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
import pygame
import pygame_gui
from pygame_gui.core import UIElement
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UIHorizontalScrollBar,
    UILabel,
    UIScrollingContainer,
    UISelectionList,
    UITextBox,
    UITextEntryLine,
    UIVerticalScrollBar,
    UIWindow,
)

from sim.ui import theme

TAG = re.compile(r"<[^>]*>")


@attrs.frozen
class Problem:
    """One thing the room could not read: what kind, which text, and the numbers that show it."""

    kind: str  # small | clipped | row | split | overlap | scroll
    text: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:60]!r} ({self.detail})"


def check_scene(scene, min_size: int = theme.BODY, scroll_ok: Iterable[UIElement] = (),
                within: UIWindow | None = None) -> list[Problem]:
    """Every legibility problem of `scene` as it is drawn now (`scroll_ok`: text boxes that may scroll;
    `within`: only the widgets of that window, say a dialog, and not what the scene draws)."""
    manager = scene.ctx.manager
    surface = pygame.Surface(scene.ctx.logical_size)
    manager.update(0.0)
    if hasattr(scene, "part_keys_reset"):
        scene.part_keys_reset()  # a board draws only the parts that changed: here every part is drawn, and read
    with theme.record_text() as drawn:
        scene.draw(surface)
        manager.draw_ui(surface)
        scene.draw_over(surface)
    problems = check_widgets(manager, min_size, set(scroll_ok), within)
    if within is None:
        problems += check_drawn(drawn, min_size)
    return problems


def visible_elements(manager: pygame_gui.UIManager) -> Iterator[UIElement]:
    """The widgets on screen now."""
    for el in manager.get_sprite_group().sprites():
        if isinstance(el, UIElement) and el.alive() and el.visible and _shown(el):
            yield el


def _shown(el: UIElement) -> bool:
    container = el.ui_container
    while container is not None and container is not el:
        if not getattr(container, "visible", True):
            return False
        nxt = getattr(container, "ui_container", None)
        container = nxt if nxt is not container else None
    return True


def check_widgets(manager: pygame_gui.UIManager, min_size: int, scroll_ok: set, within: UIWindow | None = None) -> list[Problem]:
    """Size, clipping and row problems of each widget (of the window `within`, or all), then overlaps between them."""
    problems: list[Problem] = []
    texts: list[tuple[UIElement, str]] = []
    for el in visible_elements(manager):
        if within is not None and el is not within and _root(el) is not within:
            continue
        text = _text_of(el)
        if text is None:
            problems += _check_list(manager, el)
            continue
        if text.strip():
            texts.append((el, text))
        problems += _check_one(el, text, min_size, scroll_ok)
        problems += _check_inside(el, text)
    problems += _overlaps(texts)
    return problems


def _text_of(el: UIElement) -> str | None:
    if isinstance(getattr(el, "parent_element", None), (UIVerticalScrollBar, UIHorizontalScrollBar)):
        return None  # a scrollbar's arrow buttons are icons, not text
    if isinstance(el, UITextBox):
        return TAG.sub(" ", el.html_text or "")
    if isinstance(el, UITextEntryLine):
        return el.get_text() or " "
    if isinstance(el, (UILabel, UIButton)):
        return pygame_gui.core.utility.translate(el.text or "", **(el.text_kwargs or {}))
    return None


def _font_size(font) -> int:
    return int(font.get_point_size()) if font is not None else 0


def _check_one(el: UIElement, text: str, min_size: int, scroll_ok: set) -> list[Problem]:
    if isinstance(el, UITextBox):
        return _check_text_box(el, text, min_size, scroll_ok)
    font: Any = getattr(el, "font", None)
    size = _font_size(font)
    out = []
    in_dropdown = isinstance(getattr(el, "parent_element", None), UIDropDownMenu)  # the whole menu is the target
    if isinstance(el, UIButton) and min(el.rect.size) < theme.TARGET and not in_dropdown:
        out.append(Problem("target", text, f"button {el.rect.width}×{el.rect.height} px, at least {theme.TARGET} px each way"))
    icon = len(text.strip()) == 1 and not text.strip().isalnum()  # ▼, ╳: a symbol, not words to read
    if text.strip() and size < min_size and not icon:
        out.append(Problem("small", text, f"{size} px < {min_size} px"))
    if isinstance(el, UITextEntryLine) or not text.strip() or font is None:
        if isinstance(el, UITextEntryLine) and font is not None and el.rect.height < font.get_rect("Ág").height:
            out.append(Problem("clipped", text, f"field {el.rect.height} px high for {size} px text"))
        return out
    w, h = font.size(text)
    room_w = el.rect.width - (2 * _border(el) + 8 if isinstance(el, UIButton) else 0)
    if w > room_w or h > el.rect.height:
        out.append(Problem("clipped", text, f"text {w}×{h} in {room_w}×{el.rect.height}"))
    return out


def _border(el: UIElement) -> int:
    shape = getattr(el, "drawable_shape", None)
    params = getattr(shape, "theming", None) or {}
    return _width(params.get("border_width", 2)) + _width(params.get("shadow_width", 0))


def _width(value) -> int:
    if isinstance(value, dict):
        return max((int(v) for v in value.values()), default=0)
    return int(value or 0)


def _check_text_box(el: UITextBox, text: str, min_size: int, scroll_ok: set) -> list[Problem]:
    out = []
    layout = getattr(el, "text_box_layout", None)
    width = el.text_wrap_rect.width if el.text_wrap_rect.width > 0 else el.rect.width
    seen: set[int] = set()
    for row in getattr(layout, "layout_rows", []):
        for item in row.items:
            font = getattr(item, "font", None)
            chunk = getattr(item, "text", "")
            if font is None or not chunk.strip():
                continue
            size = _font_size(font)
            if size < min_size and size not in seen:
                seen.add(size)
                out.append(Problem("small", chunk, f"{size} px < {min_size} px in a text box"))
            for word in chunk.split():
                if font.size(word)[0] > width:
                    out.append(Problem("split", word, f"word {font.size(word)[0]} px wide in a box {width} px wide"))
    if el.scroll_bar is not None and el not in scroll_ok:
        out.append(Problem("scroll", text, f"text box of {el.rect.height} px needs a scrollbar"))
    return out


def _check_list(manager: pygame_gui.UIManager, el: UIElement) -> list[Problem]:
    if isinstance(el, UISelectionList):
        height = el.list_item_height
    elif isinstance(el, UIDropDownMenu):
        try:
            height = int(str(manager.get_theme().get_misc_data("list_item_height", el.combined_element_ids) or 20))
        except (LookupError, ValueError):
            height = 20
    else:
        return []
    font = manager.get_theme().get_font(el.combined_element_ids)
    need = max(theme.ROW, font.get_rect("Ág").height + 4)
    out = []
    if height < need:
        out.append(Problem("row", type(el).__name__, f"rows {height} px high, need {need} px"))
    if min(el.rect.size) < theme.TARGET:
        out.append(Problem("target", type(el).__name__, f"{el.rect.width}×{el.rect.height} px, at least {theme.TARGET} px each way"))
    return out


def _root(el: UIElement) -> object:
    """The window an element belongs to (or None: the screen itself)."""
    container = el.ui_container
    seen = 0
    while container is not None and seen < 50:
        owner = getattr(container, "parent_element", None)
        if isinstance(owner, UIWindow):
            return owner
        parent = getattr(container, "ui_container", None)
        container = parent if parent is not container else None
        seen += 1
    return None


def _in_scroller(el: UIElement) -> bool:
    """Whether `el` lies in something that scrolls (a scrolling container, a selection list): partly hidden there is fine."""
    if isinstance(getattr(el, "parent_element", None), UISelectionList):
        return True
    container = el.ui_container
    while container is not None:
        if isinstance(container, UIScrollingContainer) or isinstance(getattr(container, "parent_element", None), (UIScrollingContainer, UISelectionList)):
            return True
        parent = getattr(container, "ui_container", None)
        container = parent if parent is not container else None
    return False


def _check_inside(el: UIElement, text: str) -> list[Problem]:
    """A widget sticking out of its container is cut off there."""
    container = el.ui_container
    if container is None or _in_scroller(el):
        return []
    box = container.get_container().get_abs_rect() if hasattr(container, "get_container") else None
    if box is None or box.contains(el.get_abs_rect()) or box.size == (0, 0):
        return []
    return [Problem("clipped", text, f"{el.get_abs_rect()} sticks out of its container {box}")]


def _overlaps(texts: list[tuple[UIElement, str]]) -> list[Problem]:
    out = []
    for i, (a, ta) in enumerate(texts):
        ra = a.get_abs_rect()
        for b, tb in texts[i + 1:]:
            if _root(a) is not _root(b) or a.ui_container is b or b.ui_container is a:
                continue
            if _in_scroller(a) != _in_scroller(b):
                continue
            if ra.colliderect(b.get_abs_rect()):
                out.append(Problem("overlap", ta, f"{ra} overlaps {tb[:40]!r} at {b.get_abs_rect()}"))
    return out


def check_drawn(drawn: Iterable[theme.DrawnText], min_size: int) -> list[Problem]:
    """The texts `theme.draw_text` drew: size, ellipsis, overlap."""
    items = list(drawn)
    out = []
    for d in items:
        if d.size < min_size:
            out.append(Problem("small", d.text, f"drawn at {d.size} px < {min_size} px"))
        if d.ellipsized:
            out.append(Problem("clipped", d.text, f"cut short with an ellipsis in {d.box}"))
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if a.rect.colliderect(b.rect):
                out.append(Problem("overlap", a.text, f"drawn {a.rect} overlaps {b.text[:40]!r} at {b.rect}"))
    return out
