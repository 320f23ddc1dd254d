"""Dialogs as window classes: each builds its own widgets, handles its own buttons and keys,
and posts what was chosen as one `DIALOG_RESULT` event (`dialog`: its kind, `value`: the
result, `ui_element`: the window) for the scene to act on. Closing a dialog any other way
posts pygame_gui's `UI_WINDOW_CLOSE` and no result."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UISelectionList,
    UITextBox,
    UITextEntryLine,
    UIWindow,
)

from sim.ui import theme
from sim.ui.i18n import tr
from sim.ui.text import SafeTextEntryLine

DIALOG_RESULT = pygame.event.custom_type()  # a dialog's answer; no pygame.init() needed for a number

# The help's lines, in order; keys that belong together share a line, so the whole list fits on the screen unscrolled.
HELP_ROWS = (("space",), ("ctrl_z", "ctrl_y"), ("p",), ("e", "c"), ("a", "n"), ("l", "esc"), ("f11", "f1"), ("digits",), ("plus", "j"),
             ("clicker_next",), ("clicker_back",), ("b", "f"), ("d",), ("tab",))  # the last five rows: the board's pacing keys
HELP_KEYS = tuple(k for row in HELP_ROWS for k in row)
BUTTON_W, BUTTON_H = 380, theme.BUTTON_H
HEIGHT_STEP = 120
SCREEN_MARGIN = 20  # a dialog grown to fit its text keeps this much of the screen around it


class Dialog(UIWindow):
    """A window centred on the logical screen whose answer is posted as a `DIALOG_RESULT` event."""

    kind = "dialog"

    def __init__(self, manager: pygame_gui.UIManager, size: tuple[int, int], title: str,
                 center: tuple[int, int] = (960, 540), object_id: str | None = None):
        rect = pygame.Rect((0, 0), size)
        rect.center = center
        super().__init__(rect, manager, window_display_title=title, object_id=object_id)
        self.size = size
        self.action: UIButton | None = None

    def add_action(self, label: str, bottom: int = 150) -> UIButton:
        """The dialog's main button, bottom right (`bottom` px above the window's lower edge)."""
        w, h = self.size
        self.action = UIButton(pygame.Rect(w - 40 - BUTTON_W, h - bottom, BUTTON_W, BUTTON_H), label, self.ui_manager,
                               container=self, object_id="#primary")
        return self.action

    def submit(self, value: Any) -> None:
        """Post the answer and close."""
        pygame.event.post(pygame.event.Event(DIALOG_RESULT, dialog=self.kind, value=value, ui_element=self))
        self.kill()

    def act(self) -> None:
        """The main button was pressed (or Enter in the dialog's text field)."""

    def process_event(self, event: pygame.event.Event) -> bool:
        """Our own buttons and Enter; the rest as any window."""
        consumed = super().process_event(event)
        if not self.alive():
            return consumed
        pressed = event.type == pygame_gui.UI_BUTTON_PRESSED and self.action is not None and event.ui_element is self.action
        entered = (event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED
                   and getattr(event.ui_element, "ui_container", None) is self.get_container())
        if pressed or entered:
            self.act()
        return consumed


class TextDialog(Dialog):
    """Rich text to read (help, a card, a team's dossier), optionally with one action that answers `value`.

    The text is shown whole: when it needs more room than `size` gives, the dialog grows (wider,
    then taller) up to the screen, and only a text longer than the whole screen scrolls."""

    def __init__(self, manager: pygame_gui.UIManager, kind: str, title: str, html_text: str, size: tuple[int, int],
                 action: str | None = None, value: Any = None, enabled: bool = True,
                 center: tuple[int, int] = (960, 540), object_id: str | None = None, text_id: str | None = "#detail_text"):
        size = _size_to_fit(manager, html_text, size, 180 if action else 90, text_id)
        center = _keep_on_screen(center, size)
        super().__init__(manager, size, title, center, object_id)
        self.kind = kind
        self.value = value
        w, h = size
        self.text = UITextBox(html_text, pygame.Rect(10, 10, w - 48, h - (180 if action else 90)), manager,
                              container=self, object_id=text_id)
        if action is not None:
            button = self.add_action(action, bottom=150)
            if not enabled:
                button.disable()

    def act(self) -> None:
        self.submit(self.value)


def _size_to_fit(manager: pygame_gui.UIManager, html_text: str, size: tuple[int, int], chrome: int,
                 text_id: str | None) -> tuple[int, int]:
    """The smallest of `size`, wider, taller, whose text box shows `html_text` without a scrollbar."""
    screen_w, screen_h = theme.LOGICAL_SIZE[0] - 2 * SCREEN_MARGIN, theme.LOGICAL_SIZE[1] - 2 * SCREEN_MARGIN
    widths = sorted({min(size[0], screen_w), min(max(size[0], 1400), screen_w), screen_w})
    for w in widths:
        probe = UITextBox(html_text, pygame.Rect(-4000, 0, w - 48, -1), manager, object_id=text_id)  # -1: as tall as the text
        needed = probe.rect.height + chrome
        probe.kill()
        if needed <= screen_h:  # in steps of HEIGHT_STEP: pygame_gui caches a window's shapes by size
            return (w, min(screen_h, max(size[1], -(-needed // HEIGHT_STEP) * HEIGHT_STEP)))
    return (screen_w, screen_h)


def _keep_on_screen(center: tuple[int, int], size: tuple[int, int]) -> tuple[int, int]:
    rect = pygame.Rect((0, 0), size)
    rect.center = center
    rect.clamp_ip(pygame.Rect((0, 0), theme.LOGICAL_SIZE))
    return rect.center


class MessageDialog(TextDialog):
    """A message for the facilitator that stays until it is closed (its button only closes it)."""

    def __init__(self, manager: pygame_gui.UIManager, title: str, html_text: str, size: tuple[int, int]):
        super().__init__(manager, "message", title, html_text, size, action=tr("dialog.close"), text_id=None)

    def act(self) -> None:
        self.kill()  # posts UI_WINDOW_CLOSE, as the window's own close button does


def help_dialog(manager: pygame_gui.UIManager) -> TextDialog:
    """The keyboard shortcuts."""
    lines = "".join("&nbsp;&nbsp;&nbsp;·&nbsp;&nbsp;&nbsp;".join(f"<b>{tr(f'help.key.{k}')}</b> — {tr(f'help.do.{k}')}" for k in row) + "<br>"
                    for row in HELP_ROWS)
    return TextDialog(manager, "help", tr("help.title"), lines, (1600, 940), object_id="#help", text_id=None)


class InjectDialog(Dialog):
    """Pick an event card to bring in now; answers its id."""

    kind = "inject"

    def __init__(self, manager: pygame_gui.UIManager, events: Sequence[tuple[str, str]]):
        super().__init__(manager, (900, 760), tr("inject.title"), center=(960, 560))
        self.items = list(events)
        w, h = self.size
        choices: list[str | tuple[str, str]] = [*self.items]
        self.list = UISelectionList(pygame.Rect(10, 10, w - 48, h - 180), choices, manager, container=self)
        self.add_action(tr("inject.go"))

    def act(self) -> None:
        chosen = self.list.get_single_selection(include_object_id=True)
        if chosen:
            self.submit(chosen[1] if isinstance(chosen, tuple) else dict(self.items).get(chosen))

    def process_event(self, event: pygame.event.Event) -> bool:
        consumed = super().process_event(event)
        if self.alive() and event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION and event.ui_element is self.list:
            self.act()
        return consumed


class NoteDialog(Dialog):
    """A facilitator's note; answers the text as typed."""

    kind = "note"

    def __init__(self, manager: pygame_gui.UIManager):
        super().__init__(manager, (1000, 360), tr("note.title"), center=(960, 480))
        self.entry = SafeTextEntryLine(pygame.Rect(10, 20, self.size[0] - 48, theme.ROW), manager, container=self)
        self.entry.set_text_length_limit(200)
        self.entry.focus()
        self.add_action(tr("note.go"))

    def act(self) -> None:
        self.submit(self.entry.get_text())


class AdjustDialog(Dialog):
    """Change a figure by hand with a reason; answers (figure, key, delta, reason), or says what is missing."""

    kind = "adjust"

    def __init__(self, manager: pygame_gui.UIManager, options: Sequence[tuple[str, tuple[str, str | None]]]):
        super().__init__(manager, (1200, 620), tr("adjust.title"))
        names = [name for name, _ in options]  # two teams may carry the same name: number those
        self.labels = [name if names.count(name) == 1 else f"{name} ({n})" for n, name in enumerate(names, 1)]
        self.targets = [target for _, target in options]
        label_w, x, w = 360, 380, 1200 - 48 - 380
        UILabel(pygame.Rect(10, 10, label_w, theme.ROW), tr("adjust.figure"), manager, container=self)
        choices: list[str | tuple[str, str]] = [*self.labels]
        self.figure = UIDropDownMenu(choices, self.labels[0], pygame.Rect(x, 10, w, theme.ROW), manager, container=self)
        UILabel(pygame.Rect(10, 90, label_w, theme.ROW), tr("adjust.delta"), manager, container=self)
        self.delta = SafeTextEntryLine(pygame.Rect(x, 90, 240, theme.ROW), manager, container=self)
        self.delta.set_allowed_characters(list("0123456789-+.,"))
        UILabel(pygame.Rect(10, 170, label_w, theme.ROW), tr("adjust.reason"), manager, container=self)
        self.reason = SafeTextEntryLine(pygame.Rect(x, 170, w, theme.ROW), manager, container=self)
        self.reason.set_text_length_limit(120)
        self.error = UILabel(pygame.Rect(10, 250, 1200 - 58, theme.ROW), "", manager, container=self)
        self.add_action(tr("adjust.go"))

    def act(self) -> None:
        selected = self.figure.selected_option
        label = selected[0] if isinstance(selected, tuple) else selected
        figure, key = self.targets[self.labels.index(label)] if label in self.labels else ("stress", None)
        raw = self.delta.get_text().replace(",", ".").strip()
        try:
            delta = float(raw)
        except ValueError:
            self.error.set_text(tr("adjust.bad_number"))
            return
        reason = self.reason.get_text().strip()
        if not reason:
            self.error.set_text(tr("adjust.need_reason"))
            return
        self.submit((figure, key, delta, reason))


MENU_W = 640  # the ratings' choice, wide enough for its longest option


class RatingsDialog(Dialog):
    """One P/S/M/U choice per learning objective; answers (objective id, chosen option) at each change and stays open."""

    kind = "rate"

    def __init__(self, manager: pygame_gui.UIManager, rows: Sequence[tuple[str, str, str]], options: Sequence[str]):
        width = theme.LOGICAL_SIZE[0] - 2 * SCREEN_MARGIN
        text_w = width - 48 - MENU_W - 20
        heights = [self._row_height(manager, html_text, text_w) for _, html_text, _ in rows]
        height = min(theme.LOGICAL_SIZE[1] - 2 * SCREEN_MARGIN, 110 + sum(heights))
        super().__init__(manager, (width, height), tr("debrief.rate_title"))
        self.menus: dict[UIDropDownMenu, str] = {}
        y = 10
        for (objective, html_text, chosen), row_h in zip(rows, heights):
            UITextBox(html_text, pygame.Rect(10, y, text_w, row_h - 12), manager, container=self, object_id="#plain")
            choices: list[str | tuple[str, str]] = [*options]
            menu = UIDropDownMenu(choices, chosen, pygame.Rect(width - 38 - MENU_W, y + (row_h - theme.BUTTON_H) // 2, MENU_W, theme.BUTTON_H),
                                  manager, container=self, object_id="#expand_up" if y > height // 2 else None)
            self.menus[menu] = objective
            y += row_h

    @staticmethod
    def _row_height(manager: pygame_gui.UIManager, html_text: str, width: int) -> int:
        probe = UITextBox(html_text, pygame.Rect(-4000, 0, width, -1), manager, object_id="#plain")
        height = max(theme.BUTTON_H + 16, probe.rect.height + 16)
        probe.kill()
        return height

    def process_event(self, event: pygame.event.Event) -> bool:
        consumed = super().process_event(event)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element in self.menus:
            pygame.event.post(pygame.event.Event(DIALOG_RESULT, dialog=self.kind, ui_element=self,
                                                 value=(self.menus[event.ui_element], event.text)))
        return consumed


class FileDialog(pygame_gui.windows.UIFileDialog):
    """pygame_gui's file picker for a scenario file, where a path the system refuses (over 255
    characters, say) is answered by going back to the folder instead of an uncaught OSError."""

    def __init__(self, manager: pygame_gui.UIManager, title: str, folder: Path):
        super().__init__(pygame.Rect(360, 60, 1200, 960), manager, window_title=title,
                         initial_file_path=str(folder), allow_picking_directories=False,
                         allowed_suffixes={".yaml", ".yml"})

    def _setup_ui_elements(self) -> None:
        """pygame_gui's own widgets (the same names, ids and roles as in `UIFileDialog._setup_ui_elements`), made at
        the projector scale: click targets of theme.ROW and OK and Cancel of theme.BUTTON_H (pygame_gui makes them
        20 and 30 px high for 14 px text; resized afterwards they keep drawing their text at the old size)."""
        m = self.ui_manager
        w, h = (int(v) for v in self.get_container().get_size())
        top_left: dict[str, Any] = {"left": "left", "right": "left", "top": "top", "bottom": "top"}
        x = w - 10
        for name, key in (("cancel_button", "pygame-gui.Cancel"), ("ok_button", "pygame-gui.OK")):  # right to left
            width = theme.font(theme.BODY, True).size(pygame_gui.core.utility.translate(key))[0] + 48
            x -= width
            setattr(self, name, UIButton(pygame.Rect(x, h - theme.BUTTON_H - 10, width, theme.BUTTON_H), key, m, container=self,
                                         object_id=f"#{name}", anchors=top_left))
            x -= theme.PAD
        if self.current_file_path is not None and not self._validate_file_path(self.current_file_path):
            self.ok_button.disable()
        icons = (("home_button", "⌂", "Home_directory", "home"), ("delete_button", "⌧", "Delete", "delete"),
                 ("parent_directory_button", "↑", "Parent_directory", "parent"), ("refresh_button", "⇪", "Refresh_directory", "refresh"))
        for i, (name, text, tip, key) in enumerate(icons):
            setattr(self, name, UIButton(pygame.Rect(10 + i * (theme.ROW + 8), 10, theme.ROW, theme.ROW), text, m, container=self,
                                         tool_tip_text=f"pygame-gui.{tip}", object_id=f"#{key}_icon_button", anchors=top_left))
        if self.current_file_path is None or not self._validate_path_exists_and_of_allowed_type(self.current_file_path, allow_directories=False):
            self.delete_button.disable()
        self.file_path_text_line = UITextEntryLine(pygame.Rect(10, 20 + theme.ROW, w - 20, theme.ROW), m, container=self,
                                                   object_id="#file_path_text_line", anchors=top_left)
        if self.current_file_path is not None:
            self.file_path_text_line.set_text(str(self.current_file_path))
            self._highlight_file_name_for_editing()
        else:
            self.file_path_text_line.set_text(str(self.current_directory_path))
        list_top = 30 + 2 * theme.ROW
        self.file_selection_list = UISelectionList(pygame.Rect(10, list_top, w - 20, h - list_top - theme.BUTTON_H - 30),
                                                   item_list=self.current_file_list, manager=m, container=self,
                                                   object_id="#file_display_list", anchors=top_left)

    def process_event(self, event: pygame.event.Event) -> bool:
        """As pygame_gui's, but an OSError from the entered path puts the folder back in the field."""
        try:
            return super().process_event(event)
        except OSError:
            self.file_path_text_line.set_text(self.current_directory_path)
            return True


def message(manager: pygame_gui.UIManager, title: str, html_text: str, size: tuple[int, int] = (1100, 520)) -> UIWindow:
    """A message for the facilitator that stays until it is closed."""
    return MessageDialog(manager, title, html_text, size)


class DialogSet:
    """The dialogs a scene has open, by kind: at most one of each; closed ones forgotten."""

    def __init__(self) -> None:
        self.open: dict[str, UIWindow] = {}

    def get(self, kind: str) -> UIWindow | None:
        """The open dialog of `kind`, or None."""
        win = self.open.get(kind)
        if win is not None and not win.alive():
            del self.open[kind]
            return None
        return win

    def show(self, kind: str, win: UIWindow) -> UIWindow:
        """Keep `win` as the dialog of `kind` (closing an earlier one)."""
        self.close(kind)
        self.open[kind] = win
        return win

    def close(self, kind: str) -> None:
        """Close the dialog of `kind`, if open."""
        win = self.open.pop(kind, None)
        if win is not None and win.alive():
            win.kill()

    def close_all(self) -> None:
        """Close every dialog."""
        for kind in list(self.open):
            self.close(kind)

    def forget(self, window: object) -> str | None:
        """A window closed (UI_WINDOW_CLOSE or a result): forget it; its kind, or None when not ours."""
        for kind, win in list(self.open.items()):
            if win is window:
                del self.open[kind]
                return kind
        return None

    def any_open(self) -> bool:
        """Whether some dialog is open."""
        return any(self.get(kind) is not None for kind in list(self.open))
