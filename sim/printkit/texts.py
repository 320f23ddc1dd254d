"""Every word the print kit puts on paper, in Dutch (default) and English.

The texts are in the project's gettext catalogs under `printkit.` keys;
`tr` formats one with `{placeholder}` parameters.
"""

from __future__ import annotations

from sim.i18n import keys, t
from sim.i18n import num as i18n_num
from sim.i18n.catalog import LANGUAGES, entries

PREFIX = "printkit."


def _table(lang: str) -> dict[str, str]:
    return {k[len(PREFIX):]: entries(lang)[(None, k)][0] for k in keys(lang) if k.startswith(PREFIX)}


class _Texts(dict[str, dict[str, str]]):
    """The kit's texts per language, read from the catalogs (for checks; the kit itself calls `tr`)."""

    def __missing__(self, lang: str) -> dict[str, str]:
        table = self[lang] = _table(lang)
        return table


TEXTS = _Texts()


def tr(lang: str, key: str, **params: object) -> str:
    """The kit's text `key` in `lang` (Dutch when unknown), formatted with `params`."""
    lang = lang if lang in LANGUAGES else "nl"
    if not params:  # the text as written: some callers fill its placeholders later
        return entries(lang)[(None, PREFIX + key)][0]
    return t(PREFIX + key, lang, **params)


def num(lang: str, x: float) -> str:
    """A number as people write it in `lang`: a decimal comma in Dutch, no trailing '.0'."""
    return i18n_num(x, lang, 0 if float(x).is_integer() else 1)
