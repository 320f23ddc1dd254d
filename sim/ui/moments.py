"""Moments: what just happened, told large enough for the whole room, one at a time.

`moments_from(scenario, before, after, lang)` turns the log lines a move added
into announcements: an event (drawn, scheduled, triggered or brought in), a
computer team's move, a rule set, a boundary crossing and what it did, a
stressor found, a waiting list that ran out, the end of a week (what changed
and why) and the end of the game. A kind of log line it does not know still
gets a plain moment, never an error. The handover to the next human team in
hot-seat play is a moment too.

Pure: no pygame, no I/O; the words come from the catalogs and the scenario. A
stressor is named only when the table knows it after the move (`after.known`):
a moment never gives a hidden stressor away.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import attrs

from sim.core.model import LEGS, AgencyId, Scenario
from sim.core.scoring import stability_index
from sim.core.state import Change, GameState, LogEntry, Phase, Snapshot
from sim.i18n import SCREEN, name_of, num, translator
from sim.i18n.narrate import change_text, log_line
from sim.ui import accounts

# Log kinds that never get a moment of their own: the board shows them, or another moment tells them.
QUIET = frozenset({"log.phase", "log.start", "log.pass", "log.event_skipped", "log.adjust", "log.bonus"})
EVENT_KINDS = frozenset({"log.event", "log.inject", "log.event_cancelled"})
PLAY_KINDS = frozenset({"log.card", "log.joint", "log.rule"})
HIGH_STRESS = 75.0  # the stress zone the board colours vermillion; the person says so once it is reached
VOICE_TAGS = ("start", "relief", "high_stress", "crisis", "stabiel")  # when the person speaks


@attrs.frozen
class Moment:
    """One announcement for the room: a small heading, a title, a few lines, maybe the person's own words."""

    kind: str  # event, computer, crossing, rule, reveal, delayed, week, end, start, handover, other
    title: str
    tag: str = ""  # the small heading above the title, e.g. "Gebeurtenis — getrokken"
    lines: tuple[str, ...] = ()
    agency: AgencyId | None = None  # the team it is about: its colour and icon
    stress: float | None = None  # the person's stress at this moment: the portrait's face
    quote: str | None = None  # the person's own words
    tone: str | None = None  # the sound: event, crossing, week, crisis, stabiel
    full: bool = False  # full screen (start, week, end, handover) rather than a large panel


def _tr(lang: str, key: str, **params: object) -> str:
    return translator(lang).p(SCREEN, key, **params)


def quote_for(sc: Scenario, tag: str, lang: str) -> str | None:
    """The person's line for a moment that matters (`VOICE_TAGS`), from the scenario; None when it has none."""
    for q in getattr(sc.person, "voice", ()):
        if q.when == tag:
            return str(q.text.get(lang))
    return None


# -- the pieces of a moment ---------------------------------------------------------------------------

def _known_at(sc: Scenario, known: Sequence[bool], stressor: str | None) -> bool:
    return stressor is None or stressor not in sc.stressor_index or bool(known[sc.stressor_index[stressor]])


def change_lines(sc: Scenario, changes: Sequence[Change], lang: str, known: Sequence[bool]) -> tuple[str, ...]:
    """What a line changed, one figure a line; a change to a stressor nobody knows yet is told without its name."""
    out: list[str] = []
    merged: dict[tuple[str, str | None], Change] = {}
    for ch in changes:  # one figure moved twice in a line (a bonus on top of an effect): from first to last
        first = merged.get((ch.figure, ch.key))
        merged[(ch.figure, ch.key)] = ch if first is None else attrs.evolve(first, after=ch.after)
    for ch in merged.values():
        if ch.figure in ("capacity", "reveal"):  # the cost shows on the team's panel; a reveal has its own moment
            continue
        if ch.figure == "stressor" and not _known_at(sc, known, ch.key):
            text = _tr(lang, "log.hidden_change")
        else:
            text = change_text(sc, ch, lang)
        if text not in out:
            out.append(text)
    return tuple(out)


