"""Opening and closing big windows does not make the session grow (freed memory goes back to the system)."""

from __future__ import annotations

import os
import sys

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
import pygame  # noqa: E402

from sim.ui.memory import release_freed_memory  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not release_freed_memory(),
                                reason="resident memory is read from /proc and trimmed with glibc's malloc_trim")




def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def test_a_card_opened_and_closed_forty_times_leaves_memory_flat(quit_pygame):
    from test_ui import DEFAULT, click_element, key

    from sim.ui.app import App

    app = App(str(DEFAULT), "nl", window_size=(1920, 1080))

    def frames(n: int = 3) -> None:
        for _ in range(n):
            for event in pygame.event.get():
                app.handle(event)
            app.frame(1 / 60)

    click_element(app, next(iter(app.scene.buttons)))
    click_element(app, app.scene.start_btn)
    app.scene.session.skip_moments()
    frames()
    board = app.scene
    for _ in range(2):
        click_element(app, board.primary)
        frames()
    for _ in range(5):  # warm-up: fonts, theme shapes and caches
        key(app, pygame.K_1)
        frames()
        key(app, pygame.K_ESCAPE)
        frames()
    before = _rss_mb()
    for _ in range(40):
        key(app, pygame.K_1)
        frames()
        assert board.detail is not None
        key(app, pygame.K_ESCAPE)
        frames()
        key(app, pygame.K_F1)
        frames()
        key(app, pygame.K_F1)
        frames()
    grown = _rss_mb() - before
    assert grown < 60, f"{grown:.0f} MB more after 40 cards and 40 help windows (each is 8–10 MB when not given back)"
