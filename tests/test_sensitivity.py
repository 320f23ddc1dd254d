"""The sensitivity report: the numbers of a file, their ranges, rebuilt samples, Morris ranking, the command line.

Runs are tiny (a handful of numbers, 2 trajectories, 10-20 games): the
machine is shared. The ranking test uses a scenario built so that one number
obviously decides the lesson (how much the boundary card takes off the only
stressor) and another obviously does nothing (the effect of a card whose
condition never holds).
"""

from __future__ import annotations

import builtins
import json
import math
import sys

import pytest
from conftest import FIXTURES

from sim.analysis import sensitivity as sens
from sim.analysis.sensitivity import collect_numbers, rebuild, run_sensitivity, with_values
from sim.analysis.sensitivity_report import format_sensitivity
from sim.cli import main
from sim.core import model
from sim.scenario import format as fmt
from sim.scenario.yamltree import _read

MINI = FIXTURES / "mini.yaml"

TINY = """\
id: tiny
title: {nl: Klein, en: Tiny}
summary: {nl: Een kleine casus., en: A tiny case.}
rounds: 6
flags:
  nooit: {nl: gebeurt nooit, en: never happens}
person:
  name: Ann
  age: 40
  story: {nl: Ann heeft schulden., en: Ann has debts.}
  stress: 50
  legs: {meedoen: 5, leefomgeving: 5, continuiteit: 5}
  trust: {wt: 5}
stressors:
  - id: schulden
    name: {nl: Schulden, en: Debts}
    leg: leefomgeving
    severity: 3
    weight: 2
agencies:
  - id: wt
    name: {nl: Wijkteam, en: Neighbourhood team}
    label: WT
    colour: "#E69F00"
    icon: people
    mandate_text: {nl: Ondersteuning., en: Support.}
    kpi: {name: {nl: Doorlooptijd, en: Throughput}}
    capacity: 2
    mandate: 2
cards:
  - id: wt_brief
    agency: wt
    type: in_system
    title: {nl: Brief, en: Letter}
    text: {nl: Een brief., en: A letter.}
    max_plays: 0
    effects:
      - {kind: kpi, delta: 1}
  - id: wt_help
    agency: wt
    type: boundary
    mandate: 1
    title: {nl: Helpen, en: Help}
    text: {nl: Gewoon helpen., en: Just help.}
    max_plays: 3
    effects:
      - {kind: stressor, stressor: schulden, delta: -1}
  - id: wt_nooit
    agency: wt
    type: in_system
    title: {nl: Nooit, en: Never}
    text: {nl: Kan nooit., en: Cannot ever.}
    conditions:
      - {kind: flag, flag: nooit}
    effects:
      - {kind: stress, delta: -10}
events:
  - id: ruzie
    title: {nl: Ruzie, en: A row}
    text: {nl: Ruzie., en: A row.}
    deck: 2
    effects: [{kind: stress, delta: 4}]
learning_objectives:
  - id: zien
    text: {nl: Zien., en: See.}
reflection_questions:
  - {nl: "Wat deed je?", en: "What did you do?"}
scoring:
  crisis_costs: {opname: 30000}
  stress_crisis_cost: opname
"""
DECIDES = "cards.wt_help.effects.0.delta"  # written on line 47 of TINY
INERT = "cards.wt_nooit.effects.0.delta"  # line 56: the card's flag is never set


@pytest.fixture(scope="module")
def mini_numbers():
    return collect_numbers(MINI.read_text(encoding="utf-8"), str(MINI))


def _by_name(numbers):
    return {n.name: n for n in numbers}


def test_the_numbers_of_the_fixture_are_found_with_their_lines(mini_numbers):
    numbers, _ = mini_numbers
    found = _by_name(numbers)
    lines = MINI.read_text(encoding="utf-8").split("\n")
    expected = {  # name: (value, the text on that line)
        "stressors.schulden.weight": (1.5, "weight: 1.5"),
        "agencies.wt.capacity": (4, "capacity: 4"),
        "cards.sd_door.cost": (2, "cost: 2"),
        "cards.sd_door.effects.0.delta": (-2, "{kind: stressor, stressor: schulden, delta: -2}"),
        "cards.sd_plan.effects.0.delay": (2, "delay: 2"),
        "events.deurwaarder.deck": (2, "deck: 2"),
        "scoring.crisis_costs.ontruiming": (40000, "ontruiming: 40000"),
        "person.legs.meedoen": (4, "meedoen: 4"),
        "person.trust.sd": (2, "sd: 2"),
    }
    for name, (value, text) in expected.items():
        n = found[name]
        assert n.value == value, name
        assert text in lines[n.line - 1], (name, n.line, lines[n.line - 1])
    # Not knobs of the lesson: the game's length, ages, scheduled rounds, "no limit".
    assert not {"rounds", "person.age", "cards.sd_brief.max_plays"} & set(found)
    assert not any(name.startswith("events.brief_sancties.rounds") for name in found)
    assert found["cards.sd_door.effects.0.delta"].integer and not found["stressors.schulden.weight"].integer
    assert found["cards.sd_door.effects.0.delta"].group == "cards.sd_door"


