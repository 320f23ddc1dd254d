"""The sensitivity report: which numbers in a scenario file decide its lesson (Morris screening).

Every tunable number written in the file (weights, severities, costs, deltas,
amounts, delays, thresholds, capacities, mandate, start figures) gets a range:
the valid range of `sim.scenario.format.RANGES` intersected with a
designer-sized neighbourhood of the value written. SALib's Morris design moves
one number (or one group of numbers) at a time along a few trajectories
through those ranges; each point is a scenario rebuilt from the changed file
and judged by the balance lesson (`balance.lesson`): boundary-crossing play
against by-the-book play, on the same games (common random numbers, so a
difference is the number's, not chance's). mu* says how much a number moves
each of the lesson's two differences; sigma how much that depends on the
other numbers.

SALib is an optional dependency (`pip install 'stabiel[designer]'`); it is
imported only when a report is computed. The tables and the chart are in
`sim.analysis.sensitivity_report`.
"""

from __future__ import annotations

import copy
import math
import typing
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import numpy as np
import yaml

from sim.analysis.balance import BOUNDARY, BY_THE_BOOK
from sim.analysis.batch import Progress, default_workers, game_seeds
from sim.analysis.sensitivity_play import DEPTH_MEASURES, LESSON_MEASURES, measures
from sim.core import model
from sim.core.model import Scenario
from sim.i18n import t as _text
from sim.scenario import format as fmt
from sim.scenario.loader import ScenarioError, parse_scenario
from sim.scenario.problems import PathT
from sim.scenario.yamltree import _read

MEASURES = LESSON_MEASURES  # the keys of balance.lesson's two differences; with `depth` also DEPTH_MEASURES
NUM_LEVELS = 4
POLICIES = (BOUNDARY, BY_THE_BOOK)

# Numbers that are not knobs of the lesson: the length of the game, the file's version, ages, the
# scheduled rounds of an event (a moment, like an id).
NOT_TUNABLE: frozenset[tuple[type, str]] = frozenset({
    (model.Scenario, "rounds"), (model.Scenario, "version"), (model.Person, "age"), (model.Event, "rounds"),
})
# Fields measured in rounds from now: their neighbourhood is 0 .. value + 2.
_DELAY_LIKE: frozenset[tuple[type, str]] = frozenset(
    {(cl, "delay") for cl in model.EFFECT_KINDS.values()} | {(model.FlagCond, "rounds")}
)


class SensitivityUnavailable(RuntimeError):
    """SALib is not installed; the message (in the reader's language, `sim.i18n`) says how to install it."""


class SensitivityProblem(ValueError):
    """The screening cannot run as asked: a message key of the catalogs and its parameters."""

    def __init__(self, key: str, **params: Any):
        super().__init__(_text(key, "en", **params))
        self.key, self.params = key, params

    def text(self, lang: str = "en") -> str:
        """The message in `lang`."""
        return _text(self.key, lang, **self.params)


@attrs.frozen
class Number:
    """One tunable number of the file: where it is, what it is, and the range it is varied in."""

    path: PathT  # the path in the YAML tree: ('cards', 3, 'effects', 0, 'delta')
    name: str  # the same path with ids for list items: cards.sd_door.effects.0.delta
    value: float
    line: int
    low: float
    high: float
    integer: bool
    group: str  # the card, event, stressor, agency or section it belongs to: cards.sd_door


def _numeric_type(cl: type, field: str) -> type | None:
    """int or float when the model's field holds numbers (or a mapping/tuple of them), else None."""
    hint = typing.get_type_hints(cl).get(field)
    for t in [hint, *typing.get_args(hint)]:
        for u in [t, *typing.get_args(t)]:
            if u is int or u is float:
                return u
    return None


def _leaves(obj: Any, path: PathT) -> Iterator[tuple[PathT, type, str, type]]:
    """(path, class, field, int or float) for every number the structured scenario holds."""
    if isinstance(obj, tuple):
        for i, x in enumerate(obj):
            yield from _leaves(x, path + (i,))
        return
    if not attrs.has(type(obj)):
        return
    cl = type(obj)
    for f in attrs.fields(cl):
        value = getattr(obj, f.name)
        p = path + (f.name,)
        kind = _numeric_type(cl, f.name)
        if kind is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
            yield p, cl, f.name, kind
        elif kind is not None and isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    yield p + (k,), cl, f.name, kind
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from _leaves(v, p + (k,))
        elif isinstance(value, tuple) or attrs.has(type(value)):
            yield from _leaves(value, p)


