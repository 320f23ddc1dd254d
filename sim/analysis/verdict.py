"""The depth verdict: issue 10's targets for a game that has to be played, judged on a balance report.

Each target reads one figure of `balance --json` (a policy's outcome rate, a
difference of two policies' rates, the expert's median rounds, or a depth
measure of `sim.analysis.depth`) and says whether it lies within the target.
`met` is judged on the measured value, as the table in docs/balance.md is;
the 95% interval is given beside it so the reader sees how sure that is
(`sure`: the whole interval lies within the target).

The verdict stands beside the lesson's and does not change `balance`'s exit
status, which is the lesson's alone: a scenario can teach the lesson and still
be too easy a game, and the designer should see both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from sim.analysis.stats import diff_of_shares

Figure = tuple[float, float | None, float | None]  # value, low, high (no interval: None, None)


@attrs.frozen
class Target:
    """One target: the figure it reads, its bounds (None: open), and whether it counts in points or in percent."""

    key: str
    low: float | None
    high: float | None
    unit: str  # "share" (a rate, 0..1), "points" (a difference of rates, -1..1) or "rounds"
    read: Callable[[Mapping[str, Any]], Figure | None]


def _rate(policy: str, outcome: str) -> Callable[[Mapping[str, Any]], Figure | None]:
    def read(rep: Mapping[str, Any]) -> Figure | None:
        r = rep.get("policies", {}).get(policy)
        if r is None:
            return None
        v = r["outcome_rates"][outcome]
        return v["rate"], v["low"], v["high"]

    return read


def _minus(a: str, b: str) -> Callable[[Mapping[str, Any]], Figure | None]:
    """Policy a's stabiel rate minus policy b's, with Newcombe's interval."""

    def read(rep: Mapping[str, Any]) -> Figure | None:
        pols = rep.get("policies", {})
        if a not in pols or b not in pols:
            return None
        pa, pb = pols[a], pols[b]
        d, lo, hi = diff_of_shares(pa["outcomes"]["stabiel"], pa["games"], pb["outcomes"]["stabiel"], pb["games"])
        return round(d, 4) + 0.0, round(lo, 4) + 0.0, round(hi, 4) + 0.0

    return read


def _median_rounds(policy: str) -> Callable[[Mapping[str, Any]], Figure | None]:
    def read(rep: Mapping[str, Any]) -> Figure | None:
        r = rep.get("policies", {}).get(policy)
        return None if r is None else (float(r["rounds"]["p50"]), None, None)

    return read


def _depth(measure: str, value: str) -> Callable[[Mapping[str, Any]], Figure | None]:
    def read(rep: Mapping[str, Any]) -> Figure | None:
        m = rep.get("depth", {}).get(measure)
        return None if m is None else (m[value], m["low"], m["high"])

    return read


# Issue 10 §6, in its order.
TARGETS: tuple[Target, ...] = (
    Target("protocol_crisis", 0.60, None, "share", _rate("protocol", "crisis")),
    Target("naive_stabiel", None, 0.40, "share", _rate("naive", "stabiel")),
    Target("expert_stabiel", 0.75, 0.95, "share", _rate("expert", "stabiel")),
    Target("expert_minus_naive", 0.40, None, "points", _minus("expert", "naive")),
    Target("expert_vs_grensverlegger", -0.05, None, "points", _minus("expert", "grensverlegger")),
    Target("expert_median_rounds", 5.0, None, "rounds", _median_rounds("expert")),
    Target("recovery", 0.30, None, "share", _depth("recovery", "rate")),
    Target("information_value", 0.15, None, "points", _depth("information_value", "difference")),
    Target("rule_card_value", 0.15, None, "points", _depth("rule_card_value", "difference")),
    Target("card_dependence", 0.50, None, "share", _depth("card_dependence", "rate")),
)


def _within(t: Target, x: float) -> bool:
    return (t.low is None or x >= t.low - 1e-9) and (t.high is None or x <= t.high + 1e-9)


def depth_verdict(rep: Mapping[str, Any]) -> dict[str, Any]:
    """Every target whose figure the report has: value, interval, bounds, met; then whether all were met.

    Targets whose policy or depth measure the report lacks are left out (and listed in `not_measured`).
    """
    targets: dict[str, Any] = {}
    missing = []
    for t in TARGETS:
        fig = t.read(rep)
        if fig is None:
            missing.append(t.key)
            continue
        value, lo, hi = fig
        row: dict[str, Any] = {"value": value, "low": lo, "high": hi, "target_low": t.low, "target_high": t.high,
                               "unit": t.unit, "met": _within(t, value),
                               "sure": lo is not None and hi is not None and _within(t, lo) and _within(t, hi)}
        if t.key == "card_dependence":
            row["card"] = rep["depth"]["card_dependence"].get("card")
        targets[t.key] = row
    missed = [k for k, row in targets.items() if not row["met"]]
    return {"targets": targets, "met": not missed and not missing, "missed": missed, "not_measured": missing}


__all__ = ["TARGETS", "Target", "depth_verdict"]
