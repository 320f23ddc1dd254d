"""Game records: the scenario (id and content hash), the seed and the list of actions.

A record is all that is needed to rebuild a game: `replay` is the engine's
replay (a fold of `apply`) with the record's checks around it. Records are
JSON written and read through the session codec's converter; a malformed one
raises `RecordError` with a message, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import attrs
from cattrs.errors import ClassValidationError, IterableValidationError

from sim.core import engine
from sim.core.model import Scenario
from sim.core.state import Action, GameState
from sim.session import codec, limits
from sim.session.model import FinalFigures, final_figures

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
    def of(cls, scenario: Scenario, scenario_hash: str, state: GameState) -> GameRecord:
        """The record of the game that led to `state`."""
        return cls(scenario.id, scenario_hash, state.seed, state.in_play, tuple(state.actions))

    def to_json(self, final: dict[str, Any] | None = None) -> str:
        """The record as JSON text (with the final figures, when given, for checking)."""
        data: dict[str, Any] = {"format": FORMAT, "version": VERSION, **codec.converter.unstructure(self)}
        if final is not None:
            data["final"] = final
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> tuple[GameRecord, dict[str, Any] | None]:
        """Parse a record; returns it with the recorded final figures (if any)."""
        if len(text) > limits.MAX_FILE_BYTES:
            raise RecordError(f"not a game record: larger than {limits.MAX_FILE_BYTES // (1024 * 1024)} MB")
        try:
            data = codec.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordError(f"not a game record: invalid JSON at line {exc.lineno}, column {exc.colno}") from None
        except (RecursionError, ValueError):
            raise RecordError("not a game record (the JSON is nested too deeply)") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise RecordError("not a game record (the 'format' field is missing or wrong)")
        version = data.get("version")
        if type(version) is not int or version != VERSION:
            raise RecordError(f"game record version {version!r} is not supported (expected {VERSION})")
        fields = {k: v for k, v in data.items() if k not in ("format", "version", "final")}
        record = _structure(fields, cls)
        final = data.get("final")
        return record, None if final is None else _structure(final, FinalFigures).as_dict()


def _structure(data: Any, cl: type[Any]) -> Any:
    """`data` as a `cl`, or a RecordError that gives the `$.path` of what is wrong."""
    try:
        return codec.converter.structure(data, cl)
    except (ClassValidationError, IterableValidationError, codec.Invalid) as exc:
        path, leaf = codec.first_problem(exc)
        if cl is GameRecord and isinstance(leaf, KeyError) and len(path) == 1:
            raise RecordError(f"the game record lacks the field {path[0]!r}") from None
        if cl is GameRecord and path[:1] == ("seed",):
            raise RecordError("the record's seed must be a whole number of 0 or more") from None
        where = "" if cl is GameRecord else " (its final figures)"
        raise RecordError(f"the game record is malformed{where}: {'; '.join(codec.describe(exc))}") from None


class _Counted:
    """The actions of a record, remembering which one the replay has reached (for the error message)."""

    def __init__(self, actions: tuple[Action, ...]):
        self.actions = actions
        self.n = 0

    def __iter__(self) -> Iterator[Action]:
        for n, action in enumerate(self.actions, 1):
            self.n = n
            yield action


def replay(scenario: Scenario, record: GameRecord) -> GameState:
    """Rebuild the game of `record` with `engine.replay`; raise RecordError when it does not fit the scenario."""
    if record.scenario_id != scenario.id:
        raise RecordError(f"the record is for scenario {record.scenario_id!r}, not {scenario.id!r}")
    counted = _Counted(record.actions)
    try:
        return engine.replay(scenario, record.seed, counted, record.in_play)
    except engine.IllegalActionError as exc:
        n = counted.n
        raise RecordError(f"action {n} ({record.actions[n - 1]!r}) is not legal here: {exc}") from None
    except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
        if counted.n == 0:  # new_game refused the seed or the table
            raise RecordError(f"the record cannot start a game: {exc}") from None
        n = counted.n
        raise RecordError(f"action {n} ({record.actions[n - 1]!r}) does not fit this scenario: {exc}") from None


__all__ = ["FORMAT", "VERSION", "GameRecord", "RecordError", "final_figures", "replay"]