def team(sc: Scenario, agency: AgencyId | None, lang: str, names: Mapping[AgencyId, str]) -> str:
    """A team's own name, or its agency's name."""
    if agency is None:
        return ""
    return names.get(agency) or name_of(("agency", agency), lang, sc)


def _event_source(sc: Scenario, entry: LogEntry) -> str:
    if entry.kind == "log.inject":
        return "injected"
    ev = sc.event_by_id.get(entry.ref or "")
    if ev is None:
        return "drawn"
    if ev.trigger:
        return "triggered"
    return "scheduled" if entry.round in ev.rounds else "drawn"


def _stress_after(stress: float, entry: LogEntry) -> float:
    for ch in entry.changes:
        if ch.figure == "stress":
            stress = ch.after
    return stress


# -- one log line, one moment --------------------------------------------------------------------------

@attrs.frozen
class _Ctx:
    sc: Scenario
    lang: str
    known: tuple[bool, ...]
    computer: frozenset[AgencyId]
    names: Mapping[AgencyId, str]
    after: GameState | None = None  # the state after the move: whether a crossing is covered, the log an account reads
    index: int = 0  # the place in `after.log` of the line being told


def _without_deviation(c: _Ctx, e: LogEntry) -> tuple[Change, ...]:
    """The line's changes but its agency's afwijking flag: the cover line or the account's lines say that in words."""
    return tuple(ch for ch in e.changes if not accounts.is_deviation_change(c.sc, e.agency, ch.figure, ch.key))


def _event(c: _Ctx, e: LogEntry, stress: float) -> Moment:
    ev = c.sc.event_by_id.get(e.ref or "")
    title = ev.title.get(c.lang) if ev else str(e.ref)
    lines = [ev.text.get(c.lang)] if ev else []
    if e.kind == "log.event_cancelled":
        lines.append(_tr(c.lang, "moment.cancelled"))
    account = accounts.account_lines(c.sc, c.after.log, c.index, c.lang) if c.after is not None else []
    lines += account  # before the figures: what the room must read first survives a body that does not fit
    lines += change_lines(c.sc, _without_deviation(c, e) if account else e.changes, c.lang, c.known)
    if ev is not None and ev.responder and not account:
        lines.append(_tr(c.lang, "moment.responder", team=team(c.sc, ev.responder, c.lang, c.names)))
    return Moment("event", title, _tr(c.lang, "moment.event." + _event_source(c.sc, e)), tuple(lines),
                  ev.responder if ev else None, stress, tone="event")


def _crossing_tag(c: _Ctx, agency: AgencyId | None) -> str:
    who = team(c.sc, agency, c.lang, c.names)
    if agency in c.computer:
        return _tr(c.lang, "moment.computer", team=who) + " — " + _tr(c.lang, "moment.crossing_short")
    return _tr(c.lang, "moment.crossing", team=who)


def _play(c: _Ctx, e: LogEntry, stress: float) -> Moment | None:
    card = c.sc.card_by_id.get(e.ref or "")
    if card is None:
        return _other(c, e, stress)
    by_computer = e.agency in c.computer
    crossing = card.is_boundary
    if not (by_computer or crossing or e.kind == "log.rule"):
        return None  # the team at the table just did it: the board shows it
    who = team(c.sc, e.agency, c.lang, c.names)
    if crossing:
        tag = _crossing_tag(c, e.agency)
    elif e.kind == "log.rule":
        tag = _tr(c.lang, "moment.rule", team=who)
    else:
        tag = _tr(c.lang, "moment.computer", team=who)
    lines = [card.text.get(c.lang)]
    if e.kind == "log.joint" and card.partners:
        lines.append(_tr(c.lang, "moment.together", partners=", ".join(team(c.sc, p, c.lang, c.names) for p in card.partners)))
    cover = accounts.crossing_line(c.sc, c.after, e.agency, c.lang) if crossing and c.after is not None else None
    if cover:  # before the figures, so it survives a body too long for the panel
        lines.append(cover)
    effect = change_lines(c.sc, _without_deviation(c, e) if cover else e.changes, c.lang, c.known)
    lines += effect if effect else (_tr(c.lang, "moment.no_effect_yet"),)
    kind = "crossing" if crossing else "rule" if e.kind == "log.rule" else "computer"
    return Moment(kind, card.title.get(c.lang), tag, tuple(lines), e.agency, stress,
                  tone="crossing" if crossing else "event")


