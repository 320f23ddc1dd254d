"""Turning log entries and changes into readable lines, in Dutch or English."""

from __future__ import annotations

from sim.core.model import Scenario
from sim.core.state import Change, LogEntry
from sim.i18n import money, name_of, num, t

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


def log_line(sc: Scenario, entry: LogEntry, lang: str = "nl", known: tuple[bool, ...] | None = None) -> str:
    """A log entry as one readable line: what happened and what it changed.

    With `known` (the state's known-stressor flags) changes to stressors nobody
    knows about yet are told without naming them.
    """
    params = {
        "round": entry.round,
        "agency": name_of(("agency", entry.agency), lang, sc),
        "card": name_of(("card", entry.ref), lang, sc),
        "event": name_of(("event", entry.ref), lang, sc),
        "source": name_of(("card", entry.ref), lang, sc) if entry.ref in sc.card_by_id else name_of(("event", entry.ref), lang, sc),
        "phase": t(f"phase.{entry.ref}", lang) if entry.kind == "log.phase" and entry.ref else "",
        "outcome": t(f"outcome.{entry.ref}", lang) if entry.kind == "log.end" and entry.ref else "",
        "partners": "",
        "figure": t(f"figure.{entry.ref}", lang, leg="", stressor="", agency="").strip() if entry.kind == "log.adjust" else "",
        "reason": entry.note or "",
        "to": name_of(("agency", entry.to), lang, sc) if entry.to else "",
        "stressor": name_of(("stressor", entry.ref), lang, sc) if entry.kind == "log.share_table" else "",
    }
    if entry.kind == "log.joint" and entry.ref in sc.card_by_id:
        params["partners"] = ", ".join(name_of(("agency", p), lang, sc) for p in sc.card_by_id[entry.ref].partners)
    head = t(entry.kind, lang, **params)
    parts = []
    for ch in entry.changes:
        # What a card costs its own team shows on the team's panel; the log tells what it did.
        if ch.figure == "capacity" or (ch.figure == "mandate" and entry.kind in _PLAYS and ch.after < ch.before):
            continue
        if ch.figure == "stressor" and known is not None and ch.key is not None and not known[sc.stressor_index[ch.key]]:
            parts.append(t("log.hidden_change", lang))
        else:
            parts.append(change_text(sc, ch, lang))
    return head if not parts else f"{head} ({'; '.join(parts)})"
