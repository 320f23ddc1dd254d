"""One definition per thing in the rules core.

- Every dispatch table implements exactly its vocabulary (conditions, effects,
  modifiers, actions, the draft's kinds of field), and the check that guards
  them fails when a kind has no implementation.
- Every field of `GameState` is declared once: the draft copies it in and out,
  the observation holds exactly the public ones, determinisation agrees with
  the observation, and a field added to a state class follows without further
  code.
- The modifiers are sorted by kind when the scenario is made; playing leaves
  the scenario as it was.
- The ranges are named once and the scenario format reads them from the core.
"""

from __future__ import annotations

import typing

import attrs
import numpy as np
import pytest
from builders import card, make, play, to_acties

from sim.agents.lookahead import determinize
from sim.core import conditions, draft, effects, engine, legal, model, modifiers
from sim.core.kinds import IncompleteTableError, check_exhaustive, missing
from sim.core.limits import LEG, SEVERITY, STRESS, TRUST
from sim.core.observation import OWN_FIELDS, Observation, believed_state, observe
from sim.core.state import (
    EMPTY,
    PUBLIC_FIELDS,
    ActiveRule,
    Figure,
    FrozenDict,
    GameState,
    Keep,
    LogKind,
    Pending,
    Phase,
    fields_kept,
)
from sim.scenario import format as fmt

TABLES = [
    ("conditions", conditions.CONDITIONS, model.CONDITION_KINDS.values()),
    ("effects", effects.EFFECTS, model.EFFECT_KINDS.values()),
    ("modifiers", modifiers.ACTIVATION, model.MODIFIER_KINDS.values()),
    ("why_not", legal._WHY_NOT, legal.ACTION_KINDS),
    ("apply", engine._STEPS, legal.ACTION_KINDS),
]


# -- dispatch tables ----------------------------------------------------------------


@pytest.mark.parametrize("name, table, kinds", TABLES, ids=[t[0] for t in TABLES])
def test_every_kind_has_exactly_one_implementation(name, table, kinds):
    lacking, extra = missing(table, kinds)
    assert not lacking, f"{name}: no implementation for {lacking}"
    assert not extra, f"{name}: implementations of no kind {extra}"


def test_the_kind_tables_of_the_model_match_its_unions():
    assert set(model.CONDITION_KINDS.values()) == set(typing.get_args(model.Condition))
    assert set(model.EFFECT_KINDS.values()) == set(typing.get_args(model.Effect))
    assert set(model.MODIFIER_KINDS.values()) == set(typing.get_args(model.Modifier))
    assert set(legal.ACTION_KINDS) == {cls for cls in legal._WHY_NOT}


@pytest.mark.parametrize("name, table, kinds", TABLES, ids=[t[0] for t in TABLES])
def test_the_check_fails_when_a_kind_has_no_implementation(name, table, kinds):
    dropped = next(iter(table))
    short = {k: v for k, v in table.items() if k is not dropped}
    with pytest.raises(IncompleteTableError, match=dropped.__name__):
        check_exhaustive(short, kinds, name)


def test_the_check_fails_for_a_new_kind_nobody_implemented():
    @attrs.frozen
    class SunshineEffect:
        delta: float
        delay: int = 0

    with pytest.raises(IncompleteTableError, match="SunshineEffect"):
        check_exhaustive(effects.EFFECTS, [*model.EFFECT_KINDS.values(), SunshineEffect], "effects")


def test_each_modifier_kind_has_its_place_in_a_rule_cards_index():
    assert [f.name for f in attrs.fields(model.RuleModifiers)] == list(model.MODIFIER_KINDS)


def test_the_draft_knows_every_kind_of_field():
    assert set(draft.LINES) == set(Keep)


def test_every_adjustable_figure_is_adjusted_and_is_a_figure():
    assert set(engine._ADJUST) == set(engine.ADJUSTABLE)
    assert all(isinstance(f, Figure) for f in engine.ADJUSTABLE)
    assert "stress" in engine.ADJUSTABLE and f"{Figure.LEG}" == "leg"  # plain strings still match


