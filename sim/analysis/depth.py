"""Depth measures: is the scenario a game that has to be played, or a checklist?

Each measure plays the same seeds (the same event decks) with a reference
policy and with a restricted variant of it, or on a changed scenario, and
compares stabiel rates, each with its 95% interval (Wilson for one share,
Newcombe's hybrid interval for a difference):

- `recovery`: by the book in week 1 (`protocol`), then `expert`: can a table
  that hesitated still turn the game round?
- `information_value`: expert minus an expert that never shares from its
  dossier (`Share`) and never plays a card that reveals what a team knows.
- `rule_card_value`: expert minus an expert that never plays a rule card.
- `card_dependence`: the lowest expert stabiel rate with any single card
  taken out of the scenario, and which card that is (a low value: the game
  hangs on one card, a one-solution puzzle).
- `mandate_sensitivity`: expert and naive with one mandaat token fewer and
  one more per agency.

Restricted play is a wrapper that filters the legal actions
(`sim.agents.coordinate.Restricted`); a changed scenario is made with
`attrs.evolve` on the frozen model. Nothing here changes the rules core.

The same removal gives `card_effects`: per card, the expert's stabiel rate
with the card against without it, with the interval of the difference; the
balance report judges the cards by it (`sim.analysis.cards`). Every variant
(a scenario and a way of seating it, `Play`) is a plain value, so all of them
are played in one pool of worker processes; the figures do not depend on the
number of workers.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from sim.agents import Policy, make_policy
from sim.agents.coordinate import Restricted, Switching, is_rule, reveals
from sim.analysis.batch import Progress, default_workers, game_seeds, play_game
from sim.analysis.stats import diff_of_shares, wilson
from sim.core.model import Scenario

Seats = Callable[[Scenario], dict[str, Policy]]  # the policy of every seat, made for a scenario
EXPERT, NAIVE, BOOK = "expert", "naive", "protocol"
RECOVERY_ROUNDS = 1  # weeks played by the book before the expert takes over
FORBID: dict[str, Callable[..., bool]] = {"": lambda card: False, "reveals": reveals, "rules": is_rule}


@attrs.frozen
class Play:
    """How every seat plays, as a plain value: a policy, maybe restricted, maybe after `first` for `rounds` weeks."""

    policy: str
    forbid: str = ""  # a key of FORBID: the cards it never plays
    shares: bool = True  # False: it never shares from a dossier either
    first: str = ""  # the policy of the first `rounds` weeks ("": none)
    rounds: int = 0

    def seats(self, sc: Scenario) -> dict[str, Policy]:
        """A policy for every agency of `sc`."""
        return {a.id: self.stabiel_count(sc) for a in sc.agencies}

    def stabiel_count(self, sc: Scenario) -> Policy:
        policy = make_policy(self.policy, sc)
        if self.forbid or not self.shares:
            policy = Restricted(policy, FORBID[self.forbid], f"{self.policy}-without-{self.forbid or 'sharing'}", self.shares)
        if self.first:
            policy = Switching(make_policy(self.first, sc), policy, self.rounds)
        return policy


Variant = tuple[Scenario, Play]
_VARIANTS: list[Variant] = []  # in a worker: the variants of this run, sent once


def everyone(make: Callable[[Scenario], Policy]) -> Seats:
    """Every seat played by a policy made with `make`."""
    return lambda sc: {a.id: make(sc) for a in sc.agencies}


def stabiel_count(sc: Scenario, seeds: Sequence[int], seats: Seats | Play) -> int:
    """In how many of the games with these seeds the person ends stabiel."""
    policies = seats.seats(sc) if isinstance(seats, Play) else seats(sc)
    return sum(1 for s in seeds if (o := play_game(sc, s, policies, quiet=True).outcome) is not None and o.value == "stabiel")


def _init(variants: list[Variant]) -> None:
    _VARIANTS[:] = variants


def _count(task: tuple[int, tuple[int, ...]]) -> tuple[int, int, int]:
    i, seeds = task
    sc, play = _VARIANTS[i]
    return i, stabiel_count(sc, seeds, play), len(seeds)


def counts(variants: Sequence[Variant], seeds: Sequence[int], workers: int | None = 1,
           progress: Progress | None = None) -> list[int]:
    """The stabiel count of every variant on the same seeds, over `workers` processes (None: all cores)."""
    workers = default_workers() if workers is None else max(1, workers)
    out = [0] * len(variants)
    chunk = max(5, min(50, len(seeds) // 2 or 1))
    tasks = [(i, tuple(seeds[j:j + chunk])) for i in range(len(variants)) for j in range(0, len(seeds), chunk)]
    total, done = len(variants) * len(seeds), 0
    if progress is not None:
        progress(0, total)

    def add(i: int, k: int, n: int) -> None:
        nonlocal done
        out[i] += k
        done += n
        if progress is not None:
            progress(done, total)

    if workers == 1 or total < 40:
        for i, part in tasks:
            sc_i, play_i = variants[i]
            add(i, stabiel_count(sc_i, part, play_i), len(part))
        return out
    with multiprocessing.Pool(workers, initializer=_init, initargs=(list(variants),)) as pool:
        for i, k, n in pool.imap_unordered(_count, tasks):
            add(i, k, n)
    return out


def share(k: int, n: int) -> dict[str, Any]:
    """A share with its Wilson interval, JSON-ready."""
    lo, hi = wilson(k, n)
    return {"rate": round(k / n, 4) + 0.0 if n else 0.0, "low": round(lo, 4) + 0.0, "high": round(hi, 4) + 0.0,
            "stabiel": k, "games": n}


def difference(k1: int, k2: int, n: int) -> dict[str, Any]:
    """k1/n - k2/n with its interval, JSON-ready."""
    d, lo, hi = diff_of_shares(k1, n, k2, n)
    return {"difference": round(d, 4) + 0.0, "low": round(lo, 4) + 0.0, "high": round(hi, 4) + 0.0,
            "with": share(k1, n), "without": share(k2, n)}


def without_card(sc: Scenario, card: str) -> Scenario:
    """The scenario with one card taken out."""
    return attrs.evolve(sc, cards=tuple(c for c in sc.cards if c.id != card))


def with_mandate(sc: Scenario, delta: int) -> Scenario:
    """The scenario with every agency's starting mandaat changed by `delta` (never below 0)."""
    return attrs.evolve(sc, agencies=tuple(attrs.evolve(a, mandate=max(0, a.mandate + delta)) for a in sc.agencies))


