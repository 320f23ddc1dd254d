"""`Reason`: why something cannot be done, as a translatable message."""

from __future__ import annotations

from typing import Any

import attrs

from sim.i18n import t


@attrs.frozen
class Reason:
    """A message key from `sim.i18n` with its parameters.

    A parameter may be a plain value or a reference `(kind, id)` to a scenario
    object (agency, stressor, card, flag, leg) whose name is looked up in the
    scenario, in the reader's language, when the text is made.
    """

    key: str
    params: dict[str, Any] = attrs.Factory(dict)

    def text(self, lang: str = "nl", scenario: Any = None, known: Any = None) -> str:
        """The message in `lang`, with scenario names filled in when `scenario` is given.

        With `known` (the state's known-stressor flags) a stressor nobody knows
        about yet is not named: the shared screen must not give it away.
        """
        return t(self.key, lang, **{k: name_of(v, lang, scenario, known) for k, v in self.params.items()})


def name_of(value: Any, lang: str, scenario: Any = None, known: Any = None) -> str:
    """A readable name for a parameter: scenario references become the object's name (hidden stressors stay unnamed)."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return str(value)
    kind, ident = value
    if ident is None:
        return "-"
    if (kind == "stressor" and known is not None and scenario is not None
            and ident in scenario.stressor_index and not known[scenario.stressor_index[ident]]):
        return t("name.hidden_stressor", lang)
    if kind == "leg":
        return t(f"leg.{ident}", lang)
    if scenario is None:
        return str(ident)
    if kind == "agency" and ident in scenario.agency_index:
        return scenario.agency(ident).name.get(lang)
    if kind == "stressor" and ident in scenario.stressor_index:
        return scenario.stressors[scenario.stressor_index[ident]].name.get(lang)
    if kind == "card" and ident in scenario.card_by_id:
        return scenario.card_by_id[ident].title.get(lang)
    if kind == "event" and ident in scenario.event_by_id:
        return scenario.event_by_id[ident].title.get(lang)
    if kind == "flag" and ident in scenario.flags:
        return scenario.flags[ident].get(lang)
    return str(ident)
