"""Hostile text through every text of a scenario: the loader refuses it with a message or lets only safe text in.

Text pasted from a word processor or a web page brings zero-width spaces,
joiners, direction marks, byte order marks, tag characters, line separators,
piles of combining accents and the odd control character. Whatever is put into
any text of a valid scenario, the loader either refuses the file with a
problem that has a line and a column, or loads a scenario whose every text is
free of what `sim.scenario.limits` refuses.
"""

from __future__ import annotations

import copy
import unicodedata
from pathlib import Path
from typing import Any

import attrs
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.core.model import Text
from sim.scenario import limits
from sim.scenario.loader import check_text

MINI = yaml.safe_load((Path(__file__).parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8"))
HOSTILE = ["\u200b", "\u200d", "\ufeff", "\u202e", "\u2028", "\U000e0001", "\x00", "\x1b", "\u0301", "\ud800", "\ue000", "\t", "\r"]


def _text_paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Paths to every string that is a text (not an id, a kind or a colour)."""
    out: list[tuple] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str) and k in ("nl", "en", "name", "label"):
                out.append(path + (k,))
            else:
                out += _text_paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _text_paths(v, path + (i,))
    return out


PATHS = _text_paths(MINI)
hostile_text = st.lists(st.sampled_from(HOSTILE) | st.characters(), min_size=1, max_size=12).map("".join)


def _texts(obj: Any) -> list[str]:
    """Every text of a loaded scenario object."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, Text):
        return [obj.nl, obj.en]
    if isinstance(obj, (tuple, list)):
        return [t for x in obj for t in _texts(x)]
    if isinstance(obj, dict):
        return [t for v in obj.values() for t in _texts(v)]
    if attrs.has(type(obj)):
        return [t for f in attrs.fields(type(obj)) if f.init for t in _texts(getattr(obj, f.name))]
    return []


def test_there_are_texts_to_attack():
    assert len(PATHS) > 30


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), hostile_text, st.integers(0, 20))
def test_hostile_text_in_any_text_is_refused_or_harmless(path: tuple, bad: str, at: int):
    data = copy.deepcopy(MINI)
    node = data
    for step in path[:-1]:
        node = node[step]
    old = node[path[-1]]
    node[path[-1]] = old[:at] + bad + old[at:]
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return  # PyYAML cannot even write it (a lone surrogate): no file can hold it either
    report = check_text(text, "f.yaml")
    if report.scenario is None:
        assert report.errors and all(p.line >= 1 and p.column >= 1 and p.message for p in report.errors)
        return
    for s in _texts(report.scenario):
        assert limits.text_problem(s) is None, (path, s)
        assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") and ch != "\n" for ch in s), (path, s)


def test_the_plain_text_shortcut_lets_through_only_what_the_full_check_would():
    """`limits._PLAIN` skips the per-character look: every character it admits must pass that look on its own."""
    import unicodedata

    from sim.scenario import limits

    admitted = [chr(c) for c in range(0x3000) if limits._PLAIN.fullmatch(chr(c))]
    assert "ë" in admitted and "€" in admitted and "\n" in admitted
    for ch in admitted:
        category = unicodedata.category(ch)
        assert not category.startswith("M"), hex(ord(ch))
        assert category not in limits._REFUSED_CATEGORIES or ch == "\n", hex(ord(ch))
    for hostile in ("\u00ad", "\u200b", "\x00", "e\u0301\u0301\u0301\u0301", "\u202e"):
        assert limits.text_problem("Jan " + hostile) is not None, repr(hostile)
