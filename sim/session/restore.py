"""Bringing a saved session back to life: find its scenario, replay its actions, say what changed.

This is the one part of `sim.session` that loads scenario files and knows the
AI policies (to warn about a seat whose policy no longer exists).
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from sim import resources
from sim.core.state import Action, GameState
from sim.i18n import t
from sim.session.model import HUMAN, SavedSession, SessionFileError, final_figures, shortened

# What `engine.apply` raises for an action that does not fit the scenario (ArithmeticError: figures that overflow;
# IllegalActionError is a ValueError). The engine itself is imported where a game is replayed: the start screen
# lists sessions without it (and numpy).
_MISFITS = (KeyError, ValueError, TypeError, ArithmeticError)


@attrs.frozen
class Restored:
    """A session brought back to life: every state (for undo), the redo states and what the facilitator must know."""

    states: tuple[GameState, ...]  # the start and the state after each action; the last is the current one
    redo_states: tuple[GameState, ...]  # the states redo would bring back, next one first
    warnings: tuple[str, ...]

    @property
    def state(self) -> GameState:
        """The current state."""
        return self.states[-1]


def replay_states(sc: Any, start: GameState, actions: Sequence[Action]) -> tuple[list[GameState], int | None]:
    """`engine.replay`, keeping every state: the states after each action that fits, and the number of the first that does not (or None)."""
    from sim.core import engine

    states: list[GameState] = []
    folded = itertools.accumulate(actions, functools.partial(engine.apply, sc), initial=start)
    next(folded)  # the start itself
    try:
        states.extend(folded)
    except _MISFITS:
        return states, len(states) + 1
    return states, None


def restore_all(saved: SavedSession, loaded: Any, lang: str | None = None, strict: bool = False) -> Restored:
    """Replay the session on `loaded` (a LoadedScenario); keep every state.

    A scenario file whose content hash differs is told as a warning. When an
    action no longer fits a changed scenario, the session is restored up to the
    action before it, with a warning (with `strict`: SessionFileError instead).
    Raises SessionFileError when the session belongs to another scenario or
    cannot start on it.
    """
    lang = lang or saved.lang
    sc = shortened(loaded.scenario, saved.rounds)  # a shorter game is replayed as it was played
    if saved.scenario_id != sc.id:
        raise SessionFileError(None, "session.err.other_scenario", saved=saved.scenario_id, scenario=sc.id)
    from sim.core import engine

    warnings: list[str] = []
    if saved.scenario_hash and saved.scenario_hash != loaded.content_hash:
        warnings.append(t("session.warn.changed", lang, path=getattr(loaded, "path", saved.scenario_path), date=saved.updated[:10]))
    try:
        start = engine.new_game(sc, saved.seed, saved.in_play)
    except (ValueError, KeyError) as exc:
        raise SessionFileError(None, "session.err.cannot_start", reason=str(exc)) from None
    after, misfit = replay_states(sc, start, saved.actions)
    states = [start, *after]
    total = len(saved.actions)
    redo_states: list[GameState] = []
    if misfit is not None:
        if strict:
            raise SessionFileError(None, "session.err.action_illegal", n=misfit, total=total)
        changed = bool(saved.scenario_hash) and saved.scenario_hash != loaded.content_hash
        key = "session.warn.stopped" if changed else "session.warn.malformed"  # same scenario: the file is at fault
        warnings.append(t(key, lang, n=misfit, total=total, round=states[-1].round))
    else:
        if saved.final is not None and dict(saved.final) != final_figures(states[-1]):
            warnings.append(t("session.warn.figures", lang))
        redo_states, redo_misfit = replay_states(sc, states[-1], saved.redo)
        if redo_misfit is not None:
            warnings.append(t("session.warn.redo", lang))
    warnings.extend(_seat_warnings(saved, sc, lang))
    return Restored(tuple(states), tuple(redo_states), tuple(warnings))


def _seat_warnings(saved: SavedSession, sc: Any, lang: str) -> list[str]:
    from sim.agents import POLICIES

    return [t("session.warn.policy", lang, agency=_agency_name(sc, agency, lang), policy=seat)
            for agency, seat in sorted(saved.seats.items()) if seat != HUMAN and seat not in POLICIES]


def restore(saved: SavedSession, loaded: Any, lang: str | None = None) -> tuple[GameState, tuple[str, ...]]:
    """Replay the session on `loaded` (a LoadedScenario): the current state and the warnings for the facilitator."""
    restored = restore_all(saved, loaded, lang)
    return restored.state, restored.warnings


def _agency_name(sc: Any, agency: str, lang: str) -> str:
    return str(sc.agency(agency).name.get(lang)) if agency in sc.agency_index else agency


_SHIPPED = resources.scenarios()


def scenario_for(saved: SavedSession, search: Iterable[str | os.PathLike[str]] = ("scenarios", _SHIPPED)) -> Any:
    """Load the session's scenario: from its saved path, else a file with the same id in a `search` folder.

    Raises SessionFileError when none can be found or the file has errors.
    """
    from sim.scenario.loader import ScenarioError, load_scenario

    candidates: list[Path] = []
    if saved.scenario_path:
        candidates.append(Path(saved.scenario_path))
    for folder in search:
        try:
            candidates.extend(sorted(Path(folder).glob("*.yaml")))
        except OSError:
            continue
    problem: str | None = None
    for n, path in enumerate(candidates):
        try:
            if not path.is_file():
                continue
        except (OSError, ValueError):  # a name too long for the file system, a NUL: not a file we can open
            continue
        try:
            loaded = load_scenario(path)
        except ScenarioError as exc:
            if n == 0 and saved.scenario_path:
                problem = str(exc.problems[0]) if exc.problems else str(exc)
            continue
        if loaded.scenario.id == saved.scenario_id:
            return loaded
    if problem is not None:
        raise SessionFileError(None, "session.err.scenario_invalid", problem=problem)
    raise SessionFileError(None, "session.err.no_scenario", id=saved.scenario_id, path=saved.scenario_path or "-")


def round_starts(states: Sequence[GameState]) -> list[int]:
    """For stepping through a replay round by round: the index in `states` where each round begins (round 1 first)."""
    return [i for i in range(1, len(states)) if states[i].round != states[i - 1].round]
