"""Policies that play the Overleg: `naive` ("cross wherever you can") and `expert` (agree first, then cross).

The expert sits at the case conference (`plays_overleg`): the batch loop asks
it, in seat order, for its own joint and rule cards or a `Pass` ("nothing to
agree"); naive does not convene, it crosses wherever it can in its own turn. Also here the wrappers the depth measures build on: a policy that
never plays some kind of card (`Restricted`) and one that works by the book
for the first weeks and then changes course (`Switching`).

The expert reads the scenario's stakes from its data, not from names: a
*crossing flag* is a flag a boundary card sets that some triggered event
reacts to (the manager asking for an account); the other `flag: ..., set:
false` and `rule_active: ..., active: false` conditions of that trigger are
its *cover* (a joint plan, a covenant, room from the manager). A crossing is
*exposed* when none of its cover is in force.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from sim.agents.simple import _score_reduction
from sim.core import model
from sim.core.legal import share_terms
from sim.core.model import AgencyId, Card, CardType, FlagId, Scenario, StressorId
from sim.core.observation import Observation
from sim.core.state import Action, Pass, Phase, PlayCard, Share

RULE_BONUS = 0.5  # what the expert gives a rule card for being one
COVER_BONUS = 6.0  # an agreement that covers crossings to come: worth more than any single card


def _kpi_loss(sc: Scenario, e: model.KpiEffect) -> float:
    """How much worse a KPI effect makes the system's figure, as its system sees it (`better: lower` turns it round)."""
    agencies = [a for a in sc.agencies if e.agency in (None, a.id)]
    return max((-a.kpi.gain(e.delta) for a in agencies), default=-e.delta)


def _harmful(event: model.Event, sc: Scenario) -> bool:
    """Whether an event costs the team or the person something (mandaat, KPI, trust, stress, a stressor)."""
    for e in event.effects:
        if isinstance(e, model.KpiEffect) and _kpi_loss(sc, e) > 0:
            return True
        if isinstance(e, (model.MandateEffect, model.TrustEffect)) and e.delta < 0:
            return True
        if isinstance(e, (model.StressEffect, model.StressorEffect)) and e.delta > 0:
            return True
        if isinstance(e, model.CrisisEffect):
            return True
    return False


def _price(event: model.Event, sc: Scenario) -> float:
    """What being called to account costs, in the expert's points (about a card's worth per mandaat token)."""
    price = 0.0
    for e in event.effects:
        if isinstance(e, model.MandateEffect) and e.delta < 0:
            price += 2.0 * -e.delta
        elif isinstance(e, model.TrustEffect) and e.delta < 0:
            price += 1.5 * -e.delta
        elif isinstance(e, model.StressEffect) and e.delta > 0:
            price += e.delta / 2
        elif isinstance(e, model.StressorEffect) and e.delta > 0:
            price += 3.0 * e.delta
        elif isinstance(e, model.KpiEffect) and _kpi_loss(sc, e) > 0:
            price += _kpi_loss(sc, e) / 20
        elif isinstance(e, model.CrisisEffect):
            price += 50.0
    return price


Cover = tuple[tuple[FlagId, ...], tuple[str, ...], float]  # (flags that cover, rule cards that cover, price)


