"""A search-based policy: Monte Carlo rollouts on determinized states, within a fixed rollout budget.

For each promising candidate (the best few cards by one-step look-ahead, plus
passing) the policy plays the candidate on a determinization of what it sees
(`sim.agents.lookahead.determinize`), lets every agency continue with a quick
stochastic grensverlegger-like rollout policy to the end of the round and
into the next one's events (`horizon` more whole rounds if asked), all by the
engine's own rules (events, triggers, waiting lists, crises), and scores the
end position with the projection of `sim.agents.lookahead.project` plus the
person's trust in the agencies. The candidate with the best mean score is
played.

Every candidate is tried on the same determinizations with the same rollout
randomness (common random numbers), so differences between candidates come
from the candidates and not from luck. The budget is fixed in rollouts, not in
seconds, so a game is reproducible from its seed on any machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from sim import fast
from sim.agents.lookahead import card_values, determinize_fast_with, determinize_with, draw_chance, project
from sim.agents.projection import projector_for
from sim.agents.simple import GrensverleggerPolicy, _score_reduction
from sim.core import engine
from sim.core.model import Scenario
from sim.core.observation import Observation
from sim.core.state import Action, GameState, NextPhase, Pass, Phase, PlayCard
from sim.fast import affordable

_NEXT = NextPhase()
STREAM = 1 << 64  # how many numbers apart the samples' rollout streams start (a rollout draws a few hundred at most)
_ACTIES = Phase.ACTIES


class RolloutPolicy:
    """The quick policy used inside rollouts: the best-scored playable card, sometimes a random move."""

    def __init__(self, scenario: Scenario, explore: float = 0.2):
        self.scenario = scenario
        self.explore = explore
        bonus = GrensverleggerPolicy._TYPE_BONUS
        # Per agency: (action, card id, max plays, mandate) of its helpful cards, best first.
        self.ranked: dict[str, tuple[tuple[PlayCard, str, int, int], ...]] = {}
        for a in scenario.agencies:
            scored = [(_score_reduction(c) + bonus[c.type], i, c) for i, c in enumerate(scenario.cards_of(a.id))]
            scored = [x for x in scored if x[0] > 0]
            scored.sort(key=lambda x: (-x[0], x[1]))
            self.ranked[a.id] = tuple((PlayCard(a.id, c.id), c.id, c.max_plays, c.mandate) for _, _, c in scored)
        self.passes = {a.id: Pass(a.id) for a in scenario.agencies}
        # Per agency, what `move_fast` reads: its ranked cards (with their compiled cards, once the scenario
        # compiles), its pass and its index.
        self.seats: dict[str, tuple[tuple[tuple[Any, ...], ...], Pass, int]] = {}
        rules = fast.compile_scenario(scenario)[0]  # whatever the switch: `move_fast` is asked only on the fast path
        if rules is not None:
            self.seats = {a.id: (tuple((*r, rules.cards[r[1]]) for r in self.ranked[a.id]), self.passes[a.id],
                                 scenario.agency_index[a.id]) for a in scenario.agencies}

    def favourite(self, agency: str | None, legal: Sequence[Action]) -> PlayCard | None:
        """The best-ranked card among `legal`, or None."""
        legal_set = set(legal)
        for action, *_ in self.ranked.get(agency or "", ()):
            if action in legal_set:
                return action
        return None

    def move(self, st: GameState, rng: np.random.Generator) -> Action:
        """The next action in state `st` (the Gebeurtenis and Overleg phases simply move on)."""
        if st.phase is not Phase.ACTIES:
            return _NEXT
        agency = st.active_agency
        assert agency is not None
        ranked = self.ranked[agency]
        if rng.random() < self.explore:
            # Explore: a helpful card in random order, or an early pass.
            if rng.random() < 0.5:
                return self.passes[agency]
            ranked = tuple(ranked[i] for i in rng.permutation(len(ranked)))
        mandate = st.mandate[self.scenario.agency_index[agency]]
        for action, card, max_plays, need in ranked:
            # Cheap tests first (used up, played this round, no mandaat); the engine has the last word.
            if (max_plays and st.plays.get(card, 0) >= max_plays) or card in st.played_this_round or need > mandate:
                continue
            if engine.why_not(self.scenario, st, action) is None:
                return action
        return self.passes[agency]

    def move_fast(self, rules: fast.Rules, st: fast.FastState, rng: np.random.Generator) -> Action:
        """`move` on the fast path: the same draws from `rng`, the same action."""
        if st.phase is not _ACTIES:
            return _NEXT
        agency = st.in_play[st.turn]
        ranked: Sequence[tuple[Any, ...]]
        ranked, pass_action, i = self.seats[agency]
        if rng.random() < self.explore:
            if rng.random() < 0.5:
                return pass_action
            ranked = [ranked[k] for k in rng.permutation(len(ranked)).tolist()]
        mandate, capacity = st.mandate[i], st.capacity[i]
        plays, played, in_force = st.plays, st.played_this_round, st.rules
        for action, card, max_plays, need, cc in ranked:
            if (max_plays and plays.get(card, 0) >= max_plays) or card in played or need > mandate:
                continue
            # `affordable` written out (the moment is right: it is this agency's turn in the Acties).
            if in_force:
                if cc.forbidden_by or cc.cost_by_rule:
                    if affordable(st, cc):
                        return action
                    continue
            if capacity < cc.terms[3]:  # the cost with no rule touching it, never below 0
                continue
            if cc.partners:
                have, seated, need_partner = st.capacity, st.in_play, cc.partner_cost
                if any(partner not in seated or have[j] < need_partner for partner, j in cc.partners):
                    continue
            cond = cc.terms[9]
            if cond is None or cond(st):
                return action
        return pass_action


class SearchPolicy:
    """Monte Carlo rollouts: tries its best candidates on sampled futures and plays the one that ends best."""

    name = "search"

    def __init__(self, scenario: Scenario, rollouts: int = 4, width: int = 3, horizon: int = 0, trust_weight: float = 1.0):
        self.scenario = scenario
        # A point of the person's trust in any agency counts like a point of stress less at the end of a
        # rollout: trust is what the relationship cards need later, beyond the rollout's reach.
        self.trust_weight = trust_weight
        self.rollouts = rollouts  # rollouts per candidate
        self.width = width  # how many cards (besides passing) are searched
        self.horizon = horizon  # whole rounds after the current one that a rollout plays out
        self.rollout_policy = RolloutPolicy(scenario)
        self.project = projector_for(scenario)

    def choose(self, observation: Observation, legal_actions: Sequence[Action], rng: np.random.Generator) -> Action:
        """The candidate with the best mean rollout value (pass when nothing beats it)."""
        if len(legal_actions) == 1:
            return legal_actions[0]
        sc = self.scenario
        pass_action = next((a for a in legal_actions if isinstance(a, Pass)), None)
        rules = fast.rules_for(sc)
        chances, roll, streams = self._samples(rng)
        # One belief for the decision: the samples' determinizations differ only in their chance to come
        # (with no rollouts at all, a belief of its own for the card values; every candidate then ties: pass).
        chance = chances[0] if chances else draw_chance(sc, rng)
        base: GameState | fast.FastState = (determinize_fast_with(sc, observation, chance) if rules is not None
                                            else determinize_with(sc, observation, chance))
        afters: dict[Action, fast.FastState] = {}  # on the fast path: the belief after each card, where the rollouts go on
        values = card_values(sc, legal_actions, base, afters)
        cards = sorted((a for a in values if isinstance(a, PlayCard)), key=lambda a: -values[a])[: self.width]
        # Also the card the rollout policy itself would play first: rule cards and other slow
        # investments score low one step ahead, and the rollouts can tell whether they pay off.
        favourite = self.rollout_policy.favourite(observation.agency, legal_actions)
        if favourite is not None and favourite not in cards:
            cards.append(favourite)
        candidates: list[Action] = [pass_action] if pass_action is not None else []
        candidates += cards
        if len(candidates) == 1:
            return candidates[0]
        totals = [0.0] * len(candidates)
        bits = roll.bit_generator
        moved_on = bits.state  # where `roll` stands past every sample's stream: it goes on from there
        if isinstance(base, fast.FastState):
            assert rules is not None
            self._search_fast(rules, base, candidates, chances, roll, streams, totals, afters)
        else:
            for k, (chance, stream) in enumerate(zip(chances, streams)):
                start = base if k == 0 else determinize_with(sc, observation, chance)
                for i, action in enumerate(candidates):
                    bits.state = stream
                    totals[i] += self._rollout(start, action, roll)
        bits.state = moved_on
        best = max(range(len(candidates)), key=lambda i: (totals[i], -i))  # ties: the earlier (pass first)
        return candidates[best]

    def _samples(self, rng: np.random.Generator) -> tuple[list[tuple[float, ...]], np.random.Generator, list[Mapping[str, Any]]]:
        """The decision's sampled futures, all from `rng`: each one's chance to come and the start of its rollouts' stream.

        The streams are `STREAM` numbers apart in one generator (`rng` itself, which moves on past them all), so
        no generator is made per sample (a bit generator that cannot jump ahead gets one, seeded from `rng`).
        """
        chances = [draw_chance(self.scenario, rng) for _ in range(self.rollouts)]
        roll = rng if hasattr(rng.bit_generator, "advance") else np.random.default_rng(int(rng.integers(0, 2**63 - 1)))
        bits = roll.bit_generator
        streams = []
        for _ in range(self.rollouts):
            streams.append(bits.state)
            bits.advance(STREAM)  # type: ignore[attr-defined]  # PCG64 and its kind: tested for above
        return chances, roll, streams

    def _search_fast(self, rules: fast.Rules, base: fast.FastState, candidates: Sequence[Action],
                     chances: Sequence[tuple[float, ...]], roll: np.random.Generator, streams: Sequence[Mapping[str, Any]],
                     totals: list[float], afters: Mapping[Action, fast.FastState]) -> None:
        """The rollouts on the fast path: the same values as the reference's loop in `choose`, with less work.

        `base` is the belief with the first sample's chance; another sample's belief is a copy with its own
        chance. A candidate that does not close the week plays the same first move whatever the sample (the
        next week's draw, the one reader of chance, is not reached): it is played once and copied to each
        (a card the card values played already, `afters`, is not played again).
        """
        bits = roll.bit_generator
        rnd = base.round
        for i, action in enumerate(candidates):
            first = _NEXT if isinstance(action, Pass) and base.phase is not _ACTIES else action
            after = afters.get(first)
            if after is None:
                if not fast.is_legal(rules, base, first):  # legality reads no chance
                    totals[i] = float("-inf")
                    continue
                after = base.copy()
                fast.step(rules, after, first)
            shared = after.round == rnd
            for chance, stream in zip(chances, streams):
                if shared:
                    st = after.copy()
                else:
                    st = base.copy()
                    st.chance = chance
                    fast.step(rules, st, first)
                st.chance = chance
                bits.state = stream
                totals[i] += self._play_out(rules, st, roll)

    def _play_out(self, rules: fast.Rules, st: fast.FastState, rng: np.random.Generator) -> float:
        """The rest of a rollout on the fast path after its first move, in place on `st`: its end value."""
        step = fast.step
        last = min(self.scenario.rounds, st.round + self.horizon)
        move = self.rollout_policy.move_fast
        while st.outcome is None and st.round <= last:
            # Outside the Acties the rollout policy moves on (NextPhase) and draws nothing: asked only there.
            step(rules, st, move(rules, st, rng) if st.phase is _ACTIES else _NEXT)
        return self.project(st) + self.trust_weight * sum(st.trust)

    def _rollout(self, st: GameState, first: Action, rng: np.random.Generator) -> float:
        """One rollout on the reference engine from `st` after `first`: its end value (-inf when `first` is not legal there).

        The fast path's rollouts are `_search_fast` and `_play_out`: the same values.
        """
        sc = self.scenario
        if isinstance(first, Pass) and st.phase is not Phase.ACTIES:
            first = _NEXT  # passing in the Overleg: the conference moves on
        try:
            st = engine.apply(sc, st, first)
        except engine.IllegalActionError:
            return float("-inf")
        last = min(sc.rounds, st.round + self.horizon)
        policy = self.rollout_policy
        while st.outcome is None and st.round <= last:
            st = engine.apply(sc, st, policy.move(st, rng))
        return project(sc, st) + self.trust_weight * sum(st.trust)


__all__ = ["RolloutPolicy", "SearchPolicy"]
