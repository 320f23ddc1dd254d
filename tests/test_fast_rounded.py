"""The fast path's conditions on rounded figures: two comparisons of the figure itself, equal to the reference's rounding.

The reference tests `round(v, 1)` against a condition's bounds (stress, a leg, a KPI);
`sim.fast.compile.rounded_bounds` moves the rounding into the bounds, once. These
tests hold the two forms to the same answer on the values where they could part:
each float next to a bound and next to every half-way point, the signed zeros, the
infinities and NaN, and many random figures.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.fast.compile import _first_float, _float_at, _order, rounded_bounds

INF = math.inf
BOUNDS = [-INF, INF, math.nan, 0.0, -0.0, 0.05, 0.1, 0.15, 1.0, 2.5, 2.45, 2.55, 30.0, 29.95, 30.05, 40.0, 39.95, 44.96, 55.0,
          -3.0, -0.05, 1e300, 0.1 + 0.2, 7.123456]


def reference(v: float, lo: float, hi: float) -> bool:
    r = round(v, 1)
    return not (r < lo or r > hi)


def fast_form(v: float, lo: float, hi: float) -> bool:
    below, above = rounded_bounds(lo, hi)
    return not (v < below or v >= above)


def _neighbours(x: float, n: int = 3) -> list[float]:
    if math.isnan(x):
        return [x]
    k = _order(x)
    return [_float_at(j) for j in range(k - n, k + n + 1) if _order(-INF) <= j <= _order(INF)]


def _probes() -> list[float]:
    points = [-INF, INF, math.nan, 0.0, -0.0, 5e-324, -5e-324]
    for b in BOUNDS:
        if math.isfinite(b):
            points += [b, b + 0.05, b - 0.05, b + 0.1, b - 0.1]
    rng = np.random.default_rng(12)
    points += rng.uniform(-5, 60, 400).tolist()
    points += (np.round(rng.uniform(-5, 60, 200), 2)).tolist()  # two decimals: half-way points of the rounding
    return [y for x in points for y in _neighbours(x)]


@pytest.mark.parametrize("lo", BOUNDS)
@pytest.mark.parametrize("hi", [INF, math.nan, 30.0, 44.96, 2.45, -0.0])
def test_the_bounds_answer_as_the_rounding_does(lo, hi):
    below, above = rounded_bounds(lo, hi)
    wrong = [v for v in _probes() if (not (v < below or v >= above)) != reference(v, lo, hi)]
    assert wrong == [], f"lo={lo} hi={hi}: {wrong[:5]}"


def test_the_order_of_floats_runs_through_every_float_once():
    for x in [-INF, -1.5, -5e-324, -0.0, 0.0, 5e-324, 1.0, INF]:
        assert math.copysign(1, _float_at(_order(x))) == math.copysign(1, x) and _float_at(_order(x)) == x
    assert _order(-0.0) + 1 == _order(0.0)
    assert _float_at(_order(1.0) + 1) == math.nextafter(1.0, INF)
    assert _float_at(_order(-1.0) + 1) == math.nextafter(-1.0, INF)


def test_the_first_float_is_where_the_answer_turns():
    t = _first_float(lambda x: x >= 0.25)
    assert t == 0.25
    t = _first_float(lambda x: round(x, 1) > 0.2)
    assert round(t, 1) > 0.2 and not round(math.nextafter(t, -INF), 1) > 0.2
    assert _first_float(lambda x: True) == -INF