class Stakes:
    """What the scenario's triggered events say about crossing: which flags get called to account, what covers them."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.watched: dict[FlagId, list[Cover]] = {}
        for event in scenario.events:
            if not event.trigger or not _harmful(event, scenario):
                continue
            flags = [c.flag for c in event.trigger if isinstance(c, model.FlagCond) and c.set]
            cover_flags = tuple(c.flag for c in event.trigger if isinstance(c, model.FlagCond) and not c.set)
            cover_rules = tuple(c.card for c in event.trigger if isinstance(c, model.RuleActiveCond) and not c.active)
            for f in flags:
                self.watched.setdefault(f, []).append((cover_flags, cover_rules, _price(event, scenario)))

    def sets(self, card: Card) -> list[FlagId]:
        """The watched flags a card sets."""
        return self.sets_of(card.effects)

    def sets_of(self, effects: Sequence[model.Effect]) -> list[FlagId]:
        """The watched flags these effects set."""
        return [e.flag for e in effects if isinstance(e, model.FlagEffect) and e.set and e.flag in self.watched]

    def exposed(self, card: Card, obs: Observation) -> float:
        """What playing `card` now would cost in accounts nobody covers (0: covered, or nothing watched)."""
        return self.exposed_by(card.effects, obs)

    def exposed_by(self, effects: Sequence[model.Effect], obs: Observation) -> float:
        """What these effects (a card's, a share's) would cost now in accounts nobody covers."""
        active = {r.card for r in obs.rules}
        price = 0.0
        for flag in self.sets_of(effects):
            for flags, rules, cost in self.watched[flag]:
                if not any(f in obs.flags for f in flags) and not any(r in active for r in rules):
                    price += cost
        return price

    def covers(self, card: Card, obs: Observation) -> int:
        """How many watched triggers `card` would cover that are not covered yet."""
        active = {r.card for r in obs.rules}
        gives = {e.flag for e in card.effects if isinstance(e, model.FlagEffect) and e.set}
        n = 0
        for covers in self.watched.values():
            for flags, rules, _ in covers:
                if any(f in obs.flags for f in flags) or any(r in active for r in rules):
                    continue
                if gives & set(flags) or (card.type is CardType.RULE and card.id in rules):
                    n += 1
        return n


class Secrets:
    """What the scenario's cards ask a team to know: which stressor, known to whom, unlocks a card."""

    def __init__(self, scenario: Scenario):
        self.private: dict[StressorId, set[AgencyId]] = {}  # a card needs this team to know the stressor
        self.table: set[StressorId] = set()  # a card needs everyone to know it
        for card in scenario.cards:
            for c in card.conditions:
                if isinstance(c, model.KnownCond) and c.known:
                    if c.agency is None:
                        self.table.add(c.stressor)
                    else:
                        self.private.setdefault(c.stressor, set()).add(c.agency)

    def matters(self, share: Share) -> bool:
        """Whether telling `share.to` (None: the table) unlocks a card that asks for it."""
        if share.to is None:
            return share.stressor in self.table
        return share.to in self.private.get(share.stressor, ()) and share.stressor not in self.table


SHARE_VALUE = 2.5  # what unlocking a card is worth to the expert, before the stressor's severity


def _own_pass(legal_actions: Sequence[Action]) -> Action:
    return next((a for a in legal_actions if isinstance(a, Pass)), legal_actions[0])


class NaivePolicy:
    """Crosses wherever it can: a random legal boundary, joint or rule card whenever one is legal, else pass."""

    name = "naive"
    plays_overleg = False  # it agrees nothing in advance: it crosses, joins or sets a rule in its own turn
    reads_observation = False  # it chooses from the legal actions alone (the fast batch builds it none)

    def __init__(self, scenario: Scenario):
        self.scenario = scenario

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """A uniformly random boundary, joint or rule card or share among `legal_actions`; pass when there is none."""
        sc = self.scenario
        crossing = [a for a in legal_actions if isinstance(a, Share) or (isinstance(a, PlayCard)
                    and (sc.card_by_id[a.card].is_boundary or sc.card_by_id[a.card].type in (CardType.JOINT, CardType.RULE)))]
        if crossing:
            return crossing[int(rng.random() * len(crossing))]
        return _own_pass(legal_actions)


