"""The language pass: every catalog text read as a sentence, weeks not rounds, organisations with their article."""

from __future__ import annotations

import re
import string

import pytest

from sim import resources
from sim.core.reasons import Reason
from sim.core.state import Change, LogEntry, Phase
from sim.i18n import reason_text, t, translator
from sim.i18n.catalog import entries
from sim.i18n.names import in_sentence, sentence, team_in_sentence
from sim.scenario.loader import load_scenario

LANGS = ("nl", "en")
# Words of the algorithms that must not reach a Dutch screen (command-line options such as --seed aside).
ALGORITHM_WORDS = ("greedy", "gulzig", "seed", "random", "policy", "strategie", "simulaties", "round")
PLURAL_HACK = re.compile(r"\w\((s|en|es|n|e)\)")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _readable(text: str) -> str:
    """The words a user reads: placeholders and command-line options taken out."""
    text = re.sub(r"\{[^}]*\}", " ", text)
    return re.sub(r"--[a-z-]+", " ", text)


def _all_texts(lang: str):
    for (ctx, key), forms in entries(lang).items():
        for form in forms:
            yield (f"{ctx}|{key}" if ctx else key), form


@pytest.fixture(scope="module")
def portiek():
    return load_scenario(resources.default_scenario()).scenario


def test_every_key_has_a_text_in_both_languages_with_the_same_placeholders():
    nl, en = entries("nl"), entries("en")
    assert set(nl) == set(en) and len(nl) > 450
    empty = [(lang, k) for lang in LANGS for k, f in _all_texts(lang) if not f.strip()]
    assert empty == []
    differ = [k for k in nl if [_fields(f) for f in nl[k]] != [_fields(f) for f in en[k]] or len(nl[k]) != len(en[k])]
    assert differ == []


def test_no_text_makes_a_plural_with_brackets():
    hacks = [(lang, k, f) for lang in LANGS for k, f in _all_texts(lang) if PLURAL_HACK.search(f)]
    assert hacks == []
    # the check finds one
    assert PLURAL_HACK.search("na 3 ronde(s) wachtlijst") and PLURAL_HACK.search("3 round(s)")


def test_no_algorithm_words_on_a_dutch_screen():
    found = [(k, w) for k, f in _all_texts("nl") for w in ALGORITHM_WORDS
             if re.search(rf"\b{w}", _readable(f), re.IGNORECASE)]
    assert found == []
    assert re.search(r"\bseed", _readable("Spelnummer (seed): {seed}")), "the check finds one"
    assert not re.search(r"\bseed", _readable("--seed moet 0 of meer zijn"))


def test_users_read_weeks_not_rounds():
    nl = [(k, f) for k, f in _all_texts("nl") if re.search(r"\bronde", _readable(f), re.IGNORECASE)]
    en = [(k, f) for k, f in _all_texts("en") if re.search(r"\brounds?\b", _readable(f), re.IGNORECASE)]
    assert nl == [] and en == []


def test_a_plural_entry_chooses_by_its_count():
    for lang in LANGS:
        tr = translator(lang)
        assert tr("card.rounds", n=1) != tr("card.rounds", n=3)
    assert translator("nl")("debrief.rounds", rounds=1, stress=20) == "1 week gespeeld · eindstress 20"
    assert translator("nl")("debrief.rounds", rounds=8, stress=20) == "8 weken gespeeld · eindstress 20"
    assert translator("en")("card.cost_value", cost=1) == "1 hour" and translator("en")("card.cost_value", cost=2) == "2 hours"
    assert translator("nl")("board.more_rules", n=1) == "… en nog 1 regel"


