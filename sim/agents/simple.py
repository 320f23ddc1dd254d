"""Simple policies: random, pass (the untouched baseline), protocol and grensverlegger."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.core import model
from sim.core.model import CardType, Scenario
from sim.core.observation import Observation
from sim.core.state import Action, Pass, PlayCard


class RandomPolicy:
    """Any legal action, uniformly at random (passing included)."""

    name = "random"
    reads_observation = False  # it chooses from the legal actions alone: the batch builds it no observation

    def __init__(self, scenario: Scenario):
        self.scenario = scenario

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """A uniformly random legal action."""
        # random() and a multiply: the same uniform choice as integers(n), at a fraction of its cost per call.
        return legal_actions[int(rng.random() * len(legal_actions))]


class PassPolicy:
    """Always passes: the person left alone with the systems idle."""

    name = "pass"
    reads_observation = False  # it chooses from the legal actions alone: the batch builds it no observation

    def __init__(self, scenario: Scenario):
        self.scenario = scenario

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """Pass whenever possible."""
        for action in legal_actions:
            if isinstance(action, Pass):
                return action
        return legal_actions[0]


def _score_reduction(card: model.Card) -> float:
    """How much a card takes off stressors and stress right away (higher is better)."""
    score = 0.0
    for e in card.effects:
        speed = 1.0 / (1 + e.delay)
        if isinstance(e, model.StressorEffect) and e.delta < 0:
            score += -e.delta * 3 * speed
        elif isinstance(e, model.StressEffect):
            score += -e.delta / 5 * speed
        elif isinstance(e, model.LegEffect):
            score += e.delta * speed
        elif isinstance(e, model.RevealEffect):
            score += 1.5
        elif isinstance(e, model.TrustEffect):
            score += e.delta * 0.3
    return score


class ProtocolPolicy:
    """Works by the book: only in-system cards, never mandate; plays its cards in hand order."""

    name = "protocol"
    reads_observation = False  # it chooses from the legal actions alone: the batch builds it no observation

    def __init__(self, scenario: Scenario):
        self.scenario = scenario

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """The first legal in-system card that uses no mandate, else pass."""
        for action in legal_actions:
            if isinstance(action, PlayCard):
                card = self.scenario.card_by_id[action.card]
                if card.type is CardType.IN_SYSTEM and card.mandate == 0:
                    return action
        return next(a for a in legal_actions if isinstance(a, Pass))


class GrensverleggerPolicy:
    """Crosses boundaries on purpose: prefers rule, joint and boundary cards that remove stressors."""

    name = "grensverlegger"
    reads_observation = False  # it chooses from the legal actions alone: the batch builds it no observation
    _TYPE_BONUS = {CardType.RULE: 2.5, CardType.JOINT: 1.5, CardType.BOUNDARY: 1.0, CardType.IN_SYSTEM: 0.0}

    def __init__(self, scenario: Scenario):
        self.scenario = scenario

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """The legal card with the best reduction score (ties broken at random); pass if none helps."""
        best: list[Action] = []
        best_score = 0.0
        for action in legal_actions:
            if not isinstance(action, PlayCard):
                continue
            card = self.scenario.card_by_id[action.card]
            score = _score_reduction(card) + self._TYPE_BONUS[card.type]
            if score > best_score + 1e-9:
                best, best_score = [action], score
            elif abs(score - best_score) <= 1e-9 and best:
                best.append(action)
        if best:
            return best[int(rng.integers(len(best)))]
        return next(a for a in legal_actions if isinstance(a, Pass))
