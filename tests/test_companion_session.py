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
