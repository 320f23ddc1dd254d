"""The computer at the case conference: the Overleg loop of batch runs, and the `naive` and `expert` policies."""

from __future__ import annotations

import numpy as np
import pytest
from builders import T, card, event, make
from conftest import SCENARIOS

from sim.agents import POLICIES, make_policy
from sim.agents.coordinate import ExpertPolicy, NaivePolicy, Stakes
from sim.analysis.batch import play_game
from sim.core import engine
from sim.core.model import CardType
from sim.core.observation import observe
from sim.core.state import Pass, Phase, PlayCard, Share
from sim.scenario.loader import load_scenario


def _plan_scenario():
    """A joint plan (wt with sd) that covers the sd crossing; the crossing alone gets sd called to account."""
    return make(
        cards=[
            card("plan", "wt", "joint", partners=["sd"], effects=[{"kind": "flag", "flag": "plan"}]),
            card("cross", "sd", "boundary", mandate=1, effects=[
                {"kind": "flag", "flag": "afwijking"}, {"kind": "stressor", "stressor": "schulden", "delta": -1}]),
        ],
        events=[event("verantwoording", responder="sd", once=False,
                      trigger=[{"kind": "flag", "flag": "afwijking"}, {"kind": "flag", "flag": "plan", "set": False}],
                      effects=[{"kind": "mandate", "delta": -1}, {"kind": "kpi", "delta": -10},
                               {"kind": "flag", "flag": "afwijking", "set": False}])],
        flags={"plan": T("plan"), "afwijking": T("afwijking")},
    )


def test_both_new_policies_are_registered():
    assert {"naive", "expert"} <= set(POLICIES)


def test_a_computer_seat_plays_its_joint_card_in_the_overleg():
    sc = _plan_scenario()
    policies = {a.id: make_policy("expert", sc) for a in sc.agencies}
    seen = []
    play_game(sc, 3, policies, on_step=lambda st, action: seen.append((st.phase, action)))
    in_overleg = [a for phase, a in seen if phase is Phase.OVERLEG and isinstance(a, PlayCard)]
    assert PlayCard("wt", "plan") in in_overleg


def test_a_policy_that_does_not_sit_in_the_overleg_plays_nothing_there():
    sc = _plan_scenario()
    policies = {a.id: make_policy("grensverlegger", sc) for a in sc.agencies}
    seen = []
    play_game(sc, 3, policies, on_step=lambda st, action: seen.append((st.phase, action)))
    assert not [a for phase, a in seen if phase is Phase.OVERLEG and isinstance(a, PlayCard)]
    assert any(isinstance(a, PlayCard) and a.card == "plan" for _, a in seen)  # in its own turn, as before


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_naive_only_crosses_joins_agrees_or_passes(path):
    sc = load_scenario(path).scenario
    naive = NaivePolicy(sc)
    played = []

    class Spy:
        name, plays_overleg = "naive", True

        def choose(self, obs, legal, rng):
            action = naive.choose(obs, legal, rng)
            assert action in legal
            played.append(action)
            return action

    for seed in range(5):
        assert engine.is_over(play_game(sc, seed, {a.id: Spy() for a in sc.agencies}))
    cards = [sc.card_by_id[a.card] for a in played if isinstance(a, PlayCard)]
    assert cards and all(c.is_boundary or c.type in (CardType.JOINT, CardType.RULE) for c in cards)
    assert all(isinstance(a, (PlayCard, Share, Pass)) for a in played)  # naive also shares at random (issue 10)


def test_the_expert_waits_for_cover_before_it_crosses():
    sc = _plan_scenario()
    st = engine.new_game(sc, 1)
    st = engine.apply(sc, st, engine.legal_actions(sc, st)[0])  # to the Overleg
    expert = ExpertPolicy(sc)
    obs = observe(sc, st, "sd")
    assert Stakes(sc).exposed(sc.card_by_id["cross"], obs)
    rng = np.random.default_rng(0)
    own = [PlayCard("wt", "plan"), Pass("wt")]
    assert expert.choose(observe(sc, st, "wt"), own, rng) == PlayCard("wt", "plan")
    st = engine.apply(sc, st, PlayCard("wt", "plan"))
    assert not Stakes(sc).exposed(sc.card_by_id["cross"], observe(sc, st, "sd"))


def test_an_uncovered_crossing_is_called_to_account_and_a_covered_one_is_not():
    sc = _plan_scenario()
    naive = {a.id: make_policy("naive", sc) for a in sc.agencies}
    # Without the plan (wt never agrees it): sd crosses and loses mandaat and KPI.
    alone = dict(naive, wt=make_policy("pass", sc))
    st = play_game(sc, 1, alone)
    assert "verantwoording" in st.fired and st.kpi[sc.agency_index["sd"]] < 50
    st = play_game(sc, 1, {a.id: make_policy("expert", sc) for a in sc.agencies})
    assert "verantwoording" not in st.fired and st.kpi[sc.agency_index["sd"]] == 50
