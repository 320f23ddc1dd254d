"""The translation catalogs: complete, consistent, used; numbers in the language; no secrets in the log."""

from __future__ import annotations

import re
import string
import typing
from pathlib import Path

import pytest

from sim.core import model
from sim.i18n import describe, keys, num, t, translator
from sim.i18n.catalog import entries

ROOT = Path(__file__).resolve().parent.parent


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogs_hold_the_same_keys_in_the_same_contexts():
    nl, en = entries("nl"), entries("en")
    assert len(nl) > 450
    assert set(nl) - set(en) == set(), "in nl, not en"
    assert set(en) - set(nl) == set(), "in en, not nl"


def test_every_text_of_a_key_has_the_same_placeholders_in_both_languages():
    nl, en = entries("nl"), entries("en")
    wrong = [k for k in nl if {frozenset(_fields(f)) for f in nl[k]} != {frozenset(_fields(f)) for f in en[k]}]
    assert wrong == []
    assert all(f.strip() for forms in [*nl.values(), *en.values()] for f in forms)


def test_the_catalogs_declare_two_plural_forms():
    for lang in ("nl", "en"):
        text = (ROOT / "assets" / "translations" / f"stabiel.{lang}.po").read_text(encoding="utf-8")
        assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text


def _literal_keys() -> set[str]:
    pattern = re.compile(r"""\b(?:t|tr|_t|tr\.n|tr\.p)\(\s*(?:["'][a-z]+["'],\s*)?["']([a-z_]+\.[a-z_.0-9]+)["']""")
    used: set[str] = set()
    for path in (ROOT / "sim").rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return used


def test_every_key_named_in_the_code_is_in_both_catalogs():
    used = _literal_keys()
    assert len(used) > 100, "the pattern finds too few keys: it is wrong"
    for lang in ("nl", "en"):
        assert used - keys(lang) == set(), lang


def test_plurals_follow_the_count():
    nl = translator("nl")
    assert nl("why.flag_too_recent", rounds=1, flag="x") == "Dit kan pas 1 week na: x."
    assert nl("why.flag_too_recent", rounds=2, flag="x") == "Dit kan pas 2 weken na: x."
    assert nl.n("card.rounds", 1) == "1 week" and translator("en").n("card.rounds", 3) == "3 weeks"


def test_the_screen_context_words_a_label_its_own_way():
    nl = translator("nl")
    assert nl("figure.capacity", agency="A") == "uren van A"
    assert nl.p("screen", "figure.capacity", agency="A") == "Uren · A"
    assert nl.p("screen", "why.no_capacity", need=2, have=1) == nl("why.no_capacity", need=2, have=1)


def test_numbers_money_and_dates_follow_the_language():
    import datetime

    assert num(2.5, "nl") == "2,5" and num(2.5, "en") == "2.5" and num(3.0, "nl") == "3"
    assert t("log.delta", "nl", figure="x", before=num(1.25, "nl", 2), after="2") == "x 1,25 → 2"
    assert translator("nl").money(80000) == "€ 80.000" and translator("en").money(80000) == "€80,000"
    assert translator("nl").date(datetime.date(2026, 12, 1)) == "1 dec 2026"
    assert translator("nl").percent(0.25) == "25%"


def test_an_unknown_key_or_language_is_an_error():
    with pytest.raises(KeyError):
        t("no.such.key", "nl")
    with pytest.raises(ValueError):
        translator("fr")


# -- a decimal comma in Dutch: screen, log, command line ----------------------------------------


def _scenario():
    from sim import resources
    from sim.scenario.loader import load_scenario

    return load_scenario(resources.default_scenario()).scenario


def test_the_log_shows_a_decimal_comma_in_dutch():
    from sim.core.state import Change
    from sim.i18n.narrate import change_text

    sc = _scenario()
    ch = Change("leg", "meedoen", 4.5, 5.25)
    assert change_text(sc, ch, "nl").endswith("4,5 → 5,2") or change_text(sc, ch, "nl").endswith("4,5 → 5,3")
    assert "4.5" in change_text(sc, ch, "en")


def test_the_screen_shows_a_decimal_comma_in_dutch():
    from sim.ui import i18n as ui

    before = ui.language()
    try:
        ui.set_language("nl")
        assert ui.num(52.5) == "52,5"
        assert "1,5" in describe.effect(_scenario(), model.StressEffect(delta=-1.5), "nl")
        ui.set_language("en")
        assert ui.num(52.5) == "52.5"
    finally:
        ui.set_language(before)


# -- describe: one table per concern, exhaustive ------------------------------------------------


@pytest.mark.parametrize("union, table", [
    (model.Condition, describe.CONDITION_TEXT),
    (model.Effect, describe.EFFECT_TEXT),
    (model.Modifier, describe.MODIFIER_TEXT),
])
def test_describe_has_a_phrase_for_every_kind_of_the_model(union, table):
    kinds = set(typing.get_args(union))
    assert kinds and set(table) == kinds


# -- the log keeps hidden stressors secret ------------------------------------------------------


def test_the_game_log_never_names_a_stressor_nobody_knows_yet():
    from sim.analysis.batch import play_game, seat_policies
    from sim.i18n.narrate import log_line

    sc = _scenario()
    masked = {"nl": t("log.hidden_change", "nl"), "en": t("log.hidden_change", "en")}
    for seed in range(4):
        def check(state, _action):
            secret = [s for s, known in zip(sc.stressors, state.known) if not known]
            for lang in ("nl", "en"):
                names = [s.name.get(lang) for s in secret]
                for entry in state.log:
                    line = log_line(sc, entry, lang, state.known)
                    assert not any(n in line for n in names), line
        play_game(sc, seed, seat_policies(sc, "random"), on_step=check)
    # and a line that does change a hidden stressor (random play rarely makes one)
    from sim.core import engine
    from sim.core.state import Change, LogEntry, Phase

    start = engine.new_game(sc, 0)
    hidden = [s for s, known in zip(sc.stressors, start.known) if not known]
    assert hidden, "the default scenario has no hidden stressor: the test checks nothing"
    entry = LogEntry(1, Phase.VERWERKING, "log.verwerking", changes=tuple(Change("stressor", s.id, 2, 3) for s in hidden))
    for lang in ("nl", "en"):
        line = log_line(sc, entry, lang, start.known)
        assert masked[lang] in line and not any(s.name.get(lang) in line for s in hidden), line
        assert all(s.name.get(lang) in log_line(sc, entry, lang) for s in hidden), "unmasked lines name them"
