"""What every part of the kit shares: card codes (from `sim.scenario.codes`), colours, and the scenario as the public may see it."""

from __future__ import annotations

import attrs
from reportlab.lib.colors import Color, HexColor, black, white

from sim.core.model import Scenario, Stressor, Text
from sim.printkit.texts import TEXTS
from sim.scenario.codes import (  # re-exported: the kit's callers keep their import
    CODE_ALPHABET,
    CODE_LEN,
    codes,
    qr_payload,
)

__all__ = ["CODE_ALPHABET", "CODE_LEN", "codes", "qr_payload", "public_scenario", "colour", "ink_on"]


def public_scenario(sc: Scenario) -> Scenario:
    """The scenario with every hidden stressor's name replaced by 'a hidden stressor' (for shared pages).

    A flag that carries a hidden stressor's name (vader-en-zoon's 'Water
    afgesloten') would give the secret away, so it is masked the same way.
    """
    masked = Text(nl=TEXTS["nl"]["hidden_stressor"], en=TEXTS["en"]["hidden_stressor"])

    def mask(s: Stressor) -> Stressor:
        return attrs.evolve(s, name=masked, description=None) if s.hidden else s

    secret = {s.name.get(lang).casefold() for s in sc.stressors if s.hidden for lang in ("nl", "en")}
    flags = {f: masked if {name.get("nl").casefold(), name.get("en").casefold()} & secret else name for f, name in sc.flags.items()}
    return attrs.evolve(sc, stressors=tuple(mask(s) for s in sc.stressors), flags=flags)


def colour(hex_colour: str) -> Color:
    """A reportlab colour from '#RRGGBB' (grey when the file's value is unreadable)."""
    try:
        return HexColor(hex_colour)
    except (ValueError, TypeError):
        return HexColor("#777777")


def ink_on(background: Color) -> Color:
    """Black or white, whichever reads better on `background` (WCAG relative luminance)."""

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(background.red) + 0.7152 * lin(background.green) + 0.0722 * lin(background.blue)
    return black if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else white
