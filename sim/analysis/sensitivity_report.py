"""The sensitivity report as a text table and as a tornado chart (matplotlib, Agg, imported only to draw), in nl or en."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sim.analysis.sensitivity_play import DEPTH_MEASURES
from sim.i18n import Translator, translator

# The words are in the catalogs (keys `sens.*`), in the reader's language.
TOP = 10
# Okabe-Ito, colour-blind safe; the two measures also differ in hatching, never colour alone.
_COLOURS = {"stabiel": ("#0072B2", ""), "crisis_less": ("#E69F00", "//")}


def _pts(x: float | None, tr: Translator) -> str:
    return "" if x is None else tr.number(100 * x, 1, fixed=True)


def _at(row: Mapping[str, Any]) -> str:
    ls = row["lines"]
    return str(ls[0]) if len(ls) == 1 else f"{ls[0]}-{ls[-1]}"


def _lines(row: Mapping[str, Any], tr: Translator) -> str:
    return tr("sens.line" if len(row["lines"]) == 1 else "sens.lines", at=_at(row))


def _short(name: str, width: int) -> str:
    """A name that fits the column: its end kept, where the number itself is named."""
    return name if len(name) <= width else "…" + name[-(width - 1):]


def _range(row: Mapping[str, Any], tr: Translator) -> str:
    if len(row["numbers"]) != 1:
        return tr("sens.n_numbers", n=len(row["numbers"]))
    n = row["numbers"][0]
    return tr("sens.range", value=tr.number(n["value"], 3), low=tr.number(n["low"], 3), high=tr.number(n["high"], 3))


def direction(row: Mapping[str, Any], measures: tuple[str, ...] = ("stabiel", "crisis_less")) -> str:
    """Which way helps: "raise", "lower", "mixed" or "" (no effect): the mean effects agree in sign and are most of mu*."""
    signs = set()
    for m in measures:
        mu, star = row[m]["mu"], row[m]["mu_star"]
        if not star or mu is None or star < 1e-9:
            continue
        if abs(mu) < 0.8 * star:
            return "mixed"
        signs.add(mu > 0)
    if not signs:
        return ""
    if len(signs) == 2:
        return "mixed"
    return "raise" if signs.pop() else "lower"


def _direction_text(way: str, tr: Translator) -> str:
    return tr(f"sens.dir.{way}") if way else ""


def _head(rep: Mapping[str, Any], tr: Translator) -> list[str]:
    base = rep["lesson_at_file_values"]
    dropped = rep["trajectories"] - rep["trajectories_used"]
    return [
        tr("sens.title", title=_title(rep, tr), scenario=rep["scenario"]),
        tr("sens.settings", games=rep["games"], policies=" / ".join(rep["policies"]), used=rep["trajectories_used"],
           trajectories=rep["trajectories"], levels=rep["num_levels"], seed=rep["seed"]),
        tr("sens.varied", n=rep["numbers_varied"], played=rep["samples_played"], invalid=rep["invalid_samples"])
        + (tr("sens.grouped") if rep["grouped"] else "") + (tr("sens.dropped") if dropped else ""),
        tr("sens.at_file", s=_signed(base["stabiel"]["difference"], tr), c=_signed(base["crisis_less"]["difference"], tr),
           verdict=tr("sens.passes") if base["passes"] else tr("sens.fails")),
    ]


def _title(rep: Mapping[str, Any], tr: Translator) -> str:
    return rep.get("titles", {}).get(tr.lang) or rep["title"]


def _signed(x: float, tr: Translator) -> str:
    return ("+" if x >= 0 else "") + tr.number(100 * x, 1, fixed=True)


def _star(m: Mapping[str, Any], tr: Translator) -> str:
    return f"{_pts(m['mu_star'], tr)} ± {_pts(m['mu_star_conf'], tr)}"


def format_sensitivity(rep: Mapping[str, Any], top: int = TOP, lang: str = "en") -> str:
    """The report as text: settings, the lesson at the file's values, and the top numbers with their lines."""
    tr = translator(lang)
    fmt = "{rank:>4}  {line:>9}  {name:<52}{range:>22}  {st:>17}{sg:>7}  {cr:>17}{cg:>7}  {dir}"
    out = _head(rep, tr) + ["", fmt.format(
        rank=tr("sens.col.rank"), line=tr("sens.col.line"), name=tr("sens.col.number"), range=tr("sens.col.range"),
        st=tr("sens.col.stabiel"), sg="sigma", cr=tr("sens.col.crisis"), cg="sigma", dir=tr("sens.col.direction"))]
    for row in rep["ranking"][:top]:
        s, c = row["stabiel"], row["crisis_less"]
        out.append(fmt.format(rank=row["rank"], line=_at(row), name=_short(row["name"], 52), range=_range(row, tr),
                              st=_star(s, tr), sg=_pts(s["sigma"], tr), cr=_star(c, tr), cg=_pts(c["sigma"], tr),
                              dir=_direction_text(direction(row), tr)))
    if len(rep["ranking"]) > top:
        out.append(tr("sens.more", n=len(rep["ranking"]) - top))
    if rep.get("depth"):
        out += [""] + _depth_table(rep, top, tr)
    out += ["", tr("sens.explain")]
    return "\n".join(out)


def _depth_table(rep: Mapping[str, Any], top: int, tr: Translator) -> list[str]:
    """The numbers that move the depth measures most: mu* ± its interval per measure."""
    base = rep["lesson_at_file_values"]
    at_file = "; ".join(f"{tr(f'sens.m.{m}')} {_signed(base[m]['difference'], tr)}" for m in DEPTH_MEASURES)
    out = [tr("sens.depth_head"), tr("sens.depth_at_file", values=at_file),
           f"{tr('sens.col.line'):>9}  {tr('sens.col.number'):<46}"
           + "".join(f"{tr(f'sens.m.{m}'):>16}" for m in DEPTH_MEASURES) + f"  {tr('sens.col.direction')}"]
    rows = sorted(rep["ranking"], key=lambda r: (-r.get("depth_score", 0.0), r["lines"][0]))[:top]
    for row in rows:
        out.append(f"{_at(row):>9}  {_short(row['name'], 46):<46}" + "".join(f"{_star(row[m], tr):>16}" for m in DEPTH_MEASURES)
                   + f"  {_direction_text(direction(row, DEPTH_MEASURES), tr)}")
    return out


def tornado(path: str | Path, rep: Mapping[str, Any], top: int = TOP, lang: str = "en") -> Path:
    """Draw the top numbers' mean effects on both differences as a tornado chart (PNG); the YAML line in each label."""
    from sim.analysis.plotting import pyplot, tight_or_fixed

    plt = pyplot()  # Agg, and a `$` in a scenario's name is a dollar sign, not mathtext
    tr = translator(lang)

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
                label=tr("sens.chart_stabiel" if measure == "stabiel" else "sens.chart_crisis"))
        ax.plot(mus, ys, linestyle="none", marker="D", markersize=4, color="#000000",
                label=tr("sens.chart_mu") if k == 0 else None)
    ax.axvline(0, color="#000000", linewidth=0.8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{r['name']} ({_lines(r, tr)})" for r in rows], fontsize=9)
    ax.set_xlabel(tr("sens.chart_x"))
    ax.set_title(tr("sens.chart_title", title=_title(rep, tr)))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=9, frameon=False)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, bbox_inches=tight_or_fixed(fig))  # the legend below the axes is kept whole, in any language
    plt.close(fig)
    return out


__all__ = ["TOP", "direction", "format_sensitivity", "tornado"]
