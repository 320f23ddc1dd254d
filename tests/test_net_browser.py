"""Five team consoles and the facilitator's console play a whole game in headless Chromium.

Against the headless host (`run_sim.py serve`), driven by Playwright with
Debian's `/usr/bin/chromium` (no browser download). Skipped, saying why, where
chromium or Playwright is missing. Each team sees only its own dossier; the
board sees none. Screenshots of a phone-sized and a laptop-sized console are
kept in the test's tmp folder.
"""

from __future__ import annotations

import shutil

import pytest

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


def test_five_phones_and_the_facilitator_play_a_whole_game(served, browser, tmp_path):
    fac = _open(browser, served["facilitator"]["page"], 1280, 800)
    board = _open(browser, served["board"]["page"], 1280, 800)
    phones = {a: _open(browser, served["teams"][a]["page"]) for a in TEAMS}
    # Each team sees its own dossier only; the board none.
    assert "Laaggeletterdheid" in phones["wijkteam"].inner_text(".dossier")
    assert "Laaggeletterdheid" not in phones["politie"].inner_text("main")
    assert "Laaggeletterdheid" not in board.inner_text("main") and board.query_selector(".dossier") is None
    phones["wijkteam"].screenshot(path=str(tmp_path / "wijkteam-390x844.png"), full_page=True)
    played = 0
    for _ in range(200):
        if fac.get_attribute("body", "data-over"):
            break
        if fac.is_enabled("#next"):
            _click_and_wait(fac, fac, "#next")
            continue
        active = fac.get_attribute("body", "data-active")
        phone = phones[active]
        phone.wait_for_function("a => document.body.dataset.active === a", arg=active)
        # A card the first time round, then passing: the game runs its course either way.
        card = phone.query_selector(".moves button[data-kind=PlayCard]") if played < 6 else None
        if card is not None:
            card_id = card.get_attribute("data-card")
            before = _version(fac)
            card.click()
            _wait_version(fac, before)
            agree = [p for p in phones.values() if p.query_selector(f"button[data-agree='{card_id}']")]
            for p in agree:
                _click_and_wait(fac, p, f"button[data-agree='{card_id}']")
            played += 1
        else:
            _click_and_wait(fac, phone, ".moves button[data-kind=Pass]")
    assert fac.get_attribute("body", "data-over") == "1", "the game did not end"
    assert played >= 3
    board.wait_for_function("() => document.body.dataset.over === '1'")
    assert "afgelopen" in board.inner_text(".game")
    fac.screenshot(path=str(tmp_path / "facilitator-1280x800.png"), full_page=True)
    for page in (fac, board, *phones.values()):
        assert page.errors == []
    print("screenshots in", tmp_path)


def test_a_wrong_token_shows_only_the_join_page(served, browser):
    url = served["teams"]["ggz"]["page"].split("?t=")[0] + "?t=wrong-wrong-wrong-wrong"
    page = browser.new_page()
    response = page.goto(url)
    assert response.status == 403
    assert page.query_selector("script") is None and page.query_selector("form") is not None