def _class_field(sc, path):
    obj, cl, field = sc, None, None
    for key in path:
        if hasattr(obj, "__attrs_attrs__"):
            cl, field = type(obj), key
            obj = getattr(obj, key)
        else:
            obj = obj[key]
    return cl, field


def test_every_range_lies_inside_the_valid_range_and_holds_the_value(mini_numbers):
    numbers, sc = mini_numbers
    assert len(numbers) > 40
    for n in numbers:
        cl, field = _class_field(sc, n.path)
        lo, hi = fmt.RANGES[(cl, field)]
        if (cl, field) in fmt.ROUND_CAPPED:
            hi = min(hi, sc.rounds)
        assert lo <= n.low <= n.value <= n.high <= hi, (n.name, n.low, n.high, lo, hi)
        assert n.low < n.high
        if n.integer:
            assert n.low == int(n.low) and n.high == int(n.high)


def test_the_neighbourhood_of_a_delay_starts_at_now_and_a_severity_stays_in_0_to_3():
    assert sens.neighbourhood(model.StressorEffect, "delay", 2, True, 6) == (0, 4)
    assert sens.neighbourhood(model.StressorEffect, "delay", 5, True, 6) == (0, 6)  # capped by the rounds
    assert sens.neighbourhood(model.Stressor, "severity", 3, True, 8) == (2, 3)
    assert sens.neighbourhood(model.Stressor, "weight", 2.0, False, 8) == (1.0, 3.0)
    assert sens.neighbourhood(model.Scenario, "id", 1, True, 8) is None  # no range: not a number to vary


def test_a_sample_with_one_number_changed_rebuilds_exactly_that_change(mini_numbers):
    numbers, sc = mini_numbers
    tree, _ = _read(MINI.read_text(encoding="utf-8"), str(MINI))
    values = [n.value for n in numbers]
    k = [n.name for n in numbers].index("cards.sd_door.effects.0.delta")
    values[k] = -2.7  # an integer field: rounded to -3
    changed = rebuild(with_values(tree.data, numbers, values), "sample")
    unchanged = rebuild(with_values(tree.data, numbers, [n.value for n in numbers]), "sample")
    assert changed is not None and unchanged is not None
    assert unchanged == sc
    door = next(i for i, c in enumerate(sc.cards) if c.id == "sd_door")
    assert changed.cards[door].effects[0].delta == -3
    assert sc.cards[door].effects[0].delta == -2
    assert changed.cards[:door] + changed.cards[door + 1:] == sc.cards[:door] + sc.cards[door + 1:]
    assert changed.cards[door].effects[1:] == sc.cards[door].effects[1:]
    assert changed.stressors == sc.stressors and changed.events == sc.events and changed.person == sc.person


def test_a_sample_that_does_not_validate_is_none(mini_numbers):
    numbers, _ = mini_numbers
    tree, _ = _read(MINI.read_text(encoding="utf-8"), str(MINI))
    values = [n.value for n in numbers]
    values[[n.name for n in numbers].index("stressors.schulden.severity")] = 7  # beyond 0..3
    assert rebuild(with_values(tree.data, numbers, values), "sample") is None


@pytest.fixture(scope="module")
def tiny_report():
    return run_sensitivity(TINY, "tiny.yaml", games=20, trajectories=4, seed=3,
                           only=("cards.wt_help.effects", "cards.wt_nooit", "events.ruzie.effects"), workers=1)


def test_the_number_that_decides_the_lesson_ranks_above_one_that_does_nothing(tiny_report):
    rows = {r["name"]: r for r in tiny_report["ranking"]}
    assert set(rows) == {DECIDES, INERT, "events.ruzie.effects.0.delta"}
    decides, inert = rows[DECIDES], rows[INERT]
    assert decides["rank"] == 1 and inert["rank"] > decides["rank"]
    assert decides["stabiel"]["mu_star"] > 0.5  # stabilising jumps by well over 50 points across its range
    assert inert["stabiel"]["mu_star"] == 0 and inert["crisis_less"]["mu_star"] == 0
    assert decides["stabiel"]["mu"] < 0  # a more negative delta (takes more off) helps: lower helps
    assert decides["lines"] == [47] and inert["lines"] == [56]
    assert tiny_report["invalid_samples"] == 0 and tiny_report["trajectories_used"] == 4


