"""A whole game runs on the small scenario and the record replays to the same state."""

from sim.analysis.batch import play_game, seat_policies
from sim.core import engine
from sim.session.record import GameRecord, replay


def test_random_game_ends_and_replays(mini):
    state = play_game(mini, 7, seat_policies(mini, "random"))
    assert engine.is_over(state)
    record, _ = GameRecord.from_json(GameRecord.of(mini, "x", state).to_json())
    again = replay(mini, record)
    assert again == state
