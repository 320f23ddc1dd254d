"""Write the whole kit for one scenario into a folder."""

from __future__ import annotations

from pathlib import Path

import attrs

from sim.core.model import Scenario
from sim.printkit.board import write_board
from sim.printkit.cards import write_cards
from sim.printkit.script import write_script
from sim.printkit.sheets import write_sheets

LANGS = ("nl", "en")


@attrs.frozen
class Kit:
    """The files of a written kit."""

    cards: Path
    sheets: tuple[Path, ...]
    board: Path
    script: Path

    def all(self) -> tuple[Path, ...]:
        """Every file, cards first."""
        return (self.cards, *self.sheets, self.board, self.script)


def write_kit(sc: Scenario, out: Path, lang: str = "nl", paper: str = "a4", bleed: bool = False) -> Kit:
    """Write cards.pdf, team-<id>.pdf for each team, board.pdf and script.pdf into `out` (created if missing).

    Raises `sim.printkit.layout.TextOverflow` when a text does not fit at the smallest allowed size.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use nl or en")
    out.mkdir(parents=True, exist_ok=True)
    cards = out / "cards.pdf"
    write_cards(sc, cards, lang, paper, bleed)
    sheets = tuple(write_sheets(sc, out, lang, paper))
    write_board(sc, out / "board.pdf", lang, paper)
    write_script(sc, out / "script.pdf", lang, paper)
    return Kit(cards, sheets, out / "board.pdf", out / "script.pdf")
