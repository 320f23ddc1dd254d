"""The catalogs are well-formed gettext files: each msgstr belongs to the msgid just above it.

Babel's reader forgives a stray `msgstr` line (a merge can leave one behind: a translation that
then silently belongs to nothing), GNU msgfmt calls it a syntax error; this test catches it without
needing msgfmt on the machine.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

CATALOGS = sorted((ROOT / "assets" / "translations").glob("stabiel.*.po"))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_every_msgstr_follows_its_msgid(path):
    previous = ""  # the kind of the last keyword line: msgctxt, msgid, msgid_plural, msgstr, msgstr[n]
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        keyword = re.match(r"(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)\s", line)
        if keyword is None:
            if line.strip() and not line.startswith(("#", '"')):
                problems.append(f"{path.name}:{number}: not a gettext line: {line!r}")
            if not line.strip():
                previous = ""
            continue
        kind = keyword.group(1)
        after_entry = ("", "msgstr") + tuple(f"msgstr[{i}]" for i in range(6))  # a new entry (blank lines are optional)
        allowed = {"msgctxt": after_entry, "msgid": (*after_entry, "msgctxt"), "msgid_plural": ("msgid",), "msgstr": ("msgid",)}
        if kind.startswith("msgstr["):
            ok = previous in ("msgid_plural",) or previous.startswith("msgstr[")
        else:
            ok = previous in allowed[kind]
        if not ok:
            problems.append(f"{path.name}:{number}: {kind} after {previous or 'a blank line'}")
        previous = kind
    assert not problems, "\n".join(problems[:10])
