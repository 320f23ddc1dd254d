"""The debrief report: one self-contained HTML page, its charts as PNG, and the full record as JSON.

`write_report(saved, loaded, out_dir)` replays a saved session and writes

- `report.html`: a one-page summary first (outcome, the person's figures beside
  the systems' KPIs, costs, key moments), then the course of stress and the
  legs with events and boundary crossings marked, the triangle at the start and
  the end, every decision per agency, key moments, costs against the
  scenario's alternative, each system's KPI beside the person's outcome, the
  learning objectives with their P/S/M/U rating, the reflection questions and
  the facilitator's notes; charts are embedded as base64 PNG, so the one file
  can be mailed or printed (the print stylesheet lays it out on A4);
- `course.png`, `triangle.png`, `timeline.png`, `costs.png`, `kpi.png`;
- `record.json`: the session file (replayable with `run_sim.py replay`);
- `figures.json`: every figure per round and the log in words, for analysis.

Everything is in the session's language. The parts live beside this module:
`facts` (what happened), `charts` (matplotlib), `view` (the facts as rows for
the page), `page` (Jinja2 with autoescape; templates in `templates/`). This
module keeps the entry points the CLI, the debrief screen and the tests call.
"""

from __future__ import annotations

import errno
import json
import os
import uuid
from pathlib import Path
from typing import Any

import attrs
import markupsafe

from sim.core.model import LEGS, Scenario
from sim.core.scoring import summarize
from sim.core.state import GameState
from sim.i18n import money, t
from sim.i18n.narrate import log_line
from sim.report.charts import CHART_NAMES, draw_charts
from sim.report.facts import (
    Moment,
    Play,
    adjustments,
    end_reason,
    events,
    key_moments,
    num,
    plays,
)
from sim.report.page import render_html
from sim.session import sessionfile
from sim.session.record import final_figures
from sim.session.sessionfile import SavedSession, SessionFileError, os_reason


@attrs.frozen
class ReportFiles:
    """What `write_report` wrote."""

    html: Path
    record: Path
    figures: Path
    charts: tuple[Path, ...]
    warnings: tuple[str, ...]  # what the facilitator should know (e.g. the scenario file changed)


def _e(text: Any) -> str:
    """A text escaped as the page escapes it (Jinja2's autoescape, MarkupSafe); for tests that look for it."""
    return str(markupsafe.escape(str(text)))


def figures_json(saved: SavedSession, sc: Scenario, state: GameState, lang: str) -> str:
    """Every figure per round, the crossings and the log in words, as JSON text (for analysis)."""
    s = summarize(sc, state)
    agencies = [a.id for a in sc.agencies]
    stressors = [x.id for x in sc.stressors]
    data = {
        "format": "stabiel-figures",
        "version": 1,
        "scenario_id": sc.id,
        "lang": lang,
        "final": final_figures(state),
        "rounds": [
            {
                "round": int(s.rounds[i]),
                "stress": round(float(s.stress[i]), 3),
                "legs": {leg.value: round(float(s.legs[i, k]), 3) for k, leg in enumerate(LEGS)},
                "stability": round(float(s.stability[i]), 3),
                "severity": dict(zip(stressors, (int(v) for v in s.severity[i]))),
                "trust": dict(zip(agencies, (round(float(v), 3) for v in s.trust[i]))),
                "euros": dict(zip(agencies, (round(float(v), 2) for v in s.euros[i]))),
                "kpi": dict(zip(agencies, (round(float(v), 3) for v in s.kpi[i]))),
                "crisis_cost": round(float(s.crisis_cost[i]), 2),
            }
            for i in range(len(s.rounds))
        ],
        "crossings": [attrs.asdict(c) for c in s.crossings],
        "moments": [attrs.asdict(m) for m in key_moments(sc, state, lang)],
        "log": [{"round": e.round, "phase": e.phase.value, "kind": e.kind, "agency": e.agency, "ref": e.ref,
                 "text": log_line(sc, e, lang)} for e in state.log],
        "notes": [attrs.asdict(n) for n in saved.notes],
        "ratings": dict(saved.ratings),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_report(
    saved: SavedSession,
    loaded: Any,
    out_dir: str | os.PathLike[str],
    lang: str | None = None,
    state: GameState | None = None,
) -> ReportFiles:
    """Write report.html, the charts as PNG, record.json and figures.json into `out_dir`; returns the paths.

    `loaded` is the session's LoadedScenario; `state` (optional) the current
    state when the caller already has it (the debrief screen), else the session
    is replayed. Raises SessionFileError when the session does not fit the
    scenario, OSError when the folder cannot be written.
    """
    lang = lang or saved.lang
    warnings: tuple[str, ...] = ()
    if state is None:
        state, warnings = sessionfile.restore(saved, loaded, lang)
    elif saved.scenario_hash and saved.scenario_hash != loaded.content_hash:
        warnings = (t("session.warn.changed", lang, path=loaded.path, date=saved.updated[:10]),)
    sc = loaded.scenario
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    charts = draw_charts(sc, state, lang)
    paths = []
    for name, png in charts.items():
        p = out / f"{name}.png"
        _write_bytes(p, png)
        paths.append(p)
    page = render_html(saved, sc, state, charts, lang, warnings)
    html_path = out / "report.html"
    _write_bytes(html_path, page.encode("utf-8"))
    record = out / "record.json"
    record_session = sessionfile.update(saved, state, redo=saved.redo, timer_left=saved.timer_left) if state.actions != saved.actions else saved
    record_session = attrs.evolve(record_session, console_tokens={})  # the seats' tokens never leave the session file
    _write_bytes(record, sessionfile.to_json(record_session).encode("utf-8"))
    figures = out / "figures.json"
    _write_bytes(figures, figures_json(saved, sc, state, lang).encode("utf-8"))
    return ReportFiles(html_path, record, figures, tuple(paths), warnings)


def _write_bytes(path: Path, data: bytes) -> None:
    # Write beside, then rename: a report being rewritten is never seen half written. A write that fails (a
    # full disk) takes its temporary file with it: left behind, it kept the disk full and every autosave failed.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


MAX_SAME_NAME = 1000  # reports of one scenario in one second before giving up (a clock stuck at one moment)


def new_report_folder(base: str | os.PathLike[str], scenario_id: str, when: str) -> Path:
    """A new, empty folder for one report under `base`: `<time to the second>-<scenario>`, then `-2`, `-3`, ...

    The folder is made here (`mkdir` refuses one that exists, even when two
    programs ask at once), so two reports in one second, or after the clock
    was set back, never write into the same folder. Raises OSError.
    """
    stamp = "".join(ch for ch in when if ch.isdigit())[:14] or "0"
    safe_id = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in scenario_id)[:60]
    Path(base).mkdir(parents=True, exist_ok=True)
    for n in range(1, MAX_SAME_NAME + 1):
        folder = Path(base) / (f"{stamp}-{safe_id}" if n == 1 else f"{stamp}-{safe_id}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(base))


def report_error(exc: OSError, out_dir: str | os.PathLike[str], lang: str) -> str:
    """What the facilitator reads when the report could not be written: where, and why in `lang` (never errno English)."""
    return SessionFileError(None, "report.err.write", path=str(out_dir), reason=os_reason(exc)).text(lang)


__all__ = [
    "CHART_NAMES",
    "new_report_folder",
    "Moment",
    "Play",
    "ReportFiles",
    "adjustments",
    "draw_charts",
    "end_reason",
    "events",
    "figures_json",
    "key_moments",
    "money",
    "num",
    "plays",
    "render_html",
    "report_error",
    "write_report",
]
