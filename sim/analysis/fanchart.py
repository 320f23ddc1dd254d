"""Fan charts: stress and the weakest leg per round (what the stable rule reads), median and P5–P95 band, for one or more policies.

matplotlib is imported only when a chart is drawn (Agg backend, no screen),
so the rest of the rules core never loads it. After a game has ended its final
figures are carried on to the last round, so every game counts in every round.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sim.analysis.plotting import pyplot
from sim.core.model import Scenario
from sim.i18n import translator

# Okabe-Ito, colour-blind safe; each policy also gets its own line style, never colour alone.
_STYLES = {
    "protocol": ("#D55E00", "--"),
    "grensverlegger": ("#009E73", "-"),
    "random": ("#999999", ":"),
    "greedy": ("#0072B2", "-."),
    "search": ("#CC79A7", (0, (5, 1, 1, 1))),
    "pass": ("#000000", (0, (1, 1))),
}
_EXTRA = [("#E69F00", "-"), ("#56B4E9", "--"), ("#F0E442", ":")]



def fan_chart(path: str | Path, sc: Scenario, runs: Sequence[tuple[str, Mapping[str, Any]]], title: str = "",
              lang: str = "en") -> Path:
    """Draw the fan chart of `runs` (label, simulate summary) to a PNG at `path`, its words in `lang`."""
    plt = pyplot()
    tr = translator(lang)
    t = sc.scoring.thresholds
    fig, (ax_s, ax_i) = plt.subplots(1, 2, figsize=(13, 5.8), dpi=110)
    extra = iter(_EXTRA)
    for label, r in runs:
        colour, style = _STYLES.get(label.split(" ")[0]) or next(extra, ("#444444", "-"))
        for ax, key in ((ax_s, "stress"), (ax_i, "weakest")):
            fan = r["per_round"].get(key) or r["per_round"]["stability"]
            xs = list(range(len(fan["p50"])))
            ax.fill_between(xs, fan["p5"], fan["p95"], color=colour, alpha=0.18, linewidth=0)
            ax.plot(xs, fan["p50"], color=colour, linestyle=style, linewidth=2.4,
                    label=f"{label} (n={r['games']})", marker="o", markersize=4)
    ax_s.axhline(t.crisis, color="#D55E00", linewidth=1, alpha=0.7)
    ax_s.text(0.1, t.crisis - 5, tr("fan.crisis"), color="#D55E00", fontsize=9)
    ax_s.axhline(t.stable_stress, color="#009E73", linewidth=1, alpha=0.7)
    ax_s.text(0.1, t.stable_stress + 1.5, tr("fan.stable_stress"), color="#009E73", fontsize=9)
    ax_s.set_ylim(0, 105)
    ax_s.set_title(tr("fan.stress_title"))
    ax_s.set_ylabel(tr("fan.stress_axis"))
    ax_i.axhline(t.stable_leg, color="#009E73", linewidth=1, alpha=0.7)
    ax_i.text(0.1, t.stable_leg + 0.15, tr("fan.stable_leg"), color="#009E73", fontsize=9)
    ax_i.set_ylim(0, 10.5)
    ax_i.set_title(tr("fan.leg_title"))
    ax_i.set_ylabel(tr("fan.leg_axis"))
    for ax in (ax_s, ax_i):
        ax.set_xlabel(tr("fan.week_axis"))
        ax.set_xticks(range(sc.rounds + 1))
        ax.grid(alpha=0.3)
    handles, labels = ax_s.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=max(1, len(labels)), fontsize=10, frameon=False,
               bbox_to_anchor=(0.5, 0.035))
    fig.suptitle(tr("fan.title", title=title or sc.title.get(lang)), fontsize=12)
    fig.text(0.5, 0.005, tr("fan.carried"),
             ha="center", fontsize=8, color="#555555")
    fig.tight_layout(rect=(0, 0.09, 1, 0.95))
    out = Path(path)
    fig.savefig(out, metadata={"Software": None})
    plt.close(fig)
    return out


__all__ = ["fan_chart"]
