"""The scenario model: static data that defines one game (the rules of this game).

A scenario is loaded once from YAML (see `sim.scenario.loader`) into these frozen attrs
classes; after that no raw dict travels inside `sim/`. Every user-visible text is
a bilingual `Text` (nl/en). Conditions, effects and rule modifiers are a closed
vocabulary of small classes picked by a `kind:` tag in the file; the rules core
implements each kind once (`sim.core.conditions`, `sim.core.effects`, `sim.core.modifiers`).

Dutch domain words kept as users say them:
- *stressor*: a named burden on the person (debts, rent arrears...), severity 0-3.
- *meedoen / leefomgeving / continuiteit*: the three legs of the stability triangle.
- *mandaat*: tokens an agency spends to step outside its own rules.
- *grensverlegger*: a boundary-crossing card.
"""

from __future__ import annotations

import enum
from typing import Any, TypeAlias, Union

import attrs

from sim.core.frozen import FrozenDict
from sim.core.limits import STRESS

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
    """A stressor is known to everyone (`known: true`) or still hidden (`known: false`)."""

    stressor: StressorId
    known: bool = True


@attrs.frozen
class TrustCond:
    """The person's trust in an agency (default: the acting agency) lies within [min, max]."""

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


Condition: TypeAlias = Union[
    StressorCond, KnownCond, TrustCond, FlagCond, StressCond, RoundCond, LegCond, PartnerCond, RuleActiveCond
]

