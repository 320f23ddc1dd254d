"""Stage 3 of loading a scenario: checks beyond types (references, ranges, ids, asset paths)."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from sim.core import model
from sim.core.model import Scenario, Text
from sim.scenario import format as fmt
from sim.scenario import limits
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
    for name, bounds, capped, word, is_id, is_asset in _rules(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        p = path + (name,)
        if bounds is not None:
            lo, hi = bounds
            if capped and rounds is not None and 1 <= rounds <= hi:
                hi = rounds
            entries = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, tuple) else [(None, value)]
            for k, v in entries:
                if v is not None and not (lo <= v <= hi):
                    yield (p if k is None else p + (k,)), f"{word} must lie between {_number(lo)} and {_number(hi)}, got {_number(v)}"
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
    yield from _text_limits(path, obj)


def _number(x: float) -> str:
    """A number as a designer wrote it: 1000000000, not 1e+09; 1.5 stays 1.5."""
    if isinstance(x, int) or float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _text_limits(path: PathT, obj: Any) -> Iterator[tuple[PathT, str]]:
    """The shorter length limits of `limits.TEXT_LIMITS` (names, labels, titles), per language."""
    for (cl, name), limit in limits.TEXT_LIMITS.items():
        if type(obj) is not cl:
            continue
        value = getattr(obj, name, None)
        entries = list(value.items()) if isinstance(value, dict) else [(None, value)]
        for key, text in entries:
            where = path + (name,) + ((key,) if key is not None else ())
            for lang, s in ([("nl", text.nl), ("en", text.en)] if isinstance(text, Text) else [(None, text)]):
                if isinstance(s, str) and len(s) > limit:
                    yield where + ((lang,) if lang else ()), f"{len(s)} characters is too long here; at most {limit} fit: shorten it"


def _asset_problem(value: str, file: str, icon: bool = False) -> str | None:
    """Why an asset path is refused, or None. Assets stay inside the scenario's folder or assets/."""
    if icon:
        if value not in fmt.ICONS:
            hint = _suggest(value, fmt.ICONS)
            return f"the game has no icon {value!r}{hint}; write one of {', '.join(fmt.ICONS)}"
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
    """Every stage-3 problem of the parts that structured: (path in the file, message)."""
    return _Checker(parts, file, line_of).run()