RECOVERY = Play(EXPERT, first=BOOK, rounds=RECOVERY_ROUNDS)
NO_SHARING = Play(EXPERT, forbid="reveals", shares=False)
NO_RULES = Play(EXPERT, forbid="rules")
MANDATE = (("minus_one", -1), ("plus_one", 1))


def _variants(sc: Scenario) -> dict[str, Variant]:
    """Every variant the depth measures play, by a name: the expert, restricted experts, changed scenarios."""
    v: dict[str, Variant] = {"expert": (sc, Play(EXPERT)), "recovery": (sc, RECOVERY),
                             "no_sharing": (sc, NO_SHARING), "no_rules": (sc, NO_RULES)}
    for name in (EXPERT, NAIVE):
        for label, d in MANDATE:
            v[f"mandate:{name}:{label}"] = (with_mandate(sc, d), Play(name))
    for c in sc.cards:
        v[f"card:{c.id}"] = (without_card(sc, c.id), Play(EXPERT))
    return v


def recovery(sc: Scenario, seeds: Sequence[int]) -> dict[str, Any]:
    """The stabiel rate when the table works by the book for the first week(s) and then plays as the expert."""
    return share(stabiel_count(sc, seeds, RECOVERY), len(seeds))


def information_value(sc: Scenario, seeds: Sequence[int], expert: int | None = None) -> dict[str, Any]:
    """Expert minus an expert that never shares or reveals (stabiel rate)."""
    k = stabiel_count(sc, seeds, Play(EXPERT)) if expert is None else expert
    return difference(k, stabiel_count(sc, seeds, NO_SHARING), len(seeds))


def rule_card_value(sc: Scenario, seeds: Sequence[int], expert: int | None = None) -> dict[str, Any]:
    """Expert minus an expert that never plays a rule card (stabiel rate)."""
    k = stabiel_count(sc, seeds, Play(EXPERT)) if expert is None else expert
    return difference(k, stabiel_count(sc, seeds, NO_RULES), len(seeds))


def _dependence(rates: dict[str, int], n: int) -> dict[str, Any]:
    card = min(rates, key=lambda c: rates[c]) if rates else None
    out = share(rates[card], n) if card is not None else share(n, n)
    out["card"] = card
    out["per_card"] = {c: round(k / n, 4) + 0.0 for c, k in rates.items()}
    return out


def card_dependence(sc: Scenario, seeds: Sequence[int]) -> dict[str, Any]:
    """The lowest expert stabiel rate with any single card removed, and which card (ties: the first in file order)."""
    rates = {c.id: stabiel_count(without_card(sc, c.id), seeds, Play(EXPERT)) for c in sc.cards}
    return _dependence(rates, len(seeds))


def card_effects(sc: Scenario, expert: int, without: dict[str, int], n: int) -> dict[str, dict[str, Any]]:
    """Per card: the expert's stabiel rate with the card minus without it, with the interval (JSON-ready)."""
    return {c.id: difference(expert, without[c.id], n) for c in sc.cards}


def mandate_sensitivity(sc: Scenario, seeds: Sequence[int]) -> dict[str, Any]:
    """Expert and naive stabiel rates with one mandaat token fewer and one more per agency."""
    return {name: {label: share(stabiel_count(with_mandate(sc, d), seeds, Play(name)), len(seeds)) for label, d in MANDATE}
            for name in (EXPERT, NAIVE)}


def depth(sc: Scenario, games: int = 200, seed: int = 0, workers: int | None = 1,
          progress: Progress | None = None, known: dict[str, int] | None = None) -> dict[str, Any]:
    """All depth measures on `games` games (the same seeds for each), JSON-ready and deterministic for a seed.

    Also `card_effects` (see `card_effects`), from the same games as `card_dependence`. `known`: stabiel counts
    of variants (by name, e.g. "expert") already played on these very seeds; they are not played again.
    """
    seeds = game_seeds(seed, games)
    variants = _variants(sc)
    k = dict(known or {})
    todo = [name for name in variants if name not in k]
    k.update(zip(todo, counts([variants[name] for name in todo], seeds, workers, progress)))
    without = {c.id: k[f"card:{c.id}"] for c in sc.cards}
    return {
        "games": games,
        "seed": seed,
        "expert": share(k["expert"], games),
        "recovery": share(k["recovery"], games),
        "information_value": difference(k["expert"], k["no_sharing"], games),
        "rule_card_value": difference(k["expert"], k["no_rules"], games),
        "card_dependence": _dependence(without, games),
        "mandate_sensitivity": {name: {label: share(k[f"mandate:{name}:{label}"], games) for label, _ in MANDATE}
                                for name in (EXPERT, NAIVE)},
        "card_effects": card_effects(sc, k["expert"], without, games),
    }


__all__ = ["Play", "card_dependence", "card_effects", "counts", "depth", "information_value", "mandate_sensitivity",
           "recovery", "rule_card_value", "with_mandate", "without_card"]
