"""The debrief report: contents in both languages, escaped scenario text, charts, files; and the CLI around sessions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
import yaml

from sim.analysis.batch import play_game, seat_policies
from sim.cli import main
from sim.core.scoring import summarize
from sim.i18n import TABLES
from sim.report import writer as report
from sim.report.view import SUMMARY_MOMENTS
from sim.scenario.loader import load_scenario
from sim.session import sessionfile as sf

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
PNG = b"\x89PNG\r\n\x1a\n"
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def jan():
    return load_scenario(JAN)


@pytest.fixture
def fast_charts(monkeypatch):
    """Tests of the page's text need no real charts: a tiny PNG each saves a second per report."""
    tiny = PNG + b"tiny"
    monkeypatch.setattr(report, "draw_charts", lambda sc, state, lang, names=report.CHART_NAMES: {n: tiny for n in names})


def _saved(loaded, seed=3, policy="random", lang="nl"):
    sc = loaded.scenario
    state = play_game(sc, seed, seat_policies(sc, policy))
    saved = sf.start(loaded.path, sc.id, loaded.content_hash, state, seats={a.id: policy for a in sc.agencies},
                     names={"wijkteam": "Team Oost"}, lang=lang)
    saved = sf.add_note(saved, 2, "Jan vertrouwt de wijkagent", log_len=10)
    saved = sf.add_undo(saved, sc, state.actions[5], 1)
    objectives = [lo.id for lo in sc.learning_objectives]
    saved = sf.set_rating(saved, objectives[0], "P")
    saved = sf.set_rating(saved, objectives[-1], "M")
    return saved, state


@pytest.fixture(scope="module")
def written(jan, tmp_path_factory):
    """One report per language (the expensive part: the charts), shared by the tests that read it."""
    out = {}
    for lang, policy in (("nl", "random"), ("en", "protocol")):
        saved, state = _saved(jan, policy=policy, lang=lang)
        folder = tmp_path_factory.mktemp(f"report-{lang}")
        files = report.write_report(saved, jan, folder)
        out[lang] = (saved, state, files, files.html.read_text(encoding="utf-8"))
    return out


def test_the_report_writes_its_files(written):
    for lang in ("nl", "en"):
        _, _, files, page = written[lang]
        names = sorted(p.name for p in files.html.parent.iterdir())
        assert names == ["costs.png", "course.png", "figures.json", "kpi.png", "record.json", "report.html",
                         "timeline.png", "triangle.png"]
        for chart in files.charts:
            data = chart.read_bytes()
            assert data.startswith(PNG) and len(data) > 10_000
        # Self-contained: every chart is embedded, nothing is fetched.
        assert len(re.findall(r'<img class="chart" id="chart-\w+" src="data:image/png;base64,', page)) == 5
        assert not re.search(r'(src|href)="(?!data:)', page)


def test_the_report_covers_every_part_in_the_sessions_language(jan, written):
    sc = jan.scenario
    expected = {
        "nl": ["Nabespreking: Jan in de portiek", "Overzicht", "Het verloop", "De stabiliteitsdriehoek",
               "Beslissingen per organisatie", "Sleutelmomenten", "Kosten", "Het alternatief", "Leerdoelen",
               "Reflectievragen", "Notities van de spelleider", "Team Oost", "gespeeld door de computer"],
        "en": ["Debrief: Jan in the stairwell", "Overview", "The course", "The stability triangle",
               "Decisions per agency", "Key moments", "Costs", "The alternative", "Learning objectives",
               "Reflection questions", "The facilitator&#39;s notes", "Team Oost", "played by the computer"],
    }
    for lang, words in expected.items():
        saved, state, _, page = written[lang]
        assert f'<html lang="{lang}">' in page
        for w in words:
            assert w in page, (lang, w)
        for q in sc.reflection_questions:
            assert report._e(q.get(lang)) in page
        for lo in sc.learning_objectives:
            assert report._e(lo.text.get(lang)) in page
        assert report.money(sc.scoring.alternative_cost, lang) in page
        assert "Jan vertrouwt de wijkagent" in page
        assert TABLES[lang]["rating.P"] in page and TABLES[lang]["rating.M"] in page  # the HSEEP scale
        assert TABLES[lang][f"outcome.{state.outcome.value}"] in page
        for a in state.in_play:
            assert report._e(sc.agency(a).kpi.name.get(lang)) in page
        other = "en" if lang == "nl" else "nl"
        assert TABLES[other]["report.h.moments"] not in page


