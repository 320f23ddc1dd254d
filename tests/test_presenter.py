"""The presenter mode of the debrief, headless: clicker keys, the deck, secrets kept until their slide,
people and computer seats told apart, the what-if in a thread, the ratings' HSEEP words for old files too."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402

from sim.analysis.batch import play_game, seat_policies  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402
from sim.session.store import load_session  # noqa: E402
from sim.ui.app import App  # noqa: E402
from sim.ui.scenes import presenter_panels as panels  # noqa: E402
from sim.ui.scenes.presenter import QUESTION_SIZE, PresenterScene, WhatIfJob, deck, panel_for  # noqa: E402
from sim.ui.session import HUMAN, Session  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
OLD_SESSION = ROOT / "tests" / "fixtures" / "session-v1.stabiel.json"


def _session(policy: str, seats: dict[str, str] | None = None, lang: str = "nl") -> Session:
    """A session that reached its end: every seat's moves made by `policy`, the seats as given (people by default)."""
    loaded = load_scenario(JAN)
    sc = loaded.scenario
    played = play_game(sc, 3, seat_policies(sc, policy))
    session = Session(sc, seed=3, lang=lang, scenario_path=str(JAN), content_hash=loaded.content_hash, seats=seats)
    for action in played.actions:
        session.apply(action)
    assert session.state.outcome is not None
    return session


def _key(app: App, k: int) -> None:
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))




def test_the_clicker_keys_walk_the_deck_black_out_and_leave(app):
    debrief = app.switch("debrief", session=_session("grensverlegger"))
    _key(app, pygame.K_p)
    pres = app.scene
    assert isinstance(pres, PresenterScene) and pres.whatif is debrief.whatif  # the debrief's what-if, played once
    n = len(pres.slides)
    assert n == 1 + len(pres.session.scenario.reflection_questions) + 3
    _key(app, pygame.K_PAGEDOWN)
    _key(app, pygame.K_RIGHT)
    assert pres.index == 2
    _key(app, pygame.K_PAGEUP)
    assert pres.index == 1
    _key(app, pygame.K_LEFT)
    _key(app, pygame.K_LEFT)  # not before the first
    assert pres.index == 0
    for _ in range(n + 3):
        _key(app, pygame.K_PAGEDOWN)
    assert pres.index == n - 1  # nor past the last
    _key(app, pygame.K_b)
    assert pres.black
    app.render()
    frame = pygame.surfarray.array3d(app.logical)
    assert frame.max() == 0  # a black screen is black
    _key(app, pygame.K_b)
    assert not pres.black
    before = pres.panel
    _key(app, pygame.K_d)
    assert pres.panel != before and pres.slide.panel == before  # D shows other data beside the same question
    _key(app, pygame.K_ESCAPE)
    assert app.scene is debrief


def test_each_reflection_question_gets_the_data_it_asks_for():
    sc = load_scenario(JAN).scenario
    panels_of = [s.panel for s in deck(sc, "nl")]
    assert panels_of[0] == "why" and panels_of[-3:] == ["secrets", "whatif", "notes"]
    # Jan's five questions: remove a stressor first; step outside the rules; information others lacked;
    # the system figures beside the outcome; an agreement between organisations.
    assert panels_of[1:-3] == ["why", "crossings", "knowledge", "kpis", "crossings"]
    assert panel_for("Wie wist als eerste dat het water was afgesloten?") == "knowledge"
    assert panel_for("Something else entirely") == "why"


def test_the_question_is_large_at_1920_and_still_at_least_36_px_in_a_1280_by_800_window():
    assert QUESTION_SIZE >= 36
    assert QUESTION_SIZE * min(1280 / 1920, 800 / 1080) >= 36


def test_hidden_facts_open_only_on_the_secrets_slide():
    session = _session("protocol")  # by the book, two hidden stressors never come out
    sc = session.scenario
    never = [s for k, s in enumerate(sc.stressors) if s.hidden and not session.state.known[k]]
    assert never, "the protocol game should leave a hidden stressor unfound"
    names = [s.name.get("nl") for s in never]
    before = [r.text for kind in ("why", "knowledge", "crossings", "kpis", "notes") for r in panels.ROWS[kind](session, "nl")]
    assert not any(name in text for name in names for text in before)
    assert any("een verborgen stressor" in text for text in before)
    secrets = " ".join(r.text for r in panels.secrets_rows(session, "nl"))
    for s in never:
        assert s.name.get("nl") in secrets and s.description.get("nl") in secrets
    assert secrets.count("nooit op tafel gekomen") == len(never)


def test_people_and_computer_seats_are_told_apart():
    sc = load_scenario(JAN).scenario
    seats = {a.id: HUMAN for a in sc.agencies}
    seats["politie"] = "expert"
    session = _session("grensverlegger", seats=seats)
    rows = panels.kpi_rows(session, "nl")
    by_agency = {r.agency: r.text for r in rows if r.agency}
    assert by_agency["politie"].endswith("(computer)")
    assert all(text.endswith("(mensen)") for a, text in by_agency.items() if a != "politie")


def test_the_what_if_runs_in_a_thread_and_a_failure_never_takes_the_debrief_down():
    session = _session("grensverlegger")
    job = WhatIfJob(session.scenario, session.state)
    job.wait()
    assert job.done and [c.who for c in job.result] == ["group", "protocol", "expert"]
    rows = panels.whatif_rows(job.result, "en")
    assert rows[0].text.startswith("You: ") and rows[3].text == "Computer, by the book: Crisis, stress 100"

    def broken(sc, state):
        raise RuntimeError("boom")

    bad = WhatIfJob(session.scenario, session.state, run=broken)
    bad.wait()
    assert bad.done and bad.failed and bad.result is None


def test_the_notes_of_the_session_journal_are_on_screen():
    session = _session("grensverlegger")
    assert panels.note_rows(session, "nl")[0].text == "De spelleider schreef niets op."
    session.add_note("Politie en GGZ belden elkaar pas in week 3.")
    assert panels.note_rows(session, "nl")[0].text == f"Week {session.state.round}: Politie en GGZ belden elkaar pas in week 3."


def test_ratings_old_and_new_show_the_hseep_words(app):
    saved = load_session(OLD_SESSION)  # written before the Dutch scale: its rating is the letter S
    assert dict(saved.ratings) == {"lo_stressoren": "S"}
    session = _session("grensverlegger")
    debrief = app.switch("debrief", session=session)
    options = debrief._rating_options()
    assert options[1:] == ["P – Uitgevoerd zonder problemen", "S – Uitgevoerd met enkele problemen",
                           "M – Uitgevoerd met grote problemen", "U – Niet uitgevoerd"]
    debrief._rated("lo_stressoren", options[2])
    assert session.ratings["lo_stressoren"] == "S"  # stored as HSEEP's letter, as old files have it
    assert "Het doel is gehaald, maar het had beter of sneller gekund." in debrief._rating_scale()
