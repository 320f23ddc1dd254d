"""The shared-screen game, headless: real pygame events from the start screen to the debrief,
every scene in both languages, random input, resizing, and text that fits."""

from __future__ import annotations

import json
import os
import zlib

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pygame_gui  # noqa: E402
import pytest  # noqa: E402

from sim.core import engine  # noqa: E402
from sim.core.state import Phase  # noqa: E402
from sim.i18n import reason_text
from sim.ui import theme  # noqa: E402
from sim.ui.app import App  # noqa: E402
from sim.ui.i18n import TRANSLATIONS, tr  # noqa: E402
from sim.ui.shots import SCENES, screenshot  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


def pump(app: App, frames: int = 2) -> None:
    """Deliver queued events (and the events widgets post in reply) and draw."""
    for _ in range(frames):
        for event in pygame.event.get():
            app.handle(event)
        app.frame(1 / 60)


def click(app: App, pos: tuple[int, int]) -> None:
    """A left click at a window position, as the mouse would make it."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    pump(app, 3)


def click_element(app: App, element) -> None:
    click(app, element.get_abs_rect().center)


def key(app: App, k: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
    pump(app, 2)




# -- translations -----------------------------------------------------------------------


def test_both_languages_have_exactly_the_same_keys():
    from sim.i18n import TABLES

    nl, en = TABLES["nl"], TABLES["en"]
    assert set(nl) == set(en)
    assert all(v.strip() for v in [*nl.values(), *en.values()])


def test_pygame_gui_strings_have_a_dutch_table():
    gui_en = json.loads((Path(pygame_gui.__file__).parent / "data" / "translations" / "pygame-gui.en.json").read_text())["en"]
    gui_nl = json.loads((TRANSLATIONS / "pygame-gui.nl.json").read_text(encoding="utf-8"))["nl"]
    assert set(gui_nl) == set(gui_en)


def test_every_key_the_screen_asks_for_exists():
    import re

    from sim.i18n import TABLES

    nl = TABLES["nl"]
    used = set()
    for path in (ROOT / "sim" / "ui").rglob("*.py"):
        used |= set(re.findall(r"""tr\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "found no tr() calls: the pattern is wrong"
    assert used <= set(nl), sorted(used - set(nl))


# -- every scene, both languages ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("scene", SCENES)
def test_every_scene_renders(scene, lang, tmp_path):
    out = tmp_path / f"{scene}-{lang}.png"
    screenshot(scene, lang, out)
    img = pygame.image.load(str(out))
    assert img.get_size() == (1920, 1080)
    # Not a blank frame: many different colours on screen.
    pixels = pygame.surfarray.array3d(img)[::8, ::8].reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 20
    pygame.quit()


# -- a whole game through the mouse -----------------------------------------------------------


def play_through(app: App, seed: int, max_steps: int = 600) -> None:
    """From the start screen to the debrief with mouse clicks only: play the first playable card, else pass."""
    menu = app.scene
    first = next(b for b in menu.buttons)
    click_element(app, first)
    assert app.scene.name == "setup"
    app.scene.seed = seed
    click_element(app, app.scene.start_btn)
    assert app.scene.name == "board"
    board = app.scene
    rng = np.random.default_rng(seed)
    for _ in range(max_steps):
        if app.scene.name == "debrief":
            return
        board = app.scene
        st = board.session.state
        if engine.is_over(st) or st.phase is not Phase.ACTIES:
            click_element(app, board.primary)
            continue
        playable = [
            rect for rect, (agency, card) in board.card_rects
            if board.session.why_not(engine.PlayCard(agency, card)) is None
        ]
        if playable and rng.random() < 0.7:
            before = st
            click(app, playable[int(rng.integers(len(playable)))].center)
            assert board.detail is not None, "clicking a card opens its details"
            click_element(app, board.play_btn)
            if board.confirm is not None:  # a joint card: the partner team agrees
                click_element(app, board.confirm.confirm_button)
            assert board.session.state is not before, "the card was played"
        else:
            click_element(app, board.primary)
    raise AssertionError("the game did not reach the debrief")


# Dutch in every run; English (the same path in other words) only with the slow tests: the
# English texts of every scene and dialog are checked by test_every_scene_and_dialog_speaks_english.
@pytest.mark.parametrize("lang", ["nl", pytest.param("en", marks=pytest.mark.slow)])
def test_a_whole_game_by_mouse_from_start_screen_to_debrief(lang):
    app = App(str(DEFAULT), lang, window_size=(1920, 1080))
    try:
        play_through(app, seed=11 if lang == "nl" else 12)
        assert app.scene.name == "debrief"
        session = app.scene.session
        assert engine.is_over(session.state)
        assert any(e.kind in ("log.card", "log.joint", "log.rule") for e in session.state.log)
    finally:
        pygame.quit()


