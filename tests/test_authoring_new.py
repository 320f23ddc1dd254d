"""`run_sim.py new`: a title as Dutch writes it, no second file with an id that exists, a schema line that works anywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_authoring_cli import _schema_of

from sim.cli import main
from sim.scenario.authoring import new_scenario
from sim.scenario.loader import check_file
from sim.scenario.titles import title_from_id

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = (ROOT / "schema" / "scenario.schema.json").resolve()


@pytest.mark.parametrize("name,title", [
    ("mevrouw-de-wit", "Mevrouw de Wit"),
    ("meneer-van-der-berg", "Meneer van der Berg"),
    ("mevrouw-van-t-hek", "Mevrouw van 't Hek"),
    ("familie-el-amrani", "Familie El Amrani"),
    ("jan-in-de-portiek", "Jan in de portiek"),
    ("vader-en-zoon", "Vader en zoon"),
    ("mijn-casus", "Mijn casus"),
    ("ijsbrand-alleen", "IJsbrand alleen"),
])
def test_a_title_is_made_as_dutch_writes_it(name, title):
    assert title_from_id(name) == title


def test_new_writes_that_title_into_the_file(tmp_path):
    sc = check_file(new_scenario("mevrouw-de-wit", folder=tmp_path)).scenario
    assert sc is not None and sc.title.get("nl") == sc.title.get("en") == "Mevrouw de Wit"


def test_new_refuses_an_id_that_a_file_in_the_scenarios_folder_has(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "mevrouw-de-wit"]) == 0
    (tmp_path / "elders").mkdir()
    assert main(["new", "elders/mevrouw-de-wit.yaml"]) == 1
    assert "already has the id 'mevrouw-de-wit'" in capsys.readouterr().err
    assert not (tmp_path / "elders" / "mevrouw-de-wit.yaml").exists()


def test_new_refuses_the_id_of_a_shipped_scenario(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "jan-in-de-portiek"]) == 1
    assert "already has the id 'jan-in-de-portiek'" in capsys.readouterr().err


def test_the_schema_line_still_finds_the_schema_after_the_file_is_moved(tmp_path):
    path = new_scenario("mijn-casus", folder=tmp_path / "a")
    moved = tmp_path / "b" / "c" / "mijn-casus.yaml"
    moved.parent.mkdir(parents=True)
    shutil.move(path, moved)
    assert _schema_of(moved) == SCHEMA and SCHEMA.is_file()


def test_inside_the_game_folder_the_schema_line_is_relative(tmp_path):
    folder = ROOT / "tests" / f"tmp-new-{tmp_path.name}"
    try:
        path = new_scenario("mijn-casus", folder=folder)
        ref = path.read_text(encoding="utf-8").splitlines()[0].split("$schema=")[1]
        assert ref == "../../schema/scenario.schema.json" and _schema_of(path) == SCHEMA
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_starter_passes_its_own_balance_verdict_without_design_problems(tmp_path):
    from sim.analysis.balance import run_balance

    sc = check_file(new_scenario("mijn-casus", folder=tmp_path)).scenario
    assert sc is not None
    report = run_balance(sc, 200, 0, 1, policies=("protocol", "grensverlegger", "random"), depth_games=0)
    assert report["lesson"]["passes"], report["lesson"]
    cards = report["policies"]["random"]["cards"]
    problems = [c for c in report["never_worth_playing"] if cards[c]["type"] != "in_system"]
    assert problems == [], "a boundary, joint or rule card the balance report calls never worth playing"
    assert report["never_played"] == []
