"""Called to account: which boundary crossings were covered, which the manager asked about, and what covers them.

A scenario makes a crossing without cover cost something through its own data (GAME.md §8): a
boundary card (or a share from a dossier) sets its agency's *afwijking* flag, and a triggered event
tagged `verantwoording` with that agency as responder fires while the flag is set and none of its
covers holds: a flag that must not be set for it (the joint plan) or a rule card that must not be in
force for it (room from the manager, a covenant). This module reads that pattern back from the
scenario, so the screen can say, for any scenario written that way:

- at a crossing: covered now (by what), or not (and what would cover it);
- at the manager's event: which crossings it is about and what would have covered them;
- in the debrief: each crossing's fate (called to account in week N, covered by X, still open).

Pure: no pygame, no I/O. It names cards, flags and agencies only, never a stressor.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from sim.core import conditions, model
from sim.core.model import AgencyId, Scenario
from sim.core.state import GameState, LogEntry, LogKind
from sim.i18n import SCREEN, name_of, translator

ACCOUNT_TAG = "verantwoording"
SHARE_KINDS = frozenset({LogKind.SHARE, LogKind.SHARE_TABLE})


@attrs.frozen
class AccountRule:
    """One "the manager wants an account" event: whose, the flags that mark a deviation, what covers it."""

    event: str
    agency: AgencyId
    deviation: frozenset[str]  # flags a crossing sets; the event fires while one is set
    covers: tuple[model.Condition, ...]  # each one, failing, keeps the event away: a plan's flag, a rule card


@attrs.frozen
class Fate:
    """What became of one boundary crossing: `status` is "account", "covered" or "open"."""

    round: int
    agency: AgencyId
    ref: str | None  # the card, or the stressor shared (never shown by this module)
    share: bool
    status: str = "open"
    week: int = 0  # the week the manager asked for an account ("account")
    cover: model.Condition | None = None  # what covered it ("covered")


def _is_cover(c: model.Condition) -> bool:
    return (isinstance(c, model.FlagCond) and not c.set) or (isinstance(c, model.RuleActiveCond) and not c.active)


def account_rules(sc: Scenario) -> dict[AgencyId, AccountRule]:
    """Per agency, its account event (the first tagged `verantwoording` that reads a deviation flag)."""
    out: dict[AgencyId, AccountRule] = {}
    for ev in sc.events:
        if ACCOUNT_TAG not in ev.tags or ev.responder is None or ev.responder in out:
            continue
        flags = frozenset(c.flag for c in ev.trigger if isinstance(c, model.FlagCond) and c.set)
        if flags:
            out[ev.responder] = AccountRule(ev.id, ev.responder, flags, tuple(c for c in ev.trigger if _is_cover(c)))
    return out


def cover_name(sc: Scenario, cover: model.Condition, lang: str) -> str:
    """A cover in words: the plan's name (a flag), or the rule card's title."""
    if isinstance(cover, model.FlagCond):
        return name_of(("flag", cover.flag), lang, sc)
    if isinstance(cover, model.RuleActiveCond):
        return name_of(("card", cover.card), lang, sc)
    return ""


def cover_names(sc: Scenario, rule: AccountRule, lang: str) -> list[str]:
    """Every cover of `rule` in words, each once."""
    names: list[str] = []
    for c in rule.covers:
        n = cover_name(sc, c, lang)
        if n and n not in names:
            names.append(n)
    return names


def holding_cover(sc: Scenario, state: GameState, rule: AccountRule) -> model.Condition | None:
    """The cover that holds in `state` (the plan is there, the rule card in force), or None: not covered."""
    for c in rule.covers:
        if conditions.reason(sc, state, c, rule.agency) is not None:  # the event's condition fails: covered
            return c
    return None


def covered_now(sc: Scenario, state: GameState, agency: AgencyId) -> bool | None:
    """Whether a crossing by `agency` now would be covered; None where the scenario asks no account of it."""
    rule = account_rules(sc).get(agency)
    return None if rule is None else holding_cover(sc, state, rule) is not None


def _sets_deviation(sc: Scenario, e: LogEntry, rule: AccountRule) -> bool:
    """Whether a log line is a deviation of `rule`'s agency: it set the flag, or its card (or share) sets it."""
    if any(ch.figure == "flag" and ch.key in rule.deviation and ch.after for ch in e.changes):
        return True
    if e.kind in SHARE_KINDS:
        effects: Sequence[model.Effect] = sc.sharing.terms(rule.agency).effects if sc.sharing else ()
    else:
        card = sc.card_by_id.get(e.ref or "")
        effects = card.effects if card is not None and card.is_boundary else ()
    return any(isinstance(x, model.FlagEffect) and x.set and x.flag in rule.deviation for x in effects)