def test_the_json_files_hold_the_full_record(jan, written):
    saved, state, files, _ = written["nl"]
    again = sf.load_session(files.record)
    assert again.actions == saved.actions and again.notes == saved.notes and again.ratings == saved.ratings
    assert sf.restore(again, jan)[0] == state
    figures = json.loads(files.figures.read_text(encoding="utf-8"))
    assert [r["round"] for r in figures["rounds"]] == [s.round for s in state.history]
    assert len(figures["log"]) == len(state.log) and figures["log"][0]["text"]


def test_scenario_text_and_team_names_are_escaped(jan, tmp_path, fast_charts):
    raw = yaml.safe_load(JAN.read_text(encoding="utf-8"))
    raw["title"] = {"nl": EVIL, "en": EVIL}
    raw["summary"]["nl"] = EVIL
    raw["cards"][0]["title"] = {"nl": "Kaart " + EVIL[:20], "en": "Card"}
    raw["reflection_questions"][0] = {"nl": EVIL, "en": EVIL}
    raw["learning_objectives"][0]["text"] = {"nl": EVIL, "en": EVIL}
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    loaded = load_scenario(path)
    saved, _ = _saved(loaded, policy="protocol")
    saved = sf.add_note(attrs.evolve(saved, names={"wijkteam": EVIL}), 1, EVIL)
    files = report.write_report(saved, loaded, tmp_path / "out")
    page = files.html.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img src=x" not in page.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_key_moments_tell_the_crisis(jan):
    sc = jan.scenario
    state = play_game(sc, 1, seat_policies(sc, "protocol"))
    assert state.outcome.value == "crisis"
    moments = report.key_moments(sc, state, "en")
    kinds = {m.kind for m in moments}
    assert {"stress", "end"} <= kinds
    assert any("crisis" in m.text.lower() for m in moments)
    assert [m.round for m in moments] == sorted(m.round for m in moments)


def test_a_report_of_a_running_session(jan, tmp_path):
    sc = jan.scenario
    state = play_game(sc, 2, seat_policies(sc, "random"))
    saved = sf.start(jan.path, sc.id, jan.content_hash, state)
    saved = sf.branch(saved, 30)  # a session stopped in the middle
    files = report.write_report(saved, jan, tmp_path, lang="en")
    page = files.html.read_text(encoding="utf-8")
    assert "Still running" in page and "No notes." in page


def test_a_changed_scenario_is_flagged_in_the_report(jan, tmp_path, fast_charts):
    saved, _ = _saved(jan, policy="protocol")
    files = report.write_report(attrs.evolve(saved, scenario_hash="f" * 64), jan, tmp_path)
    assert files.warnings and "veranderd" in files.warnings[0]
    assert 'class="warn"' in files.html.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The command line: demo, replay (session files and game records), report.
# ---------------------------------------------------------------------------


def test_demo_then_replay_then_report(tmp_path, capsys):
    session = tmp_path / "demo.stabiel.json"
    assert main(["demo", str(JAN), "--seed", "4", "--policy", "grensverlegger", "--save", str(session)]) == 0
    saved = sf.load_session(session)
    assert saved.seats and set(saved.seats.values()) == {"grensverlegger"} and saved.final["outcome"]
    capsys.readouterr()
    assert main(["replay", str(session)]) == 0
    assert json.loads(capsys.readouterr().out) == dict(saved.final)
    assert main(["report", str(session), "--out", str(tmp_path / "rep"), "--lang", "en"]) == 0
    assert "report written" in capsys.readouterr().out
    assert (tmp_path / "rep" / "report.html").exists()


