"""What if: the group's game beside the same seed played by the computer."""

from __future__ import annotations

from sim import resources
from sim.analysis.batch import play_game, seat_policies
from sim.analysis.whatif import COMPUTER, course, what_if
from sim.scenario.loader import load_scenario


def test_the_what_if_is_the_same_for_the_same_seed_and_follows_the_seed():
    sc = load_scenario(resources.default_scenario()).scenario
    group = play_game(sc, 7, seat_policies(sc, "random"))
    first = what_if(sc, group)
    assert [c.who for c in first] == ["group", *COMPUTER]
    assert first == what_if(sc, group)  # the same every time the debrief opens
    assert first[0] == course("group", group)
    for row, policy in zip(first[1:], COMPUTER):
        alone = play_game(sc, 7, seat_policies(sc, policy))  # a logged game ends the same as the quiet one
        assert (row.outcome, row.final_stress, row.weeks, row.crossings) == (
            alone.outcome.value, alone.stress, alone.round, len(alone.crossings))
    # By the book the person ends worse off than with the expert (the game's point, in its default scenario).
    protocol, expert = first[1], first[2]
    assert protocol.outcome == "crisis" and expert.outcome == "stabiel"
    assert protocol.crossings == 0 < expert.crossings



def test_the_computer_sits_at_the_same_agencies_as_the_group():
    sc = load_scenario(resources.default_scenario()).scenario
    table = [a.id for a in sc.agencies][:3]
    group = play_game(sc, 11, seat_policies(sc, "random"), in_play=table)
    assert list(group.in_play) == table
    rows = what_if(sc, group)
    alone = play_game(sc, 11, seat_policies(sc, "expert"), in_play=table)
    assert (rows[2].final_stress, rows[2].weeks, rows[2].crossings) == (alone.stress, alone.round, len(alone.crossings))
    full = play_game(sc, 11, seat_policies(sc, "expert"))
    assert alone.in_play != full.in_play
