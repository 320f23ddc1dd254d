"""The fan chart speaks the session's language (issue 13 §7) and draws the stable rule's own levels."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from sim.analysis.batch import simulate
from sim.analysis.fanchart import fan_chart
from sim.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def runs():
    sc = load_scenario(FIXTURES / "mini.yaml").scenario
    return sc, [("grensverlegger", simulate(sc, 8, 0, "grensverlegger", workers=1))]


def _texts(monkeypatch):
    from matplotlib.figure import Figure

    seen: list[str] = []
    real = Figure.savefig

    def spy(fig, *args, **kwargs):
        seen.extend(t.get_text() for t in fig.texts)
        for ax in fig.axes:
            seen.extend([ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), *(t.get_text() for t in ax.texts)])
        return real(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", spy)
    return seen


@pytest.mark.parametrize(("lang", "words"), [
    ("nl", ["Stress per week", "Zwakste poot per week", "week (0 = begin)", "stabiel (elke poot minstens)",
            "Na het einde van een spel lopen de laatste cijfers door tot de laatste week."]),
    ("en", ["Stress per week", "Weakest leg per week", "week (0 = start)", "stable (every leg at least)"]),
])
def test_the_fan_chart_in_each_language(runs, lang, words, tmp_path, monkeypatch):
    sc, rs = runs
    seen = _texts(monkeypatch)
    out = fan_chart(tmp_path / "fan.png", sc, rs, lang=lang)
    assert out.read_bytes()[:4] == b"\x89PNG"
    for w in words:
        assert w in seen, (w, seen)
    assert any(s.startswith(sc.title.get(lang)) for s in seen)
    if lang == "nl":
        assert not any("round" in s or "median" in s for s in seen), seen