def _reveals(c: _Ctx, e: LogEntry, stress: float) -> list[Moment]:
    out = []
    for ch in e.changes:
        if ch.figure != "reveal" or ch.key not in c.sc.stressor_index or not _known_at(c.sc, c.known, ch.key):
            continue
        s = c.sc.stressors[c.sc.stressor_index[ch.key]]
        lines = [s.description.get(c.lang)] if s.description is not None else []
        lines.append(_tr(c.lang, "moment.reveal_leg", leg=_tr(c.lang, "leg." + s.leg.value)))
        who = team(c.sc, e.agency, c.lang, c.names)
        tag = _tr(c.lang, "moment.reveal_by", team=who) if who else _tr(c.lang, "moment.reveal")
        out.append(Moment("reveal", s.name.get(c.lang), tag, tuple(lines), e.agency, stress, tone="event"))
    return out


def _delayed(c: _Ctx, e: LogEntry, stress: float) -> Moment | None:
    lines = change_lines(c.sc, e.changes, c.lang, c.known)
    if not lines:
        return None
    src = e.ref or ""
    title = name_of(("card", src), c.lang, c.sc) if src in c.sc.card_by_id else name_of(("event", src), c.lang, c.sc)
    return Moment("delayed", title, _tr(c.lang, "moment.delayed"), lines, e.agency, stress, tone="event")


def _share(c: _Ctx, e: LogEntry, stress: float) -> Moment:
    """A team shares from its dossier (a boundary crossing: privacy), and whether that was covered."""
    head = log_line(c.sc, attrs.evolve(e, changes=()), c.lang, c.known)  # names the stressor only when shared with all
    cover = accounts.crossing_line(c.sc, c.after, e.agency, c.lang) if c.after is not None else None
    changes = _without_deviation(c, e) if cover else e.changes
    lines = (head, *((cover,) if cover else ()), *change_lines(c.sc, changes, c.lang, c.known))
    return Moment("crossing", _tr(c.lang, "account.share_title"), _crossing_tag(c, e.agency), lines,
                  e.agency, stress, tone="crossing")


def _other(c: _Ctx, e: LogEntry, stress: float) -> Moment:
    """A kind of line this module does not know (the engine gains kinds): its log words, or a plain notice."""
    try:  # the line's head in the log's words; its changes go through `change_lines`, which keeps secrets
        head = log_line(c.sc, attrs.evolve(e, changes=()), c.lang, c.known)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        head = _tr(c.lang, "moment.other_text")
    return Moment("other", _tr(c.lang, "moment.other"), "", (head, *change_lines(c.sc, e.changes, c.lang, c.known)),
                  e.agency, stress)


def _snapshot(history: Sequence[Snapshot], rnd: int) -> Snapshot | None:
    return next((h for h in reversed(history) if h.round == rnd), None)


