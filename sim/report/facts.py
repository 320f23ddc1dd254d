"""What the report shows, as plain data: the cards played, the events, the key moments, why the game ended.

Nothing here knows HTML or charts; `view` shapes these facts into the page's
rows and `charts` draws them. Every text is in the language asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from itertools import pairwise

import attrs

from sim.core.model import LEGS, CardType, Scenario
from sim.core.state import GameState, LogEntry, Snapshot
from sim.i18n import money, t

_PLAY_KINDS = ("log.card", "log.joint", "log.rule")
_EVENT_KINDS = ("log.event", "log.inject", "log.event_cancelled")
_MOMENT_ORDER = {"stress": 0, "threshold": 1, "stressor": 2, "crisis": 3, "end": 4}


@attrs.frozen
class Moment:
    """A key moment of the game: when, what kind, and in words."""

    round: int
    kind: str  # "stress", "threshold", "stressor", "crisis", "end"
    text: str
    size: float = 0.0  # for ordering stress changes


@attrs.frozen
class Play:
    """A card played, for the timeline."""

    round: int
    agency: str
    card: str
    type: CardType
    boundary: bool
    partners: tuple[str, ...]


# ---------------------------------------------------------------------------
# Formatting.
# ---------------------------------------------------------------------------


def num(x: float, lang: str, digits: int = 1) -> str:
    """A number for people: a decimal comma in Dutch."""
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def signed(x: float, lang: str) -> str:
    """A whole-number change with its sign: +3, -2, 0."""
    return ("+" if x > 0 else "") + num(x, lang, 0)


def date_text(stamp: str, lang: str) -> str:
    """An ISO time stamp as a date and time for people; the stamp itself when it is not one."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return moment.strftime("%d-%m-%Y %H:%M") if lang == "nl" else moment.strftime("%Y-%m-%d %H:%M")


def time_text(stamp: str) -> str:
    """The hour and minute of an ISO time stamp; the stamp itself when it is not one."""
    try:
        return dt.datetime.fromisoformat(stamp).strftime("%H:%M")
    except ValueError:
        return stamp


def crisis_name(key: str, sc: Scenario | None = None, lang: str = "nl") -> str:
    """A crisis cost by its name in the scenario (`crisis_names`), else its key in words (`woning_kwijt` -> `woning kwijt`)."""
    return sc.scoring.crisis_name(key).get(lang) if sc is not None else key.replace("_", " ")


def agency_name(sc: Scenario, agency: str | None, lang: str) -> str:
    """An agency's name; 'Facilitator' for no agency; the id itself for one the scenario lacks."""
    if agency is None or agency not in sc.agency_index:
        return t("report.facilitator", lang) if agency is None else agency
    return sc.agency(agency).name.get(lang)


def team_name(names: Mapping[str, str], sc: Scenario, agency: str, lang: str) -> str:
    """The agency's name with the team's own name beside it when the team gave one."""
    name = names.get(agency, "")
    base = agency_name(sc, agency, lang)
    return f"{base} ({name})" if name and name != base else base


# ---------------------------------------------------------------------------
# What happened.
# ---------------------------------------------------------------------------


def plays(sc: Scenario, state: GameState) -> list[Play]:
    """Every card played, in order."""
    out = []
    for entry in state.log:
        if entry.kind in _PLAY_KINDS and entry.ref in sc.card_by_id:
            card = sc.card_by_id[entry.ref]
            out.append(Play(entry.round, entry.agency or card.agency, card.id, card.type, card.is_boundary, card.partners))
    return out


def events(state: GameState) -> list[LogEntry]:
    """Every event that happened (drawn, scheduled, triggered, brought in, or cancelled by a rule), in order."""
    return [e for e in state.log if e.kind in _EVENT_KINDS and e.ref]


def event_title(sc: Scenario, entry: LogEntry, lang: str) -> str:
    """The title of the event a log entry names (its id when the scenario lacks it)."""
    event = sc.event_by_id.get(entry.ref or "")
    return event.title.get(lang) if event is not None else entry.ref or ""


def adjustments(state: GameState) -> list[LogEntry]:
    """The facilitator's adjustments of figures."""
    return [e for e in state.log if e.kind == "log.adjust"]


def end_reason(state: GameState, lang: str, sc: Scenario) -> str:
    """Why the game ended, in words (stabilised: for the scenario's own number of weeks running, never a fixed two)."""
    reason = state.end_reason
    if reason is None:
        return t("report.end.running", lang)
    if reason == "stabilised":
        return t("report.end.stabilised_n", lang, n=sc.scoring.thresholds.stable_rounds)
    if reason in ("rounds", "stress"):
        return t(f"report.end.{reason}", lang)
    return t("report.end.crisis", lang, cost=crisis_name(reason, sc, lang))