# -- an organisation in a sentence ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang", "said"), [
    ("Sociale dienst", "nl", "de sociale dienst"),
    ("Wijkteam", "nl", "het wijkteam"),
    ("GGZ", "nl", "de GGZ"),
    ("Politie", "nl", "de politie"),
    ("Woningcorporatie", "nl", "de woningcorporatie"),
    ("Waterbedrijf", "nl", "het waterbedrijf"),
    ("Jeugdbescherming", "nl", "de jeugdbescherming"),
    ("Veilig Thuis", "nl", "Veilig Thuis"),
    ("Humanitas", "nl", "Humanitas"),
    ("de Buurvrouw", "nl", "de Buurvrouw"),
    ("Police", "en", "the police"),
    ("Neighbourhood team", "en", "the neighbourhood team"),
    ("GP", "en", "the GP"),
    ("Social services", "en", "social services"),
    ("Mental health care", "en", "mental health care"),
    ("The landlord", "en", "the landlord"),
])
def test_an_organisation_is_said_with_its_article(name, lang, said):
    assert in_sentence(name, lang) == said


def test_a_sentence_starts_with_a_capital_and_a_team_keeps_its_own_name():
    assert sentence("het wijkteam speelt") == "Het wijkteam speelt" and sentence("'x'") == "'x'"
    assert team_in_sentence("Team Noord", "Sociale dienst", "nl") == "Team Noord (sociale dienst)"
    assert team_in_sentence("Team Noord", "GGZ", "nl") == "Team Noord (GGZ)"
    assert team_in_sentence("", "Wijkteam", "nl") == "het wijkteam"


# -- the engine's sentences ------------------------------------------------------------------------


def test_the_reasons_read_as_sentences(portiek):
    def say(lang, key, **params):
        return reason_text(Reason(key, params), lang, portiek)

    assert say("nl", "why.stress_too_low", have=42, min=70) == "Pas bij een stress van 70 of meer (nu 42)."
    assert say("en", "why.flag_missing", flag=("flag", "huisarts_contact")) == "Only when: In touch with a GP."
    assert say("nl", "why.not_in_play", agency=("agency", "sociale_dienst")) == "De sociale dienst speelt niet mee in dit spel."
    assert say("nl", "why.trust_too_low", agency=("agency", "wijkteam"), have=2, min=4) == \
        "Het vertrouwen in het wijkteam is te laag: 2, nodig is 4."
    assert say("nl", "why.flag_too_recent", flag=("flag", "huisarts_contact"), rounds=2) == \
        "Dit kan pas 2 weken na: Contact met een huisarts."


def test_the_joint_card_asks_its_partners(portiek):
    nl = translator("nl")("joint.question", partners="Team Noord, de politie", card="Huisbezoek", cost=1)
    assert nl == "Team Noord, de politie: doen jullie mee met 'Huisbezoek'? Het kost jullie elk 1 uur van deze week."
    assert translator("en")("joint.question", partners="Team North", card="Visit", cost=2).endswith("2 hours this week.")


def test_a_waiting_list_is_told_in_weeks(portiek):
    from sim.i18n import describe

    delayed = next(e for c in portiek.cards for e in c.effects if e.delay)
    nl, en = describe.effect(portiek, delayed, "nl"), describe.effect(portiek, delayed, "en")
    weeks = {1: ("week", "week"), }.get(delayed.delay, ("weken", "weeks"))
    assert nl.endswith(f"(na {delayed.delay} {weeks[0]} op de wachtlijst)"), nl
    assert en.endswith(f"(after {delayed.delay} {weeks[1]} on the waiting list)"), en


def test_the_facilitators_adjustment_names_the_organisation(portiek):
    from sim.i18n.narrate import log_line

    entry = LogEntry(2, Phase.ACTIES, "log.adjust", ref="trust", note="goed gesprek",
                     changes=(Change("trust", "ggz", 3, 5),))
    assert log_line(portiek, entry, "nl") == "De spelleider past vertrouwen in de GGZ aan: goed gesprek (vertrouwen in de GGZ 3 → 5)"
    assert log_line(portiek, entry, "en").startswith("The facilitator adjusted trust in mental health care: goed gesprek")


