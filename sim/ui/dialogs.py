"""Dialogs as window classes: each builds its own widgets, handles its own buttons and keys,
and posts what was chosen as one `DIALOG_RESULT` event (`dialog`: its kind, `value`: the
result, `ui_element`: the window) for the scene to act on. Closing a dialog any other way
posts pygame_gui's `UI_WINDOW_CLOSE` and no result."""

from __future__ import annotations

from collections.abc import Sequence
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

from sim.ui.i18n import tr

DIALOG_RESULT = pygame.event.custom_type()  # a dialog's answer; no pygame.init() needed for a number

HELP_KEYS = ("space", "ctrl_z", "ctrl_y", "p", "e", "c", "a", "n", "l", "f11", "f1", "esc", "digits", "plus")
BUTTON_W, BUTTON_H = 300, 72


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
    """Rich text to read (help, a card, a team's dossier), optionally with one action that answers `value`."""

    def __init__(self, manager: pygame_gui.UIManager, kind: str, title: str, html_text: str, size: tuple[int, int],
                 action: str | None = None, value: Any = None, enabled: bool = True,
                 center: tuple[int, int] = (960, 540), object_id: str | None = None, text_id: str | None = "#detail_text"):
        super().__init__(manager, size, title, center, object_id)
        self.kind = kind
        self.value = value
        w, h = size
        self.text = UITextBox(html_text, pygame.Rect(10, 10, w - 48, h - (170 if action else 80)), manager,
                              container=self, object_id=text_id)
        if action is not None:
            button = self.add_action(action, bottom=140)
            if not enabled:
                button.disable()

    def act(self) -> None:
        self.submit(self.value)


def help_dialog(manager: pygame_gui.UIManager) -> TextDialog:
    """The keyboard shortcuts."""
    lines = "".join(f"<b>{tr(f'help.key.{k}')}</b> — {tr(f'help.do.{k}')}<br>" for k in HELP_KEYS)
    return TextDialog(manager, "help", tr("help.title"), lines, (900, 680), object_id="#help", text_id=None)


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
        self.entry = UITextEntryLine(pygame.Rect(10, 20, self.size[0] - 48, 60), manager, container=self)
        self.entry.set_text_length_limit(200)
        self.entry.focus()
        self.add_action(tr("note.go"))

    def act(self) -> None:
        self.submit(self.entry.get_text())


class AdjustDialog(Dialog):
    """Change a figure by hand with a reason; answers (figure, key, delta, reason), or says what is missing."""

    kind = "adjust"

    def __init__(self, manager: pygame_gui.UIManager, options: Sequence[tuple[str, tuple[str, str | None]]]):
        super().__init__(manager, (900, 560), tr("adjust.title"))
        names = [name for name, _ in options]  # two teams may carry the same name: number those
        self.labels = [name if names.count(name) == 1 else f"{name} ({n})" for n, name in enumerate(names, 1)]
        self.targets = [target for _, target in options]
        UILabel(pygame.Rect(10, 10, 250, 50), tr("adjust.figure"), manager, container=self)
        choices: list[str | tuple[str, str]] = [*self.labels]
        self.figure = UIDropDownMenu(choices, self.labels[0], pygame.Rect(270, 10, 580, 56), manager, container=self)
        UILabel(pygame.Rect(10, 90, 250, 50), tr("adjust.delta"), manager, container=self)
        self.delta = UITextEntryLine(pygame.Rect(270, 90, 200, 56), manager, container=self)
        self.delta.set_allowed_characters(list("0123456789-+.,"))
        UILabel(pygame.Rect(10, 170, 250, 50), tr("adjust.reason"), manager, container=self)
        self.reason = UITextEntryLine(pygame.Rect(270, 170, 580, 56), manager, container=self)
        self.reason.set_text_length_limit(120)
        self.error = UILabel(pygame.Rect(10, 250, 840, 50), "", manager, container=self)
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


class RatingsDialog(Dialog):
    """One P/S/M/U choice per learning objective; answers (objective id, chosen option) at each change and stays open."""

    kind = "rate"

    def __init__(self, manager: pygame_gui.UIManager, rows: Sequence[tuple[str, str, str]], options: Sequence[str]):
        super().__init__(manager, (1400, min(900, 170 + 120 * len(rows))), tr("debrief.rate_title"))
        self.menus: dict[UIDropDownMenu, str] = {}
        y = 10
        for objective, html_text, chosen in rows:
            UITextBox(html_text, pygame.Rect(10, y, self.size[0] - 460, 104), manager, container=self)
            choices: list[str | tuple[str, str]] = [*options]
            menu = UIDropDownMenu(choices, chosen, pygame.Rect(self.size[0] - 440, y + 24, 390, 56), manager, container=self)
            self.menus[menu] = objective
            y += 120

    def process_event(self, event: pygame.event.Event) -> bool:
        consumed = super().process_event(event)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element in self.menus:
            pygame.event.post(pygame.event.Event(DIALOG_RESULT, dialog=self.kind, ui_element=self,
                                                 value=(self.menus[event.ui_element], event.text)))
        return consumed


def message(manager: pygame_gui.UIManager, title: str, html_text: str, size: tuple[int, int] = (1100, 520)) -> UIWindow:
    """A message for the facilitator that stays until it is closed."""
    rect = pygame.Rect((0, 0), size)
    rect.center = (960, 540)
    return pygame_gui.windows.UIMessageWindow(rect, html_text, manager, window_title=title)


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
