"""The gettext catalogs (assets/translations/stabiel.{lang}.po) and a Translator for one language.

The catalogs are read with Babel at first use and cached. Their msgids are
keys (`why.no_capacity`), so call sites stay stable when a wording changes;
placeholders are Python brace fields (`{agency}`). A plural entry names its
count placeholder in a `count:` comment, so `tr(key, rounds=3)` picks the
right form by itself; `tr.n(key, count)` says it outright.
"""

from __future__ import annotations

import datetime as _dt
import functools
import gettext
from collections.abc import Callable, Mapping
from typing import Any

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

from sim import resources

LANGUAGES = ("nl", "en")
DOMAIN = "stabiel"
SCREEN = "screen"  # msgctxt of the screen's wording where it differs from the log's


class _Entry:
    """One message: its forms (one, or one per plural form) and the placeholder that counts."""

    __slots__ = ("count", "forms")

    def __init__(self, forms: tuple[str, ...], count: str | None) -> None:
        self.forms = forms
        self.count = count


@functools.cache
def _catalog(lang: str) -> tuple[dict[tuple[str | None, str], _Entry], Callable[[int], int]]:
    """The entries of the catalog of `lang`, keyed by (msgctxt, msgid), and its plural rule."""
    path = resources.translations() / f"{DOMAIN}.{lang}.po"
    with path.open("rb") as f:
        cat = read_po(f, locale=lang)
    entries: dict[tuple[str | None, str], _Entry] = {}
    for msg in cat:
        if not msg.id:
            continue
        if isinstance(msg.id, (tuple, list)):
            count = next((c.split(":", 1)[1].strip() for c in msg.auto_comments if c.startswith("count:")), None)
            forms = tuple(str(f) for f in (msg.string or ()))
            entries[(msg.context, str(msg.id[0]))] = _Entry(forms, count)
        else:
            entries[(msg.context, msg.id)] = _Entry((str(msg.string or ""),), None)
    # gettext's own parser of C plural expressions: it accepts only that grammar, never arbitrary code
    return entries, gettext.c2py(cat.plural_expr)


def keys(lang: str, context: str | None = None) -> set[str]:
    """Every msgid of the catalog of `lang` (in `context`)."""
    return {k for c, k in _catalog(lang)[0] if c == context}


def entries(lang: str) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """Every (msgctxt, msgid) of `lang` with its forms, for checks."""
    return {k: e.forms for k, e in _catalog(lang)[0].items()}


class Translator:
    """The texts and number formats of one language: `tr(key, **params)`, `tr.n(...)`, `tr.p(...)`, `tr.number(x)`."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"

    def text(self, context: str | None, key: str, count: int | None, params: Mapping[str, Any]) -> str:
        """The text for `key` (in `context`, else plain) with `params` filled in through `str.format_map`."""
        entries, plural = _catalog(self.lang)
        entry = entries.get((context, key)) if context else None
        if entry is None:
            entry = entries[(None, key)]  # KeyError: the catalog lacks the key
        if len(entry.forms) == 1:
            return entry.forms[0].format_map(params)
        if count is None:
            count = params.get(entry.count, 1) if entry.count else 1
        return entry.forms[min(plural(int(count)), len(entry.forms) - 1)].format_map(params)

    def __call__(self, key: str, **params: Any) -> str:
        """The text for `key` with `params` filled in (a plural entry counts its `count:` placeholder)."""
        return self.text(None, key, None, params)

    def n(self, key: str, count: int, **params: Any) -> str:
        """The plural form of `key` for `count` (also given as placeholder `n` unless set)."""
        params.setdefault("n", count)
        return self.text(None, key, count, params)

    def p(self, context: str, key: str, **params: Any) -> str:
        """The text for `key` in `context` (msgctxt), or the plain one where the context has none."""
        return self.text(context, key, None, params)

    def number(self, x: float, digits: int = 1, fixed: bool = False) -> str:
        """A number with at most (`fixed`: exactly) `digits` decimals, '2,5' (nl) or '2.5' (en)."""
        pattern = "#,##0" + ("." + ("0" if fixed else "#") * digits if digits > 0 else "")
        return format_decimal(x, format=pattern, locale=self.lang)

    def money(self, x: float) -> str:
        """An amount in whole euros, '€ 80.000' (nl) or '€80,000' (en)."""
        pattern = "¤ #,##0" if self.lang == "nl" else "¤#,##0"
        return format_currency(round(x), "EUR", format=pattern, locale=self.lang, currency_digits=False).replace("\xa0", " ")

    def date(self, d: _dt.date) -> str:
        """A date, '1 dec 2026' (nl) or 'Dec 1, 2026' (en)."""
        return format_date(d, format="medium", locale=self.lang)

    def percent(self, x: float) -> str:
        """A fraction as a percentage: 0.25 → '25%'."""
        return format_percent(x, locale=self.lang)


@functools.cache
def translator(lang: str) -> Translator:
    """The (shared, stateless) Translator for `lang`."""
    return Translator(lang)
