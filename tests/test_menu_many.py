"""The start screen lists every scenario in its folder, however many: the list scrolls to the last one."""

from __future__ import annotations

import os

import pytest

from sim.scenario.authoring import new_scenario

LETTERS = "abcdefghij"  # ten: more than the list's 684 logical pixels hold (80 each)


@pytest.fixture
def many(tmp_path, monkeypatch):
    from sim.ui.scenes import start

    for c in LETTERS:
        new_scenario(f"casus-{c}", folder=tmp_path)
    monkeypatch.setattr(start, "SCENARIO_DIR", tmp_path)
    return tmp_path


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_every_scenario_is_in_the_list_and_the_last_can_be_scrolled_to(many, size, quit_pygame):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from sim.ui.app import App

    app = App(str(many / "casus-a.yaml"), "nl", window_size=size)
    menu = app.switch("menu")
    assert sorted(b.text for b in menu.buttons) == [f"Casus {c}" for c in LETTERS]
    box = menu.scenario_list
    last = max(menu.buttons, key=lambda b: b.relative_rect.y)
    assert box.scrolling_height > box.rect.height and box.vert_scroll_bar is not None
    assert not box.rect.contains(last.rect)  # out of sight at first...
    box.vert_scroll_bar.set_scroll_from_start_percentage(1.0)
    for _ in range(2):
        app.manager.update(0.1)
    assert box.rect.contains(last.rect)  # ...and in sight at the bottom of the list
    shots = os.environ.get("STABIEL_SHOTS")
    if shots:
        app.screenshot(os.path.join(shots, f"menu-ten-{size[0]}x{size[1]}.png"))
