"""Sharing from a team's console: with one partner or with the whole table (`to` None), through the host."""

from __future__ import annotations

import pytest

from sim.core.state import NextPhase, Pass, Share
from sim.net.host import Host
from sim.net.messages import BadMessage, team_action
from sim.net.seats import BOARD, Seat, team
from sim.net.table import HeadlessTable
from sim.scenario.loader import load_scenario
from tests.conftest import ROOT

JAN = load_scenario(ROOT / "scenarios" / "jan-in-de-portiek.yaml").scenario


def _wijkteams_turn() -> Host:
    host = Host(HeadlessTable(JAN, 9))  # seed 9: low literacy is in the wijkteam's dossier
    for _ in range(2):
        host.table.apply(NextPhase())
    for agency in ("sociale_dienst", "politie", "ggz", "woningcorporatie"):
        host.table.apply(Pass(agency))
    return host


def test_a_share_with_the_whole_table_is_a_move_of_its_own_and_the_board_sees_it():
    host = _wijkteams_turn()
    moves = [m for m in host.view(team("wijkteam"))["moves"] if m["kind"] == "Share"]
    table = next(m for m in moves if m["action"]["to"] is None)
    assert table["label"] == "Leg ‘Laaggeletterdheid’ op tafel, voor iedereen"
    assert "Laaggeletterdheid" not in str(host.view(Seat(BOARD))["stressors"])
    assert host.handle(team("wijkteam"), {"type": "act", "action": table["action"]}) is None
    assert host.table.state.actions[-1] == Share("wijkteam", "laaggeletterdheid", None)
    board = host.view(Seat(BOARD))
    assert "Laaggeletterdheid" in board["log"][-1] and "Laaggeletterdheid" in str(board["stressors"])


def test_a_share_with_one_partner_goes_through_too():
    host = _wijkteams_turn()
    move = next(m for m in host.view(team("wijkteam"))["moves"] if m["kind"] == "Share" and m["action"]["to"] == "ggz")
    assert host.handle(team("wijkteam"), {"type": "act", "action": move["action"]}) is None
    assert host.table.state.actions[-1] == Share("wijkteam", "laaggeletterdheid", "ggz")


@pytest.mark.parametrize("to", [123, True, "", "x" * 200, ["ggz"]])
def test_a_partner_that_is_not_an_id_or_none_is_refused(to):
    with pytest.raises(BadMessage):
        team_action({"kind": "Share", "stressor": "laaggeletterdheid", "to": to}, "wijkteam")


def test_none_is_refused_where_the_action_field_must_be_an_id():
    with pytest.raises(BadMessage):
        team_action({"kind": "Share", "stressor": None, "to": None}, "wijkteam")
