"""The screen's language: a thin layer over `sim.i18n`'s Translator.

Every text comes from the gettext catalogs (assets/translations/stabiel.{lang}.po);
where the screen words a key differently from the log (a list label), the
catalog holds that under msgctxt "screen". pygame_gui's own strings come
from pygame-gui.{lang}.json in the same folder: pygame_gui requires that
format and ships no Dutch, so we ship it. The screen's language is held
here until the scenes receive it through their context.

A text a scene keeps on screen for a while (the message box under the board)
is a `Said`: a plain string that also knows how to say itself again, so a
language switch can remake it (`remake`) instead of leaving the old words up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sim import resources
from sim.i18n import LANGUAGES as _LANGUAGES
from sim.i18n import SCREEN, TABLES, Translator, translator

TRANSLATIONS = resources.translations()
LANGUAGES = _LANGUAGES

_current = "nl"


class _Keep(dict[str, Any]):
    """Placeholders nobody filled in stay visible as {name}, as before."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def table(lang: str) -> Mapping[str, str]:
    """The texts for `lang` by key."""
    return TABLES[lang]


def set_language(lang: str) -> None:
    """Make `lang` the language of `tr`."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang


def language() -> str:
    """The current screen language."""
    return _current


def translator_now() -> Translator:
    """The Translator of the current screen language."""
    return translator(_current)


def tr(key: str, **params: Any) -> str:
    """The text for `key` in the current language, with {name} placeholders filled in."""
    return translator(_current).text(SCREEN, key, None, _Keep(params))


def num(x: float, digits: int = 1, fixed: bool = False) -> str:
    """A number in the current language: '2,5' in Dutch (`fixed`: always `digits` decimals)."""
    return translator(_current).number(x, digits, fixed)


class Said(str):
    """A text made in one language that can be made again in another: `said(lambda lang: ...)`."""

    make: Callable[[str], str]

    def __new__(cls, make: Callable[[str], str], lang: str) -> Said:
        text = super().__new__(cls, make(lang))
        text.make = make
        return text

    def again(self, lang: str) -> Said:
        """The same text in `lang`."""
        return Said(self.make, lang)


def said(make: Callable[[str], str]) -> Said:
    """`make(lang)` said in the current screen language, remade by `remake` after a switch."""
    return Said(make, _current)


def said_key(key: str, **params: Any) -> Said:
    """`tr(key, **params)` that can be said again in another language."""
    return said(lambda lang: translator(lang).text(SCREEN, key, None, _Keep(params)))


def remake(texts: Iterable[str], lang: str | None = None) -> list[str]:
    """The texts again in `lang` (default: the current language); a plain string cannot be remade and stays."""
    lang = lang or _current
    return [t.again(lang) if isinstance(t, Said) else t for t in texts]
