"""Rule modifiers: each kind of `sim.core.model.Modifier` implemented once.

While a rule card is in force its modifiers act through the queries below,
each reading one kind from the card's `RuleModifiers` (sorted by kind when the
scenario was made). When the card comes into force, `ACTIVATION` says what each
kind does at once; kinds that only act while in force do nothing then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sim.core import model
from sim.core.draft import Draft
from sim.core.kinds import check_exhaustive
from sim.core.limits import CAPACITY, MANDATE
from sim.core.model import NO_MODIFIERS, AgencyId, Card, RuleModifiers, Scenario
from sim.core.state import ActiveRule, Figure, GameState


def selects(sel: model.Selector, card: Card) -> bool:
    """Whether the selector picks this card (every given field must match)."""
    return (
        (sel.card is None or sel.card == card.id)
        and (sel.agency is None or sel.agency == card.agency)
        and (sel.type is None or sel.type is card.type)
        and (sel.tag is None or sel.tag in card.tags)
    )


def in_force(sc: Scenario, rules: Iterable[ActiveRule]) -> Iterator[RuleModifiers]:
    """The modifiers, by kind, of each rule card in force."""
    by_card = sc.rule_modifiers
    for r in rules:
        yield by_card.get(r.card, NO_MODIFIERS)


def cost_mods(sc: Scenario, rules: Sequence[ActiveRule]) -> list[model.CostMod]:
    """The cost modifiers of the rules in force."""
    if not rules:
        return []
    return [m for mods in in_force(sc, rules) for m in mods.cost]


def card_cost(sc: Scenario, st: GameState | Draft, card: Card, costs: list[model.CostMod] | None = None) -> int:
    """The capacity a card costs now, after cost modifiers of rules in force."""
    cost = card.cost
    for m in cost_mods(sc, st.rules) if costs is None else costs:
        if selects(m.cards, card):
            cost += m.delta
    return max(0, cost)


def no_delay(sc: Scenario, rules: Iterable[ActiveRule], card: Card) -> bool:
    """Whether a rule in force makes this card's effects land at once."""
    return any(selects(m.cards, card) for mods in in_force(sc, rules) for m in mods.no_delay)


def cancelled(sc: Scenario, rules: Iterable[ActiveRule], event: model.Event) -> bool:
    """Whether a rule in force cancels this event."""
    return any(m.tag in event.tags for mods in in_force(sc, rules) for m in mods.cancel_events)


def forbidding(sc: Scenario, rules: Iterable[ActiveRule], card: Card) -> str | None:
    """The rule card in force that forbids this card, or None."""
    by_card = sc.rule_modifiers
    for r in rules:
        if any(selects(m.cards, card) for m in by_card.get(r.card, NO_MODIFIERS).forbid):
            return r.card
    return None


def capacity_bonus(sc: Scenario, rules: Iterable[ActiveRule], agency: AgencyId) -> int:
    """The extra capacity the rules in force give `agency` each round."""
    return sum(m.delta for mods in in_force(sc, rules) for m in mods.capacity if m.agency in (None, agency))


def boundary_bonuses(sc: Scenario, rules: Iterable[ActiveRule]) -> list[model.BoundaryBonusMod]:
    """The bonuses of the rules in force for a boundary crossing that lowers stress."""
    return [m for mods in in_force(sc, rules) for m in mods.boundary_bonus]


# -- when a rule card comes into force --------------------------------------


def _give_mandate(d: Draft, m: model.MandateMod) -> None:
    for a in d.in_play:
        if m.agency in (None, a):
            i = d.ai(a)
            after = int(MANDATE.clamp(d.mandate[i] + m.amount))
            d.change(Figure.MANDATE, a, d.mandate[i], after)
            d.mandate[i] = after


def _add_capacity_now(d: Draft, m: model.CapacityMod) -> None:
    for a in d.in_play:
        if m.agency in (None, a):
            i = d.ai(a)
            after = int(CAPACITY.clamp(d.capacity[i] + m.delta))
            d.change(Figure.CAPACITY, a, d.capacity[i], after)
            d.capacity[i] = after


def _while_in_force(d: Draft, m: Any) -> None:
    """Kinds that act only through the queries above while the rule is in force."""


ACTIVATION: dict[type, Callable[[Draft, Any], None]] = {
    model.MandateMod: _give_mandate,
    model.CapacityMod: _add_capacity_now,
    model.CostMod: _while_in_force,
    model.NoDelayMod: _while_in_force,
    model.CancelEventsMod: _while_in_force,
    model.BoundaryBonusMod: _while_in_force,
    model.ForbidMod: _while_in_force,
}
check_exhaustive(ACTIVATION, model.MODIFIER_KINDS.values(), "modifiers")


def activate_rule(d: Draft, card: Card, agency: AgencyId) -> None:
    """Put a rule card in force and do what its modifiers do at once."""
    until = None if card.duration is None else d.round + card.duration - 1
    d.rules.append(ActiveRule(card.id, agency, d.round, until))
    for m in card.modifiers:
        ACTIVATION[type(m)](d, m)


__all__ = [
    "ACTIVATION",
    "activate_rule",
    "boundary_bonuses",
    "cancelled",
    "capacity_bonus",
    "card_cost",
    "cost_mods",
    "forbidding",
    "in_force",
    "no_delay",
    "selects",
]
