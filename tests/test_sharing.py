"""Sharing from a dossier (`Share`), per-seed secrets, and what a team knows.

The neutral kit scenario (builders.py) with a `sharing:` block: `water` is hidden
and, here, in the dossier of the sociale dienst (`sd`). Turn order sd, wt, pol.
"""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from builders import card, event, make, play, run, to_acties
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst

from sim.core import engine
from sim.core.observation import observe
from sim.core.state import LogKind, NextPhase, Pass, PlayCard, Share
from sim.i18n import reason_text
from sim.i18n.narrate import log_line
from sim.session import codec

WATER = {"id": "water", "name": {"nl": "Water afgesloten", "en": "Water cut off"}, "leg": "leefomgeving",
         "severity": 1, "hidden": True, "known_by": ["sd"]}
DEBTS = {"id": "schulden", "name": {"nl": "Schulden", "en": "Debts"}, "leg": "leefomgeving", "severity": 2}
SHARING = {"cost": 1, "effects": [{"kind": "flag", "flag": "brief"}],
           "agencies": {"pol": {"cost": 2, "mandate": 1}}}


def _kit(sharing=SHARING, stressors=None, **over):
    if sharing is not None:
        over["sharing"] = sharing
    return make(stressors=stressors or [DEBTS, WATER], **over)


def _overleg(sc, seed=0):
    st = engine.new_game(sc, seed)
    return engine.apply(sc, st, NextPhase())


# -- legality -------------------------------------------------------------------


def test_a_team_may_share_what_its_dossier_holds_with_each_partner_or_the_table():
    sc = _kit()
    st = _overleg(sc)
    shares = {a for a in engine.legal_actions(sc, st) if isinstance(a, Share)}
    assert shares == {Share("sd", "water", "wt"), Share("sd", "water", "pol"), Share("sd", "water", None)}


def test_in_the_acties_only_the_active_team_shares():
    sc = _kit()
    st = to_acties(sc, engine.new_game(sc, 0))
    assert Share("sd", "water", "wt") in engine.legal_actions(sc, st)
    st = engine.apply(sc, st, Pass("sd"))
    assert not [a for a in engine.legal_actions(sc, st) if isinstance(a, Share)]
    assert engine.why_not(sc, st, Share("sd", "water", "wt")).key == "why.not_your_turn"


def test_sharing_is_refused_for_what_is_not_in_the_dossier_or_already_known():
    sc = _kit()
    st = _overleg(sc)
    assert engine.why_not(sc, st, Share("wt", "water", "sd")).key == "why.not_in_dossier"
    assert engine.why_not(sc, st, Share("sd", "schulden", "wt")).key == "why.not_in_dossier"
    assert engine.why_not(sc, st, Share("sd", "nope", "wt")).key == "why.not_in_dossier"
    assert engine.why_not(sc, st, Share("sd", "water", "sd")).key == "why.share_recipient"
    assert engine.why_not(sc, st, Share("sd", "water", "ghost")).key == "why.share_recipient"
    st = engine.apply(sc, st, Share("sd", "water", "wt"))
    reason = engine.why_not(sc, st, Share("sd", "water", "wt"))
    assert reason.key == "why.already_knows"
    assert "wijkteam" in reason_text(reason, "nl", sc).lower()


def test_a_scenario_without_a_sharing_block_has_no_share_moves():
    sc = _kit(sharing=None)
    st = _overleg(sc)
    assert not [a for a in engine.legal_actions(sc, st) if isinstance(a, Share)]
    assert engine.why_not(sc, st, Share("sd", "water", "wt")).key == "why.no_sharing"


