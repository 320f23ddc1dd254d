"""The look-ahead's projection gives, to the last bit, what the engine's own Verwerking rule gives step by step.

`spec_project` below is the projection as `sim.agents.lookahead` defines it,
written with `sim.core.scoring.stressor_work` (the rule the engine applies);
`Projector` must agree with it exactly on every state the look-ahead sees in
real games (every shipped scenario and the test scenario with every kind) and
on states with waiting lists and figures at their limits.
"""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from conftest import FIXTURES, SCENARIOS

from sim import fast
from sim.agents.lookahead import believed, project
from sim.agents.projection import CRISIS_DELAY_CREDIT, CRISIS_VALUE, INDEX_WEIGHT, STABLE_VALUE, Projector
from sim.analysis.batch import game_seeds, play_game, seat_policies
from sim.core import model
from sim.core.limits import LEG, SEVERITY, STRESS
from sim.core.scoring import stability_index, stressor_work
from sim.core.state import Outcome, Pending, PlayCard
from sim.scenario.loader import load_scenario

PATHS = [*SCENARIOS, FIXTURES / "mini.yaml"]


def spec_project(sc, st, rounds=3) -> float:
    """The projection, one `stressor_work` per round (the definition the projector is held to)."""
    if st.outcome is Outcome.CRISIS:
        return CRISIS_VALUE
    if st.outcome is Outcome.STABIEL:
        return STABLE_VALUE
    t = sc.scoring.thresholds
    stress, legs, severity = st.stress, list(st.legs), list(st.severity)
    pending = sorted(st.pending, key=lambda p: p.due)
    streak = st.stable_streak
    legs_index = {leg: i for i, leg in enumerate(model.LEGS)}
    last = st.round - 1 if st.outcome is not None else min(sc.rounds, st.round + rounds - 1)
    for k, rnd in enumerate(range(st.round, last + 1)):
        while pending and pending[0].due <= rnd:
            eff = pending.pop(0).effect
            if isinstance(eff, model.StressorEffect):
                i = sc.stressor_index[eff.stressor]
                severity[i] = int(SEVERITY.clamp(severity[i] + eff.delta))
            elif isinstance(eff, model.LegEffect):
                i = legs_index[eff.leg]
                legs[i] = LEG.clamp(legs[i] + eff.delta)
            elif isinstance(eff, model.StressEffect):
                stress = STRESS.clamp(stress + eff.delta)
            elif isinstance(eff, model.CrisisEffect):
                return CRISIS_VALUE + CRISIS_DELAY_CREDIT * k
        new_legs, stress = stressor_work(sc, severity, legs, stress)
        legs = list(new_legs)
        if stress >= t.crisis:
            return CRISIS_VALUE + CRISIS_DELAY_CREDIT * k
        streak = streak + 1 if stress <= t.stable_stress and min(legs) >= t.stable_leg else 0
        if streak >= t.stable_rounds:
            return STABLE_VALUE
    return -stress + INDEX_WEIGHT * stability_index(legs, sc.scoring.min_weight)


class Watching:
    """Greedy in a seat; every look-ahead state it builds is projected both ways (and counted)."""

    name = "greedy"

    def __init__(self, sc, seen):
        self.inner = seat_policies(sc, "greedy")[sc.agencies[0].id]
        self.sc, self.seen, self.projector = sc, seen, Projector(sc)

    def choose(self, obs, legal, rng):
        st = believed(self.sc, obs, np.random.default_rng(self.seen["n"]))
        rules = fast.rules_for(self.sc)
        states = [st]
        for action in legal:  # each card tried, as greedy's look-ahead tries it
            if isinstance(action, PlayCard) and fast.is_legal(rules, st, action):
                states.append(st.copy())
                fast.step(rules, states[-1], action)
        for s in states:
            for rounds in (1, 3, 6):
                assert self.projector(s, rounds) == spec_project(self.sc, s, rounds)
                frozen = fast.freeze(s)
                assert self.projector(frozen, rounds) == spec_project(self.sc, frozen, rounds)
            self.seen["n"] += 1
            self.seen["pending"] += bool(s.pending)
        return self.inner.choose(obs, legal, rng)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_the_projection_is_the_engines_verwerking_on_states_of_real_games(path):
    sc = load_scenario(path).scenario
    seen = {"n": 0, "pending": 0}
    seat = Watching(sc, seen)
    for seed in game_seeds(3, 8):
        play_game(sc, seed, {a.id: seat for a in sc.agencies}, quiet=True)
    assert seen["n"] > 50 and seen["pending"] > 0


def test_the_projection_agrees_at_the_limits_and_with_waiting_lists(mini):
    rng = np.random.default_rng(11)
    st0 = fast.freeze(fast.new_game(fast.rules_for(mini), 5))
    leg = model.LEGS[0]
    effects = [model.StressorEffect(mini.stressors[0].id, -1), model.StressorEffect(mini.stressors[-1].id, 2),
               model.LegEffect(leg, 1.5), model.StressEffect(-7.0), model.StressEffect(30.0), model.CrisisEffect("x")]
    outcomes = {"crisis": 0, "stable": 0, "plain": 0}
    for _ in range(600):
        pending = tuple(Pending(int(rng.integers(0, 4)) + st0.round, effects[int(rng.integers(len(effects)))], None, "t")
                        for _ in range(int(rng.integers(0, 4))))
        st = attrs.evolve(
            st0, stress=float(rng.choice([0.0, 100.0, rng.uniform(0, 100)])),
            legs=tuple(float(rng.choice([0.0, 10.0, rng.uniform(0, 10)])) for _ in range(3)),
            severity=tuple(int(rng.integers(0, 4)) for _ in st0.severity), pending=pending,
            stable_streak=int(rng.integers(0, 3)), round=int(rng.integers(1, mini.rounds + 1)),
            outcome=rng.choice([None, None, None, Outcome.KWETSBAAR]))
        value = spec_project(mini, st)
        assert project(mini, st) == value
        outcomes["crisis" if value <= CRISIS_VALUE + 100 else "stable" if value == STABLE_VALUE else "plain"] += 1
    assert all(outcomes.values()), outcomes


def test_the_kept_projections_stay_few_and_equal_a_fresh_projection(mini, monkeypatch):
    from sim.agents import projection

    monkeypatch.setattr(projection, "MEMO", 50)
    kept, fresh = Projector(mini), Projector(mini)
    st0 = fast.freeze(fast.new_game(fast.rules_for(mini), 2))
    rng = np.random.default_rng(4)
    for _ in range(400):
        st = attrs.evolve(st0, stress=float(rng.integers(0, 90)), legs=tuple(float(rng.integers(0, 11)) for _ in range(3)))
        value = kept(st)
        assert len(kept.memo) <= 50
        fresh.memo.clear()
        assert value == fresh(st) == spec_project(mini, st)
    assert 0 < len(kept.memo) <= 50
