"""Companion mode is part of the session file: a resumed companion game is still one (issue 14)."""

from __future__ import annotations

import attrs
import pytest

from sim.session import codec
from sim.session.model import SavedSession, SessionFileError

BASE = SavedSession("x.yaml", "jan", "h" * 64, 1, ("sd",))


def test_companion_mode_round_trips_and_other_files_keep_their_bytes():
    on = codec.to_json(attrs.evolve(BASE, companion=True))
    assert codec.from_json(on).companion is True
    off = codec.to_json(BASE)
    assert "companion" not in off, "a session that is not in companion mode writes the same bytes as before"
    assert codec.from_json(off).companion is False


@pytest.mark.parametrize("bad", ["1", '"ja"', "null", "[]"])
def test_a_damaged_companion_field_is_refused_with_a_message(bad):
    text = codec.to_json(attrs.evolve(BASE, companion=True)).replace('"companion": true', f'"companion": {bad}')
    with pytest.raises(SessionFileError, match="companion"):
        codec.from_json(text)


def test_a_resumed_companion_game_is_still_one():
    from sim.scenario.loader import load_scenario
    from sim.session import sessionfile as sf
    from sim.ui.session import Session
    from tests.conftest import ROOT

    loaded = load_scenario(ROOT / "scenarios" / "jan-in-de-portiek.yaml")
    session = Session(loaded.scenario, seed=2, scenario_path=loaded.path, content_hash=loaded.content_hash)
    session.companion = True
    saved = codec.from_json(codec.to_json(sf.capture(session)))
    resumed, _ = Session.resume(saved, loaded)
    assert resumed.companion is True and resumed.hand() == [], "the hand gives way to code entry again"
