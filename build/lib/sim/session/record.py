"""Game records: the scenario (id and content hash), the seed and the list of actions.

A record is all that is needed to rebuild a game: `replay` folds `apply` over
its actions. Records are JSON; a malformed one raises `RecordError` with a
message, never a traceback.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from sim.core import engine
from sim.core.model import Scenario
from sim.core.state import Action, GameState, action_from_dict, action_to_dict

FORMAT = "stabiel-record"
VERSION = 1


class RecordError(ValueError):
    """A game record that cannot be read or does not fit its scenario."""


@attrs.frozen
class GameRecord:
    """Everything needed to replay a game."""

    scenario_id: str
    scenario_hash: str
    seed: int
    in_play: tuple[str, ...]
    actions: tuple[Action, ...]

    @classmethod
    def of(cls, scenario: Scenario, scenario_hash: str, state: GameState) -> "GameRecord":
        """The record of the game that led to `state`."""
        return cls(scenario.id, scenario_hash, state.seed, state.in_play, state.actions)

    def to_json(self, final: dict[str, Any] | None = None) -> str:
        """The record as JSON text (with the final figures, when given, for checking)."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "scenario_id": self.scenario_id,
            "scenario_hash": self.scenario_hash,
            "seed": self.seed,
            "in_play": list(self.in_play),
            "actions": [action_to_dict(a) for a in self.actions],
        }
        if final is not None:
            data["final"] = final
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> tuple["GameRecord", dict[str, Any] | None]:
        """Parse a record; returns it with the recorded final figures (if any)."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordError(f"not a game record: invalid JSON at line {exc.lineno}, column {exc.colno}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise RecordError("not a game record (the 'format' field is missing or wrong)")
        if data.get("version") != VERSION:
            raise RecordError(f"game record version {data.get('version')!r} is not supported (expected {VERSION})")
        try:
            seed = data["seed"]
            if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
                raise RecordError("the record's seed must be a whole number of 0 or more")
            actions = tuple(action_from_dict(a) for a in data["actions"])
            record = cls(
                scenario_id=str(data["scenario_id"]),
                scenario_hash=str(data["scenario_hash"]),
                seed=seed,
                in_play=tuple(str(a) for a in data["in_play"]),
                actions=actions,
            )
        except KeyError as exc:
            raise RecordError(f"the game record lacks the field {exc.args[0]!r}") from None
        except (TypeError, ValueError) as exc:
            raise RecordError(f"the game record is malformed: {exc}") from None
        final = data.get("final")
        return record, final if isinstance(final, dict) else None


def final_figures(state: GameState) -> dict[str, Any]:
    """The figures printed after a replay and stored in a record for checking."""
    return {
        "round": state.round,
        "outcome": None if state.outcome is None else state.outcome.value,
        "stress": round(state.stress, 3),
        "legs": [round(x, 3) for x in state.legs],
        "severity": list(state.severity),
        "euros": round(sum(state.euros), 2),
        "crisis_cost": round(state.crisis_cost, 2),
        "boundary_crossings": len(state.crossings),
        "actions": len(state.actions),
    }


def replay(scenario: Scenario, record: GameRecord) -> GameState:
    """Rebuild the game of `record`; raise RecordError when it does not fit the scenario."""
    if record.scenario_id != scenario.id:
        raise RecordError(f"the record is for scenario {record.scenario_id!r}, not {scenario.id!r}")
    try:
        state = engine.new_game(scenario, record.seed, record.in_play)
    except ValueError as exc:
        raise RecordError(f"the record cannot start a game: {exc}") from None
    for n, action in enumerate(record.actions, 1):
        try:
            state = engine.apply(scenario, state, action)
        except engine.IllegalActionError as exc:
            raise RecordError(f"action {n} ({action!r}) is not legal here: {exc}") from None
        except (KeyError, ValueError, TypeError) as exc:
            raise RecordError(f"action {n} ({action!r}) does not fit this scenario: {exc}") from None
    return state
