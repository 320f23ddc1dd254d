"""Five team consoles and the facilitator's console play a whole game in headless Chromium (issue 15's "done").

Against the headless host (`run_sim.py serve`), driven by Playwright with
Debian's `/usr/bin/chromium` (no browser download). Skipped, saying why, where
chromium or Playwright is missing. Each team sees only its own hand and dossier;
the board only the public board; the wijkteam shares what it knows and the board
sees it; a phone whose page was closed rejoins by its short address; the
facilitator pauses, brings in an event, adjusts a figure and keeps a note.
Screenshots of the phones (390x844) and the facilitator (1280x800), Dutch and
English, go to the test's tmp folder or to $STABIEL_SHOTS, each checked for
controls under 44 px and a page wider than its screen.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from sim.scenario.loader import load_scenario
from tests.conftest import ROOT
from tests.net_driver import serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed and could not be installed here "
           "(`make test` runs `apt-get install chromium` where it can); the consoles' browser test is skipped",
)
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
TEAMS = ("sociale_dienst", "politie", "ggz", "woningcorporatie", "wijkteam")
SC = load_scenario(JAN).scenario


@pytest.fixture(scope="module")
def served():
    # seed 9: low literacy is in the wijkteam's dossier (who knows it is drawn per seed)
    with serving(JAN, "--seed", "9") as urls:
        yield urls


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield b
        b.close()


def _open(browser, url, width=390, height=844):
    page = browser.new_context(viewport={"width": width, "height": height}, has_touch=True).new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector("body[data-version]")
    page.errors = errors
    return page


def _version(page) -> int:
    return int(page.get_attribute("body", "data-version") or -1)


def _click_and_wait(watch, page, selector):
    before = _version(watch)
    page.click(selector)
    _wait_version(watch, before)


def _wait_version(page, before):
    # A function, not a string: the console's Content-Security-Policy forbids evaluating strings.
    page.wait_for_function("v => Number(document.body.dataset.version) > v", arg=before, timeout=10_000)


def _shots(tmp_path):
    out = os.environ.get("STABIEL_SHOTS")
    return Path(out) if out else tmp_path


def _problems(page) -> dict[str, Any]:
    """What a console must never do on its screen: a control under 44 px, or a page wider than the screen."""
    return page.evaluate("""() => ({
        small: Array.from(document.querySelectorAll('button, select, input'))
            .filter(e => e.offsetParent !== null)
            .map(e => [e.textContent.trim().slice(0, 30) || e.name, Math.round(e.getBoundingClientRect().width),
                       Math.round(e.getBoundingClientRect().height)])
            .filter(x => x[1] < 44 || x[2] < 44),
        wider: document.documentElement.scrollWidth - window.innerWidth,
    })""")


def _look(page, path):
    """A full-page screenshot, and no control too small or cut off."""
    page.screenshot(path=str(path), full_page=True)
    found = _problems(page)
    assert found["small"] == [] and found["wider"] <= 0, (path.name, found)


def _only_their_own(phones, board):
    """Each team sees its own hand and dossier only; the board sees the public board only."""
    for agency, phone in phones.items():
        mine = {c.title.get("nl") for c in SC.cards_of(agency)}
        shown = set(phone.locator(".hand h3").all_inner_texts())
        assert shown == mine, agency
    assert "Laaggeletterdheid" in phones["wijkteam"].inner_text(".dossier")
    for agency in TEAMS[:4]:
        assert "Laaggeletterdheid" not in phones[agency].inner_text("main")
    assert "Laaggeletterdheid" not in board.inner_text("main")
    assert all(board.query_selector(x) is None for x in (".dossier", ".hand", ".moves", ".facilitator"))


def _steer(fac, board, phones, shots):
    """The facilitator's console: pause (the phones show it and a tap hears why not), an event, an adjust, a note."""
    while fac.get_attribute("body", "data-phase") != "acties":
        _click_and_wait(fac, fac, "#next")
    _click_and_wait(board, fac, "button[data-cmd=pause]")
    for p in (board, *phones.values()):
        p.wait_for_selector("body[data-paused='1'] .paused-banner")
    phone = phones[fac.get_attribute("body", "data-active")]
    phone.click(".moves button[data-kind=Pass]")
    phone.wait_for_function("() => document.getElementById('status').textContent.includes('gepauzeerd')")
    assert phone.get_attribute("body", "data-paused") == "1"
    _look(phone, shots / "console-paused-390x844-nl.png")
    _click_and_wait(board, fac, "button[data-cmd=pause]")
    board.wait_for_selector("body:not([data-paused='1'])")
    event = SC.events[0]
    fac.select_option("select[name=event]", event.id)
    _click_and_wait(board, fac, "button[data-cmd=inject]")
    assert f"De spelleider brengt '{event.title.get('nl')}' in" in board.inner_text(".log")
    fac.select_option("select[name=figure]", "stress")
    fac.fill("input[name=delta]", "-5")
    fac.fill("input[name=reason]", "Gesprek met de buurvrouw")
    _click_and_wait(board, fac, "button[data-cmd=adjust]")
    assert "Gesprek met de buurvrouw" in board.inner_text(".log")
    fac.fill("input[name=note]", "Politie twijfelde bij het delen")
    _click_and_wait(fac, fac, "button[data-cmd=note]")
    assert "Politie twijfelde bij het delen" in fac.inner_text(".notes")
    assert "Politie twijfelde" not in board.inner_text("main")  # the facilitator's notes are the facilitator's


