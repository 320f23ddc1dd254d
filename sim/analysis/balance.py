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

from sim.analysis.batch import Progress, game_seeds, run_games
from sim.analysis.cards import judge
from sim.analysis.crises import crises_never_reached
from sim.analysis.report_text import depth_measure_lines, flag_text, measured_cards_lines, verdict_lines, why_lines
from sim.analysis.stats import OUTCOMES, diff_of_shares, summarize
from sim.analysis.verdict import depth_verdict
from sim.core.model import Scenario
from sim.i18n import Translator, translator

STANDARD = ("protocol", "grensverlegger", "random", "greedy", "search", "naive", "expert")
BOUNDARY, BY_THE_BOOK = "grensverlegger", "protocol"
CHANCE = "random"  # play by chance: a sanity check that the outcome follows how much boundary crossing there is
CARDS_POLICY = "random"  # whose games judge the cards: under random play chance decides what is played
SLOW = {"search": 40}  # policies that play fewer games by default: games at most
CLEAR = 0.10  # "clearly": the 95% interval of the difference lies wholly beyond 10 percentage points
WHY_POLICIES = ("protocol", "grensverlegger", "naive", "expert")  # whose shortfalls the text breaks down
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
    firsts: dict[str, list[str]] = {}  # each policy's outcomes in seed order: the depth measures reuse the expert's
    for name in policies:
        n = games if name not in SLOW else min(games, slow_games if slow_games is not None else SLOW[name])
        played = run_games(sc, game_seeds(seed, n), name, workers=workers, progress=progress(name) if progress else None)
        results[name] = summarize(sc, played, {"seed": seed, "policy": name, "seats": {a.id: name for a in sc.agencies}})
        firsts[name] = [r.outcome for r in played]
    report: dict[str, Any] = {"scenario": sc.id, "seed": seed, "games": games, "policies": results}
    if BOUNDARY in results and BY_THE_BOOK in results:
        report["lesson"] = lesson(results[BOUNDARY], results[BY_THE_BOOK])
        if CHANCE in results:
            report["chance_between"] = between(results[BOUNDARY], results[CHANCE], results[BY_THE_BOOK])
    if "expert" in results and "naive" in results and depth_games != 0:  # 0: no depth section
        from sim.analysis.depth import depth

        n = depth_games if depth_games is not None else min(games, DEPTH_GAMES)
        # The depth measures' plain expert plays the first n seeds of the same seed list (SeedSequence gives a
        # prefix): when the expert above played at least n games, its count is the same, so it is not played twice.
        known = {"expert": firsts["expert"][:n].count("stabiel")} if len(firsts["expert"]) >= n else {}
        report["depth"] = depth(sc, n, seed, workers, progress("depth") if progress else None, known)
    if CARDS_POLICY in results:
        report["cards_judged_by"] = CARDS_POLICY
        effects = report.get("depth", {}).get("card_effects")
        report["cards_measured_by"] = "expert" if effects else None
        report.update(judge(results[CARDS_POLICY]["cards"], effects))
    report["depth_verdict"] = depth_verdict(report)
    report["crises_never_reached"] = crises_never_reached(sc, results)
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


def _pct(x: float, tr: Translator) -> str:
    return tr.number(100 * x, 1, fixed=True) + "%"


def _rate(r: Mapping[str, Any], key: str, tr: Translator) -> str:
    v = r["outcome_rates"][key]
    return f"{_pct(v['rate'], tr):>6} [{tr.number(100 * v['low'], 1, fixed=True):>4}–{tr.number(100 * v['high'], 1, fixed=True):>5}]"


def _signed(x: float, tr: Translator, digits: int = 1) -> str:
    return ("+" if x >= 0 else "") + tr.number(x, digits, fixed=True)


