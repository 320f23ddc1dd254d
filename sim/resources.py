"""Where the program's shipped files live: scenarios, fonts, translations, the schema.

They are package data of `sim.data`, read through `importlib.resources`, so
the same code works in a checkout, an editable install and an installed wheel.
In the source tree the folders stay at the top (`scenarios/`, `assets/`,
`schema/`), where designers look for them; `sim/data/` links to them, and a
built wheel holds copies. The functions return real paths: pygame and
pygame_gui open fonts and translation folders by name, so the package must be
installed as files (pip always does).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_SCENARIO_FILE = "jan-in-de-portiek.yaml"


def _data(*parts: str) -> Path:
    node = resources.files("sim.data")
    for part in parts:  # one step at a time: Python 3.10's Traversable.joinpath takes one name
        node = node / part
    return Path(str(node))


def scenarios() -> Path:
    """The folder of shipped scenario files."""
    return _data("scenarios")


def default_scenario() -> Path:
    """The default scenario, 'Jan in de portiek'."""
    return scenarios() / DEFAULT_SCENARIO_FILE


def assets() -> Path:
    """The folder of fonts and translations."""
    return _data("assets")


def translations() -> Path:
    """The folder of translation catalogs."""
    return _data("assets", "translations")


def font(name: str) -> Path:
    """A shipped font file."""
    return _data("assets", "fonts", name)


def schema() -> Path:
    """The scenario JSON Schema."""
    return _data("schema", "scenario.schema.json")


def template() -> Path:
    """The commented starter scenario of `new`."""
    return Path(str(resources.files("sim.scenario") / "template" / "scenario.yaml"))