def _crossing(sc: Scenario, e: LogEntry) -> bool:
    if e.kind in SHARE_KINDS:
        return True
    card = sc.card_by_id.get(e.ref or "") if e.kind in (LogKind.CARD, LogKind.JOINT, LogKind.RULE) else None
    return card is not None and card.is_boundary


def _covered(sc: Scenario, rule: AccountRule, flags: set[str], rules: set[str]) -> model.Condition | None:
    for c in rule.covers:
        if (isinstance(c, model.FlagCond) and c.flag in flags) or (isinstance(c, model.RuleActiveCond) and c.card in rules):
            return c
    return None


def fates(sc: Scenario, log: Sequence[LogEntry]) -> list[Fate]:
    """Every deviation in the log, in order, with what became of it.

    Read along the log: a deviation is open until its agency's account event clears the flag
    ("account", that week); at the end of a week a cover that holds marks the open ones "covered"
    (a later account, once the cover is gone, still turns them into "account").
    """
    rules_by = account_rules(sc)
    flags: set[str] = set(sc.person.flags)
    rules: set[str] = set()
    out: list[Fate] = []
    for e in log:
        rule = rules_by.get(e.agency or "")
        if rule is not None and _crossing(sc, e) and _sets_deviation(sc, e, rule):
            out.append(Fate(e.round, rule.agency, e.ref, e.kind in SHARE_KINDS))
        for ch in e.changes:
            if ch.figure == "flag" and ch.key:
                (flags.add if ch.after else flags.discard)(ch.key)
        if e.kind == LogKind.RULE and e.ref:
            rules.add(e.ref)
        elif e.kind == LogKind.RULE_EXPIRED and e.ref:
            rules.discard(e.ref)
        if e.kind in (LogKind.EVENT, LogKind.INJECT) and e.agency in rules_by and rules_by[e.agency].event == e.ref:
            out = [attrs.evolve(f, status="account", week=e.round, cover=None)
                   if f.agency == e.agency and f.status != "account" else f for f in out]
        elif e.kind == LogKind.VERWERKING:
            for i, f in enumerate(out):
                cover = _covered(sc, rules_by[f.agency], flags, rules) if f.status == "open" else None
                if cover is not None:
                    out[i] = attrs.evolve(f, status="covered", cover=cover)
    return out


def accounted(sc: Scenario, log: Sequence[LogEntry], entry_index: int) -> list[Fate]:
    """The deviations the account event at `log[entry_index]` asked about (those it turned into "account")."""
    e = log[entry_index]
    return [f for f in fates(sc, log[: entry_index + 1]) if f.status == "account" and f.agency == e.agency and f.week == e.round
            and f.round < e.round]


# -- in words (the catalogs' `account.*` entries) ------------------------------------------------------

def _tr(lang: str, key: str, **params: object) -> str:
    return translator(lang).p(SCREEN, key, **params)


def _alternatives(names: Sequence[str], lang: str) -> str:
    return _tr(lang, "account.or").join(names)


