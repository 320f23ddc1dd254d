"""What a scenario check reports: problems with file, line and column, the report, the limits."""

from __future__ import annotations

from typing import Any

import attrs

from sim import resources
from sim.core.model import Scenario

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 64

ASSETS_DIR = resources.assets()

PathT = tuple[Any, ...]

ERROR = "error"
WARNING = "warning"


@attrs.frozen
class Problem:
    """One thing wrong with a scenario file, with where it is (`level`: error or warning)."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    message: str
    level: str = ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: warning: {self.message}" if self.level == WARNING else f"{where}: {self.message}"


class ScenarioError(ValueError):
    """A scenario file cannot be used; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@attrs.frozen
class LoadedScenario:
    """A validated scenario with where it came from and a hash of its content."""

    scenario: Scenario
    path: str
    content_hash: str


@attrs.frozen
class Report:
    """Everything `check_text` / `check_file` found: the scenario (None when there are errors), errors, warnings."""

    file: str
    scenario: Scenario | None
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    content_hash: str = ""

    @property
    def ok(self) -> bool:
        """Whether the file loads (warnings allowed)."""
        return not self.errors


