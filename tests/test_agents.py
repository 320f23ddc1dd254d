"""AI policies: they play only legal moves, see only what their agency may see, and each plays to its character."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from conftest import SCENARIOS

from sim import fast
from sim.agents import POLICIES, make_policy
from sim.agents.lookahead import CRISIS_VALUE, GreedyPolicy, determinize, project
from sim.agents.search import STREAM, SearchPolicy
from sim.analysis.batch import play_game, seat_policies
from sim.core import engine
from sim.core.model import CardType
from sim.core.observation import observe
from sim.core.state import NextPhase, Pass, Phase, PlayCard
from sim.scenario.loader import load_scenario


def acties(sc, seed=1):
    """A new game moved on to the Acties phase of round 1 (the first agency's turn)."""
    st = engine.new_game(sc, seed)
    while st.phase is not Phase.ACTIES:
        st = engine.apply(sc, st, NextPhase())
    return st


def checked(policy, sc):
    """Wrap a policy so every choice is checked against the engine's legal moves."""

    class Checked:
        name = policy.name

        def choose(self, obs, legal, rng):
            action = policy.choose(obs, legal, rng)
            assert action in legal, f"{policy.name} chose {action!r}, not among the legal moves"
            return action

    return Checked()


def test_the_registry_names_every_policy_of_the_issue():
    assert {"protocol", "grensverlegger", "random", "greedy", "search"} <= set(POLICIES)
    for name in POLICIES:
        assert name.isidentifier() and name == name.lower()  # the UI translates them as `policy.<name>`


def test_an_unknown_policy_names_the_known_ones(mini):
    with pytest.raises(KeyError, match="greedy"):
        make_policy("toverstaf", mini)


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_every_policy_plays_only_legal_moves_to_the_end(mini, name):
    policies = {a.id: checked(make_policy(name, mini), mini) for a in mini.agencies}
    for seed in (1, 2):
        state = play_game(mini, seed, policies)
        assert engine.is_over(state)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
@pytest.mark.parametrize("name", ["random", "protocol", "grensverlegger", "greedy"])
def test_every_cheap_policy_finishes_the_shipped_scenarios(path, name):
    sc = load_scenario(path).scenario
    state = play_game(sc, 3, {a.id: checked(make_policy(name, sc), sc) for a in sc.agencies})
    assert engine.is_over(state)


def test_seats_can_be_mixed(mini):
    policies = seat_policies(mini, "grensverlegger", {"sd": "protocol"})
    assert policies["sd"].name == "protocol" and policies["wt"].name == "grensverlegger"
    for seed in range(1, 6):
        state = play_game(mini, seed, policies)
        assert not [c for c in state.crossings if c.agency == "sd"]  # by the book, never a crossing


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_protocol_plays_only_in_system_cards_and_never_mandate(path):
    sc = load_scenario(path).scenario
    for seed in range(1, 6):
        state = play_game(sc, seed, seat_policies(sc, "protocol"))
        assert not state.crossings
        for action in state.actions:
            if isinstance(action, PlayCard):
                card = sc.card_by_id[action.card]
                assert card.type is CardType.IN_SYSTEM and card.mandate == 0, card.id


def test_grensverlegger_picks_a_boundary_card_over_an_in_system_one(mini):
    st = acties(mini)
    legal = engine.legal_actions(mini, st)
    assert PlayCard("sd", "sd_door") in legal and PlayCard("sd", "sd_brief") in legal
    choice = make_policy("grensverlegger", mini).choose(observe(mini, st, "sd"), legal, np.random.default_rng(0))
    assert choice == PlayCard("sd", "sd_door")


# -- what a policy may see -----------------------------------------------------


def test_the_observation_hides_other_dossiers_and_shows_the_public_facts(mini):
    st = acties(mini)
    water = mini.stressor_index["water"]
    assert not st.known[water]
    sd_view, wt_view = observe(mini, st, "sd"), observe(mini, st, "wt")
    assert "water" not in dict(sd_view.stressors) and sd_view.hidden_count == 1
    assert dict(wt_view.stressors)["water"] == st.severity[water]  # in the wijkteam's own dossier
    assert sd_view.flags == st.flags and sd_view.in_play == st.in_play and sd_view.known == st.known


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_no_policy_decision_depends_on_a_hidden_stressor_or_future_chance(mini, name):
    """Two games that differ only in what sd cannot see must get the same decisions from sd's policy."""
    water = mini.stressor_index["water"]
    st = acties(mini, seed=5)
    other = attrs.evolve(
        st,
        severity=tuple(0 if i == water else s for i, s in enumerate(st.severity)),
        chance=tuple(1 - c for c in st.chance),
    )
    assert observe(mini, st, "sd") == observe(mini, other, "sd")
    policy = make_policy(name, mini)
    legal = engine.legal_actions(mini, st)
    assert legal == engine.legal_actions(mini, other)
    a = policy.choose(observe(mini, st, "sd"), legal, np.random.default_rng(11))
    b = policy.choose(observe(mini, other, "sd"), legal, np.random.default_rng(11))
    assert a == b


def test_a_determinization_agrees_with_everything_the_agency_sees(mini):
    st = acties(mini, seed=5)
    obs = observe(mini, st, "sd")
    det = determinize(mini, obs, np.random.default_rng(3))
    assert observe(mini, det, "sd") == obs
    # Hidden from sd: the water stressor is at its prior (the scenario's start value), not the real one.
    water = mini.stressor_index["water"]
    assert det.severity[water] == mini.stressors[water].severity


# -- greedy and the projection ---------------------------------------------------


def test_the_projection_prefers_fewer_stressors_and_sees_a_coming_crisis(mini):
    st = acties(mini)
    lighter = attrs.evolve(st, severity=(1,) + st.severity[1:])
    assert project(mini, lighter) > project(mini, st)
    doomed = attrs.evolve(st, stress=99.0, legs=(0.0, 0.0, 0.0))
    assert project(mini, doomed) == CRISIS_VALUE


def test_greedy_plays_the_card_that_helps_most(mini):
    st = acties(mini)
    legal = engine.legal_actions(mini, st)
    choice = GreedyPolicy(mini).choose(observe(mini, st, "sd"), legal, np.random.default_rng(0))
    assert choice == PlayCard("sd", "sd_door")  # two points of debt off, against a letter or a waiting list


def test_greedy_passes_rather_than_play_a_card_that_only_adds_stress(mini):
    st = acties(mini)
    legal = [PlayCard("sd", "sd_brief"), Pass("sd")]  # a reminder letter: +3 stress, nothing else for Piet
    assert GreedyPolicy(mini).choose(observe(mini, st, "sd"), legal, np.random.default_rng(0)) == Pass("sd")


# -- search ----------------------------------------------------------------------------


def test_search_is_reproducible_and_prefers_the_helping_card(mini):
    st = acties(mini)
    legal = engine.legal_actions(mini, st)
    obs = observe(mini, st, "sd")
    policy = SearchPolicy(mini)
    a = policy.choose(obs, legal, np.random.default_rng(4))
    assert a == policy.choose(obs, legal, np.random.default_rng(4))
    assert a == PlayCard("sd", "sd_door")


@pytest.mark.parametrize("on", [True, False], ids=["fast path", "reference engine"])
def test_search_leaves_its_generator_past_its_samples_whatever_it_tried(mini, monkeypatch, on):
    # The rollouts are rewound for each candidate and the generator put past every sample's stream
    # afterwards: how many candidates were tried, and how far their rollouts drew, leaves no trace.
    monkeypatch.setattr(fast.SWITCH, "on", on)
    st = acties(mini)
    legal = engine.legal_actions(mini, st)
    cards = [a for a in legal if isinstance(a, PlayCard)]
    assert len(cards) >= 2
    policy = SearchPolicy(mini)
    past = np.random.default_rng(9)  # where it should stand: past each sample's chance, then past every stream
    for _ in range(policy.rollouts):
        past.random(mini.rounds)
    past.bit_generator.advance(policy.rollouts * STREAM)
    expected = past.random()
    for offered in (legal, [cards[0], Pass("sd")], [cards[-1], Pass("sd")]):
        rng = np.random.default_rng(9)
        policy.choose(observe(mini, st, "sd"), offered, rng)
        assert rng.random() == expected, offered


@pytest.mark.parametrize("on", [True, False], ids=["fast path", "reference engine"])
def test_search_without_rollouts_passes(mini, monkeypatch, on):
    monkeypatch.setattr(fast.SWITCH, "on", on)
    st = acties(mini)
    choice = SearchPolicy(mini, rollouts=0).choose(observe(mini, st, "sd"), engine.legal_actions(mini, st), np.random.default_rng(0))
    assert choice == Pass("sd")


@pytest.mark.parametrize("on", [True, False], ids=["fast path", "reference engine"])
def test_search_stays_within_its_rollout_budget(mini, monkeypatch, on):
    policy = SearchPolicy(mini, rollouts=3, width=2)
    calls = []
    # A rollout on the fast path is played out by `_play_out` (its first move may be shared), on the reference by `_rollout`.
    name = "_play_out" if on else "_rollout"
    real = getattr(policy, name)
    monkeypatch.setattr(policy, name, lambda *a: calls.append(1) or real(*a))
    monkeypatch.setattr(fast.SWITCH, "on", on)
    st = acties(mini)
    policy.choose(observe(mini, st, "sd"), engine.legal_actions(mini, st), np.random.default_rng(0))
    assert 0 < len(calls) <= 3 * (2 + 1)  # rollouts x (width cards + passing)
