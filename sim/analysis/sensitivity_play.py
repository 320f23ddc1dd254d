"""Playing the samples of the sensitivity report: the balance measures of each sample's scenario.

Every sample plays the same seeds (common random numbers: a difference between
samples is the numbers', not chance's) with each way of seating the table it
needs (`depth.Play`), over one pool of worker processes; the result does not
depend on the number of workers. The lesson needs boundary-crossing and
by-the-book play; the depth measures (`with_depth`) add the expert, naive,
the expert after a week by the book, and the expert without sharing or
without rule cards.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping, Sequence
from typing import Any

from sim.analysis.balance import BOUNDARY, BY_THE_BOOK, lesson
from sim.analysis.batch import Progress, play_game
from sim.analysis.depth import EXPERT, NAIVE, NO_RULES, NO_SHARING, RECOVERY, Play
from sim.core.model import Scenario

LESSON_MEASURES = ("stabiel", "crisis_less")  # the keys of balance.lesson's two differences
DEPTH_MEASURES = ("expert_stabiel", "expert_minus_naive", "recovery", "information_value", "rule_card_value")
LESSON_PLAYS: dict[str, Play] = {BOUNDARY: Play(BOUNDARY), BY_THE_BOOK: Play(BY_THE_BOOK)}
DEPTH_PLAYS: dict[str, Play] = {EXPERT: Play(EXPERT), NAIVE: Play(NAIVE), "recovery": RECOVERY,
                                "no_sharing": NO_SHARING, "no_rules": NO_RULES}

Task = tuple[int, Scenario, str, Play, tuple[int, ...]]  # (sample, scenario, label, play, seeds)


def _play(task: Task) -> tuple[int, str, int, int, int]:
    """(sample, label, games, stabiel, crisis) for one chunk of games."""
    sample, sc, label, play, seeds = task
    policies = play.seats(sc)
    counts = {"stabiel": 0, "crisis": 0}
    for s in seeds:
        out = play_game(sc, s, policies, quiet=True).outcome
        if out is not None and out.value in counts:
            counts[out.value] += 1
    return sample, label, len(seeds), counts["stabiel"], counts["crisis"]


def _tally(scenarios: Mapping[int, Scenario], plays: Mapping[str, Play], seeds: Sequence[int], workers: int,
           progress: Progress | None) -> dict[tuple[int, str], list[int]]:
    """[games, stabiel, crisis] for every (sample, label)."""
    chunk = max(1, min(50, len(seeds) // 2 or 1)) if workers > 1 else len(seeds)
    tasks: list[Task] = [(i, sc, label, play, tuple(seeds[j:j + chunk]))
                         for i, sc in scenarios.items() for label, play in plays.items()
                         for j in range(0, len(seeds), chunk)]
    total = len(scenarios) * len(plays) * len(seeds)
    tally: dict[tuple[int, str], list[int]] = {(i, p): [0, 0, 0] for i in scenarios for p in plays}
    done = 0
    if progress is not None:
        progress(0, total)

    def add(part: tuple[int, str, int, int, int]) -> None:
        nonlocal done
        i, label, n, st, cr = part
        t = tally[(i, label)]
        t[0] += n
        t[1] += st
        t[2] += cr
        done += n
        if progress is not None:
            progress(done, total)

    if workers == 1:
        for task in tasks:
            add(_play(task))
    else:
        with multiprocessing.Pool(workers) as pool:
            for part in pool.imap_unordered(_play, tasks):
                add(part)
    return tally


def _depth_measures(t: Mapping[str, list[int]]) -> dict[str, dict[str, float]]:
    """The depth measures of one sample from its counts, each as {"difference": x} (a rate counts as one too)."""
    n = t[EXPERT][0]
    e, nv, r, ns, nr = (t[k][1] / n for k in (EXPERT, NAIVE, "recovery", "no_sharing", "no_rules"))
    values = {"expert_stabiel": e, "expert_minus_naive": e - nv, "recovery": r, "information_value": e - ns,
              "rule_card_value": e - nr}
    return {k: {"difference": round(v, 4) + 0.0} for k, v in values.items()}


def measures(scenarios: Mapping[int, Scenario], seeds: Sequence[int], workers: int, progress: Progress | None,
             with_depth: bool = False) -> dict[int, dict[str, Any]]:
    """Per sample: balance.lesson (its two differences and verdict), and with `with_depth` the depth measures."""
    plays = {**LESSON_PLAYS, **(DEPTH_PLAYS if with_depth else {})}
    tally = _tally(scenarios, plays, seeds, workers, progress)

    def summary(t: list[int]) -> dict[str, Any]:
        return {"games": t[0], "outcomes": {"stabiel": t[1], "crisis": t[2], "kwetsbaar": t[0] - t[1] - t[2]}}

    out: dict[int, dict[str, Any]] = {}
    for i in scenarios:
        out[i] = lesson(summary(tally[(i, BOUNDARY)]), summary(tally[(i, BY_THE_BOOK)]))
        if with_depth:
            out[i].update(_depth_measures({label: tally[(i, label)] for label in plays}))
    return out


__all__ = ["DEPTH_MEASURES", "DEPTH_PLAYS", "LESSON_MEASURES", "LESSON_PLAYS", "measures"]