def test_sharing_costs_what_the_scenario_says_per_agency():
    sc = _kit(stressors=[DEBTS, dict(WATER, known_by=["sd", "pol"])])
    st = _overleg(sc)
    after = engine.apply(sc, st, Share("sd", "water", "wt"))
    assert after.capacity[0] == st.capacity[0] - 1 and after.mandate[0] == st.mandate[0]
    assert "brief" in after.flags  # the common terms' effect: the flag of a boundary crossing
    after = engine.apply(sc, st, Share("pol", "water", "wt"))
    assert after.capacity[2] == st.capacity[2] - 2 and after.mandate[2] == st.mandate[2] - 1
    assert "brief" not in after.flags  # pol's own terms have no effects
    poor = attrs.evolve(st, capacity=(3, 3, 1))
    assert engine.why_not(sc, poor, Share("pol", "water", "wt")).key == "why.no_capacity"
    assert engine.why_not(sc, attrs.evolve(st, mandate=(2, 2, 0)), Share("pol", "water", "wt")).key == "why.no_mandate"


# -- what sharing does ----------------------------------------------------------


def test_sharing_with_one_partner_puts_it_in_that_dossier_only():
    sc = _kit()
    st = engine.apply(sc, _overleg(sc), Share("sd", "water", "wt"))
    assert st.known == (True, False)
    assert st.dossiers[1] == frozenset({"sd", "wt"})
    assert ("water", 1) in observe(sc, st, "wt").stressors
    assert ("water", 1) not in observe(sc, st, "pol").stressors
    assert ("water", 1) not in observe(sc, st, None).stressors
    assert st.log[-1].kind is LogKind.SHARE and st.log[-1].to == "wt"


def test_sharing_with_the_table_reveals_it():
    sc = _kit()
    st = engine.apply(sc, _overleg(sc), Share("sd", "water", None))
    assert st.known == (True, True)
    assert ("water", 1) in observe(sc, st, "pol").stressors
    assert st.log[-1].kind is LogKind.SHARE_TABLE


def test_the_log_of_a_private_share_does_not_name_the_stressor_in_either_language():
    sc = _kit()
    st = engine.apply(sc, _overleg(sc), Share("sd", "water", "wt"))
    nl, en = log_line(sc, st.log[-1], "nl", st.known), log_line(sc, st.log[-1], "en", st.known)
    assert "wijkteam" in nl.lower() and "neighbourhood team" in en.lower()
    for line in (nl, en):
        assert "Water" not in line and "water" not in line and "{" not in line
    table = engine.apply(sc, _overleg(sc), Share("sd", "water", None))
    assert "Water afgesloten" in log_line(sc, table.log[-1], "nl", table.known)
    assert "Water cut off" in log_line(sc, table.log[-1], "en", table.known)


def test_a_share_round_trips_through_the_session_codec():
    for action in (Share("sd", "water", "wt"), Share("sd", "water", None)):
        data = codec.action_to_dict(action)
        assert data["type"] == "share"
        assert codec.action_from_dict(data) == action


# -- conditions on what a team knows --------------------------------------------


def test_known_condition_with_an_agency_reads_that_teams_dossier():
    cond = {"kind": "known", "stressor": "water", "agency": "wt"}
    sc = _kit(cards=[card("c", agency="wt", conditions=[cond])])
    st = _overleg(sc)
    reason = engine.why_not(sc, run(sc, st, NextPhase(), Pass("sd")), PlayCard("wt", "c"))
    assert reason.key == "why.stressor_unknown_to"
    assert "wijkteam" in reason_text(reason, "nl", sc).lower() and "Water" not in reason_text(reason, "nl", sc, st.known)
    st = engine.apply(sc, st, Share("sd", "water", "wt"))
    st = engine.apply(sc, engine.apply(sc, st, NextPhase()), Pass("sd"))
    assert engine.why_not(sc, st, PlayCard("wt", "c")) is None


