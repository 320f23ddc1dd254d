"""What a new table saw cut off in English at the back of the room, now whole: the last team's pass button,
a long event title on a moment, a computer crossing's heading with a long team name."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from sim.core import engine  # noqa: E402
from sim.core.state import NextPhase, Pass, Phase  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402
from sim.ui.legibility import check_scene  # noqa: E402
from sim.ui.moments import Moment  # noqa: E402
from sim.ui.session import Session  # noqa: E402

JAN = Path(__file__).resolve().parent.parent / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_last_teams_pass_button_is_never_cut_off(app, lang):
    sc = load_scenario(JAN).scenario
    s = Session(sc, seed=1, lang=lang)
    st = s.state
    while st.phase is not Phase.ACTIES:
        st = engine.apply(sc, st, NextPhase())
    while st.turn + 1 < len(st.in_play):
        st = engine.apply(sc, st, Pass(st.active_agency))
    s.states[-1] = st
    app.set_language(lang)
    app.switch("board", session=s)
    app.frame(1 / 60)
    app.frame(1 / 60)
    assert check_scene(app.scene) == []


@pytest.mark.parametrize("title", ["The figures of the neighbourhood team are dropping",
                                   "Computer team Neighbourhood team — across a boundary"])
def test_a_long_title_or_heading_on_a_moment_is_drawn_whole(app, title):
    sc = load_scenario(JAN).scenario
    s = Session(sc, seed=1, lang="en")
    s.show_moments = True
    s._queue[:] = [((0, 0), Moment("event", title, title, ("A line of text.",), "wijkteam", 40.0))]
    app.set_language("en")
    app.switch("board", session=s)
    for _ in range(3):
        app.frame(1 / 60)
    assert app.scene.name == "moment"
    assert check_scene(app.scene) == []