def test_the_text_table_names_the_number_its_line_and_which_way_helps(tiny_report):
    text = format_sensitivity(tiny_report)
    first = next(line for line in text.split("\n") if line.strip().startswith("1 "))
    assert DECIDES in first and " 47 " in first and "lower helps" in first
    assert "the lesson does NOT pass" in text  # at the file's values (delta -1) nothing stabilises


def test_the_same_seed_gives_the_same_report_whatever_the_workers(tiny_report):
    again = run_sensitivity(TINY, "tiny.yaml", games=20, trajectories=4, seed=3,
                            only=("cards.wt_help.effects", "cards.wt_nooit", "events.ruzie.effects"), workers=2)
    assert again == tiny_report


def test_groups_move_the_numbers_of_one_card_together():
    rep = run_sensitivity(TINY, "tiny.yaml", games=10, trajectories=2, seed=1, groups=True,
                          only=("cards.wt_help", "cards.wt_nooit"), workers=1)
    rows = {r["name"]: r for r in rep["ranking"]}
    assert set(rows) == {"cards.wt_help", INERT}  # a group of one number is named by that number
    assert {n["name"] for n in rows["cards.wt_help"]["numbers"]} == {
        "cards.wt_help.mandate", "cards.wt_help.max_plays", DECIDES}
    assert rows["cards.wt_help"]["lines"] == [42, 45, 47] and rows[INERT]["group"] == "cards.wt_nooit"
    assert rows["cards.wt_help"]["rank"] == 1 and rows[INERT]["stabiel"]["mu_star"] == 0
    assert rep["samples"] == 2 * (2 + 1)


def test_an_only_prefix_that_matches_nothing_is_a_clear_error():
    with pytest.raises(ValueError, match="no tunable number to vary under cards.nobody"):
        run_sensitivity(TINY, "tiny.yaml", games=5, trajectories=2, only=("cards.nobody",), workers=1)


def test_the_command_writes_json_with_lines_and_paths_and_a_png(tmp_path, capsys):
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(TINY, encoding="utf-8")
    out, png = tmp_path / "sens.json", tmp_path / "sens.png"
    code = main(["sensitivity", str(scenario), "--games", "10", "--trajectories", "2", "--workers", "1",
                 "--only", "cards.wt_help.effects", "--only", "cards.wt_nooit", "--json", str(out), "--plot", str(png)])
    assert code == 0
    printed = capsys.readouterr().out
    assert DECIDES in printed and "tornado chart written" in printed
    rep = json.loads(out.read_text(encoding="utf-8"))
    row = next(r for r in rep["ranking"] if r["name"] == DECIDES)
    assert row["numbers"][0]["path"] == ["cards", 1, "effects", 0, "delta"] and row["numbers"][0]["line"] == 47
    assert {"mu", "mu_star", "mu_star_conf", "sigma"} <= set(row["stabiel"]) == set(row["crisis_less"])
    assert all(v is None or math.isfinite(v) for r in rep["ranking"] for m in ("stabiel", "crisis_less")
               for v in r[m].values())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000


def test_without_salib_the_command_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    real_import = builtins.__import__

    def no_salib(name, *args, **kwargs):
        if name == "SALib" or name.startswith("SALib."):
            raise ImportError("No module named 'SALib'")
        return real_import(name, *args, **kwargs)

    for mod in [m for m in sys.modules if m == "SALib" or m.startswith("SALib.")]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setattr(builtins, "__import__", no_salib)
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(TINY, encoding="utf-8")
    assert main(["sensitivity", str(scenario), "--games", "5", "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "pip install 'stabiel[designer]'" in err and "Traceback" not in err


def test_a_broken_scenario_or_bad_options_exit_without_a_traceback(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(TINY.replace("severity: 3", "severity: drie"), encoding="utf-8")
    assert main(["sensitivity", str(broken), "--games", "5"]) == 1
    assert "broken.yaml:" in capsys.readouterr().err
    good = tmp_path / "tiny.yaml"
    good.write_text(TINY, encoding="utf-8")
    assert main(["sensitivity", str(good), "--trajectories", "1"]) == 2
    assert "--trajectories at least 2" in capsys.readouterr().err
