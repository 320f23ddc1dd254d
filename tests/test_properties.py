"""Random playouts on the mini fixture and every shipped scenario that loads.

Hypothesis picks the game's seed, which agencies are at the table, a seed for
the choices among the legal actions, and a few facilitator moves (injected
events, adjustments with large deltas) dropped in along the way. Over every
step of every such game: the figures stay in range, `apply` leaves its input
alone, `legal_actions` agrees with `why_not`, the game ends within the
scenario's rounds, and replaying its actions rebuilds the same final state.
"""

from __future__ import annotations

import pickle
from functools import cache

import numpy as np
import pytest
from conftest import FIXTURES, SCENARIOS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.core import engine
from sim.core.model import LEGS
from sim.core.state import Adjust, InjectEvent, Outcome, Phase, PlayCard
from sim.scenario.loader import ScenarioError, load_scenario
from sim.session import record

MAX_STEPS = 3000

PROPERTY_SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _loadable(paths):
    out = []
    for path in paths:
        try:
            load_scenario(path)
        except ScenarioError:
            continue
        out.append(path)
    return out


FILES = [FIXTURES / "mini.yaml", *_loadable(SCENARIOS)]


@cache
def _scenario(path):
    return load_scenario(path).scenario


def _facilitator_moves(sc):
    """Facilitator moves that fit this scenario (some with deltas far past the ranges)."""
    big = st.one_of(st.integers(-150, 150), st.floats(-150, 150, allow_nan=False, allow_infinity=False))
    agencies = st.sampled_from([a.id for a in sc.agencies])
    moves = [
        st.builds(Adjust, st.just("stress"), big, st.just("test")),
        st.builds(Adjust, st.just("leg"), big, st.just("test"), st.sampled_from([leg.value for leg in LEGS])),
        st.builds(Adjust, st.just("stressor"), st.integers(-5, 5), st.just("test"), st.sampled_from([s.id for s in sc.stressors])),
        st.builds(Adjust, st.sampled_from(["trust", "kpi"]), big, st.just("test"), agencies),
        st.builds(Adjust, st.sampled_from(["mandate", "capacity"]), st.integers(-5, 5), st.just("test"), agencies),
    ]
    if sc.events:
        moves.append(st.builds(InjectEvent, st.sampled_from([e.id for e in sc.events])))
    return st.one_of(moves)


@st.composite
def games(draw, sc):
    """The ingredients of one random game on `sc`."""
    seed = draw(st.integers(0, 2**32 - 1))
    choices = draw(st.integers(0, 2**32 - 1))
    agency_ids = [a.id for a in sc.agencies]
    in_play = draw(st.one_of(st.none(), st.lists(st.sampled_from(agency_ids), unique=True, max_size=len(agency_ids))))
    extra = draw(st.lists(st.tuples(st.integers(0, 150), _facilitator_moves(sc)), max_size=4))
    return seed, choices, in_play, dict(extra)


def playout(sc, seed, choices, in_play, extra, each_step=None):
    """Play a whole game: random legal moves, with the facilitator's moves at their steps."""
    rng = np.random.default_rng(choices)
    state = engine.new_game(sc, seed, in_play)
    if each_step is not None:
        each_step(None, None, state)
    step = 0
    while not engine.is_over(state):
        assert step < MAX_STEPS, "the game does not end"
        action = extra.get(step)
        if action is None:
            legal = engine.legal_actions(sc, state)
            assert legal, "a running game always has a legal move"
            action = legal[int(rng.integers(len(legal)))]
        after = engine.apply(sc, state, action)
        if each_step is not None:
            each_step(state, action, after)
        state = after
        step += 1
    return state


def _files():
    return pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])


def test_there_is_at_least_one_shipped_scenario_to_play():
    assert len(FILES) >= 2, "no file in scenarios/ loads"


@_files()
@PROPERTY_SETTINGS
@given(data=st.data())
def test_figures_stay_in_range(path, data):
    sc = _scenario(path)

    def check(_before, _action, s):
        assert 0.0 <= s.stress <= 100.0
        assert all(0.0 <= x <= 10.0 for x in s.legs)
        assert all(isinstance(x, int) and 0 <= x <= 3 for x in s.severity)
        assert all(0.0 <= x <= 10.0 for x in s.trust)
        assert all(x >= 0 for x in s.capacity)
        assert all(x >= 0 for x in s.mandate)

    playout(sc, *data.draw(games(sc)), each_step=check)


@_files()
@PROPERTY_SETTINGS
@given(data=st.data())
def test_every_game_ends_within_the_scenarios_rounds(path, data):
    sc = _scenario(path)
    state = playout(sc, *data.draw(games(sc)))
    assert isinstance(engine.outcome(state), Outcome)
    assert state.phase is Phase.EINDE
    assert 1 <= state.round <= sc.rounds
    rounds = [snap.round for snap in state.history]
    assert rounds == sorted(set(rounds)) and rounds[0] == 0
    if state.end_reason == "rounds":
        assert state.round == sc.rounds


@_files()
@PROPERTY_SETTINGS
@given(data=st.data())
def test_replaying_the_actions_gives_the_same_final_state(path, data):
    sc = _scenario(path)
    state = playout(sc, *data.draw(games(sc)))
    assert engine.replay(sc, state.seed, state.actions, state.in_play) == state
    text = record.GameRecord.of(sc, "hash", state).to_json(record.final_figures(state))
    rec, final = record.GameRecord.from_json(text)
    again = record.replay(sc, rec)
    assert again == state
    assert record.final_figures(again) == final


@_files()
@PROPERTY_SETTINGS
@given(data=st.data())
def test_apply_never_changes_its_input(path, data):
    sc = _scenario(path)
    scenario_before = pickle.dumps(sc)
    copies = {}  # a deep copy of each state, made before it is handed to apply

    def check(before, action, after):
        if before is not None:
            assert before == copies.pop(id(before)), f"apply({action!r}) changed the state it was given"
        copies[id(after)] = pickle.loads(pickle.dumps(after))

    playout(sc, *data.draw(games(sc)), each_step=check)
    assert pickle.loads(scenario_before) == sc


@_files()
@PROPERTY_SETTINGS
@given(data=st.data())
def test_legal_actions_are_exactly_the_moves_why_not_accepts(path, data):
    sc = _scenario(path)

    def check(_before, _action, s):
        legal = engine.legal_actions(sc, s)
        for action in legal:
            assert engine.why_not(sc, s, action) is None, action
        if s.phase is Phase.ACTIES:
            agency = s.active_agency
            listed = {a.card for a in legal if isinstance(a, PlayCard)}
            playable = {c.id for c in sc.cards_of(agency) if engine.why_not(sc, s, PlayCard(agency, c.id)) is None}
            assert listed == playable

    playout(sc, *data.draw(games(sc)), each_step=check)


def test_a_quiet_game_keeps_only_the_cards_played_and_reaches_the_same_figures(mini):
    from sim.analysis.batch import play_game, seat_policies

    logged = play_game(mini, 5, seat_policies(mini, "random"))
    quiet = engine.new_game(mini, 5, quiet=True)
    for action in logged.actions:
        quiet = engine.apply(mini, quiet, action)
    plays = ("log.card", "log.joint", "log.rule")
    assert [(e.round, e.ref) for e in quiet.log] == [(e.round, e.ref) for e in logged.log if e.kind in plays]
    assert all(e.changes == () for e in quiet.log) and len(quiet.log) < len(logged.log)
    assert (quiet.stress, quiet.legs, quiet.severity, quiet.outcome, quiet.history) == (
        logged.stress, logged.legs, logged.severity, logged.outcome, logged.history)
