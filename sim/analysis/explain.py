"""Why a game ended as it did: which part of the stability rule held or failed, the weakest leg
and what pressed on it, and the turning points (first crossing, the peak, what was never done).

`explain(sc, state)` is pure and gives plain data; `explain_lines` puts it in words through the
catalogs. The debrief screen and the report both use it, so they tell the same story. The rule is
the scenario's own (`scoring.thresholds`): stress at most `stable_stress` and every leg at least
`stable_leg` for `stable_rounds` weeks running; nothing here assumes its numbers.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from sim.core.model import LEGS, Scenario
from sim.core.state import Figure, GameState, Snapshot
from sim.i18n import num, t


@attrs.frozen
class Condition:
    """One part of the stability rule at the end of the game: the figure, its level and whether it held."""

    figure: str  # "stress" or a leg's id
    level: float
    value: float
    met: bool


@attrs.frozen
class StressorStory:
    """One stressor over the game: how heavy, when (and by whom) it came out, whether anyone lightened it."""

    index: int
    id: str
    leg: str
    start: int  # severity at the start
    end: int  # severity at the end
    peak: int  # the highest severity it reached
    hidden: bool  # hidden at the start of the game
    known_by: tuple[str, ...]  # the agencies whose dossier held it from the start
    found: int | None  # round it came to light (0: known from the start; None: never)
    found_by: str | None  # the agency (or None: an event or the facilitator) that brought it out
    lightened: int | None  # first round its severity went down, None when it never did
    shared: tuple[tuple[int, str, str], ...] = ()  # passed from one dossier to one partner: (week, from, to)


@attrs.frozen
class Explanation:
    """Why the game ended as it did, as data."""

    outcome: str  # "stabiel", "kwetsbaar", "crisis" or "" while running
    end_reason: str
    rounds: int
    stable_stress: float
    stable_leg: float
    stable_rounds: int
    crisis_level: float
    conditions: tuple[Condition, ...]  # stress first, then each leg, at the end
    best_streak: int  # the longest run of stable weeks
    streak_from: int | None  # first week of that run
    weakest: str  # the weakest leg at the end
    weakest_value: float
    peak_round: int
    peak_stress: float
    first_crossing: tuple[int, str, str, float, float | None] | None  # round, agency, card, stress before, after
    crisis_event: str | None  # the event that brought the crisis, if one did
    stressors: tuple[StressorStory, ...]

    @property
    def failed(self) -> tuple[Condition, ...]:
        """The parts of the rule that did not hold at the end."""
        return tuple(c for c in self.conditions if not c.met)

    def on_leg(self, leg: str) -> tuple[StressorStory, ...]:
        """The stressors of `leg` that pressed on it at some time, heaviest at the end first."""
        rows = [s for s in self.stressors if s.leg == leg and s.peak > 0]
        return tuple(sorted(rows, key=lambda s: (-s.end, -s.start, s.index)))

    @property
    def never_addressed(self) -> tuple[StressorStory, ...]:
        """Stressors still there at the end that nobody ever lightened."""
        return tuple(s for s in self.stressors if s.end > 0 and s.lightened is None)

    @property
    def never_found(self) -> tuple[StressorStory, ...]:
        """Hidden stressors that never came to light."""
        return tuple(s for s in self.stressors if s.found is None)


def _stable(sc: Scenario, snap: Snapshot) -> bool:
    th = sc.scoring.thresholds
    return snap.stress <= th.stable_stress and min(snap.legs) >= th.stable_leg


def _best_streak(sc: Scenario, snaps: list[Snapshot]) -> tuple[int, int | None]:
    """The longest run of stable weeks (the start, round 0, does not count) and its first week."""
    best, start, run, run_start = 0, None, 0, 0
    for snap in snaps:
        if snap.round == 0:
            continue
        if _stable(sc, snap):
            run_start = snap.round if run == 0 else run_start
            run += 1
            if run > best:
                best, start = run, run_start
        else:
            run = 0
    return best, start


def _found(state: GameState, k: int, stressor_id: str, hidden: bool) -> tuple[int | None, str | None]:
    """When and by whom stressor `k` came to light."""
    if not hidden:
        return 0, None
    for entry in state.log:
        if any(ch.figure == Figure.REVEAL and ch.key == stressor_id for ch in entry.changes):
            return entry.round, entry.agency
    seen = next((s.round for s in state.history if s.known[k]), None)  # a quiet log: the snapshots still know
    if seen is None and state.known[k]:
        seen = state.round
    return seen, None


def _dossier(sc: Scenario, state: GameState, k: int, hidden: bool) -> tuple[tuple[str, ...], tuple[tuple[int, str, str], ...]]:
    """Whose dossier held stressor `k` at the start, and each time it was passed to one partner (week, from, to).

    A game may draw its secrets from the seed and let a team share from its dossier with one partner
    (a `log.share` line naming the partner in `to`); where the state keeps the dossiers it tells, else
    the scenario's `known_by` does.
    """
    sid = sc.stressors[k].id
    shared = tuple((e.round, e.agency, str(getattr(e, "to", "")))
                   for e in state.log if e.kind == "log.share" and e.ref == sid and e.agency and getattr(e, "to", None))
    dossiers = getattr(state, "dossiers", None)
    if not dossiers:
        return tuple(sc.stressors[k].known_by), shared
    later = {to for _, _, to in shared}
    start = [a.id for a in sc.agencies if a.id in dossiers[k] and a.id not in later] if hidden else []
    return tuple(start), shared


def _stories(sc: Scenario, state: GameState) -> tuple[StressorStory, ...]:
    snaps = list(state.history)
    out = []
    for k, s in enumerate(sc.stressors):
        series = [snap.severity[k] for snap in snaps] + [state.severity[k]]
        lightened = next((snaps[i].round if i < len(snaps) else state.round
                          for i in range(1, len(series)) if series[i] < series[i - 1]), None)
        hidden = not snaps[0].known[k] if snaps else s.hidden  # the start's own secret (a game may draw it)
        found, by = _found(state, k, s.id, hidden)
        start, shared = _dossier(sc, state, k, hidden)
        out.append(StressorStory(k, s.id, s.leg.value, s.severity, state.severity[k], max(series), hidden,
                                 start, found, by, lightened, shared))
    return tuple(out)


def _peak(state: GameState) -> tuple[float, int]:
    """The highest stress and the first week it was reached: the end of each week, and within a week where the log says."""
    points = [(float(s.stress), s.round) for s in state.history] + [(float(state.stress), state.round)]
    points += [(float(ch.after), e.round) for e in state.log for ch in e.changes if ch.figure == Figure.STRESS]
    stress, rnd = max(points, key=lambda p: (p[0], -p[1]))
    return stress, rnd


def _crisis_event(sc: Scenario, state: GameState) -> str | None:
    for entry in reversed(state.log):
        if any(ch.figure == Figure.CRISIS for ch in entry.changes) and entry.ref in sc.event_by_id:
            return entry.ref
    return None


def explain(sc: Scenario, state: GameState) -> Explanation:
    """Why `state` ended as it did (or stands where it does, while running)."""
    th = sc.scoring.thresholds
    conditions = [Condition("stress", th.stable_stress, float(state.stress), state.stress <= th.stable_stress)]
    conditions += [Condition(leg.value, th.stable_leg, float(v), v >= th.stable_leg) for leg, v in zip(LEGS, state.legs)]
    snaps = list(state.history)
    best, start = _best_streak(sc, snaps)
    weak = min(range(3), key=lambda i: (state.legs[i], i))
    peak_stress, peak_round = _peak(state)
    first = None
    if state.crossings:
        c = state.crossings[0]
        after = next((s.stress for s in snaps if s.round == c.round), None)
        first = (c.round, c.agency, c.card, float(c.stress_before), None if after is None else float(after))
    return Explanation(
        outcome=state.outcome.value if state.outcome is not None else "",
        end_reason=state.end_reason or "",
        rounds=state.round,
        stable_stress=th.stable_stress,
        stable_leg=th.stable_leg,
        stable_rounds=th.stable_rounds,
        crisis_level=th.crisis,
        conditions=tuple(conditions),
        best_streak=best,
        streak_from=start,
        weakest=LEGS[weak].value,
        weakest_value=float(state.legs[weak]),
        peak_round=peak_round,
        peak_stress=peak_stress,
        first_crossing=first,
        crisis_event=_crisis_event(sc, state),
        stressors=_stories(sc, state),
    )


# ---------------------------------------------------------------------------
# In words.
# ---------------------------------------------------------------------------


def _weeks(n: int, lang: str) -> str:
    return t("explain.weeks", lang, n=n)


def stressor_name(sc: Scenario, story: StressorStory, lang: str, open_secrets: bool) -> str:
    """A stressor's name; a hidden one that never came out is named only when secrets are open (the debrief)."""
    if story.found is None and not open_secrets:
        return t("name.hidden_stressor", lang)
    return sc.stressors[story.index].name.get(lang)