class ExpertPolicy:
    """Agrees first, then crosses: covering agreements in the Overleg, then the best card that is covered."""

    name = "expert"
    plays_overleg = True
    # Less eager for rule cards than grensverlegger: a rule that covers nothing and takes nothing away
    # costs capacity that a crossing needs this week.
    TYPE_BONUS = {CardType.RULE: RULE_BONUS, CardType.JOINT: 1.5, CardType.BOUNDARY: 1.0, CardType.IN_SYSTEM: 0.0}

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.stakes = Stakes(scenario)
        self.secrets = Secrets(scenario)

    def share_score(self, share: Share, obs: Observation) -> float:
        """How much the expert wants to share this now: only where a card asks for it, less what it exposes."""
        if not self.secrets.matters(share):
            return 0.0
        terms = share_terms(self.scenario, share.agency)
        severity = dict(obs.stressors).get(share.stressor, 0)
        return SHARE_VALUE + severity - self.stakes.exposed_by(terms.effects, obs) - 0.5 * terms.mandate - 0.5 * terms.cost

    def score(self, card: Card, obs: Observation) -> float:
        """How much the expert wants to play `card` now (<= 0: rather not)."""
        value = _score_reduction(card) + self.TYPE_BONUS[card.type]
        value += COVER_BONUS * self.stakes.covers(card, obs)
        if card.is_boundary:
            value -= self.stakes.exposed(card, obs)
        if card.mandate:
            value -= 0.5 * card.mandate  # mandaat is scarce: spend it where the card does most
        return value

    def crowds_out(self, rule: Card, obs: Observation) -> bool:
        """Whether agreeing `rule` now would leave its team too little capacity for a better card of its own.

        The Overleg offers only joint and rule cards, so the rest of the hand is read from the scenario
        (cards not yet used up; conditions are left to the team's own turn).
        """
        left = obs.capacity[self.scenario.agency_index[rule.agency]] - rule.cost
        value = self.score(rule, obs)
        for card in self.scenario.cards:
            if card.agency != rule.agency or card.type in (CardType.RULE, CardType.IN_SYSTEM) or card.id == rule.id:
                continue
            if card.max_plays and obs.plays.get(card.id, 0) >= card.max_plays:
                continue
            if card.cost > left and self.score(card, obs) > value:
                return True
        return False

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """The legal card with the best score (ties at random); pass when none is worth playing.

        In the Overleg only agreements count: a card that covers crossings to come, or a rule card that
        leaves the team the capacity for its best card of its own turn (else the rule waits for that turn).
        """
        overleg = observation.phase is Phase.OVERLEG
        best: list[Action] = []
        best_score = 0.0
        for action in legal_actions:
            if isinstance(action, Share):
                s = self.share_score(action, observation)
            elif isinstance(action, PlayCard):
                card = self.scenario.card_by_id[action.card]
                if overleg and not self.stakes.covers(card, observation) and (
                        card.type is not CardType.RULE or self.crowds_out(card, observation)):
                    continue
                s = self.score(card, observation)
            else:
                continue
            if s > best_score + 1e-9:
                best, best_score = [action], s
            elif best and abs(s - best_score) <= 1e-9:
                best.append(action)
        if best:
            return best[int(rng.random() * len(best))]
        return _own_pass(legal_actions)


class Restricted:
    """Another policy that never plays the cards `forbid` picks (a restricted-play variant for the depth measures)."""

    def __init__(self, inner, forbid: Callable[[Card], bool], name: str = "", shares: bool = True):
        self.inner = inner
        self.forbid = forbid
        self.shares = shares  # False: it never shares from a dossier either
        self.name = name or f"{inner.name}-restricted"
        self.plays_overleg = getattr(inner, "plays_overleg", False)

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """The inner policy's choice among the legal actions that are not forbidden."""
        sc = self.inner.scenario
        allowed = [a for a in legal_actions if not (isinstance(a, PlayCard) and self.forbid(sc.card_by_id[a.card]))
                   and (self.shares or not isinstance(a, Share))]
        return self.inner.choose(observation, allowed or [_own_pass(legal_actions)], rng)


class Switching:
    """One policy for the first `rounds` weeks, another after (e.g. by the book first, then the expert)."""

    def __init__(self, first, then, rounds: int = 1, name: str = ""):
        self.first, self.then, self.rounds = first, then, rounds
        self.name = name or f"{first.name}-then-{then.name}"
        self.plays_overleg = True  # asked in every Overleg; passes there while `first` does not take part

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """`first`'s choice up to round `rounds`, `then`'s after."""
        policy = self.first if observation.round <= self.rounds else self.then
        if observation.phase is Phase.OVERLEG and not getattr(policy, "plays_overleg", False):
            return _own_pass(legal_actions)
        return policy.choose(observation, legal_actions, rng)


def reveals(card: Card) -> bool:
    """Whether a card shares what a team knows (a reveal effect)."""
    return any(isinstance(e, model.RevealEffect) for e in card.effects)


def is_rule(card: Card) -> bool:
    """Whether a card is a rule card."""
    return card.type is CardType.RULE


__all__ = ["ExpertPolicy", "NaivePolicy", "Restricted", "Secrets", "Stakes", "Switching", "is_rule", "reveals"]