def test_undo_by_button_takes_back_a_move(app):
    click_element(app, next(iter(app.scene.buttons)))
    click_element(app, app.scene.start_btn)
    board = app.scene
    click_element(app, board.primary)  # to overleg
    assert board.session.state.phase is Phase.OVERLEG
    click_element(app, app.scene.undo_btn)
    assert app.scene.session.state.phase is Phase.GEBEURTENIS
    assert "ongedaan" in app.scene.log_text(), "an undo shows in the log"
    click_element(app, app.scene.redo_btn)
    assert app.scene.session.state.phase is Phase.OVERLEG


def test_a_note_goes_into_the_log(app):
    click_element(app, next(iter(app.scene.buttons)))
    click_element(app, app.scene.start_btn)
    board = app.scene
    click_element(app, board.note_btn)
    note = board.dialogs.get("note")
    note.entry.set_text("Team Noord belt meteen de schuldeiser")
    click_element(app, note.action)
    assert board.dialogs.get("note") is None, "the note dialog closes when the note is kept"
    assert [n.text for n in board.session.notes] == ["Team Noord belt meteen de schuldeiser"]
    assert "Team Noord belt meteen de schuldeiser" in app.scene.log_text()


def test_language_switch_keeps_the_game(app):
    click_element(app, next(iter(app.scene.buttons)))
    click_element(app, app.scene.start_btn)
    board = app.scene
    click_element(app, board.primary)
    state = board.session.state
    click_element(app, board.lang_btn)
    assert app.lang == "en"
    assert app.scene.session.state is state
    assert app.scene.primary.text == "To the actions →"


def test_inject_and_adjust_are_logged(app):
    click_element(app, next(iter(app.scene.buttons)))
    click_element(app, app.scene.start_btn)
    board = app.scene
    click_element(app, board.inject_btn)
    inject = board.dialogs.get("inject")
    first_item = inject.list.item_list_container.elements[0]
    click_element(app, first_item)
    click_element(app, inject.action)
    assert board.session.state.log[-1].kind in ("log.inject", "log.event_cancelled")
    click_element(app, board.adjust_btn)
    adjust = board.dialogs.get("adjust")
    adjust.delta.set_text("5")
    click_element(app, adjust.action)
    assert board.dialogs.get("adjust") is adjust, "no reason given: the dialog stays open"
    assert adjust.error.text == tr("adjust.need_reason"), "and says what is missing"
    adjust.reason.set_text("De buren melden nieuwe overlast")
    click_element(app, adjust.action)
    last = board.session.state.log[-1]
    assert last.kind == "log.adjust" and last.note == "De buren melden nieuwe overlast"


# -- robustness -------------------------------------------------------------------------------------


RANDOM_SCENES = ["menu", "setup", "board", "debrief", "replay"]


# A short burst of random input in every run, the long one (about 10-45 s a scene) with the slow tests.
@pytest.mark.parametrize("events", [300, pytest.param(1500, marks=pytest.mark.slow)])
@pytest.mark.parametrize("scene", RANDOM_SCENES)
def test_random_clicks_and_keys_never_raise(scene, events):
    from sim.scenario.loader import load_scenario
    from sim.session import sessionfile as sf
    from sim.ui.shots import seeded_session

    app = App(str(DEFAULT), "nl", window_size=(1920, 1080))
    try:
        if scene == "setup":
            app.switch("setup", path=DEFAULT)
        elif scene in ("board", "debrief"):
            app.switch(scene, session=seeded_session("board" if scene == "board" else "debrief", "nl"))
        elif scene == "replay":
            played = seeded_session("debrief", "nl")
            app.switch("replay", saved=sf.capture(played), loaded=load_scenario(DEFAULT))
        rng = np.random.default_rng(zlib.crc32(scene.encode()))  # not hash(): that changes with PYTHONHASHSEED
        keys = [pygame.K_SPACE, pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_p, pygame.K_e, pygame.K_a, pygame.K_n, pygame.K_l,
                pygame.K_1, pygame.K_5, pygame.K_z, pygame.K_y, pygame.K_F1, pygame.K_TAB, pygame.K_PLUS,
                pygame.K_LEFT, pygame.K_RIGHT, pygame.K_PAGEUP, pygame.K_PAGEDOWN]
        for i in range(events):
            if rng.random() < 0.75:
                pos = (int(rng.integers(0, 1920)), int(rng.integers(0, 1080)))
                kind = pygame.MOUSEBUTTONDOWN if rng.random() < 0.5 else pygame.MOUSEBUTTONUP
                pygame.event.post(pygame.event.Event(kind, pos=pos, button=int(rng.integers(1, 4))))
            else:
                k = keys[int(rng.integers(len(keys)))]
                mod = pygame.KMOD_CTRL if rng.random() < 0.2 else 0
                pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0))
            if i % 5 == 0:
                pump(app, 1)
            if not app.running:  # "Afsluiten" was clicked: start again
                app.running = True
                app.switch("menu")
        pump(app, 2)
        for _ in range(3):  # the debrief's presenter mode (no widgets, maybe black): Esc leaves it (the first may close help)
            if app.scene.name != "presenter":
                break
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
            pump(app, 2)
        _still_sound(app)
    finally:
        pygame.quit()


