"""Where the program's shipped files live: scenarios, fonts, translations, the schema.

They are read through `importlib.resources`, so the same code works in a
checkout, an editable install and an installed wheel. In the source tree the
folders stay at the top (`scenarios/`, `assets/`, `schema/`), where designers
look for them; `sim/data/` links to them, and a built wheel holds copies.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def scenarios() -> Traversable:
    """The folder of shipped scenario files."""
    return resources.files("sim.data") / "scenarios"


def assets() -> Traversable:
    """The folder of fonts and translations."""
    return resources.files("sim.data") / "assets"


def schema() -> Traversable:
    """The scenario JSON Schema."""
    return resources.files("sim.data") / "schema" / "scenario.schema.json"
