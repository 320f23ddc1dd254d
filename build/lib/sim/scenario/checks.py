"""Stage 3 of loading a scenario: checks beyond types (references, ranges, ids, asset paths)."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from sim.core import model
from sim.core.model import Scenario
from sim.scenario import format as fmt
from sim.scenario.problems import (
    ASSETS_DIR,
    PathT,
)
from sim.scenario.structure import (
    _CONVERTER,
    _suggest,
)

# ---------------------------------------------------------------------------
# Stage 3: checks beyond types, on the whole scenario or on the parts that
# structured (so a type error in one card does not hide a dangling reference in
# another).
# ---------------------------------------------------------------------------

_SECTIONS = ("stressors", "agencies", "cards", "events", "learning_objectives", "reflection_questions")


@attrs.define
class _Parts:
    """The structured parts of a scenario; a None item or section failed stage 2 (already reported)."""

    values: dict[str, Any]  # top-level key -> structured value, or None
    items: dict[str, list[Any]]  # list section -> items, None where an item failed
    ids: dict[str, list[str] | None]  # section -> every id given in the file (None: section unreadable)
    flags: list[str] | None
    costs: list[str] | None

    def get(self, key: str) -> Any:
        return self.values.get(key)


def _parts_of(sc: Scenario) -> _Parts:
    values = {f.name: getattr(sc, f.name) for f in attrs.fields(Scenario) if f.init}
    items = {s: list(getattr(sc, s)) for s in _SECTIONS}
    ids: dict[str, list[str] | None] = {s: [x.id for x in getattr(sc, s)] for s in _SECTIONS[:5]}
    return _Parts(values, items, ids, list(sc.flags), list(sc.scoring.crisis_costs))


def _partial_parts(data: dict) -> _Parts:
    """Structure each top-level value and each section item on its own; failures become None."""
    values: dict[str, Any] = {}
    items: dict[str, list[Any]] = {}
    ids: dict[str, list[str] | None] = {}
    hints = typing.get_type_hints(Scenario)
    for f in attrs.fields(Scenario):
        if not f.init:
            continue
        raw = data.get(f.name, attrs.NOTHING)
        if raw is attrs.NOTHING:
            default: Any = f.default
            if isinstance(default, fmt.FACTORY):
                default = default.factory()
            values[f.name] = None if default is attrs.NOTHING else default
        else:
            values[f.name] = _try(raw, hints[f.name])
        if f.name in _SECTIONS:
            item_type = typing.get_args(hints[f.name])[0]
            if raw is attrs.NOTHING:
                items[f.name] = []
            elif isinstance(raw, list):
                items[f.name] = [_try(x, item_type) for x in raw]
            else:
                items[f.name] = []
            if f.name != "reflection_questions":
                # A section that is missing or unreadable: its ids are unknown (None), so
                # references to it are not reported on top of the section's own problem.
                if isinstance(raw, list):
                    ids[f.name] = [x["id"] for x in raw if isinstance(x, dict) and isinstance(x.get("id"), str)]
                else:
                    ids[f.name] = [] if raw is attrs.NOTHING and f.default is not attrs.NOTHING else None
    raw_flags = data.get("flags", {})
    flags = [k for k in raw_flags if isinstance(k, str)] if isinstance(raw_flags, dict) else None
    raw_scoring = data.get("scoring", {})
    costs: list[str] | None = []
    if isinstance(raw_scoring, dict):
        raw_costs = raw_scoring.get("crisis_costs", {})
        costs = [k for k in raw_costs if isinstance(k, str)] if isinstance(raw_costs, dict) else None
    else:
        costs = None
    return _Parts(values, items, ids, flags, costs)


def _try(raw: Any, t: Any) -> Any:
    try:
        return _CONVERTER.structure(raw, t)
    except Exception:  # already reported by the whole-file pass
        return None


_FIELDS: dict[type, tuple[str, ...]] = {}
_RULES: dict[type, list[tuple[str, tuple[float, float] | None, bool, str, bool, bool]]] = {}


def _init_fields(cl: type) -> tuple[str, ...]:
    names = _FIELDS.get(cl)
    if names is None:
        names = _FIELDS[cl] = tuple(f.name for f in attrs.fields(cl) if f.init)
    return names


def _rules(cl: type) -> list[tuple[str, tuple[float, float] | None, bool, str, bool, bool]]:
    """(field, range, capped by rounds, word, is an id, is an asset) for the fields of `cl` that have a rule."""
    rules = _RULES.get(cl)
    if rules is None:
        rules = []
        for name in _init_fields(cl):
            key = (cl, name)
            if key in fmt.RANGES or key in fmt.ID_FIELDS or key in fmt.ASSET_FIELDS:
                rules.append((name, fmt.RANGES.get(key), key in fmt.ROUND_CAPPED, fmt.WORDS.get(key, name),
                              key in fmt.ID_FIELDS, key in fmt.ASSET_FIELDS))
        _RULES[cl] = rules
    return rules


def _objects(obj: Any, path: PathT) -> Iterator[tuple[PathT, Any]]:
    """Every attrs instance in a structured value, with its path."""
    if isinstance(obj, tuple):
        for i, x in enumerate(obj):
            yield from _objects(x, path + (i,))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _objects(v, path + (k,))
    elif attrs.has(type(obj)):
        yield path, obj
        for name in _init_fields(type(obj)):
            value = getattr(obj, name)
            if isinstance(value, (tuple, dict)) or attrs.has(type(value)):
                yield from _objects(value, path + (name,))


_ID_RE = re.compile(fmt.ID_PATTERN)


def _generic(path: PathT, obj: Any, file: str, rounds: int | None) -> Iterator[tuple[PathT, str]]:
    """Ranges, id shapes and asset paths from `sim.scenario.format`, for one attrs instance."""
    for name, limits, capped, word, is_id, is_asset in _rules(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        p = path + (name,)
        if limits is not None:
            lo, hi = limits
            if capped and rounds is not None and 1 <= rounds <= hi:
                hi = rounds
            entries = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, tuple) else [(None, value)]
            for k, v in entries:
                if v is not None and not (lo <= v <= hi):
                    yield (p if k is None else p + (k,)), f"{word} must lie between {lo:g} and {hi:g}, got {v:g}"
        if is_id:
            names = value if isinstance(value, (tuple, dict)) else [value]
            for j, ident in enumerate(names):
                if not _ID_RE.fullmatch(ident):
                    where = p + (ident,) if isinstance(value, dict) else p + (j,) if isinstance(value, tuple) else p
                    yield where, f"{ident!r} cannot be an id: start with a letter and use only letters, digits, '_' and '-' (no spaces)"
        if is_asset:
            why = _asset_problem(value, file, icon=name == "icon")
            if why:
                yield p, why


def _asset_problem(value: str, file: str, icon: bool = False) -> str | None:
    """Why an asset path is refused, or None. Assets stay inside the scenario's folder or assets/."""
    if icon:
        if not re.fullmatch(fmt.ID_PATTERN, value):
            return f"an icon is a name from assets/icons (like euro, shield, heart, house, people), not {value!r}"
        return None
    outside = f"the file {value!r} must lie inside the scenario's folder or the game's assets/ folder"
    if not value or "\\" in value or ":" in value or "\x00" in value or value.startswith(("/", "~")):
        return f"{outside}; write a relative path with '/', like portraits/jan.png"
    try:
        base = Path(file).resolve().parent
        target = (base / value).resolve()
        assets = ASSETS_DIR.resolve()
    except (OSError, ValueError, RuntimeError):
        return outside
    if target.is_relative_to(base) or target.is_relative_to(assets):
        return None
    return outside