def crossing_line(sc: Scenario, state: GameState, agency: AgencyId | None, lang: str) -> str | None:
    """At a crossing by `agency`: covered now and by what, or not and what would cover it; None where nobody asks."""
    rule = account_rules(sc).get(agency or "")
    if rule is None:
        return None
    cover = holding_cover(sc, state, rule)
    if cover is not None:
        return _tr(lang, "account.covered", cover=cover_name(sc, cover, lang))
    names = cover_names(sc, rule, lang)
    who = name_of(("agency", rule.agency), lang, sc)
    if not names:
        return _tr(lang, "account.uncovered_bare", agency=who)
    return _tr(lang, "account.uncovered", agency=who, covers=_alternatives(names, lang))


def is_deviation_change(sc: Scenario, agency: AgencyId | None, figure: str, key: str | None) -> bool:
    """Whether a change is the setting or clearing of `agency`'s deviation flag (told in words by this module instead)."""
    rule = account_rules(sc).get(agency or "")
    return rule is not None and figure == "flag" and key in rule.deviation


def _fate_name(sc: Scenario, f: Fate, lang: str) -> str:
    what = _tr(lang, "account.shared") if f.share else "‘" + name_of(("card", f.ref), lang, sc) + "’"
    return _tr(lang, "account.crossing_week", crossing=what, round=f.round)


def account_lines(sc: Scenario, log: Sequence[LogEntry], entry_index: int, lang: str) -> list[str]:
    """For a manager's event (tagged `verantwoording`) at `log[entry_index]`: the crossings it is about, what would have covered it."""
    e = log[entry_index]
    ev = sc.event_by_id.get(e.ref or "")
    if ev is None or ACCOUNT_TAG not in ev.tags:
        return []
    lines = []
    rule = account_rules(sc).get(e.agency or "")
    about = accounted(sc, log, entry_index) if rule is not None and rule.event == ev.id else []
    if about:
        lines.append(_tr(lang, "account.about", crossings=", ".join(dict.fromkeys(_fate_name(sc, f, lang) for f in about))))
    names = cover_names(sc, AccountRule(ev.id, e.agency or "", frozenset(), tuple(c for c in ev.trigger if _is_cover(c))), lang)
    if names:
        lines.append(_tr(lang, "account.would_cover", covers=_alternatives(names, lang)))
    return lines


def fate_text(sc: Scenario, f: Fate, lang: str) -> str:
    """One crossing's fate in a few words: called to account in week N, covered by X, or not covered."""
    if f.status == "account":
        return _tr(lang, "account.fate_account", round=f.week)
    if f.status == "covered" and f.cover is not None:
        return _tr(lang, "account.fate_covered", cover=cover_name(sc, f.cover, lang))
    return _tr(lang, "account.fate_open")


def summary_lines(sc: Scenario, log: Sequence[LogEntry], lang: str) -> list[str]:
    """For the debrief: how often which team was called to account, and how many crossings were covered, by what."""
    fs = fates(sc, log)
    if not fs:
        return []
    rules = account_rules(sc)
    events = [e for e in log if e.kind in (LogKind.EVENT, LogKind.INJECT) and e.agency in rules and rules[e.agency].event == e.ref]
    lines = []
    if events:
        per: dict[str, list[str]] = {}
        for e in events:
            per.setdefault(name_of(("agency", e.agency), lang, sc), []).append(str(e.round))
        teams = "; ".join(_tr(lang, "account.team_weeks", agency=a, weeks=", ".join(w)) for a, w in per.items())
        lines.append(_tr(lang, "account.summary", n=len(events), teams=teams))
    elif all(f.status == "covered" for f in fs):
        lines.append(_tr(lang, "account.summary_none"))
    covered = [f for f in fs if f.status == "covered" and f.cover is not None]
    if covered:
        by = list(dict.fromkeys(cover_name(sc, f.cover, lang) for f in covered if f.cover is not None))
        shares = sum(f.share for f in covered)
        if shares:  # counted apart: the crossings' count beside it has no shares in it
            lines.append(_tr(lang, "account.summary_covered_shares", n=len(covered) - shares, shares=shares, covers=", ".join(by)))
        else:
            lines.append(_tr(lang, "account.summary_covered", n=len(covered), covers=", ".join(by)))
    return lines
