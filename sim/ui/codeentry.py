"""Companion mode's logic: a code typed or scanned from a paper card becomes the engine's action.

The teams play printed cards at the table; the facilitator enters each one by
the code printed on it. This module turns that text into what the screen
shows for confirmation (the card's title and its effects, or why it cannot be
played now, in words) and into the one action the session applies: the same
`PlayCard` a click on the card makes, or the `InjectEvent` the event dialog
makes. It imports no pygame, so it is tested without a screen.
"""

from __future__ import annotations

import attrs

from sim.core import engine
from sim.core.state import Action, InjectEvent, PlayCard
from sim.i18n import describe, reason_text, t
from sim.scenario.codes import Lookup, lookup
from sim.ui.session import Session


@attrs.frozen
class Entry:
    """A code read against the session now: what to show, and the action to apply when it is playable.

    `title` and `lines` are the card's or event's title and effects in words
    (hidden stressors unnamed); `problem` says why it cannot be entered now
    (unknown code, not this team's turn, not enough capacity ...), or is ""
    when `action` may be applied.
    """

    lookup: Lookup
    title: str = ""
    lines: tuple[str, ...] = ()
    problem: str = ""
    action: Action | None = None

    @property
    def playable(self) -> bool:
        """Whether the action may be applied now."""
        return self.action is not None and not self.problem


def _effects(session: Session, effects, actor: str | None, lang: str) -> tuple[str, ...]:
    sc, known = session.scenario, session.state.known
    out = []
    for eff in effects:
        target = getattr(eff, "stressor", None)
        hidden = target is not None and not known[sc.stressor_index[target]]
        out.append(t("card.hidden_effect", lang) if hidden else describe.effect(sc, eff, lang, actor))
    return tuple(out)


def _card_entry(session: Session, found: Lookup, lang: str) -> Entry:
    sc = session.scenario
    card = sc.card_by_id[found.ident]
    lines = [t("companion.card_of", lang, team=session.team_name(card.agency),
               cost=engine.card_cost(sc, session.state, card))]
    lines += _effects(session, card.effects, card.agency, lang)
    lines += [describe.modifier(sc, m, lang) for m in card.modifiers]
    action = PlayCard(card.agency, card.id)
    reason = session.why_not(action)
    problem = "" if reason is None else reason_text(reason, lang, sc, session.state.known)
    return Entry(found, card.title.get(lang), tuple(lines), problem, action)


def _event_entry(session: Session, found: Lookup, lang: str) -> Entry:
    sc = session.scenario
    event = sc.event_by_id[found.ident]
    lines = (t("companion.event", lang), *_effects(session, event.effects, event.responder, lang))
    action = InjectEvent(event.id)
    reason = session.why_not(action)
    problem = "" if reason is None else reason_text(reason, lang, sc, session.state.known)
    return Entry(found, event.title.get(lang), lines, problem, action)


def read_code(session: Session, text: str, lang: str | None = None) -> Entry:
    """What `text` (a printed code or a scanned QR payload) means in this session now."""
    lang = lang or session.lang
    found = lookup(session.scenario, text)
    if found.kind == "card":
        return _card_entry(session, found, lang)
    if found.kind == "event":
        return _event_entry(session, found, lang)
    if found.kind == "other_scenario":
        return Entry(found, problem=t("companion.other_scenario", lang, scenario=found.scenario))
    if found.kind == "empty":
        return Entry(found, problem=t("companion.empty", lang))
    return Entry(found, problem=t("companion.unknown", lang, code=text.strip()[:20]))


def enter(session: Session, text: str) -> Entry:
    """Read `text` and, when it is playable now, apply its action to the session (saved like a click)."""
    entry = read_code(session, text)
    if entry.playable and entry.action is not None:
        session.apply(entry.action)
    return entry
