"""The depth verdict beside the lesson (issue 10 §5-6) and the card verdicts measured by removal (issue 13 §4).

The verdict is checked on hand-made reports whose every figure is known, so a
test fails when a target is read from the wrong place or judged the wrong way;
one run on the tiny two-card scenario of test_depth checks the whole path.
"""

from __future__ import annotations

import copy
import json

import pytest
from test_depth import GAMES, _tiny

from sim.analysis import cards
from sim.analysis.balance import format_balance, run_balance
from sim.analysis.report_text import verdict_lines
from sim.analysis.stats import FLAG_DOMINANT, FLAG_HARMFUL, FLAG_UNPLAYED, wilson
from sim.analysis.verdict import TARGETS, depth_verdict
from sim.cli import main
from sim.i18n import translator


def _policy(stabiel: int, crisis: int, games: int = 1000, median_rounds: float = 6.0) -> dict:
    out = {"stabiel": stabiel, "crisis": crisis, "kwetsbaar": games - stabiel - crisis}
    rates = {}
    for k, v in out.items():
        lo, hi = wilson(v, games)
        rates[k] = {"rate": v / games, "low": lo, "high": hi}
    return {"games": games, "outcomes": out, "outcome_rates": rates, "rounds": {"p50": median_rounds}}


def _measure(value: float, key: str = "rate", width: float = 0.05) -> dict:
    return {key: value, "low": value - width, "high": value + width}


def passing_report() -> dict:
    """A report that meets every target of issue 10 §6 (expert 85%, naive 20%, protocol crisis 90%...)."""
    depth = {"recovery": _measure(0.4), "information_value": _measure(0.3, "difference"),
             "rule_card_value": _measure(0.2, "difference"), "card_dependence": {**_measure(0.6), "card": "wt_x"}}
    return {"policies": {"protocol": _policy(0, 900), "naive": _policy(200, 100), "expert": _policy(850, 0),
                         "grensverlegger": _policy(870, 0)}, "depth": depth}


def test_a_report_that_meets_every_target_passes():
    v = depth_verdict(passing_report())
    assert v["met"] and v["missed"] == [] and v["not_measured"] == []
    assert set(v["targets"]) == {t.key for t in TARGETS} and len(TARGETS) == 10
    t = v["targets"]
    assert t["expert_minus_naive"]["value"] == pytest.approx(0.65)
    assert t["expert_vs_grensverlegger"]["value"] == pytest.approx(-0.02) and t["expert_vs_grensverlegger"]["met"]
    assert t["card_dependence"]["card"] == "wt_x"
    assert t["expert_median_rounds"]["low"] is None  # a median has no interval here


@pytest.mark.parametrize(("change", "missed"), [
    (lambda r: r["policies"].update(protocol=_policy(0, 500)), "protocol_crisis"),  # 50% crisis < 60%
    (lambda r: r["policies"].update(naive=_policy(450, 0)), "naive_stabiel"),  # naive 45% > 40% (and expert-naive 40: met)
    (lambda r: r["policies"].update(expert=_policy(970, 0)), "expert_stabiel"),  # too sure a thing: 97% > 95%
    (lambda r: r["policies"].update(grensverlegger=_policy(950, 0)), "expert_vs_grensverlegger"),  # 85 < 95 - 5
    (lambda r: r["policies"].update(expert=_policy(850, 0, median_rounds=4)), "expert_median_rounds"),
    (lambda r: r["depth"].update(recovery=_measure(0.25)), "recovery"),
    (lambda r: r["depth"].update(information_value=_measure(0.1, "difference")), "information_value"),
    (lambda r: r["depth"].update(rule_card_value=_measure(-0.02, "difference")), "rule_card_value"),
    (lambda r: r["depth"].update(card_dependence={**_measure(0.495), "card": "wt_netwerkberaad"}), "card_dependence"),
])
def test_a_missed_target_fails_the_depth_verdict_and_is_named(change, missed):
    rep = passing_report()
    change(rep)
    v = depth_verdict(rep)
    assert not v["met"] and missed in v["missed"], v["missed"]
    assert not v["targets"][missed]["met"]
    text = "\n".join(verdict_lines(v, translator("en")))
    assert "DEPTH: NOT MET" in text and "NOT MET" in text.splitlines()[2 + [t.key for t in TARGETS].index(missed)]


def test_the_naive_target_is_a_ceiling_and_the_expert_target_a_band():
    rep = passing_report()
    rep["policies"]["naive"] = _policy(400, 0)  # exactly 40%: still met
    rep["policies"]["expert"] = _policy(950, 0)  # exactly 95%: still met
    t = depth_verdict(rep)["targets"]
    assert t["naive_stabiel"]["met"] and t["expert_stabiel"]["met"]
    rep["policies"]["expert"] = _policy(740, 0)
    assert not depth_verdict(rep)["targets"]["expert_stabiel"]["met"]


def test_without_depth_or_policies_the_verdict_says_what_was_not_measured():
    rep = passing_report()
    del rep["depth"], rep["policies"]["naive"]
    v = depth_verdict(rep)
    assert not v["met"] and v["missed"] == []
    assert set(v["not_measured"]) == {"naive_stabiel", "expert_minus_naive", "recovery", "information_value",
                                      "rule_card_value", "card_dependence"}