def format_summary(r: Mapping[str, Any], lang: str = "en") -> str:
    """A readable table of a `simulate` summary, in `lang`."""
    tr = translator(lang)
    n = r["games"]
    seats = r.get("seats", {})
    kinds = sorted(set(seats.values()))
    who = tr("bal.policy_one", policy=kinds[0]) if len(kinds) == 1 else tr("bal.seats", seats=", ".join(f"{a}={p}" for a, p in seats.items()))
    lines = [tr("bal.summary_head", scenario=r["scenario"], games=n, who=who, seed=r["seed"]), ""]
    lines.append(f"{tr('bal.col_outcome'):<12}{tr('bal.col_games'):>7}{tr('bal.col_share'):>9}   {tr('bal.col_interval')}")
    for key in OUTCOMES:
        v = r["outcome_rates"][key]
        lines.append(f"{key:<12}{r['outcomes'][key]:>7}{_pct(v['rate'], tr):>9}   {_pct(v['low'], tr):>6} – {_pct(v['high'], tr):>6}")
    lines.append("")
    lines.append(f"{tr('bal.col_figure'):<26}{tr('bal.col_mean'):>10}{'P5':>10}{'P50':>10}{'P95':>10}")
    for key in ("final_stress", "final_stability", "rounds", "euros_spent", "crisis_costs", "total_costs",
                "boundary_crossings", "joint_actions"):
        v = r[key]
        whole = "costs" in key or "euros" in key
        lines.append(f"{tr(f'bal.row.{key}'):<26}" + "".join(
            f"{tr.number(v[k], 0) if whole else tr.number(v[k], 1, fixed=True):>10}" for k in ("mean", "p5", "p50", "p95")))
    lines.append("")
    lines += why_lines(r, tr)
    lines.append(format_cards(r["cards"], n, r.get("policy", ""), lang))
    return "\n".join(lines)


def format_cards(cards: Mapping[str, Mapping[str, Any]], games: int, policy: str = "", lang: str = "en") -> str:
    """The per-card table: plays, outcome score where played versus not, and the verdict."""
    tr = translator(lang)
    lines = [
        (tr("bal.cards_head_policy", policy=policy, games=games) if policy else tr("bal.cards_head", games=games))
        + tr("bal.cards_explain"),
        f"{tr('bal.col_card'):<36}{tr('bal.col_type'):<10}{tr('bal.col_games'):>7}{tr('bal.col_plays'):>8}"
        f"{tr('bal.col_score'):>8}{tr('bal.col_not'):>7}  {tr('bal.col_difference'):<22}{tr('bal.col_verdict')}",
    ]
    for cid, c in cards.items():
        if c["difference"] is None:
            diff = score = not_ = ""
        else:
            diff = f"{_signed(c['difference'], tr, 2)} [{_signed(c['low'], tr, 2)}, {_signed(c['high'], tr, 2)}]"
            score, not_ = _signed(c["score_played"], tr, 2), _signed(c["score_not_played"], tr, 2)
        flag = flag_text(c["flag"], tr) or (tr("bal.too_few") if c["games_played"] and c["difference"] is None else "")
        lines.append(f"{cid:<36}{c['type']:<10}{_pct(c['share_of_games'], tr):>7}{tr.number(c['plays_per_game'], 2, fixed=True):>8}"
                     f"{score:>8}{not_:>7}  {diff:<22}{flag}")
    return "\n".join(lines)


def _policy_rows(rep: Mapping[str, Any], tr: Translator) -> list[str]:
    pols = rep["policies"]
    head = (f"{tr('bal.col_policy'):<16}{tr('bal.col_games'):>6}  {'stabiel':<21}{'kwetsbaar':<21}{'crisis':<21}"
            f"{tr('bal.col_stress'):>7}{tr('bal.col_index'):>7}{tr('bal.col_rounds'):>10}{tr('bal.col_crossings'):>12}{tr('bal.col_costs'):>13}")
    lines = [head, f"{'':<24}{tr('bal.col_share_interval'):<63}{'P50':>7}{'P50':>7}{tr('bal.col_mean'):>10}{tr('bal.col_mean'):>12}"
                   f"{tr('bal.col_mean'):>13}"]
    fewer = []
    for name, r in pols.items():
        mark = " "
        if r["games"] < rep["games"]:
            mark = "*"
            fewer.append(name)
        lines.append(
            f"{name:<16}{r['games']:>5}{mark}  {_rate(r, 'stabiel', tr):<21}{_rate(r, 'kwetsbaar', tr):<21}{_rate(r, 'crisis', tr):<21}"
            f"{tr.number(r['final_stress']['p50'], 0):>7}{tr.number(r['final_stability']['p50'], 1, fixed=True):>7}"
            f"{tr.number(r['rounds']['mean'], 1, fixed=True):>10}{tr.number(r['boundary_crossings']['mean'], 1, fixed=True):>12}"
            f"{tr.number(r['total_costs']['mean'], 0):>13}"
        )
    lines.append(tr("bal.index_note"))
    if fewer:
        lines.append(tr("bal.fewer", names=", ".join(fewer)))
    return lines


