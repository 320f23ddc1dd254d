"""The fast path's legality and observations, state by state, against the reference engine's.

`test_fast_differential` compares whole games; here every state along random
games (played on the reference engine) is thawed into a fast state, and what the
fast path says of it must be what the reference says: the list of legal moves
in its order, each seat's own Overleg moves, yes or no for every card and every
share, and every seat's observation. One scenario below has a rule that forbids
an Acties card, which no shipped scenario has.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import FIXTURES, SCENARIOS

from sim import fast
from sim.core import engine
from sim.core.observation import observe
from sim.core.state import Phase, PlayCard, Share
from sim.scenario.loader import load_scenario

FORBID = "      - {kind: forbid, cards: {agency: pol, type: joint}}  # pol has no joint card: forbids nothing here\n"


def _scenarios(tmp_path):
    found = {p.stem: load_scenario(p).scenario for p in [*SCENARIOS, FIXTURES / "mini.yaml"]}
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    assert FORBID in text
    variant = tmp_path / "mini-forbid.yaml"
    variant.write_text(text.replace(FORBID, "      - {kind: forbid, cards: {card: sd_brief}}\n"), encoding="utf-8")
    found["mini-forbid"] = load_scenario(variant).scenario
    return found


def _every_move(sc, st):
    """Every card and share a seat might try now (most of them not legal)."""
    moves = [PlayCard(c.agency, c.id) for c in sc.cards]
    receivers = [*(a.id for a in sc.agencies), None]
    moves += [Share(a.id, s.id, to) for a in sc.agencies for s in sc.stressors for to in receivers]
    return moves


def _check_state(sc, rules, st) -> int:
    """Compare the fast path's answers on `st` with the reference's; the number of legal cards and shares seen."""
    s = fast.thaw(st)
    listed = engine.legal_actions(sc, st)
    assert fast.legal_actions(rules, s) == listed
    for a in sc.agencies:
        assert fast.observe(rules, s, a.id) == observe(sc, st, a.id)
        if st.phase is Phase.OVERLEG:
            own = [m for m in listed if type(m) in (PlayCard, Share) and m.agency == a.id]
            assert fast.own_overleg(rules, s, a.id) == (own if a.id in st.in_play else [])
    assert fast.observe(rules, s, None) == observe(sc, st, None)
    legal = 0
    for move in _every_move(sc, st):
        yes = engine.why_not(sc, st, move) is None
        assert fast.is_legal(rules, s, move) is yes, move
        legal += yes
    return legal


def test_legality_and_observations_match_the_reference_state_by_state(tmp_path):
    seen = {}
    for name, sc in _scenarios(tmp_path).items():
        rules = fast.rules_for(sc)
        assert rules is not None, name
        legal = 0
        for seed in range(6):
            st = engine.new_game(sc, seed, quiet=True)
            rng = np.random.default_rng(seed)
            while st.outcome is None:
                legal += _check_state(sc, rules, st)
                moves = engine.legal_actions(sc, st)
                st = engine.apply(sc, st, moves[int(rng.integers(len(moves)))])
            legal += _check_state(sc, rules, st)
        seen[name] = legal
    assert all(n > 0 for n in seen.values()), seen  # the games did reach states with cards to play


def test_a_rule_that_forbids_a_card_takes_it_off_the_list(tmp_path):
    sc = _scenarios(tmp_path)["mini-forbid"]
    rules = fast.rules_for(sc)
    st = engine.new_game(sc, 0, quiet=True)
    st = engine.apply(sc, st, engine.legal_actions(sc, st)[0])  # to the Overleg
    st = engine.apply(sc, st, PlayCard("wt", "wt_budget"))  # the rule that forbids sd_brief comes into force
    while not (st.phase is Phase.ACTIES and st.active_agency == "sd"):
        moves = engine.legal_actions(sc, st)
        st = engine.apply(sc, st, moves[-1] if st.phase is Phase.ACTIES else moves[0])  # pass, or on to the next phase
    assert any(r.card == "wt_budget" for r in st.rules)
    s = fast.thaw(st)
    brief = PlayCard("sd", "sd_brief")
    assert brief not in fast.legal_actions(rules, s)
    assert not fast.is_legal(rules, s, brief)
    assert not fast.affordable(s, rules.cards["sd_brief"])
    assert engine.why_not(sc, st, brief) is not None


@pytest.mark.parametrize("name", ["jan-in-de-portiek", "mini"])
def test_pre_made_moves_equal_new_ones(tmp_path, name):
    sc = _scenarios(tmp_path)[name]
    rules = fast.rules_for(sc)
    for a, per_stressor in rules.share_moves.items():
        for sid, by_receiver in zip(rules.stressor_ids, per_stressor):
            for to, move in by_receiver.items():
                assert move == Share(a, sid, to) and to != a
    for cc in rules.cards.values():
        assert cc.terms[-1] == PlayCard(cc.agency, cc.id) and cc.terms[0] == cc.id
