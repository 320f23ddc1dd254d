"""The parts of the `simulate` and `balance` text that say why: the games that fell short, the depth
measures with issue 10's targets, and the cards measured by removal. Words from the catalogs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.analysis.verdict import TARGETS, Target
from sim.i18n import Translator

_MISSED_ORDER = ("stress", "leg", "stressor", "back")


def _pct(x: float, tr: Translator) -> str:
    return tr.number(100 * x, 1, fixed=True) + "%"


def _pts(x: float, tr: Translator) -> str:
    return ("+" if x >= 0 else "") + tr.number(100 * x, 1, fixed=True)


def _interval(lo: float, hi: float, tr: Translator, points: bool = False) -> str:
    f = (lambda x: _pts(x, tr)) if points else (lambda x: tr.number(100 * x, 1, fixed=True))
    return f"[{f(lo)} – {f(hi)}]"


# ---------------------------------------------------------------------------
# Why the games that did not stabilise fell short.
# ---------------------------------------------------------------------------


def missed_text(part: str, tr: Translator) -> str:
    """One part of the stability rule a game missed, in words: `leg:meedoen` -> 'meedoen below the stable level'."""
    kind, _, ref = part.partition(":")
    if kind == "leg":
        return tr("dan.why.leg", leg=tr(f"leg.{ref}").lower())
    if kind in ("stressor", "back"):
        return tr(f"dan.why.{kind}", stressor=ref)
    return tr("dan.why.stress")


def why_lines(summary: Mapping[str, Any], tr: Translator, top: int = 6) -> list[str]:
    """Per outcome that is not stabiel: how many games, and how many missed each part of the rule (the most first);
    for crisis also which crisis ended them."""
    why = summary.get("why")
    if not why:
        return []
    lines = [tr("dan.why.head")]
    for outcome in ("kwetsbaar", "crisis"):
        n = summary["outcomes"][outcome]
        if n == 0:
            continue
        lines.append(tr("dan.why.outcome", outcome=outcome, n=n, share=_pct(n / summary["games"], tr)))
        if outcome == "crisis":
            ends = sorted(why[outcome].get("by_end", {}).items(), key=lambda kv: (-kv[1], kv[0]))
            lines.append(tr("dan.why.ended_by", ends="; ".join(
                f"{tr('dan.why.by_stress') if k == 'stress' else k} {v}" for k, v in ends)))
        missed = list(why[outcome].get("missed", {}).items())
        for part, count in missed[:top]:
            lines.append(f"    {missed_text(part, tr):<52}{count:>6}  {_pct(count / n, tr):>7}")
        if len(missed) > top:
            lines.append("    " + tr("dan.why.more", n=len(missed) - top))
    lines.append("")
    return lines


# ---------------------------------------------------------------------------
# Depth: the measures and issue 10's targets.
# ---------------------------------------------------------------------------


def _target_text(t: Target, tr: Translator) -> str:
    def f(x: float) -> str:
        return tr.number(x, 0) if t.unit == "rounds" else (
            tr("dan.points", n=_pts(x, tr)) if t.unit == "points" else _pct(x, tr))

    if t.low is not None and t.high is not None:
        return f"{f(t.low)} – {f(t.high)}"
    return f"≥ {f(t.low)}" if t.low is not None else f"≤ {f(t.high or 0.0)}"


def _measured_text(t: Target, row: Mapping[str, Any], tr: Translator) -> str:
    if t.unit == "rounds":
        return tr.number(row["value"], 1)
    points = t.unit == "points"
    value = tr("dan.points", n=_pts(row["value"], tr)) if points else _pct(row["value"], tr)
    return f"{value} {_interval(row['low'], row['high'], tr, points)}"


def depth_measure_lines(depth: Mapping[str, Any], tr: Translator) -> list[str]:
    """The depth measures, each with its interval, and the mandate sensitivity."""
    lines = [tr("dan.depth.head", games=depth["games"])]
    keys = ("recovery", "information_value", "rule_card_value", "card_dependence")
    labels = {k: tr(f"dan.depth.{k}", card=depth[k].get("card") or "-") for k in keys}
    width = max(len(x) for x in labels.values()) + 2
    for key in keys:
        m = depth[key]
        points = "difference" in m
        value = tr("dan.points", n=_pts(m["difference"], tr)) if points else _pct(m["rate"], tr)
        lines.append(f"  {labels[key]:<{width}}{value:>14} {_interval(m['low'], m['high'], tr, points)}")
    ms, base = depth["mandate_sensitivity"], depth["expert"]["rate"]
    lines.append("  " + tr("dan.depth.mandate", base=_pct(base, tr),
                           expert_minus=_pct(ms["expert"]["minus_one"]["rate"], tr),
                           expert_plus=_pct(ms["expert"]["plus_one"]["rate"], tr),
                           naive_minus=_pct(ms["naive"]["minus_one"]["rate"], tr),
                           naive_plus=_pct(ms["naive"]["plus_one"]["rate"], tr)))
    return lines


def verdict_lines(verdict: Mapping[str, Any], tr: Translator) -> list[str]:
    """Issue 10's target table (measure, target, measured, met) and the depth verdict as its own line."""
    rows = verdict["targets"]
    if not rows:
        return []
    lines = [tr("dan.target.head"),
             f"  {tr('dan.col.measure'):<40}{tr('dan.col.target'):<16}{tr('dan.col.measured'):<34}{tr('dan.col.met')}"]
    for t in TARGETS:
        row = rows.get(t.key)
        if row is None:
            continue
        name = tr(f"dan.target.{t.key}", card=row.get("card") or "-")
        met = tr("dan.met") if row["met"] else tr("dan.not_met")
        lines.append(f"  {name:<40}{_target_text(t, tr):<16}{_measured_text(t, row, tr):<34}{met}")
    met_n = sum(1 for r in rows.values() if r["met"])
    if verdict["met"]:
        lines.append(tr("dan.depth.pass", n=met_n))
    elif not verdict["missed"]:
        lines.append(tr("dan.depth.partial", n=met_n, keys=", ".join(verdict["not_measured"])))
    else:
        missed = ", ".join(tr(f"dan.target.{k}", card=rows[k].get("card") or "-") for k in verdict["missed"])
        lines.append(tr("dan.depth.fail", met=met_n, n=len(rows), missed=missed or tr("bal.none")))
        if verdict["not_measured"]:
            lines.append(tr("dan.depth.not_measured", keys=", ".join(verdict["not_measured"])))
    lines.append(tr("dan.depth.exit"))
    return lines


