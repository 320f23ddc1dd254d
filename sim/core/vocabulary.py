"""The closed vocabulary of a scenario: ids, the legs, card types, bilingual texts,
and the kinds of condition, effect and rule modifier a file picks by `kind:` tag.

Each kind is implemented once in the rules core (`sim.core.conditions`,
`sim.core.effects`, `sim.core.modifiers`), in one table checked against the
`*_KINDS` tables here. `sim.core.model` re-exports every name.
"""

from __future__ import annotations

import enum
from typing import Any, TypeAlias

import attrs

AgencyId: TypeAlias = str
CardId: TypeAlias = str
StressorId: TypeAlias = str
EventId: TypeAlias = str
FlagId: TypeAlias = str
Tag: TypeAlias = str

LANGUAGES = ("nl", "en")


class Leg(str, enum.Enum):
    """A point of the stability triangle."""

    MEEDOEN = "meedoen"
    LEEFOMGEVING = "leefomgeving"
    CONTINUITEIT = "continuiteit"


LEGS: tuple[Leg, ...] = (Leg.MEEDOEN, Leg.LEEFOMGEVING, Leg.CONTINUITEIT)


class Better(str, enum.Enum):
    """Which way a system KPI is better: higher (most, like lawfulness) or lower (like waiting time)."""

    HIGHER = "higher"
    LOWER = "lower"


class CardType(str, enum.Enum):
    """What kind of card: how it relates to the agency's system."""

    IN_SYSTEM = "in_system"  # follows the agency's own procedures
    BOUNDARY = "boundary"  # grensverlegger: bends the agency's rules or crosses into another's domain
    JOINT = "joint"  # needs partner agencies to agree and spend capacity
    RULE = "rule"  # regelkaart: changes the rules of the game for a while


@attrs.frozen
class Text:
    """A user-visible text in both languages."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        """The text in `lang` ("nl" or "en")."""
        return self.en if lang == "en" else self.nl


# --------------------------------------------------------------------------
# Conditions: what must hold for a card to be playable or an event to trigger.
# Each has optional bounds `min`/`max` where that makes sense (inclusive).
# --------------------------------------------------------------------------


@attrs.frozen
class StressorCond:
    """A stressor's severity lies within [min, max]."""

    stressor: StressorId
    min: int | None = None
    max: int | None = None


@attrs.frozen
class KnownCond:
    """A stressor is known (`known: true`) or still hidden (`known: false`).

    Without `agency`: known to everyone (revealed, or never hidden). With `agency`:
    known to that team, in the open or in its own dossier.
    """

    stressor: StressorId
    known: bool = True
    agency: AgencyId | None = None


@attrs.frozen
class TrustCond:
    """The person's trust in an agency (default: the acting agency) lies within [min, max]."""

    agency: AgencyId | None = None
    min: float | None = None
    max: float | None = None


@attrs.frozen
class KpiCond:
    """An agency's system KPI (default: the acting agency, or an event's responder) lies within [min, max]."""

    agency: AgencyId | None = None
    min: float | None = None
    max: float | None = None


@attrs.frozen
class FlagCond:
    """A flag is set (`set: true`) or not; with `rounds`, set at least that many rounds ago."""

    flag: FlagId
    set: bool = True
    rounds: int = 0


@attrs.frozen
class StressCond:
    """The person's stress lies within [min, max]."""

    min: float | None = None
    max: float | None = None


@attrs.frozen
class RoundCond:
    """The current round lies within [min, max]."""

    min: int | None = None
    max: int | None = None


@attrs.frozen
class LegCond:
    """A leg of the stability triangle lies within [min, max]."""

    leg: Leg
    min: float | None = None
    max: float | None = None


@attrs.frozen
class PartnerCond:
    """A partner agency still has at least `min` capacity left this round."""

    agency: AgencyId
    min: int = 1


@attrs.frozen
class RuleActiveCond:
    """A rule card is (`active: true`) or is not in force."""

    card: CardId
    active: bool = True


@attrs.frozen
class AnyCond:
    """At least one of `conditions` holds ("any of"); the others need not."""

    conditions: tuple[Condition, ...]


Condition: TypeAlias = (
    StressorCond | KnownCond | TrustCond | KpiCond | FlagCond | StressCond | RoundCond | LegCond | PartnerCond | RuleActiveCond
    | AnyCond
)

CONDITION_KINDS: dict[str, type] = {
    "stressor": StressorCond,
    "known": KnownCond,
    "trust": TrustCond,
    "kpi": KpiCond,
    "flag": FlagCond,
    "stress": StressCond,
    "round": RoundCond,
    "leg": LegCond,
    "partner": PartnerCond,
    "rule_active": RuleActiveCond,
    "any": AnyCond,
}


# --------------------------------------------------------------------------
# Effects: what a card or event does. Every effect may be delayed by `delay`
# rounds (a waiting list): it then lands in the Verwerking phase of that round.
# --------------------------------------------------------------------------


@attrs.frozen
class StressorEffect:
    """Change a stressor's severity by `delta` (clamped to 0-3)."""

    stressor: StressorId
    delta: int
    delay: int = 0


@attrs.frozen
class RevealEffect:
    """Reveal a hidden stressor to everyone."""

    stressor: StressorId
    delay: int = 0


@attrs.frozen
class LegEffect:
    """Change a leg of the stability triangle by `delta` (clamped to 0-10)."""

    leg: Leg
    delta: float
    delay: int = 0


@attrs.frozen
class StressEffect:
    """Change the person's stress by `delta` (clamped to 0-100)."""

    delta: float
    delay: int = 0


