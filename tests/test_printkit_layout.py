"""The print kit's geometry, fitting, codes and strings, without writing whole kits."""

from __future__ import annotations

import re
import string

import pytest

from sim.printkit import cards, layout
from sim.printkit.common import CODE_ALPHABET, codes, public_scenario
from sim.printkit.texts import TEXTS, num, tr
from sim.scenario.loader import load_scenario
from tests.conftest import SCENARIOS

SHIPPED = [load_scenario(p).scenario for p in SCENARIOS]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    assert set(TEXTS["nl"]) == set(TEXTS["en"])
    for key in TEXTS["nl"]:
        assert _fields(TEXTS["nl"][key]) == _fields(TEXTS["en"][key]), key
        assert TEXTS["nl"][key] and TEXTS["en"][key], key


def test_tr_formats_and_dutch_numbers_have_a_decimal_comma():
    assert tr("en", "private", team="Police") == "Confidential — for Police only"
    assert tr("nl", "private", team="Politie") == "Vertrouwelijk — alleen voor Politie"
    assert num("nl", 0.5) == "0,5" and num("en", 0.5) == "0.5" and num("nl", 30.0) == "30"


@pytest.mark.parametrize("paper,bleed,count", [("a4", False, 9), ("letter", False, 9), ("a4", True, 8), ("letter", True, 6)])
def test_the_grid_fits_the_paper_and_the_marks_sit_outside_every_trim(paper, bleed, count):
    g = layout.grid(paper, bleed)
    assert g.per_sheet == count
    slots = [g.trim(s) for s in range(g.per_sheet)]
    for r in slots:  # poker size, inside the page with room for the marks
        assert round(r.w / layout.mm, 3) == 63 and round(r.h / layout.mm, 3) == 88
        assert r.x - g.bleed >= layout.MARGIN - 0.01 and r.y - g.bleed >= layout.MARGIN - 0.01
        assert r.x + r.w + g.bleed <= g.page[0] - layout.MARGIN + 0.01
    marks = g.crop_marks()
    assert len(marks) == 2 * (2 * g.cols + 2 * g.rows) - (0 if g.bleed else 2 * (g.cols - 1 + g.rows - 1))
    for x0, y0, x1, y1 in marks:
        assert not any(r.grow(g.bleed).meets(x0, y0, x1, y1) for r in slots), (x0, y0)
        assert 0 <= min(x0, x1) and max(x0, x1) <= g.page[0] and 0 <= min(y0, y1) and max(y0, y1) <= g.page[1]
    edges = {round(r.x, 2) for r in slots} | {round(r.x + r.w, 2) for r in slots}
    assert edges == {round(m[0], 2) for m in marks if m[0] == m[2]}  # a mark in line with every vertical cut


def test_backs_mirror_the_fronts_for_duplex():
    g = layout.grid("a4", False)
    for slot in range(g.per_sheet):
        front, back = g.trim(slot), g.trim(slot, mirrored=True)
        assert back.y == front.y
        assert back.x + back.w / 2 == pytest.approx(g.page[0] - (front.x + front.w / 2))


@pytest.mark.parametrize("sc", SHIPPED, ids=lambda s: s.id)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_card_fits_its_card_at_8_pt_or_more(sc, lang):
    faces = cards.faces(sc, lang)
    assert len({f.ident for f in faces}) == len(sc.cards) + len(sc.events)
    for face in faces:
        parts, size = cards.fitted(face)
        assert size >= layout.MIN_CARD_PT
        w, h = cards.body_box()
        assert sum(p.wrap(w, h)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in parts) <= h


def test_every_kind_of_condition_and_effect_fits(mini):
    for lang in ("nl", "en"):
        for face in cards.faces(mini, lang):
            assert cards.fitted(face)[1] >= layout.MIN_CARD_PT


def test_a_text_too_long_fails_rather_than_overflows():
    long = lambda size: [cards._p("woord " * 400, size)]  # noqa: E731
    with pytest.raises(layout.TextOverflow, match="the long one"):
        layout.fit([long], 150, 150, 9.5, layout.MIN_CARD_PT, "the long one")
    unbreakable = lambda size: [cards._p("x" * 80, size)]  # noqa: E731
    with pytest.raises(layout.TextOverflow):
        layout.fit([unbreakable], 150, 500, 9.5, layout.MIN_CARD_PT, "one long word")
    parts, size = layout.fit([lambda size: [cards._p("kort", size)]], 150, 150, 9.5, 8, "short")
    assert size == 9.5


def test_fit_steps_the_size_down_before_giving_up():
    text = "woord " * 60
    _, size = layout.fit([lambda s: [cards._p(text, s)]], 150, 95, 12, 8, "medium")
    assert 8 <= size < 12


@pytest.mark.parametrize("sc", SHIPPED, ids=lambda s: s.id)
def test_card_codes_are_short_unique_stable_and_readable(sc):
    first, again = codes(sc), codes(load_scenario(next(p for p in SCENARIOS if load_scenario(p).scenario.id == sc.id)).scenario)
    assert first == again
    assert set(first) == {c.id for c in sc.cards} | {e.id for e in sc.events}
    assert len(set(first.values())) == len(first)
    for ident, code in first.items():
        prefix, tail = code.split("-")
        assert len(tail) == 4 and set(tail) <= set(CODE_ALPHABET)
        assert prefix == ("EV" if ident in sc.event_by_id else sc.agency(sc.card_by_id[ident].agency).label)


def test_a_code_depends_on_the_id_not_the_file_order():
    sc = SHIPPED[0]
    import attrs

    reordered = attrs.evolve(sc, cards=tuple(reversed(sc.cards)))
    assert codes(reordered) == codes(sc)


@pytest.mark.parametrize("sc", SHIPPED, ids=lambda s: s.id)
def test_the_public_scenario_names_no_hidden_stressor(sc):
    public = public_scenario(sc)
    hidden = [s for s in sc.stressors if s.hidden]
    assert hidden, "each shipped scenario has a hidden stressor to keep"
    for lang in ("nl", "en"):
        names = {s.name.get(lang) for s in public.stressors}
        assert not names & {s.name.get(lang) for s in hidden}
        text = " ".join(p.text for f in cards.faces(sc, lang) for p in cards.fitted(f)[0])
        for s in hidden:
            assert not re.search(re.escape(s.name.get(lang)), text, re.I), (s.id, lang)
