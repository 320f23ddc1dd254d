"""The scenes of the front end, by name: menu → setup → board → debrief (and replay).

The app makes them through this table and hands each a `Context`; no scene imports the app.
A scene's module is imported the first time the scene is made, not at start: the start
screen is up before the board, the debrief and their libraries (numpy, the report's
Jinja2, the consoles' QR codes) are loaded (issue 11: start to first frame ≤ 0.6 s).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any

# name -> (module in this package, class)
WHERE = {
    "menu": ("start", "MenuScene"),
    "setup": ("setup", "SetupScene"),
    "board": ("board", "BoardScene"),
    "debrief": ("debrief", "DebriefScene"),
    "presenter": ("presenter", "PresenterScene"),
    "replay": ("replay", "ReplayScene"),
    "moment": ("moment", "MomentScene"),
    "join": ("join", "JoinScene"),
}


class _Scenes(Mapping[str, Any]):
    """The scene classes by name, each imported when first asked for."""

    def __getitem__(self, name: str) -> Any:
        module, cls = WHERE[name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), cls)

    def __iter__(self) -> Iterator[str]:
        return iter(WHERE)

    def __len__(self) -> int:
        return len(WHERE)


SCENES: Mapping[str, Any] = _Scenes()
