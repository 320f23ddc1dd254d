"""Turning log entries and changes into readable lines, in Dutch or English."""

from __future__ import annotations

from collections.abc import Mapping

from sim.core.model import Scenario
from sim.core.state import Change, LogEntry
from sim.i18n import money, name_of, num, t
from sim.i18n.names import sentence, team_in_sentence

_KIND_OF_FIGURE = {"stressor": "stressor", "reveal": "stressor", "trust": "agency", "euros": "agency",
                   "kpi": "agency", "mandate": "agency", "capacity": "agency", "leg": "leg", "flag": "flag"}


_PLAYS = ("log.card", "log.joint", "log.rule")


def _num(x: float, lang: str) -> str:
    """A figure with one decimal at most (a decimal comma in Dutch); whole when it is nearly whole."""
    return num(round(x) if abs(x - round(x)) < 0.05 else x, lang, 1)


def change_text(sc: Scenario, ch: Change, lang: str = "nl") -> str:
    """One changed figure, e.g. 'stress 52 → 47'."""
    ref_kind = _KIND_OF_FIGURE.get(ch.figure)
    params = {}
    if ref_kind is not None:
        params[ref_kind] = name_of((ref_kind, ch.key), lang, sc)
    if ch.figure == "crisis":
        params["cost"] = money(ch.after, lang)  # the cost, not the file's key
    figure = t(f"figure.{ch.figure}", lang, **params)
    if ch.figure == "reveal":
        return figure
    if ch.figure == "flag":
        return t("flag.set" if ch.after else "flag.cleared", lang, flag=figure)
    return t("log.delta", lang, figure=figure, before=_num(ch.before, lang), after=_num(ch.after, lang))


def _team(sc: Scenario, agency: str | None, lang: str, teams: Mapping[str, str] | None) -> str:
    """Who played: the team's own name with its organisation, or the organisation as said in a sentence."""
    if agency is None or agency not in sc.agency_index:
        return name_of(("agency", agency), lang, sc)
    return team_in_sentence((teams or {}).get(agency), sc.agency(agency).name.get(lang), lang)


def _adjusted(sc: Scenario, entry: LogEntry, lang: str, known: tuple[bool, ...] | None) -> str:
    """What the facilitator adjusted, named in full: 'vertrouwen in de GGZ', not 'vertrouwen in'."""
    ch = next((c for c in entry.changes if c.figure == entry.ref), None)
    ref_kind = _KIND_OF_FIGURE.get(entry.ref or "")
    params = {"leg": "", "stressor": "", "agency": ""}
    if ch is not None and ref_kind is not None:
        hidden = (ref_kind == "stressor" and known is not None and ch.key is not None
                  and not known[sc.stressor_index[ch.key]])
        params[ref_kind] = t("name.hidden_stressor", lang) if hidden else name_of((ref_kind, ch.key), lang, sc)
    return t(f"figure.{entry.ref}", lang, **params).strip()


def log_line(sc: Scenario, entry: LogEntry, lang: str = "nl", known: tuple[bool, ...] | None = None,
             teams: Mapping[str, str] | None = None) -> str:
    """A log entry as one readable sentence: what happened, who did it and what it changed.

    With `known` (the state's known-stressor flags) changes to stressors nobody
    knows about yet are told without naming them; `teams` (agency -> the team's
    own name) names the teams as the room knows them.
    """
    params = {
        "round": entry.round,
        "agency": _team(sc, entry.agency, lang, teams),
        "card": name_of(("card", entry.ref), lang, sc),
        "event": name_of(("event", entry.ref), lang, sc),
        "source": name_of(("card", entry.ref), lang, sc) if entry.ref in sc.card_by_id else name_of(("event", entry.ref), lang, sc),
        "phase": t(f"phase.{entry.ref}", lang) if entry.kind == "log.phase" and entry.ref else "",
        "outcome": t(f"outcome.{entry.ref}", lang) if entry.kind == "log.end" and entry.ref else "",
        "partners": "",
        "figure": _adjusted(sc, entry, lang, known) if entry.kind == "log.adjust" else "",
        "reason": entry.note or "",
        "to": name_of(("agency", entry.to), lang, sc) if entry.to else "",
        "stressor": name_of(("stressor", entry.ref), lang, sc) if entry.kind == "log.share_table" else "",
    }
    if entry.kind == "log.joint" and entry.ref in sc.card_by_id:
        partners = [_team(sc, p, lang, teams) for p in sc.card_by_id[entry.ref].partners]
        params["partners"] = t("list.and", lang, rest=", ".join(partners[:-1]), last=partners[-1]) if len(partners) > 1 else "".join(partners)
    head = sentence(t(entry.kind, lang, **params))
    parts = []
    for ch in entry.changes:
        # What a card costs its own team shows on the team's panel; the log tells what it did.
        if ch.figure == "capacity" or (ch.figure == "mandate" and entry.kind in _PLAYS and ch.after < ch.before):
            continue
        if ch.figure == "stressor" and known is not None and ch.key is not None and not known[sc.stressor_index[ch.key]]:
            parts.append(t("log.hidden_change", lang))
        else:
            parts.append(change_text(sc, ch, lang))
    if not parts:
        return head
    stop = "." if head.endswith(".") else ""  # what it changed goes inside the sentence, before its full stop
    return f"{head.removesuffix('.')} ({'; '.join(parts)}){stop}"
