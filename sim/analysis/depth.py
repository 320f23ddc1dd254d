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
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from sim.agents import Policy, make_policy
from sim.agents.coordinate import Restricted, Switching, is_rule, reveals
from sim.analysis.batch import game_seeds, play_game
from sim.analysis.stats import diff_of_shares, wilson
from sim.core.model import Scenario

Seats = Callable[[Scenario], dict[str, Policy]]  # the policy of every seat, made for a scenario
EXPERT, NAIVE, BOOK = "expert", "naive", "protocol"
RECOVERY_ROUNDS = 1  # weeks played by the book before the expert takes over


def everyone(make: Callable[[Scenario], Policy]) -> Seats:
    """Every seat played by a policy made with `make`."""
    return lambda sc: {a.id: make(sc) for a in sc.agencies}


def stabiel_count(sc: Scenario, seeds: Sequence[int], seats: Seats) -> int:
    """In how many of the games with these seeds the person ends stabiel."""
    policies = seats(sc)
    return sum(1 for s in seeds if (o := play_game(sc, s, policies, quiet=True).outcome) is not None and o.value == "stabiel")


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


def restricted(name: str, forbid: Callable, label: str, shares: bool = True) -> Seats:
    """Every seat plays policy `name`, never playing the cards `forbid` picks (and, unless `shares`, never sharing)."""
    return everyone(lambda sc: Restricted(make_policy(name, sc), forbid, label, shares))


def recovery(sc: Scenario, seeds: Sequence[int]) -> dict[str, Any]:
    """The stabiel rate when the table works by the book for the first week(s) and then plays as the expert."""
    seats = everyone(lambda s: Switching(make_policy(BOOK, s), make_policy(EXPERT, s), RECOVERY_ROUNDS))
    return share(stabiel_count(sc, seeds, seats), len(seeds))


def information_value(sc: Scenario, seeds: Sequence[int], expert: int | None = None) -> dict[str, Any]:
    """Expert minus an expert that never shares or reveals (stabiel rate)."""
    k = stabiel_count(sc, seeds, everyone(lambda s: make_policy(EXPERT, s))) if expert is None else expert
    return difference(k, stabiel_count(sc, seeds, restricted(EXPERT, reveals, "expert-no-share", shares=False)), len(seeds))


def rule_card_value(sc: Scenario, seeds: Sequence[int], expert: int | None = None) -> dict[str, Any]:
    """Expert minus an expert that never plays a rule card (stabiel rate)."""
    k = stabiel_count(sc, seeds, everyone(lambda s: make_policy(EXPERT, s))) if expert is None else expert
    return difference(k, stabiel_count(sc, seeds, restricted(EXPERT, is_rule, "expert-no-rules")), len(seeds))


def without_card(sc: Scenario, card: str) -> Scenario:
    """The scenario with one card taken out."""
    return attrs.evolve(sc, cards=tuple(c for c in sc.cards if c.id != card))


def with_mandate(sc: Scenario, delta: int) -> Scenario:
    """The scenario with every agency's starting mandaat changed by `delta` (never below 0)."""
    return attrs.evolve(sc, agencies=tuple(attrs.evolve(a, mandate=max(0, a.mandate + delta)) for a in sc.agencies))


def card_dependence(sc: Scenario, seeds: Sequence[int]) -> dict[str, Any]:
    """The lowest expert stabiel rate with any single card removed, and which card (ties: the first in file order)."""
    seats = everyone(lambda s: make_policy(EXPERT, s))
    rates = {c.id: stabiel_count(without_card(sc, c.id), seeds, seats) for c in sc.cards}
    card = min(rates, key=lambda c: rates[c]) if rates else None
    out = share(rates[card], len(seeds)) if card is not None else share(len(seeds), len(seeds))
    out["card"] = card
    out["per_card"] = {c: round(k / len(seeds), 4) + 0.0 for c, k in rates.items()}
    return out


def mandate_sensitivity(sc: Scenario, seeds: Sequence[int]) -> dict[str, Any]:
    """Expert and naive stabiel rates with one mandaat token fewer and one more per agency."""
    out: dict[str, Any] = {}
    for name in (EXPERT, NAIVE):
        seats = everyone(functools.partial(make_policy, name))
        out[name] = {label: share(stabiel_count(with_mandate(sc, d), seeds, seats), len(seeds))
                     for label, d in (("minus_one", -1), ("plus_one", 1))}
    return out


def depth(sc: Scenario, games: int = 200, seed: int = 0) -> dict[str, Any]:
    """All depth measures on `games` games (the same seeds for each), JSON-ready and deterministic for a seed."""
    seeds = game_seeds(seed, games)
    k = stabiel_count(sc, seeds, everyone(lambda s: make_policy(EXPERT, s)))
    return {
        "games": games,
        "seed": seed,
        "expert": share(k, games),
        "recovery": recovery(sc, seeds),
        "information_value": information_value(sc, seeds, k),
        "rule_card_value": rule_card_value(sc, seeds, k),
        "card_dependence": card_dependence(sc, seeds),
        "mandate_sensitivity": mandate_sensitivity(sc, seeds),
    }


__all__ = ["card_dependence", "depth", "information_value", "mandate_sensitivity", "recovery", "rule_card_value",
           "with_mandate", "without_card"]
