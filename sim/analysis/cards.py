"""The card verdicts of the balance report: measured by removal where that was played, else by association.

The association table (`stats.card_table`) compares games where a card was
played early with games where it was not, under random play. That is cheap
but not an experiment: a rescue card that is only playable when things go
wrong looks bad. The removal measure (`depth.card_effects`) is one: the
expert plays the same games with the card and with the card taken out of the
scenario, so the difference in its stabiel rate is the card's own effect on
good play. Where it was measured, it decides:

- *dominant*: without the card the expert stabilises at least `DOMINANT_DROP`
  less often (the game hangs on it), the interval's lower end at least
  `DOMINANT_LOW`;
- *never worth playing*: the expert clearly does better without it (the whole
  interval below zero), or the association says so and the removal does not
  show the expert needs it;
- *needed*: the expert clearly does worse without it (shown, not a problem).

A card the association calls never worth playing but the expert needs is
reported as `cleared` (association only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.analysis.stats import FLAG_DOMINANT, FLAG_HARMFUL, FLAG_UNPLAYED

DOMINANT_DROP = 0.5  # the expert's stabiel rate without the card is at least 50 points lower ...
DOMINANT_LOW = 0.3  # ... and surely (the interval's lower end) 30 points
FLAG_NEEDED = "needed"
FLAG_CLEARED = "cleared"  # the association called it harmful; the removal shows the expert needs it


def measured_flag(effect: Mapping[str, Any]) -> str | None:
    """The verdict of the removal measure alone: dominant, needed, never worth playing, or None (no clear effect)."""
    if effect["difference"] >= DOMINANT_DROP and effect["low"] >= DOMINANT_LOW:
        return FLAG_DOMINANT
    if effect["low"] > 0:
        return FLAG_NEEDED
    if effect["high"] < 0:
        return FLAG_HARMFUL
    return None


def verdict(association: Mapping[str, Any], effect: Mapping[str, Any] | None) -> tuple[str | None, str]:
    """A card's verdict and what it rests on ("measured", "association" or "both")."""
    flag = association.get("flag")
    if effect is None:
        return flag, "association"
    m = measured_flag(effect)
    if m in (FLAG_DOMINANT, FLAG_HARMFUL):
        return m, "both" if flag == m else "measured"
    if flag == FLAG_HARMFUL:
        return (FLAG_CLEARED, "measured") if m == FLAG_NEEDED else (FLAG_HARMFUL, "association")
    if flag == FLAG_UNPLAYED:
        return flag, "association"
    return m, "measured"  # needed, or no clear effect (an association 'dominant' is overruled)


def judge(cards: Mapping[str, Mapping[str, Any]], effects: Mapping[str, Mapping[str, Any]] | None) -> dict[str, Any]:
    """Per card the verdict and its basis, and the three lists of the report (dominant, never worth, never played)."""
    per_card = {}
    for cid, row in cards.items():
        flag, basis = verdict(row, (effects or {}).get(cid))
        per_card[cid] = {"flag": flag, "basis": basis}
    lists = {key: sorted(c for c, v in per_card.items() if v["flag"] == flag)
             for key, flag in (("dominant_cards", FLAG_DOMINANT), ("never_worth_playing", FLAG_HARMFUL),
                               ("never_played", FLAG_UNPLAYED))}
    return {"card_verdicts": per_card, **lists}


__all__ = ["DOMINANT_DROP", "DOMINANT_LOW", "FLAG_CLEARED", "FLAG_NEEDED", "judge", "measured_flag", "verdict"]