def test_a_whole_game_played_by_the_computer_reads_well_in_both_languages(portiek):
    from sim.analysis.batch import play_game, seat_policies
    from sim.i18n.narrate import log_line

    state = play_game(portiek, 3, seat_policies(portiek, "expert"))
    teams = {"wijkteam": "Team Noord"}
    lines = {lang: [log_line(portiek, e, lang, state.known, teams) for e in state.log] for lang in LANGS}
    assert lines["nl"][0] == "Week 1 begint." and lines["en"][0] == "Week 1 begins."
    assert "Einde van week 1: de stressoren en de stabiliteit worden verwerkt" in "\n".join(lines["nl"])
    assert "De sociale dienst is klaar voor deze week." in lines["nl"]
    assert "Team Noord (wijkteam) is klaar voor deze week." in lines["nl"]
    assert "Team Noord (neighbourhood team) finished for this week." in lines["en"]
    assert any(re.fullmatch(r"De politie speelt '[^']+'.*\.", line) for line in lines["nl"])
    for lang in LANGS:
        assert all(line[:1].isupper() or line[:1] in "'\"" for line in lines[lang]), lang
        labels = [a.name.get(lang) for a in portiek.agencies if a.name.get(lang)[1:].islower()]
        # a common noun is never capitalised in the middle of a sentence ("... met De sociale dienst")
        mid = [ln for ln in lines[lang] for name in labels if re.search(rf"(?<=\w[ ,(]){re.escape(name)}\b", ln)]
        assert mid == [], mid[:3]
        text = "\n".join(lines[lang])
        assert not re.search(r"\bronde|\bround\b", text, re.IGNORECASE)
    assert t("log.start", "nl", round=2) == "Week 2 begint."


# -- after a language switch nothing is left in the old language ------------------------------------


def test_a_language_switch_remakes_the_message_box_and_the_open_card():
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame
    from test_ui import DEFAULT, click_element, key

    from sim.ui.app import App

    app = App(str(DEFAULT), "nl", window_size=(1920, 1080))
    try:
        click_element(app, next(iter(app.scene.buttons)))
        click_element(app, app.scene.start_btn)
        board = app.scene
        for _ in range(3):  # to the case conference, to the actions, the first team passes
            click_element(app, board.primary)
        assert board.last_text()[0] == "De sociale dienst is klaar voor deze week."
        key(app, pygame.K_1)
        card = board.detail
        assert card is not None
        title_nl = card.window_display_title
        click_element(app, board.lang_btn)
        assert app.lang == "en"
        assert board.last_text()[0] == "Social services finished for this week."
        assert board.detail is not None and board.detail is not card, "the open card is made again"
        assert board.detail.window_display_title != title_nl
        click_element(app, board.lang_btn)
        assert board.last_text()[0] == "De sociale dienst is klaar voor deze week."
    finally:
        pygame.quit()


def test_a_said_text_is_made_again_and_a_plain_one_stays():
    from sim.ui.i18n import language, remake, said_key, set_language

    was = language()
    try:
        set_language("nl")
        texts = [said_key("board.undone"), "Team Noord"]
        assert texts[0] == "De laatste zet is ongedaan gemaakt."
        assert remake(texts, "en") == ["The last move was undone.", "Team Noord"]
    finally:
        set_language(was)


def test_looking_back_says_its_position_again_after_a_switch():
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame
    from test_ui import DEFAULT

    from sim.scenario.loader import load_scenario as load
    from sim.session import sessionfile as sf
    from sim.ui.app import App
    from sim.ui.shots import seeded_session

    app = App(str(DEFAULT), "nl", window_size=(1280, 800))
    try:
        played = seeded_session("debrief", "nl")
        replay = app.switch("replay", saved=sf.capture(played), loaded=load(DEFAULT))
        replay.move_to(1)
        assert replay.flash[-1].startswith("Terugkijken: zet 1 van ")
        app.toggle_language()
        assert replay.flash[-1].startswith("Looking back: move 1 of "), replay.flash[-1]
    finally:
        pygame.quit()
