"""The one gate for secrets: no view or message to a seat names a stressor hidden from it.

A property test plays random games of every shipped scenario and, after every
move, renders every seat's view and the reasons of its illegal moves; none may
name (id or name, in either language) a stressor the seat's observation hides.
The gate's last check, `outgoing`, is shown to catch a leak planted in a message.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.analysis.batch import play_game, seat_policies
from sim.core import engine
from sim.core.state import PlayCard
from sim.i18n import reason_text
from sim.net import gate
from sim.net.host import Host
from sim.net.seats import BOARD, FACILITATOR, Seat, all_seats, team
from sim.net.table import HeadlessTable
from sim.scenario.loader import load_scenario
from tests.conftest import SCENARIOS

LOADED = {p.stem: load_scenario(p).scenario for p in SCENARIOS}


def _all_text(view) -> str:
    return json.dumps(view, ensure_ascii=False)


def _check_state(sc, state, lang):
    for seat in all_seats(a.id for a in sc.agencies):
        mask = gate.knowledge(sc, state, seat)
        text = _all_text(gate.seat_view(sc, state, seat, gate.Context(lang=lang)))
        assert gate.leaks(text, sc, mask) == [], (seat, state.round, state.phase)
        if seat.role == "team":  # the reason a card of its own is refused, as the console would hear it
            for card in sc.cards_of(seat.agency):
                reason = engine.why_not(sc, state, PlayCard(seat.agency, card.id))
                if reason is not None:
                    assert gate.leaks(reason_text(reason, lang, sc, mask), sc, mask) == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(LOADED)), seed=st.integers(0, 10_000), lang=st.sampled_from(["nl", "en"]),
       policy=st.sampled_from(["random", "grensverlegger", "protocol"]))
def test_no_view_ever_names_a_stressor_hidden_from_its_seat(name, seed, lang, policy):
    sc = LOADED[name]
    seen = []
    play_game(sc, seed, seat_policies(sc, policy), on_step=lambda state, action: seen.append(state))
    assert seen, "the game made no move"
    for state in seen[:: max(1, len(seen) // 12)] + seen[-1:]:
        _check_state(sc, state, lang)


def _holder(sc, state, stressor):
    """The one team whose dossier holds `stressor` at the start of this game (drawn per seed)."""
    (holder,) = state.dossiers[sc.stressor_index[stressor]]
    return holder


def test_each_seat_sees_exactly_what_its_observation_holds():
    sc = LOADED["jan-in-de-portiek"]
    state = engine.new_game(sc, 3)
    holder = _holder(sc, state, "laaggeletterdheid")  # who knows it is drawn per seed
    wijkteam = gate.seat_view(sc, state, team(holder), gate.Context())
    board = gate.seat_view(sc, state, Seat(BOARD), gate.Context())
    facilitator = gate.seat_view(sc, state, Seat(FACILITATOR), gate.Context())
    assert [s["id"] for s in wijkteam["dossier"]] == ["laaggeletterdheid"]  # in this seed's dossier of `holder`
    assert "laaggeletterdheid" not in {s["id"] for s in board["stressors"]}
    assert board["hidden_count"] == 2 and wijkteam["hidden_count"] == 1
    assert {s["id"] for s in facilitator["stressors"]} == {s.id for s in sc.stressors}
    assert "hand" not in board and "dossier" not in board and "events" not in board
    other = next(a.id for a in sc.agencies if a.id != holder and a.id in state.in_play
                 and not any(a.id in d for d in state.dossiers))
    sd = gate.seat_view(sc, state, team(other), gate.Context())
    assert {c["id"] for c in sd["hand"]} == {c.id for c in sc.cards_of(other)}
    assert sd["dossier"] == []


@pytest.mark.parametrize("planted", ["laaggeletterdheid", "Laaggeletterdheid", "Low literacy", "water_afgesloten"])
def test_the_last_check_withholds_a_message_that_names_a_hidden_stressor(planted):
    sc = LOADED["jan-in-de-portiek"]
    state = engine.new_game(sc, 3)
    with pytest.raises(gate.Withheld):
        gate.outgoing(sc, state, Seat(BOARD), {"type": "info", "text": f"psst: {planted}"})
    host = Host(HeadlessTable(sc, 3))
    sent = json.loads(host.send(Seat(BOARD), {"type": "info", "text": f"psst: {planted}"}))
    assert sent["type"] == "error" and planted.lower() not in json.dumps(sent).lower()


def test_the_last_check_lets_a_seat_hear_its_own_secret():
    sc = LOADED["jan-in-de-portiek"]
    state = engine.new_game(sc, 3)
    holder = _holder(sc, state, "laaggeletterdheid")
    text = gate.outgoing(sc, state, team(holder), {"type": "info", "text": "Laaggeletterdheid"})
    assert "Laaggeletterdheid" in text
    outsider = next(a.id for a in sc.agencies if a.id not in state.dossiers[sc.stressor_index["laaggeletterdheid"]])
    assert gate.leaks("Laaggeletterdheid", sc, gate.knowledge(sc, state, team(outsider))) == ["Laaggeletterdheid"]
