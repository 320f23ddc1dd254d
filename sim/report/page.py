"""The report page, rendered with Jinja2 from the templates in `sim/report/templates/`.

Jinja2 escapes every value it prints (`autoescape=True`), so a scenario text,
team name or note holding `<script>`, quotes or `{{ }}` is shown as text: the
values are data, never template source, and nothing from a scenario or session
is marked safe. `StrictUndefined` turns a misspelt name in a template into an
error instead of an empty string. The page also forbids scripts and fetching
through its Content-Security-Policy; the charts are embedded as data URIs.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import jinja2

from sim.analysis.explain import explain_lines
from sim.core.model import Scenario
from sim.core.scoring import GameSummary, summarize
from sim.core.state import GameState
from sim.i18n import money
from sim.report import facts, view
from sim.report.facts import date_text, end_reason, num, outcome_text
from sim.session import sessionfile
from sim.session.sessionfile import SavedSession


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report: package templates, every value escaped, unknown names an error."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sim.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(
    saved: SavedSession,
    sc: Scenario,
    state: GameState,
    charts: dict[str, bytes],
    lang: str,
    warnings: Sequence[str] = (),
    generated: str | None = None,
) -> str:
    """The report as one self-contained HTML page."""
    return environment().get_template("report.html").render(page_context(saved, sc, state, charts, lang, warnings, generated))


def page_context(
    saved: SavedSession,
    sc: Scenario,
    state: GameState,
    charts: dict[str, bytes],
    lang: str,
    warnings: Sequence[str] = (),
    generated: str | None = None,
) -> dict[str, Any]:
    """Everything the template shows, as plain text, numbers and the small classes of `view`."""
    s = summarize(sc, state)
    L = view.translator(lang)
    moments = [m.text for m in facts.key_moments(sc, state, lang)]
    footer = L("report.footer", when=date_text(generated or sessionfile.now(), lang), seed=saved.seed, id=sc.id,
               hash=saved.scenario_hash[:12])
    return {
        "L": L,
        "lang": lang,
        "title": L("report.title", scenario=sc.title.get(lang)),
        "subtitle": f"{sc.person.name.get(lang)}, {sc.person.age} — {sc.summary.get(lang)}",
        "warnings": list(warnings),
        "summary": _summary(saved, sc, state, s, lang, moments),
        "figures": {name: view.figure(name, png, lang) for name, png in charts.items()},
        "events": view.event_rows(sc, facts.events(state), lang, L),
        "crossings": view.crossing_rows(sc, s, lang),
        "triangle": view.triangle_rows(s, lang, L),
        "end_label": L("report.chart.end", round=state.round),
        "lanes": [(view.chip(sc, a), facts.team_name(saved.names, sc, a, lang)) for a in state.in_play],
        "timeline": view.timeline(sc, state, lang, L),
        "moves": view.facilitator_moves(saved, sc, state, lang, L),
        "moments": moments,
        **_costs_and_systems(sc, state, s, lang),
        "objectives": view.objective_rows(saved, sc, lang, L),
        "rating_legend": view.rating_legend(L),
        "questions": [q.get(lang) for q in sc.reflection_questions],
        "notes": [(x.round, facts.time_text(x.time), x.text) for x in saved.facilitator_notes],
        "footer": footer,
    }


def _summary(
    saved: SavedSession, sc: Scenario, state: GameState, s: GameSummary, lang: str, moments: list[str]
) -> dict[str, Any]:
    """Page 1: the outcome, who played, the person's figures beside the KPIs, the costs and the first key moments."""
    L = view.translator(lang)
    return {
        "scenario": sc.title.get(lang),
        "date": date_text(saved.created, lang),
        "teams": view.teams(saved, sc, state, lang, L),
        "rounds": L("report.rounds_of", played=state.round, total=sc.rounds),
        "outcome": outcome_text(state, lang),
        "reason": end_reason(state, lang, sc),
        "why": explain_lines(sc, state, lang, dict(saved.names)),
        "crossings": L("report.crossings_count", n=len(state.crossings), joint=s.joint_actions),
        "person_rows": view.person_rows(s, lang, L),
        "kpi_rows": view.kpi_rows(sc, state, s, lang, full=False),
        "cost_rows": view.cost_rows(sc, state, s, lang, L, detail=False),
        "moments": moments[:view.SUMMARY_MOMENTS],
        "more_moments": len(moments) > view.SUMMARY_MOMENTS,
    }


def _costs_and_systems(sc: Scenario, state: GameState, s: GameSummary, lang: str) -> dict[str, Any]:
    """The detailed costs with the scenario's alternative, and each system's KPI beside the person."""
    L = view.translator(lang)
    alternative = sc.scoring.alternative
    total = money(s.euros_total + s.crisis_total, lang)
    alternative_vs = None if sc.scoring.alternative_cost is None else L(
        "report.alternative_vs", alt=money(sc.scoring.alternative_cost, lang), total=total)
    person_line = L("report.person_line", outcome=outcome_text(state, lang), stress0=num(s.stress[0], lang, 0),
                    stress1=num(s.final_stress, lang, 0), stab0=num(s.stability[0], lang),
                    stab1=num(s.final_stability, lang))
    return {
        "costs": view.cost_rows(sc, state, s, lang, L),
        "alternative": alternative.get(lang) if alternative is not None else None,
        "alternative_vs": alternative_vs,
        "kpi": view.kpi_rows(sc, state, s, lang),
        "person_line": person_line,
    }
