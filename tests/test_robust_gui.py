"""Issue 16 on the screen: the save-failed line stays until a save succeeds; damaged autosaves are shown."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame_gui  # noqa: E402

from sim.session import sessionfile as sf  # noqa: E402
from sim.ui.i18n import tr  # noqa: E402
from sim.ui.shots import seeded_session  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "scenarios" / "jan-in-de-portiek.yaml"




def test_the_save_failed_line_stays_beside_other_messages_until_a_save_succeeds(app):
    session = seeded_session("board", "nl")
    board = app.switch("board", session=session)
    session.save_problem = "de schijf is vol"
    line = tr("board.save_failed", problem="de schijf is vol")
    board.flash, board.flash_time = ["Wijkteam speelt een kaart."], 3.0  # another message is showing
    for _ in range(20):
        board.update(0.5)
        assert line in board.flash  # all the time, not only when nothing else shows
    session.save_problem = None  # a save succeeded
    for _ in range(20):
        board.update(0.5)
    assert line not in board.flash or board.flash_time <= 0


def test_a_damaged_autosave_is_shown_on_the_start_screen(app):
    good = seeded_session("board", "nl")
    good.autosave_enabled = True
    good.autosave()
    broken = sf.autosave_dir() / "20260101000000-kapot.stabiel.json"
    broken.write_text('{"format": "stabiel-session", "version": 1, "seed": ', encoding="utf-8")
    start = app.switch("menu")
    shown = [el for el in app.manager.get_root_container().elements if isinstance(el, pygame_gui.elements.UITextBox)]
    assert any(broken.name in box.html_text for box in shown)
    assert len(start.recent) == 1


def test_resuming_a_session_open_in_another_instance_is_refused_on_the_start_screen(app, monkeypatch):
    good = seeded_session("board", "nl")
    good.autosave_enabled = True
    good.autosave()
    start = app.switch("menu")
    found = start.recent[0]

    def elsewhere(path):
        raise sf.SessionFileError(path, "session.err.open_elsewhere")
    monkeypatch.setattr(sf, "claim", elsewhere)
    assert start.open_saved(found, replay=False) is None
    assert "elders geopend" in start.error
