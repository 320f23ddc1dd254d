"""The window, the stack of scenes and the frame loop.

The app owns the stack (Tuxemon's StateManager): the scene on top gets the
events and the frames, and hands back a transition (push, pop, replace,
reset, quit) that the app carries out. Scenes see only their `Context`.

Everything is laid out for a fixed logical 1920×1080 surface; each frame that
changed is scaled to the window (letterboxed, aspect kept). The pygame_gui
manager maps mouse positions back through the same scale and offset.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core.utility import set_default_manager

from sim import resources
from sim.ui import theme
from sim.ui.dialogs import help_dialog
from sim.ui.i18n import set_language
from sim.ui.memory import release_freed_memory
from sim.ui.scene import Context, Pop, Push, Quit, Replace, Reset, Scene, Transition
from sim.ui.scenes import SCENES
from sim.ui.sound import SOUNDS
from sim.ui.text import GuardedUIManager
from sim.ui.theme import LOGICAL_SIZE

TRANSLATIONS = resources.translations()


class ScaledUIManager(GuardedUIManager):
    """A UIManager whose mouse positions are mapped from the window to the logical surface."""

    def __init__(self, *args, **kwargs):
        self.view_scale = 1.0
        self.view_offset = (0, 0)
        super().__init__(*args, **kwargs)

    def calculate_scaled_mouse_position(self, position: tuple[int, int]) -> tuple[int, int]:
        """Window pixels → logical pixels."""
        return (
            round((position[0] - self.view_offset[0]) / self.view_scale),
            round((position[1] - self.view_offset[1]) / self.view_scale),
        )


class App:
    """The game window with its stack of scenes."""

    def __init__(self, scenario_path: str | None = None, lang: str = "nl", window_size: tuple[int, int] | None = None):
        pygame.init()
        theme.clear_caches()  # fonts made before an earlier pygame.quit() are dead
        pygame.display.set_caption("Stabiel")
        self.lang = lang
        set_language(lang)
        self.fullscreen = False
        self.window_size = window_size or _default_window_size()
        self.window = pygame.display.set_mode(self.window_size, pygame.RESIZABLE)
        self.logical = pygame.Surface(LOGICAL_SIZE)
        self.manager = ScaledUIManager(
            LOGICAL_SIZE,
            theme_path=theme.gui_theme(),
            starting_language=lang,
            translation_directory_paths=[str(TRANSLATIONS)],
        )
        self.manager.set_locale(lang)
        self.manager.preload_fonts([{"name": "dejavu_condensed", "point_size": theme.BODY, "style": style} for style in ("italic", "bold_italic")])
        self.clock = pygame.time.Clock()
        self.ctx = Context(
            manager=self.manager, clock=self.clock, scenario_path=scenario_path, to_logical=self.to_logical,
            make_scene=self.make_scene, toggle_language=self.toggle_language, toggle_help=self.toggle_help,
            close_help=self.close_help,
        )
        self._fit_view()
        self.running = True
        self.scenario_path = scenario_path
        self.stack: list[Scene] = []
        self.help_window: pygame_gui.elements.UIWindow | None = None
        self.frame_times: list[float] = []
        self._release = False  # a window closed or the scene changed: hand freed memory back (sim.ui.memory)
        self.switch("menu")

    @property
    def dirty(self) -> bool:
        """Whether the frame must be drawn again."""
        return self.ctx.dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self.ctx.dirty = value

    # -- scenes -------------------------------------------------------------
    @property
    def scene(self) -> Scene | None:
        """The scene on top of the stack."""
        return self.stack[-1] if self.stack else None

    def make_scene(self, name: str, **kwargs: Any) -> Scene:
        """A new scene by name, with this app's context."""
        return SCENES[name](self.ctx, **kwargs)

    def switch(self, name: str, **kwargs: Any) -> Scene:
        """Start again with only the scene `name` (the start, a screenshot, a test)."""
        scene = self.make_scene(name, **kwargs)
        self.apply(Reset((scene,)))
        return scene

    def apply(self, transition: Transition | None) -> None:
        """Carry out what a scene handed back."""
        if transition is None:
            return
        self.close_help()
        self._release = True
        if isinstance(transition, Quit):
            self.running = False
            return
        top = self.scene
        if isinstance(transition, Push):
            if top is not None:
                top.pause()
            self.stack.append(transition.scene)
            transition.scene.startup()
        elif isinstance(transition, (Pop, Replace)):
            if top is not None:
                self.stack.pop().cleanup()
            if isinstance(transition, Replace):
                self.stack.append(transition.scene)
                transition.scene.startup()
            elif self.scene is not None:
                self.scene.resume()
            else:  # nothing left to go back to: the start screen
                self.stack.append(self.make_scene("menu"))
                self.stack[-1].startup()
        elif isinstance(transition, Reset):
            while self.stack:
                self.stack.pop().cleanup()
            self.stack.extend(transition.scenes)
            self.stack[-1].startup()
        self.dirty = True

    def set_language(self, lang: str) -> None:
        """Switch every text on screen to `lang` ('nl' or 'en')."""
        self.lang = lang
        set_language(lang)
        self.manager.set_locale(lang)
        for scene in self.stack:
            scene.language_changed(lang)
        self.close_help()
        if self.scene is not None:
            self.scene.rebuild()
        self.dirty = True

    def toggle_language(self) -> None:
        """Dutch ↔ English."""
        self.set_language("en" if self.lang == "nl" else "nl")

    # -- help overlay ---------------------------------------------------------
    def toggle_help(self) -> None:
        """Show or hide the keyboard shortcuts."""
        if self.help_window is not None and self.help_window.alive():
            self.close_help()
            return
        self.help_window = help_dialog(self.manager)
        self.dirty = True

    def close_help(self) -> None:
        """Hide the keyboard shortcuts."""
        if self.help_window is not None:
            self.help_window.kill()
            self.help_window = None
            self.dirty = True

    # -- window ------------------------------------------------------------------
    def _fit_view(self) -> None:
        ww, wh = self.window.get_size()
        scale = min(ww / LOGICAL_SIZE[0], wh / LOGICAL_SIZE[1]) or 1.0
        self.view_scale = scale
        self.view_offset = ((ww - int(LOGICAL_SIZE[0] * scale)) // 2, (wh - int(LOGICAL_SIZE[1] * scale)) // 2)
        self.manager.view_scale = scale
        self.manager.view_offset = self.view_offset
        self.ctx.redraw()

    def to_logical(self, pos: tuple[int, int]) -> tuple[int, int]:
        """Window pixels → logical pixels."""
        return self.manager.calculate_scaled_mouse_position(pos)

    def toggle_fullscreen(self) -> None:
        """F11: fullscreen on the current display, or back to a window."""
        self.fullscreen = not self.fullscreen
        try:
            if self.fullscreen:
                self.window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            else:
                self.window = pygame.display.set_mode(self.window_size, pygame.RESIZABLE)
        except pygame.error:
            self.fullscreen = not self.fullscreen
        self._fit_view()

    def resize(self, size: tuple[int, int]) -> None:
        """The window was resized."""
        if not self.fullscreen:
            self.window_size = theme.window_size_for(size)  # no window below 640×360 or above 8K
            try:
                self.window = pygame.display.set_mode(self.window_size, pygame.RESIZABLE)
            except pygame.error:
                pass
        self._fit_view()

    # -- the frame ---------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """Route one event: global keys first, then widgets, then the scene."""
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
            return
        if event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSIZECHANGED):
            self.dirty = True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_F11:
                self.toggle_fullscreen()
                return
            if event.key == pygame.K_F1:
                self.toggle_help()
                return
            if event.key == pygame.K_ESCAPE and self.help_window is not None:
                self.close_help()
                return
            if event.key == pygame.K_m and not self._typing():
                SOUNDS.toggle_mute()  # M mutes the moments' tones in every scene
                self.dirty = True
                return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.KEYDOWN,
                          pygame.TEXTINPUT, pygame.MOUSEWHEEL) or event.type >= pygame.USEREVENT:
            self.dirty = True
        consumed = self.manager.process_events(event)
        if event.type == pygame_gui.UI_WINDOW_CLOSE:
            self._release = True  # a big window's surfaces were freed: give the memory back after this frame
            if event.ui_element is self.help_window:
                self.help_window = None
        if self.scene is not None and not (consumed and event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)):
            self.apply(self.scene.handle_event(event))
        elif self.scene is not None and event.type >= pygame.USEREVENT:
            self.apply(self.scene.handle_event(event))

    def frame(self, dt: float) -> None:
        """One frame: update, and draw when something changed."""
        t0 = time.perf_counter()
        if self.scene is not None:
            self.apply(self.scene.update(dt))
        self.manager.update(dt)
        if self.dirty or self._gui_animating():
            self.render()
            self.present()
            self.dirty = False
        if self._release:
            self._release = False
            release_freed_memory()
        self.frame_times.append(time.perf_counter() - t0)
        if len(self.frame_times) > 600:
            del self.frame_times[:300]

    def _typing(self) -> bool:
        focus = self.manager.get_focus_set() or set()
        return any(isinstance(el, pygame_gui.elements.UITextEntryLine | pygame_gui.elements.UITextEntryBox) for el in focus)

    def _gui_animating(self) -> bool:
        # Text cursors blink and hovered buttons change: redraw while the mouse is over a widget.
        return self.manager.get_hovering_any_element() or self.manager.get_focus_set() not in (None, set())

    def render(self) -> pygame.Surface:
        """Draw the whole logical frame (scene, widgets, overlays)."""
        surf = self.logical
        surf.fill(theme.BG)
        if self.scene is not None:
            self.scene.draw(surf)
        self.manager.draw_ui(surf)
        if self.scene is not None:
            self.scene.draw_over(surf)
        return surf

    def present(self) -> None:
        """Scale the logical frame into the window."""
        ww, wh = self.window.get_size()
        if (ww, wh) == LOGICAL_SIZE:
            self.window.blit(self.logical, (0, 0))
        else:
            self.window.fill((0, 0, 0))
            size = (int(LOGICAL_SIZE[0] * self.view_scale), int(LOGICAL_SIZE[1] * self.view_scale))
            if size[0] > 0 and size[1] > 0:
                self.window.blit(pygame.transform.smoothscale(self.logical, size), self.view_offset)
        pygame.display.flip()

    def run(self) -> None:
        """The main loop, until the window closes."""
        while self.running:
            dt = self.clock.tick(60) / 1000.0
            for event in pygame.event.get():
                self.handle(event)
            self.frame(dt)
        self.close()

    def close(self) -> None:
        """Close the window: the events still queued are read first, since pygame-ce frees what an event
        holds (a window, a button) only when the event is read, never at `pygame.quit()`."""
        pygame.event.get()
        pygame.quit()
        set_default_manager(None)  # pygame_gui's default manager would keep this window's widgets alive

    def screenshot(self, path: str | os.PathLike) -> None:
        """Save the logical frame (1920×1080) as PNG."""
        if self.scene is not None:
            self.apply(self.scene.update(0.0))
        self.manager.update(0.01)
        self.render()
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.logical, str(path))