@attrs.frozen
class TrustEffect:
    """Change the person's trust in an agency (default: the acting agency) by `delta` (0-10)."""

    delta: float
    agency: AgencyId | None = None
    delay: int = 0


@attrs.frozen
class FlagEffect:
    """Set (`set: true`) or clear a flag."""

    flag: FlagId
    set: bool = True
    delay: int = 0


@attrs.frozen
class EurosEffect:
    """Record euros spent by an agency (default: the acting agency)."""

    amount: float
    agency: AgencyId | None = None
    delay: int = 0


@attrs.frozen
class KpiEffect:
    """Change an agency's system KPI (default: the acting agency) by `delta`."""

    delta: float
    agency: AgencyId | None = None
    delay: int = 0


@attrs.frozen
class MandateEffect:
    """Give (or take) mandaat tokens to an agency (default: the acting agency)."""

    delta: int
    agency: AgencyId | None = None
    delay: int = 0


@attrs.frozen
class CrisisEffect:
    """A terminal event: the game ends in crisis, and the named crisis cost is incurred."""

    cost: str
    delay: int = 0


@attrs.frozen
class IfEffect:
    """A conditional effect: when every one of `conditions` holds as it lands, `effects`; else `otherwise`.

    The conditions are read when the effect lands (after its `delay`), for the acting
    agency; the effects inside land at once (a delay goes on the `if` itself).
    """

    conditions: tuple[Condition, ...]
    effects: tuple[Effect, ...] = ()
    otherwise: tuple[Effect, ...] = ()
    delay: int = 0


Effect: TypeAlias = (
    StressorEffect | RevealEffect | LegEffect | StressEffect | TrustEffect | FlagEffect | EurosEffect | KpiEffect | MandateEffect
    | CrisisEffect | IfEffect
)

EFFECT_KINDS: dict[str, type] = {
    "stressor": StressorEffect,
    "reveal": RevealEffect,
    "leg": LegEffect,
    "stress": StressEffect,
    "trust": TrustEffect,
    "flag": FlagEffect,
    "euros": EurosEffect,
    "kpi": KpiEffect,
    "mandate": MandateEffect,
    "crisis": CrisisEffect,
    "if": IfEffect,
}


# --------------------------------------------------------------------------
# Rule modifiers: what a rule card changes while it is in force.
# A `Selector` picks a class of cards: every given field must match.
# --------------------------------------------------------------------------


@attrs.frozen
class Selector:
    """Which cards a modifier applies to; an empty selector matches every card."""

    card: CardId | None = None
    agency: AgencyId | None = None
    type: CardType | None = None
    tag: Tag | None = None


@attrs.frozen
class CancelEventsMod:
    """Events carrying `tag` have no effect while the rule is in force."""

    tag: Tag


@attrs.frozen
class CostMod:
    """Cards matching `cards` cost `delta` more capacity (negative: cheaper; never below 0)."""

    delta: int
    cards: Selector = Selector()


@attrs.frozen
class CapacityMod:
    """Agencies (one, or all) get `delta` more capacity each round."""

    delta: int
    agency: AgencyId | None = None


@attrs.frozen
class MandateMod:
    """When the rule comes into force, agencies (one, or all) receive `amount` mandaat tokens."""

    amount: int
    agency: AgencyId | None = None


@attrs.frozen
class BoundaryBonusMod:
    """Each boundary-crossing card that lowers stress or a stressor also gives this bonus."""

    trust: float = 0.0
    stress: float = 0.0


@attrs.frozen
class NoDelayMod:
    """Effects of cards matching `cards` land at once instead of after a waiting list."""

    cards: Selector = Selector()


@attrs.frozen
class ForbidMod:
    """Cards matching `cards` cannot be played while the rule is in force (a rule that forbids)."""

    cards: Selector


Modifier: TypeAlias = CancelEventsMod | CostMod | CapacityMod | MandateMod | BoundaryBonusMod | NoDelayMod | ForbidMod

MODIFIER_KINDS: dict[str, type] = {
    "cancel_events": CancelEventsMod,
    "cost": CostMod,
    "capacity": CapacityMod,
    "mandate": MandateMod,
    "boundary_bonus": BoundaryBonusMod,
    "no_delay": NoDelayMod,
    "forbid": ForbidMod,
}


@attrs.frozen
class RuleModifiers:
    """A rule card's modifiers sorted by kind: one field per kind of `MODIFIER_KINDS`, under its tag.

    Built once per card when the scenario is made (`Scenario.rule_modifiers`), so
    the engine asks for "the cost modifiers of the rules in force" without
    looking at every modifier on every move.
    """

    cancel_events: tuple[CancelEventsMod, ...] = ()
    cost: tuple[CostMod, ...] = ()
    capacity: tuple[CapacityMod, ...] = ()
    mandate: tuple[MandateMod, ...] = ()
    boundary_bonus: tuple[BoundaryBonusMod, ...] = ()
    no_delay: tuple[NoDelayMod, ...] = ()
    forbid: tuple[ForbidMod, ...] = ()

    @classmethod
    def of(cls, modifiers: tuple[Modifier, ...]) -> RuleModifiers:
        """The modifiers sorted by kind (a kind without a field here fails: TypeError)."""
        parts: dict[str, Any] = {tag: tuple(m for m in modifiers if type(m) is kind) for tag, kind in MODIFIER_KINDS.items()}
        return cls(**parts)


NO_MODIFIERS = RuleModifiers()
