"""Small scenarios built in code for the rule tests, and helpers to walk a game.

`make()` starts from a *neutral* three-agency scenario (sd, wt, pol) whose
Verwerking changes nothing (no stress per severity, no buffer, no erosion, no
recovery) and that has no events, so every change a test sees comes from the
card, event or rule under test. Tests add cards and events and override parts
of the scenario; everything goes through `sim.scenario.loader.parse_scenario`, so the
scenarios are validated exactly like a designer's file.
"""

from __future__ import annotations

import copy
from typing import Any

import attrs
import yaml

from sim.core import engine
from sim.core.model import Scenario
from sim.core.state import GameState, NextPhase, Pass, Phase, PlayCard
from sim.scenario.loader import parse_scenario


def T(nl: str, en: str | None = None) -> dict[str, str]:
    """A bilingual text."""
    return {"nl": nl, "en": en if en is not None else nl}


def _agency(aid: str, nl: str, en: str, label: str) -> dict[str, Any]:
    return {
        "id": aid,
        "name": T(nl, en),
        "label": label,
        "colour": "#0072B2",
        "icon": "euro",
        "mandate_text": T("Taak.", "Task."),
        "kpi": {"name": T("KPI " + label)},
        "capacity": 3,
        "mandate": 2,
    }


BASE: dict[str, Any] = {
    "id": "kit",
    "title": T("Testcasus", "Test case"),
    "summary": T("Een kleine testcasus.", "A small test case."),
    "rounds": 6,
    "flags": {
        "brief": T("brief ontvangen", "letter received"),
        "aangezegd": T("ontruiming aangezegd", "eviction notice"),
    },
    "person": {
        "name": "Piet",
        "age": 50,
        "story": T("Piet.", "Piet."),
        "stress": 50,
        "legs": {"meedoen": 5, "leefomgeving": 5, "continuiteit": 5},
        "trust": {"sd": 3, "wt": 5, "pol": 7},
    },
    "stressors": [
        {"id": "schulden", "name": T("Schulden", "Debts"), "leg": "leefomgeving", "severity": 2},
        {"id": "water", "name": T("Water afgesloten", "Water cut off"), "leg": "leefomgeving", "severity": 1, "hidden": True},
    ],
    "agencies": [
        _agency("sd", "Sociale dienst", "Social services", "SD"),
        _agency("wt", "Wijkteam", "Neighbourhood team", "WT"),
        _agency("pol", "Politie", "Police", "POL"),
    ],
    "cards": [],
    "events": [],
    "scoring": {
        "stress_per_severity": 0,
        "buffer": 0,
        "erosion": 0,
        "recovery": 0,
        "crisis_costs": {"ontruiming": 40000, "opname": 30000},
    },
}


def card(cid: str, agency: str = "sd", type: str = "in_system", **fields: Any) -> dict[str, Any]:
    """A card as it would be written in a scenario file."""
    return {"id": cid, "agency": agency, "type": type, "title": T(f"Kaart {cid}", f"Card {cid}"), "text": T("."), **fields}


def event(eid: str, **fields: Any) -> dict[str, Any]:
    """An event as it would be written in a scenario file."""
    return {"id": eid, "title": T(f"Gebeurtenis {eid}", f"Event {eid}"), "text": T("."), **fields}


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class _PlainDumper(yaml.SafeDumper):
    """Writes shared objects out in full: the loader refuses YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def make(cards: list | None = None, events: list | None = None, **overrides: Any) -> Scenario:
    """The neutral scenario with these cards and events; mappings in `overrides` merge into the base."""
    data = _merge(copy.deepcopy(BASE), overrides)
    if cards is not None:
        data["cards"] = cards
    if events is not None:
        data["events"] = events
    return parse_scenario(yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False), "<kit>")


# ---------------------------------------------------------------------------
# Walking a game.
# ---------------------------------------------------------------------------


def run(sc: Scenario, st: GameState, *actions) -> GameState:
    """Apply actions one after the other."""
    for action in actions:
        st = engine.apply(sc, st, action)
    return st


def to_acties(sc: Scenario, st: GameState) -> GameState:
    """From the event phase or the case conference to the action phase of the same round."""
    while st.phase in (Phase.GEBEURTENIS, Phase.OVERLEG):
        st = engine.apply(sc, st, NextPhase())
    assert st.phase is Phase.ACTIES
    return st


def turn_of(sc: Scenario, st: GameState, agency: str) -> GameState:
    """The action phase of this round with `agency` to play (earlier agencies pass)."""
    st = to_acties(sc, st)
    while st.active_agency != agency:
        assert st.active_agency is not None and st.phase is Phase.ACTIES, "agency already passed this round"
        st = engine.apply(sc, st, Pass(st.active_agency))
    return st


def play(sc: Scenario, st: GameState, card_id: str) -> GameState:
    """Play a card in the action phase of this round, on its agency's turn."""
    agency = sc.card_by_id[card_id].agency
    st = turn_of(sc, st, agency)
    return engine.apply(sc, st, PlayCard(agency, card_id))


def end_round(sc: Scenario, st: GameState) -> GameState:
    """Everyone (still to play) passes: the Verwerking runs and the next round starts (or the game ends)."""
    rnd = st.round
    st = to_acties(sc, st) if st.outcome is None else st
    while st.outcome is None and st.round == rnd:
        st = engine.apply(sc, st, Pass(st.active_agency))
    return st


def rounds_later(sc: Scenario, st: GameState, n: int) -> GameState:
    """`n` whole rounds later (stops early when the game ends)."""
    for _ in range(n):
        if st.outcome is not None:
            break
        st = end_round(sc, st)
    return st


def with_flags(st: GameState, flags: dict[str, int]) -> GameState:
    """The state with exactly these flags set (flag -> round it was set in)."""
    current = st.flags
    if isinstance(current, dict):
        value = type(current)(flags)
    else:
        value = tuple(sorted(flags.items()))
    return attrs.evolve(st, flags=value)


def evolve(st: GameState, **changes: Any) -> GameState:
    """`attrs.evolve`, for setting up a state in a test."""
    return attrs.evolve(st, **changes)


def log_kinds(st: GameState, since: int = 0) -> list[str]:
    """The kinds of the log entries from index `since` on."""
    return [e.kind for e in st.log[since:]]
