"""The debrief report: one self-contained HTML page, its charts as PNG, and the full record as JSON.

`write_report(saved, loaded, out_dir)` replays a saved session and writes

- `report.html`: overview, the course of stress and the legs with events and
  boundary crossings marked, the triangle at the start and the end, every
  decision per agency, key moments, costs against the scenario's alternative,
  each system's KPI beside the person's outcome, the learning objectives with
  their P/S/M/U rating, the reflection questions and the facilitator's notes;
  charts are embedded as base64 PNG, so the one file can be mailed or printed;
- `course.png`, `triangle.png`, `timeline.png`, `costs.png`, `kpi.png`;
- `record.json`: the session file (replayable with `run_sim.py replay`);
- `figures.json`: every figure per round and the log in words, for analysis.

Everything is in the session's language. The HTML is built from string
templates in which every text that is not ours (scenario texts, team names,
notes) passes through `html.escape`; the page also forbids scripts through its
Content-Security-Policy, so a scenario title containing `<script>` shows as text.

matplotlib (Agg backend, no screen) is imported only when charts are drawn.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
from pathlib import Path
from typing import Any, Iterable, Sequence

import attrs

from sim.session import sessionfile
from sim.i18n import money, t
from sim.core.model import LEGS, CardType, Scenario
from sim.i18n.narrate import log_line
from sim.session.record import final_figures
from sim.core.scoring import GameSummary, summarize
from sim.session.sessionfile import HUMAN, SavedSession
from sim.core.state import GameState, LogEntry

CHART_NAMES = ("course", "triangle", "timeline", "costs", "kpi")

# Okabe-Ito: safe for the common kinds of colour blindness; every series also has its own line style and marker.
INK = "#111111"
BLUE = "#0072B2"
ORANGE = "#E69F00"
VERMILION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
GREY = "#666666"
LEG_STYLES = ((BLUE, "-", "o"), (ORANGE, "--", "s"), (PURPLE, "-.", "^"))
TYPE_STYLES = {  # card type -> (colour, marker)
    CardType.IN_SYSTEM: (GREY, "o"),
    CardType.BOUNDARY: (VERMILION, "D"),
    CardType.JOINT: (BLUE, "s"),
    CardType.RULE: (GREEN, "*"),
}
_PLAY_KINDS = ("log.card", "log.joint", "log.rule")
_EVENT_KINDS = ("log.event", "log.inject", "log.event_cancelled")


@attrs.frozen
class ReportFiles:
    """What `write_report` wrote."""

    html: Path
    record: Path
    figures: Path
    charts: tuple[Path, ...]
    warnings: tuple[str, ...]  # what the facilitator should know (e.g. the scenario file changed)


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


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def num(x: float, lang: str, digits: int = 1) -> str:
    """A number for people: a decimal comma in Dutch."""
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def _crisis_name(key: str) -> str:
    return key.replace("_", " ")


def _agency_name(sc: Scenario, agency: str | None, lang: str) -> str:
    if agency is None or agency not in sc.agency_index:
        return t("report.facilitator", lang) if agency is None else agency
    return sc.agency(agency).name.get(lang)


def _team(saved: SavedSession, sc: Scenario, agency: str, lang: str) -> str:
    name = saved.names.get(agency, "")
    base = _agency_name(sc, agency, lang)
    return f"{base} ({name})" if name and name != base else base


# ---------------------------------------------------------------------------
# What happened: plays, events, moments.
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


def adjustments(state: GameState) -> list[LogEntry]:
    """The facilitator's adjustments of figures."""
    return [e for e in state.log if e.kind == "log.adjust"]