def test_the_target_table_in_dutch_and_english():
    v = depth_verdict(passing_report())
    nl, en = ("\n".join(verdict_lines(v, translator(lang))) for lang in ("nl", "en"))
    assert "DIEPTE: GEHAALD" in nl and "85,0%" in nl and "≥ 60,0%" in nl
    assert "DEPTH: MET" in en and "85.0%" in en and "75.0% – 95.0%" in en
    assert "exit status follows the lesson only" in en


# ---------------------------------------------------------------------------
# Cards: measured by removal, else by association.
# ---------------------------------------------------------------------------


def _effect(d: float, lo: float, hi: float) -> dict:
    return {"difference": d, "low": lo, "high": hi}


def test_a_rescue_card_that_looks_bad_by_association_is_cleared_when_the_expert_needs_it():
    assert cards.verdict({"flag": FLAG_HARMFUL}, _effect(0.2, 0.1, 0.3)) == (cards.FLAG_CLEARED, "measured")
    assert cards.verdict({"flag": FLAG_HARMFUL}, _effect(0.0, -0.05, 0.05)) == (FLAG_HARMFUL, "association")
    assert cards.verdict({"flag": FLAG_HARMFUL}, None) == (FLAG_HARMFUL, "association")


def test_the_removal_measure_decides_dominance():
    assert cards.verdict({"flag": None}, _effect(0.6, 0.45, 0.7)) == (FLAG_DOMINANT, "measured")
    assert cards.verdict({"flag": FLAG_DOMINANT}, _effect(0.6, 0.45, 0.7)) == (FLAG_DOMINANT, "both")
    assert cards.verdict({"flag": FLAG_DOMINANT}, _effect(0.02, -0.03, 0.07)) == (None, "measured")  # overruled
    assert cards.verdict({"flag": None}, _effect(0.6, 0.25, 0.8)) == (cards.FLAG_NEEDED, "measured")  # not sure enough
    assert cards.verdict({"flag": None}, _effect(-0.2, -0.3, -0.1)) == (FLAG_HARMFUL, "measured")
    assert cards.verdict({"flag": FLAG_UNPLAYED}, _effect(0.0, -0.05, 0.05)) == (FLAG_UNPLAYED, "association")


@pytest.fixture(scope="module")
def tiny_report():
    return run_balance(_tiny(), games=GAMES, seed=0, workers=1, policies=("protocol", "grensverlegger", "random",
                                                                          "naive", "expert"))


def test_balance_json_has_the_depth_verdict_and_the_cards_measured_by_removal(tiny_report):
    rep = json.loads(json.dumps(tiny_report))  # JSON-ready
    assert rep["depth_verdict"]["targets"]["card_dependence"]["card"] == "delen"
    assert not rep["depth_verdict"]["targets"]["card_dependence"]["met"]  # nothing works without either card
    effects = rep["depth"]["card_effects"]
    assert {c: e["difference"] for c, e in effects.items()} == {"delen": 1.0, "regel": 1.0}
    assert rep["cards_measured_by"] == "expert"
    assert rep["card_verdicts"]["delen"] == {"flag": FLAG_DOMINANT, "basis": "measured"}
    assert rep["dominant_cards"] == ["delen", "regel"]


def test_the_balance_text_shows_the_depth_measures_the_targets_and_the_measured_cards(tiny_report):
    text = format_balance(tiny_report, "tiny", "en")
    for words in ("Depth (issue 10), 6 games per variant", "card dependence: expert without delen", "Depth targets",
                  "DEPTH: NOT MET", "Cards measured by removal", "mandate: expert 100.0%"):
        assert words in text, words
    nl = format_balance(tiny_report, "tiny", "nl")
    assert "DIEPTE: NIET GEHAALD" in nl and "Kaarten gemeten door ze weg te halen" in nl


def test_the_exit_status_stays_the_lessons(tmp_path, capsys, monkeypatch):
    # A report whose lesson passes and whose depth fails: balance exits 0 and prints both verdicts.
    import sim.analysis.balance as balance

    rep = copy.deepcopy(passing_report())
    rep.update(scenario="x", seed=0, games=1000, lesson={"passes": True}, depth_verdict=depth_verdict(rep))
    rep["depth_verdict"]["met"], rep["depth_verdict"]["missed"] = False, ["recovery"]
    monkeypatch.setattr(balance, "run_balance", lambda *a, **k: rep)
    monkeypatch.setattr(balance, "format_balance", lambda r, title, lang: "DEPTH: NOT MET")
    assert main(["balance", "--games", "5", "--json", str(tmp_path / "b.json")]) == 0
    assert json.loads((tmp_path / "b.json").read_text())["depth_verdict"]["met"] is False


def test_a_run_without_the_depth_policies_says_it_did_not_measure_them():
    rep = passing_report()
    del rep["depth"], rep["policies"]["naive"]
    text = "\n".join(verdict_lines(depth_verdict(rep), translator("en")))
    assert "DEPTH: NOT MEASURED IN FULL" in text and "not measured: naive_stabiel" in text
    assert "DEPTH: MET" not in text