def _lesson_lines(rep: Mapping[str, Any], tr: Translator) -> list[str]:
    les = rep["lesson"]
    s, c = les["stabiel"], les["crisis_less"]
    yes, no = tr("bal.yes"), tr("bal.no")
    lines = [tr("bal.lesson", boundary=BOUNDARY, book=BY_THE_BOOK), tr("bal.clearly", points=tr.number(100 * les["clear"], 0))]
    lines.append(tr("bal.stabilises", a=_pct(s["boundary"], tr), b=_pct(s["book"], tr), d=_signed(100 * s["difference"], tr),
                    lo=_signed(100 * s["low"], tr), hi=_signed(100 * s["high"], tr), yes=yes if s["clear"] else no))
    lines.append(tr("bal.crisis", a=_pct(c["boundary"], tr), b=_pct(c["book"], tr), d=_signed(-100 * c["difference"], tr),
                    lo=_signed(-100 * c["high"], tr), hi=_signed(-100 * c["low"], tr), yes=yes if c["clear"] else no))
    ch = rep.get("chance_between")
    if ch is not None:
        parts = "; ".join(f"{k} {_pct(ch[k]['book'], tr)} / {_pct(ch[k]['chance'], tr)} / {_pct(ch[k]['boundary'], tr)}"
                          for k in ("stabiel", "crisis"))
        lines.append(tr("bal.chance", chance=CHANCE, book=BY_THE_BOOK, boundary=BOUNDARY, parts=parts,
                        yes=yes if ch["between"] else tr("bal.chance_no")))
    lines.append("")
    if les["passes"]:
        lines.append(tr("bal.pass"))
    else:
        missing = [tr(key) for key, part in (("bal.miss_stabilise", s), ("bal.miss_crisis", c)) if not part["clear"]]
        lines.append(tr("bal.fail", missing=tr("bal.miss_join").join(missing)))
    lines.append("")
    return lines


def format_balance(rep: Mapping[str, Any], title: str = "", lang: str = "en") -> str:
    """The balance report as text, in `lang`: the comparison table, the lesson with its verdict, and the cards."""
    tr = translator(lang)
    lines = [tr("bal.report_head", title=title or rep["scenario"], seed=rep["seed"]), ""]
    lines += _policy_rows(rep, tr)
    lines.append("")
    if rep.get("lesson") is not None:
        lines += _lesson_lines(rep, tr)
    if rep.get("depth"):
        lines += depth_measure_lines(rep["depth"], tr) + [""]
    if rep.get("depth_verdict", {}).get("targets"):
        lines += verdict_lines(rep["depth_verdict"], tr) + [""]
    for name in WHY_POLICIES:
        if name in rep["policies"] and (why := why_lines(rep["policies"][name], tr, top=4)):
            lines += [tr("dan.why.policy", policy=name)] + why[1:]
    if rep.get("crises_never_reached"):
        lines += [tr("bal.crises_never_reached", crises=", ".join(rep["crises_never_reached"])), ""]
    if "cards_judged_by" in rep:
        judged = rep["policies"][rep["cards_judged_by"]]
        none = tr("bal.none")
        lines.append(tr("bal.cards_judged", policy=rep["cards_judged_by"], games=judged["games"]))
        if rep.get("cards_measured_by"):
            lines.append(tr("dan.cards.lists_measured", policy=rep["cards_measured_by"], games=rep["depth"]["games"]))
        lines.append(tr("bal.dominant", cards=", ".join(rep["dominant_cards"]) or none))
        lines.append(tr("bal.never_worth", cards=", ".join(rep["never_worth_playing"]) or none))
        lines.append(tr("bal.never_played", cards=", ".join(rep["never_played"]) or none))
        lines.append(tr("bal.traps"))
        lines.append("")
        lines.append(format_cards(judged["cards"], judged["games"], rep["cards_judged_by"], lang))
        if measured := measured_cards_lines(rep, tr):
            lines += [""] + measured
    return "\n".join(lines)


__all__ = ["BOUNDARY", "BY_THE_BOOK", "CHANCE", "CLEAR", "STANDARD", "between", "format_balance", "format_cards",
           "format_summary", "lesson", "run_balance"]