def _rejoin(browser, served, fac, phones):
    """A phone whose page was closed comes back to its seat by its short address, with the current state."""
    phones["wijkteam"].context.close()
    phone = _open(browser, served["teams"]["wijkteam"]["join"])
    assert phone.url.startswith(served["teams"]["wijkteam"]["page"].split("?")[0])
    assert "Laaggeletterdheid" in phone.inner_text(".dossier")
    phones["wijkteam"] = phone


def _share(board, phones):
    """The wijkteam puts what only it knows on the table: the board and the other teams see it happen."""
    before = board.inner_text(".stressors")
    assert "Laaggeletterdheid" not in before
    _click_and_wait(board, phones["wijkteam"], ".moves button[data-kind=Share][data-to=table]")
    assert "Laaggeletterdheid" in board.inner_text(".log") and "Laaggeletterdheid" in board.inner_text(".stressors")
    phones["politie"].wait_for_function("() => document.querySelector('.stressors').innerText.includes('Laaggeletterdheid')")


def _turn(fac, phones, played) -> int:
    """One step of the game from the consoles: the facilitator's next phase, or the active team's card or pass."""
    if fac.is_enabled("#next"):
        _click_and_wait(fac, fac, "#next")
        return played
    active = fac.get_attribute("body", "data-active")
    phone = phones[active]
    phone.wait_for_function("a => document.body.dataset.active === a", arg=active)
    card = phone.query_selector(".moves button[data-kind=PlayCard]") if played < 6 else None
    if card is None:
        _click_and_wait(fac, phone, ".moves button[data-kind=Pass]")
        return played
    card_id = card.get_attribute("data-card")
    # Clicked by its selector, not by the handle: a broadcast may redraw the moves between the look and the tap.
    _click_and_wait(fac, phone, f".moves button[data-kind=PlayCard][data-card='{card_id}']")
    for p in [p for p in phones.values() if p.query_selector(f"button[data-agree='{card_id}']")]:
        _click_and_wait(fac, p, f"button[data-agree='{card_id}']")
    return played + 1


def test_five_phones_and_the_facilitator_play_a_whole_game(served, browser, tmp_path):
    shots = _shots(tmp_path)
    fac = _open(browser, served["facilitator"]["page"], 1280, 800)
    board = _open(browser, served["board"]["page"], 1280, 800)
    phones = {a: _open(browser, served["teams"][a]["page"]) for a in TEAMS}
    _only_their_own(phones, board)
    _look(phones["wijkteam"], shots / "console-wijkteam-390x844-nl.png")
    _rejoin(browser, served, fac, phones)
    _steer(fac, board, phones, shots)
    played, shared = 0, False
    for _ in range(200):
        if fac.get_attribute("body", "data-over"):
            break
        if not shared and fac.get_attribute("body", "data-active") == "wijkteam":
            phones["wijkteam"].wait_for_selector("body[data-active=wijkteam] .moves button[data-kind=Share]")
            _look(phones["wijkteam"], shots / "console-wijkteam-turn-390x844-nl.png")
            _share(board, phones)
            shared = True
            continue
        played = _turn(fac, phones, played)
    assert fac.get_attribute("body", "data-over") == "1", "the game did not end"
    assert played >= 3 and shared
    board.wait_for_function("() => document.body.dataset.over === '1'")
    assert "afgelopen" in board.inner_text(".game")
    for p in phones.values():  # nothing left to do
        p.wait_for_selector("body[data-over='1']")
        assert p.query_selector(".moves") is None
    _look(fac, shots / "console-facilitator-1280x800-nl.png")
    for page, name in ((phones["politie"], "console-politie-390x844-en.png"), (fac, "console-facilitator-1280x800-en.png")):
        before = _version(page)
        page.click("#lang")
        page.wait_for_function("() => document.documentElement.lang === 'en'")
        assert _version(page) >= before
        _look(page, shots / name)
    for page in (fac, board, *phones.values()):
        assert page.errors == []
    print("screenshots in", shots)


def test_a_wrong_token_shows_only_the_join_page(served, browser):
    url = served["teams"]["ggz"]["page"].split("?t=")[0] + "?t=wrong-wrong-wrong-wrong"
    page = browser.new_page()
    response = page.goto(url)
    assert response.status == 403
    assert page.query_selector("script") is None and page.query_selector("form") is not None
