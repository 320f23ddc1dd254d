"""A scenario the fast path cannot compile still plays: on the reference engine, with the same games as before."""

from __future__ import annotations

import attrs
import pytest
from conftest import FIXTURES

from sim import fast
from sim.analysis.batch import game_seeds, play_game, seat_policies, simulate
from sim.core import conditions, effects, model
from sim.scenario.loader import load_scenario


@attrs.frozen
class AnyOfCond:
    """A kind the fast path was not written for (as another helper may add one): any of two conditions."""

    any_of: tuple = ()


@attrs.frozen
class HalveStressEffect:
    """An effect kind the fast path does not know."""

    delay: int = 0


@pytest.fixture
def new_kinds(monkeypatch):
    """The reference engine learns two new kinds, as a change to sim/core would teach it."""
    monkeypatch.setitem(conditions.CONDITIONS, AnyOfCond,
                        lambda sc, st, c, actor: None if any(conditions.reason(sc, st, x, actor) is None for x in c.any_of)
                        else conditions.reason(sc, st, c.any_of[0], actor))

    def halve(d, eff, actor):
        d.stress = d.stress / 2
    monkeypatch.setitem(effects.EFFECTS, HalveStressEffect, halve)


def _with_new_kinds(sc):
    first = sc.cards[0]
    card = attrs.evolve(first, conditions=(AnyOfCond(first.conditions or (model.StressCond(max=100),)),))
    event = attrs.evolve(sc.events[0], effects=(*sc.events[0].effects, HalveStressEffect()))
    return attrs.evolve(sc, cards=(card, *sc.cards[1:]), events=(event, *sc.events[1:]))


def test_an_unknown_kind_plays_on_the_reference_engine(new_kinds):
    sc = _with_new_kinds(load_scenario(FIXTURES / "mini.yaml").scenario)
    rules, why = fast.compile_scenario(sc)
    assert rules is None and "AnyOfCond" in why
    only_effect = attrs.evolve(sc, cards=load_scenario(FIXTURES / "mini.yaml").scenario.cards)
    assert fast.compile_scenario(only_effect) == (None, "effect HalveStressEffect")
    policies = seat_policies(sc, "random")
    for seed in game_seeds(1, 20):
        state = play_game(sc, seed, policies, quiet=True)  # falls back: the reference engine plays it
        assert state.outcome is not None
        assert state == play_game(sc, seed, policies, quiet=True)
    assert simulate(sc, 10, seed=3, workers=1)["games"] == 10


def test_a_field_set_away_from_its_default_that_the_fast_path_does_not_read_falls_back():
    sc = load_scenario(FIXTURES / "mini.yaml").scenario
    fast.compile.check_fields(_Extended("x"), frozenset({"a"}))  # left at its default: nothing new happens
    with pytest.raises(fast.Unsupported, match="Card.extra"):
        fast.compile.check_fields(_Extended("x", extra=2), frozenset({"a"}))
    assert fast.rules_for(sc) is not None


@attrs.frozen
class _Extended:
    a: str
    extra: int = 1


_Extended.__name__ = "Card"  # named as a model class would be in the message


def test_the_switch_turns_the_fast_path_off():
    sc = load_scenario(FIXTURES / "mini.yaml").scenario
    assert fast.rules_for(sc) is not None
    fast.SWITCH.on = False
    try:
        assert fast.rules_for(sc) is None
    finally:
        fast.SWITCH.on = True