def rule_text(ex: Explanation, lang: str) -> str:
    """The scenario's stability rule in words, with its own numbers."""
    return t("explain.rule", lang, stress=num(ex.stable_stress, lang, 0), leg=num(ex.stable_leg, lang, 0),
             weeks=_weeks(ex.stable_rounds, lang))


def headline(sc: Scenario, ex: Explanation, lang: str) -> str:
    """The one sentence that says why: what held, or which part of the rule failed."""
    if ex.outcome == "crisis":
        if ex.crisis_event is not None:
            return t("explain.crisis_event", lang, event=sc.event_by_id[ex.crisis_event].title.get(lang), round=ex.rounds)
        return t("explain.crisis_stress", lang, level=num(ex.crisis_level, lang, 0), round=ex.rounds)
    if ex.outcome == "stabiel" and ex.end_reason == "stabilised":
        return t("explain.stabilised", lang, weeks=_weeks(ex.stable_rounds, lang), round=ex.rounds)
    if ex.outcome == "stabiel":
        return t("explain.stable_at_end", lang, rounds=_weeks(ex.rounds, lang), best=_weeks(ex.best_streak, lang))
    if ex.outcome == "kwetsbaar":
        return t("explain.kwetsbaar", lang, rounds=_weeks(ex.rounds, lang))
    return t("explain.running", lang)


