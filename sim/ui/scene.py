"""Scenes, what they hand back to the app, and the narrow context they see.

The app owns a stack of scenes (Tuxemon's StateManager). A scene never
imports the app: `handle_event` and `update` return a transition (`Push`,
`Pop`, `Replace`, `Reset`, `Quit`) or None, and the app carries it out. What a
scene may use of the app is in its `Context`: the widget manager, the logical
size, the clock, ways to ask for a redraw, the language switch and the help
window, and a factory for the other scenes by name (so scenes need not import
each other either).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeAlias

import attrs
import pygame
import pygame_gui

from sim.ui.theme import LOGICAL_SIZE


class SceneFactory(Protocol):
    """Makes a scene by name (`"menu"`, `"setup"`, `"board"`, `"debrief"`, `"replay"`)."""

    def __call__(self, name: str, **kwargs: Any) -> Scene: ...


def _no_scenes(name: str, **kwargs: Any) -> Scene:
    raise LookupError(f"no scene factory: cannot make {name!r}")


def _nothing() -> None:
    """A hook the app did not fill in."""


@attrs.define
class Context:
    """What a scene may use of the app: widgets, size, clock, redraw, language, help, other scenes."""

    manager: pygame_gui.UIManager
    clock: pygame.time.Clock
    scenario_path: str | None = None
    logical_size: tuple[int, int] = LOGICAL_SIZE
    to_logical: Callable[[tuple[int, int]], tuple[int, int]] = lambda pos: pos
    make_scene: SceneFactory = _no_scenes
    toggle_language: Callable[[], None] = _nothing
    toggle_help: Callable[[], None] = _nothing
    close_help: Callable[[], None] = _nothing
    dirty: bool = True  # the frame must be drawn again

    def redraw(self) -> None:
        """Ask for the frame to be drawn again."""
        self.dirty = True


@attrs.frozen
class Push:
    """Put `scene` on top; the one below waits, without widgets, until it is uncovered."""

    scene: Scene


@attrs.frozen
class Pop:
    """Leave this scene; the one below comes back."""


@attrs.frozen
class Replace:
    """Leave this scene for `scene`."""

    scene: Scene


@attrs.frozen
class Reset:
    """Empty the stack and start again with `scenes` (bottom first), e.g. the menu and a new set-up."""

    scenes: tuple[Scene, ...]


@attrs.frozen
class Quit:
    """Close the window."""


Transition: TypeAlias = Push | Pop | Replace | Reset | Quit


class Scene:
    """One screen: it builds its widgets, handles events, updates and draws.

    Only the scene on top of the stack has widgets: `startup` builds them when
    it first shows, `pause` removes them when another scene covers it,
    `resume` builds them again, `cleanup` removes them for good.
    """

    name = "scene"

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.elements: list[pygame_gui.core.UIElement] = []

    # -- life on the stack ------------------------------------------------------
    def startup(self) -> None:
        """The scene shows for the first time."""
        self.build()
        self.ctx.redraw()

    def pause(self) -> None:
        """Another scene covers this one."""
        self.clear()

    def resume(self) -> None:
        """The scene above was left: show this one again."""
        self.rebuild()

    def cleanup(self) -> None:
        """The scene leaves the stack."""
        self.clear()

    def language_changed(self, lang: str) -> None:
        """The screen language changed (the app rebuilds the widgets of the scene on top)."""

    # -- widgets ------------------------------------------------------------
    # Widgets are rebuilt wholesale: on entering, on a language switch and when the scene asks.
    def build(self) -> None:
        """Create this scene's pygame_gui widgets."""

    def clear(self) -> None:
        """Remove this scene's widgets."""
        for el in self.elements:
            el.kill()
        self.elements.clear()

    def rebuild(self) -> None:
        """Clear and build again (after a language switch or a big change)."""
        self.clear()
        self.build()
        self.ctx.redraw()

    def add(self, element: Any) -> Any:
        """Keep `element` so `clear()` removes it; returns it."""
        self.elements.append(element)
        return element

    # -- the frame ----------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """React to one pygame or pygame_gui event; maybe say where to go next."""
        return None

    def update(self, dt: float) -> Transition | None:
        """Advance animations and timers (call `ctx.redraw()` when the screen changed); never draws."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Draw what is ours (below the widgets); never changes the scene's state."""

    def draw_over(self, surface: pygame.Surface) -> None:
        """Draw what must lie above the widgets (overlays)."""