def test_known_false_with_an_agency_holds_while_the_team_does_not_know():
    cond = {"kind": "known", "stressor": "water", "agency": "sd", "known": False}
    sc = _kit(cards=[card("c", conditions=[cond])])
    st = to_acties(sc, engine.new_game(sc, 0))
    assert engine.why_not(sc, st, PlayCard("sd", "c")).key == "why.stressor_known_to"
    sc2 = _kit(cards=[card("c", conditions=[dict(cond, agency="pol")])])
    assert engine.why_not(sc2, to_acties(sc2, engine.new_game(sc2, 0)), PlayCard("sd", "c")) is None


# -- secrecy: a property over random games --------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=hst.integers(0, 10_000), choices=hst.integers(0, 2**32 - 1))
def test_no_observation_holds_a_stressor_hidden_from_its_seat(seed, choices):
    hidden2 = {"id": "brand", "name": {"nl": "Brandgevaar", "en": "Fire risk"}, "leg": "meedoen", "severity": 2,
               "hidden": True, "per_seed": {"hidden": 0.7, "known_by": [["wt"], ["pol"], []]}}
    sc = _kit(stressors=[DEBTS, dict(WATER, per_seed={"known_by": [["sd"], ["wt", "pol"]]}), hidden2],
              cards=[card("reveal", agency="wt", effects=[{"kind": "reveal", "stressor": "brand"}])])
    rng = np.random.default_rng(choices)
    st = engine.new_game(sc, seed)
    while not engine.is_over(st):
        for agency in (None, *st.in_play):
            obs = observe(sc, st, agency)
            seen = {sid for sid, _ in obs.stressors}
            for k, s in enumerate(sc.stressors):
                allowed = st.known[k] or (agency is not None and agency in st.dossiers[k])
                assert (s.id in seen) == allowed
            assert obs.hidden_count == len(sc.stressors) - len(seen)
        legal = engine.legal_actions(sc, st)
        st = engine.apply(sc, st, legal[int(rng.integers(len(legal)))])


# -- per-seed secrets -----------------------------------------------------------


def _varied():
    return _kit(stressors=[DEBTS, dict(WATER, per_seed={"hidden": 0.5, "known_by": [["sd"], ["wt"], ["pol"]]})])


def test_per_seed_secrets_vary_with_the_seed_and_replay_exactly():
    sc = _varied()
    drawn = {(engine.new_game(sc, s).known[1], engine.new_game(sc, s).dossiers[1]) for s in range(60)}
    assert (True, frozenset()) in drawn
    assert {d for k, d in drawn if not k} == {frozenset({"sd"}), frozenset({"wt"}), frozenset({"pol"})}
    for s in range(10):
        assert engine.new_game(sc, s) == engine.new_game(sc, s)
        st = engine.new_game(sc, s)
        legal = engine.legal_actions(sc, st)
        st = engine.apply(sc, st, legal[0])
        assert engine.replay(sc, s, st.actions) == st


def test_a_file_without_per_seed_draws_the_same_chance_as_before():
    plain, varied = _kit(), _varied()
    for s in range(5):
        a, b = engine.new_game(plain, s), engine.new_game(varied, s)
        assert a.chance == b.chance  # the secrets are drawn after the event deck's numbers
        assert a.chance == tuple(float(x) for x in np.random.default_rng(s).random(plain.rounds))


# -- the kpi condition: a KPI that falls far enough brings the manager's event ---


def test_a_kpi_condition_triggers_an_event_when_the_kpi_falls_far_enough():
    ev = event("manager", trigger=[{"kind": "kpi", "agency": "sd", "max": 30}], responder="sd",
               effects=[{"kind": "mandate", "delta": -1}])
    sc = _kit(cards=[card("drop", effects=[{"kind": "kpi", "delta": -25}], max_plays=0)], events=[ev])
    st = to_acties(sc, engine.new_game(sc, 0))
    st = run(sc, play(sc, st, "drop"), Pass("sd"), Pass("wt"), Pass("pol"))
    assert st.round == 2 and "manager" in st.fired  # 50 - 25 = 25: at most 30, so the manager comes
    assert st.mandate[0] == 1
    calm = run(sc, to_acties(sc, engine.new_game(sc, 0)), Pass("sd"), Pass("wt"), Pass("pol"))
    assert "manager" not in calm.fired and calm.mandate[0] == 2