def condition_lines(ex: Explanation, lang: str) -> list[str]:
    """Each part of the rule that failed at the end, with the figure and its level; then how close the streak came."""
    out = []
    for c in ex.failed:
        if c.figure == "stress":
            out.append(t("explain.failed_stress", lang, value=num(c.value, lang, 0), level=num(c.level, lang, 0)))
        else:
            out.append(t("explain.failed_leg", lang, leg=t(f"leg.{c.figure}", lang), value=num(c.value, lang, 1),
                         level=num(c.level, lang, 0)))
    if ex.outcome == "kwetsbaar":
        if ex.best_streak == 0:
            out.append(t("explain.no_stable_week", lang))
        else:
            out.append(t("explain.best_streak", lang, best=_weeks(ex.best_streak, lang), round=ex.streak_from or 0,
                         need=_weeks(ex.stable_rounds, lang)))
    return out


def weakest_line(sc: Scenario, ex: Explanation, lang: str, open_secrets: bool) -> str:
    """The weakest leg and the stressors that pressed on it."""
    leg = t(f"leg.{ex.weakest}", lang)
    value = num(ex.weakest_value, lang, 1)
    stories = ex.on_leg(ex.weakest)
    active = [s for s in stories if s.end > 0]
    if active:
        causes = ", ".join(t("explain.cause", lang, name=stressor_name(sc, s, lang, open_secrets), severity=s.end) for s in active)
        return t("explain.weakest", lang, leg=leg, value=value, causes=causes)
    if stories:
        gone = ", ".join(stressor_name(sc, s, lang, open_secrets) for s in stories)
        return t("explain.weakest_cleared", lang, leg=leg, value=value, causes=gone)
    return t("explain.weakest_free", lang, leg=leg, value=value)


def turning_lines(sc: Scenario, ex: Explanation, lang: str, names: Mapping[str, str] | None = None,
                  open_secrets: bool = True) -> list[str]:
    """The turning points: the first crossing and what followed, the peak of stress, what was never done or found."""
    out = []
    if ex.first_crossing is None:
        out.append(t("explain.no_crossing", lang))
    else:
        rnd, agency, card, before, after = ex.first_crossing
        team = (names or {}).get(agency) or sc.agency(agency).name.get(lang)
        params = {"round": rnd, "team": team, "card": sc.card_by_id[card].title.get(lang), "before": num(before, lang, 0)}
        if after is None:
            out.append(t("explain.first_crossing_end", lang, **params))
        else:
            out.append(t("explain.first_crossing", lang, after=num(after, lang, 0), **params))
    crisis_by_stress = ex.outcome == "crisis" and ex.crisis_event is None  # the headline already says it
    if not crisis_by_stress:
        key = "explain.peak_start" if ex.peak_round == 0 else "explain.peak"
        out.append(t(key, lang, round=ex.peak_round, stress=num(ex.peak_stress, lang, 0)))
    left = ex.never_addressed
    if left:
        out.append(t("explain.never_addressed", lang, names=", ".join(stressor_name(sc, s, lang, open_secrets) for s in left)))
    if ex.never_found:
        out.append(t("explain.never_found", lang, n=len(ex.never_found)))
    return out


def explain_lines(sc: Scenario, state: GameState, lang: str, names: Mapping[str, str] | None = None,
                  open_secrets: bool | None = None) -> list[str]:
    """The whole explanation in sentences: why, the rule's failed parts, the weakest leg, the turning points.

    Secrets (hidden stressors nobody found) are named only once the game is over (then the debrief
    opens them), and never when `open_secrets` is False (the presenter keeps them for its last slides).
    """
    ex = explain(sc, state)
    open_secrets = bool(ex.outcome) if open_secrets is None else open_secrets and bool(ex.outcome)
    lines = [headline(sc, ex, lang)]
    if ex.outcome != "crisis":
        lines.append(rule_text(ex, lang))
        lines += condition_lines(ex, lang)
    lines.append(weakest_line(sc, ex, lang, open_secrets))
    lines += turning_lines(sc, ex, lang, names, open_secrets)
    return lines


__all__ = [
    "Condition",
    "Explanation",
    "StressorStory",
    "condition_lines",
    "explain",
    "explain_lines",
    "headline",
    "rule_text",
    "stressor_name",
    "turning_lines",
    "weakest_line",
]
