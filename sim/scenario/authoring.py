"""Tools for scenario designers behind `run_sim.py validate` and `run_sim.py new`."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sim import resources
from sim.scenario.loader import Report, check_file
from sim.scenario.titles import title_from_id

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


def new_scenario(name: str, folder: Path = SCENARIOS_DIR, force: bool = False, title: str | None = None) -> Path:
    """Write a commented, bilingual starter scenario called `name`; return its path.

    The title is `title`, or made from the name as Dutch writes it (`titles.title_from_id`:
    "mijn-casus" → "Mijn casus", "mevrouw-de-wit" → "Mevrouw de Wit").
    Raises FileExistsError (unless `force`) when the file exists or another
    scenario beside it or among the shipped ones has the same id, and
    ValueError for a name that cannot be an id.
    """
    path = scenario_path(name, folder)
    scenario_id = path.stem
    if not re.fullmatch(r"[a-z][a-z0-9-]*", scenario_id):
        raise ValueError(f"{scenario_id!r} cannot be a scenario name: use lower-case letters, digits and '-', like mijn-casus")
    if not force:
        if path.exists():
            raise FileExistsError(f"{path} already exists; choose another name or remove it first")
        clash = _file_with_id(scenario_id, (path.parent, folder, resources.scenarios()))
        if clash is not None:
            raise FileExistsError(f"{clash} already has the id {scenario_id!r}; choose another name")
    text = TEMPLATE.read_text(encoding="utf-8")
    schema = _schema_reference(path)
    shown = title.strip() if title and title.strip() else title_from_id(scenario_id)
    # A JSON string is a valid YAML double-quoted scalar: quotes and backslashes in a title stay text.
    text = text.replace("$SCHEMA", schema).replace("$ID", scenario_id).replace('"$TITLE"', json.dumps(shown, ensure_ascii=False))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _schema_reference(path: Path) -> str:
    """Where the new file's editor finds the schema, from any folder.

    Inside the game's own folder (where the shipped scenarios are) a relative path,
    which keeps working when the whole folder moves; anywhere else the schema's
    absolute `file:` URI, which keeps working when the file moves or is copied.
    """
    schema = resources.schema().resolve()
    target = path.resolve().parent
    home = schema.parent.parent
    if target.is_relative_to(home):
        return Path(os.path.relpath(schema, target)).as_posix()
    return schema.as_uri()


_ID_LINE = re.compile(r"^id:\s*[\"']?([A-Za-z0-9_-]+)", re.M)


def _file_with_id(scenario_id: str, folders: Sequence[Path]) -> Path | None:
    """A scenario file in one of `folders` whose top-level `id:` is `scenario_id` (read as text, not loaded)."""
    for folder in folders:
        try:
            files = sorted(folder.glob("*.y*ml"))
        except OSError:
            continue
        for file in files:
            try:
                found = _ID_LINE.search(file.read_text(encoding="utf-8", errors="replace")[:20_000])
            except OSError:
                continue
            if found and found.group(1) == scenario_id:
                return file
    return None