def key_moments(sc: Scenario, state: GameState, lang: str, largest: int = 3) -> list[Moment]:
    """The largest stress changes between rounds, thresholds crossed, stressors resolved or found, crisis costs."""
    snaps = list(state.history)
    th = sc.scoring.thresholds
    moments: list[Moment] = []
    played_in: dict[int, list[str]] = {}
    for p in plays(sc, state):
        played_in.setdefault(p.round, []).append(sc.card_by_id[p.card].title.get(lang))
    happened_in: dict[int, list[str]] = {}
    for e in events(state):
        if e.kind != "log.event_cancelled":
            happened_in.setdefault(e.round, []).append(sc.event_by_id[e.ref].title.get(lang))
    changes = []
    for a, b in zip(snaps, snaps[1:]):
        delta = b.stress - a.stress
        if abs(delta) >= 0.5:
            changes.append((abs(delta), a, b, delta))
    for _, a, b, delta in sorted(changes, key=lambda c: (-c[0], c[2].round))[:largest]:
        what = happened_in.get(b.round, []) + played_in.get(b.round, [])
        key = "report.moment.stress_up" if delta > 0 else "report.moment.stress_down"
        text = t(key, lang, round=b.round, before=num(a.stress, lang, 0), after=num(b.stress, lang, 0))
        if what:
            shown = "; ".join(what[:6]) + ("; …" if len(what) > 6 else "")
            text += " " + t("report.moment.during", lang, what=shown)
        moments.append(Moment(b.round, "stress", text, abs(delta)))
    for a, b in zip(snaps, snaps[1:]):
        r = b.round
        if a.stress < th.crisis <= b.stress:
            moments.append(Moment(r, "threshold", t("report.moment.crisis_level", lang, round=r, level=num(th.crisis, lang, 0))))
        if a.stress > th.stable_stress >= b.stress:
            moments.append(Moment(r, "threshold", t("report.moment.calm", lang, round=r, level=num(th.stable_stress, lang, 0))))
        if a.stress <= th.stable_stress < b.stress:
            moments.append(Moment(r, "threshold", t("report.moment.unrest", lang, round=r, level=num(th.stable_stress, lang, 0))))
        for leg, x, y in zip(LEGS, a.legs, b.legs):
            name = t(f"leg.{leg.value}", lang)
            if x >= th.stable_leg > y:
                moments.append(Moment(r, "threshold", t("report.moment.leg_down", lang, round=r, leg=name, level=num(th.stable_leg, lang, 0))))
            if x < th.stable_leg <= y:
                moments.append(Moment(r, "threshold", t("report.moment.leg_up", lang, round=r, leg=name, level=num(th.stable_leg, lang, 0))))
        for i, stressor in enumerate(sc.stressors):
            name = stressor.name.get(lang)
            if a.severity[i] > 0 and b.severity[i] == 0:
                moments.append(Moment(r, "stressor", t("report.moment.resolved", lang, round=r, stressor=name)))
            if not a.known[i] and b.known[i]:
                moments.append(Moment(r, "stressor", t("report.moment.revealed", lang, round=r, stressor=name)))
        if b.crisis_cost > a.crisis_cost:
            moments.append(Moment(r, "crisis", t("report.moment.crisis_cost", lang, round=r, amount=money(b.crisis_cost - a.crisis_cost, lang))))
    if state.outcome is not None:
        moments.append(Moment(state.round, "end", t("report.moment.end", lang, round=state.round,
                                                         outcome=t(f"outcome.{state.outcome.value}", lang),
                                                         reason=end_reason(state, lang))))
    order = {"stress": 0, "threshold": 1, "stressor": 2, "crisis": 3, "end": 4}
    return sorted(moments, key=lambda m: (m.round, order[m.kind], -m.size))


def end_reason(state: GameState, lang: str) -> str:
    """Why the game ended, in words."""
    reason = state.end_reason
    if reason is None:
        return t("report.end.running", lang)
    if reason in ("rounds", "stress", "stabilised"):
        return t(f"report.end.{reason}", lang)
    return t("report.end.crisis", lang, cost=_crisis_name(reason))


# ---------------------------------------------------------------------------
# Charts.
# ---------------------------------------------------------------------------


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "font.size": 15, "axes.titlesize": 17, "axes.labelsize": 15, "legend.fontsize": 13,
        "xtick.labelsize": 14, "ytick.labelsize": 14, "axes.edgecolor": INK, "text.color": INK,
        "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK, "figure.dpi": 100,
        "axes.spines.top": False, "axes.spines.right": False, "hatch.linewidth": 1.2,
    })
    return plt


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", facecolor="white")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def chart_course(sc: Scenario, state: GameState, s: GameSummary, lang: str) -> bytes:
    """Stress (top) and the three legs with the stability index (bottom) per round; events and boundary crossings marked."""
    plt = _pyplot()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 8.5), sharex=True, gridspec_kw={"height_ratios": [1.1, 1]})
    x = s.rounds
    th = sc.scoring.thresholds
    last = max(sc.rounds, int(x.max()) if len(x) else 0)
    top.axhline(th.crisis, color=VERMILION, linestyle="--", linewidth=2, label=t("report.chart.crisis_line", lang))
    top.axhline(th.stable_stress, color=GREEN, linestyle=":", linewidth=2, label=t("report.chart.stable_line", lang))
    top.plot(x, s.stress, color=INK, linewidth=3, marker="o", markersize=8, label=t("report.chart.stress", lang))
    # Events happen at the start of a round, between the snapshots of round r-1 and r.
    evs = events(state)
    by_round: dict[int, list[int]] = {}
    for i, e in enumerate(evs, 1):
        by_round.setdefault(e.round, []).append(i)
    for rnd, nums in by_round.items():
        top.plot([rnd - 0.75], [104], marker="v", color=SKY, markeredgecolor=INK, markersize=12, clip_on=False)
        label = f"E{nums[0]}" if len(nums) == 1 else f"E{nums[0]}–{nums[-1]}"
        top.annotate(label, (rnd - 0.75, 104), xytext=(0, 9), textcoords="offset points",
                     ha="center", fontsize=12, annotation_clip=False)
    if evs:
        top.plot([], [], marker="v", color=SKY, markeredgecolor=INK, linestyle="none", markersize=11,
                 label=t("report.chart.events", lang))
    crossings = list(state.crossings)
    if crossings:
        per_round: dict[int, int] = {}
        for c in crossings:
            k = per_round.get(c.round, 0)
            per_round[c.round] = k + 1
            top.plot([c.round - 0.5 + 0.08 * k], [c.stress_before], marker="D", color=VERMILION, markeredgecolor=INK,
                     markersize=10, linestyle="none")
        top.plot([], [], marker="D", color=VERMILION, markeredgecolor=INK, linestyle="none", markersize=10,
                 label=t("report.chart.crossings", lang))
    top.set_ylim(0, 100)
    top.set_ylabel(t("report.chart.stress_axis", lang))
    top.grid(axis="y", color="#dddddd")
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    top.set_title(t("report.chart.course_title", lang), loc="left", pad=34)
    for (colour, style, marker), leg, k in zip(LEG_STYLES, LEGS, range(3)):
        bottom.plot(x, s.legs[:, k], color=colour, linestyle=style, marker=marker, markersize=8, linewidth=2.5,
                    label=t(f"leg.{leg.value}", lang))
    bottom.plot(x, s.stability, color=INK, linestyle=":", linewidth=3, marker="x", markersize=9,
                label=t("report.chart.stability", lang))
    bottom.axhline(th.stable_leg, color=GREEN, linestyle=(0, (1, 3)), linewidth=1.5)
    bottom.set_ylim(0, 10)
    bottom.set_ylabel(t("report.chart.legs_axis", lang))
    bottom.set_xlabel(t("report.chart.round_axis", lang))
    bottom.set_xticks(range(0, last + 1))
    bottom.set_xlim(-0.3, last + 0.3)
    bottom.grid(axis="y", color="#dddddd")
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return _png(fig)


