"""The balance report names a crisis cost that ended no game of any policy."""

from sim.analysis.balance import format_balance, run_balance
from sim.scenario.loader import load_scenario
from tests.conftest import ROOT


def test_a_crisis_no_game_reaches_is_named_in_json_and_text():
    sc = load_scenario(ROOT / "scenarios" / "jan-in-de-portiek.yaml").scenario
    rep = run_balance(sc, games=20, seed=0, workers=1, policies=("protocol", "grensverlegger"))
    reached = {reason for r in rep["policies"].values() for reason in r["end_reasons"]}
    assert reached & set(sc.scoring.crisis_costs) or "stress" in reached  # protocol ends Jan in crisis
    for key in sc.scoring.crisis_costs:
        ended_a_game = key in reached or (key == sc.scoring.stress_crisis_cost and "stress" in reached)
        assert (key in rep["crises_never_reached"]) is (not ended_a_game)
    assert rep["crises_never_reached"], "20 games of two policies do not reach every one of Jan's three crises"
    text = format_balance(rep, lang="nl")
    assert "in geen enkel spel voorkwam" in text and rep["crises_never_reached"][0] in text
