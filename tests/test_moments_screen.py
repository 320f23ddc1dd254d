"""Moments on the screen, headless: the scene over the board, its keys, the computer waiting, the portrait, the sound."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from sim.scenario.loader import load_scenario  # noqa: E402
from sim.ui import sound  # noqa: E402
from sim.ui.app import App  # noqa: E402
from sim.ui.moment_shots import MOMENT_SHOTS  # noqa: E402
from sim.ui.portrait import BANDS, band, draw_portrait  # noqa: E402
from sim.ui.session import HUMAN, Session  # noqa: E402
from sim.ui.shots import screenshot  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.fixture(autouse=True)
def _moments_off():
    """Moments on in this module (overrides conftest's fixture that turns them off)."""




def key(app: App, k: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    for _ in range(2):
        for event in pygame.event.get():
            app.handle(event)
        app.frame(1 / 60)


def board_with(app: App, seats: dict) -> Session:
    sc = load_scenario(JAN).scenario
    session = Session(sc, seed=3, seats={a.id: seats.get(n, HUMAN) for n, a in enumerate(sc.agencies)})
    app.switch("board", session=session)
    app.frame(1 / 60)
    return session


# -- the scene ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("k", [pygame.K_SPACE, pygame.K_RETURN, pygame.K_PAGEDOWN, pygame.K_RIGHT])
def test_the_story_shows_first_and_one_key_goes_on_to_the_board(app, k):
    session = board_with(app, {})
    assert app.scene.name == "moment" and app.stack[-2].name == "board"
    assert session.moments[0].kind == "start"
    key(app, k)
    assert app.scene.name == "board" and not session.moments_pending()


def test_a_click_goes_on_and_esc_skips_the_rest(app):
    session = board_with(app, {})
    session._queue += session._queue * 2  # three moments waiting
    pos = (960, 540)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    for event in pygame.event.get():
        app.handle(event)
    assert len(session.moments) == 2 and app.scene.name == "moment"
    key(app, pygame.K_ESCAPE)
    assert not session.moments_pending() and app.scene.name == "board"


def test_the_computer_waits_while_a_moment_shows_and_goes_on_after(app):
    session = board_with(app, {n: "expert" for n in range(1, 9)})  # the first team is people, the rest the computer
    key(app, pygame.K_SPACE)  # the story read
    assert app.scene.name == "board"
    board = app.scene
    board.primary_action()  # on to the Overleg: the computer seats confer
    for _ in range(200):
        app.frame(1.0)
        if app.scene.name == "moment":
            break
    assert app.scene.name == "moment", "a card agreed by the computer is shown"
    moves = len(session.state.actions)
    for _ in range(10):
        app.frame(1.0)
    assert len(session.state.actions) == moves, "nothing moves while the room reads"
    while app.scene.name == "moment":
        key(app, pygame.K_SPACE)
    for _ in range(10):
        app.frame(1.0)
    assert len(session.state.actions) > moves, "and the computer goes on after"


def test_a_handover_covers_the_board_between_two_human_teams(app):
    session = board_with(app, {})  # every seat people
    key(app, pygame.K_SPACE)
    session.advance()
    session.advance()  # Acties: the first team
    session.skip_moments()
    session.advance()  # it passes: the second team's turn
    assert [m.kind for m in session.moments][-1] == "handover"
    while session.moments[0].kind != "handover":
        session.next_moment()
    app.frame(1 / 60)
    assert app.scene.name == "moment"
    app.render()
    shot = pygame.surfarray.array3d(app.logical)
    colour = session.scenario.agency(session.state.active_agency).colour
    want = tuple(int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    assert tuple(shot[20, 540]) == want, "the team's colour band on the left"
    under = pygame.Surface((1920, 1080))
    under.fill((255, 0, 255))  # whatever lies under a full moment...
    app.scene.draw(under)
    magenta = np.all(pygame.surfarray.array3d(under) == (255, 0, 255), axis=2)
    assert not magenta.any(), "... none of it shows: the previous team's hand is hidden"


def test_m_mutes_everywhere(app, monkeypatch):
    monkeypatch.setattr(sound.SOUNDS, "muted", False)
    board_with(app, {})
    key(app, pygame.K_m)
    assert sound.SOUNDS.muted
    assert sound.SOUNDS.play("event") is False
    key(app, pygame.K_m)
    assert not sound.SOUNDS.muted


# -- the portrait -------------------------------------------------------------------------------------

def _portrait(stress: float, name: str = "Jan") -> np.ndarray:
    surf = pygame.Surface((300, 360))
    surf.fill((244, 241, 234))
    draw_portrait(surf, surf.get_rect(), stress, "nl", name, caption=False)
    return pygame.surfarray.array3d(surf)


def test_the_portrait_differs_by_stress_band_and_not_within_one():
    pygame.init()
    try:
        stresses = {"calm": 10, "tense": 60, "distressed": 85, "crisis": 100}
        assert [band(stresses[b]) for b in BANDS] == list(BANDS)
        faces = {b: _portrait(s) for b, s in stresses.items()}
        for a in BANDS:
            for b in BANDS:
                if a < b:
                    changed = np.any(faces[a] != faces[b], axis=2).mean()
                    assert changed > 0.01, (a, b, changed)
        assert np.array_equal(_portrait(10), _portrait(30)), "the same band, the same face"
        assert not np.array_equal(_portrait(10, "Jan"), _portrait(10, "Ruud")), "each person in colours of their own"
    finally:
        pygame.quit()


# -- the sound ------------------------------------------------------------------------------------------

def test_every_tone_is_made_from_numbers_and_they_differ():
    made = {t: sound.samples(t, 22050) for t in sound.TONES}
    assert all(len(x) > 2000 and x.dtype == np.int16 and np.abs(x).max() > 1000 for x in made.values())
    assert len({x.tobytes() for x in made.values()}) == len(made)
    assert len(sound.samples("no such tone")) == 0


def test_sound_plays_on_the_dummy_driver_and_is_silent_when_muted():
    pygame.init()
    try:
        s = sound.Sounds()
        assert s.play("crisis") is True
        s.toggle_mute()
        assert s.play("crisis") is False
    finally:
        pygame.quit()


def test_no_mixer_means_silence_not_an_error(monkeypatch):
    def broken(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", broken)
    s = sound.Sounds()
    assert s.available() is False and s.play("event") is False


# -- screenshots of each moment -------------------------------------------------------------------------

FAST = ("moment-start", "moment-week", "moment-handover")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", [n if n in FAST else pytest.param(n, marks=pytest.mark.slow) for n in MOMENT_SHOTS])
def test_every_moment_renders_as_a_scene_of_its_own(name, lang, tmp_path):
    out = tmp_path / f"{name}.png"
    screenshot(name, lang, out, JAN, size=(1280, 800))
    assert out.stat().st_size > 10_000
    img = pygame.image.load(str(out))
    assert img.get_size() == (1280, 800)  # the window as the beamer shows it (sim.ui.shots, since uiscale)


def test_a_language_switch_over_a_moment_tells_it_again_in_the_new_language(app):
    session = board_with(app, {})
    assert session.moments[0].title.startswith("Dit is")
    key(app, pygame.K_l)
    assert app.scene.name == "moment" and session.moments[0].title.startswith("This is")
    assert app.scene.sound_btn.text.startswith("Sound")


def _click(app: App, pos) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    for _ in range(3):
        for event in pygame.event.get():
            app.handle(event)
        app.frame(1 / 60)


def test_a_whole_session_from_the_start_screen_with_the_computer_and_every_moment_seen(app):
    """People play the first two seats (passing), the computer the rest; every moment is gone through with Space."""
    _click(app, next(iter(app.scene.buttons)).get_abs_rect().center)
    setup = app.scene
    assert setup.name == "setup"
    for a in setup.loaded.scenario.agencies[2:]:
        setup.controller[a.id] = "expert"
    _click(app, setup.start_btn.get_abs_rect().center)
    seen: list[str] = []
    for _ in range(3000):
        top = app.scene
        if top.name == "debrief":
            break
        if top.name == "moment":
            seen.append(top.current.kind)
            key(app, pygame.K_SPACE)
        elif top.session.waiting_for_ai():
            app.frame(2.0)
        else:
            _click(app, top.primary.get_abs_rect().center)
    else:
        raise AssertionError(f"the session did not reach the debrief; moments seen: {seen[-10:]}")
    assert seen[0] == "start" and seen[-1] == "end"
    assert {"event", "week", "handover"} <= set(seen), set(seen)
    assert {"computer", "crossing", "rule"} & set(seen), "the computer's moves were shown"
