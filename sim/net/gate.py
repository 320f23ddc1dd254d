"""The one gate for secrets: everything that leaves the server for a seat is made here.

A seat's view is built from `sim.core.observation.observe` for that seat (the
board observes as nobody, a team as its agency; the facilitator sees every
dossier, as on the facilitator's screen). Every text that names a stressor is
made with the seat's knowledge mask, so a stressor hidden from the seat is
told as "a hidden stressor". `outgoing` is the only function that turns a
message into the text sent to a seat; it refuses (fails closed) a message that
names a stressor hidden from that seat, whatever built it.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from sim.core import engine
from sim.core.model import Card, Scenario
from sim.core.observation import Observation, observe
from sim.core.state import Action, GameState, Phase, PlayCard
from sim.i18n import describe, name_of, reason_text, t
from sim.i18n import num as _babel_num
from sim.i18n.narrate import log_line
from sim.net.seats import FACILITATOR, TEAM, Seat

num = functools.lru_cache(maxsize=4096)(_babel_num)  # Babel's formatting is most of a view's cost; figures repeat
LOG_LINES = 40  # the last lines of the log a console shows
WORDS = (
    "title", "phase", "turn", "your_turn", "not_your_turn", "hand", "dossier", "dossier_empty",
    "mandate_text", "capacity", "mandate", "trust", "kpi", "stress", "legs", "stressors", "hidden",
    "log", "teams", "rules", "play", "pass", "agree", "decline", "proposals", "proposal_wait",
    "cost", "not_playable", "over", "connected", "not_connected", "on_device", "at_table", "computer",
    "next_phase", "inject", "adjust", "reason", "delta", "undo", "note", "send", "lock", "unlock",
    "kick", "to_table", "to_device", "to_computer", "pause", "resume", "paused", "paused_hint", "code", "reconnecting",
    "facilitator", "board", "events", "actions", "language", "share", "join_locked", "withheld",
)


@attrs.frozen
class Context:
    """What the host adds to a view besides the game: seats, devices, proposals, switches."""

    lang: str = "nl"
    version: int = 0
    paused: bool = False
    locked: bool = False
    modes: Mapping[str, str] = attrs.Factory(dict)  # agency -> "device", "table" or a policy name
    connected: Mapping[str, int] = attrs.Factory(dict)  # seat path -> open connections
    codes: Mapping[str, str] = attrs.Factory(dict)  # agency -> join code (the facilitator's view only)
    proposals: Sequence[Any] = ()  # sim.net.host.Proposal
    notes: Sequence[str] = ()


def knowledge(sc: Scenario, state: GameState, seat: Seat) -> tuple[bool, ...]:
    """Per stressor: whether `seat` may know of it (from the observation; the facilitator knows every dossier)."""
    if seat.role == FACILITATOR:
        return tuple(True for _ in sc.stressors)
    obs = observe(sc, state, seat.agency if seat.role == TEAM else None)
    seen = {sid for sid, _ in obs.stressors}
    return tuple(s.id in seen for s in sc.stressors)


def _words(lang: str) -> dict[str, str]:
    return {w: t(f"console.{w}", lang) for w in WORDS}


def _game(sc: Scenario, obs: Observation, state: GameState, lang: str) -> dict[str, Any]:
    active = obs.in_play[obs.turn] if obs.phase is Phase.ACTIES and obs.turn < len(obs.in_play) else None
    return {
        "scenario": sc.title.get(lang),
        "person": sc.person.name,
        "round": obs.round,
        "rounds": obs.rounds,
        "round_text": t("console.round", lang, round=obs.round, rounds=obs.rounds),
        "phase": obs.phase.value,
        "phase_name": t(f"phase.{obs.phase.value}", lang),
        "active": active,
        "active_name": name_of(("agency", active), lang, sc) if active else "",
        "stress": round(obs.stress, 1),
        "legs": [{"name": t(f"leg.{leg}", lang), "value": num(v, lang)} for leg, v in
                 zip(("meedoen", "leefomgeving", "continuiteit"), obs.legs)],
        # The end of the game is on the shared screen: the outcome is public once it is there.
        "over": state.outcome is not None,
        "outcome": t(f"outcome.{state.outcome.value}", lang) if state.outcome is not None else "",
    }


def _teams(sc: Scenario, obs: Observation, ctx: Context) -> list[dict[str, Any]]:
    lang = ctx.lang
    rows = []
    for i, a in enumerate(sc.agencies):
        rows.append({
            "id": a.id, "name": a.name.get(lang), "label": a.label, "colour": a.colour,
            "in_play": a.id in obs.in_play, "capacity": obs.capacity[i], "mandate": obs.mandate[i],
            "trust": num(obs.trust[i], lang), "kpi": num(obs.kpi[i], lang), "kpi_name": a.kpi.name.get(lang),
            "mode": ctx.modes.get(a.id, "table"), "connected": ctx.connected.get(f"{TEAM}/{a.id}", 0),
        })
    return rows


def _stressors(sc: Scenario, state: GameState, mask: tuple[bool, ...], lang: str) -> list[dict[str, Any]]:
    """The stressors this seat may know of; `dossier` marks those known to it but not to everyone."""
    rows = []
    for s, sev, known, public in zip(sc.stressors, state.severity, mask, state.known):
        if known:
            rows.append({"id": s.id, "name": s.name.get(lang), "severity": sev, "leg": t(f"leg.{s.leg.value}", lang),
                         "dossier": not public,
                         "description": s.description.get(lang) if s.description is not None else ""})
    return rows


def _card(sc: Scenario, state: GameState, card: Card, mask: tuple[bool, ...], lang: str) -> dict[str, Any]:
    reason = engine.why_not(sc, state, _play(card))
    return {
        "id": card.id, "title": card.title.get(lang), "text": card.text.get(lang), "type": card.type.value,
        "type_name": t(f"type.{card.type.value}", lang), "cost": engine.card_cost(sc, state, card),
        "mandate": card.mandate, "boundary": card.is_boundary,
        "partners": [name_of(("agency", p), lang, sc) for p in card.partners],
        "conditions": [describe.condition(sc, c, lang, card.agency, mask) for c in card.conditions],
        "playable": reason is None,
        "why_not": reason_text(reason, lang, sc, mask) if reason is not None else "",
    }


def _play(card: Card) -> Action:
    return PlayCard(card.agency, card.id)


def action_fields(action: Action) -> dict[str, Any]:
    """An action as plain fields with its kind (the class name): how consoles name a move."""
    return {"kind": type(action).__name__, **attrs.asdict(action, recurse=False)}


def action_label(sc: Scenario, action: Action, mask: tuple[bool, ...], lang: str) -> str:
    """A move in words, for any kind the engine lists (a new kind needs only `console.action.KIND`)."""
    fields = attrs.asdict(action, recurse=False)
    params = {k: name_of((_REF_KIND.get(k, k), v), lang, sc, mask) if isinstance(v, str) else v for k, v in fields.items()}
    whole_table = "to" in fields and fields["to"] is None  # shared with everyone, not one partner
    return t(f"console.action.{type(action).__name__}{'_table' if whole_table else ''}", lang, **params)


_REF_KIND = {"agency": "agency", "card": "card", "stressor": "stressor", "to": "agency", "event": "event"}


def _moves(sc: Scenario, state: GameState, agency: str, mask: tuple[bool, ...], lang: str) -> list[dict[str, Any]]:
    """The legal moves of this team now, as the engine lists them (its own agency's only)."""
    moves = []
    for action in engine.legal_actions(sc, state):
        if getattr(action, "agency", None) == agency:
            fields = action_fields(action)
            moves.append({"kind": fields["kind"], "card": fields.get("card"), "action": fields,
                          "label": action_label(sc, action, mask, lang)})
    return moves


def _log(sc: Scenario, state: GameState, mask: tuple[bool, ...], lang: str) -> list[str]:
    return [log_line(sc, e, lang, mask) for e in state.log[-LOG_LINES:]]


def seat_view(sc: Scenario, state: GameState, seat: Seat, ctx: Context) -> dict[str, Any]:
    """Everything `seat` may see now, as plain data (the console's state message)."""
    lang = ctx.lang
    mask = knowledge(sc, state, seat)
    obs = observe(sc, state, seat.agency if seat.role == TEAM else None)
    view: dict[str, Any] = {
        "seat": seat.path, "role": seat.role, "agency": seat.agency, "lang": lang, "version": ctx.version,
        "words": _words(lang), "game": _game(sc, obs, state, lang), "teams": _teams(sc, obs, ctx),
        "stressors": _stressors(sc, state, mask, lang), "hidden_count": mask.count(False),
        "rules": [name_of(("card", r.card), lang, sc) for r in obs.rules],
        "log": _log(sc, state, mask, lang), "paused": ctx.paused, "locked": ctx.locked,
    }
    if seat.role == TEAM and seat.agency is not None:
        view.update(_team_part(sc, state, seat.agency, mask, ctx))
    if seat.role == FACILITATOR:
        view.update(_facilitator_part(sc, state, ctx))
    return view


def _team_part(sc: Scenario, state: GameState, agency: str, mask: tuple[bool, ...], ctx: Context) -> dict[str, Any]:
    lang = ctx.lang
    a = sc.agency(agency)
    mine = [p for p in ctx.proposals if p.agency == agency or agency in p.waiting]
    return {
        "team": {"id": agency, "name": a.name.get(lang), "label": a.label, "colour": a.colour,
                 "mandate_text": a.mandate_text.get(lang), "kpi_name": a.kpi.name.get(lang)},
        "hand": [_card(sc, state, c, mask, lang) for c in sc.cards_of(agency)],
        "moves": _moves(sc, state, agency, mask, lang),  # shown while paused too (a tap then hears why not)
        "dossier": [s for s in _stressors(sc, state, mask, lang) if s["dossier"]],
        "proposals": [p.describe(sc, lang, agency) for p in mine],
    }


def _facilitator_part(sc: Scenario, state: GameState, ctx: Context) -> dict[str, Any]:
    lang = ctx.lang
    return {
        "events": [{"id": e.id, "title": e.title.get(lang)} for e in sc.events],
        "figures": [{"id": f.value, "name": t(f"figure.{f.value}", lang, leg="", stressor="", agency="").strip()}
                    for f in engine.ADJUSTABLE],
        "keys": {"leg": [{"id": k, "name": t(f"leg.{k}", lang)} for k in ("meedoen", "leefomgeving", "continuiteit")],
                 "stressor": [{"id": s.id, "name": s.name.get(lang)} for s in sc.stressors],
                 "agency": [{"id": a.id, "name": a.name.get(lang)} for a in sc.agencies]},
        "codes": dict(ctx.codes), "notes": list(ctx.notes),
        "proposals": [p.describe(sc, lang, None) for p in ctx.proposals],
        "can_next": state.outcome is None and state.phase in (Phase.GEBEURTENIS, Phase.OVERLEG),
    }


# ---------------------------------------------------------------------------
# The way out: every message to a seat becomes text here, and only here.
# ---------------------------------------------------------------------------


class Withheld(Exception):
    """A message named a stressor hidden from the seat it was meant for (a bug): it is not sent."""


def hidden_terms(sc: Scenario, mask: tuple[bool, ...]) -> tuple[str, ...]:
    """The ids and names (both languages) of the stressors hidden from a seat."""
    terms: list[str] = []
    for s, known in zip(sc.stressors, mask):
        if not known:
            terms.append(s.id)
            terms.extend(s.name.get(lang) for lang in ("nl", "en"))
    return tuple(dict.fromkeys(x for x in terms if x))


@functools.lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # One look-behind per position around the alternation (not one per term): the same matches, four times faster.
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(x) for x in terms) + r")(?!\w)", re.IGNORECASE)


def leaks(text: str, sc: Scenario, mask: tuple[bool, ...]) -> list[str]:
    """The hidden stressors' ids or names that occur in `text` as words (empty: none)."""
    pattern = _pattern(hidden_terms(sc, mask))
    return [] if pattern is None else sorted({m.group(0) for m in pattern.finditer(text)})


def outgoing(sc: Scenario, state: GameState, seat: Seat, message: Mapping[str, Any]) -> str:
    """The text sent to `seat` for `message`; raises Withheld when it would name a stressor hidden from the seat."""
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    found = leaks(text, sc, knowledge(sc, state, seat))
    if found:
        print(f"stabiel serve: a message to {seat} was withheld: it named {found}", file=sys.stderr)
        raise Withheld(seat.path)
    return text


__all__ = ["Context", "Withheld", "action_fields", "action_label", "hidden_terms", "knowledge", "leaks",
           "outgoing", "seat_view"]
