"""The debrief on the projector scale, headless: panels that do not fit are paged (never cut), the presenter's
clicker moves through a panel's pages before the next question, and the debrief's tabs and pages."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from sim.ui.app import App  # noqa: E402
from sim.ui.scenes import presenter_panels as panels  # noqa: E402
from sim.ui.scenes.debrief import RIGHT, TABS  # noqa: E402
from sim.ui.scenes.presenter import PresenterScene  # noqa: E402
from sim.ui.scenes.presenter_panels import Row  # noqa: E402
from tests.test_presenter import JAN, _key, _session  # noqa: E402


def _height(session, rows, width) -> int:
    return sum(panels._row_height(session, r, width, panels.ROW_SIZE) for r in rows)


def test_rows_that_do_not_fit_are_paged_every_row_once_and_each_page_fits(app):
    session = _session("grensverlegger")
    rows = [Row(f"Regel {i}: " + "woord " * (i % 7 * 6)) for i in range(40)]
    rect = pygame.Rect(0, 0, 900, 600)
    pages = panels.paginate(session, rows, rect)
    assert len(pages) > 1
    assert [r for page in pages for r in page] == rows  # nothing dropped, nothing twice, in order
    line = panels.theme.font(panels.ROW_SIZE, True).get_linesize() + 12
    assert all(_height(session, page, rect.width) <= rect.height - line for page in pages)
    assert panels.paginate(session, rows[:2], rect) == [rows[:2]]  # what fits is one page


def test_a_heading_goes_to_the_next_page_with_its_rows(app):
    session = _session("grensverlegger")
    rect = pygame.Rect(0, 0, 900, 400)
    one = panels._row_height(session, Row("x"), rect.width, panels.ROW_SIZE)
    fill = (rect.height - 54) // one - 1  # leaves room for exactly one more row on the first page
    rows = [Row(f"r{i}") for i in range(fill)] + [Row("Kop", "head"), Row("onder de kop"), Row("nog een")]
    pages = panels.paginate(session, rows, rect)
    assert pages[1][0] == Row("Kop", "head")


def test_the_clicker_pages_through_a_long_panel_before_the_next_question(app):
    session = _session("grensverlegger")  # ten boundary crossings: the crossings panel takes more than one page
    debrief = app.switch("debrief", session=session)
    _key(app, pygame.K_p)
    pres = app.scene
    assert isinstance(pres, PresenterScene) and pres.whatif is debrief.whatif
    pres.index = next(i for i, s in enumerate(pres.slides) if s.panel == "crossings")
    start = pres.index
    pages = pres.pages()
    assert pages > 1
    for page in range(1, pages):
        _key(app, pygame.K_PAGEDOWN)
        assert (pres.index, pres.page[start]) == (start, page)
        app.frame(0.01)
    _key(app, pygame.K_PAGEDOWN)
    assert pres.index == start + 1 and pres.page[pres.index] == 0
    _key(app, pygame.K_PAGEUP)
    _key(app, pygame.K_PAGEUP)
    assert (pres.index, pres.page[start]) == (start, pages - 2)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800), (1024, 768)])
def test_the_debrief_tabs_and_pages(size):
    app = App(str(JAN), "en", window_size=size)
    try:
        debrief = app.switch("debrief", session=_session("grensverlegger", lang="en"))
        for tab in TABS:
            app.handle(pygame.event.Event(pygame.USEREVENT))  # nothing happens on an unknown event
            debrief._button(debrief.tab_btns[tab])
            app.frame(0.01)
            assert debrief.tab == tab and debrief.page == 0
        debrief.show("why")
        app.frame(0.01)
        assert debrief._pages > 1  # ten crossings do not fit one panel at the projector scale
        _key(app, pygame.K_PAGEDOWN)
        assert debrief.page == 1
        _key(app, pygame.K_PAGEUP)
        assert debrief.page == 0
        # A click on a paged panel turns its page, wherever the window puts the 1920x1080 frame.
        x = app.view_offset[0] + int(RIGHT.centerx * app.view_scale)
        y = app.view_offset[1] + int(RIGHT.centery * app.view_scale)
        app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1))
        assert debrief.page == 1
        debrief.show("questions")
        app.frame(0.01)
        rows = debrief.panels()[0][2]
        assert [r.text for r in rows] == [f"{i}. {q.en}" for i, q in enumerate(debrief.session.scenario.reflection_questions, 1)]
        assert debrief._pages == 1  # the five questions on one page, not in a scroll box
    finally:
        pygame.quit()
