"""A shorter game (issue 11): chosen at the set-up, played to its own last week by the engine's end-of-game
rule, shown on the board's week counter, kept in the session file (and only there when chosen)."""

from __future__ import annotations

import json
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pygame_gui  # noqa: E402
import pytest  # noqa: E402

from sim.core import engine  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402
from sim.session import sessionfile as sf  # noqa: E402
from sim.ui.session import Session  # noqa: E402

JAN = Path(__file__).resolve().parent.parent / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.fixture(scope="module")
def loaded():
    return load_scenario(JAN)


def _played(session: Session) -> Session:
    session.show_moments = False
    session.skip_moments()
    while not engine.is_over(session.state):
        if session.ai_step() is None:
            session.advance()
    return session


def _session(loaded, rounds: int | None) -> Session:
    seats = {a.id: "protocol" for a in loaded.scenario.agencies}  # by the book
    return Session(loaded.scenario, seed=3, seats=seats, rounds=rounds, scenario_path=str(JAN), content_hash=loaded.content_hash)


def test_a_shorter_game_ends_in_its_own_last_week(loaded):
    full = loaded.scenario.rounds
    assert full > 6, "the shipped scenario is longer than the short game"
    short = _played(_session(loaded, 6))
    assert short.scenario.rounds == 6 and short.short_rounds == 6 and short.full_rounds == full
    assert short.state.round <= 6
    if short.state.end_reason == "rounds":
        assert short.state.round == 6
    whole = _played(_session(loaded, None))
    assert whole.short_rounds is None and whole.scenario is loaded.scenario
    assert whole.state.round > 6 or whole.state.end_reason != "rounds", "by the book, the whole game runs past week 6"


def test_a_length_not_shorter_is_the_scenario_itself(loaded):
    sc = loaded.scenario
    assert sf.shortened(sc, None) is sc
    assert sf.shortened(sc, sc.rounds) is sc and sf.shortened(sc, sc.rounds + 5) is sc
    assert sf.shortened(sc, 4).rounds == 4 and sf.shortened(sc, 4).id == sc.id


def test_the_session_file_keeps_the_length_and_resumes_it(loaded):
    session = _session(loaded, 6)
    for _ in range(5):
        if session.ai_step() is None:
            session.advance()
    saved = sf.capture(session)
    text = sf.to_json(saved)
    assert json.loads(text)["rounds"] == 6
    again = sf.from_json(text)
    assert again.rounds == 6
    resumed, warnings = Session.resume(again, loaded)
    assert not warnings
    assert resumed.short_rounds == 6 and resumed.scenario.rounds == 6
    assert resumed.state == session.state
    state, _ = sf.restore(again, loaded)  # the CLI's replay and the report take the same road
    assert state == session.state


def test_a_whole_game_writes_no_length_key_and_old_files_read_as_whole_games(loaded):
    saved = sf.capture(_session(loaded, None))
    data = json.loads(sf.to_json(saved))
    assert "rounds" not in data, "a file without a shorter game keeps its bytes"
    assert sf.from_json(json.dumps(data)).rounds is None


@pytest.mark.parametrize("bad", [0, -1, 53, "6", 6.0, True, [6]])
def test_a_bad_length_in_a_file_is_refused_by_name(loaded, bad):
    data = json.loads(sf.to_json(sf.capture(_session(loaded, 6))))
    data["rounds"] = bad
    with pytest.raises(sf.SessionFileError) as err:
        sf.from_json(json.dumps(data), "x.json")
    assert "rounds" in err.value.text("en") and "weeks" in err.value.text("en")
    assert "weken" in err.value.text("nl")


@pytest.fixture
def app():
    from sim.ui.app import App

    window = App(str(JAN), "nl", window_size=(1280, 800))
    yield window
    pygame.quit()


def test_the_set_up_offers_the_short_game_and_the_board_counts_its_weeks(app):
    from sim.ui.i18n import tr

    setup = app.switch("setup", path=JAN)
    labels = [text for text, _ in setup.length_menu.options_list]
    assert labels[0] == "8 weken" and "kort: 6 weken" in labels
    app.handle(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=setup.length_menu, text="kort: 6 weken"))
    assert setup.rounds == 6
    app.apply(setup.start())
    board = app.scene
    assert board.session.short_rounds == 6 and board.session.scenario.rounds == 6
    assert board.session.saved is not None and board.session.saved.rounds == 6, "the autosave holds the length from the start"
    assert tr("uiboard.week_short", round=1, rounds=6) == "Week 1 van 6 (kort spel)"
    back = app.switch("setup", path=JAN)
    app.handle(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=back.length_menu, text="8 weken"))
    assert back.rounds is None
