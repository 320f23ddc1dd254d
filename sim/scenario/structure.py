"""Stage 2 of loading a scenario, types: cattrs with strict scalars, tagged unions, friendly messages."""

from __future__ import annotations

import difflib
import enum
import math
import re
import typing
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from sim.core import model
from sim.core.model import Text
from sim.scenario.limits import text_problem
from sim.scenario.problems import (
    PathT,
)
from sim.scenario.yamltree import (
    _BAD,
    _describe,
)

# ---------------------------------------------------------------------------
# Stage 2, types: cattrs with strict scalars, tagged unions, friendly messages.
# ---------------------------------------------------------------------------


class _FieldError(Exception):
    """Problems with one value; each has a `subpath` that may point deeper than the value itself."""

    def __init__(self, message: str, subpath: PathT = (), more: list[tuple[PathT, str]] | None = None):
        super().__init__(message)
        self.items = [(subpath, message)] + (more or [])

    @property
    def message(self) -> str:
        return self.items[0][1]


_SILENT = "<silent>"  # a value already reported in stage 1


def _suggest(word: Any, choices: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def _check_bad(value: Any) -> None:
    if value is _BAD:
        raise _FieldError(_SILENT)


def _structure_str(value: Any, _: type) -> str:
    _check_bad(value)
    if isinstance(value, str):
        problem = text_problem(value)
        if problem is not None:
            raise _FieldError(problem)
        return value
    if isinstance(value, bool):
        word = "yes/true/on" if value else "no/false/off"
        raise _FieldError(f"expected text, got the yes/no value {str(value).lower()}: YAML reads {word} without quotes as yes/no; put the text in quotes")
    if isinstance(value, (int, float)):
        raise _FieldError(f"expected text, got {_describe(value)}; put it in quotes if you mean the text")
    raise _FieldError(f"expected text, got {_describe(value)}")


def _structure_int(value: Any, _: type) -> int:
    _check_bad(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _FieldError(f"expected a whole number, got {_describe(value)}{_number_hint(value)}")


def _structure_float(value: Any, _: type) -> float:
    _check_bad(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise _FieldError(f"expected an ordinary number, got {_describe(value)}")
        return float(value)
    raise _FieldError(f"expected a number, got {_describe(value)}{_number_hint(value)}")


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def _number_hint(value: Any) -> str:
    """What to write instead of a number YAML reads as text (a decimal comma, quotes)."""
    if isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value.strip()):
        return f"; write the number with a decimal point: {value.strip().replace(',', '.')}"
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+(\.\d+)?", value.strip()):
        return f"; write {value.strip()} without quotes"
    return ""


def _structure_bool(value: Any, _: type) -> bool:
    _check_bad(value)
    if isinstance(value, bool):
        return value
    raise _FieldError(f"expected true or false, got {_describe(value)}{_bool_hint(value)}")


_YES_WORDS = {"ja": True, "waar": True, "wel": True, "aan": True, "nee": False, "niet": False, "onwaar": False, "uit": False}


def _bool_hint(value: Any) -> str:
    """What to write instead of a yes/no word that YAML reads as text (Dutch words, quoted true/false)."""
    if not isinstance(value, str):
        return ""
    word = value.strip().lower()
    if word in _YES_WORDS:
        return f"; write {str(_YES_WORDS[word]).lower()} (true or false, in English, without quotes)"
    if word in ("true", "false", "yes", "no", "on", "off"):
        return f"; write {'true' if word in ('true', 'yes', 'on') else 'false'} without quotes"
    return "; write true or false, without quotes"


def _structure_text(value: Any, _: type) -> Text:
    _check_bad(value)
    if isinstance(value, str):
        raise _FieldError(f"expected a text in both languages, like `{{nl: ..., en: ...}}`; got only {_describe(value)}")
    if not isinstance(value, dict):
        raise _FieldError(f"expected a text in both languages (`nl:` and `en:`), got {_describe(value)}")
    items: list[tuple[PathT, str]] = []
    for extra in value:
        if extra not in model.LANGUAGES:
            missing = [lang for lang in model.LANGUAGES if lang not in value]
            hint = _suggest(extra, model.LANGUAGES) or (f"; is this the `{missing[0]}:` text?" if len(missing) == 1 else "")
            items.append(((extra,), f"unknown language {extra!r}; a text has exactly `nl:` and `en:`{hint}"))
    for lang in model.LANGUAGES:
        if lang not in value:
            if not items:  # an unknown key is most likely the missing language misspelt: say that once
                name = "Dutch" if lang == "nl" else "English"
                items.append(((), f"the {name} text (`{lang}:`) is missing"))
        else:
            try:
                _structure_str(value[lang], str)
            except _FieldError as exc:
                items.extend(((lang,) + p, m) for p, m in exc.items)
    if items:
        (first_path, first), *rest = items
        raise _FieldError(first, first_path, rest)
    return Text(nl=value["nl"], en=value["en"])


def _structure_person_name(value: Any, _: type) -> model.PersonName:
    """The person's name: one text for both languages (`name: Sanne`), or `{nl: ..., en: ...}`."""
    _check_bad(value)
    if isinstance(value, dict):
        text = _structure_text(value, Text)
        return model.PersonName(nl=text.nl, en=text.en)
    name = _structure_str(value, str)
    return model.PersonName(nl=name, en=name)


def _structure_question(value: Any, _: type) -> model.ReflectionQuestion:
    """A reflection question: a text in both languages, optionally with `panel:` (the data shown beside it)."""
    if not isinstance(value, dict) or "panel" not in value:
        text = _structure_text(value, Text)
        return model.ReflectionQuestion(nl=text.nl, en=text.en)
    rest = {k: v for k, v in value.items() if k != "panel"}
    try:
        panel = _enum_hook(model.Panel)(value["panel"], model.Panel)
    except _FieldError as exc:
        raise _FieldError(exc.message, ("panel",)) from None
    text = _structure_text(rest, Text)
    return model.ReflectionQuestion(nl=text.nl, en=text.en, panel=panel)


def _enum_hook(cl: type[enum.Enum]):
    choices = [m.value for m in cl]

    def hook(value: Any, _: type) -> enum.Enum:
        _check_bad(value)
        if isinstance(value, str) and value in choices:
            return cl(value)
        raise _FieldError(f"expected one of {', '.join(choices)}; got {_describe(value)}{_suggest(value, choices)}")

    return hook


def _is_tuple(t: Any) -> bool:
    return typing.get_origin(t) is tuple


def _is_dict(t: Any) -> bool:
    return typing.get_origin(t) is dict


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Text, _structure_text)
    conv.register_structure_hook(model.ReflectionQuestion, _structure_question)
    conv.register_structure_hook(model.PersonName, _structure_person_name)
    for cl in (model.Leg, model.CardType, model.VoiceMoment, model.Panel, model.Better):
        conv.register_structure_hook(cl, _enum_hook(cl))

    def tuple_factory(t: Any):
        (item_type, *_rest) = typing.get_args(t)

        def hook(value: Any, _: type) -> tuple:
            _check_bad(value)
            if not isinstance(value, list):
                raise _FieldError(f"expected a list (lines starting with '- ', or [a, b]), got {_describe(value)}")
            errors = []
            out = []
            for i, item in enumerate(value):
                try:
                    out.append(conv.structure(item, item_type))
                except Exception as exc:  # collected and re-raised with the index
                    exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote(f"item {i}", i, item_type)]  # type: ignore[attr-defined]  # Python 3.10 has no __notes__ in its stubs; cattrs reads it
                    errors.append(exc)
            if errors:
                raise IterableValidationError("invalid items", errors, t)
            return tuple(out)

        return hook

    def dict_factory(t: Any):
        key_type, value_type = typing.get_args(t)

        def hook(value: Any, _: type) -> dict:
            _check_bad(value)
            if not isinstance(value, dict):
                raise _FieldError(f"expected a mapping (key: value lines), got {_describe(value)}")
            errors = []
            out = {}
            for k, v in value.items():
                try:
                    out[conv.structure(k, key_type)] = conv.structure(v, value_type)
                except Exception as exc:
                    exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote(f"key {k}", k, value_type)]  # type: ignore[attr-defined]  # Python 3.10 has no __notes__ in its stubs; cattrs reads it
                    errors.append(exc)
            if errors:
                raise IterableValidationError("invalid entries", errors, t)
            return out

        return hook

    def attrs_factory(cl: type):
        inner: Any = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=True)
        what = _CLASS_WORDS.get(cl, cl.__name__)

        def hook(value: Any, _: type) -> Any:
            _check_bad(value)
            if not isinstance(value, dict):
                raise _FieldError(f"expected {what} (a mapping of keys: {', '.join(_field_names(cl))}), got {_describe(value)}")
            return inner(value, cl)

        return hook

    def union_factory(kinds: dict[str, type], what: str):
        def hook(value: Any, _: type) -> Any:
            _check_bad(value)
            if not isinstance(value, dict):
                raise _FieldError(f"expected {what} (a mapping with `kind:`, like `{{kind: {next(iter(kinds))}, ...}}`), got {_describe(value)}")
            kind = value.get("kind")
            if kind is None:
                raise _FieldError(f"{what} needs a `kind:`; one of {', '.join(kinds)}")
            if not isinstance(kind, str) or kind not in kinds:
                raise _FieldError(f"unknown {what} kind {kind!r}; expected one of {', '.join(kinds)}{_suggest(kind, kinds)}", ("kind",))
            rest = {k: v for k, v in value.items() if k != "kind"}
            return conv.structure(rest, kinds[kind])

        return hook

    conv.register_structure_hook_factory(_is_tuple, tuple_factory)
    conv.register_structure_hook_factory(_is_dict, dict_factory)
    conv.register_structure_hook_factory(attrs.has, attrs_factory)
    conv.register_structure_hook(model.Condition, union_factory(model.CONDITION_KINDS, "condition"))
    conv.register_structure_hook(model.Effect, union_factory(model.EFFECT_KINDS, "effect"))
    conv.register_structure_hook(model.Modifier, union_factory(model.MODIFIER_KINDS, "modifier"))
    return conv


