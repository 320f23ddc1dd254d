"""Every text on its way into pygame_gui passes here: the one sanitising place of the window.

Policy (the same characters the scenario checks refuse, `sim.scenario.limits`):
control characters, invisible format characters (zero-width space and joiner,
byte order mark, direction overrides, tag characters), private-use, surrogate
and unassigned code points and the line/paragraph separators U+2028/U+2029 are
removed; a line separator becomes a space, so words stay apart. Combining marks
stay (Dutch and Turkish names need them) but at most `limits.MAX_MARKS` on one
letter, and never at the start of a text where no letter carries them.
pygame_gui cannot draw a text that has no width ("Text has zero width"), so a
text that is nothing but such characters becomes empty.

The ways in, each guarded once:
- typing (`TEXTINPUT` events) and pasting (Ctrl/Cmd+V) into any text field:
  `GuardedUIManager.process_events`;
- text the program sets into a field: `SafeTextEntryLine.set_text`;
- every label, button, text box and window title: pygame_gui passes each of
  them through `i18n.t` before drawing (`pygame_gui.core.utility.translate`);
  `guard_translations` wraps that once, so the text is cleaned and only
  pygame_gui's own keys ("pygame-gui.OK") are looked up — a scenario's story
  that happens to read like a key is shown as written.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import i18n  # type: ignore[import-untyped]  # pygame_gui's translation library
import pygame
import pygame_gui
from pygame_gui.core.utility import set_default_manager
from pygame_gui.elements import UITextEntryLine

from sim.scenario.limits import MAX_MARKS

STRIPPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
SEPARATORS = frozenset({"\u2028", "\u2029"})
GUI_KEY_PREFIX = "pygame-gui."  # the namespace of pygame_gui's own strings (pygame-gui.{lang}.json)
NO_BREAK_HYPHEN = "\u2011"  # looks like "-" but is no key


def clean(text: str, keep_newlines: bool = True) -> str:
    """`text` without the characters the window cannot show (see the module's policy)."""
    out: list[str] = []
    marks = 0
    for ch in text:
        if ch in SEPARATORS or (ch in "\t\r" and keep_newlines) or (ch == "\n" and not keep_newlines):
            ch = " "
        category = unicodedata.category(ch)
        if category in STRIPPED and not (ch == "\n" and keep_newlines):
            continue
        if category.startswith("M"):
            if not out or marks >= MAX_MARKS or out[-1] in " \n":
                continue
            marks += 1
        else:
            marks = 0
        out.append(ch)
    return "".join(out)


def not_a_key(text: str) -> str:
    """`text` as pygame_gui will show it: cleaned, and never taken for one of pygame_gui's own keys."""
    text = clean(text)
    if text.startswith(GUI_KEY_PREFIX):
        text = text.replace("-", NO_BREAK_HYPHEN, 1)
    return text


_GUI_KEYS: set[str] = set()


def _gui_keys() -> set[str]:
    """pygame_gui's own keys, from its English file (every language has the same keys)."""
    if not _GUI_KEYS:
        import json
        from pathlib import Path

        data = Path(pygame_gui.__file__).resolve().parent / "data" / "translations" / "pygame-gui.en.json"
        try:
            _GUI_KEYS.update(GUI_KEY_PREFIX + k for k in json.loads(data.read_text(encoding="utf-8"))["en"])
        except (OSError, ValueError, KeyError):
            _GUI_KEYS.add(GUI_KEY_PREFIX)  # unknown layout: fall back on the prefix alone
    return _GUI_KEYS


def _is_gui_key(text: str) -> bool:
    keys = _gui_keys()
    return text in keys or (keys == {GUI_KEY_PREFIX} and text.startswith(GUI_KEY_PREFIX))


def guard_translations() -> None:
    """Wrap `i18n.t` once: pygame_gui's own keys are translated, every other text is only cleaned."""
    original = i18n.t
    if getattr(original, "_stabiel_guard", False):
        return

    def t(key: Any, **kwargs: Any) -> Any:
        if isinstance(key, str) and not _is_gui_key(key):
            return clean(key)
        return original(key, **kwargs)

    t._stabiel_guard = True  # type: ignore[attr-defined]
    i18n.t = t


def guard_event(event: pygame.event.Event) -> pygame.event.Event | None:
    """The event with its typed text cleaned (None when nothing is left); a paste cleans the clipboard first."""
    if event.type == pygame.TEXTINPUT:
        text = clean(event.text, keep_newlines=False)
        if not text:
            return None
        if text != event.text:
            return pygame.event.Event(pygame.TEXTINPUT, text=text, window=getattr(event, "window", None))
        return event
    if event.type == pygame.KEYDOWN and event.key == pygame.K_v and event.mod & (pygame.KMOD_CTRL | pygame.KMOD_META):
        _clean_clipboard()
    return event


def _clean_clipboard() -> None:
    try:
        pasted = pygame.scrap.get_text()
    except pygame.error:  # no clipboard on this display (headless)
        return
    if pasted and clean(pasted, keep_newlines=False) != pasted:
        pygame.scrap.put_text(clean(pasted, keep_newlines=False))


class GuardedUIManager(pygame_gui.UIManager):
    """A UIManager whose typed and pasted text passes `guard_event`, and whose texts pass `guard_translations`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # pygame_gui keeps the first manager ever made as its default, for good: with every window it had. The
        # newest is the one in use (a test, a benchmark or a screenshot makes one window after another).
        set_default_manager(self)
        guard_translations()

    def process_events(self, event: pygame.event.Event) -> bool:
        """The event, guarded, to the widgets (an emptied text input is swallowed)."""
        guarded = guard_event(event)
        if guarded is None:
            return True
        return super().process_events(guarded)


class SafeTextEntryLine(UITextEntryLine):
    """A one-line text field whose text, however it is set, is cleaned first."""

    def set_text(self, text: str | None) -> None:
        """Set the field's text (cleaned, single line)."""
        super().set_text(clean(text or "", keep_newlines=False))
