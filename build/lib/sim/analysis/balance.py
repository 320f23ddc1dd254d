"""The balance report: does a scenario teach its lesson?

The standard comparison plays the same games (the same seeds, so the same
event decks) with every agency on one policy, for each of the standard
policies. The lesson of GAME.md §1 holds when boundary-crossing play
(`grensverlegger`) stabilises the person *clearly* more often, and ends in
crisis *clearly* less often, than by-the-book play (`protocol`): the whole 95%
interval of each difference lies beyond `CLEAR` (10 percentage points).

Also here: the readable tables of `simulate` and `balance`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sim.analysis.batch import Progress, simulate
from sim.analysis.stats import FLAG_DOMINANT, FLAG_HARMFUL, FLAG_UNPLAYED, OUTCOMES, diff_of_shares
from sim.core.model import Scenario

STANDARD = ("protocol", "grensverlegger", "random", "greedy", "search", "naive", "expert")
BOUNDARY, BY_THE_BOOK = "grensverlegger", "protocol"
CHANCE = "random"  # play by chance: a sanity check that the outcome follows how much boundary crossing there is
CARDS_POLICY = "random"  # whose games judge the cards: under random play chance decides what is played
SLOW = {"search": 40}  # policies that play fewer games by default: games at most
CLEAR = 0.10  # "clearly": the 95% interval of the difference lies wholly beyond 10 percentage points
DEPTH_GAMES = 200  # games per variant of the depth measures (sim.analysis.depth), at most


def run_balance(
    sc: Scenario,
    games: int = 500,
    seed: int = 0,
    workers: int | None = None,
    slow_games: int | None = None,
    policies: Sequence[str] = STANDARD,
    progress: Callable[[str], Progress | None] | None = None,
    depth_games: int | None = None,
) -> dict[str, Any]:
    """Play the standard comparison and judge the lesson; JSON-ready and deterministic for a seed.

    With `expert` and `naive` among the policies the report also has a `depth` section
    (`sim.analysis.depth`) on `depth_games` games (default: `games`, at most `DEPTH_GAMES`; 0: none).
    """
    results: dict[str, dict[str, Any]] = {}
    for name in policies:
        n = games if name not in SLOW else min(games, slow_games if slow_games is not None else SLOW[name])
        results[name] = simulate(sc, n, seed, name, workers=workers, progress=progress(name) if progress else None)
    report: dict[str, Any] = {"scenario": sc.id, "seed": seed, "games": games, "policies": results}
    if BOUNDARY in results and BY_THE_BOOK in results:
        report["lesson"] = lesson(results[BOUNDARY], results[BY_THE_BOOK])
        if CHANCE in results:
            report["chance_between"] = between(results[BOUNDARY], results[CHANCE], results[BY_THE_BOOK])
    if CARDS_POLICY in results:
        cards = results[CARDS_POLICY]["cards"]
        report["cards_judged_by"] = CARDS_POLICY
        report["dominant_cards"] = sorted(c for c, row in cards.items() if row["flag"] == FLAG_DOMINANT)
        report["never_worth_playing"] = sorted(c for c, row in cards.items() if row["flag"] == FLAG_HARMFUL)
        report["never_played"] = sorted(c for c, row in cards.items() if row["flag"] == FLAG_UNPLAYED)
    if "expert" in results and "naive" in results and depth_games != 0:  # 0: no depth section
        from sim.analysis.depth import depth

        report["depth"] = depth(sc, depth_games if depth_games is not None else min(games, DEPTH_GAMES), seed)
    return report


def lesson(boundary: Mapping[str, Any], book: Mapping[str, Any]) -> dict[str, Any]:
    """Boundary-crossing versus by-the-book play: the two differences, their intervals and the verdict."""
    nb, nk = boundary["games"], book["games"]
    d, lo, hi = diff_of_shares(boundary["outcomes"]["stabiel"], nb, book["outcomes"]["stabiel"], nk)
    stabiel = {"boundary": boundary["outcomes"]["stabiel"] / nb, "book": book["outcomes"]["stabiel"] / nk,
               "difference": d, "low": lo, "high": hi, "clear": lo > CLEAR}
    # Crisis: how much *less* often with boundary crossing (book minus boundary).
    d, lo, hi = diff_of_shares(book["outcomes"]["crisis"], nk, boundary["outcomes"]["crisis"], nb)
    crisis = {"boundary": boundary["outcomes"]["crisis"] / nb, "book": book["outcomes"]["crisis"] / nk,
              "difference": d, "low": lo, "high": hi, "clear": lo > CLEAR}
    for part in (stabiel, crisis):
        for k in ("boundary", "book", "difference", "low", "high"):
            part[k] = round(part[k], 4) + 0.0
    return {"stabiel": stabiel, "crisis_less": crisis, "passes": stabiel["clear"] and crisis["clear"], "clear": CLEAR}


def between(boundary: Mapping[str, Any], chance: Mapping[str, Any], book: Mapping[str, Any]) -> dict[str, Any]:
    """Whether chance play lies strictly between by-the-book and boundary-crossing play, on stabiel and on crisis."""
    out: dict[str, Any] = {}
    for outcome in ("stabiel", "crisis"):
        shares = [r["outcomes"][outcome] / r["games"] for r in (book, chance, boundary)]
        low, high = sorted((shares[0], shares[2]))
        out[outcome] = {"book": round(shares[0], 4) + 0.0, "chance": round(shares[1], 4) + 0.0,
                        "boundary": round(shares[2], 4) + 0.0, "between": low < shares[1] < high}
    out["between"] = out["stabiel"]["between"] and out["crisis"]["between"]
    return out


# ---------------------------------------------------------------------------
# Tables.
# ---------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def _rate(r: Mapping[str, Any], key: str) -> str:
    v = r["outcome_rates"][key]
    return f"{_pct(v['rate'])} [{100 * v['low']:4.1f}–{100 * v['high']:5.1f}]"


def _money(x: float) -> str:
    return f"{x:,.0f}"


def format_summary(r: Mapping[str, Any]) -> str:
    """A readable table of a `simulate` summary."""
    n = r["games"]
    seats = r.get("seats", {})
    kinds = sorted(set(seats.values()))
    who = f"policy {kinds[0]}" if len(kinds) == 1 else "seats " + ", ".join(f"{a}={p}" for a, p in seats.items())
    lines = [f"{r['scenario']}: {n} games, {who}, seed {r['seed']}", ""]
    lines.append(f"{'outcome':<12}{'games':>7}{'share':>9}   95% interval")
    for key in OUTCOMES:
        v = r["outcome_rates"][key]
        lines.append(f"{key:<12}{r['outcomes'][key]:>7}{_pct(v['rate']):>9}   {_pct(v['low'])} – {_pct(v['high'])}")
    lines.append("")
    lines.append(f"{'figure':<26}{'mean':>10}{'P5':>10}{'P50':>10}{'P95':>10}")
    rows = (
        ("final_stress", "final stress (0-100)"),
        ("final_stability", "final stability (0-10)"),
        ("rounds", "rounds played"),
        ("euros_spent", "euros spent"),
        ("crisis_costs", "crisis costs (euros)"),
        ("total_costs", "euros + crisis costs"),
        ("boundary_crossings", "boundary crossings"),
        ("joint_actions", "joint actions"),
    )
    for key, label in rows:
        v = r[key]
        fmt = _money if "costs" in key or "euros" in key else (lambda x: f"{x:.1f}")
        lines.append(f"{label:<26}" + "".join(f"{fmt(v[k]):>10}" for k in ("mean", "p5", "p50", "p95")))
    lines.append("")
    lines.append(format_cards(r["cards"], n, r.get("policy", "")))
    return "\n".join(lines)


def format_cards(cards: Mapping[str, Mapping[str, Any]], games: int, policy: str = "") -> str:
    """The per-card table: plays, outcome score where played versus not, and the verdict."""
    lines = [
        (f"Cards ({policy} play, {games} games). " if policy else f"Cards ({games} games). ")
        + "Score = share stabiel − share crisis; difference = score where played − where not [95% interval].",
        f"{'card':<36}{'type':<10}{'games':>7}{'plays/g':>8}{'score':>8}{'not':>7}  {'difference':<22}verdict",
    ]
    for cid, c in cards.items():
        if c["difference"] is None:
            diff = ""
            score = not_ = ""
        else:
            diff = f"{c['difference']:+.2f} [{c['low']:+.2f}, {c['high']:+.2f}]"
            score, not_ = f"{c['score_played']:+.2f}", f"{c['score_not_played']:+.2f}"
        flag = c["flag"] or ("too few games to judge" if c["games_played"] and c["difference"] is None else "")
        lines.append(f"{cid:<36}{c['type']:<10}{_pct(c['share_of_games']):>7}{c['plays_per_game']:>8.2f}"
                     f"{score:>8}{not_:>7}  {diff:<22}{flag}")
    return "\n".join(lines)


def format_balance(rep: Mapping[str, Any], title: str = "") -> str:
    """The balance report as text: the comparison table, the lesson with its verdict, and the cards."""
    pols = rep["policies"]
    lines = [f"Balance report: {title or rep['scenario']}, seed {rep['seed']}, all intervals 95%", ""]
    head = (f"{'policy':<16}{'games':>6}  {'stabiel':<21}{'kwetsbaar':<21}{'crisis':<21}"
            f"{'stress':>7}{'index':>7}{'rounds':>7}{'crossings':>10}{'costs EUR':>13}")
    lines += [head, f"{'':<24}{'share of games [interval]':<63}{'P50':>7}{'P50':>7}{'mean':>7}{'mean':>10}"
                    f"{'mean':>13}"]
    fewer = []
    for name, r in pols.items():
        mark = " "
        if r["games"] < rep["games"]:
            mark = "*"
            fewer.append(name)
        lines.append(
            f"{name:<16}{r['games']:>5}{mark}  {_rate(r, 'stabiel'):<21}{_rate(r, 'kwetsbaar'):<21}{_rate(r, 'crisis'):<21}"
            f"{r['final_stress']['p50']:>7.0f}{r['final_stability']['p50']:>7.1f}{r['rounds']['mean']:>7.1f}"
            f"{r['boundary_crossings']['mean']:>10.1f}{_money(r['total_costs']['mean']):>13}"
        )
    lines.append("index: the stability index (0-10); costs: euros the agencies spent plus crisis costs, per game.")
    if fewer:
        lines.append(f"* {', '.join(fewer)}: fewer games, because searching is slow (set with --search-games).")
    lines.append("")
    les = rep.get("lesson")
    if les is not None:
        s, c = les["stabiel"], les["crisis_less"]
        clear = 100 * les["clear"]
        lines.append(f"The lesson: boundary-crossing play ({BOUNDARY}) against by-the-book play ({BY_THE_BOOK}).")
        lines.append(f"'Clearly' means the whole 95% interval of the difference lies beyond {clear:.0f} percentage points.")
        lines.append(
            f"  stabilises  {_pct(s['boundary'])} vs {_pct(s['book'])}:  {100 * s['difference']:+.1f} points "
            f"[{100 * s['low']:+.1f} to {100 * s['high']:+.1f}]  "
            + ("clearly more often: yes" if s["clear"] else "clearly more often: NO")
        )
        lines.append(
            f"  crisis      {_pct(c['boundary'])} vs {_pct(c['book'])}:  {100 * -c['difference']:+.1f} points "
            f"[{100 * -c['high']:+.1f} to {100 * -c['low']:+.1f}]  "
            + ("clearly less often: yes" if c["clear"] else "clearly less often: NO")
        )
        ch = rep.get("chance_between")
        if ch is not None:
            parts = [f"{k} {_pct(ch[k]['book']).strip()} / {_pct(ch[k]['chance']).strip()} / {_pct(ch[k]['boundary']).strip()}"
                     for k in ("stabiel", "crisis")]
            lines.append(f"  Chance play ({CHANCE}) lies between the two ({BY_THE_BOOK} / {CHANCE} / {BOUNDARY}: "
                         + "; ".join(parts) + "): " + ("yes" if ch["between"] else "NO (not part of the verdict)"))
        lines.append("")
        if les["passes"]:
            lines.append("VERDICT: PASS. This scenario teaches its lesson: crossing boundaries on purpose stabilises "
                         "the person clearly more often, and ends in crisis clearly less often, than working by the book.")
        else:
            missing = [w for w, part in (("stabilise clearly more often", s), ("end in crisis clearly less often", c))
                       if not part["clear"]]
            lines.append("VERDICT: FAIL. This scenario does not yet teach its lesson: boundary-crossing play does not "
                         + " and does not ".join(missing) + " than by-the-book play. Tune the cards, events or scoring.")
        lines.append("")
    if "cards_judged_by" in rep:
        judged = pols[rep["cards_judged_by"]]
        dom = ", ".join(rep["dominant_cards"]) or "none"
        bad = ", ".join(rep["never_worth_playing"]) or "none"
        unplayed = ", ".join(rep["never_played"]) or "none"
        lines.append(f"Cards, judged on {rep['cards_judged_by']} play ({judged['games']} games: chance decides what is played).")
        lines.append(f"  dominant:            {dom}")
        lines.append(f"  never worth playing: {bad}")
        lines.append(f"  never played:        {unplayed}")
        lines.append("  (In-system cards that are never worth playing are the traps of working by the book; "
                     "a boundary, joint or rule card among them is a design problem.)")
        lines.append("")
        lines.append(format_cards(judged["cards"], judged["games"], rep["cards_judged_by"]))
    return "\n".join(lines)


__all__ = ["BOUNDARY", "BY_THE_BOOK", "CHANCE", "CLEAR", "STANDARD", "between", "format_balance", "format_cards",
           "format_summary", "lesson", "run_balance"]
