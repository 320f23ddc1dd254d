"""A belief built straight as a fast state equals the frozen belief thawed: every field, the same draws."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import FIXTURES, SCENARIOS

from sim import fast
from sim.agents import belief
from sim.agents.lookahead import determinize, determinize_fast
from sim.analysis.batch import game_seeds, play_game, seat_policies
from sim.scenario.loader import load_scenario

PATHS = [*SCENARIOS, FIXTURES / "mini.yaml"]


def fields(st: fast.FastState) -> dict:
    return {name: getattr(st, name) for name in fast.FastState.__slots__}


class Watching:
    """The expert in a seat; at each decision its observation is believed both ways and compared."""

    name = "expert"
    plays_overleg = True

    def __init__(self, sc, seen):
        self.inner = seat_policies(sc, "expert")[sc.agencies[0].id]
        self.sc, self.seen = sc, seen

    def choose(self, obs, legal, rng):
        one, two = np.random.default_rng(self.seen["n"]), np.random.default_rng(self.seen["n"])
        direct = determinize_fast(self.sc, obs, one)
        thawed = fast.thaw(determinize(self.sc, obs, two))
        assert fields(direct) == fields(thawed)
        assert type(direct.severity) is type(thawed.severity) and type(direct.flags) is type(thawed.flags)
        assert one.bit_generator.state == two.bit_generator.state
        self.seen["n"] += 1
        self.seen["hidden"] += obs.hidden_count > 0
        return self.inner.choose(obs, legal, rng)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_a_direct_belief_is_the_thawed_belief(path):
    assert belief.DIRECT, "the fast state's fields are the ones sim.agents.belief fills"
    sc = load_scenario(path).scenario
    seen = {"n": 0, "hidden": 0}
    seat = Watching(sc, seen)
    for seed in game_seeds(5, 6):
        play_game(sc, seed, {a.id: seat for a in sc.agencies}, quiet=True)
    assert seen["n"] > 30
    if path.stem != "mini":
        assert seen["hidden"] > 0, "beliefs about hidden stressors were built"


def test_with_other_fields_it_takes_the_long_way(monkeypatch):
    sc = load_scenario(SCENARIOS[0]).scenario
    rules = fast.rules_for(sc)
    st = fast.new_game(rules, 3)
    obs = fast.observe(rules, st, st.in_play[0])
    monkeypatch.setattr(belief, "DIRECT", False)
    assert belief.thawed(obs, (0.5,), st.severity, st.known, st.dossiers, st.in_play, st.euros) is None
    slow = determinize_fast(sc, obs, np.random.default_rng(1))
    assert fields(slow) == fields(fast.thaw(determinize(sc, obs, np.random.default_rng(1))))