def outcome_text(state: GameState, lang: str) -> str:
    """The outcome in one word, or 'Still running'."""
    return t(f"outcome.{state.outcome.value}", lang) if state.outcome else t("report.running", lang)


def key_moments(sc: Scenario, state: GameState, lang: str, largest: int = 3) -> list[Moment]:
    """The largest stress changes between rounds, thresholds crossed, stressors resolved or found, crisis costs."""
    snaps = list(state.history)
    moments = _stress_moments(sc, state, snaps, lang, largest)
    for a, b in pairwise(snaps):
        moments += _threshold_moments(sc, a, b, lang)
        moments += _stressor_moments(sc, a, b, lang)
        if b.crisis_cost > a.crisis_cost:
            amount = money(b.crisis_cost - a.crisis_cost, lang)
            moments.append(Moment(b.round, "crisis", t("report.moment.crisis_cost", lang, round=b.round, amount=amount)))
    if state.outcome is not None:
        text = t("report.moment.end", lang, round=state.round, outcome=t(f"outcome.{state.outcome.value}", lang),
                 reason=end_reason(state, lang, sc))
        moments.append(Moment(state.round, "end", text))
    return sorted(moments, key=lambda m: (m.round, _MOMENT_ORDER[m.kind], -m.size))


def _what_happened(sc: Scenario, state: GameState, lang: str) -> dict[int, list[str]]:
    """Per round: the events that happened, then the cards played (their titles)."""
    happened: dict[int, list[str]] = {}
    for e in events(state):
        if e.kind != "log.event_cancelled":
            happened.setdefault(e.round, []).append(event_title(sc, e, lang))
    played: dict[int, list[str]] = {}
    for p in plays(sc, state):
        played.setdefault(p.round, []).append(sc.card_by_id[p.card].title.get(lang))
    return {r: happened.get(r, []) + played.get(r, []) for r in set(happened) | set(played)}


def _stress_moments(sc: Scenario, state: GameState, snaps: list[Snapshot], lang: str, largest: int) -> list[Moment]:
    """The `largest` changes of stress between two rounds, with what happened in that round."""
    what_in = _what_happened(sc, state, lang)
    changes = [(abs(b.stress - a.stress), a, b) for a, b in pairwise(snaps) if abs(b.stress - a.stress) >= 0.5]
    out = []
    for size, a, b in sorted(changes, key=lambda c: (-c[0], c[2].round))[:largest]:
        key = "report.moment.stress_up" if b.stress > a.stress else "report.moment.stress_down"
        text = t(key, lang, round=b.round, before=num(a.stress, lang, 0), after=num(b.stress, lang, 0))
        what = what_in.get(b.round, [])
        if what:
            shown = "; ".join(what[:6]) + ("; …" if len(what) > 6 else "")
            text += " " + t("report.moment.during", lang, what=shown)
        out.append(Moment(b.round, "stress", text, size))
    return out


def _threshold_moments(sc: Scenario, a: Snapshot, b: Snapshot, lang: str) -> list[Moment]:
    """The thresholds of stress and of the legs crossed between two rounds."""
    th = sc.scoring.thresholds
    r = b.round
    out = []

    def add(key: str, level: float, **params: str) -> None:
        out.append(Moment(r, "threshold", t(key, lang, round=r, level=num(level, lang, 0), **params)))

    if a.stress < th.crisis <= b.stress:
        add("report.moment.crisis_level", th.crisis)
    if a.stress > th.stable_stress >= b.stress:
        add("report.moment.calm", th.stable_stress)
    if a.stress <= th.stable_stress < b.stress:
        add("report.moment.unrest", th.stable_stress)
    for leg, x, y in zip(LEGS, a.legs, b.legs):
        name = t(f"leg.{leg.value}", lang)
        if x >= th.stable_leg > y:
            add("report.moment.leg_down", th.stable_leg, leg=name)
        if x < th.stable_leg <= y:
            add("report.moment.leg_up", th.stable_leg, leg=name)
    return out


def _stressor_moments(sc: Scenario, a: Snapshot, b: Snapshot, lang: str) -> list[Moment]:
    """The stressors resolved and the stressors that came to light between two rounds."""
    out = []
    for i, stressor in enumerate(sc.stressors):
        name = stressor.name.get(lang)
        if a.severity[i] > 0 and b.severity[i] == 0:
            out.append(Moment(b.round, "stressor", t("report.moment.resolved", lang, round=b.round, stressor=name)))
        if not a.known[i] and b.known[i]:
            out.append(Moment(b.round, "stressor", t("report.moment.revealed", lang, round=b.round, stressor=name)))
    return out