def chart_triangle(sc: Scenario, state: GameState, s: GameSummary, lang: str) -> bytes:
    """The stability triangle at the start (dashed) and at the end (solid)."""
    import math

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 7.2))
    angles = [math.pi / 2, math.pi / 2 + 2 * math.pi / 3, math.pi / 2 + 4 * math.pi / 3]

    def point(k: int, value: float) -> tuple[float, float]:
        return (value * math.cos(angles[k]), value * math.sin(angles[k]))

    for level in (2, 4, 6, 8, 10):
        pts = [point(k, level) for k in range(3)] + [point(0, level)]
        ax.plot(*zip(*pts), color="#bbbbbb" if level != sc.scoring.thresholds.stable_leg else GREEN,
                linewidth=1 if level != 10 else 1.6, linestyle="-" if level != sc.scoring.thresholds.stable_leg else ":")
    for k in range(3):
        ax.plot(*zip((0, 0), point(k, 10)), color="#bbbbbb", linewidth=1)
    start, end = s.legs[0], s.legs[-1]
    sp = [point(k, start[k]) for k in range(3)]
    ep = [point(k, end[k]) for k in range(3)]
    ax.fill(*zip(*sp), facecolor="none", edgecolor=ORANGE, hatch="//", linewidth=0)
    ax.plot(*zip(*(sp + sp[:1])), color=ORANGE, linestyle="--", linewidth=3, marker="s", markersize=9,
            label=t("report.chart.start", lang))
    ax.fill(*zip(*ep), color=BLUE, alpha=0.25)
    ax.plot(*zip(*(ep + ep[:1])), color=BLUE, linestyle="-", linewidth=3.5, marker="o", markersize=10,
            label=t("report.chart.end", lang, round=state.round))
    for k, leg in enumerate(LEGS):
        lx, ly = point(k, 11.6)
        ax.text(lx, ly, f"{t(f'leg.{leg.value}', lang)}\n{num(start[k], lang)} → {num(end[k], lang)}",
                ha="center", va="center", fontsize=15, fontweight="bold")
    ax.set_aspect("equal")
    ax.set_xlim(-13.5, 13.5)
    ax.set_ylim(-8.5, 13)
    ax.axis("off")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.06), ncol=2, frameon=False)
    ax.set_title(t("report.chart.triangle_title", lang), loc="left")
    return _png(fig)


