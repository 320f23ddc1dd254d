"""Can the back row read it? Every non-board scene, every dialog and every card of every shipped
scenario, in Dutch and English, at 1920×1080 and 1280×800: no text below theme.BODY, nothing
clipped or overlapping, no word split in the middle, rows tall enough for their text."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import attrs  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from sim.ui import dialogs  # noqa: E402
from sim.ui.app import App  # noqa: E402
from sim.ui.companion import open_code_entry  # noqa: E402
from sim.ui.i18n import tr  # noqa: E402
from sim.ui.legibility import check_scene  # noqa: E402
from sim.ui.shots import seeded_session  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
DEFAULT = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
LANGS = ("nl", "en")
SIZES = ((1920, 1080), (1280, 800))


def make_app(lang: str, size: tuple[int, int]) -> App:
    return App(str(DEFAULT), lang, window_size=size)


@pytest.fixture(params=[(lang, size) for lang in LANGS for size in SIZES], ids=lambda p: f"{p[0]}-{p[1][0]}x{p[1][1]}")
def app(request):
    lang, size = request.param
    a = make_app(lang, size)
    yield a
    pygame.quit()


def assert_legible(scene, **kw) -> None:
    problems = check_scene(scene, **kw)
    assert not problems, "\n".join(str(p) for p in problems)


def test_menu(app):
    assert_legible(app.switch("menu"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_setup(app, path):
    assert_legible(app.switch("setup", path=path))


def _board(app, path=DEFAULT):
    return app.switch("board", session=seeded_session("board", app.lang, path))


def test_help_dialog(app):
    scene = app.switch("menu")
    app.toggle_help()
    assert_legible(scene, within=app.help_window)


# Each dialog as its scene opens it: (scene, how to open, the dialog's kind in the scene's DialogSet).
DIALOGS = {
    "inject": ("board", lambda s: s.open_inject(), "inject"),
    "note": ("board", lambda s: s.open_note(), "note"),
    "adjust": ("board", lambda s: s.open_adjust(), "adjust"),
    "dossier": ("board", lambda s: s.open_dossier(), "dossier"),
    "ratings": ("debrief", lambda s: s.open_ratings(), "rate"),
    "code": ("board", lambda s: open_code_entry(s), "companion"),
}


@pytest.mark.parametrize("kind", sorted(DIALOGS))
def test_dialog(app, kind):
    scene_name, open_it, key = DIALOGS[kind]
    scene = _board(app) if scene_name == "board" else app.switch("debrief", session=seeded_session("debrief", app.lang))
    open_it(scene)
    win = scene.dialogs.get(key)
    assert win is not None, f"{kind} did not open"
    assert_legible(scene, within=win)


def test_message(app):
    board = _board(app)
    win = dialogs.message(app.manager, tr("menu.resume_warning_title"), tr("menu.from_backup", problem=tr("menu.subtitle")))
    assert_legible(board, within=win)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_card_detail(app, path):
    board = _board(app, path)
    sc = board.session.scenario
    problems = []
    for card in sc.cards:
        board.open_detail(card.agency, card.id)
        problems += [f"{card.id}: {p}" for p in check_scene(board, within=board.detail)]
        pygame.event.get()  # the closed windows' UI_WINDOW_CLOSE events hold them (and their surfaces) until read
    assert not problems, "\n".join(problems)


def _board_at(app, phase: str, companion: bool = False):
    """The board in the Acties phase (mid-game), the Overleg, the event phase or at the end."""
    from sim.core.state import Phase

    session = seeded_session({"acties": "board", "overleg": "board", "event": "event", "end": "debrief"}[phase], app.lang)
    while phase == "overleg" and session.state.phase is not Phase.OVERLEG:
        session.advance()
    session.companion = companion
    return app.switch("board", session=session)


@pytest.mark.parametrize("phase", ("acties", "overleg", "event", "end"))
def test_board(app, phase):
    board = _board_at(app, phase)
    if phase in ("acties", "overleg"):
        assert board.card_rects, "the hand is on show, tiles and all"
    assert_legible(board)


def test_board_in_companion_mode(app):
    board = _board_at(app, "acties", companion=True)
    assert board.code_btn is not None and board.code_btn.visible
    assert_legible(board)


@pytest.mark.parametrize("view", ("stressors", "teams", "log", "story"))
def test_every_board_view(app, view):
    """The views the facilitator opens on demand are read by the room too: the same floor as the focal point."""
    board = _board_at(app, "acties")
    board.show_view(view)
    assert board.view == view
    assert_legible(board)


def test_the_focal_texts_are_under_the_check(app):
    """The board's own one-line texts (the week, the meter's marks, the index) reach the check: it fails when they shrink."""
    from sim.ui import theme
    from sim.ui.legibility import check_drawn

    board = _board_at(app, "acties")
    surface = pygame.Surface(app.ctx.logical_size)
    board.part_keys_reset()  # every part drawn anew
    with theme.record_text() as drawn:
        board.draw(surface)
    texts = {d.text for d in drawn}
    week = tr("uiboard.week", round=board.session.state.round, rounds=board.session.scenario.rounds)
    assert week in texts and tr("uiboard.crisis_mark") in texts
    shrunk = [attrs.evolve(d, size=theme.BODY - 6) for d in drawn if d.text == week]
    assert any(p.kind == "small" for p in check_drawn(shrunk, theme.BODY))


@pytest.mark.parametrize("tab", ("course", "why", "questions", "objectives"))
def test_every_debrief_tab(app, tab):
    scene = app.switch("debrief", session=seeded_session("debrief", app.lang))
    scene.show(tab)
    assert_legible(scene)


@pytest.fixture(params=LANGS)
def small_beamer(request):
    """A 4:3 beamer of 1024×768: the layout letterboxed, nothing reflowed, so it must hold as at 1920×1080."""
    a = make_app(request.param, (1024, 768))
    yield a
    pygame.quit()


@pytest.mark.parametrize("phase", ("acties", "event"))
def test_board_on_a_small_beamer(small_beamer, phase):
    assert small_beamer.view_scale == pytest.approx(1024 / 1920)
    assert_legible(_board_at(small_beamer, phase))


@pytest.mark.parametrize("tab", ("course", "why", "questions", "objectives"))
def test_debrief_on_a_small_beamer(small_beamer, tab):
    scene = small_beamer.switch("debrief", session=seeded_session("debrief", small_beamer.lang))
    scene.show(tab)
    assert_legible(scene)


def test_file_dialog(app):
    menu = app.switch("menu")
    menu.open_file_dialog()
    assert menu.file_dialog is not None
    assert_legible(menu, within=menu.file_dialog, scroll_ok=_scrolling_lists(menu.file_dialog))


def _scrolling_lists(window) -> list:
    """The file list of the dialog may scroll: a folder holds more files than fit."""
    return [el for el in window.get_container().elements]