def _default_window_size() -> tuple[int, int]:
    try:
        info = pygame.display.Info()
        w, h = info.current_w, info.current_h
    except pygame.error:
        w, h = LOGICAL_SIZE
    if w <= 0 or h <= 0:
        return LOGICAL_SIZE
    # Fit 16:9 inside 90% of the desktop, at most 1920×1080.
    scale = min(0.9 * w / LOGICAL_SIZE[0], 0.9 * h / LOGICAL_SIZE[1], 1.0)
    return (int(LOGICAL_SIZE[0] * scale), int(LOGICAL_SIZE[1] * scale))


def has_display() -> bool:
    """Whether a screen is available (or a dummy driver was asked for)."""
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return True
    if os.name == "nt" or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return True
    return os.uname().sysname == "Darwin" if hasattr(os, "uname") else False


def run(scenario_path: str | None = None, lang: str = "nl") -> int:
    """Open the window on the start screen; a clear message (exit 2) when there is no screen."""
    if not has_display():
        print(tr_static("app.no_display", lang))
        return 2
    try:
        app = App(scenario_path, lang)
    except pygame.error as exc:
        print(tr_static("app.no_display", lang) + f" ({exc})")
        return 2
    app.run()
    return 0


def tr_static(key: str, lang: str) -> str:
    """A translation without touching the current UI language."""
    from sim.ui.i18n import table  # as before: the translation layer is being rewritten beside this

    return table(lang)[key]