def chart_timeline(sc: Scenario, state: GameState, s: GameSummary, lang: str) -> bytes:
    """Every decision per agency per round: one marker per card, its shape and colour by card type; events on top."""
    plt = _pyplot()
    lanes = list(state.in_play)
    fig, ax = plt.subplots(figsize=(11, 1.2 + 0.75 * (len(lanes) + 1)))
    ys = {a: len(lanes) - i for i, a in enumerate(lanes)}
    counts: dict[tuple[int, str], int] = {}
    used: set[CardType] = set()
    for p in plays(sc, state):
        k = counts.get((p.round, p.agency), 0)
        counts[(p.round, p.agency)] = k + 1
        colour, marker = TYPE_STYLES[p.type]
        marker = "D" if p.boundary and p.type is CardType.IN_SYSTEM else marker
        ax.plot([p.round - 0.35 + 0.14 * k], [ys.get(p.agency, 0)], marker=marker, color=colour, markeredgecolor=INK,
                markersize=14 if marker == "*" else 11, linestyle="none")
        used.add(p.type)
    ev_counts: dict[int, int] = {}
    for e in events(state):
        k = ev_counts.get(e.round, 0)
        ev_counts[e.round] = k + 1
        ax.plot([e.round - 0.35 + 0.14 * k], [len(lanes) + 1], marker="v", color=SKY, markeredgecolor=INK,
                markersize=11, linestyle="none")
    for a in lanes:
        ax.axhline(ys[a], color="#e5e5e5", linewidth=1, zorder=0)
    ax.set_yticks([len(lanes) + 1] + [ys[a] for a in lanes])
    ax.set_yticklabels([t("report.chart.events", lang)] + [f"{sc.agency(a).label}  {sc.agency(a).name.get(lang)}" for a in lanes])
    last = max(sc.rounds, state.round)
    ax.set_xticks(range(1, last + 1))
    ax.set_xlim(0.4, last + 0.6)
    ax.set_ylim(0.4, len(lanes) + 1.6)
    ax.set_xlabel(t("report.round", lang))
    for ctype in (CardType.IN_SYSTEM, CardType.BOUNDARY, CardType.JOINT, CardType.RULE):
        colour, marker = TYPE_STYLES[ctype]
        ax.plot([], [], marker=marker, color=colour, markeredgecolor=INK, linestyle="none", markersize=11,
                label=t(f"type.{ctype.value}", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_title(t("report.chart.timeline_title", lang), loc="left")
    ax.spines["left"].set_visible(False)
    return _png(fig)


def chart_costs(sc: Scenario, state: GameState, s: GameSummary, lang: str) -> bytes:
    """Euros spent by the agencies and crisis costs, against the alternative the scenario names."""
    plt = _pyplot()
    labels = [t("report.chart.spent", lang), t("report.chart.crisis_costs", lang), t("report.chart.together", lang)]
    values = [s.euros_total, s.crisis_total, s.euros_total + s.crisis_total]
    styles = [(BLUE, ""), (VERMILION, "xx"), (GREY, "..")]
    if sc.scoring.alternative_cost is not None:
        labels.append(t("report.chart.alternative", lang))
        values.append(float(sc.scoring.alternative_cost))
        styles.append((GREEN, "//"))
    fig, ax = plt.subplots(figsize=(11, 1.4 + 0.9 * len(labels)))
    ys = list(range(len(labels)))[::-1]
    for y, v, (colour, hatch) in zip(ys, values, styles):
        ax.barh(y, v, color=colour, hatch=hatch, edgecolor=INK, height=0.6)
    top = max(values) if max(values) > 0 else 1.0
    for y, v in zip(ys, values):
        ax.text(v + top * 0.015, y, money(v, lang), va="center", fontsize=15, fontweight="bold")
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    ax.set_xlim(0, top * 1.3)
    ax.xaxis.set_major_formatter(lambda v, _pos: money(v, lang))
    ax.set_title(t("report.chart.costs_title", lang), loc="left")
    return _png(fig)


def chart_kpi(sc: Scenario, state: GameState, s: GameSummary, lang: str) -> bytes:
    """Each agency's KPI at the start and the end, beside the person's stress and stability."""
    import numpy as np

    plt = _pyplot()
    lanes = list(state.in_play)
    idx = [sc.agency_index[a] for a in lanes]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 1.6 + 0.8 * max(len(lanes), 3)),
                                      gridspec_kw={"width_ratios": [2.2, 1]})
    ys = np.arange(len(lanes))[::-1]
    left.barh(ys + 0.2, s.kpi[0, idx], height=0.38, color="white", edgecolor=GREY, hatch="//", label=t("report.chart.start", lang))
    left.barh(ys - 0.2, s.kpi[-1, idx], height=0.38, color=BLUE, edgecolor=INK, label=t("report.chart.end", lang, round=state.round))
    for y, v in zip(ys, s.kpi[-1, idx]):
        left.text(v + 1, y - 0.2, num(v, lang, 0), va="center", fontsize=13)
    left.set_yticks(ys)
    left.set_yticklabels([f"{sc.agency(a).label}  {sc.agency(a).kpi.name.get(lang)}" for a in lanes])
    left.set_xlim(0, max(100.0, float(s.kpi.max())) * 1.12)
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    left.set_title(t("report.chart.kpi_title", lang), loc="left")
    names = [t("report.chart.stress", lang), t("report.chart.stability_x10", lang)]
    start = [s.stress[0], s.stability[0] * 10]
    end = [s.stress[-1], s.stability[-1] * 10]
    yy = np.arange(2)[::-1]
    right.barh(yy + 0.2, start, height=0.38, color="white", edgecolor=GREY, hatch="//")
    right.barh(yy - 0.2, end, height=0.38, color=[VERMILION, GREEN], edgecolor=INK)
    for y, v in zip(yy, end):
        right.text(v + 1, y - 0.2, num(v, lang, 0), va="center", fontsize=13)
    right.set_yticks(yy)
    right.set_yticklabels(names)
    right.set_xlim(0, 115)
    outcome = t(f"outcome.{state.outcome.value}", lang) if state.outcome else t("report.running", lang)
    right.set_title(t("report.chart.person_title", lang, outcome=outcome), loc="left")
    fig.tight_layout()
    return _png(fig)


_CHARTS = {
    "course": chart_course,
    "triangle": chart_triangle,
    "timeline": chart_timeline,
    "costs": chart_costs,
    "kpi": chart_kpi,
}


def draw_charts(sc: Scenario, state: GameState, lang: str, names: Iterable[str] = CHART_NAMES) -> dict[str, bytes]:
    """The report's charts as PNG bytes, by name."""
    s = summarize(sc, state)
    return {name: _CHARTS[name](sc, state, s, lang) for name in names}


# ---------------------------------------------------------------------------
# HTML.
# ---------------------------------------------------------------------------


CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 19px; line-height: 1.5;
       color: #111; background: #fff; margin: 0 auto; max-width: 1180px; padding: 24px 32px 64px; }