class _Checker:
    """The checks beyond types, one method per part of the file; `run` yields them all."""

    def __init__(self, parts: _Parts, file: str, line_of: Callable[[PathT], int] | None) -> None:
        self.parts, self.file, self.line_of = parts, file, line_of
        self.agencies = parts.ids.get("agencies")
        self.stressors = parts.ids.get("stressors")
        self.cards = parts.ids.get("cards")
        self.flags = parts.flags
        self.costs = parts.costs
        rounds = parts.get("rounds")
        # A round count out of range is already reported; checks against it would only repeat that.
        self.rounds = rounds if rounds is not None and 1 <= rounds <= fmt.MAX_ROUNDS else None
        self.card_items = {c.id: c for c in parts.items["cards"] if c is not None}

    def run(self) -> Iterator[tuple[PathT, str]]:
        """All checks, in the order of the file's sections."""
        for section in _SECTIONS[:5]:
            yield from self.dupes(section)
        if self.parts.get("agencies") is not None and not self.parts.get("agencies"):
            yield ("agencies",), "a scenario needs at least one agency"
        for section, most in limits.COUNT_LIMITS.items():
            items = self.parts.items.get(section) or []
            if len(items) > most:
                yield (section, most), f"at most {most} {section.replace('_', ' ')} fit in a game; this is number {most + 1}"
        if self.flags is not None and len(self.flags) > limits.MAX_FLAGS:
            yield ("flags",), f"{len(self.flags)} flags; a scenario may declare at most {limits.MAX_FLAGS}"
        yield from self.generic()
        yield from self.person()
        yield from self.stressors_and_agencies()
        for i, c in enumerate(self.parts.items["cards"]):
            if c is not None:
                yield from self.card(("cards", i), c)
        for i, e in enumerate(self.parts.items["events"]):
            if e is not None:
                yield from self.event(("events", i), e)
        yield from self.sharing()
        scoring = self.parts.get("scoring")
        if scoring is not None:
            yield from self.ref(("scoring", "stress_crisis_cost"), scoring.stress_crisis_cost, self.costs, "crisis cost (scoring.crisis_costs)")
            for key in scoring.crisis_names:
                yield from self.ref(("scoring", "crisis_names", key), key, self.costs, "crisis cost (scoring.crisis_costs)")

    def sharing(self) -> Iterator[tuple[PathT, str]]:
        """The `sharing:` block: its agencies exist, its effects name things that exist."""
        sharing = self.parts.get("sharing")
        if not isinstance(sharing, model.Sharing):
            return
        yield from self.effects(("sharing", "effects"), sharing.effects, "", False)
        for agency_id, terms in sharing.agencies.items():
            yield from self.ref(("sharing", "agencies", agency_id), agency_id, self.agencies, "agency")
            yield from self.effects(("sharing", "agencies", agency_id, "effects"), terms.effects, agency_id, False)

    def ref(self, path: PathT, value: str | None, valid: list[str] | None, what: str) -> Iterator[tuple[PathT, str]]:
        """A reference to something that must exist."""
        if value is None or valid is None or value in valid:
            return
        if what == "flag":
            hint = _suggest(value, valid)
            yield path, f"flag {value!r} is not declared under `flags:` (each flag needs a name in nl and en){hint}"
            return
        hint = _suggest(value, valid) or ("; known: " + ", ".join(valid) if valid else f"; there are no {what}s yet")
        yield path, f"no {what} with id {value!r}{hint}"

    def dupes(self, section: str) -> Iterator[tuple[PathT, str]]:
        """Two items of a section with the same id (named with the line of the first)."""
        seen: dict[str, int] = {}
        for i, x in enumerate(self.parts.items[section]):
            if x is None:
                continue
            if x.id in seen:
                first = (section, seen[x.id], "id")
                where = f"line {self.line_of(first)}" if self.line_of is not None else f"item {seen[x.id] + 1} of {section}"
                yield (section, i, "id"), f"duplicate id {x.id!r} (also used at {where}); give each a different id"
            seen.setdefault(x.id, i)

    def generic(self) -> Iterator[tuple[PathT, str]]:
        """The format table's rules (ranges, id shapes, asset paths) on every object of the file."""
        parts = self.parts
        for key, value in parts.values.items():
            if key not in _SECTIONS and attrs.has(type(value)):
                for p, obj in _objects(value, (key,)):
                    yield from _generic(p, obj, self.file, self.rounds)
        scenario_fields = {k: v for k, v in parts.values.items() if k not in _SECTIONS and not attrs.has(type(v))}
        yield from _generic_fields(model.Scenario, scenario_fields, self.file)
        for section in _SECTIONS:
            for i, item in enumerate(parts.items[section]):
                if item is not None:
                    for p, obj in _objects(item, (section, i)):
                        yield from _generic(p, obj, self.file, self.rounds)

    def person(self) -> Iterator[tuple[PathT, str]]:
        """The person's flags and trust name things that exist."""
        person = self.parts.get("person")
        if person is None:
            return
        for j, flag in enumerate(person.flags):
            yield from self.ref(("person", "flags", j), flag, self.flags, "flag")
        for agency_id in person.trust:
            yield from self.ref(("person", "trust", agency_id), agency_id, self.agencies, "agency")

    def stressors_and_agencies(self) -> Iterator[tuple[PathT, str]]:
        """Dossiers name agencies; colours have the right shape."""
        for i, s in enumerate(self.parts.items["stressors"]):
            if s is not None:
                for j, a in enumerate(s.known_by):
                    yield from self.ref(("stressors", i, "known_by", j), a, self.agencies, "agency")
                for j, option in enumerate(s.per_seed.known_by if s.per_seed is not None else ()):
                    for k, a in enumerate(option):
                        yield from self.ref(("stressors", i, "per_seed", "known_by", j, k), a, self.agencies, "agency")
        for i, a in enumerate(self.parts.items["agencies"]):
            if a is not None and not re.fullmatch(fmt.COLOUR_PATTERN, a.colour):
                yield ("agencies", i, "colour"), f"expected a colour like '#0072B2' (in quotes), got {a.colour!r}"

    def card(self, base: PathT, c: Any) -> Iterator[tuple[PathT, str]]:
        """One card: its agency and partners, what its type allows, its conditions, effects and modifiers."""
        yield from self.ref(base + ("agency",), c.agency, self.agencies, "agency")
        for j, partner in enumerate(c.partners):
            yield from self.ref(base + ("partners", j), partner, self.agencies, "agency")
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
        yield from self.conditions(base + ("conditions",), c.conditions, c.agency, False)
        yield from self.effects(base + ("effects",), c.effects, c.agency, False)
        for j, m in enumerate(c.modifiers):
            mp = base + ("modifiers", j)
            if hasattr(m, "agency"):
                yield from self.ref(mp + ("agency",), m.agency, self.agencies, "agency")
            sel = getattr(m, "cards", None)
            if sel is not None:
                yield from self.ref(mp + ("cards", "card"), sel.card, self.cards, "card")
                yield from self.ref(mp + ("cards", "agency"), sel.agency, self.agencies, "agency")

    def event(self, base: PathT, e: Any) -> Iterator[tuple[PathT, str]]:
        """One event: its responder, trigger, conditions and effects."""
        yield from self.ref(base + ("responder",), e.responder, self.agencies, "agency")
        yield from self.conditions(base + ("trigger",), e.trigger, e.responder, True)
        yield from self.conditions(base + ("conditions",), e.conditions, e.responder, True)
        yield from self.effects(base + ("effects",), e.effects, e.responder, True)

    def conditions(self, path: PathT, conds: tuple[Any, ...], owner: str | None, in_event: bool) -> Iterator[tuple[PathT, str]]:
        """References and ranges of a list of conditions."""
        for j, c in enumerate(conds):
            p = path + (j,)
            if isinstance(c, model.AnyCond):
                if len(c.conditions) < 2:
                    yield p + ("conditions",), "\"any of\" needs at least two conditions to choose from; with one, write that condition itself"
                yield from self.conditions(p + ("conditions",), c.conditions, owner, in_event)
            if hasattr(c, "stressor"):
                yield from self.ref(p + ("stressor",), c.stressor, self.stressors, "stressor")
            if hasattr(c, "agency"):
                yield from self.ref(p + ("agency",), c.agency, self.agencies, "agency")
                if in_event and c.agency is None and owner is None and isinstance(c, (model.TrustCond, model.KpiCond)):
                    whose = "trust" if isinstance(c, model.TrustCond) else "KPI"
                    yield p, f"say whose {whose} this is (`agency:`): an event without a `responder:` has no acting agency"
            if isinstance(c, model.RuleActiveCond):
                yield from self.ref(p + ("card",), c.card, self.cards, "card")
                target = self.card_items.get(c.card)
                if target is not None and target.type is not model.CardType.RULE:
                    yield p + ("card",), f"{c.card!r} is not a rule card (type: rule), so it is never in force"
            if isinstance(c, model.FlagCond):
                yield from self.ref(p + ("flag",), c.flag, self.flags, "flag")
            lo, hi = getattr(c, "min", None), getattr(c, "max", None)
            if isinstance(c, (model.StressorCond, model.TrustCond, model.KpiCond, model.StressCond, model.RoundCond, model.LegCond)):
                if lo is None and hi is None:
                    yield p, "give `min:`, `max:` or both"
                elif lo is not None and hi is not None and lo > hi:
                    yield p + ("min",), f"min ({_number(lo)}) is larger than max ({_number(hi)})"

    def effects(self, path: PathT, effs: tuple[Any, ...], owner: str | None, in_event: bool) -> Iterator[tuple[PathT, str]]:
        """References of a list of effects."""
        for j, e in enumerate(effs):
            p = path + (j,)
            if isinstance(e, model.IfEffect):
                yield from self.conditional(p, e, owner, in_event)
            if hasattr(e, "stressor"):
                yield from self.ref(p + ("stressor",), e.stressor, self.stressors, "stressor")
            if hasattr(e, "agency"):
                yield from self.ref(p + ("agency",), e.agency, self.agencies, "agency")
                if in_event and e.agency is None and owner is None:
                    yield p, "say which agency (`agency:`): an event without a `responder:` has no acting agency"
            if isinstance(e, model.FlagEffect):
                yield from self.ref(p + ("flag",), e.flag, self.flags, "flag")
            if isinstance(e, model.CrisisEffect):
                yield from self.ref(p + ("cost",), e.cost, self.costs, "crisis cost (scoring.crisis_costs)")


    def conditional(self, p: PathT, e: model.IfEffect, owner: str | None, in_event: bool) -> Iterator[tuple[PathT, str]]:
        """A conditional effect: its conditions and both branches; delays go on the `if` itself."""
        if not e.conditions:
            yield p, "a conditional effect (`kind: if`) needs `conditions:` (when its `effects:` land)"
        if not e.effects and not e.otherwise:
            yield p, "a conditional effect (`kind: if`) needs `effects:`, `otherwise:` or both"
        yield from self.conditions(p + ("conditions",), e.conditions, owner, in_event)
        for branch in ("effects", "otherwise"):
            inner = getattr(e, branch)
            yield from self.effects(p + (branch,), inner, owner, in_event)
            for k, x in enumerate(inner):
                if x.delay:
                    yield p + (branch, k, "delay"), "the effects inside `kind: if` land at once; put the `delay:` on the `if` itself"


def _generic_fields(cl: type, values: dict[str, Any], file: str) -> Iterator[tuple[PathT, str]]:
    """`_generic` for the scalar top-level fields of a scenario that may be only partly structured."""
    for name, value in values.items():
        if value is None:
            continue
        limits = fmt.RANGES.get((cl, name))
        if limits is not None and not isinstance(value, (dict, tuple)) and not (limits[0] <= value <= limits[1]):
            yield (name,), f"{name} must lie between {_number(limits[0])} and {_number(limits[1])}, got {_number(value)}"
        if (cl, name) in fmt.ID_FIELDS:
            names = list(value) if isinstance(value, dict) else [value]
            for n in names:
                if not re.fullmatch(fmt.ID_PATTERN, n):
                    where = (name, n) if isinstance(value, dict) else (name,)
                    yield where, f"{n!r} cannot be an id: start with a letter and use only letters, digits, '_' and '-' (no spaces)"


