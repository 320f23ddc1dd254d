"""The sensitivity report as a text table and as a tornado chart (matplotlib, Agg, imported only to draw)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# Every text the table and the chart show, in one place (to move into the gettext catalogs).
TEXTS = {
    "title": "Sensitivity of the lesson: {title} ({scenario})",
    "settings": ("{games} games per policy ({policies}, the same games for every sample), "
                 "{used} of {trajectories} Morris trajectories, {levels} levels, seed {seed}"),
    "varied": "{n} numbers varied{grouped}; {played} scenarios played, {invalid} samples did not validate{dropped}",
    "grouped": ", moved together per card, event, stressor, agency or section",
    "dropped": " (their trajectories left out)",
    "at_file": "At the file's values: stabilises {s:+.1f} points, crisis {c:+.1f} points less often: {verdict}",
    "passes": "the lesson passes", "fails": "the lesson does NOT pass",
    "head": "{rank:>4}  {line:>9}  {name:<52}{range:>20}  {st:>17}{sg:>7}  {cr:>17}{cg:>7}  {dir}",
    "explain": ("mu*: how many percentage points the difference moves, on average, when the number goes across its "
                "whole range (the others held); ± its 95% interval. sigma: how much that effect depends on the other "
                "numbers (large against mu*: it interacts or bends). direction: which way helps the lesson."),
    "more": "... {n} more in --json",
    "raise": "raise helps", "lower": "lower helps", "mixed": "mixed", "none": "",
    "chart_title": "Which numbers decide the lesson: {title}",
    "chart_x": "mu*: effect on the difference, percentage points across the number's range (bar on the side of mu)",
    "chart_mu": "mu, the mean effect with its sign",
    "chart_stabiel": "stabilises (boundary − book)", "chart_crisis": "crisis less often (book − boundary)",
    "line": "line", "lines": "lines",
}
TOP = 10
# Okabe-Ito, colour-blind safe; the two measures also differ in hatching, never colour alone.
_COLOURS = {"stabiel": ("#0072B2", ""), "crisis_less": ("#E69F00", "//")}


def _pts(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.1f}"


def _lines(row: Mapping[str, Any]) -> str:
    ls = row["lines"]
    if len(ls) == 1:
        return f"{TEXTS['line']} {ls[0]}"
    return f"{TEXTS['lines']} {ls[0]}-{ls[-1]}"


def _short(name: str, width: int) -> str:
    """A name that fits the column: its end kept, where the number itself is named."""
    return name if len(name) <= width else "…" + name[-(width - 1):]


def _range(row: Mapping[str, Any]) -> str:
    if len(row["numbers"]) != 1:
        return f"{len(row['numbers'])} numbers"
    n = row["numbers"][0]
    return f"{n['value']:g} in {n['low']:g}..{n['high']:g}"


def direction(row: Mapping[str, Any]) -> str:
    """Which way helps the lesson: both measures' mean effects agree in sign and are most of their mu*."""
    signs = set()
    for m in ("stabiel", "crisis_less"):
        mu, star = row[m]["mu"], row[m]["mu_star"]
        if not star or mu is None or star < 1e-9:
            continue
        if abs(mu) < 0.8 * star:
            return TEXTS["mixed"]
        signs.add(mu > 0)
    if not signs:
        return TEXTS["none"]
    if len(signs) == 2:
        return TEXTS["mixed"]
    return TEXTS["raise"] if signs.pop() else TEXTS["lower"]


def format_sensitivity(rep: Mapping[str, Any], top: int = TOP) -> str:
    """The report as text: settings, the lesson at the file's values, and the top numbers with their lines."""
    base = rep["lesson_at_file_values"]
    dropped = rep["trajectories"] - rep["trajectories_used"]
    out = [
        TEXTS["title"].format(title=rep["title"], scenario=rep["scenario"]),
        TEXTS["settings"].format(games=rep["games"], policies=" vs ".join(rep["policies"]), used=rep["trajectories_used"],
                                 trajectories=rep["trajectories"], levels=rep["num_levels"], seed=rep["seed"]),
        TEXTS["varied"].format(n=rep["numbers_varied"], grouped=TEXTS["grouped"] if rep["grouped"] else "",
                               played=rep["samples_played"], invalid=rep["invalid_samples"],
                               dropped=TEXTS["dropped"] if dropped else ""),
        TEXTS["at_file"].format(s=100 * base["stabiel"]["difference"], c=100 * base["crisis_less"]["difference"],
                                verdict=TEXTS["passes"] if base["passes"] else TEXTS["fails"]),
        "",
        TEXTS["head"].format(rank="rank", line="line", name="number", range="value in range", st="stabilises: mu*",
                             sg="sigma", cr="crisis less: mu*", cg="sigma", dir="direction"),
    ]
    for row in rep["ranking"][:top]:
        s, c = row["stabiel"], row["crisis_less"]
        out.append(TEXTS["head"].format(
            rank=row["rank"], line=_lines(row).split(" ", 1)[1], name=_short(row["name"], 52), range=_range(row),
            st=f"{_pts(s['mu_star'])} ± {_pts(s['mu_star_conf'])}", sg=_pts(s["sigma"]),
            cr=f"{_pts(c['mu_star'])} ± {_pts(c['mu_star_conf'])}", cg=_pts(c["sigma"]), dir=direction(row)))
    if len(rep["ranking"]) > top:
        out.append(TEXTS["more"].format(n=len(rep["ranking"]) - top))
    out += ["", TEXTS["explain"]]
    return "\n".join(out)


def tornado(path: str | Path, rep: Mapping[str, Any], top: int = TOP) -> Path:
    """Draw the top numbers' mean effects on both differences as a tornado chart (PNG); the YAML line in each label."""
    from sim.analysis.plotting import pyplot

    plt = pyplot()  # Agg, and a `$` in a scenario's name is a dollar sign, not mathtext

    rows = list(rep["ranking"][:top])[::-1]  # the most decisive at the top
    fig, ax = plt.subplots(figsize=(11, 1.8 + 0.55 * max(1, len(rows))), dpi=110)
    height = 0.38
    for k, measure in enumerate(("stabiel", "crisis_less")):
        colour, hatch = _COLOURS[measure]
        ys = [i + (k - 0.5) * height for i in range(len(rows))]
        mus = [100 * (r[measure]["mu"] or 0.0) for r in rows]
        # The bar is mu* (what ranks a number), drawn on the side its mean effect mu points to.
        stars = [math.copysign(100 * (r[measure]["mu_star"] or 0.0), mu) for r, mu in zip(rows, mus)]
        errs = [100 * (r[measure]["mu_star_conf"] or 0.0) for r in rows]
        ax.barh(ys, stars, height=height, color=colour, hatch=hatch, edgecolor="#000000", linewidth=0.4,
                xerr=errs, error_kw={"elinewidth": 0.8, "ecolor": "#444444"},
                label=TEXTS["chart_stabiel" if measure == "stabiel" else "chart_crisis"])
        ax.plot(mus, ys, linestyle="none", marker="D", markersize=4, color="#000000",
                label=TEXTS["chart_mu"] if k == 0 else None)
    ax.axvline(0, color="#000000", linewidth=0.8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{r['name']} ({_lines(r)})" for r in rows], fontsize=9)
    ax.set_xlabel(TEXTS["chart_x"])
    ax.set_title(TEXTS["chart_title"].format(title=rep["title"]))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=9, frameon=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out)
    plt.close(fig)
    return out


__all__ = ["TEXTS", "TOP", "direction", "format_sensitivity", "tornado"]
