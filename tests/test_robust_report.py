"""Issue 16, the report side: a full disk, chart sizes, `$` in scenario text, placeholders filled in once."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import attrs
import pytest

from sim.analysis.batch import play_game, seat_policies
from sim.i18n import t
from sim.i18n.catalog import translator
from sim.report import charts, writer
from sim.scenario.loader import LoadedScenario, load_scenario
from sim.session import sessionfile as sf

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.fixture(scope="module")
def jan() -> LoadedScenario:
    return load_scenario(JAN)


@pytest.fixture(scope="module")
def played(jan):
    sc = jan.scenario
    return play_game(sc, 3, seat_policies(sc, "random"))


def _png_size(png: bytes) -> tuple[int, int]:
    from PIL import Image

    return Image.open(io.BytesIO(png)).size


# -- 13: a full disk leaves nothing behind ---------------------------------------------------------


def test_a_report_on_a_full_disk_leaves_no_temporary_file(jan, played, tmp_path, monkeypatch):
    saved = sf.start(jan.path, jan.scenario.id, jan.content_hash, played)
    out = tmp_path / "verslag"
    real_write = Path.write_bytes

    def full_disk(self, data):
        real_write(self, data[: len(data) // 2])  # half of it reached the disk, then the disk was full
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(OSError) as err:
        writer.write_report(saved, jan, out, "nl", state=played)
    assert list(out.iterdir()) == []  # no .tmp eating the space the autosave needs
    text = writer.report_error(err.value, out, "nl")
    assert "de schijf is vol" in text and "No space" not in text and str(out) in text
    monkeypatch.undo()
    sf.autosave(saved)  # the disk has room again: saving works


# -- 21: chart sizes stay sane; `$` is a dollar sign --------------------------------------------------


def _with_euros(state, amount):
    last = state.history[-1]
    history = tuple(state.history[:-1]) + (attrs.evolve(last, euros=(amount,) * len(last.euros)),)
    return attrs.evolve(state, euros=(amount,) * len(state.euros), history=history)


@pytest.mark.parametrize("amount", [-250_000.0, -1e12, 1e12])
def test_a_negative_or_huge_amount_keeps_the_costs_chart_its_size(jan, played, amount):
    state = _with_euros(played, amount)
    normal = _png_size(charts.draw_charts(jan.scenario, played, "nl", ["costs"])["costs"])
    odd = _png_size(charts.draw_charts(jan.scenario, state, "nl", ["costs"])["costs"])
    assert odd[0] <= normal[0] * 1.3 and odd[1] <= normal[1] * 1.3, (normal, odd)


def test_a_runaway_label_cannot_blow_up_the_figure():
    plt = charts._pyplot()
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.text(1e6, 0, "ver weg")  # far outside the axes: "tight" would make this a million pixels wide
    assert charts.tight_or_fixed(fig) is None
    fig2, ax2 = plt.subplots(figsize=(4, 3))
    ax2.text(0.5, 0.5, "gewoon")
    assert charts.tight_or_fixed(fig2) == "tight"
    plt.close(fig)
    plt.close(fig2)


def test_dollar_signs_in_scenario_text_are_not_mathtext(jan, played):
    sc = jan.scenario
    first = sc.agencies[0]
    odd_name = attrs.evolve(first.name, nl=r"$\sqrt{\sqrt{x}}$ of $5", en="$5 of $6")
    odd = attrs.evolve(sc, agencies=(attrs.evolve(first, name=odd_name, label="$a$"), *sc.agencies[1:]))
    drawn = charts.draw_charts(odd, played, "nl")  # the nested \sqrt crashed the report
    assert set(drawn) == set(charts.CHART_NAMES)
    assert charts._pyplot().rcParams["text.parse_math"] is False


# -- 20: placeholders are filled in once ---------------------------------------------------------------


@pytest.mark.parametrize("team", ["Team %{card}", "Team {card}", "Team {{card}}", "Team {0}", "{agency.__class__}", "%(card)s"])
def test_a_placeholder_in_a_name_is_printed_as_written(team):
    for lang in ("nl", "en"):
        line = t("log.card", lang, agency=team, card="Huisbezoek")
        assert team in line and line.count("Huisbezoek") == 1
        assert team in translator(lang).p("screen", "log.card", agency=team, card="Huisbezoek")