def test_demo_with_seats_and_a_second_save_keeps_a_backup(tmp_path, capsys):
    session = tmp_path / "d.json"
    assert main(["demo", "--seed", "2", "--seat", "politie=protocol", "--save", str(session)]) == 0
    assert main(["demo", "--seed", "3", "--save", str(session)]) == 0
    assert sf.load_session(sf.backup_path(session)).seats["politie"] == "protocol"


def test_demo_refuses_bad_input_and_never_overwrites_a_foreign_file(tmp_path, capsys):
    other = tmp_path / "notes.txt"
    other.write_text("mijn aantekeningen")
    assert main(["demo", "--save", str(other)]) == 1
    assert other.read_text() == "mijn aantekeningen"
    assert "not overwritten" in capsys.readouterr().err
    assert main(["demo", "--policy", "toverij", "--save", str(tmp_path / "x.json")]) == 2
    assert main(["demo", "--seat", "nergens=random", "--save", str(tmp_path / "x.json")]) == 2
    assert not (tmp_path / "x.json").exists()


def test_replay_still_takes_game_records(tmp_path, capsys, fast_charts):
    record = tmp_path / "r.json"
    assert main(["play", "--headless", "--seed", "2", "--record", str(record)]) == 0
    capsys.readouterr()
    assert main(["replay", str(record)]) == 0
    assert json.loads(capsys.readouterr().out)["actions"] > 0
    assert main(["report", str(record), "--out", str(tmp_path / "rep")]) == 0


