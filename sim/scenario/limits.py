"""Limits at the edge of a scenario file: which characters a text may hold, how long and how many.

A scenario file is untrusted input, and every text in it ends up on a
projector, in a report and in fonts that cannot draw everything. So a text may
hold letters, digits, punctuation, symbols, spaces and line breaks, and
nothing the eye cannot see: no control characters (NUL, escape...), no
format characters (zero-width spaces and joiners, direction overrides, the
byte order mark, tag characters), no line or paragraph separators, no
private-use or unassigned code points and no lone surrogates. A letter may
carry a few combining accents (Vietnamese needs two), not a pile of them
("zalgo" text, which breaks text layout). Lengths and counts are far above
what a real scenario needs and far below what would hang the screen.
"""

from __future__ import annotations

import re
import unicodedata

from sim.core import model

MAX_TEXT = 3000  # any one text (a story, a card's text), per language
MAX_MARKS = 3  # combining accents on one letter
_ALLOWED_CONTROLS = {"\n"}
_REFUSED_CATEGORIES = {
    "Cc": "the control character",
    "Cf": "the invisible formatting character",
    "Cs": "a lone surrogate",
    "Co": "the private-use character",
    "Cn": "the unassigned character",
    "Zl": "the line separator",
    "Zp": "the paragraph separator",
}

# Shorter limits where the text must fit a badge, a card title or a line.
TEXT_LIMITS: dict[tuple[type, str], int] = {
    (model.Scenario, "title"): 80,
    (model.Person, "name"): 40,
    (model.Stressor, "name"): 60,
    (model.Agency, "name"): 60,
    (model.Agency, "label"): 8,
    (model.Kpi, "name"): 60,
    (model.Card, "title"): 80,
    (model.Event, "title"): 80,
    (model.Scenario, "flags"): 60,  # each flag's name
}

# How many items a list section may hold (the board lays out at most 8 teams).
COUNT_LIMITS: dict[str, int] = {
    "agencies": 8,
    "stressors": 16,
    "cards": 200,
    "events": 100,
    "learning_objectives": 12,
    "reflection_questions": 20,
}
MAX_FLAGS = 100

# Characters that are always fine (no control, format or combining character among them): printable ASCII, the
# printable Latin-1 letters and signs except the soft hyphen (U+00AD, a format character), line breaks and the
# usual typographic quotes, dashes, ellipsis, bullet, euro sign, arrows and comparison signs. A text of only these
# needs no look at each character; any other text gets the full check below.
_PLAIN = re.compile("[\n\x20-\x7e\xa0-\xac\xae-\xff\u2013\u2014\u2018-\u201e\u2022\u2026\u20ac\u2190-\u2193\u2264\u2265]*")


def text_problem(text: str, limit: int = MAX_TEXT) -> str | None:
    """Why `text` may not stand in a scenario (what to do instead), or None when it may."""
    if len(text) > limit:
        return f"the text is {len(text)} characters long; at most {limit} fit here: shorten it"
    if _PLAIN.fullmatch(text):
        return None
    marks = 0
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category in _REFUSED_CATEGORIES and ch not in _ALLOWED_CONTROLS:
            what = _REFUSED_CATEGORIES[category]
            name = unicodedata.name(ch, "") if category not in ("Cs", "Cn") else ""
            named = f" U+{ord(ch):04X}" + (f" ({name})" if name else "")
            return f"{what}{named} at character {i + 1} cannot be shown; delete it (it often comes along when text is pasted)"
        marks = marks + 1 if category.startswith("M") else 0
        if marks > MAX_MARKS:
            return f"a letter near character {i + 1} carries more than {MAX_MARKS} accents; write each letter with its accents once"
    return None
