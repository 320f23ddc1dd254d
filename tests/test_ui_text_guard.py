"""Issue 16's crashes of the window, each driven as a user would cause it: invisible characters typed
or pasted into a field, a path too long for the system, "open file" clicked again and again, many
agencies and long labels on the set-up, a window resized beyond memory, scenario text that reads like
one of pygame_gui's translation keys."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import attrs  # noqa: E402
import pygame  # noqa: E402
import pygame_gui  # noqa: E402
import pytest  # noqa: E402

from sim.ui import text, theme, widgets  # noqa: E402
from sim.ui.app import App  # noqa: E402
from sim.ui.legibility import check_scene  # noqa: E402
from sim.ui.scene import Reset  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
INVISIBLE = ("\u200b", "\u200d", "\ufeff", "\u202e", "\u2028", "\U000e0001")


@pytest.fixture
def app():
    a = App(str(DEFAULT), "nl", window_size=(1280, 800))
    yield a
    pygame.quit()


def pump(app: App, frames: int = 3, dt: float = 0.6) -> None:
    for _ in range(frames):
        for event in pygame.event.get():
            app.handle(event)
        app.frame(dt)  # 0.6 s: the text cursor blinks


def test_the_policy_strips_format_characters_and_keeps_accents():
    assert text.clean("\u200bJan\u200d \ufeffde\u202e Vries\U000e0001") == "Jan de Vries"
    assert text.clean("a\u2028b") == "a b"
    assert text.clean("Zoë Çelik e\u0301") == "Zoë Çelik e\u0301"  # combining acute kept
    assert text.clean("\u0301x") == "x"  # a mark with no letter under it goes
    assert text.clean("e" + "\u0301" * 9) == "e" + "\u0301" * 3
    assert text.clean("regel 1\nregel 2") == "regel 1\nregel 2"
    assert text.clean("regel 1\nregel 2", keep_newlines=False) == "regel 1 regel 2"


@pytest.mark.parametrize("ch", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_typing_an_invisible_character_into_a_team_name_does_not_crash(app, ch):
    setup = app.switch("setup", path=DEFAULT)
    entry = next(iter(setup.rows.values()))["entry"]
    entry.focus()
    app.manager.set_focus_set(entry)
    for typed in (ch, "J", ch, "an"):
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=typed))
    pump(app)
    assert entry.get_text() == text.clean(f"{ch}J{ch}an", keep_newlines=False)  # "Jan"; U+2028 becomes a space
    assert entry.get_text().replace(" ", "") == "Jan"
    setup.names[next(iter(setup.rows))] = ch + "Noord"  # a name set by the program (a resumed session)
    app.toggle_language()  # the fields are rebuilt with that text
    pump(app)
    assert next(iter(setup.rows.values()))["entry"].get_text().strip() == "Noord"


def test_pasting_cleans_the_clipboard_first(monkeypatch):
    board = {"text": "\u200b\ufeffTeam\u202e Zuid"}
    monkeypatch.setattr(pygame.scrap, "get_text", lambda: board["text"])
    monkeypatch.setattr(pygame.scrap, "put_text", lambda t: board.__setitem__("text", t))
    text.guard_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_v, mod=pygame.KMOD_CTRL, unicode="v", scancode=0))
    assert board["text"] == "Team Zuid"


def test_a_path_too_long_for_the_system_in_the_open_file_field(app):
    menu = app.switch("menu")
    menu.open_file_dialog()
    dialog = menu.file_dialog
    dialog.file_path_text_line.set_text("/" + "a" * 300 + "/" + "b" * 300 + ".yaml")
    pygame.event.post(pygame.event.Event(pygame_gui.UI_TEXT_ENTRY_CHANGED, ui_element=dialog.file_path_text_line,
                                         text=dialog.file_path_text_line.get_text()))
    pygame.event.post(pygame.event.Event(pygame_gui.UI_TEXT_ENTRY_FINISHED, ui_element=dialog.file_path_text_line,
                                         text=dialog.file_path_text_line.get_text()))
    pump(app)  # before: OSError [Errno 36] File name too long
    assert dialog.alive()
    assert len(dialog.file_path_text_line.get_text()) < 255


def test_open_file_clicked_many_times_keeps_one_dialog(app):
    menu = app.switch("menu")
    for _ in range(5):
        pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=menu.open_btn))
        pump(app, 1)
    dialogs = [s for s in app.manager.get_sprite_group().sprites() if isinstance(s, pygame_gui.windows.UIFileDialog) and s.alive()]
    assert len(dialogs) == 1


def _many_agencies(setup, n: int, label: str = "SD"):
    sc = setup.loaded.scenario
    base = sc.agencies[0]
    agencies = tuple(attrs.evolve(base, id=f"a{i}", label=label if i == 0 else base.label) for i in range(n))
    setup.loaded = attrs.evolve(setup.loaded, scenario=attrs.evolve(sc, agencies=agencies))
    setup.in_play = {a.id: True for a in agencies}
    setup.controller = {a.id: setup.controller[base.id] for a in agencies}
    setup.names = {a.id: "" for a in agencies}


def test_fifteen_agencies_keep_their_rows_and_turn_pages(app):
    setup = app.make_scene("setup", path=DEFAULT)
    _many_agencies(setup, 15, label="SCHULDHULP")
    app.apply(Reset((setup,)))
    assert setup.pages == 3 and len(setup.rows) == 5
    assert all(row["entry"].rect.height >= theme.ROW for row in setup.rows.values())
    assert not check_scene(setup), check_scene(setup)
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=setup.next_btn))
    pump(app, 1)
    assert setup.page == 1 and {*setup.rows} == {f"a{i}" for i in range(5, 10)}


def test_a_long_agency_label_stays_inside_its_badge():
    pygame.init()
    theme.clear_caches()
    surf = pygame.Surface((400, 100))
    badge = pygame.Rect(10, 10, 150, theme.ROW)
    with theme.record_text() as drawn:
        widgets.draw_agency_badge(surf, badge, (0, 114, 178), "euro", "SCHULDHULPVERLENING")
    assert drawn and all(badge.contains(d.rect) for d in drawn), drawn


def test_a_huge_window_is_clamped_not_allocated(app):
    app.resize((40000, 22500))  # before: pygame.error: Out of memory
    assert app.window_size == theme.MAX_WINDOW
    app.frame(0.0)
    app.resize((10, 10))
    assert app.window_size == theme.MIN_WINDOW


def test_scenario_text_is_never_taken_for_a_translation_key(app):
    from pygame_gui.core.utility import translate

    assert translate("stabiel.app.title") == "stabiel.app.title"
    assert translate("menu.quit") == "menu.quit"
    assert translate("\u200bTekst") == "Tekst"
    assert translate("pygame-gui.Cancel") == "Annuleren"  # pygame_gui's own keys still work
    setup = app.make_scene("setup", path=DEFAULT)
    sc = setup.loaded.scenario
    setup.loaded = attrs.evolve(setup.loaded, scenario=attrs.evolve(sc, title=attrs.evolve(sc.title, nl="pygame-gui.Cancel")))
    app.apply(Reset((setup,)))
    labels = [e for e in setup.elements if isinstance(e, pygame_gui.elements.UILabel) and e.object_ids and e.object_ids[-1] == "#title"]
    shown = translate(labels[0].text)
    assert shown != "Annuleren" and shown.replace(text.NO_BREAK_HYPHEN, "-") == "pygame-gui.Cancel"