CONDITION_KINDS: dict[str, type] = {
    "stressor": StressorCond,
    "known": KnownCond,
    "trust": TrustCond,
    "flag": FlagCond,
    "stress": StressCond,
    "round": RoundCond,
    "leg": LegCond,
    "partner": PartnerCond,
    "rule_active": RuleActiveCond,
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


Effect: TypeAlias = Union[
    StressorEffect,
    RevealEffect,
    LegEffect,
    StressEffect,
    TrustEffect,
    FlagEffect,
    EurosEffect,
    KpiEffect,
    MandateEffect,
    CrisisEffect,
]

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


Modifier: TypeAlias = Union[CancelEventsMod, CostMod, CapacityMod, MandateMod, BoundaryBonusMod, NoDelayMod]

MODIFIER_KINDS: dict[str, type] = {
    "cancel_events": CancelEventsMod,
    "cost": CostMod,
    "capacity": CapacityMod,
    "mandate": MandateMod,
    "boundary_bonus": BoundaryBonusMod,
    "no_delay": NoDelayMod,
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

    @classmethod
    def of(cls, modifiers: tuple[Modifier, ...]) -> RuleModifiers:
        """The modifiers sorted by kind (a kind without a field here fails: TypeError)."""
        parts: dict[str, Any] = {tag: tuple(m for m in modifiers if type(m) is kind) for tag, kind in MODIFIER_KINDS.items()}
        return cls(**parts)


NO_MODIFIERS = RuleModifiers()


# --------------------------------------------------------------------------
# The scenario's parts.
# --------------------------------------------------------------------------


@attrs.frozen
class LearningObjective:
    """Something the players should take away; rated P/S/M/U in the debrief."""

    id: str
    text: Text


@attrs.frozen
class Legs:
    """Values of the three legs of the stability triangle (0-10)."""

    meedoen: float
    leefomgeving: float
    continuiteit: float

    def as_tuple(self) -> tuple[float, float, float]:
        """The legs in the order of `LEGS`."""
        return (self.meedoen, self.leefomgeving, self.continuiteit)


@attrs.frozen
class Person:
    """The scenario's central character at the start of the game."""

    name: str
    age: int
    story: Text
    stress: float
    legs: Legs
    trust: dict[AgencyId, float]
    flags: tuple[FlagId, ...] = ()
    portrait: str | None = None


@attrs.frozen
class Stressor:
    """A named burden on the person: adds stress each round and erodes its leg."""

    id: StressorId
    name: Text
    leg: Leg
    severity: int
    weight: float = 1.0
    hidden: bool = False
    known_by: tuple[AgencyId, ...] = ()  # agencies whose dossier already holds it
    description: Text | None = None


@attrs.frozen
class Kpi:
    """An agency's own system KPI: what its system rewards."""

    name: Text
    start: float = 50.0


@attrs.frozen
class Agency:
    """A team at the table (declared by the scenario, never hard-coded)."""

    id: AgencyId
    name: Text
    label: str  # short label shown beside the colour, e.g. "SD"
    colour: str  # "#RRGGBB"
    icon: str  # icon name from assets/icons, shown with the label
    mandate_text: Text
    kpi: Kpi
    capacity: int = 3
    mandate: int = 2


@attrs.frozen
class Card:
    """An action card or a rule card, played by `agency` in the Acties phase."""

    id: CardId
    agency: AgencyId
    type: CardType
    title: Text
    text: Text
    cost: int = 1
    mandate: int = 0  # mandaat tokens it consumes
    partners: tuple[AgencyId, ...] = ()  # joint cards: who must agree and pay
    partner_cost: int = 1
    conditions: tuple[Condition, ...] = ()
    effects: tuple[Effect, ...] = ()
    modifiers: tuple[Modifier, ...] = ()  # rule cards
    duration: int | None = None  # rule cards: rounds in force (None: rest of game)
    max_plays: int = 1  # per game; 0 means no limit
    tags: tuple[Tag, ...] = ()

    @property
    def is_boundary(self) -> bool:
        """Whether playing it counts as a boundary crossing (spends mandaat or is a grensverlegger)."""
        return self.type is CardType.BOUNDARY or self.mandate > 0


@attrs.frozen
class Event:
    """Something that happens to the person: drawn from the deck, scheduled, or triggered."""

    id: EventId
    title: Text
    text: Text
    effects: tuple[Effect, ...] = ()
    deck: int = 0  # copies in the drawn deck
    rounds: tuple[int, ...] = ()  # scheduled for these rounds
    trigger: tuple[Condition, ...] = ()  # triggered when all hold (checked in Verwerking)
    conditions: tuple[Condition, ...] = ()  # a drawn or scheduled event only counts when these hold
    once: bool = True  # a triggered event fires at most once
    responder: AgencyId | None = None  # the agency whose response it demands
    tags: tuple[Tag, ...] = ()


@attrs.frozen
class Thresholds:
    """Stress and leg levels that end the game or mark it."""

    crisis: float = STRESS.hi  # a crisis when stress reaches this
    stable_stress: float = 30.0
    stable_leg: float = 6.0
    stable_rounds: int = 2


@attrs.frozen
class Scoring:
    """Parameters of the stress update in the Verwerking phase.

    stress += stress_per_severity * sum(weight * severity) - buffer * stability_index
    Each leg loses `erosion` per point of severity of its stressors, and regains
    `recovery` when none of its stressors is active.
    """

    stress_per_severity: float = 2.0
    buffer: float = 1.0
    erosion: float = 0.2
    recovery: float = 0.5
    min_weight: float = 0.5  # stability index = (1-w)*mean(legs) + w*min(legs)
    thresholds: Thresholds = Thresholds()
    crisis_costs: dict[str, float] = attrs.Factory(dict)
    stress_crisis_cost: str | None = None  # crisis cost incurred when stress reaches the crisis level
    alternative: Text | None = None  # what the boundary-crossing alternative would cost, told in words
    alternative_cost: float | None = None


@attrs.frozen
class Scenario:
    """The whole static definition of one game."""

    id: str
    title: Text
    summary: Text
    rounds: int
    person: Person
    stressors: tuple[Stressor, ...]
    agencies: tuple[Agency, ...]
    cards: tuple[Card, ...]
    events: tuple[Event, ...] = ()
    flags: dict[FlagId, Text] = attrs.Factory(dict)  # every flag used, with its name for the screen
    learning_objectives: tuple[LearningObjective, ...] = ()
    reflection_questions: tuple[Text, ...] = ()
    scoring: Scoring = Scoring()
    version: int = 1

    # Derived look-ups, filled in by __attrs_post_init__ (not part of the file format).
    agency_index: dict[AgencyId, int] = attrs.field(init=False, eq=False, repr=False)
    stressor_index: dict[StressorId, int] = attrs.field(init=False, eq=False, repr=False)
    card_by_id: dict[CardId, Card] = attrs.field(init=False, eq=False, repr=False)
    event_by_id: dict[EventId, Event] = attrs.field(init=False, eq=False, repr=False)
    hand: dict[AgencyId, tuple[Card, ...]] = attrs.field(init=False, eq=False, repr=False)
    # Each rule card's modifiers by kind, built here once (derived, never part of the file).
    rule_modifiers: FrozenDict[CardId, RuleModifiers] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "agency_index", {a.id: i for i, a in enumerate(self.agencies)})
        object.__setattr__(self, "stressor_index", {s.id: i for i, s in enumerate(self.stressors)})
        object.__setattr__(self, "card_by_id", {c.id: c for c in self.cards})
        object.__setattr__(self, "event_by_id", {e.id: e for e in self.events})
        object.__setattr__(self, "hand", {a.id: tuple(c for c in self.cards if c.agency == a.id) for a in self.agencies})
        rule_modifiers = FrozenDict((c.id, RuleModifiers.of(c.modifiers)) for c in self.cards if c.modifiers)
        object.__setattr__(self, "rule_modifiers", rule_modifiers)

    def agency(self, agency_id: AgencyId) -> Agency:
        """The agency with this id."""
        return self.agencies[self.agency_index[agency_id]]

    def cards_of(self, agency_id: AgencyId) -> tuple[Card, ...]:
        """The cards this agency plays, in file order (its hand)."""
        return self.hand.get(agency_id, ())
