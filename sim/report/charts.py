"""The report's charts, drawn with matplotlib (Agg backend, no screen) as PNG bytes.

matplotlib is imported only when a chart is drawn, so reading a session or
the rest of the report costs nothing of it. Colours are Okabe-Ito (safe for
the common kinds of colour blindness); every series also has its own line
style and marker, so a chart printed in grey still reads.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from sim.analysis.plotting import pyplot, tight_or_fixed
from sim.core.model import LEGS, CardType, Scenario
from sim.core.scoring import GameSummary, summarize
from sim.core.state import GameState
from sim.i18n import money, t
from sim.report.facts import events, num, plays

CHART_NAMES = ("course", "triangle", "timeline", "costs", "kpi")

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


def _pyplot() -> Any:
    plt = pyplot()  # Agg, mathtext off: a `$` in an agency's name is a dollar sign
    plt.rcParams.update({
        "font.size": 15, "axes.titlesize": 17, "axes.labelsize": 15, "legend.fontsize": 13,
        "xtick.labelsize": 14, "ytick.labelsize": 14, "axes.edgecolor": INK, "text.color": INK,
        "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK, "figure.dpi": 100,
        "axes.spines.top": False, "axes.spines.right": False, "hatch.linewidth": 1.2,
    })
    return plt


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches=tight_or_fixed(fig), facecolor="white")
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
    bottom.set_xticks(range(last + 1))
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


_LARGEST = 1e15  # a figure beyond this (a runaway amount) is drawn at this size; the text beside it says the real one


def _bounded(v: float) -> float:
    """`v` as a chart can draw it: finite, and at most _LARGEST from zero."""
    v = float(v)
    return 0.0 if v != v else max(-_LARGEST, min(_LARGEST, v))


def _span(values: Iterable[float], margin: float = 0.3) -> tuple[float, float]:
    """Axis limits that hold 0 and every value (negative ones too), with room for the text beside each bar."""
    vals = list(values)
    lo, hi = min(0.0, *vals), max(0.0, *vals)
    if hi - lo <= 0:
        return 0.0, 1.0
    room = (hi - lo) * margin
    return (lo - room if lo < 0 else 0.0), hi + room


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
    values = [_bounded(v) for v in values]
    fig, ax = plt.subplots(figsize=(11, 1.4 + 0.9 * len(labels)))
    ys = list(range(len(labels)))[::-1]
    for y, v, (colour, hatch) in zip(ys, values, styles):
        ax.barh(y, v, color=colour, hatch=hatch, edgecolor=INK, height=0.6)
    lo, hi = _span(values)
    for y, v in zip(ys, values):  # the amount beside its bar, inside the axes also for a negative amount
        ax.text(v + (hi - lo) * 0.015 if v >= 0 else v - (hi - lo) * 0.015, y, money(v, lang), va="center",
                ha="left" if v >= 0 else "right", fontsize=15, fontweight="bold", clip_on=True)
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    ax.set_xlim(lo, hi)
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
        left.text(v + 1, y - 0.2, num(v, lang, 0), va="center", fontsize=13, clip_on=True)
    left.set_yticks(ys)
    left.set_yticklabels([f"{sc.agency(a).label}  {sc.agency(a).kpi.name.get(lang)}" for a in lanes])
    left.set_xlim(*_span([_bounded(v) for v in (*s.kpi[0, idx], *s.kpi[-1, idx], 100.0)], margin=0.12))
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    left.set_title(t("report.chart.kpi_title", lang), loc="left")
    names = [t("report.chart.stress", lang), t("report.chart.stability_x10", lang)]
    start = [s.stress[0], s.stability[0] * 10]
    end = [s.stress[-1], s.stability[-1] * 10]
    yy = np.arange(2)[::-1]
    right.barh(yy + 0.2, start, height=0.38, color="white", edgecolor=GREY, hatch="//")
    right.barh(yy - 0.2, end, height=0.38, color=[VERMILION, GREEN], edgecolor=INK)
    for y, v in zip(yy, end):
        right.text(v + 1, y - 0.2, num(v, lang, 0), va="center", fontsize=13, clip_on=True)
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


