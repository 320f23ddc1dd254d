"""The debrief report in a real browser: headless Chromium shows every chart, and a screenshot is not blank.

Uses Debian's `chromium` (installed by `make test` where apt-get can). Without
it the test is skipped, saying so. The screenshot is kept in the test's tmp
folder (its path is printed with `pytest -s`).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sim.analysis.batch import play_game, seat_policies
from sim.report import writer as report
from sim.scenario.loader import load_scenario
from sim.session import sessionfile as sf

ROOT = Path(__file__).resolve().parent.parent
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed and could not be installed here "
           "(`make test` runs `apt-get install chromium` where it can); the report's browser check is skipped",
)

# Measured in the page once everything has loaded; written into the DOM, which --dump-dom prints.
PROBE = """<script>
window.addEventListener('load', function () {
  var shown = Array.prototype.map.call(document.querySelectorAll('img.chart'), function (img) {
    var r = img.getBoundingClientRect(), cs = getComputedStyle(img);
    return {id: img.id, complete: img.complete, nw: img.naturalWidth, nh: img.naturalHeight,
            w: r.width, h: r.height, display: cs.display, visibility: cs.visibility, opacity: cs.opacity};
  });
  document.body.setAttribute('data-probe', JSON.stringify(shown));
});
</script>"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"  # a fresh profile per run
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    loaded = load_scenario(JAN)
    sc = loaded.scenario
    state = play_game(sc, 3, seat_policies(sc, "random"))
    saved = sf.start(loaded.path, sc.id, loaded.content_hash, state, lang="nl")
    return report.write_report(saved, loaded, tmp_path_factory.mktemp("browser-report"))


def test_chromium_shows_every_chart(written, tmp_path):
    page = written.html.read_text(encoding="utf-8")
    # The report itself forbids scripts; the probe runs in a copy without that rule.
    probe_page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", page).replace("</body>", PROBE + "</body>")
    probe = tmp_path / "probe.html"
    probe.write_text(probe_page, encoding="utf-8")
    out = _chromium(tmp_path, "--window-size=1280,1000", "--virtual-time-budget=10000", "--dump-dom", probe.as_uri())
    assert out.returncode == 0, out.stderr[-2000:]
    found = re.search(r'data-probe="([^"]*)"', out.stdout)
    assert found, "the page did not finish loading in Chromium:\n" + out.stdout[:500]
    charts = json.loads(html.unescape(found.group(1)))
    assert sorted(c["id"] for c in charts) == sorted(f"chart-{n}" for n in report.CHART_NAMES)
    for c in charts:
        assert c["complete"] and c["nw"] > 400 and c["nh"] > 250, c  # the PNG decoded
        assert c["w"] > 300 and c["h"] > 150, c  # laid out at a readable size
        assert c["display"] != "none" and c["visibility"] == "visible" and float(c["opacity"]) == 1.0, c


def test_chromium_screenshot_is_not_blank(written, tmp_path):
    from PIL import Image

    shot = tmp_path / "report.png"
    out = _chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}", written.html.as_uri())
    assert out.returncode == 0 and shot.exists(), out.stderr[-2000:]
    print(f"screenshot: {shot}")
    import numpy as np

    img = Image.open(shot).convert("RGB")
    assert img.size == (1280, 2400)
    px = np.asarray(img, dtype=np.int16).reshape(-1, 3)
    ink = float((px.sum(axis=1) < 600).mean())
    assert ink > 0.03, f"the page looks blank ({ink:.1%} non-white)"
    packed = (px[:, 0].astype(np.int32) << 16) | (px[:, 1].astype(np.int32) << 8) | px[:, 2]
    assert len(np.unique(packed)) > 200  # charts, not just text
    # The stress chart's legs in Okabe-Ito blue and orange are on screen.
    blue = int((np.abs(px - (0, 114, 178)).max(axis=1) < 30).sum())
    orange = int((np.abs(px - (230, 159, 0)).max(axis=1) < 30).sum())
    assert blue > 300 and orange > 300, (blue, orange)


# Every element's right edge and every cell's content, measured once the page has loaded.
OVERFLOW_PROBE = """<script>
window.addEventListener('load', function () {
  var width = document.body.getBoundingClientRect().right, wide = [];
  document.querySelectorAll('body *').forEach(function (el) {
    var r = el.getBoundingClientRect();
    var cell = el.tagName === 'TD' || el.tagName === 'TH' || el.tagName === 'DD' || el.tagName === 'LI';
    if (r.right > width + 1 || (cell && el.scrollWidth > el.clientWidth + 1)) {
      wide.push(el.tagName + (el.className ? '.' + el.className : '') + ': ' + el.textContent.slice(0, 60));
    }
  });
  var summary = document.querySelector('section');
  document.body.setAttribute('data-probe', JSON.stringify({wide: wide, first: summary.id, cls: summary.className}));
});
</script>"""


def test_in_print_nothing_is_wider_than_an_a4_column(written, tmp_path):
    page = written.html.read_text(encoding="utf-8")
    # The print rules applied on screen, in a window as wide as A4 less its margins (182 mm at 96 dpi).
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", page).replace("@media print {", "@media all {")
    probe = tmp_path / "print.html"
    probe.write_text(page.replace("</body>", OVERFLOW_PROBE + "</body>"), encoding="utf-8")
    out = _chromium(tmp_path, "--window-size=688,1000", "--virtual-time-budget=10000", "--dump-dom", probe.as_uri())
    assert out.returncode == 0, out.stderr[-2000:]
    found = re.search(r'data-probe="([^"]*)"', out.stdout)
    assert found, "the page did not finish loading in Chromium:\n" + out.stdout[:500]
    result = json.loads(html.unescape(found.group(1)))
    assert result["wide"] == [], result["wide"]
    assert (result["first"], result["cls"]) == ("overzicht", "summary")


def test_chromium_prints_the_summary_alone_on_page_one(written, tmp_path):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    pdf = tmp_path / "report.pdf"
    out = _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", written.html.as_uri())
    assert out.returncode == 0 and pdf.exists(), out.stderr[-2000:]
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert len(pages) > 3
    assert "Overzicht" in pages[0] and "Sleutelmomenten" in pages[0] and "Kosten" in pages[0]
    assert "Het verloop" not in pages[0] and "Het verloop" in pages[1]
