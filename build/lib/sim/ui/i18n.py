"""The screen's translation tables: assets/translations/stabiel.{nl,en}.json.

Every user-visible string of the front end comes from these tables (texts of
the rules core come from `sim.i18n`, scenario texts from the scenario file).
pygame_gui's own strings come from pygame-gui.{lang}.json in the same folder;
pygame_gui ships no Dutch, so we ship it.
"""

from __future__ import annotations

import functools
import json
from sim import resources
from pathlib import Path
from typing import Any

TRANSLATIONS = resources.translations()
LANGUAGES = ("nl", "en")

_current = "nl"


@functools.lru_cache(maxsize=4)
def table(lang: str) -> dict[str, str]:
    """The screen texts for `lang`."""
    path = TRANSLATIONS / f"stabiel.{lang}.json"
    return json.loads(path.read_text(encoding="utf-8"))[lang]


def set_language(lang: str) -> None:
    """Make `lang` the language of `tr`."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang


def language() -> str:
    """The current screen language."""
    return _current


def tr(key: str, **params: Any) -> str:
    """The text for `key` in the current language, with %{name} placeholders filled in."""
    text = table(_current)[key]
    for name, value in params.items():
        text = text.replace("%{" + name + "}", str(value))
    return text