def _still_sound(app: App) -> None:
    """After random input: one scene on top with its widgets, a frame that is not blank, a game that adds up."""
    assert app.stack and app.scene is app.stack[-1] and app.scene.name in RANDOM_SCENES
    assert app.scene.elements, f"{app.scene.name} lost its widgets"
    frame = pygame.surfarray.array3d(app.render())[::8, ::8].reshape(-1, 3)
    assert len(np.unique(frame, axis=0)) > 20, "a blank frame"
    session = getattr(app.scene, "session", None)
    if session is not None:
        st = session.state
        assert 0 <= st.stress <= 100 and all(0 <= leg <= 10 for leg in st.legs)
        # Every move the screen made is a legal one: replaying them gives the same game.
        first = session.states[0]
        assert not first.actions
        assert engine.replay(session.scenario, first.seed, st.actions, first.in_play) == st


def test_resize_and_fullscreen_toggle(app):
    app.resize((1280, 720))
    pump(app)
    assert app.window.get_size() == (1280, 720)
    assert app.view_scale == pytest.approx(1280 / 1920)
    # A click in window pixels lands on the same logical spot.
    assert app.to_logical((640, 360)) == (960, 540)
    app.resize((1000, 800))  # another aspect: letterboxed
    assert app.view_offset[1] > 0 and app.to_logical((500, 400)) == (960, 540)
    assert not app.fullscreen
    key(app, pygame.K_F11)  # the dummy driver's display is 1024×768
    assert app.fullscreen
    screen = app.window.get_size()
    assert screen != (1000, 800) and pygame.display.get_surface().get_flags() & pygame.FULLSCREEN
    assert app.view_scale == pytest.approx(min(screen[0] / 1920, screen[1] / 1080))
    assert app.to_logical((screen[0] // 2, screen[1] // 2)) == (960, 540)
    key(app, pygame.K_F11)  # and back into the window of before
    assert not app.fullscreen and app.window.get_size() == (1000, 800)
    assert app.to_logical((500, 400)) == (960, 540)
    pump(app)
    assert app.scene.name == "menu" and app.scene.elements, "the start screen is still there, with its widgets"


def test_click_on_a_scaled_window_hits_the_button():
    app = App(str(DEFAULT), "nl", window_size=(960, 540))
    try:
        rect = next(iter(app.scene.buttons)).get_abs_rect()
        click(app, (rect.centerx // 2, rect.centery // 2))
        assert app.scene.name == "setup"
    finally:
        pygame.quit()


# -- readable from the back of the room -------------------------------------------------------------


def test_palette_contrast_is_at_least_4_5():
    for fg, bg in ((theme.INK, theme.BG), (theme.INK, theme.PANEL), (theme.INK_SOFT, theme.PANEL),
                   (theme.WARN, theme.PANEL), (theme.WARN, (232, 229, 222)), (theme.ACCENT, theme.PANEL),
                   (theme.GOOD, (225, 240, 232))):
        assert theme.contrast(fg, bg) >= 4.5, (fg, bg)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_card_titles_and_reasons_fit_on_the_card(lang):
    from sim.scenario.loader import load_scenario

    pygame.init()
    theme.clear_caches()  # an earlier test may have quit pygame, killing cached fonts
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        sc = load_scenario(path).scenario
        for card in sc.cards:  # words are never split now: a word too wide for the card steps the title's size down
            assert theme.fits(card.title.get(lang), 284 - 46, 3, theme.MIN_BODY - 4, bold=True), (path.name, card.id)
    from sim.i18n import TABLES

    for k, text in TABLES[lang].items():
        if k.startswith("why."):
            filled = text.format(agency="Woningcorporatie", actor="Woningcorporatie", stressor="Geen werk of dagbesteding",
                                 flag="Ontruiming aangezegd", leg="Continuïteit", card="Convenant politie–GGZ",
                                 need=2, have=1, min=3, max=3, rounds=2, figure="stress")
            assert theme.fits(filled, 284 - 46, 3, 22), (k, filled)


# -- sessions that survive: autosave, resume, replay, ratings, report ---------------------------------


def _start_and_play(app: App, clicks: int) -> None:
    click_element(app, next(iter(app.scene.buttons)))
    click_element(app, app.scene.start_btn)
    for _ in range(clicks):
        click_element(app, app.scene.primary)


def test_a_closed_session_is_offered_and_resumes_exactly_where_it_was():
    from sim.session import sessionfile as sf

    app = App(str(DEFAULT), "nl", window_size=(1920, 1080))
    _start_and_play(app, 9)
    before = app.scene.session.state
    pygame.quit()  # the lid closes: nothing else is saved on the way out
    app = App(str(DEFAULT), "nl", window_size=(1920, 1080))
    try:
        assert app.scene.resume_buttons, "the start screen offers to resume"
        click_element(app, next(iter(app.scene.resume_buttons)))
        assert app.scene.name == "board"
        assert app.scene.session.state == before
        click_element(app, app.scene.primary)  # and it goes on, saving as it goes
        assert sf.latest_autosave().saved.actions == app.scene.session.state.actions
    finally:
        pygame.quit()


def test_look_back_steps_through_a_session_and_plays_on_from_a_moment():
    app = App(str(DEFAULT), "nl", window_size=(1920, 1080))
    _start_and_play(app, 12)
    played = app.scene.session.states
    app.switch("menu")
    try:
        click_element(app, next(iter(app.scene.replay_buttons)))
        replay = app.scene
        assert replay.name == "replay" and replay.session.state == played[0]
        click_element(app, replay.step_btn)
        click_element(app, replay.step_btn)
        assert replay.session.state == played[2]
        click_element(app, replay.round_btn)
        assert replay.session.state.round == 2
        click_element(app, replay.back_btn)
        assert replay.session.state.round == 1
        index = replay.index
        click_element(app, replay.branch_btn)
        assert app.scene.name == "board"
        assert app.scene.session.state == played[index]
    finally:
        pygame.quit()


def test_playback_moves_by_itself_faster_at_higher_speed():
    app = App(str(DEFAULT), "nl", window_size=(1920, 1080))
    _start_and_play(app, 10)
    app.switch("menu")
    try:
        click_element(app, next(iter(app.scene.replay_buttons)))
        replay = app.scene
        click_element(app, replay.speed_btn)
        click_element(app, replay.speed_btn)  # 4×
        click_element(app, replay.play_btn_bar)
        for _ in range(10):
            app.frame(0.5)  # 5 s at 4× = 20 s of moves at 1.2 s each
        assert replay.index >= 10 or replay.index == len(replay.all_states) - 1
    finally:
        pygame.quit()


def test_debrief_ratings_are_kept_and_the_report_is_written(tmp_path):
    from sim.session import sessionfile as sf
    from sim.ui.shots import seeded_session

    app = App(str(DEFAULT), "nl", window_size=(1920, 1080))
    try:
        session = seeded_session("debrief", "nl")
        session.autosave_enabled = True
        debrief = app.switch("debrief", session=session)
        click_element(app, debrief.rate_btn)
        menu = next(iter(debrief.rate_menus))
        objective = debrief.rate_menus[menu]
        option = debrief._rating_options()[2]  # "S – ..."
        pygame.event.post(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=menu, text=option))
        pump(app)
        assert session.ratings == {objective: "S"}
        assert sf.latest_autosave().saved.ratings == {objective: "S"}
        path = debrief.write_report()
        assert path is not None and path.exists()
        page = path.read_text(encoding="utf-8")
        assert session.scenario.title.nl in page and "<img" in page
    finally:
        pygame.quit()


# -- what the review found -------------------------------------------------------------------------


def test_no_text_on_the_shared_screen_names_a_hidden_stressor():
    from sim.core.state import PlayCard
    from sim.i18n import describe
    from sim.scenario.loader import load_scenario

    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        sc = load_scenario(path).scenario
        st = engine.new_game(sc, 1)
        hidden = [s for s, known in zip(sc.stressors, st.known) if not known]
        for lang in ("nl", "en"):
            names = [s.name.get(lang) for s in hidden]
            for card in sc.cards:
                texts = [describe.condition(sc, c, lang, card.agency, st.known) for c in card.conditions]
                reason = engine.why_not(sc, st, PlayCard(card.agency, card.id))
                if reason is not None:
                    texts.append(reason_text(reason, lang, sc, st.known))
                for text in texts:
                    assert not any(name in text for name in names), (path.name, card.id, text)
    assert hidden, "the last scenario has no hidden stressor: the test checks nothing there"


def test_after_an_undo_a_computer_team_waits_for_the_facilitator():
    app = App(str(DEFAULT), "nl", window_size=(1920, 1080))
    try:
        click_element(app, next(iter(app.scene.buttons)))
        setup = app.scene
        second = setup.loaded.scenario.agencies[1].id
        setup.controller[second] = "random"
        click_element(app, setup.start_btn)
        board = app.scene
        click_element(app, board.primary)  # overleg
        click_element(app, board.primary)  # acties: the first team (people)
        click_element(app, board.primary)  # pass: the computer's turn
        assert board.session.waiting_for_ai()
        click_element(app, board.undo_btn)  # a mis-click: back to the first team
        click_element(app, board.redo_btn)  # ... no, it was right: the computer's turn again
        moves = len(board.session.state.actions)
        for _ in range(6):
            app.frame(1.0)
        assert len(board.session.state.actions) == moves, "the computer waits after an undo or redo"
        assert board.primary.text == "Computer mag verder ▸"
        click_element(app, board.primary)
        for _ in range(6):
            app.frame(1.0)
        assert len(board.session.state.actions) > moves, "and goes on when the facilitator lets it"
    finally:
        pygame.quit()


def test_a_refusal_right_after_a_move_is_drawn(app):
    click_element(app, next(iter(app.scene.buttons)))
    click_element(app, app.scene.start_btn)
    board = app.scene
    click_element(app, board.primary)
    click_element(app, board.primary)  # a move: its message is on screen
    shown = board.part_keys["last"]
    st = board.session.state
    blocked = next(key for key in board.session.hand() if board.session.why_not(engine.PlayCard(*key)) is not None)
    board.try_play(*blocked)
    pump(app)
    assert board.session.state is st
    assert board.part_keys["last"] != shown and board.last_text() == (board.flash[-1], True), "the refusal replaced the old message"


def test_a_hand_bigger_than_a_page_turns_pages(app):
    from sim.ui.board.layout import PAGE

    per = PAGE - 1
    click_element(app, next(iter(app.scene.buttons)))
    click_element(app, app.scene.start_btn)
    board = app.scene
    click_element(app, board.primary)  # the Overleg: the event card no longer lies over the hand
    extra = [(c.agency, c.id) for c in board.session.scenario.cards][:15]
    board.session.hand = lambda: extra  # a big hand, as a larger scenario would have
    board.layer_key = None
    app.dirty = True
    pump(app)
    assert len(board.card_rects) == PAGE and board.card_rects[-1][1] == ("", "")
    first_page = [key for _, key in board.card_rects[:-1]]
    click(app, board.card_rects[-1][0].center)
    assert [key for _, key in board.card_rects] == extra[per:2 * per] + [("", "")], "page 2, and the tile turns on"
    assert first_page == extra[:per]


def test_a_team_can_open_its_own_dossier(app):
    click_element(app, next(iter(app.scene.buttons)))
    click_element(app, app.scene.start_btn)
    board = app.scene
    sc = board.session.scenario
    click_element(app, board.primary)
    click_element(app, board.primary)  # acties
    while board.session.state.active_agency is not None:
        agency = board.session.state.active_agency
        secrets = [x for x in sc.stressors if x.hidden and agency in x.known_by]
        if secrets:
            break
        click_element(app, board.primary)
    assert secrets, "the default scenario has a hidden stressor in some team's dossier"
    click_element(app, board.dossier_btn)
    dossier = board.dialogs.get("dossier")
    assert dossier is not None
    texts = " ".join(el.html_text for el in dossier.get_container().elements if hasattr(el, "html_text"))
    assert secrets[0].name.nl in texts and sc.agency(agency).mandate_text.nl[:20] in texts


def test_undo_back_into_the_previous_round_starts_its_clock_again():
    from sim.scenario.loader import load_scenario
    from sim.ui.session import Session

    session = Session(load_scenario(DEFAULT).scenario, seed=4, round_seconds=600)
    while session.state.round == 1:
        session.advance()
    session.tick(250)
    assert session.timer_left == 350
    session.undo()
    assert session.state.round == 1 and session.timer_left == 600
    session.tick(100)
    session.redo()
    assert session.state.round == 2 and session.timer_left == 600