def _week(c: _Ctx, e: LogEntry, after: GameState) -> Moment:
    """The end of a week: stress and legs from the week's start to now, what weighed, what was solved or found."""
    sc, lang = c.sc, c.lang
    rnd = e.round
    start, end = _snapshot(after.history, rnd - 1), _snapshot(after.history, rnd)
    lines: list[str] = []
    if start is not None and end is not None:
        lines.append(_tr(lang, "moment.week.stress", before=num(start.stress, lang, 0), after=num(end.stress, lang, 0)))
        lines.append(_why(c, e, start, end))
        legs = [_tr(lang, "moment.week.leg", leg=_tr(lang, "leg." + leg.value), before=num(a, lang, 1), after=num(b, lang, 1))
                for leg, a, b in zip(LEGS, start.legs, end.legs) if abs(a - b) >= 0.05]
        if legs:
            lines.append("; ".join(legs))
        solved = [s.name.get(lang) for k, s in enumerate(sc.stressors)
                  if start.severity[k] > 0 and end.severity[k] == 0 and c.known[k]]
        found = [s.name.get(lang) for k, s in enumerate(sc.stressors) if not start.known[k] and c.known[k]]
        if solved:
            lines.append(_tr(lang, "moment.week.solved", stressors=", ".join(solved)))
        if found:
            lines.append(_tr(lang, "moment.week.found", stressors=", ".join(found)))
    weighing = sorted(((s.weight * sev, s.name.get(lang), sev) for s, sev, k in zip(sc.stressors, after.severity, c.known)
                       if sev > 0 and k), reverse=True)
    if weighing:
        lines.append(_tr(lang, "moment.week.weighing",
                         stressors=", ".join(_tr(lang, "moment.week.severity", stressor=n, n=sev) for _, n, sev in weighing[:4])))
    crossings = [x for x in after.crossings if x.round == rnd]
    if crossings:
        lines.append(_tr(lang, "moment.week.crossings", n=len(crossings),
                         cards=", ".join(sorted({name_of(("card", x.card), lang, sc) for x in crossings}))))
    stress = end.stress if end is not None else after.stress
    return Moment("week", _tr(lang, "moment.week.title", round=rnd), _tr(lang, "moment.week.tag"), tuple(lines),
                  None, stress, tone="week", full=True)


def _signed(x: float, lang: str) -> str:
    return ("+" if x >= 0 else "−") + num(abs(x), lang, 0)


def _why(c: _Ctx, e: LogEntry, start: Snapshot, end: Snapshot) -> str:
    """Why stress moved: the week's cards and events, then the Verwerking's stressors and stability buffer."""
    pre = next((ch.before for ch in e.changes if ch.figure == "stress"), end.stress)  # stress as the Verwerking began
    s = c.sc.scoring
    load = s.stress_per_severity * sum(x.weight * sev for x, sev in zip(c.sc.stressors, end.severity))
    buffer = s.buffer * stability_index(end.legs, s.min_weight)
    return _tr(c.lang, "moment.week.why", moves=_signed(pre - start.stress, c.lang), load=_signed(load, c.lang),
               buffer=_signed(-buffer, c.lang))


def end_reason(sc: Scenario, state: GameState, lang: str) -> str:
    """Why the game ended, in words: the crisis event by name ("Gedwongen opname") where one caused it."""
    if state.end_reason == "stabilised":  # the scenario's own number of weeks, never a fixed "two"
        return _tr(lang, "end.stabilised_n", n=sc.scoring.thresholds.stable_rounds)
    if state.end_reason in ("stress", "rounds"):
        return _tr(lang, "end." + state.end_reason)
    for entry in reversed(state.log):
        if any(ch.figure == "crisis" for ch in entry.changes) and entry.ref in sc.event_by_id:
            return _tr(lang, "end.event", event=sc.event_by_id[entry.ref].title.get(lang))
    return _tr(lang, "end.crisis")


def _end(c: _Ctx, e: LogEntry, after: GameState) -> Moment:
    outcome = e.ref or (after.outcome.value if after.outcome else "kwetsbaar")
    lines = [end_reason(c.sc, after, c.lang),
             _tr(c.lang, "moment.end.figures", stress=num(after.stress, c.lang, 0), weeks=min(after.round, c.sc.rounds))]
    tone = {"crisis": "crisis", "stabiel": "stabiel"}.get(outcome, "week")
    quote = quote_for(c.sc, outcome, c.lang) if outcome in ("crisis", "stabiel") else None
    face = max(after.stress, c.sc.scoring.thresholds.crisis) if outcome == "crisis" else after.stress  # a crisis looks like one
    return Moment("end", _tr(c.lang, "outcome." + outcome), _tr(c.lang, "moment.end.tag"), tuple(lines), None,
                  face, quote, tone, full=True)


