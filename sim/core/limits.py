"""The ranges of the person's figures, named once (GAME.md §2).

The engine clamps every change to these; the scenario checks and the schema
read them from here, so a range is written in one place.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Range:
    """An inclusive range of a figure."""

    lo: float
    hi: float

    def clamp(self, x: float) -> float:
        """`x`, moved into the range (NaN, which lies nowhere, becomes the low end)."""
        if x != x:  # NaN: not below, not above, not in between
            return self.lo
        return self.lo if x < self.lo else min(x, self.hi)

    def as_tuple(self) -> tuple[float, float]:
        """(lo, hi) as a scenario file writes them: whole numbers as ints (the schema says `100`, not `100.0`)."""
        return (_whole(self.lo), _whole(self.hi))


def _whole(x: float) -> float:
    return int(x) if float(x).is_integer() else x


STRESS = Range(0.0, 100.0)  # the person's stress; 100 is a crisis
LEG = Range(0.0, 10.0)  # a point of the stability triangle (meedoen, leefomgeving, continuiteit)
SEVERITY = Range(0, 3)  # a stressor's severity; 0 is resolved
TRUST = Range(0.0, 10.0)  # the person's trust in an agency
KPI = Range(-1000.0, 1000.0)  # an agency's system KPI (a scenario starts it within this range too)
EUROS = Range(-1e12, 1e12)  # euros an agency has spent: far beyond any case, but finite
MANDATE = Range(0, 100)  # mandaat tokens an agency holds
CAPACITY = Range(0, 100)  # capacity an agency has left this round
DEFAULT_TRUST = 5.0  # trust in an agency the scenario gives no start value for

__all__ = ["CAPACITY", "DEFAULT_TRUST", "EUROS", "KPI", "LEG", "MANDATE", "SEVERITY", "STRESS", "TRUST", "Range"]
