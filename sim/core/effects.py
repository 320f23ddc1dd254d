"""Effects: each kind of `sim.core.model.Effect` implemented once, in one table.

An effect changes the draft and notes each figure that moved; the ranges it
clamps to are those of `sim.core.limits`. `run` puts delayed effects on a
waiting list instead (they land in the Verwerking of their round).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sim.core import conditions, model
from sim.core.draft import Draft
from sim.core.kinds import check_exhaustive
from sim.core.limits import EUROS, KPI, LEG, MANDATE, SEVERITY, STRESS, TRUST, Range
from sim.core.model import AgencyId
from sim.core.state import Figure, Outcome, Pending

_LEG_INDEX: dict[model.Leg, int] = {leg: i for i, leg in enumerate(model.LEGS)}


def _stressor(d: Draft, eff: model.StressorEffect, actor: AgencyId | None) -> None:
    i = d.sc.stressor_index[eff.stressor]
    before = d.severity[i]
    d.severity[i] = int(SEVERITY.clamp(before + eff.delta))
    d.change(Figure.STRESSOR, eff.stressor, before, d.severity[i])


def _reveal(d: Draft, eff: model.RevealEffect, actor: AgencyId | None) -> None:
    i = d.sc.stressor_index[eff.stressor]
    if not d.known[i]:
        d.known[i] = True
        d.change(Figure.REVEAL, eff.stressor, 0, 1)


def _leg(d: Draft, eff: model.LegEffect, actor: AgencyId | None) -> None:
    i = _LEG_INDEX[eff.leg]
    before = d.legs[i]
    d.legs[i] = LEG.clamp(before + eff.delta)
    d.change(Figure.LEG, eff.leg.value, before, d.legs[i])


def _stress(d: Draft, eff: model.StressEffect, actor: AgencyId | None) -> None:
    before = d.stress
    d.stress = STRESS.clamp(before + eff.delta)
    d.change(Figure.STRESS, None, before, d.stress)


def _trust(d: Draft, eff: model.TrustEffect, actor: AgencyId | None) -> None:
    agency = eff.agency or actor
    if agency is None:
        return
    i = d.ai(agency)
    before = d.trust[i]
    d.trust[i] = TRUST.clamp(before + eff.delta)
    d.change(Figure.TRUST, agency, before, d.trust[i])


def _flag(d: Draft, eff: model.FlagEffect, actor: AgencyId | None) -> None:
    was = eff.flag in d.flags
    if eff.set and not was:
        d.flags[eff.flag] = d.round
        d.change(Figure.FLAG, eff.flag, 0, 1)
    elif not eff.set and was:
        del d.flags[eff.flag]
        d.change(Figure.FLAG, eff.flag, 1, 0)


def _agency_figure(d: Draft, values: list[Any], figure: Figure, agency: AgencyId | None, delta: float,
                   limits: Range, whole: bool = False) -> None:
    """Move one agency's euros, KPI or mandaat by `delta` within `limits`, and note the change."""
    if agency is None:  # an event without a responder names no agency: nothing to change
        return
    i = d.ai(agency)
    before = values[i]
    after = limits.clamp(before + delta)
    values[i] = int(after) if whole else after
    d.change(figure, agency, before, values[i])


def _euros(d: Draft, eff: model.EurosEffect, actor: AgencyId | None) -> None:
    _agency_figure(d, d.euros, Figure.EUROS, eff.agency or actor, eff.amount, EUROS)


def _kpi(d: Draft, eff: model.KpiEffect, actor: AgencyId | None) -> None:
    _agency_figure(d, d.kpi, Figure.KPI, eff.agency or actor, eff.delta, KPI)


def _mandate(d: Draft, eff: model.MandateEffect, actor: AgencyId | None) -> None:
    _agency_figure(d, d.mandate, Figure.MANDATE, eff.agency or actor, eff.delta, MANDATE, whole=True)


def _crisis(d: Draft, eff: model.CrisisEffect, actor: AgencyId | None) -> None:
    amount = d.sc.scoring.crisis_costs.get(eff.cost, 0.0)
    d.crisis_costs.append((eff.cost, amount))
    d.change(Figure.CRISIS, eff.cost, 0, amount)
    d.end(Outcome.CRISIS, eff.cost)


def _if(d: Draft, eff: model.IfEffect, actor: AgencyId | None) -> None:
    """The effects of the branch whose conditions hold now, at once."""
    branch = eff.effects if conditions.all_hold(d.sc, d, eff.conditions, actor) else eff.otherwise
    for inner in branch:
        EFFECTS[type(inner)](d, inner, actor)


EFFECTS: dict[type, Callable[[Draft, Any, AgencyId | None], None]] = {
    model.StressorEffect: _stressor,
    model.RevealEffect: _reveal,
    model.LegEffect: _leg,
    model.StressEffect: _stress,
    model.TrustEffect: _trust,
    model.FlagEffect: _flag,
    model.EurosEffect: _euros,
    model.KpiEffect: _kpi,
    model.MandateEffect: _mandate,
    model.CrisisEffect: _crisis,
    model.IfEffect: _if,
}
check_exhaustive(EFFECTS, model.EFFECT_KINDS.values(), "effects")


def apply_effect(d: Draft, eff: model.Effect, actor: AgencyId | None) -> None:
    """Apply one effect now, for `actor` (the agency it defaults to)."""
    EFFECTS[type(eff)](d, eff, actor)


def run(d: Draft, effects: Iterable[model.Effect], actor: AgencyId | None, source: str, no_delay: bool = False) -> None:
    """Apply effects now, or put the delayed ones on a waiting list (unless `no_delay`)."""
    for eff in effects:
        if eff.delay and not no_delay:
            d.pending.append(Pending(d.round + eff.delay, eff, actor, source))
        else:
            EFFECTS[type(eff)](d, eff, actor)


def lowers_stress(card: model.Card) -> bool:
    """Whether a card lowers stress or a stressor (what a boundary bonus rewards)."""
    return any(isinstance(e, (model.StressEffect, model.StressorEffect)) and e.delta < 0 for e in card.effects)


__all__ = ["EFFECTS", "apply_effect", "lowers_stress", "run"]
