"""The scene stack, the dialogs that post their answers, and every screen in English (headless)."""

from __future__ import annotations

import ast
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import re
from pathlib import Path

import pygame
import pygame_gui
import pytest

from sim.ui.app import App
from sim.ui.dialogs import DIALOG_RESULT, AdjustDialog, NoteDialog
from sim.ui.i18n import table
from sim.ui.scene import Pop, Push, Quit, Replace, Reset, Scene

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "scenarios" / "jan-in-de-portiek.yaml"




class Probe(Scene):
    """A scene that writes down what happens to it and hands back what it is told to."""

    def __init__(self, ctx, name: str, diary: list[str]):
        super().__init__(ctx)
        self.name = name
        self.diary = diary
        self.next = None

    def build(self) -> None:
        self.add(pygame_gui.elements.UILabel(pygame.Rect(0, 0, 200, 40), self.name, self.ctx.manager))

    def startup(self) -> None:
        self.diary.append(f"{self.name}.startup")
        super().startup()

    def pause(self) -> None:
        self.diary.append(f"{self.name}.pause")
        super().pause()

    def resume(self) -> None:
        self.diary.append(f"{self.name}.resume")
        super().resume()

    def cleanup(self) -> None:
        self.diary.append(f"{self.name}.cleanup")
        super().cleanup()

    def update(self, dt: float):
        out, self.next = self.next, None
        return out


def test_the_app_carries_out_push_pop_replace_reset_and_quit(app):
    diary: list[str] = []
    a, b, c = (Probe(app.ctx, n, diary) for n in "abc")
    app.apply(Reset((a,)))
    a.next = Push(b)
    app.frame(0.01)
    assert app.stack == [a, b] and not a.elements and b.elements, "only the scene on top has widgets"
    b.next = Replace(c)
    app.frame(0.01)
    assert app.stack == [a, c]
    c.next = Pop()
    app.frame(0.01)
    assert app.stack == [a] and a.elements
    assert diary == ["a.startup", "a.pause", "b.startup", "b.cleanup", "c.startup", "c.cleanup", "a.resume"]
    a.next = Quit()
    app.frame(0.01)
    assert not app.running


def test_popping_the_last_scene_returns_to_the_start_screen(app):
    app.apply(Reset((Probe(app.ctx, "only", []),)))
    app.apply(Pop())
    assert [s.name for s in app.stack] == ["menu"]


def test_scenes_and_dialogs_never_import_the_app():
    ui = ROOT / "sim" / "ui"
    files = [*sorted((ui / "scenes").glob("*.py")), ui / "scene.py", ui / "dialogs.py"]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(n == "sim.ui.app" or n.startswith("sim.ui.app.") for n in names), path
        assert "app" not in {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "sim.ui" for a in n.names}, path


def test_menu_to_setup_and_back_is_a_push_and_a_pop(app):
    menu = app.scene
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=next(iter(menu.buttons))))
    app.handle(pygame.event.get(pygame_gui.UI_BUTTON_PRESSED)[0])
    assert [s.name for s in app.stack] == ["menu", "setup"]
    app.handle(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=app.scene.back_btn))
    assert app.stack == [menu] and menu.elements, "the same start screen comes back, with its widgets"


def _results() -> list[pygame.event.Event]:
    return pygame.event.get(DIALOG_RESULT)


def test_the_adjust_dialog_posts_its_answer_only_when_complete(app):
    pygame.event.clear()
    win = AdjustDialog(app.manager, [("Stress", ("stress", None)), ("Vertrouwen", ("trust", "ggz"))])
    win.delta.set_text("+-")
    win.act()
    assert win.alive() and win.error.text and not _results(), "not a number: it says so and waits"
    win.delta.set_text("-2,5")
    win.act()
    assert win.alive() and not _results(), "no reason yet"
    win.reason.set_text("Buren bellen")
    win.act()
    (result,) = _results()
    assert result.dialog == "adjust" and result.value == ("stress", None, -2.5, "Buren bellen") and not win.alive()


def test_enter_in_the_note_dialog_posts_the_note(app):
    pygame.event.clear()
    win = NoteDialog(app.manager)
    win.entry.set_text("Zij bellen de schuldeiser")
    win.process_event(pygame.event.Event(pygame_gui.UI_TEXT_ENTRY_FINISHED, ui_element=win.entry, text=win.entry.get_text()))
    (result,) = _results()
    assert (result.dialog, result.value) == ("note", "Zij bellen de schuldeiser")


# -- English everywhere (the English walk-through itself is a slow test) ------------------------

KEY_LIKE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


def _texts(manager) -> list[str]:
    out = []
    for el in manager.get_sprite_group().sprites():
        for attr in ("text", "html_text", "window_display_title"):
            value = getattr(el, attr, None)
            if isinstance(value, str) and value.strip():
                out.append(value)
    return out


def _dutch_only() -> set[str]:
    nl, en = table("nl"), table("en")
    return {v for k, v in nl.items() if v != en[k] and len(v) > 3 and "%{" not in v} - set(en.values())


def _open_scene(app: App, scene: str):
    from sim.scenario.loader import load_scenario
    from sim.session import sessionfile as sf
    from sim.ui.shots import seeded_session

    if scene == "setup":
        return app.switch("setup", path=DEFAULT)
    if scene in ("board", "debrief"):
        return app.switch(scene, session=seeded_session(scene, "en"))
    if scene == "replay":
        return app.switch("replay", saved=sf.capture(seeded_session("debrief", "en")), loaded=load_scenario(DEFAULT))
    return app.switch("menu")


def _open_dialogs(app: App, scene) -> None:
    app.ctx.toggle_help()
    if scene.name == "board":
        scene.open_detail(*scene.card_rects[0][1])
        scene.open_inject()
        scene.open_adjust()
        scene.open_note()
        scene.open_dossier()
        assert {"card", "inject", "adjust", "note", "dossier"} <= set(scene.dialogs.open)
    elif scene.name == "debrief":
        scene.open_ratings()
        assert scene.rate_menus


@pytest.mark.parametrize("scene", ["menu", "setup", "board", "debrief", "replay"])
def test_every_scene_and_dialog_speaks_english(scene):
    app = App(str(DEFAULT), "en", window_size=(1920, 1080))
    try:
        shown = _open_scene(app, scene)
        app.frame(0.01)
        _open_dialogs(app, shown)
        app.frame(0.01)
        texts = _texts(app.manager)
        english = set(table("en").values())
        assert any(t in english for t in texts), "no text of the English table on screen"
        assert not [t for t in texts if KEY_LIKE.match(t)], "a translation key instead of its text"
        dutch = _dutch_only()
        assert not [t for t in texts if t in dutch], "Dutch text on an English screen"
    finally:
        pygame.quit()


def test_every_icon_the_format_names_is_drawn_and_differs_from_the_letter_fallback():
    import pygame

    from sim.scenario.format import ICONS
    from sim.ui import theme, widgets

    pygame.font.init()
    theme.font.cache_clear()  # fonts made before another test quit pygame are dead

    def drawn(name: str) -> bytes:
        surface = pygame.Surface((60, 60))
        surface.fill((255, 255, 255))
        widgets.draw_icon(surface, name, (30, 30), 40, (0, 0, 0), fallback="Q")
        return pygame.image.tobytes(surface, "RGB")

    fallback = drawn("no-such-icon")
    assert [name for name in ICONS if drawn(name) == fallback] == []
