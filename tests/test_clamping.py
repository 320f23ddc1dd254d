"""Every figure an effect or an adjustment moves stays finite and within its range (`sim.core.limits`)."""

from __future__ import annotations

import math

import pytest
from builders import card, make, play, to_acties

from sim.core import engine, limits
from sim.core.state import Adjust

HUGE = 1.7976931348623157e308  # the largest float: twice of it is infinite

RANGE_OF = {"stress": limits.STRESS, "leg": limits.LEG, "stressor": limits.SEVERITY, "trust": limits.TRUST,
            "kpi": limits.KPI, "mandate": limits.MANDATE, "capacity": limits.CAPACITY}
KEY_OF = {"leg": "meedoen", "stressor": "schulden", "trust": "sd", "kpi": "sd", "mandate": "sd", "capacity": "sd"}


def _value(st, figure):
    return {"stress": lambda: st.stress, "leg": lambda: st.legs[0], "stressor": lambda: st.severity[0],
            "trust": lambda: st.trust[0], "kpi": lambda: st.kpi[0], "mandate": lambda: st.mandate[0],
            "capacity": lambda: st.capacity[0]}[figure]()


@pytest.mark.parametrize("figure", sorted(RANGE_OF))
@pytest.mark.parametrize("sign", [1, -1])
def test_an_adjustment_twice_by_the_largest_number_stays_in_range(figure, sign):
    sc = make()
    st = to_acties(sc, engine.new_game(sc, 0))
    for _ in range(2):
        if not engine.is_over(st):  # stress at 100 is a crisis: the game ends after the first
            st = engine.apply(sc, st, Adjust(figure, sign * HUGE, "test", KEY_OF.get(figure)))
    value = _value(st, figure)
    assert math.isfinite(value)
    expected = RANGE_OF[figure].hi if sign > 0 else RANGE_OF[figure].lo
    assert value == expected, (figure, value)


def test_effects_on_agency_figures_are_clamped_and_mandate_stays_whole():
    effects = [{"kind": "kpi", "delta": 1000}, {"kind": "kpi", "delta": 1000}, {"kind": "mandate", "delta": 20},
               {"kind": "mandate", "delta": 20}, {"kind": "mandate", "delta": 20}, {"kind": "mandate", "delta": 20},
               {"kind": "mandate", "delta": 20}, {"kind": "mandate", "delta": 20}]
    sc = make(cards=[card("c", effects=effects)])
    st = play(sc, to_acties(sc, engine.new_game(sc, 0)), "c")
    assert st.kpi[0] == limits.KPI.hi
    assert st.mandate[0] == limits.MANDATE.hi and isinstance(st.mandate[0], int)


def test_a_range_clamps_nan_to_its_low_end():
    assert limits.STRESS.clamp(float("nan")) == limits.STRESS.lo
