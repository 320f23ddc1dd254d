"""Tools for scenario designers behind `run_sim.py validate` and `run_sim.py new`."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sim import resources
from sim.scenario.loader import Report, check_file

TEMPLATE = resources.template()
SCENARIOS_DIR = Path("scenarios")  # `new` writes into the designer's own scenarios folder (the current one)


def validate_files(files: Sequence[str], strict: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Check each file; print errors (stdout) and warnings (stderr) as FILE:LINE:COL; the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    failed = False
    for file in files:
        report = check_file(file)
        for problem in report.errors:
            print(problem, file=out)
        for problem in report.warnings:
            print(problem, file=err)
        if report.errors:
            failed = True
            continue
        if report.warnings and strict:
            failed = True
            print(f"{report.file}: refused by --strict: {len(report.warnings)} warning(s)", file=out)
            continue
        print(_summary(report), file=out)
    return 1 if failed else 0


def _summary(report: Report) -> str:
    sc = report.scenario
    assert sc is not None
    warned = f", {len(report.warnings)} warning{'s' if len(report.warnings) != 1 else ''}" if report.warnings else ""
    return (f"{report.file}: valid ({len(sc.agencies)} agencies, {len(sc.stressors)} stressors, "
            f"{len(sc.cards)} cards, {len(sc.events)} events, {sc.rounds} rounds{warned})")


def scenario_path(name: str, folder: Path = SCENARIOS_DIR) -> Path:
    """Where `new NAME` writes: NAME.yaml in the scenarios folder (NAME may also be a path ending in .yaml)."""
    if name.endswith((".yaml", ".yml")):
        return Path(name)
    return folder / f"{name}.yaml"


def new_scenario(name: str, folder: Path = SCENARIOS_DIR, force: bool = False) -> Path:
    """Write a commented, bilingual starter scenario called `name`; return its path.

    Raises FileExistsError (unless `force`) and ValueError for a name that cannot be an id.
    """
    path = scenario_path(name, folder)
    scenario_id = path.stem
    if not re.fullmatch(r"[a-z][a-z0-9-]*", scenario_id):
        raise ValueError(f"{scenario_id!r} cannot be a scenario name: use lower-case letters, digits and '-', like mijn-casus")
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; choose another name or remove it first")
    text = TEMPLATE.read_text(encoding="utf-8")
    schema = _schema_reference(path)
    text = text.replace("$SCHEMA", schema).replace("$ID", scenario_id).replace("$TITLE", scenario_id.replace("-", " ").capitalize())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _schema_reference(path: Path) -> str:
    """The schema's path relative to the new file, so editors find it wherever the file lands."""
    schema = resources.schema().resolve()
    target = path.resolve().parent
    try:
        return Path(os.path.relpath(schema, target)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_posix()