def _get(data: Any, path: PathT) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _name(data: Any, path: PathT) -> str:
    """A path with the id of each list item in place of its index, joined by dots."""
    parts: list[str] = []
    node = data
    for key in path:
        child = node[key]
        if isinstance(node, list) and isinstance(child, dict) and isinstance(child.get("id"), str):
            parts.append(child["id"])
        else:
            parts.append(str(key))
        node = child
    return ".".join(parts)


def neighbourhood(cl: type, field: str, value: float, integer: bool, rounds: int) -> tuple[float, float] | None:
    """The range a number is varied in: its valid range intersected with a designer-sized one; None if fixed."""
    valid = fmt.RANGES.get((cl, field))
    if valid is None:
        return None
    lo, hi = valid
    if (cl, field) in fmt.ROUND_CAPPED:
        hi = min(hi, rounds)
    if (cl, field) in _DELAY_LIKE:
        near = (0.0, value + 2.0)
    elif integer:
        step = max(1, int(abs(value) * 0.5))  # ±1 for small numbers, about ±50% for larger ones
        near = (value - step, value + step)
    else:
        half = abs(value) * 0.5 if value else 1.0
        near = (value - half, value + half)
    low, high = max(lo, near[0]), min(hi, near[1])
    if integer:
        low, high = math.ceil(low), math.floor(high)
    return (float(low), float(high)) if low < high else None


def collect_numbers(text: str, file: str = "<scenario>") -> tuple[list[Number], Scenario]:
    """Every tunable number written in the file, in file order, with its range; raise `ScenarioError` if it does not load."""
    sc = parse_scenario(text, file)
    tree, _ = _read(text, file)
    found: list[Number] = []
    for path, cl, field, kind in _leaves(sc, ()):
        if (cl, field) in NOT_TUNABLE or (cl, field) == (model.Card, "max_plays") and _get(tree.data, path) == 0:
            continue  # max_plays 0 means "no limit", not a number near 0
        raw = _get(tree.data, path)
        if path not in tree.marks or not isinstance(raw, (int, float)) or isinstance(raw, bool):
            continue  # a default, not written in the file
        integer = kind is int
        span = neighbourhood(cl, field, float(raw), integer, sc.rounds)
        if span is None:
            continue
        name = _name(tree.data, path)
        group = ".".join(name.split(".")[:2])
        found.append(Number(path, name, float(raw), tree.marks[path][0], span[0], span[1], integer, group))
    found.sort(key=lambda n: (n.line, tree.marks[n.path][1]))
    return found, sc


def with_values(data: Any, numbers: Sequence[Number], values: Sequence[float]) -> Any:
    """A copy of the YAML tree with each number set to its value (integers rounded)."""
    out = copy.deepcopy(data)
    for n, v in zip(numbers, values, strict=True):
        node = out
        for key in n.path[:-1]:
            node = node[key]
        node[n.path[-1]] = int(round(v)) if n.integer else round(float(v), 6)
    return out


def rebuild(data: Any, file: str) -> Scenario | None:
    """The scenario of a changed tree, or None when it does not validate."""
    try:
        return parse_scenario(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), file)
    except ScenarioError:
        return None


# ---------------------------------------------------------------------------
# The Morris screening.
# ---------------------------------------------------------------------------


def _salib() -> tuple[Any, Any]:
    try:
        from SALib.analyze import morris as analyze
        from SALib.sample import morris as sample
    except ImportError:
        raise SensitivityUnavailable("sens.no_salib") from None
    return sample, analyze


def _select(numbers: list[Number], only: Sequence[str]) -> list[Number]:
    return [n for n in numbers if not only or any(n.name.startswith(p) for p in only)]


def _finite(x: Any) -> float | None:
    x = float(x)
    return round(x, 5) + 0.0 if math.isfinite(x) else None


