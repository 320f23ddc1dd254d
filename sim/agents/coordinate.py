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
Exposure = tuple[tuple[int, float], ...]  # (watched trigger's bit, price), in the order `exposed_by` adds them


class Stakes:
    """What the scenario's triggered events say about crossing: which flags get called to account, what covers them.

    `covers`, `exposed` and `exposed_by` read an observation directly (the definition). The expert asks
    the same questions many times per decision, so the watched triggers are also numbered, one bit each
    in the order those methods visit them: `uncovered(obs)` is then one mask per observation, and
    `cover_mask` / `exposure` say once per card which triggers it covers and which it would expose.
    """

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
        entries = [cover for covers in self.watched.values() for cover in covers]
        self._all = (1 << len(entries)) - 1
        self._first: dict[FlagId, int] = {}  # a watched flag -> the bit of its first trigger
        n = 0
        for f, covers in self.watched.items():
            self._first[f], n = n, n + len(covers)
        self._by_flag: dict[FlagId, int] = {}  # a flag in force -> the triggers it covers
        self._by_rule: dict[str, int] = {}  # a rule in force -> the triggers it covers
        for i, (cover_flags, cover_rules, _) in enumerate(entries):
            for f in cover_flags:
                self._by_flag[f] = self._by_flag.get(f, 0) | 1 << i
            for r in cover_rules:
                self._by_rule[r] = self._by_rule.get(r, 0) | 1 << i

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

    def uncovered(self, obs: Observation) -> int:
        """The watched triggers nothing in force covers now, as a mask (bit i: the i-th trigger `covers` visits)."""
        covered = 0
        by_flag, by_rule = self._by_flag, self._by_rule
        for f in obs.flags:
            covered |= by_flag.get(f, 0)
        for r in obs.rules:
            covered |= by_rule.get(r.card, 0)
        return self._all & ~covered

    def cover_mask(self, card: Card) -> int:
        """The watched triggers `card` would cover (`covers` is the count of those `uncovered`)."""
        gives = {e.flag for e in card.effects if isinstance(e, model.FlagEffect) and e.set}
        mask = i = 0
        for covers in self.watched.values():
            for flags, rules, _ in covers:
                if gives & set(flags) or (card.type is CardType.RULE and card.id in rules):
                    mask |= 1 << i
                i += 1
        return mask

    def exposure(self, effects: Sequence[model.Effect]) -> Exposure:
        """The triggers these effects set off and their prices, in the order `exposed_by` adds them."""
        return tuple((self._first[f] + j, cost) for f in self.sets_of(effects) for j, (_, _, cost) in enumerate(self.watched[f]))


def exposed_price(exposure: Exposure, uncovered: int) -> float:
    """`Stakes.exposed_by` from an `exposure` and an `uncovered` mask (the same sum, in the same order)."""
    price = 0.0
    for bit, cost in exposure:
        if uncovered >> bit & 1:
            price += cost
    return price


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
    for a in legal_actions:
        if type(a) is Pass:
            return a
    return legal_actions[0]


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


class _Card:
    """What the expert reads of one card, worked out once per scenario (its score is then a few operations)."""

    __slots__ = ("id", "base", "cover", "exposure", "mandate", "is_rule", "cost", "ai", "max_plays", "rivals")

    def __init__(self, card: Card, expert: ExpertPolicy):
        self.id = card.id
        self.base = _score_reduction(card) + expert.TYPE_BONUS[card.type]  # the part of `score` no observation changes
        self.cover = expert.stakes.cover_mask(card)
        self.exposure = expert.stakes.exposure(card.effects) if card.is_boundary else None
        self.mandate = card.mandate
        self.is_rule = card.type is CardType.RULE
        self.cost, self.max_plays = card.cost, card.max_plays
        self.ai = expert.scenario.agency_index[card.agency]
        self.rivals: tuple[_Card, ...] = ()  # what `crowds_out` weighs a rule against: set by the expert