@pytest.mark.parametrize("content, message", [
    (b'{\n "format": "stabiel-session",\n "version": 1,\n "actions": [\n  {"type": "ne', "stops halfway"),
    (bytes(range(256)) * 3, "not text"),
    (b'{"format": "stabiel-session", "version": 3}', "newer Stabiel"),
    (b'{"format": "stabiel-session", "version": 1}', "is missing"),
    (b'{"format": "stabiel-session", "version": 1, "scenario_id": "x", "scenario_hash": "", "seed": 1, '
     b'"in_play": ["sd"], "actions": []}', "'x' of this session was not found"),
])
def test_bad_session_files_exit_non_zero_with_a_message(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert main(["report", str(bad), "--out", str(tmp_path / "o")]) == 1
    assert message in capsys.readouterr().err
    if message != "not text":  # replay reads game records too, and says so in its own words
        assert main(["replay", str(bad)]) == 1
        assert message in capsys.readouterr().err
    assert bad.read_bytes() == content
    assert not (tmp_path / "o").exists()


def test_a_bad_file_gives_no_traceback_from_the_command(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{\n "format": "stabiel-session",\n "version": 1,\n "actions": [\n  {"type": "ne')
    for command in (["replay", str(bad)], ["report", str(bad), "--out", str(tmp_path / "o")]):
        out = subprocess.run([sys.executable, "run_sim.py", *command], cwd=ROOT, capture_output=True, text=True)
        assert out.returncode == 1 and "Traceback" not in out.stderr and "stops halfway" in out.stderr, out


def test_replay_fails_when_the_final_figures_differ(tmp_path, capsys):
    session = tmp_path / "s.json"
    assert main(["demo", "--seed", "1", "--save", str(session)]) == 0
    data = json.loads(session.read_text())
    data["final"]["stress"] = 12.345
    session.write_text(json.dumps(data))
    assert main(["replay", str(session)]) == 1
    assert "does not reach the saved final figures" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# The page on Jinja2: text stays text, the summary comes first, a print stylesheet.
# ---------------------------------------------------------------------------

JINJA = "{{ 7*7 }}{% if true %}YES{% endif %}{# x #}"


def test_template_syntax_and_quotes_in_a_scenario_stay_text(tmp_path, fast_charts):
    raw = yaml.safe_load(JAN.read_text(encoding="utf-8"))
    raw["title"] = {"nl": f'Jan "de portiek" {JINJA}', "en": "x"}
    raw["reflection_questions"][0] = {"nl": "{{ L('report.title', scenario='!') }} <b>vet</b>", "en": "x"}
    path = tmp_path / "jinja.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    loaded = load_scenario(path)
    saved, _ = _saved(loaded, policy="protocol")
    saved = sf.add_note(attrs.evolve(saved, names={"wijkteam": "{{ lang }}"}), 1, "{% for x in L %}{% endfor %}")
    page = report.write_report(saved, loaded, tmp_path / "out").html.read_text(encoding="utf-8")
    assert f"Jan &#34;de portiek&#34; {JINJA}" in page  # quotes escaped, the template syntax shown as it was written
    assert not re.search(r"(?<![\d:.,])49(?![\d:.,])", page), "7*7 was not evaluated"  # (a clock's :49 is not it)
    assert "YES" not in page.replace(JINJA, "")
    assert "{{ L(&#39;report.title&#39;, scenario=&#39;!&#39;) }} &lt;b&gt;vet&lt;/b&gt;" in page
    assert "Nabespreking: !" not in page and "<b>" not in page
    assert "Team Oost" not in page and "Wijkteam ({{ lang }})" in page
    assert "{% for x in L %}{% endfor %}" in page


def test_the_summary_comes_first_and_holds_the_outcome_figures_costs_and_moments(jan, tmp_path, fast_charts):
    sc = jan.scenario
    saved, state = _saved(jan, policy="protocol")
    page = report.write_report(saved, jan, tmp_path).html.read_text(encoding="utf-8")
    sections = re.findall(r'<section id="(\w+)"', page)
    assert sections[0] == "overzicht" and len(sections) == 10, sections
    summary = page[page.index('<section id="overzicht" class="summary">'):page.index("</section>")]
    assert "<figure" not in page[:page.index("</section>")]  # no chart before the summary ends
    assert TABLES["nl"][f"outcome.{state.outcome.value}"] in summary and report.end_reason(state, "nl", sc) in summary
    for a in state.in_play:
        assert report._e(sc.agency(a).kpi.name.get("nl")) in summary
    s = summarize(sc, state)
    assert report.money(s.euros_total + s.crisis_total, "nl") in summary
    assert report.money(sc.scoring.alternative_cost, "nl") in summary
    assert report.num(s.final_stability, "nl") in summary and "," in report.num(s.final_stability, "nl")
    moments = report.key_moments(sc, state, "nl")
    assert report._e(moments[0].text) in summary
    if len(moments) > SUMMARY_MOMENTS:
        assert report._e(moments[-1].text) not in summary and report._e(moments[-1].text) in page


def test_the_print_stylesheet_lays_the_page_out_on_a4(written):
    _, _, _, page = written["nl"]
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", page)
    printed = page[page.index("@media print"):]
    assert re.search(r"section\.summary\s*\{[^}]*break-after:\s*page", printed)
    assert re.search(r"figure, table[^{]*\{\s*break-inside:\s*avoid", printed)
    assert re.search(r"body\s*\{[^}]*overflow-wrap:\s*anywhere;\s*hyphens:\s*auto", page)
    assert '<html lang="nl">' in page


def test_a_chip_takes_only_a_plain_colour(jan):
    from types import SimpleNamespace

    from sim.report import view

    class Stub:
        def __init__(self, colour: str) -> None:
            self.colour = colour

        def agency(self, _id: str) -> SimpleNamespace:
            return SimpleNamespace(label="WT", colour=self.colour)

    assert view.chip(Stub("#009E73"), "wijkteam").colour == "#009E73"
    for bad in ('#fff" onload="x', "red", "#12345g", "url(x)"):
        assert view.chip(Stub(bad), "wijkteam").colour == "#ffffff"
