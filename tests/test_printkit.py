"""The print kit as PDFs: page sizes, every title in the text, pages not blank, marks outside the trim, secrets kept."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from sim import cli
from sim.printkit import layout, write_kit
from sim.printkit.common import codes
from sim.printkit.texts import tr
from sim.scenario.loader import load_scenario
from tests.conftest import SCENARIOS

SHIPPED = {load_scenario(p).scenario.id: load_scenario(p).scenario for p in SCENARIOS}
SIZES = {"a4": (595, 842), "letter": (612, 792)}
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")


@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    """Kits written on demand, once per (scenario, language, paper, bleed)."""
    made: dict = {}

    def get(sid: str, lang: str = "nl", paper: str = "a4", bleed: bool = False):
        key = (sid, lang, paper, bleed)
        if key not in made:
            made[key] = write_kit(SHIPPED[sid], tmp_path_factory.mktemp("kit"), lang, paper, bleed)
        return made[key]

    return get


def _text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


@pytest.mark.parametrize("sid", sorted(SHIPPED))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_card_and_event_title_is_in_the_cards_pdf(kits, sid, lang):
    sc = SHIPPED[sid]
    text = _squash(" ".join(_text(kits(sid, lang).cards)))
    for item in (*sc.cards, *sc.events):
        assert _squash(item.title.get(lang)) in text, (item.id, lang)
    for code in codes(sc).values():
        assert code.casefold() in text


@pytest.mark.parametrize("paper,bleed", [("a4", False), ("letter", False), ("a4", True), ("letter", True)])
def test_page_sizes_read_back_from_the_pdfs(kits, paper, bleed):
    kit = kits("jan-in-de-portiek", "en", paper, bleed)
    for path in kit.all():
        for page in PdfReader(str(path)).pages:
            size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
            want = SIZES[paper]
            assert size == want or (path == kit.cards and bleed and size == want[::-1]), (path.name, size)


@pytest.mark.parametrize("sid", sorted(SHIPPED))
def test_letter_kits_of_every_scenario_have_letter_pages(kits, sid):
    kit = kits(sid, "en", "letter")
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for path in kit.all() for p in PdfReader(str(path)).pages} == {SIZES["letter"]}


def test_the_fonts_are_embedded(kits):
    reader = PdfReader(str(kits("jan-in-de-portiek").cards))
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), font["/BaseFont"]


def _secrets(sid: str) -> list:
    return [s for s in SHIPPED[sid].stressors if s.hidden]


@pytest.mark.parametrize("sid", sorted(SHIPPED))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_shared_page_names_a_hidden_stressor(kits, sid, lang):
    kit = kits(sid, lang)
    shared = _text(kit.cards) + _text(kit.board)
    private_marks = {}
    for agency, path in zip(SHIPPED[sid].agencies, kit.sheets):
        mark = tr(lang, "private", team=agency.name.get(lang))
        pages = _text(path)
        shared += [p for p in pages if _squash(mark) not in _squash(p)]
        private_marks[agency.id] = [p for p in pages if _squash(mark) in _squash(p)]
        assert private_marks[agency.id], f"{agency.id} has no private page"
        assert not any(_squash(mark) in _squash(p) for p in _text(kit.cards) + _text(kit.board))
    shared_text = _squash(" ".join(shared))
    for s in _secrets(sid):
        assert _squash(s.name.get(lang)) not in shared_text, (s.id, lang)
        for agency in SHIPPED[sid].agencies:  # each dossier holds exactly what its team knows
            in_dossier = _squash(s.name.get(lang)) in _squash(" ".join(private_marks[agency.id]))
            assert in_dossier == (agency.id in s.known_by), (s.id, agency.id)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_script_says_on_every_page_it_is_the_facilitators(kits, lang):
    sid = "jan-in-de-portiek"
    pages = _text(kits(sid, lang).script)
    assert len(pages) >= 2
    assert all(_squash(tr(lang, "script.header")) in _squash(p) for p in pages)
    text = _squash(" ".join(pages))
    sc = SHIPPED[sid]
    assert all(_squash(s.name.get(lang)) in text for s in sc.stressors)  # hidden ones too: it is the facilitator's
    assert all(_squash(q.get(lang)[:40]) in text for q in sc.reflection_questions)
    assert all(_squash(e.title.get(lang)) in text for e in sc.events if e.rounds or e.trigger)


def _gray_pages(pdf: Path, out: Path, dpi: int = 50) -> list[tuple[int, int, bytes]]:
    """Render with pdftoppm to 8-bit grey PGM (the same raster as its PNG) and read the pixels."""
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(out / "p")], check=True, capture_output=True)
    pages = []
    for f in sorted(out.glob("p*.pgm")):
        data = f.read_bytes()
        magic, w, h, maxval, rest = data.split(maxsplit=4)
        assert magic == b"P5" and maxval == b"255"
        pages.append((int(w), int(h), rest[: int(w) * int(h)]))
    return pages


@needs_poppler
def test_rendered_pages_are_not_blank(kits, tmp_path):
    kit = kits("de-zorgmijder", "en", "letter", True)
    for i, path in enumerate(kit.all()):
        folder = tmp_path / str(i)
        folder.mkdir()
        pages = _gray_pages(path, folder)
        assert pages
        for w, h, px in pages:
            dark = sum(1 for v in px if v < 128)
            assert dark > 0.005 * w * h, (path.name, dark)


@needs_poppler
def test_png_rendering_works(kits, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(kits("vader-en-zoon").board), str(tmp_path / "b")],
                   check=True, capture_output=True)
    png = next(tmp_path.glob("b*.png")).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000


@needs_poppler
@pytest.mark.parametrize("paper,bleed", [("a4", False), ("letter", True)])
def test_crop_marks_sit_outside_the_trim_in_pixels(kits, tmp_path, paper, bleed):
    dpi = 72  # one pixel a point
    kit = kits("jan-in-de-portiek", "nl", paper, bleed)
    grid = layout.grid(paper, bleed)
    w, h, px = _gray_pages(kit.cards, tmp_path, dpi)[0]
    slots = [grid.trim(s).grow(grid.bleed) for s in range(grid.per_sheet)]

    def inside(x: float, y: float) -> bool:
        return any(r.x - 1 <= x <= r.x + r.w + 1 and r.y - 1 <= y <= r.y + r.h + 1 for r in slots)

    outside_dark = [(x, y) for y in range(h) for x in range(w) if px[y * w + x] < 160 and not inside(x + 0.5, h - y - 0.5)]
    assert outside_dark, "no crop marks were drawn"
    marks = grid.crop_marks()

    def on_a_mark(x: float, y: float) -> bool:
        return any(min(a, c) - 1.5 <= x <= max(a, c) + 1.5 and min(b, d) - 1.5 <= y <= max(b, d) + 1.5 for a, b, c, d in marks)

    assert all(on_a_mark(x + 0.5, h - y - 0.5) for x, y in outside_dark)  # nothing but the marks outside the cards
    for x0, y0, x1, y1 in marks:  # and every mark shows
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        assert min(px[int(h - my + dy) * w + int(mx + dx)] for dx in (-1, 0, 1) for dy in (-1, 0, 1)) < 160


def test_the_print_command_writes_the_kit(tmp_path, capsys):
    out = tmp_path / "kit"
    assert cli.main(["print", str(SCENARIOS[0]), "--out", str(out), "--lang", "en", "--paper", "letter", "--bleed"]) == 0
    names = sorted(p.name for p in out.iterdir())
    sc = load_scenario(SCENARIOS[0]).scenario
    assert names == sorted(["cards.pdf", "board.pdf", "script.pdf"] + [f"team-{a.id}.pdf" for a in sc.agencies])
    assert "print kit written" in capsys.readouterr().out


def test_the_print_command_refuses_a_broken_scenario_without_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    assert cli.main(["print", str(bad), "--out", str(tmp_path / "kit")]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "Traceback" not in err
    assert not (tmp_path / "kit").exists()


def test_a_text_that_cannot_fit_stops_the_print_command_with_a_message(tmp_path, capsys, monkeypatch):
    from sim.printkit import cards

    long_text = "een heel lang verhaal " * 300
    real = cards.card_body

    def too_long(sc, card, lang):
        import attrs

        from sim.core.model import Text

        return real(sc, attrs.evolve(card, text=Text(nl=long_text, en=long_text)), lang)

    monkeypatch.setattr(cards, "card_body", too_long)
    assert cli.main(["print", str(SCENARIOS[0]), "--out", str(tmp_path / "kit")]) == 1
    err = capsys.readouterr().err
    assert "does not fit" in err and "Traceback" not in err
    first = load_scenario(SCENARIOS[0]).scenario
    assert first.cards_of(first.agencies[0].id)[0].id in err  # names the card


def test_the_print_command_says_why_it_cannot_write_in_the_chosen_language(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert cli.main(["--lang", "nl", "print", str(SCENARIOS[0]), "--out", str(blocker / "kit")]) == 1
    err = capsys.readouterr().err
    assert "de printset kan niet worden geschreven" in err and "Not a directory" not in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"  # nothing lost