class ExpertPolicy:
    """Agrees first, then crosses: covering agreements in the Overleg, then the best card that is covered.

    `score`, `share_score` and `crowds_out` take an observation; `choose` works out once per decision
    which watched triggers are uncovered (`Stakes.uncovered`) and keeps each card's score for that decision.
    """

    name = "expert"
    plays_overleg = True
    # Less eager for rule cards than grensverlegger: a rule that covers nothing and takes nothing away
    # costs capacity that a crossing needs this week.
    TYPE_BONUS = {CardType.RULE: RULE_BONUS, CardType.JOINT: 1.5, CardType.BOUNDARY: 1.0, CardType.IN_SYSTEM: 0.0}

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.stakes = Stakes(scenario)
        self.secrets = Secrets(scenario)
        self.cards = {c.id: _Card(c, self) for c in scenario.cards}
        for c in scenario.cards:
            # The Overleg offers only joint and rule cards, so the rest of the hand is read from the scenario.
            self.cards[c.id].rivals = tuple(self.cards[r.id] for r in scenario.cards if r.agency == c.agency
                                            and r.type not in (CardType.RULE, CardType.IN_SYSTEM) and r.id != c.id)
        self.share_terms = {}  # per agency: (what sharing exposes, its mandaat, its capacity)
        for a in scenario.agencies:
            terms = share_terms(scenario, a.id)
            self.share_terms[a.id] = (self.stakes.exposure(terms.effects), terms.mandate, terms.cost)

    def share_score(self, share: Share, obs: Observation) -> float:
        """How much the expert wants to share this now: only where a card asks for it, less what it exposes."""
        return self._share_score(share, self.stakes.uncovered(obs), dict(obs.stressors))

    def _share_score(self, share: Share, uncovered: int, severities: dict[StressorId, int]) -> float:
        if not self.secrets.matters(share):
            return 0.0
        exposure, mandate, cost = self.share_terms[share.agency]
        severity = severities.get(share.stressor, 0)
        return SHARE_VALUE + severity - exposed_price(exposure, uncovered) - 0.5 * mandate - 0.5 * cost

    def score(self, card: Card, obs: Observation) -> float:
        """How much the expert wants to play `card` now (<= 0: rather not)."""
        return self._score(self.cards[card.id], self.stakes.uncovered(obs))

    @staticmethod
    def _score(c: _Card, uncovered: int) -> float:
        value = c.base
        value += COVER_BONUS * (c.cover & uncovered).bit_count()  # the crossings to come it would cover
        if c.exposure is not None:  # a boundary card: less what it exposes to an account
            value -= exposed_price(c.exposure, uncovered)
        if c.mandate:
            value -= 0.5 * c.mandate  # mandaat is scarce: spend it where the card does most
        return value

    def crowds_out(self, rule: Card, obs: Observation) -> bool:
        """Whether agreeing `rule` now would leave its team too little capacity for a better card of its own.

        The Overleg offers only joint and rule cards, so the rest of the hand is read from the scenario
        (cards not yet used up; conditions are left to the team's own turn).
        """
        return self._crowds_out(self.cards[rule.id], obs, self.stakes.uncovered(obs), {})

    def _crowds_out(self, rule: _Card, obs: Observation, uncovered: int, scores: dict[str, float]) -> bool:
        left = obs.capacity[rule.ai] - rule.cost
        value = self._cached(rule, uncovered, scores)
        plays = obs.plays
        for c in rule.rivals:
            if c.max_plays and plays.get(c.id, 0) >= c.max_plays:
                continue
            if c.cost > left and self._cached(c, uncovered, scores) > value:
                return True
        return False

    def _cached(self, c: _Card, uncovered: int, scores: dict[str, float]) -> float:
        """`_score`, kept in `scores` for the rest of this decision."""
        s = scores.get(c.id)
        if s is None:
            s = scores[c.id] = self._score(c, uncovered)
        return s

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """The legal card with the best score (ties at random); pass when none is worth playing.

        In the Overleg only agreements count: a card that covers crossings to come, or a rule card that
        leaves the team the capacity for its best card of its own turn (else the rule waits for that turn).
        """
        overleg = observation.phase is Phase.OVERLEG
        uncovered = self.stakes.uncovered(observation)
        scores: dict[str, float] = {}
        severities: dict[StressorId, int] | None = None
        cards = self.cards
        best: list[Action] = []
        best_score = 0.0
        for action in legal_actions:
            t = type(action)
            if t is PlayCard:
                c = cards[action.card]  # type: ignore[union-attr]
                if overleg and not c.cover & uncovered and (not c.is_rule or self._crowds_out(c, observation, uncovered, scores)):
                    continue
                s = self._cached(c, uncovered, scores)
            elif t is Share:
                if severities is None:
                    severities = dict(observation.stressors)
                s = self._share_score(action, uncovered, severities)  # type: ignore[arg-type]
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
        self.forbid = forbid  # a question about the card alone: asked once per card
        self.shares = shares  # False: it never shares from a dossier either
        self.name = name or f"{inner.name}-restricted"
        self.plays_overleg = getattr(inner, "plays_overleg", False)
        self.reads_observation = getattr(inner, "reads_observation", True)
        self.banned = frozenset(c.id for c in inner.scenario.cards if forbid(c))

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """The inner policy's choice among the legal actions that are not forbidden."""
        banned, shares = self.banned, self.shares
        allowed = [a for a in legal_actions if not (type(a) is PlayCard and a.card in banned)  # type: ignore[union-attr]
                   and (shares or type(a) is not Share)]
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