@pytest.mark.parametrize("bound, kpi, key", [({"min": 40}, 30.0, "why.kpi_too_low"), ({"max": 40}, 50.0, "why.kpi_too_high")])
def test_a_kpi_condition_on_a_card_says_why_in_both_languages(bound, kpi, key):
    sc = _kit(cards=[card("c", conditions=[{"kind": "kpi", **bound}])])
    st = attrs.evolve(to_acties(sc, engine.new_game(sc, 0)), kpi=(kpi, 50.0, 50.0))
    reason = engine.why_not(sc, st, PlayCard("sd", "c"))
    assert reason.key == key
    assert "sociale dienst" in reason_text(reason, "nl", sc).lower() and "social services" in reason_text(reason, "en", sc).lower()
    assert engine.why_not(sc, attrs.evolve(st, kpi=(40.0, 50.0, 50.0)), PlayCard("sd", "c")) is None


# -- the policies ---------------------------------------------------------------


def _needs_wt_to_know():
    """wt can take the water away only once it knows about it; sd holds it; sharing sets sd's flag."""
    fix = card("wt_fix", agency="wt", type="boundary", conditions=[{"kind": "known", "stressor": "water", "agency": "wt"}],
               effects=[{"kind": "stressor", "stressor": "water", "delta": -1}])
    return _kit(cards=[fix])


def test_the_expert_shares_with_the_partner_whose_card_needs_it():
    from sim.agents import make_policy
    sc = _needs_wt_to_know()
    st = _overleg(sc)
    legal = [a for a in engine.legal_actions(sc, st) if getattr(a, "agency", None) == "sd"] + [Pass("sd")]
    choice = make_policy("expert", sc).choose(observe(sc, st, "sd"), legal, np.random.default_rng(0))
    assert choice == Share("sd", "water", "wt")


def test_the_expert_keeps_a_secret_no_card_asks_for():
    from sim.agents import make_policy
    sc = _kit(cards=[card("c", agency="wt")])
    st = _overleg(sc)
    legal = [a for a in engine.legal_actions(sc, st) if getattr(a, "agency", None) == "sd"] + [Pass("sd")]
    assert make_policy("expert", sc).choose(observe(sc, st, "sd"), legal, np.random.default_rng(0)) == Pass("sd")


def test_naive_shares_at_random_and_the_restricted_expert_never_shares():
    from sim.agents import make_policy
    from sim.agents.coordinate import Restricted, reveals
    sc = _needs_wt_to_know()
    st = to_acties(sc, engine.new_game(sc, 0))
    legal = engine.legal_actions(sc, st)
    picks = {make_policy("naive", sc).choose(observe(sc, st, "sd"), legal, np.random.default_rng(i)) for i in range(30)}
    assert Share("sd", "water", "wt") in picks and Share("sd", "water", None) in picks
    quiet = Restricted(make_policy("expert", sc), reveals, "no-share", shares=False)
    assert quiet.choose(observe(sc, st, "sd"), legal, np.random.default_rng(0)) == Pass("sd")


def test_information_value_counts_sharing_from_a_dossier():
    from sim.analysis.depth import information_value
    fix = card("wt_fix", agency="wt", type="boundary", conditions=[{"kind": "known", "stressor": "water", "agency": "wt"}],
               effects=[{"kind": "stressor", "stressor": "water", "delta": -1}, {"kind": "stress", "delta": -40}], cost=1)
    sc = _kit(cards=[fix], scoring={"thresholds": {"stable_stress": 30, "stable_leg": 4, "stable_rounds": 1}})
    out = information_value(sc, list(range(6)))
    assert out["with"]["rate"] == 1.0 and out["without"]["rate"] == 0.0