h1 { font-size: 38px; margin: 0 0 4px; }
h2 { font-size: 28px; margin: 44px 0 12px; padding-bottom: 4px; border-bottom: 3px solid #111; }
h3 { font-size: 22px; margin: 24px 0 8px; }
.sub { font-size: 21px; color: #333; margin: 0 0 18px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid #bbb; }
th { background: #f0f0f0; }
td.n, th.n { text-align: right; white-space: nowrap; }
table.timeline { table-layout: fixed; font-size: 16px; }
table.timeline th:first-child { width: 4.2em; }
table.timeline ul { margin: 0; padding-left: 1.1em; }
table.timeline th, table.timeline td { overflow-wrap: anywhere; padding: 6px; }
figure { margin: 12px 0 20px; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 17px; color: #333; margin-top: 6px; }
.chip { display: inline-block; min-width: 2.6em; padding: 0 6px; margin-right: 6px; border: 2px solid #111;
        border-radius: 4px; font-weight: bold; text-align: center; background: #fff; }
.chip i { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 4px; border: 1px solid #111; vertical-align: -1px; }
.outcome { font-size: 26px; font-weight: bold; }
.type { font-size: 15px; border: 1px solid #555; border-radius: 3px; padding: 0 4px; white-space: nowrap; }
.type.boundary { border-width: 2px; font-weight: bold; }
.rating { font-size: 24px; font-weight: bold; text-align: center; width: 4em; }
.warn { border: 3px solid #D55E00; padding: 10px 14px; margin: 16px 0; }
ul.moments li, ol.questions li { margin: 6px 0; }
.muted { color: #444; }
dl.overview { display: grid; grid-template-columns: max-content 1fr; gap: 6px 20px; margin: 0; }
dl.overview dt { font-weight: bold; }
dl.overview dd { margin: 0; }
footer { margin-top: 48px; font-size: 15px; color: #333; border-top: 1px solid #bbb; padding-top: 8px; }
@page { size: A4; margin: 15mm; }
@media print {
  body { font-size: 11pt; max-width: none; padding: 0; }
  h1 { font-size: 22pt; } h2 { font-size: 16pt; break-after: avoid; } h3 { font-size: 13pt; break-after: avoid; }
  figure, table, tr, .warn, li { break-inside: avoid; }
  figure img { border: none; }
  a { color: inherit; text-decoration: none; }
}
"""


def _section(sid: str, title: str, body: str) -> str:
    return f'<section id="{sid}">\n<h2>{_e(title)}</h2>\n{body}\n</section>\n'


def _figure(name: str, png: bytes, alt: str, caption: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure><img class="chart" id="chart-{name}" src="data:image/png;base64,{data}" alt="{_e(alt)}">'
            f"<figcaption>{_e(caption)}</figcaption></figure>")


def _chip(sc: Scenario, agency: str) -> str:
    a = sc.agency(agency)
    colour = a.colour if a.colour.startswith("#") and len(a.colour) == 7 else "#ffffff"
    return f'<span class="chip"><i style="background:{_e(colour)}"></i>{_e(a.label)}</span>'


def render_html(
    saved: SavedSession,
    sc: Scenario,
    state: GameState,
    charts: dict[str, bytes],
    lang: str,
    warnings: Sequence[str] = (),
    generated: str | None = None,
) -> str:
    """The report as one self-contained HTML page."""
    s = summarize(sc, state)
    L = lambda key, **p: t(key, lang, **p)  # noqa: E731
    title = sc.title.get(lang)
    outcome = L(f"outcome.{state.outcome.value}") if state.outcome else L("report.running")
    out: list[str] = []
    out.append(f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
               f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n"
               f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
               f"<title>{_e(L('report.title', scenario=title))}</title>\n<style>{CSS}</style>\n</head>\n<body>\n")
    out.append(f"<header><h1>{_e(L('report.title', scenario=title))}</h1>"
               f'<p class="sub">{_e(sc.person.name)}, {_e(sc.person.age)} — {_e(sc.summary.get(lang))}</p></header>\n')
    for w in warnings:
        out.append(f'<div class="warn" role="alert"><strong>{_e(L("report.warning"))}</strong> {_e(w)}</div>\n')

    # Overview.
    teams = []
    for a in state.in_play:
        seat = saved.seats.get(a, HUMAN)
        who = L("report.people") if seat == HUMAN else L("report.ai", policy=seat)
        teams.append(f"<li>{_chip(sc, a)}{_e(_team(saved, sc, a, lang))} — {_e(who)}</li>")
    overview = (
        '<dl class="overview">'
        f"<dt>{_e(L('report.scenario'))}</dt><dd>{_e(title)}</dd>"
        f"<dt>{_e(L('report.date'))}</dt><dd>{_e(_date(saved.created, lang))}</dd>"
        f"<dt>{_e(L('report.teams'))}</dt><dd><ul>{''.join(teams)}</ul></dd>"
        f"<dt>{_e(L('report.rounds'))}</dt><dd>{_e(L('report.rounds_of', played=state.round, total=sc.rounds))}</dd>"
        f"<dt>{_e(L('report.outcome'))}</dt><dd><span class=\"outcome\">{_e(outcome)}</span> — {_e(end_reason(state, lang))}</dd>"
        f"<dt>{_e(L('report.person'))}</dt><dd>{_e(L('report.person_figures', stress0=num(s.stress[0], lang, 0), stress1=num(s.final_stress, lang, 0), stab0=num(s.stability[0], lang), stab1=num(s.final_stability, lang)))}</dd>"
        f"<dt>{_e(L('report.crossings'))}</dt><dd>{_e(L('report.crossings_count', n=len(state.crossings), joint=s.joint_actions))}</dd>"
        "</dl>"
    )
    out.append(_section("overzicht", L("report.h.overview"), overview))

    # Course.
    evs = events(state)
    body = _figure("course", charts["course"], L("report.alt.course"), L("report.cap.course"))
    if evs:
        rows = "".join(
            f"<tr><td>E{i}</td><td class=\"n\">{e.round}</td><td>{_e(sc.event_by_id[e.ref].title.get(lang))}"
            f"{' — ' + _e(L('report.event_brought_in')) if e.kind == 'log.inject' else ''}"
            f"{' — ' + _e(L('report.event_cancelled')) if e.kind == 'log.event_cancelled' else ''}</td></tr>"
            for i, e in enumerate(evs, 1))
        body += (f"<h3>{_e(L('report.h.events'))}</h3><table><thead><tr><th></th><th class=\"n\">{_e(L('report.round'))}</th>"
                 f"<th>{_e(L('report.event'))}</th></tr></thead><tbody>{rows}</tbody></table>")
    if s.crossings:
        rows = "".join(
            f"<tr><td class=\"n\">{c.round}</td><td>{_chip(sc, c.agency)}{_e(_agency_name(sc, c.agency, lang))}</td>"
            f"<td>{_e(sc.card_by_id[c.card].title.get(lang))}</td><td class=\"n\">{num(c.stress_before, lang, 0)}</td>"
            f"<td class=\"n\">{'—' if c.stress_after_1 is None else num(c.stress_after_1, lang, 0)}</td>"
            f"<td class=\"n\">{'—' if c.stress_after_2 is None else num(c.stress_after_2, lang, 0)}</td></tr>"
            for c in s.crossings)
        body += (f"<h3>{_e(L('report.h.crossings'))}</h3><table><thead><tr><th class=\"n\">{_e(L('report.round'))}</th>"
                 f"<th>{_e(L('report.agency'))}</th><th>{_e(L('report.card'))}</th><th class=\"n\">{_e(L('report.stress_before'))}</th>"
                 f"<th class=\"n\">{_e(L('report.stress_after_1'))}</th><th class=\"n\">{_e(L('report.stress_after_2'))}</th>"
                 f"</tr></thead><tbody>{rows}</tbody></table>")
    else:
        body += f"<p>{_e(L('report.no_crossings'))}</p>"
    out.append(_section("verloop", L("report.h.course"), body))

    # Triangle.
    rows = "".join(
        f"<tr><td>{_e(L(f'leg.{leg.value}'))}</td><td class=\"n\">{num(s.legs[0, k], lang)}</td>"
        f"<td class=\"n\">{num(s.legs[-1, k], lang)}</td></tr>" for k, leg in enumerate(LEGS))
    rows += (f"<tr><th>{_e(L('report.chart.stability'))}</th><th class=\"n\">{num(s.stability[0], lang)}</th>"
             f"<th class=\"n\">{num(s.final_stability, lang)}</th></tr>")
    body = (_figure("triangle", charts["triangle"], L("report.alt.triangle"), L("report.cap.triangle"))
            + f"<table><thead><tr><th></th><th class=\"n\">{_e(L('report.chart.start'))}</th>"
              f"<th class=\"n\">{_e(L('report.chart.end', round=state.round))}</th></tr></thead><tbody>{rows}</tbody></table>")
    out.append(_section("driehoek", L("report.h.triangle"), body))

    # Timeline of decisions.
    body = _figure("timeline", charts["timeline"], L("report.alt.timeline"), L("report.cap.timeline"))
    all_plays = plays(sc, state)
    head = "".join(f"<th>{_chip(sc, a)}{_e(_team(saved, sc, a, lang))}</th>" for a in state.in_play)
    rows = []
    adjust_by_round: dict[int, list[LogEntry]] = {}
    for e in adjustments(state):
        adjust_by_round.setdefault(e.round, []).append(e)
    for rnd in range(1, state.round + 1):
        cells = []
        for a in state.in_play:
            items = []
            for p in all_plays:
                if p.round == rnd and p.agency == a:
                    kind = "boundary" if p.boundary else p.type.value
                    label = L("type.boundary") if p.boundary and p.type is CardType.IN_SYSTEM else L(f"type.{p.type.value}")
                    extra = ""
                    if p.partners:
                        extra = " " + _e(L("report.with", partners=", ".join(_agency_name(sc, x, lang) for x in p.partners)))
                    items.append(f"<li>{_e(sc.card_by_id[p.card].title.get(lang))} <span class=\"type {kind}\">{_e(label)}</span>{extra}</li>")
            cells.append(f"<td>{'<ul>' + ''.join(items) + '</ul>' if items else '<span class=muted>—</span>'}</td>")
        rows.append(f"<tr><th class=\"n\">{rnd}</th>{''.join(cells)}</tr>")
    body += (f"<table class=\"timeline\"><thead><tr><th class=\"n\">{_e(L('report.round'))}</th>{head}</tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>")
    adj = adjustments(state)
    undos = [n for n in saved.notes if n.kind != "note"]
    if adj or undos:
        items = "".join(f"<li>{_e(L('report.round'))} {e.round}: {_e(log_line(sc, e, lang))}</li>" for e in adj)
        items += "".join(f"<li>{_e(L('report.round'))} {n.round}: {_e(n.text or L('report.' + n.kind))} "
                         f"<span class=\"muted\">({_e(_time(n.time))})</span></li>" for n in undos)
        body += f"<h3>{_e(L('report.h.facilitator_moves'))}</h3><ul>{items}</ul>"
    out.append(_section("beslissingen", L("report.h.timeline"), body))

    # Key moments.
    moments = key_moments(sc, state, lang)
    items = "".join(f"<li>{_e(m.text)}</li>" for m in moments) or f"<li>{_e(L('report.none'))}</li>"
    out.append(_section("sleutelmomenten", L("report.h.moments"), f'<ul class="moments">{items}</ul>'))

    # Costs.
    rows = "".join(
        f"<tr><td>{_chip(sc, a)}{_e(_agency_name(sc, a, lang))}</td><td class=\"n\">{money(s.euros[-1, sc.agency_index[a]], lang)}</td></tr>"
        for a in state.in_play)
    rows += f"<tr><th>{_e(L('report.chart.spent'))}</th><th class=\"n\">{money(s.euros_total, lang)}</th></tr>"
    for key, amount in state.crisis_costs:
        rows += f"<tr><td>{_e(L('report.crisis_item', cost=_crisis_name(key)))}</td><td class=\"n\">{money(amount, lang)}</td></tr>"
    rows += f"<tr><th>{_e(L('report.chart.crisis_costs'))}</th><th class=\"n\">{money(s.crisis_total, lang)}</th></tr>"
    rows += f"<tr><th>{_e(L('report.chart.together'))}</th><th class=\"n\">{money(s.euros_total + s.crisis_total, lang)}</th></tr>"
    body = _figure("costs", charts["costs"], L("report.alt.costs"), L("report.cap.costs"))
    body += f"<table><tbody>{rows}</tbody></table>"
    alt = sc.scoring.alternative
    if alt is not None or sc.scoring.alternative_cost is not None:
        body += f"<h3>{_e(L('report.h.alternative'))}</h3>"
        if alt is not None:
            body += f"<p>{_e(alt.get(lang))}</p>"
        if sc.scoring.alternative_cost is not None:
            body += (f"<p><strong>{_e(L('report.alternative_vs', alt=money(sc.scoring.alternative_cost, lang), total=money(s.euros_total + s.crisis_total, lang)))}</strong></p>")
    out.append(_section("kosten", L("report.h.costs"), body))

    # KPIs beside the person.
    rows = "".join(
        f"<tr><td>{_chip(sc, a)}{_e(_agency_name(sc, a, lang))}</td><td>{_e(sc.agency(a).kpi.name.get(lang))}</td>"
        f"<td class=\"n\">{num(s.kpi[0, sc.agency_index[a]], lang, 0)}</td><td class=\"n\">{num(s.kpi[-1, sc.agency_index[a]], lang, 0)}</td>"
        f"<td class=\"n\">{_signed(s.kpi[-1, sc.agency_index[a]] - s.kpi[0, sc.agency_index[a]], lang)}</td></tr>"
        for a in state.in_play)
    person = L("report.person_line", outcome=outcome, stress0=num(s.stress[0], lang, 0), stress1=num(s.final_stress, lang, 0),
               stab0=num(s.stability[0], lang), stab1=num(s.final_stability, lang))
    body = (_figure("kpi", charts["kpi"], L("report.alt.kpi"), L("report.cap.kpi"))
            + f"<table><thead><tr><th>{_e(L('report.agency'))}</th><th>{_e(L('report.kpi'))}</th>"
              f"<th class=\"n\">{_e(L('report.chart.start'))}</th><th class=\"n\">{_e(L('report.chart.end', round=state.round))}</th>"
              f"<th class=\"n\">{_e(L('report.change'))}</th></tr></thead><tbody>{rows}</tbody></table>"
            + f"<p><strong>{_e(L('report.person'))}:</strong> {_e(person)}</p>")
    out.append(_section("systemen", L("report.h.kpi"), body))

    # Learning objectives.
    if sc.learning_objectives:
        rows = "".join(
            f"<tr><td>{_e(lo.text.get(lang))}</td><td class=\"rating\">{_e(saved.ratings.get(lo.id, '—'))}</td>"
            f"<td>{_e(L('report.rating.' + saved.ratings[lo.id]) if lo.id in saved.ratings else L('report.not_rated'))}</td></tr>"
            for lo in sc.learning_objectives)
        legend = "; ".join(f"{r} = {L('report.rating.' + r)}" for r in sessionfile.RATINGS)
        body = (f"<table><thead><tr><th>{_e(L('report.objective'))}</th><th>{_e(L('report.rating'))}</th><th></th></tr></thead>"
                f"<tbody>{rows}</tbody></table><p class=\"muted\">{_e(legend)}</p>")
    else:
        body = f"<p>{_e(L('report.none'))}</p>"
    out.append(_section("leerdoelen", L("report.h.objectives"), body))

    # Reflection questions.
    items = "".join(f"<li>{_e(q.get(lang))}</li>" for q in sc.reflection_questions)
    out.append(_section("reflectie", L("report.h.questions"),
                        f'<ol class="questions">{items}</ol>' if items else f"<p>{_e(L('report.none'))}</p>"))

    # Notes.
    notes = saved.facilitator_notes
    items = "".join(f"<li><strong>{_e(L('report.round'))} {n.round}</strong> <span class=\"muted\">({_e(_time(n.time))})</span>: "
                    f"{_e(n.text)}</li>" for n in notes)
    out.append(_section("notities", L("report.h.notes"), f"<ul>{items}</ul>" if items else f"<p>{_e(L('report.no_notes'))}</p>"))

    out.append(f"<footer>{_e(L('report.footer', when=_date(generated or sessionfile.now(), lang), seed=saved.seed, id=sc.id, hash=saved.scenario_hash[:12]))}</footer>\n")
    out.append("</body>\n</html>\n")
    return "".join(out)


def _signed(x: float, lang: str) -> str:
    return ("+" if x > 0 else "") + num(x, lang, 0)


def _date(stamp: str, lang: str) -> str:
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return moment.strftime("%d-%m-%Y %H:%M") if lang == "nl" else moment.strftime("%Y-%m-%d %H:%M")


def _time(stamp: str) -> str:
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(stamp).strftime("%H:%M")
    except ValueError:
        return stamp


# ---------------------------------------------------------------------------
# Files.
# ---------------------------------------------------------------------------


def figures_json(saved: SavedSession, sc: Scenario, state: GameState, lang: str) -> str:
    """Every figure per round, the crossings and the log in words, as JSON text (for analysis)."""
    s = summarize(sc, state)
    agencies = [a.id for a in sc.agencies]
    stressors = [x.id for x in sc.stressors]
    data = {
        "format": "stabiel-figures",
        "version": 1,
        "scenario_id": sc.id,
        "lang": lang,
        "final": final_figures(state),
        "rounds": [
            {
                "round": int(s.rounds[i]),
                "stress": round(float(s.stress[i]), 3),
                "legs": {leg.value: round(float(s.legs[i, k]), 3) for k, leg in enumerate(LEGS)},
                "stability": round(float(s.stability[i]), 3),
                "severity": dict(zip(stressors, (int(v) for v in s.severity[i]))),
                "trust": dict(zip(agencies, (round(float(v), 3) for v in s.trust[i]))),
                "euros": dict(zip(agencies, (round(float(v), 2) for v in s.euros[i]))),
                "kpi": dict(zip(agencies, (round(float(v), 3) for v in s.kpi[i]))),
                "crisis_cost": round(float(s.crisis_cost[i]), 2),
            }
            for i in range(len(s.rounds))
        ],
        "crossings": [attrs.asdict(c) for c in s.crossings],
        "moments": [attrs.asdict(m) for m in key_moments(sc, state, lang)],
        "log": [{"round": e.round, "phase": e.phase.value, "kind": e.kind, "agency": e.agency, "ref": e.ref,
                 "text": log_line(sc, e, lang)} for e in state.log],
        "notes": [attrs.asdict(n) for n in saved.notes],
        "ratings": dict(saved.ratings),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_report(
    saved: SavedSession,
    loaded: Any,
    out_dir: str | os.PathLike,
    lang: str | None = None,
    state: GameState | None = None,
) -> ReportFiles:
    """Write report.html, the charts as PNG, record.json and figures.json into `out_dir`; returns the paths.

    `loaded` is the session's LoadedScenario; `state` (optional) the current
    state when the caller already has it (the debrief screen), else the session
    is replayed. Raises SessionFileError when the session does not fit the
    scenario, OSError when the folder cannot be written.
    """
    lang = lang or saved.lang
    warnings: tuple[str, ...] = ()
    if state is None:
        state, warnings = sessionfile.restore(saved, loaded, lang)
    elif saved.scenario_hash and saved.scenario_hash != loaded.content_hash:
        warnings = (t("session.warn.changed", lang, path=loaded.path, date=saved.updated[:10]),)
    sc = loaded.scenario
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    charts = draw_charts(sc, state, lang)
    paths = []
    for name, png in charts.items():
        p = out / f"{name}.png"
        _write_bytes(p, png)
        paths.append(p)
    page = render_html(saved, sc, state, charts, lang, warnings)
    html_path = out / "report.html"
    _write_bytes(html_path, page.encode("utf-8"))
    record = out / "record.json"
    record_session = sessionfile.update(saved, state, redo=saved.redo, timer_left=saved.timer_left) if state.actions != saved.actions else saved
    _write_bytes(record, sessionfile.to_json(record_session).encode("utf-8"))
    figures = out / "figures.json"
    _write_bytes(figures, figures_json(saved, sc, state, lang).encode("utf-8"))
    return ReportFiles(html_path, record, figures, tuple(paths), warnings)


def _write_bytes(path: Path, data: bytes) -> None:
    # Write beside, then rename: a report being rewritten is never seen half written.
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


__all__ = [
    "CHART_NAMES",
    "Moment",
    "Play",
    "ReportFiles",
    "draw_charts",
    "end_reason",
    "events",
    "figures_json",
    "key_moments",
    "money",
    "num",
    "plays",
    "render_html",
    "write_report",
]
