"""The fast path for batch play: the same games as the rules engine, on one mutable state per game.

`rules_for(sc)` compiles a scenario once (cached per scenario object) into the
closures of `sim.fast.rules`, or returns None when the scenario uses a kind or
field the fast path does not know; the batch then plays it on the reference
engine (`sim.core.engine`), which stays the one definition of the rules and
what the screen, undo and replay use. `new_game` starts a game from the
reference's own start, `step` applies a legal move in place, `legal_actions`
and `is_legal` say what may be done without building a `Reason`, and `freeze`
gives the frozen `GameState` at the end (equal to the reference's quiet game).

Pure rules like `sim.core`: no I/O, no pygame (an import-linter contract says so).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any

import numpy as np

from sim.core import engine
from sim.core.model import AgencyId, Scenario
from sim.fast.compile import Unsupported
from sim.fast.game import FastState, freeze, start, step, thaw
from sim.fast.legal import affordable, can_play, is_legal, legal_actions, observe, own_overleg
from sim.fast.rules import Rules


class Switch:
    """Whether batch play and the look-ahead use the fast path (on by default; off: the reference engine everywhere)."""

    on: bool = True


SWITCH = Switch()
_CACHE: dict[int, tuple[weakref.ref[Scenario], Rules | None, str]] = {}


def _forgetter(key: int, cache: dict[int, tuple[weakref.ref[Scenario], Rules | None, str]]) -> Any:
    """A weakref callback that drops a dead scenario's entry (and no newer one under the same id)."""
    def forget(ref: weakref.ref[Scenario]) -> None:
        hit = cache.get(key)
        if hit is not None and hit[0] is ref:
            del cache[key]
    return forget


def compile_scenario(sc: Scenario) -> tuple[Rules | None, str]:
    """The compiled rules of `sc` (None, with what the fast path does not know, when it cannot)."""
    key = id(sc)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is sc:
        return hit[1], hit[2]
    try:
        rules: Rules | None = Rules(sc)
        why = ""
    except Unsupported as e:
        rules, why = None, str(e)
    _CACHE[key] = (weakref.ref(sc, _forgetter(key, _CACHE)), rules, why)
    return rules, why


def rules_for(sc: Scenario) -> Rules | None:
    """The compiled rules of `sc`, or None when it must play on the reference engine (or the switch is off)."""
    return compile_scenario(sc)[0] if SWITCH.on else None


def new_game(R: Rules, seed: int, in_play: Iterable[AgencyId] | None = None) -> FastState:
    """A quiet game's start, exactly as the reference engine starts it (a seed it refuses, it refuses)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        engine.new_game(R.sc, seed, in_play, quiet=True)  # raises, saying why
    return start(R, int(seed), in_play)


__all__ = [
    "SWITCH", "FastState", "Rules", "Unsupported", "affordable", "can_play", "compile_scenario", "freeze", "is_legal", "legal_actions",
    "new_game", "observe", "own_overleg", "rules_for", "step", "thaw",
]
