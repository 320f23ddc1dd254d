"""Every user-visible text, in Dutch (default) and English: one gettext catalog per language.

The catalogs are `assets/translations/stabiel.{nl,en}.po` (Babel reads them;
translators open them in Poedit or Weblate, see docs/translating.md). The
language is passed explicitly: `translator("nl")` gives a `Translator`, and
the module functions here take `lang`. Numbers, money and dates are
formatted by Babel for the language (a decimal comma in Dutch).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from sim.i18n.catalog import LANGUAGES, SCREEN, Translator, entries, keys, translator
from sim.i18n.names import in_sentence, sentence

__all__ = [
    "DEFAULT_LANG",
    "LANGUAGES",
    "SCREEN",
    "TABLES",
    "Translator",
    "keys",
    "money",
    "name_of",
    "num",
    "reason_text",
    "t",
    "translator",
]

DEFAULT_LANG = "nl"


def t(key: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The text for `key` in `lang`, with `params` filled in."""
    return translator(lang if lang in LANGUAGES else DEFAULT_LANG)(key, **params)


def num(x: float, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A number for `lang` with at most `digits` decimals: '2,5' in Dutch, '2.5' in English."""
    return translator(lang if lang in LANGUAGES else DEFAULT_LANG).number(x, digits)


def money(x: float, lang: str = DEFAULT_LANG) -> str:
    """An amount in euros, e.g. '€ 80.000' (nl) or '€80,000' (en)."""
    return translator(lang if lang in LANGUAGES else DEFAULT_LANG).money(x)


@functools.cache
def _plain(lang: str) -> dict[str, str]:
    return {k: forms[-1] for (c, k), forms in entries(lang).items() if c is None}


class _Table(Mapping[str, str]):
    """The plain texts of one language by key (a plural entry gives its 'many' form): for checks."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def _plain(self) -> dict[str, str]:
        return _plain(self.lang)

    def __getitem__(self, key: str) -> str:
        return self._plain()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._plain())

    def __len__(self) -> int:
        return len(self._plain())


TABLES: Mapping[str, Mapping[str, str]] = {lang: _Table(lang) for lang in LANGUAGES}


def reason_text(reason: Any, lang: str = DEFAULT_LANG, scenario: Any = None, known: Any = None) -> str:
    """The message of a `sim.core.reasons.Reason` in `lang`, with scenario names filled in when `scenario` is given.

    With `known` (the state's known-stressor flags) a stressor nobody knows
    about yet is not named: the shared screen must not give it away.
    """
    return sentence(t(reason.key, lang, **{k: name_of(v, lang, scenario, known) for k, v in reason.params.items()}))


def name_of(value: Any, lang: str, scenario: Any = None, known: Any = None) -> str:
    """A readable name for a parameter: scenario references become the object's name (hidden stressors stay unnamed)."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return str(value)
    kind, ident = value
    if ident is None:
        return "-"
    if (kind == "stressor" and known is not None and scenario is not None
            and ident in scenario.stressor_index and not known[scenario.stressor_index[ident]]):
        return t("name.hidden_stressor", lang)
    if kind == "leg":
        return t(f"leg.{ident}", lang)
    if scenario is None:
        return str(ident)
    if kind == "agency" and ident in scenario.agency_index:  # as said in a sentence: "de sociale dienst"
        return in_sentence(scenario.agency(ident).name.get(lang), lang)
    if kind == "stressor" and ident in scenario.stressor_index:
        return scenario.stressors[scenario.stressor_index[ident]].name.get(lang)
    if kind == "card" and ident in scenario.card_by_id:
        return scenario.card_by_id[ident].title.get(lang)
    if kind == "event" and ident in scenario.event_by_id:
        return scenario.event_by_id[ident].title.get(lang)
    if kind == "flag" and ident in scenario.flags:
        return scenario.flags[ident].get(lang)
    if kind == "crisis":
        return scenario.scoring.crisis_name(ident).get(lang)
    return str(ident)
