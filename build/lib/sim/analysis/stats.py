"""Statistics of a batch of games: rates with confidence intervals, spreads, and what each card did.

All intervals are 95%. A share of games (an outcome rate) gets a Wilson score
interval, which behaves at 0% and 100% where the textbook one collapses; the
difference of two shares gets Newcombe's interval built from the two Wilson
intervals. A difference of two means (a card's effect on the outcome) gets the
normal interval with each group's own variance (Welch).

A game's *outcome score* is +1 stabiel, 0 kwetsbaar, -1 crisis: the mean score
of a group of games is the share that stabilised minus the share in crisis.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from sim.core.model import Scenario

Z95 = 1.959963984540054
OUTCOMES = ("stabiel", "kwetsbaar", "crisis")
OUTCOME_SCORE = {"stabiel": 1.0, "kwetsbaar": 0.0, "crisis": -1.0}

# Card verdicts, judged on the outcome score (+1 / 0 / -1) of games where the card was played early versus not.
LANDMARK = 3  # cards are judged on whether they were played in rounds 1..LANDMARK (see `card_table`)
MIN_GROUP = 20  # games needed on each side before a card is judged at all
DOMINANT_DIFF = 0.5  # played: half an outcome category better on average, and ...
DOMINANT_LOW = 0.3  # ... surely (lower end of the interval) a third of one better
HARMFUL_DIFF = -0.15  # played: clearly worse on average, and the interval lies wholly below zero
FLAG_DOMINANT = "dominant"
FLAG_HARMFUL = "never worth playing"
FLAG_UNPLAYED = "never played"


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a share k/n."""
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def diff_of_shares(k1: int, n1: int, k2: int, n2: int, z: float = Z95) -> tuple[float, float, float]:
    """The difference k1/n1 - k2/n2 with Newcombe's hybrid score interval: (difference, low, high)."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1, z)
    l2, u2 = wilson(k2, n2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return (d, max(-1.0, low), min(1.0, high))


def diff_of_means(a: Sequence[float], b: Sequence[float], z: float = Z95) -> tuple[float, float, float]:
    """mean(a) - mean(b) with a normal (Welch) interval: (difference, low, high)."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    d = float(x.mean() - y.mean())
    var = (x.var(ddof=1) / len(x) if len(x) > 1 else 0.0) + (y.var(ddof=1) / len(y) if len(y) > 1 else 0.0)
    half = z * math.sqrt(var)
    return (d, d - half, d + half)


def spread(values: Iterable[float]) -> dict[str, float]:
    """Mean and the 5th, 50th and 95th percentiles."""
    v = np.asarray(list(values), dtype=float)
    if v.size == 0:
        return {"mean": 0.0, "p5": 0.0, "p50": 0.0, "p95": 0.0}
    p5, p50, p95 = np.percentile(v, [5, 50, 95])
    return {"mean": _r(v.mean()), "p5": _r(p5), "p50": _r(p50), "p95": _r(p95)}


def _r(x: float, digits: int = 3) -> float:
    # Rounded, and never -0.0, so that JSON output is byte-identical across runs and machines.
    return round(float(x), digits) + 0.0


def outcome_rates(results: Sequence[Any]) -> dict[str, dict[str, float]]:
    """Per outcome: the share of games and its Wilson interval."""
    n = len(results)
    counts = {k: 0 for k in OUTCOMES}
    for r in results:
        counts[r.outcome] += 1
    out = {}
    for k in OUTCOMES:
        low, high = wilson(counts[k], n)
        out[k] = {"rate": _r(counts[k] / n if n else 0.0, 4), "low": _r(low, 4), "high": _r(high, 4)}
    return out


def per_round(results: Sequence[Any], field: str) -> dict[str, list[float]]:
    """P5, median and P95 of a per-round series (`stress` or `stability`) over the games, round 0 to the last."""
    m = np.array([getattr(r, field) for r in results], dtype=float)
    if m.size == 0:
        return {"p5": [], "p50": [], "p95": []}
    p5, p50, p95 = np.percentile(m, [5, 50, 95], axis=0)
    return {"p5": [_r(x, 2) for x in p5], "p50": [_r(x, 2) for x in p50], "p95": [_r(x, 2) for x in p95]}


