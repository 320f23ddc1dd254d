"""What every part of the kit shares: card codes, colours, and the scenario as the public may see it."""

from __future__ import annotations

import hashlib

import attrs
from reportlab.lib.colors import Color, HexColor, black, white

from sim.core.model import Scenario, Stressor, Text
from sim.printkit.texts import TEXTS

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U to misread
CODE_LEN = 4


def _base32(digest: bytes, n: int) -> str:
    value = int.from_bytes(digest, "big")
    return "".join(CODE_ALPHABET[(value >> (5 * i)) & 31] for i in range(n))


def codes(sc: Scenario) -> dict[str, str]:
    """Every card's and event's short code: the agency label (or 'EV') and 4 base32 characters of the id's SHA-256.

    The code depends only on the scenario id and the card id, so reordering the
    file keeps it; a clash (rare) lengthens the clashing codes.
    """
    items = [(c.id, c.id, sc.agency(c.agency).label) for c in sc.cards] + [(e.id, "event:" + e.id, "EV") for e in sc.events]
    out: dict[str, str] = {}
    for n in range(CODE_LEN, 13):
        out = {ident: f"{prefix}-{_base32(hashlib.sha256(f'{sc.id}/{key}'.encode()).digest(), n)}" for ident, key, prefix in items}
        if len(set(out.values())) == len(out):
            return out
    raise ValueError("card codes clash")  # pragma: no cover - needs a SHA-256 collision


def qr_payload(sc: Scenario, ident: str, code: str) -> str:
    """What a card's QR code holds: the scenario and the card's short code (which `codes` maps back to `ident`)."""
    return f"STABIEL:{sc.id}:{code}"


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