# -- the state's fields: declared once ------------------------------------------------


def _busy_state() -> tuple[model.Scenario, GameState]:
    """A state in which most fields hold something other than their start value."""
    sc = make(cards=[card("c", effects=[{"kind": "stress", "delta": -5}, {"kind": "stressor", "stressor": "schulden", "delta": -1, "delay": 2}])])
    st = play(sc, to_acties(sc, engine.new_game(sc, 3)), "c")
    return sc, attrs.evolve(
        st,
        queued=("e1",),
        fired=frozenset({"e2"}),
        drawn=FrozenDict({"e3": 1}),
        round_events=("e3",),
        stable_streak=1,
        crisis_costs=(("opname", 30000.0),),
        end_reason="rounds",
        flags=FrozenDict({"brief": 1}),
        rules=(ActiveRule("c", "sd", 1, None),),
    )


def test_every_field_round_trips_through_the_draft():
    sc, st = _busy_state()
    frozen = draft.Draft(sc, st).freeze()
    for f in attrs.fields(GameState):
        assert getattr(frozen, f.name) == getattr(st, f.name), f.name
        assert type(getattr(frozen, f.name)) is type(getattr(st, f.name)), f.name
    assert frozen == st


def test_the_draft_holds_each_field_as_declared():
    sc, st = _busy_state()
    d = draft.Draft(sc, st)
    want = {Keep.VALUE: None, Keep.LIST: list, Keep.SET: set, Keep.MAP: dict, Keep.GROW: list}
    for f in attrs.fields(GameState):
        keep = f.metadata["keep"]
        if keep is Keep.FIXED:
            assert f.name not in draft.DRAFTED
            continue
        value = getattr(d, f.name)
        if want[keep] is None:
            assert value is getattr(st, f.name), f.name
        else:
            assert type(value) is want[keep], f.name
    assert all(getattr(d, n) == [] for n in fields_kept(Keep.GROW))  # new items only


def test_the_drafts_annotations_name_exactly_the_drafted_fields():
    own = {"sc", "base", "changes"}
    assert set(draft.Draft.__annotations__) - own == set(draft.DRAFTED)


def test_a_field_added_to_a_state_class_follows_into_the_draft_without_more_code():
    extended = attrs.make_class(
        "Extended",
        {"notes_seen": attrs.field(default=(), metadata={"keep": Keep.LIST, "public": True})},
        bases=(GameState,),
        frozen=True,
        kw_only=True,
    )
    sc, st = _busy_state()
    values = {f.name: getattr(st, f.name) for f in attrs.fields(GameState)}
    base = extended(**values, notes_seen=("a", "b"))
    thaw, freeze = draft.generate_copies(extended)

    class Holder:
        pass

    d = Holder()
    d.base = base
    thaw(d, base)
    assert d.notes_seen == ["a", "b"]
    d.notes_seen.append("c")
    after = freeze(d)
    assert type(after) is extended and after.notes_seen == ("a", "b", "c")
    assert after.stress == st.stress and after.log == st.log


def test_new_game_gives_only_what_the_scenario_sets_and_the_rest_starts_at_its_default():
    sc = make()
    st = engine.new_game(sc, 0)
    assert st.plays == EMPTY and st.pending == () and st.outcome is None and st.actions == ()
    with pytest.raises(TypeError):
        GameState(seed=0)  # the figures have no default: a state needs them


# -- observation and determinisation -----------------------------------------------


def test_the_observation_holds_exactly_the_public_fields_and_its_own():
    names = {f.name for f in attrs.fields(Observation)}
    assert names - set(OWN_FIELDS) == set(PUBLIC_FIELDS)
    assert set(OWN_FIELDS) <= names


@pytest.mark.parametrize("secret", ["severity", "chance", "seed", "queued", "log", "actions", "history"])
def test_secrets_are_not_public(secret):
    assert secret not in PUBLIC_FIELDS
    assert secret not in {f.name for f in attrs.fields(Observation)}


