"""Called to account, on the screen: a crossing says whether it is covered and by what; the manager's event
says which crossings it is about and what would have covered them; the debrief marks each crossing's fate.

Played with the real engine on Jan: the social services keep the benefit running in week 1, once without
cover (the manager asks in week 2) and once after Ruimte van de manager (nobody asks). The expected words
are read from the scenario (its account events, card titles and flag names), not written into the test.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from sim.core import engine
from sim.core.state import LogEntry, LogKind, NextPhase, Pass, Phase, PlayCard
from sim.i18n import name_of, translator
from sim.scenario.loader import load_scenario
from sim.ui import accounts
from sim.ui.moments import moments_from
from sim.ui.scenes import presenter_panels as panels
from sim.ui.session import Session

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
SD = "sociale_dienst"
CROSS = "sd_uitkering_laten_doorlopen"
ROOM = "sd_ruimte_van_de_manager"


@pytest.fixture(scope="module")
def jan():
    return load_scenario(JAN).scenario


def _tr(lang, key, **params):
    return translator(lang).p("screen", key, **params)


def _to_acties(sc, st):
    while st.phase is not Phase.ACTIES:
        st = engine.apply(sc, st, NextPhase())
    return st


def _next_week(sc, st):
    """Everyone passes; the Verwerking runs; the next week's events resolve (the manager's among them)."""
    week = st.round
    while st.round == week and not engine.is_over(st):
        st = engine.apply(sc, st, Pass(st.active_agency) if st.phase is Phase.ACTIES and st.active_agency else NextPhase())
    return st


def _play(sc, st, cards):
    states = [st]
    for card in cards:
        states.append(engine.apply(sc, states[-1], PlayCard(SD, card)))
    return states


def test_every_agency_of_jan_has_an_account_event_with_its_covers(jan):
    rules = accounts.account_rules(jan)
    assert set(rules) == {a.id for a in jan.agencies}
    sd = rules[SD]
    assert accounts.ACCOUNT_TAG in jan.event_by_id[sd.event].tags and jan.event_by_id[sd.event].responder == SD
    cover_cards = {c.card for c in sd.covers if hasattr(c, "card")}
    assert ROOM in cover_cards and all(not getattr(c, "set", False) for c in sd.covers)
    untagged = attrs.evolve(jan, events=tuple(e for e in jan.events if accounts.ACCOUNT_TAG not in e.tags))
    assert accounts.account_rules(untagged) == {}  # a scenario without the pattern: nothing is said about cover


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_uncovered_crossing_says_what_would_cover_it_and_the_manager_then_names_it(jan, lang):
    st = _to_acties(jan, engine.new_game(jan, 1))
    before, after = _play(jan, st, [CROSS])
    [m] = [m for m in moments_from(jan, before, after, lang) if m.kind == "crossing"]
    rule = accounts.account_rules(jan)[SD]
    covers = accounts.cover_names(jan, rule, lang)
    assert len(covers) >= 2
    want = _tr(lang, "account.uncovered", agency=name_of(("agency", SD), lang, jan), covers=_tr(lang, "account.or").join(covers))
    assert want in m.lines
    deviation = next(iter(rule.deviation))
    assert not any(jan.flags[deviation].get(lang) in line for line in m.lines)  # said in words, not as a raw flag line

    week2 = _next_week(jan, after)
    i = next(k for k, e in enumerate(week2.log) if e.ref == rule.event)
    told = moments_from(jan, after, week2, lang)
    [account] = [x for x in told if x.title == jan.event_by_id[rule.event].title.get(lang)]
    card = name_of(("card", CROSS), lang, jan)
    assert any(card in line and _tr(lang, "account.about", crossings="")[:6] in line for line in account.lines)
    assert _tr(lang, "account.would_cover", covers=_tr(lang, "account.or").join(covers)) in account.lines
    assert account.lines.index(_tr(lang, "account.would_cover", covers=_tr(lang, "account.or").join(covers))) < 4  # before the figures
    [fate] = [f for f in accounts.fates(jan, week2.log) if f.agency == SD]
    assert (fate.status, fate.week, fate.ref) == ("account", 2, CROSS)
    assert accounts.accounted(jan, week2.log, i) == [fate]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_crossing_under_room_from_the_manager_is_covered_and_nobody_asks(jan, lang):
    st = _to_acties(jan, engine.new_game(jan, 1))
    _, ruled, after = _play(jan, st, [ROOM, CROSS])
    [m] = [m for m in moments_from(jan, ruled, after, lang) if m.kind == "crossing"]
    assert _tr(lang, "account.covered", cover=name_of(("card", ROOM), lang, jan)) in m.lines
    week2 = _next_week(jan, after)
    assert not any(e.ref == accounts.account_rules(jan)[SD].event for e in week2.log)
    [fate] = [f for f in accounts.fates(jan, week2.log) if f.agency == SD]
    assert fate.status == "covered" and getattr(fate.cover, "card", None) == ROOM
    assert accounts.fate_text(jan, fate, lang) == _tr(lang, "account.fate_covered", cover=name_of(("card", ROOM), lang, jan))


def _session_with(jan, cards):
    Session.moments_default = False
    try:
        s = Session(jan, seed=1)
    finally:
        Session.moments_default = True
    s.states[-1] = _to_acties(jan, s.state)
    for card in cards:
        s.apply(PlayCard(SD, card))
    s.states.append(_next_week(jan, s.state))
    return s


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_debrief_marks_each_crossing_with_its_fate_and_counts_the_accounts(jan, lang):
    uncovered = panels.crossing_rows(_session_with(jan, [CROSS]), lang)
    texts = [r.text for r in uncovered]
    sd_name = name_of(("agency", SD), lang, jan)
    assert texts[0] == _tr(lang, "account.summary", n=1, teams=_tr(lang, "account.team_weeks", agency=sd_name, weeks="2"))
    [row] = [r for r in uncovered if r.agency == SD]
    assert row.text.endswith(_tr(lang, "account.fate_account", round=2)) and row.style == "warn"

    covered = panels.crossing_rows(_session_with(jan, [ROOM, CROSS]), lang)
    assert covered[0].text == _tr(lang, "account.summary_none")
    [row] = [r for r in covered if r.agency == SD]
    assert row.style == "body" and name_of(("card", ROOM), lang, jan) in row.text


def test_a_share_is_a_crossing_moment_that_keeps_the_secret(jan):
    st = _to_acties(jan, engine.new_game(jan, 1))
    hidden = next(k for k, known in enumerate(st.known) if not known)
    sid = jan.stressors[hidden].id
    share = LogEntry(st.round, st.phase, LogKind.SHARE, "woningcorporatie", sid, (), to="ggz")
    after = attrs.evolve(st, log=(*st.log, share))
    for lang in ("nl", "en"):
        [m] = moments_from(jan, st, after, lang)
        assert m.kind == "crossing" and m.title == _tr(lang, "account.share_title")
        words = " ".join((m.title, m.tag, *m.lines))
        assert jan.stressors[hidden].name.get(lang) not in words
        assert any(line.startswith(_tr(lang, "account.uncovered", agency="", covers="")[:8]) for line in m.lines)


def test_a_boundary_tile_and_the_team_row_say_covered_or_not(jan):
    from sim.ui.board import views

    s = _session_with(jan, [])
    st = _to_acties(jan, engine.new_game(jan, 1))
    card = jan.card_by_id[CROSS]
    assert views._playable_words(s, st, card) == _tr("nl", "tile.playable_uncovered")
    ruled = _play(jan, st, [ROOM])[-1]
    assert views._playable_words(s, ruled, card) == _tr("nl", "tile.playable_covered")
    procedure = next(c for c in jan.cards_of(SD) if not c.is_boundary)
    assert views._playable_words(s, st, procedure) == _tr("nl", "tile.playable")
    assert views._deviation_chip(s, st, SD) is None  # nothing crossed yet
    crossed = _play(jan, st, [CROSS])[-1]
    assert views._deviation_chip(s, crossed, SD)[0] == _tr("nl", "board.chip_open")
    assert views._deviation_chip(s, _play(jan, ruled, [CROSS])[-1], SD)[0] == _tr("nl", "board.chip_covered")


def test_the_teams_view_and_banner_stay_legible_with_the_chips_and_expert_seats(app):
    from sim.ui.legibility import check_scene

    jan = app.scenario if hasattr(app, "scenario") else load_scenario(JAN).scenario
    s = Session(jan, seed=1, seats={a.id: "expert" for a in jan.agencies})
    s.states[-1] = _to_acties(jan, s.state)
    s.apply(PlayCard(SD, CROSS))
    for aid in ("politie", "woningcorporatie"):  # the longest policy words beside a long agency name
        while s.state.active_agency != aid:
            s.apply(Pass(s.state.active_agency))
        board = app.switch("board", session=s)
        for view in ("hand", "teams"):
            board.show_view(view)
            app.frame(1 / 60)
            app.frame(1 / 60)
            assert check_scene(app.scene) == [], (aid, view)


def test_a_table_that_crosses_wherever_it_can_sees_every_line_whole(app):
    """People at every seat play the first legal boundary card (and share) until none is left, week 1 to 2:
    after every move the board (hand and teams view) passes the legibility check; the manager then asks."""
    from sim.core.state import Share
    from sim.ui.legibility import check_scene

    jan = load_scenario(JAN).scenario
    s = Session(jan, seed=1)
    s.states[-1] = _to_acties(jan, s.state)
    board = app.switch("board", session=s)
    plays = 0
    while s.state.round == 1:
        st = s.state
        cards = sorted((a for a in engine.legal_actions(jan, st) if isinstance(a, PlayCard) and jan.card_by_id[a.card].is_boundary),
                       key=lambda a: -len(jan.card_by_id[a.card].title.get("nl")))  # the longest line first
        legal = [*cards, *(a for a in engine.legal_actions(jan, st) if isinstance(a, Share))]
        s.apply(legal[0] if legal else Pass(st.active_agency) if st.active_agency else NextPhase())
        board.on_state_changed(st)
        plays += bool(legal)
        for view in ("hand", "teams"):
            board.show_view(view)
            app.frame(1 / 60)
            assert check_scene(app.scene) == [], (st.active_agency, view, legal[:1])
    assert plays >= 5
    rules = accounts.account_rules(jan)
    asked = {e.agency for e in s.state.log if e.round == 2 and e.agency in rules and e.ref == rules[e.agency].event}
    assert len(asked) >= 3  # uncovered crossings: the managers ask in week 2


def test_the_summary_counts_shares_apart_from_crossings(jan):
    """The debrief's crossing count has no shares in it, so the covered count beside it keeps them apart."""
    st = _to_acties(jan, engine.new_game(jan, 1))
    _, ruled, crossed = _play(jan, st, [ROOM, CROSS])
    share = LogEntry(crossed.round, crossed.phase, LogKind.SHARE, SD, jan.stressors[0].id, (), to="ggz")
    week2 = _next_week(jan, attrs.evolve(crossed, log=(*crossed.log, share)))
    lines = accounts.summary_lines(jan, week2.log, "nl")
    assert lines[-1] == _tr("nl", "account.summary_covered_shares", n=1, shares=1, covers=name_of(("card", ROOM), "nl", jan))