def card_table(sc: Scenario, results: Sequence[Any], landmark: int = LANDMARK) -> dict[str, dict[str, Any]]:
    """Per card: how often it was played, and the outcome score where it was played early versus not, with a verdict.

    The comparison is a *landmark* one: only games still running after round
    `landmark` count, split by whether the card was played in rounds
    1..`landmark`. Comparing all games where a card was played at any time
    with those where it was not would be unfair: a game that ends in crisis in
    round 3 never gets the chance to play a card in round 5, so every card
    would look good. Played versus not is still an association, not a
    controlled experiment; it is cleanest under random play, where chance
    decides what is played.
    """
    n = len(results)
    scores = np.array([OUTCOME_SCORE[r.outcome] for r in results], dtype=float)
    alive = np.array([r.rounds > landmark for r in results], dtype=bool)
    totals = {c.id: 0 for c in sc.cards}
    games = {c.id: 0 for c in sc.cards}
    early = {c.id: np.zeros(n, dtype=bool) for c in sc.cards}
    for i, r in enumerate(results):
        for card, times in r.plays:
            if card in totals:
                totals[card] += times
                games[card] += 1
        for card, rnd in r.first:
            if card in early and rnd <= landmark:
                early[card][i] = True
    table: dict[str, dict[str, Any]] = {}
    for card in sc.cards:
        played = early[card.id] & alive
        not_played = ~early[card.id] & alive
        k, m = int(played.sum()), int(not_played.sum())
        row: dict[str, Any] = {
            "agency": card.agency,
            "type": card.type.value,
            "plays": totals[card.id],
            "games_played": games[card.id],
            "share_of_games": _r(games[card.id] / n if n else 0.0, 4),
            "plays_per_game": _r(totals[card.id] / n if n else 0.0),
            "early_games": k,
            "late_or_never_games": m,
            "score_played": None,
            "score_not_played": None,
            "difference": None,
            "low": None,
            "high": None,
            "flag": None,
        }
        if games[card.id] == 0:
            row["flag"] = FLAG_UNPLAYED
        elif k >= MIN_GROUP and m >= MIN_GROUP:
            d, low, high = diff_of_means(scores[played], scores[not_played])
            row.update(
                score_played=_r(scores[played].mean()),
                score_not_played=_r(scores[not_played].mean()),
                difference=_r(d),
                low=_r(low),
                high=_r(high),
            )
            if d >= DOMINANT_DIFF and low >= DOMINANT_LOW:
                row["flag"] = FLAG_DOMINANT
            elif d <= HARMFUL_DIFF and high < 0:
                row["flag"] = FLAG_HARMFUL
        table[card.id] = row
    return table


def summarize(sc: Scenario, results: Sequence[Any], meta: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON-ready summary of a batch: outcomes, spreads, costs, crossings, cards and the per-round fan."""
    n = len(results)
    counts = {k: 0 for k in OUTCOMES}
    for r in results:
        counts[r.outcome] += 1
    return {
        "scenario": sc.id,
        "games": n,
        **meta,
        "outcomes": counts,
        "outcome_rates": outcome_rates(results),
        "outcome_score": spread(OUTCOME_SCORE[r.outcome] for r in results),
        "final_stress": spread(r.final_stress for r in results),
        "final_stability": spread(r.final_stability for r in results),
        "rounds": spread(r.rounds for r in results),
        "euros_spent": spread(r.euros for r in results),
        "crisis_costs": spread(r.crisis_cost for r in results),
        "total_costs": spread(r.euros + r.crisis_cost for r in results),
        "boundary_crossings": spread(r.crossings for r in results),
        "joint_actions": spread(r.joints for r in results),
        "end_reasons": dict(sorted(_count(r.end_reason for r in results).items())),
        "why": why(results),
        "card_landmark": LANDMARK,
        "cards": card_table(sc, results),
        "per_round": {"stress": per_round(results, "stress"), "stability": per_round(results, "stability")},
        "seeds": [r.seed for r in results],
    }


def why(results: Sequence[Any]) -> dict[str, dict[str, dict[str, int]]]:
    """Why games did not stabilise: per outcome (kwetsbaar, crisis), how many games missed each part of the rule.

    For crisis games also `by_end`: which crisis ended them (the end reason).
    A game counts once for each part it missed (`stress`, `leg:ID`,
    `stressor:ID` still active, `back:ID` taken away and come back).
    """
    out: dict[str, dict[str, dict[str, int]]] = {}
    for outcome in ("kwetsbaar", "crisis"):
        games = [r for r in results if r.outcome == outcome]
        entry = {"missed": dict(sorted(_count(x for r in games for x in getattr(r, "short_of", ())).items(),
                                       key=lambda kv: (-kv[1], kv[0])))}
        if outcome == "crisis":
            entry["by_end"] = dict(sorted(_count(r.end_reason for r in games).items()))
        out[outcome] = entry
    return out


def _count(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return out


__all__ = [
    "OUTCOMES",
    "OUTCOME_SCORE",
    "card_table",
    "diff_of_means",
    "diff_of_shares",
    "outcome_rates",
    "per_round",
    "spread",
    "summarize",
    "why",
    "wilson",
]