def test_observe_copies_every_public_field():
    sc, st = _busy_state()
    obs = observe(sc, st, "sd")
    for name in PUBLIC_FIELDS:
        assert getattr(obs, name) == getattr(st, name), name
    assert obs.hidden_count == 1 and dict(obs.stressors) == {"schulden": st.severity[0]}


def test_determinize_agrees_with_the_observation_and_hides_the_rest():
    sc, st = _busy_state()
    obs = observe(sc, st, "sd")
    guess = determinize(sc, obs, np.random.default_rng(0))
    for name in PUBLIC_FIELDS:
        assert getattr(guess, name) == getattr(st, name), name
    assert guess.severity[1] == sc.stressors[1].severity  # hidden: at its prior
    assert guess.queued == () and guess.log == () and guess.seed == 0 and guess.quiet
    assert guess.chance != st.chance  # chance to come drawn afresh, not the real deck order


def test_a_believed_state_fills_what_is_not_seen_from_the_defaults():
    sc, st = _busy_state()
    obs = observe(sc, st, None)
    guess = believed_state(obs, seed=0, chance=(0.5,), severity=(2, 1))
    assert guess.crossings == () and guess.outcome is None and guess.pending == st.pending
    assert isinstance(guess.pending[0], Pending) and guess.phase is Phase.ACTIES


# -- modifiers sorted at load time -------------------------------------------------


def test_rule_modifiers_are_sorted_by_kind_when_the_scenario_is_made(mini):
    assert not hasattr(mini, "modifier_cache")
    for c in mini.cards:
        if not c.modifiers:
            assert c.id not in mini.rule_modifiers
            continue
        mods = mini.rule_modifiers[c.id]
        by_kind = [m for tag in model.MODIFIER_KINDS for m in getattr(mods, tag)]
        assert sorted(map(repr, by_kind)) == sorted(map(repr, c.modifiers))
        for tag, kind in model.MODIFIER_KINDS.items():
            assert all(type(m) is kind for m in getattr(mods, tag))


def test_the_scenarios_rule_index_is_read_only(mini):
    some = next(iter(mini.rule_modifiers))
    with pytest.raises(TypeError):
        mini.rule_modifiers[some] = model.NO_MODIFIERS
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        mini.rule_modifiers[some].cost = ()


def test_playing_leaves_the_scenarios_index_as_it_was(mini):
    before = dict(mini.rule_modifiers)
    state = engine.new_game(mini, 0)
    rng = np.random.default_rng(1)
    while not engine.is_over(state):
        moves = engine.legal_actions(mini, state)
        state = engine.apply(mini, state, moves[int(rng.integers(len(moves)))])
    assert mini.rule_modifiers == before
    assert all(mini.rule_modifiers[k] is before[k] for k in before)


# -- ranges and names --------------------------------------------------------------


def test_ranges_are_named_once_and_the_format_reads_them():
    assert fmt.RANGES[(model.Person, "stress")] == (0, 100) == STRESS.as_tuple()
    assert fmt.RANGES[(model.Stressor, "severity")] == (0, 3) == SEVERITY.as_tuple()
    assert fmt.RANGES[(model.Legs, "meedoen")] == LEG.as_tuple()
    assert fmt.RANGES[(model.TrustCond, "max")] == TRUST.as_tuple()
    assert model.Thresholds().crisis == STRESS.hi
    assert STRESS.clamp(120.0) == 100.0 and LEG.clamp(-1.0) == 0.0 and SEVERITY.clamp(5) == 3


def test_log_kinds_are_plain_strings_too():
    sc = make()
    st = engine.new_game(sc, 0)
    kinds = [e.kind for e in st.log]
    assert all(isinstance(k, LogKind) for k in kinds)
    assert "log.start" in kinds and f"{LogKind.START}" == "log.start" == str(LogKind.START)
    assert {"log.start": 1}[LogKind.START] == 1
