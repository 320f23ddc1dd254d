"""Nothing in the old language after a switch (issue 11): moments queued while the board is on top are told again."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

from sim.ui.moment_shots import moment_session  # noqa: E402

JAN = Path(__file__).resolve().parent.parent / "scenarios" / "jan-in-de-portiek.yaml"


def test_a_switch_on_the_board_retells_the_moments_already_queued(app):
    session = moment_session("moment-week", "nl", JAN)
    app.switch("board", session=session)  # no frame yet: the moments wait in the queue, the board is on top
    assert app.scene.name == "board" and session.moments_pending()
    dutch = [m.title for m in session.moments]
    app.set_language("en")
    english = [m.title for m in session.moments]
    assert session.lang == "en"
    assert english[0] != dutch[0], "the moment next on screen speaks English"