_CLASS_WORDS = {
    model.Scenario: "a scenario",
    model.Person: "the person",
    model.Quote: "a line the person says",
    model.Stressor: "a stressor",
    model.Agency: "an agency",
    model.Card: "a card",
    model.Event: "an event",
    model.Kpi: "a KPI",
    model.LearningObjective: "a learning objective",
    model.Legs: "the three legs",
    model.Scoring: "the scoring parameters",
    model.Thresholds: "the thresholds",
    model.Selector: "a card selector",
    model.Sharing: "the terms of sharing from a dossier",
    model.SharingTerms: "one agency's terms of sharing",
    model.PerSeed: "how a stressor's secret varies per game",
}

_CONVERTER = _make_converter()


def _field_names(cl: type) -> list[str]:
    names = [f.name for f in attrs.fields(cl) if f.init]
    if cl in model.CONDITION_KINDS.values() or cl in model.EFFECT_KINDS.values() or cl in model.MODIFIER_KINDS.values():
        names = ["kind", *names]
    return names


def _walk_errors(exc: BaseException, path: PathT) -> Iterator[tuple[PathT, str, bool]]:
    """Yield (path, message, at_key) for each leaf error of a cattrs error tree."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            notes = [n for n in getattr(sub, "__notes__", []) if isinstance(n, (AttributeValidationNote, IterableValidationNote))]
            step: tuple[Any, ...] = ()
            if notes:
                note = notes[-1]
                step = (note.name,) if isinstance(note, AttributeValidationNote) else (note.index,)
            cl = getattr(exc, "cl", None)
            if isinstance(sub, KeyError) and cl is not None:
                yield from _missing(sub, path, step, cl)
            else:
                yield from _walk_errors(sub, path + step)
        return
    if isinstance(exc, _FieldError):
        for where, message in exc.items:
            if message != _SILENT:
                # An unknown language is an unknown key: point at the key, like every other unknown key.
                yield path + where, message, message.startswith("unknown language")
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        names = _field_names(exc.cl)
        for key in sorted(map(str, exc.extra_fields)):
            yield path + (key,), f"unknown key {key!r}; expected one of {', '.join(names)}{_suggest(key, names)}", True
        return
    yield path, f"invalid value: {exc}", False


def _missing(exc: KeyError, path: PathT, step: PathT, cl: type) -> Iterator[tuple[PathT, str, bool]]:
    key = exc.args[0] if exc.args else (step[0] if step else "?")
    yield path, f"missing required key {key!r}", False