def _check(parts: _Parts, file: str, line_of: Callable[[PathT], int] | None = None) -> Iterator[tuple[PathT, str]]:
    agencies = parts.ids.get("agencies")
    stressors = parts.ids.get("stressors")
    cards = parts.ids.get("cards")
    flags = parts.flags
    costs = parts.costs
    rounds = parts.get("rounds")
    if rounds is not None and not (1 <= rounds <= fmt.MAX_ROUNDS):
        rounds = None  # already reported; checks against it would only repeat that
    card_items = {c.id: c for c in parts.items["cards"] if c is not None}

    def ref(path: PathT, value: str | None, valid: list[str] | None, what: str) -> Iterator[tuple[PathT, str]]:
        if value is None or valid is None or value in valid:
            return
        if what == "flag":
            hint = _suggest(value, valid)
            yield path, f"flag {value!r} is not declared under `flags:` (each flag needs a name in nl and en){hint}"
            return
        hint = _suggest(value, valid) or ("; known: " + ", ".join(valid) if valid else f"; there are no {what}s yet")
        yield path, f"no {what} with id {value!r}{hint}"

    def dupes(section: str) -> Iterator[tuple[PathT, str]]:
        seen: dict[str, int] = {}
        for i, x in enumerate(parts.items[section]):
            if x is None:
                continue
            if x.id in seen:
                first = (section, seen[x.id], "id")
                where = f"line {line_of(first)}" if line_of is not None else f"item {seen[x.id] + 1} of {section}"
                yield (section, i, "id"), f"duplicate id {x.id!r} (also used at {where}); give each a different id"
            seen.setdefault(x.id, i)

    def conditions(path: PathT, conds: tuple, owner: str | None, in_event: bool) -> Iterator[tuple[PathT, str]]:
        for j, c in enumerate(conds):
            p = path + (j,)
            if hasattr(c, "stressor"):
                yield from ref(p + ("stressor",), c.stressor, stressors, "stressor")
            if hasattr(c, "agency"):
                yield from ref(p + ("agency",), c.agency, agencies, "agency")
                if in_event and c.agency is None and owner is None and isinstance(c, model.TrustCond):
                    yield p, "say whose trust this is (`agency:`): an event without a `responder:` has no acting agency"
            if isinstance(c, model.RuleActiveCond):
                yield from ref(p + ("card",), c.card, cards, "card")
                target = card_items.get(c.card)
                if target is not None and target.type is not model.CardType.RULE:
                    yield p + ("card",), f"{c.card!r} is not a rule card (type: rule), so it is never in force"
            if isinstance(c, model.FlagCond):
                yield from ref(p + ("flag",), c.flag, flags, "flag")
            lo, hi = getattr(c, "min", None), getattr(c, "max", None)
            if isinstance(c, (model.StressorCond, model.TrustCond, model.StressCond, model.RoundCond, model.LegCond)):
                if lo is None and hi is None:
                    yield p, "give `min:`, `max:` or both"
                elif lo is not None and hi is not None and lo > hi:
                    yield p + ("min",), f"min ({lo:g}) is larger than max ({hi:g})"

    def effects(path: PathT, effs: tuple, owner: str | None, in_event: bool) -> Iterator[tuple[PathT, str]]:
        for j, e in enumerate(effs):
            p = path + (j,)
            if hasattr(e, "stressor"):
                yield from ref(p + ("stressor",), e.stressor, stressors, "stressor")
            if hasattr(e, "agency"):
                yield from ref(p + ("agency",), e.agency, agencies, "agency")
                if in_event and e.agency is None and owner is None:
                    yield p, "say which agency (`agency:`): an event without a `responder:` has no acting agency"
            if isinstance(e, model.FlagEffect):
                yield from ref(p + ("flag",), e.flag, flags, "flag")
            if isinstance(e, model.CrisisEffect):
                yield from ref(p + ("cost",), e.cost, costs, "crisis cost (scoring.crisis_costs)")

    for section in _SECTIONS[:5]:
        yield from dupes(section)
    if parts.get("agencies") is not None and not parts.get("agencies"):
        yield ("agencies",), "a scenario needs at least one agency"
    for key, value in parts.values.items():
        if key in _SECTIONS:
            continue
        if attrs.has(type(value)):
            for p, obj in _objects(value, (key,)):
                yield from _generic(p, obj, file, rounds)
    scenario_fields = {k: v for k, v in parts.values.items() if k not in _SECTIONS and not attrs.has(type(v))}
    yield from _generic_fields(model.Scenario, scenario_fields, file)
    for section in _SECTIONS:
        for i, item in enumerate(parts.items[section]):
            if item is not None:
                for p, obj in _objects(item, (section, i)):
                    yield from _generic(p, obj, file, rounds)

    person = parts.get("person")
    if person is not None:
        for j, flag in enumerate(person.flags):
            yield from ref(("person", "flags", j), flag, flags, "flag")
        for agency_id in person.trust:
            yield from ref(("person", "trust", agency_id), agency_id, agencies, "agency")
    for i, s in enumerate(parts.items["stressors"]):
        if s is not None:
            for j, a in enumerate(s.known_by):
                yield from ref(("stressors", i, "known_by", j), a, agencies, "agency")
    for i, a in enumerate(parts.items["agencies"]):
        if a is not None and not re.fullmatch(fmt.COLOUR_PATTERN, a.colour):
            yield ("agencies", i, "colour"), f"expected a colour like '#0072B2' (in quotes), got {a.colour!r}"
    for i, c in enumerate(parts.items["cards"]):
        if c is None:
            continue
        base = ("cards", i)
        yield from ref(base + ("agency",), c.agency, agencies, "agency")
        for j, partner in enumerate(c.partners):
            yield from ref(base + ("partners", j), partner, agencies, "agency")
            if partner == c.agency:
                yield base + ("partners", j), "a card's own agency cannot also be its partner"
        if c.type is model.CardType.JOINT and not c.partners:
            yield base + ("type",), "a joint card needs `partners:` (the agencies that must agree)"
        if c.type is model.CardType.RULE and not c.modifiers and not c.effects:
            yield base + ("type",), "a rule card needs `modifiers:` (what it changes)"
        if c.modifiers and c.type is not model.CardType.RULE:
            yield base + ("modifiers",), "only rule cards (type: rule) have modifiers"
        if c.duration is not None and c.type is not model.CardType.RULE:
            yield base + ("duration",), "only rule cards (type: rule) have a duration"
        yield from conditions(base + ("conditions",), c.conditions, c.agency, False)
        yield from effects(base + ("effects",), c.effects, c.agency, False)
        for j, m in enumerate(c.modifiers):
            mp = base + ("modifiers", j)
            if hasattr(m, "agency"):
                yield from ref(mp + ("agency",), m.agency, agencies, "agency")
            sel = getattr(m, "cards", None)
            if sel is not None:
                yield from ref(mp + ("cards", "card"), sel.card, cards, "card")
                yield from ref(mp + ("cards", "agency"), sel.agency, agencies, "agency")
    for i, e in enumerate(parts.items["events"]):
        if e is None:
            continue
        base = ("events", i)
        yield from ref(base + ("responder",), e.responder, agencies, "agency")
        yield from conditions(base + ("trigger",), e.trigger, e.responder, True)
        yield from conditions(base + ("conditions",), e.conditions, e.responder, True)
        yield from effects(base + ("effects",), e.effects, e.responder, True)
    scoring = parts.get("scoring")
    if scoring is not None:
        yield from ref(("scoring", "stress_crisis_cost"), scoring.stress_crisis_cost, costs, "crisis cost (scoring.crisis_costs)")


def _generic_fields(cl: type, values: dict[str, Any], file: str) -> Iterator[tuple[PathT, str]]:
    """`_generic` for the scalar top-level fields of a scenario that may be only partly structured."""
    for name, value in values.items():
        if value is None:
            continue
        limits = fmt.RANGES.get((cl, name))
        if limits is not None and not isinstance(value, (dict, tuple)) and not (limits[0] <= value <= limits[1]):
            yield (name,), f"{name} must lie between {limits[0]:g} and {limits[1]:g}, got {value:g}"
        if (cl, name) in fmt.ID_FIELDS:
            names = list(value) if isinstance(value, dict) else [value]
            for n in names:
                if not re.fullmatch(fmt.ID_PATTERN, n):
                    where = (name, n) if isinstance(value, dict) else (name,)
                    yield where, f"{n!r} cannot be an id: start with a letter and use only letters, digits, '_' and '-' (no spaces)"


