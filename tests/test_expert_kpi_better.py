"""The expert reads which way a KPI is better: a rise of a `better: lower` KPI (a waiting time) is a cost."""

import attrs

from sim.agents.coordinate import Stakes, _harmful, _price
from sim.core import model
from sim.core.vocabulary import Better, KpiEffect
from sim.scenario.loader import load_scenario
from tests.conftest import ROOT


def _jan_with(better: Better) -> model.Scenario:
    sc = load_scenario(ROOT / "scenarios" / "jan-in-de-portiek.yaml").scenario
    agencies = tuple(attrs.evolve(a, kpi=attrs.evolve(a.kpi, better=better)) if a.id == "ggz" else a for a in sc.agencies)
    return attrs.evolve(sc, agencies=agencies)


def test_a_rising_waiting_time_is_harm_and_has_a_price_a_rising_higher_is_better_kpi_not():
    lower, higher = _jan_with(Better.LOWER), _jan_with(Better.HIGHER)
    event = attrs.evolve(lower.events[0], effects=(KpiEffect(delta=10, agency="ggz"),))
    assert _harmful(event, lower) and _price(event, lower) == 10 / 20
    assert not _harmful(event, higher) and _price(event, higher) == 0.0
    falls = attrs.evolve(event, effects=(KpiEffect(delta=-10, agency="ggz"),))
    assert _harmful(falls, higher) and not _harmful(falls, lower)


def test_the_shipped_stakes_are_unchanged_by_the_default():
    sc = load_scenario(ROOT / "scenarios" / "jan-in-de-portiek.yaml").scenario
    assert Stakes(sc).watched == Stakes(_jan_with(Better.HIGHER)).watched
    assert Stakes(sc).watched, "Jan's managers call crossings to account"
