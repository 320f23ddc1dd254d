"""The command line (`run_sim.py`): validate, simulate, play --record and replay.

Most tests call `sim.cli.main([...])` in-process and read its output with
capsys; the few that check "never a traceback" run `python run_sim.py` in a
subprocess so that an uncaught exception shows exactly as a user would see it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SCENARIOS

from sim.cli import main

MINI = str(FIXTURES / "mini.yaml")

BROKEN = """\
id: kapot
title: {nl: Kapot, en: Broken}
summary: {nl: x, en: x}
rounds: vier
person: {name: no, age: 50, story: {nl: x, en: x}, stress: 40, legs: {meedoen: 4, leefomgeving: 4, continuiteit: 4}, trust: {}}
stressors: []
agencies: []
cards: []
"""


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "run_sim.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return str(path)


@pytest.fixture
def recorded(tmp_path, capsys):
    """A game of the mini scenario played with `play --record`: the record's path."""
    path = tmp_path / "game.json"
    assert main(["play", MINI, "--headless", "--policy", "random", "--seed", "4", "--record", str(path)]) == 0
    capsys.readouterr()
    return path


# -- validate ---------------------------------------------------------------------


def test_validate_valid_files_exits_0(capsys):
    files = [MINI, *map(str, SCENARIOS)]
    assert main(["validate", *files]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(files)
    assert all(": valid (" in line for line in out)


def test_validate_broken_file_exits_1_with_file_line_col_lines(broken, capsys):
    assert main(["validate", broken]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines
    pattern = re.compile(rf"^{re.escape(broken)}:\d+:\d+: ")
    assert all(pattern.match(line) for line in lines), lines
    assert any(line.startswith(f"{broken}:4:9: ") for line in lines)  # rounds: vier


def test_validate_reports_every_file_even_after_a_broken_one(broken, capsys):
    assert main(["validate", broken, MINI]) == 1
    out = capsys.readouterr().out
    assert f"{MINI}: valid" in out


def test_validate_never_shows_a_traceback(tmp_path, broken):
    (tmp_path / "leeg.yaml").write_text("", encoding="utf-8")
    (tmp_path / "latin.yaml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    (tmp_path / "alias.yaml").write_text("a: &x 1\nb: *x\n", encoding="utf-8")
    (tmp_path / "tag.yaml").write_text("id: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    files = [broken, *(str(tmp_path / n) for n in ("leeg.yaml", "latin.yaml", "alias.yaml", "tag.yaml", "ontbreekt.yaml"))]
    result = run_cli("validate", *files)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for f in files:
        assert any(re.match(rf"^{re.escape(f)}:\d+:\d+: ", line) for line in lines), f
    assert "hi\n" not in result.stdout


# -- simulate ---------------------------------------------------------------------


def test_simulate_json_is_byte_identical_for_the_same_seed(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["simulate", MINI, "--games", "30", "--seed", "9", "--json", str(a)]) == 0
    assert main(["simulate", MINI, "--games", "30", "--seed", "9", "--json", str(b)]) == 0
    capsys.readouterr()
    assert a.read_bytes() == b.read_bytes()


def test_simulate_json_has_the_required_figures(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(["simulate", MINI, "--games", "25", "--seed", "1", "--json", str(out)]) == 0
    capsys.readouterr()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"games", "outcomes", "final_stress", "final_stability", "seeds"} <= set(data)
    assert data["games"] == 25
    assert set(data["outcomes"]) == {"stabiel", "kwetsbaar", "crisis"}
    assert sum(data["outcomes"].values()) == 25
    assert len(data["seeds"]) == 25 and len(set(data["seeds"])) == 25
    for key, hi in (("final_stress", 100), ("final_stability", 10)):
        figures = data[key]
        assert set(figures) >= {"mean", "p5", "p50", "p95"}
        assert 0 <= figures["p5"] <= figures["p50"] <= figures["p95"] <= hi
        assert figures["p5"] <= figures["mean"] <= figures["p95"]


def test_simulate_with_another_seed_plays_other_games(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    main(["simulate", MINI, "--games", "10", "--seed", "1", "--json", str(a)])
    main(["simulate", MINI, "--games", "10", "--seed", "2", "--json", str(b)])
    capsys.readouterr()
    assert json.loads(a.read_text())["seeds"] != json.loads(b.read_text())["seeds"]


def test_simulate_a_broken_scenario_exits_1(broken, capsys):
    assert main(["simulate", broken, "--games", "3"]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"^{re.escape(broken)}:\d+:\d+: ", err, re.M)


@pytest.mark.parametrize("args, message", [
    (["--games", "0"], "--games"),
    (["--policy", "toverstaf"], "toverstaf"),
    (["--seat", "nergens=random"], "nergens"),
    (["--seat", "zonder-is-teken"], "AGENCY=POLICY"),
])
def test_simulate_refuses_bad_options_with_a_message(args, message, capsys):
    assert main(["simulate", MINI, "--games", "2", *args]) == 2
    assert message in capsys.readouterr().err


def test_simulate_json_to_an_unwritable_place_gives_a_message(tmp_path):
    result = run_cli("simulate", MINI, "--games", "2", "--json", str(tmp_path / "geen_map" / "s.json"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


# -- play --record and replay --------------------------------------------------------


def test_play_record_then_replay_reaches_the_recorded_figures(recorded, capsys):
    data = json.loads(recorded.read_text(encoding="utf-8"))
    assert data["scenario_id"] == "mini" and data["actions"]
    assert main(["replay", str(recorded), "--scenario", MINI]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == data["final"]
    assert "warning" not in out.err


def test_replay_finds_the_scenario_by_id(tmp_path, monkeypatch, capsys):
    if not SCENARIOS:
        pytest.skip("no shipped scenario")
    path = tmp_path / "game.json"
    assert main(["play", str(SCENARIOS[0]), "--headless", "--seed", "2", "--record", str(path)]) == 0
    monkeypatch.chdir(ROOT)
    assert main(["replay", str(path)]) == 0
    capsys.readouterr()


def test_replay_warns_when_the_scenario_changed(recorded, tmp_path, capsys):
    changed = tmp_path / "mini.yaml"
    changed.write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    main(["replay", str(recorded), "--scenario", str(changed)])
    assert "has changed" in capsys.readouterr().err


def test_replay_that_does_not_reach_the_recorded_figures_exits_1(recorded, capsys):
    data = json.loads(recorded.read_text(encoding="utf-8"))
    data["final"]["stress"] = -1
    recorded.write_text(json.dumps(data), encoding="utf-8")
    assert main(["replay", str(recorded), "--scenario", MINI]) == 1
    assert "does not reach the recorded final figures" in capsys.readouterr().err


def _corrupt(data, how):
    if how == "truncated":
        return json.dumps(data)[:150]
    if how == "not a record":
        return json.dumps({"hello": "world"})
    if how == "wrong version":
        return json.dumps({**data, "version": 99})
    if how == "missing seed":
        return json.dumps({k: v for k, v in data.items() if k != "seed"})
    if how == "seed is text":
        return json.dumps({**data, "seed": "vier"})
    if how == "unknown action":
        return json.dumps({**data, "actions": [{"type": "toveren"}]})
    if how == "illegal action":
        return json.dumps({**data, "actions": [{"type": "pass", "agency": "sd"}]})
    if how == "unknown card":
        return json.dumps({**data, "actions": [{"type": "next"}, {"type": "next"}, {"type": "play", "agency": "sd", "card": "geen"}]})
    if how == "actions not a list":
        return json.dumps({**data, "actions": 5})
    if how == "other scenario":
        return json.dumps({**data, "scenario_id": "iets-anders"})
    if how == "binary":
        return None
    raise AssertionError(how)


@pytest.mark.parametrize("how", [
    "truncated", "not a record", "wrong version", "missing seed", "seed is text", "unknown action",
    "illegal action", "unknown card", "actions not a list", "other scenario", "binary",
])
def test_replay_of_a_corrupt_record_exits_1_with_a_message(recorded, how, capsys):
    data = json.loads(recorded.read_text(encoding="utf-8"))
    data.pop("final")
    text = _corrupt(data, how)
    if text is None:
        recorded.write_bytes(b"\xff\xfe\x00garbage")
    else:
        recorded.write_text(text, encoding="utf-8")
    assert main(["replay", str(recorded), "--scenario", MINI]) == 1
    err = capsys.readouterr().err
    assert str(recorded) in err
    assert "Traceback" not in err


def test_replay_of_a_missing_record_exits_1(tmp_path, capsys):
    assert main(["replay", str(tmp_path / "weg.json"), "--scenario", MINI]) == 1
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize("how", [
    "negative seed",
    "reason not text",
    "infinite delta",
])
def test_replay_of_a_tampered_record_never_shows_a_traceback(recorded, how):
    data = json.loads(recorded.read_text(encoding="utf-8"))
    data.pop("final")
    if how == "negative seed":
        data["seed"] = -1
    elif how == "reason not text":
        data["actions"] = [{"type": "adjust", "figure": "stress", "delta": 1, "reason": 5, "key": None}]
    else:
        data["actions"] = [{"type": "adjust", "figure": "stressor", "delta": float("inf"), "reason": "x", "key": "schulden"}]
    recorded.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli("replay", str(recorded), "--scenario", MINI)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert str(recorded) in result.stderr


def test_commands_work_from_any_folder(tmp_path):
    """The default scenario and the scenarios folder do not depend on where the command runs."""
    import subprocess
    import sys

    script = str(Path(__file__).resolve().parent.parent / "run_sim.py")
    out = subprocess.run([sys.executable, script, "play", "--headless", "--seed", "2"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr


def test_screenshot_of_a_broken_scenario_or_to_an_unwritable_place_gives_a_message(tmp_path):
    import subprocess
    import sys

    script = str(Path(__file__).resolve().parent.parent / "run_sim.py")
    bad = tmp_path / "kapot.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    env = {**__import__("os").environ, "SDL_VIDEODRIVER": "dummy"}
    out = subprocess.run([sys.executable, script, "screenshot", "--scene", "menu", "--scenario", str(bad), "--out", str(tmp_path / "m.png")],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 1 and "Traceback" not in out.stderr and "kapot.yaml:" in out.stderr
    out = subprocess.run([sys.executable, script, "screenshot", "--scene", "menu", "--out", str(tmp_path / "geen" / "map" / "m.png.d" / "x")],
                         capture_output=True, text=True, timeout=120, env=env)
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("command", [["play", "--headless"], ["demo", "--save", "DEMO"]])
def test_an_unknown_policy_is_refused_by_name_before_anything_is_played(command, tmp_path, capsys):
    args = [str(tmp_path / "d.json") if a == "DEMO" else a for a in command]
    assert main([*args, "--policy", "nope"]) == 2
    err = capsys.readouterr().err
    assert "unknown policy 'nope'" in err and "grensverlegger" in err
    assert not (tmp_path / "d.json").exists()


# -- the command line's language, numbers and schema --------------------------------------------


def test_the_command_line_speaks_the_language_of_lang_or_the_locale(monkeypatch, capsys):
    from sim.cli import system_language

    assert main(["--lang", "nl", "simulate", MINI, "--games", "0"]) == 2
    assert "--games moet minstens 1 zijn" in capsys.readouterr().err
    assert main(["--lang", "en", "simulate", MINI, "--games", "0"]) == 2
    assert "--games must be at least 1" in capsys.readouterr().err
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert system_language() == "nl"
    assert main(["simulate", MINI, "--games", "0"]) == 2
    assert "moet minstens" in capsys.readouterr().err
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert system_language() == "en"


def test_a_dutch_command_line_shows_a_decimal_comma(tmp_path, capsys):
    assert main(["--lang", "nl", "demo", MINI, "--seed", "3", "--save", str(tmp_path / "s.json")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\d,\d", out) and not re.search(r"\d\.\d", out), out
    assert main(["--lang", "en", "demo", MINI, "--seed", "3", "--lang", "en", "--save", str(tmp_path / "t.json")]) == 0
    assert re.search(r"\d\.\d", capsys.readouterr().out)


def test_schema_prints_its_path_and_writes_a_copy_with_the_line_to_use(tmp_path, capsys):
    from sim import resources

    assert main(["schema"]) == 0
    assert capsys.readouterr().out.strip() == str(resources.schema())
    assert main(["--lang", "en", "schema", "--write", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    copy = tmp_path / "out" / "scenario.schema.json"
    assert copy.read_bytes() == resources.schema().read_bytes()
    assert f"# yaml-language-server: $schema={copy.resolve().as_uri()}" in out.splitlines()


def test_simulate_help_names_every_policy_there_is(capsys):
    from sim.agents import POLICIES
    from sim.cli import POLICY_NAMES

    assert POLICY_NAMES.split(", ") == list(POLICIES)
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    shown = " ".join(capsys.readouterr().out.split())  # argparse folds the help over lines
    assert all(name in shown for name in POLICIES), shown
