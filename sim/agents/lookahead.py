"""Look-ahead from an observation: a plausible game state, a projection of stress, and the greedy policy.

A policy sees an `Observation`, never the game state. To look ahead it builds a
*determinization*: a full `GameState` that agrees with everything the agency
can see, with the rest filled in from what it may reasonably believe:

- a stressor the agency does not know about is assumed to be as the scenario
  describes it at the start (its prior: the case as it was referred);
- its own dossier holds what it sees that the table does not; the other
  teams' dossiers it believes empty (it cannot see into them);
- chance to come (which event card each later round draws) is drawn afresh from
  the policy's own generator, so the real deck order never leaks.

On that state the engine's own `apply` plays a card exactly as the rules say
(modifiers, waiting lists, bonuses included). `project` then runs the
Verwerking formula of `sim.core.model.Scoring` forward for a few rounds with nobody
acting and no events: the policy's cheap model of where stress is heading.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sim import fast
from sim.agents.belief import thawed
from sim.agents.projection import (  # the value of a position, in points of stress
    CRISIS_DELAY_CREDIT,
    CRISIS_VALUE,
    INDEX_WEIGHT,
    PROJECTION_ROUNDS,
    STABLE_VALUE,
    projector_for,
)
from sim.core import engine
from sim.core.model import Scenario
from sim.core.observation import Observation, believed_state
from sim.core.state import Action, GameState, Pass, PlayCard


def draw_chance(sc: Scenario, rng: np.random.Generator) -> tuple[float, ...]:
    """The chance to come of a determinization (each week's draw from the deck), drawn from `rng`."""
    return tuple(rng.random(sc.rounds).tolist())


def _beliefs(sc: Scenario, obs: Observation, rng: np.random.Generator) -> dict[str, Any]:
    """The fields `determinize` fills from belief, not from `obs` (chance drawn from `rng`: its one use of it)."""
    return _beliefs_with(sc, obs, draw_chance(sc, rng))


def _beliefs_with(sc: Scenario, obs: Observation, chance: tuple[float, ...]) -> dict[str, Any]:
    """`_beliefs` with the chance to come given: every other field follows from `obs` and the scenario alone."""
    visible = dict(obs.stressors)
    known = obs.known or tuple(not s.hidden for s in sc.stressors)
    # Its own dossier it knows; what the others' dossiers hold it cannot tell, so it believes them empty.
    own = frozenset((obs.agency,)) if obs.agency is not None else frozenset()
    return {
        "chance": chance,
        "severity": tuple(visible.get(s.id, s.severity) for s in sc.stressors),
        "known": known,
        "dossiers": tuple(own if s.id in visible and not k else frozenset() for s, k in zip(sc.stressors, known)),
        "in_play": obs.in_play or tuple(a.id for a in sc.agencies),
        "euros": obs.euros or tuple(0.0 for _ in sc.agencies),
    }


def determinize(sc: Scenario, obs: Observation, rng: np.random.Generator) -> GameState:
    """A full game state that agrees with `obs`; hidden stressors at their prior, future chance drawn from `rng`."""
    # Every other field: as the agency sees it, or (not seen) at the start of a game's values. Triggered
    # events fire at the start of a round, before anyone decides (none queued); look-ahead needs the
    # figures, not the story (quiet).
    return believed_state(obs, seed=0, queued=(), quiet=True, **_beliefs(sc, obs, rng))


def determinize_with(sc: Scenario, obs: Observation, chance: tuple[float, ...]) -> GameState:
    """`determinize` with the chance to come given (drawn with `draw_chance`)."""
    return believed_state(obs, seed=0, queued=(), quiet=True, **_beliefs_with(sc, obs, chance))


def determinize_fast(sc: Scenario, obs: Observation, rng: np.random.Generator) -> fast.FastState:
    """`fast.thaw(determinize(sc, obs, rng))`, built without the frozen state where it can be (`sim.agents.belief`)."""
    return determinize_fast_with(sc, obs, draw_chance(sc, rng))


def determinize_fast_with(sc: Scenario, obs: Observation, chance: tuple[float, ...]) -> fast.FastState:
    """`determinize_fast` with the chance to come given (drawn with `draw_chance`)."""
    beliefs = _beliefs_with(sc, obs, chance)
    st = thawed(obs, **beliefs)
    return st if st is not None else fast.thaw(believed_state(obs, seed=0, queued=(), quiet=True, **beliefs))


def project(sc: Scenario, st: GameState | fast.FastState, rounds: int = PROJECTION_ROUNDS) -> float:
    """The value of `st` after `rounds` Verwerkingen with nobody acting and no events (higher is better).

    Waiting lists land when due; stressors erode their legs and add stress; the
    stability index buffers it (the formula of `sim.core.model.Scoring`, as
    `sim.core.scoring.stressor_work` applies it). The value is
    `-stress + INDEX_WEIGHT * index`, or CRISIS_VALUE / STABLE_VALUE when the
    projection reaches a crisis or stabilisation. (`sim.agents.projection`
    does the arithmetic, the scenario's terms read once.)
    """
    return projector_for(sc)(st, rounds)


def card_values(sc: Scenario, legal: Sequence[Action], state: GameState | fast.FastState,
                afters: dict[Action, fast.FastState] | None = None) -> dict[Action, float]:
    """The projected value after each legal card (and after passing) on a determinized `state`.

    A fast state (`sim.fast`) is played on the fast path, a frozen one on the reference engine: the same values.
    On the fast path `afters`, when given, receives the state after each card (for the caller to look further on).
    """
    if isinstance(state, fast.FastState):
        rules = fast.rules_for(sc)
        assert rules is not None, "a fast state comes only from a scenario that compiles"
        return _card_values_fast(rules, legal, state, afters)
    values: dict[Action, float] = {}
    base = project(sc, state)
    for action in legal:
        if isinstance(action, PlayCard):
            try:
                after = engine.apply(sc, state, action)
            except engine.IllegalActionError:
                # Legal in the real game but not in our belief (it hinges on something we cannot see).
                continue
            values[action] = project(sc, after)
        else:
            values[action] = base
    return values


def _card_values_fast(rules: fast.Rules, legal: Sequence[Action], state: fast.FastState,
                      afters: dict[Action, fast.FastState] | None = None) -> dict[Action, float]:
    """`card_values` on the fast path: each card tried on a copy, its legality checked without a Reason."""
    sc = rules.sc
    values: dict[Action, float] = {}
    base = project(sc, state)
    for action in legal:
        if isinstance(action, PlayCard):
            if not fast.is_legal(rules, state, action):
                continue  # legal in the real game but not in our belief (it hinges on something we cannot see)
            after = state.copy()
            fast.step(rules, after, action)
            values[action] = project(sc, after)
            if afters is not None:
                afters[action] = after
        else:
            values[action] = base
    return values


def believed(sc: Scenario, obs: Observation, rng: np.random.Generator) -> GameState | fast.FastState:
    """`determinize`, as a fast state when the scenario plays on the fast path (the same draws from `rng`)."""
    return determinize_fast(sc, obs, rng) if fast.rules_for(sc) is not None else determinize(sc, obs, rng)


class GreedyPolicy:
    """One-step look-ahead: plays the card that leaves the best projected stress and stability index.

    It plays a card only when the projection says it helps; otherwise it passes
    (in the Overleg: lets the conference move on). It knows nothing of what
    the others will do and looks no further than its own next card.
    """

    name = "greedy"
    MARGIN = 0.25  # a card must beat passing by this much to be worth its capacity and mandate

    def __init__(self, scenario: Scenario):
        self.scenario = scenario

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """The card with the best projected value (ties at random), or pass when nothing beats passing."""
        pass_action = next((a for a in legal_actions if isinstance(a, Pass)), legal_actions[0])
        if len(legal_actions) == 1:
            return legal_actions[0]
        state = believed(self.scenario, observation, rng)
        values = card_values(self.scenario, legal_actions, state)
        base = values.get(pass_action)
        bar = (project(self.scenario, state) if base is None else base) + self.MARGIN
        best: list[Action] = []
        best_value = bar
        for action, v in values.items():
            if not isinstance(action, PlayCard):
                continue
            if v > best_value + 1e-9:
                best, best_value = [action], v
            elif abs(v - best_value) <= 1e-9 and best:
                best.append(action)
        if best:
            return best[int(rng.integers(len(best)))] if len(best) > 1 else best[0]
        return pass_action


__all__ = [
    "CRISIS_DELAY_CREDIT", "CRISIS_VALUE", "INDEX_WEIGHT", "PROJECTION_ROUNDS", "STABLE_VALUE", "GreedyPolicy", "believed",
    "card_values", "determinize", "determinize_fast", "determinize_fast_with", "determinize_with", "draw_chance", "project",
]