def _entry_moments(c: _Ctx, e: LogEntry, stress: float, after: GameState) -> list[Moment]:
    kind = str(e.kind)
    if kind in QUIET:
        return []
    if kind in EVENT_KINDS:
        found = [_event(c, e, stress)]
    elif kind in PLAY_KINDS:
        m = _play(c, e, stress)
        found = [m] if m is not None else []
    elif kind == "log.delayed":
        m = _delayed(c, e, stress)
        found = [m] if m is not None else []
    elif kind in accounts.SHARE_KINDS:
        found = [_share(c, e, stress)]
    elif kind == "log.verwerking":
        found = [_week(c, e, after)]
    elif kind == "log.end":
        found = [_end(c, e, after)]
    elif kind == "log.rule_expired":
        found = [Moment("rule", name_of(("card", e.ref), c.lang, c.sc), _tr(c.lang, "moment.rule_expired"), (), e.agency, stress)]
    else:
        found = [_other(c, e, stress)]
    return found + _reveals(c, e, stress)


def _with_voice(c: _Ctx, moments: list[Moment], before: GameState, after: GameState) -> list[Moment]:
    """The person speaks when a stressor is taken away or stress first reaches the high zone (once per move)."""
    relief = any(b > 0 and a == 0 and k for b, a, k in zip(before.severity, after.severity, c.known))
    tag = "relief" if relief else "high_stress" if before.stress < HIGH_STRESS <= after.stress and after.outcome is None else None
    quote = quote_for(c.sc, tag, c.lang) if tag else None
    if quote is None or not moments or any(m.quote for m in moments):
        return moments
    i = len(moments) - 1 if moments[-1].kind != "end" else max(0, len(moments) - 2)
    moments[i] = attrs.evolve(moments[i], quote=quote)
    return moments


def moments_from(sc: Scenario, before: GameState, after: GameState, lang: str = "nl",
                 computer: Collection[AgencyId] = (), names: Mapping[AgencyId, str] | None = None) -> list[Moment]:
    """The moments of one move: from the log lines it added, in order (none after an undo).

    `computer` are the seats an AI policy plays (their every card is a moment);
    `names` the teams' own names.
    """
    old, new = before.log, after.log
    if len(new) < len(old) or new[: len(old)] != old:
        return []
    c = _Ctx(sc, lang, tuple(after.known), frozenset(computer), dict(names or {}), after)
    moments: list[Moment] = []
    stress = before.stress
    for i, e in enumerate(new[len(old):], len(old)):
        stress = _stress_after(stress, e)
        moments += _entry_moments(attrs.evolve(c, index=i), e, stress, after)
    return _with_voice(c, moments, before, after)


def handover(sc: Scenario, before: GameState, after: GameState, lang: str, humans: Collection[AgencyId],
             names: Mapping[AgencyId, str] | None = None) -> Moment | None:
    """"Aan de beurt: de woningcorporatie": when the turn passes to another human team and more than one plays."""
    nxt = after.active_agency
    if (after.phase is not Phase.ACTIES or nxt is None or nxt not in humans or after.outcome is not None
            or len([a for a in after.in_play if a in humans]) < 2):
        return None
    if before.phase is Phase.ACTIES and before.active_agency == nxt:
        return None
    who = team(sc, nxt, lang, names or {})
    return Moment("handover", _tr(lang, "moment.handover.title", team=who), _tr(lang, "moment.handover.tag"),
                  (_tr(lang, "moment.handover.text", team=who),), nxt, None, full=True)


def opening(sc: Scenario, state: GameState, lang: str) -> Moment:
    """The start of the game: "Dit is Jan…", his story whole, in his own words."""
    p = sc.person
    return Moment("start", _tr(lang, "moment.start.title", name=p.name.get(lang), age=p.age), _tr(lang, "moment.start.tag"),
                  (p.story.get(lang), _tr(lang, "moment.start.weeks", rounds=sc.rounds)), None, state.stress,
                  quote_for(sc, "start", lang), None, full=True)
