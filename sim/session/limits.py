"""Limits at the edge of a session file, in one place: its size, how many of each thing, how long each text, how big each number.

A session file is untrusted input (a file mailed along, a damaged autosave, a
crafted one): everything in it is checked against these limits when it is
read (`sim.session.codec`), and refused with a message that names the field.
They lie far above what a two-hour session produces and far below what would
hang replay, the board or the report.

What the program itself writes is kept inside the same limits by `clean_text`
(the defined policy for what a facilitator types or pastes): characters the
eye cannot see are dropped, piles of accents are thinned, and a text too long
is cut, so a saved session can always be read back.
"""

from __future__ import annotations

import unicodedata

from sim.scenario.limits import MAX_MARKS, text_problem

MAX_FILE_BYTES = 4 * 1024 * 1024  # a session of a long day is some tens of KB; replay of the largest file stays under a second
MAX_ACTIONS = 5000  # actions (and redo actions) in one session; a real game has a few hundred
MAX_NOTES = 2000  # lines in the session log (facilitator's notes, undo and redo lines)
MAX_TABLE = 64  # entries in one table (seats, team names, ratings, agencies in play)
MAX_ID = 100  # a scenario id, agency id, card id, figure name...
MAX_NAME = 60  # a team's own name (as long as an agency's name may be)
MAX_NOTE = 3000  # one note, or the reason of an adjustment (as long as any scenario text)
MAX_MAGNITUDE = 1e12  # any figure or adjustment in a session file: finite, and at most this far from zero

# The length limit of each kind of text; the codec picks the kind from the field.
TEXT_KINDS: dict[str, int] = {"id": MAX_ID, "name": MAX_NAME, "note": MAX_NOTE}
# Newlines belong in a note; nowhere else.
_NEWLINE_OK = {"note"}


def session_text_problem(text: str, kind: str) -> str | None:
    """Why `text` may not stand in a session file as a text of `kind` ("id", "name", "note"), or None."""
    limit = TEXT_KINDS[kind]
    if kind not in _NEWLINE_OK and "\n" in text:
        return "a line break cannot stand here"
    return text_problem(text, limit)


_DROPPED = {"Cc", "Cf", "Cs", "Co", "Cn"}
_AS_NEWLINE = {"Zl", "Zp"}


def clean_text(text: str, kind: str) -> str:
    """`text` made fit for a session file as a text of `kind`: invisible characters dropped, accents thinned, cut to length.

    Line and paragraph separators become line breaks in a note and spaces
    elsewhere; tabs become spaces. The result passes `session_text_problem`.
    """
    newline = "\n" if kind in _NEWLINE_OK else " "
    out: list[str] = []
    marks = 0
    for ch in text.replace("\r\n", "\n"):
        category = unicodedata.category(ch)
        if ch in "\n\r" or category in _AS_NEWLINE:
            ch = newline
        elif ch == "\t":
            ch = " "
        elif category in _DROPPED:
            continue
        marks = marks + 1 if category.startswith("M") else 0
        if marks > MAX_MARKS:
            continue
        out.append(ch)
    return "".join(out)[: TEXT_KINDS[kind]]