def run_sensitivity(
    text: str,
    file: str = "<scenario>",
    games: int = 100,
    trajectories: int = 4,
    seed: int = 0,
    groups: bool = False,
    only: Sequence[str] = (),
    workers: int | None = None,
    progress: Progress | None = None,
    depth: bool = False,
) -> dict[str, Any]:
    """Screen every tunable number of a scenario file with Morris on the lesson's two differences; JSON-ready.

    With `depth` also on the depth measures that one batch per sample can give (`DEPTH_MEASURES`: the
    expert's stabiel rate, expert minus naive, recovery, information and rule card value); that plays
    five more policies per sample, the expert (the slowest policy) among them.
    """
    sample_mod, analyze_mod = _salib()
    numbers, sc = collect_numbers(text, file)
    numbers = _select(numbers, only)
    if not numbers:
        raise SensitivityProblem("sens.no_numbers_under" if only else "sens.no_numbers", only=", ".join(only))
    tree, _ = _read(text, file)
    names = [n.name for n in numbers]
    unit_names = sorted({n.group for n in numbers}, key=[n.group for n in numbers].index) if groups else names
    problem: dict[str, Any] = {"num_vars": len(numbers), "names": names, "bounds": [[n.low, n.high] for n in numbers]}
    if groups:
        problem["groups"] = [n.group for n in numbers]
    X = sample_mod.sample(problem, trajectories, num_levels=NUM_LEVELS, seed=seed)
    size = len(unit_names) + 1  # points per trajectory
    built: dict[int, Scenario] = {}
    by_values: dict[tuple[float, ...], int] = {}  # samples that round to the same file are played once
    same_as: dict[int, int] = {}
    bad_trajectories: set[int] = set()
    invalid = 0
    for i, row in enumerate(X):
        key = tuple(int(round(v)) if n.integer else round(float(v), 6) for n, v in zip(numbers, row))
        if key in by_values:
            same_as[i] = by_values[key]
            continue
        rebuilt = rebuild(with_values(tree.data, numbers, row), file)
        if rebuilt is None:
            invalid += 1
            bad_trajectories.add(i // size)
            continue
        by_values[key] = i
        built[i] = rebuilt
    keep = [t for t in range(trajectories) if t not in bad_trajectories]
    if not keep:
        raise SensitivityProblem("sens.too_few", invalid=invalid, samples=len(X))
    rows = [t * size + k for t in keep for k in range(size)]
    needed = {same_as.get(i, i) for i in rows}
    seeds = game_seeds(seed, games)
    workers = default_workers() if workers is None else max(1, workers)
    lessons = measures({i: built[i] for i in sorted(needed)}, seeds, workers, progress, depth)
    base = measures({0: sc}, seeds, workers, None, depth)[0]  # the measures at the values written
    stats: dict[str, Any] = {}
    screened = MEASURES + (DEPTH_MEASURES if depth else ())
    for measure in screened:
        Y = np.array([lessons[same_as.get(i, i)][measure]["difference"] for i in rows], dtype=float)
        si = analyze_mod.analyze(problem, X[rows], Y, num_levels=NUM_LEVELS, seed=seed, num_resamples=200)
        stats[measure] = {name: {k: _finite(si[k][j]) for k in ("mu", "mu_star", "mu_star_conf", "sigma")}
                          for j, name in enumerate(si["names"])}
    return _assemble(sc, file, numbers, unit_names, groups, stats, base, {
        "games": games, "trajectories": trajectories, "trajectories_used": len(keep), "seed": seed,
        "num_levels": NUM_LEVELS, "samples": len(X), "samples_played": len(needed), "invalid_samples": invalid,
        "only": list(only), "policies": list(POLICIES) + (["expert", "naive"] if depth else []), "measures": list(screened), "depth": depth,
    })


def _assemble(sc: Scenario, file: str, numbers: list[Number], units: list[str], groups: bool,
              stats: dict[str, Any], base: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """The report: one row per number (or group), ranked by the larger of its two mu*."""
    rows = []
    for unit in units:
        members = [n for n in numbers if (n.group if groups else n.name) == unit]
        row: dict[str, Any] = {
            "name": members[0].name if len(members) == 1 else unit,  # a group of one is named by its number
            "group": unit if groups else None,
            "lines": sorted({n.line for n in members}),
            "numbers": [{"name": n.name, "path": list(n.path), "line": n.line, "value": _num(n.value, n.integer),
                         "low": _num(n.low, n.integer), "high": _num(n.high, n.integer), "integer": n.integer}
                        for n in members],
        }
        for measure in stats:
            row[measure] = stats[measure][unit]
        row["score"] = max((row[m]["mu_star"] or 0.0) for m in MEASURES)
        if settings["depth"]:
            row["depth_score"] = max((row[m]["mu_star"] or 0.0) for m in DEPTH_MEASURES)
        rows.append(row)
    rows.sort(key=lambda r: (-r["score"], r["lines"][0]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return {"scenario": sc.id, "title": sc.title.en, "titles": {"nl": sc.title.nl, "en": sc.title.en}, "file": file,
            "grouped": groups, **settings,
            "numbers_varied": len(numbers), "lesson_at_file_values": base, "ranking": rows}


def _num(x: float, integer: bool) -> float | int:
    return int(x) if integer else round(x, 6)


__all__ = [
    "MEASURES",
    "Number",
    "SensitivityProblem",
    "SensitivityUnavailable",
    "collect_numbers",
    "neighbourhood",
    "rebuild",
    "run_sensitivity",
    "with_values",
]