# ---------------------------------------------------------------------------
# The cards, measured by removal.
# ---------------------------------------------------------------------------


def flag_text(flag: str | None, tr: Translator) -> str:
    """A card verdict in words ('' for none)."""
    return tr(f"dan.flag.{flag.replace(' ', '_')}") if flag else ""


def measured_cards_lines(rep: Mapping[str, Any], tr: Translator) -> list[str]:
    """Per card: the expert's stabiel rate with and without it, the difference with its interval, and the verdict."""
    effects = rep.get("depth", {}).get("card_effects")
    if not effects:
        return []
    verdicts = rep.get("card_verdicts", {})
    n = rep["depth"]["games"]
    lines = [tr("dan.cards.head", games=n),
             f"{tr('bal.col_card'):<36}{tr('dan.col.with'):>9}{tr('dan.col.without'):>10}  "
             f"{tr('dan.col.effect'):<28}{tr('bal.col_verdict'):<24}{tr('dan.col.basis')}"]
    for cid, e in sorted(effects.items(), key=lambda kv: (-kv[1]["difference"], kv[0])):
        v = verdicts.get(cid, {})
        effect = f"{_pts(e['difference'], tr)} {_interval(e['low'], e['high'], tr, True)}"
        basis = tr(f"dan.basis.{v['basis']}") if v.get("flag") else ""
        lines.append(f"{cid:<36}{_pct(e['with']['rate'], tr):>9}{_pct(e['without']['rate'], tr):>10}  "
                     f"{effect:<28}{flag_text(v.get('flag'), tr):<24}{basis}")
    lines.append(tr("dan.cards.explain"))
    return lines


__all__ = ["depth_measure_lines", "flag_text", "measured_cards_lines", "missed_text", "verdict_lines", "why_lines"]
