"""Every card's and event's short code, and reading a code back as a facilitator types or scans it.

The print kit puts the code (and a QR code holding it) on every card; the
companion screen reads it back. Both import this module, which sits in the
scenario layer so that `sim.printkit` and `sim.ui` may use it alike. It does
no I/O: the scenario is already loaded.
"""

from __future__ import annotations

import hashlib

import attrs

from sim.core.model import Scenario

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U to misread
CODE_LEN = 4
QR_PREFIX = "STABIEL"

# What is easily typed or read instead of a character of a code: Crockford's own
# rules (O is 0, I and L are 1, U is V). Applied to both sides, so an agency
# label with an O or an I in it (POL, SCH) still matches however it is typed.
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


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
        if len(set(out.values())) == len(out) and len({canonical(v) for v in out.values()}) == len(out):
            return out
    raise ValueError("card codes clash")  # pragma: no cover - needs a SHA-256 collision


def qr_payload(sc: Scenario, ident: str, code: str) -> str:
    """What a card's QR code holds: the scenario and the card's short code (which `codes` maps back to `ident`)."""
    return f"{QR_PREFIX}:{sc.id}:{code}"


def canonical(text: str) -> str:
    """A code as compared: letters and digits only, upper case, misreadable characters folded (O->0, I/L->1, U->V)."""
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum()).translate(_MISREAD)


@attrs.frozen
class Lookup:
    """What a typed or scanned code names.

    `kind` is "card" or "event" when found (`ident` its id, `code` as printed);
    otherwise "empty", "unknown" or "other_scenario" (a QR code of another
    scenario: `scenario` names it).
    """

    kind: str
    ident: str = ""
    code: str = ""
    scenario: str = ""

    @property
    def found(self) -> bool:
        """Whether the code names a card or an event of this scenario."""
        return self.kind in ("card", "event")


def lookup(sc: Scenario, text: str) -> Lookup:
    """The card or event `text` names: a printed code as typed (any case, with or without the dash,
    common misreadings tolerated) or a scanned QR payload ('STABIEL:<scenario>:<code>')."""
    raw = text.strip()
    head, sep, rest = raw.partition(":")
    if sep and head.strip().upper() == QR_PREFIX:
        scenario, sep2, code = rest.rpartition(":")
        if sep2 and scenario.strip() != sc.id:
            return Lookup("other_scenario", scenario=scenario.strip()[:60])
        raw = code
    key = canonical(raw)
    if not key:
        return Lookup("empty")
    events = {e.id for e in sc.events}
    for ident, code in codes(sc).items():
        if canonical(code) == key:
            return Lookup("event" if ident in events else "card", ident, code)
    return Lookup("unknown")
