"""Shared fixtures: the small test scenario and the shipped scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="session")
def mini():
    """A three-agency scenario in which every condition, effect and modifier kind appears."""
    return load_scenario(FIXTURES / "mini.yaml").scenario


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Autosaves and reports of a test go to a folder of its own, never the user's data folder."""
    monkeypatch.setenv("STABIEL_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(autouse=True)
def _moments_off(monkeypatch):
    """Sessions made in tests announce no moments (a moment covers the board and takes the next key);
    tests/test_moments*.py override this fixture to turn them on."""
    monkeypatch.setattr("sim.ui.session.Session.moments_default", False)


@pytest.fixture
def app():
    """The game's window, headless at 1920×1080 on the default scenario (pygame closed afterwards)."""
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from sim.ui.app import App

    window = App(str(ROOT / "scenarios" / "jan-in-de-portiek.yaml"), "nl", window_size=(1920, 1080))
    yield window
    if pygame.get_init():
        window.close()  # reads the queued events first: they hold windows (see App.close)
    pygame.quit()


@pytest.fixture
def quit_pygame():
    """Close pygame after a test that opened a window of its own."""
    yield
    import pygame

    pygame.quit()
