"""Headless screenshots of every scene from a seeded game (`run_sim.py screenshot`)."""

from __future__ import annotations

import os
from pathlib import Path

from sim import resources
from sim.ui.moment_shots import MOMENT_SHOTS, moment_session

SCENES = ("menu", "setup", "board", "event", "debrief", "presenter")
MOMENTS = tuple(MOMENT_SHOTS)  # each moment as a scene of its own (sim.ui.moment_shots)
DEFAULT_SCENARIO = resources.default_scenario()


def seeded_session(scene: str, lang: str, scenario_path: Path = DEFAULT_SCENARIO, seed: int = 3):
    """A session at the moment a scene shows best: mid-game for the board, an event phase, or the end."""
    from sim.analysis.batch import play_game, seat_policies
    from sim.core import engine
    from sim.core.state import Phase, PlayCard
    from sim.scenario.loader import load_scenario
    from sim.ui.session import Session

    loaded = load_scenario(scenario_path)
    sc = loaded.scenario
    full = play_game(sc, seed, seat_policies(sc, "grensverlegger"))
    session = Session(sc, seed=seed, lang=lang, scenario_path=str(scenario_path), content_hash=loaded.content_hash,
                      names={sc.agencies[0].id: "Team Noord"} if sc.agencies else None, round_seconds=600)
    session.show_moments = False  # these scenes show the board as it stands, without a moment over it
    session.skip_moments()
    for action in full.actions:
        st = session.state
        if scene == "board" and st.round == 2 and st.phase is Phase.ACTIES and st.turn >= 1 and isinstance(action, PlayCard) is False:
            break
        if scene == "event" and st.round == 2 and st.phase is Phase.GEBEURTENIS:
            break
        session.apply(action)
    if scene in ("debrief", "presenter"):
        assert engine.is_over(session.state)
    return session


def screenshot(scene: str, lang: str, out: str | os.PathLike, scenario_path: Path = DEFAULT_SCENARIO,
               size: tuple[int, int] = (1920, 1080)) -> None:
    """Render `scene` in `lang` in a window of `size` (default 1920×1080) without a screen and save it as PNG.

    At 1920×1080 that is the logical frame; at any other size it is the window as a beamer of that
    size shows it: the frame scaled into it, with the bands it leaves (see `sim.ui.theme`)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from sim.ui.app import App
    from sim.ui.scenes.board import BoardScene

    app = App(str(scenario_path), lang, window_size=size)
    if scene == "setup":
        app.switch("setup", path=scenario_path)
    elif scene in ("board", "event"):
        session = seeded_session(scene, lang, scenario_path)
        board = app.switch("board", session=session)
        if scene == "board":
            before = session.states[-2] if len(session.states) > 1 else session.state
            assert isinstance(board, BoardScene)
            board.on_state_changed(before)
    elif scene in ("debrief", "presenter"):
        app.switch(scene, session=seeded_session(scene, lang, scenario_path))
    elif scene in MOMENT_SHOTS:  # the board, and over it (its first frame pushes it) the moment
        app.switch("board", session=moment_session(scene, lang, scenario_path))
    app.screenshot(out)
    if tuple(size) != (1920, 1080):  # the logical size (sim.ui.theme.LOGICAL_SIZE)
        import pygame

        app.present()
        pygame.image.save(app.window, str(out))
