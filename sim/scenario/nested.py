"""Conditions and effects inside others: "any of" conditions and conditional (`if`) effects, flattened.

The checks and warnings that look for every reference in a file (a flag set, a
stressor reduced, a crisis cost named) read through these, so a reference
inside `{kind: any, ...}` or `{kind: if, ...}` counts like one at the top.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sim.core import model


def all_effects(effects: Iterable[model.Effect]) -> Iterator[model.Effect]:
    """Every effect, and the effects of both branches of each conditional effect (the `if` itself too)."""
    for e in effects:
        yield e
        if isinstance(e, model.IfEffect):
            yield from all_effects(e.effects + e.otherwise)


def all_conditions(conditions: Iterable[model.Condition], effects: Iterable[model.Effect] = ()) -> Iterator[model.Condition]:
    """Every condition, the alternatives of each "any of", and the conditions of each conditional effect."""
    for c in conditions:
        yield c
        if isinstance(c, model.AnyCond):
            yield from all_conditions(c.conditions)
    for e in all_effects(effects):
        if isinstance(e, model.IfEffect):
            yield from all_conditions(e.conditions)


__all__ = ["all_conditions", "all_effects"]
