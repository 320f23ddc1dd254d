"""The scenario model: static data that defines one game (the rules of this game).

A scenario is loaded once from YAML (see `sim.scenario.loader`) into these frozen attrs
classes; after that no raw dict travels inside `sim/`. Every user-visible text is
a bilingual `Text` (nl/en). Conditions, effects and rule modifiers are a closed
vocabulary of small classes picked by a `kind:` tag in the file (`sim.core.vocabulary`,
every name re-exported here); the rules core
implements each kind once (`sim.core.conditions`, `sim.core.effects`, `sim.core.modifiers`).

Dutch domain words kept as users say them:
- *stressor*: a named burden on the person (debts, rent arrears...), severity 0-3.
- *meedoen / leefomgeving / continuiteit*: the three legs of the stability triangle.
- *mandaat*: tokens an agency spends to step outside its own rules.
- *grensverlegger*: a boundary-crossing card.
"""

from __future__ import annotations

import enum

import attrs

from sim.core.frozen import FrozenDict
from sim.core.limits import STRESS
from sim.core.vocabulary import (
    CONDITION_KINDS,
    EFFECT_KINDS,
    LANGUAGES,
    LEGS,
    MODIFIER_KINDS,
    NO_MODIFIERS,
    AgencyId,
    AnyCond,
    Better,
    BoundaryBonusMod,
    CancelEventsMod,
    CapacityMod,
    CardId,
    CardType,
    Condition,
    CostMod,
    CrisisEffect,
    Effect,
    EurosEffect,
    EventId,
    FlagCond,
    FlagEffect,
    FlagId,
    ForbidMod,
    IfEffect,
    KnownCond,
    KpiCond,
    KpiEffect,
    Leg,
    LegCond,
    LegEffect,
    MandateEffect,
    MandateMod,
    Modifier,
    NoDelayMod,
    PartnerCond,
    RevealEffect,
    RoundCond,
    RuleActiveCond,
    RuleModifiers,
    Selector,
    StressCond,
    StressEffect,
    StressorCond,
    StressorEffect,
    StressorId,
    Tag,
    Text,
    TrustCond,
    TrustEffect,
)

# --------------------------------------------------------------------------
# The scenario's parts.
# --------------------------------------------------------------------------


class Panel(str, enum.Enum):
    """The data a reflection question asks for: what the presenter shows beside it in the debrief."""

    WHY = "why"  # why this outcome: the stability rule, the weakest leg, the turning points
    KNOWLEDGE = "knowledge"  # who knew what, and when it came to the table
    CROSSINGS = "crossings"  # the boundary crossings week by week and what followed
    KPIS = "kpis"  # each system's figure beside the person's stress and legs
    SECRETS = "secrets"  # every hidden stressor, opened
    WHATIF = "whatif"  # the same seed played by the computer
    NOTES = "notes"  # the facilitator's notes


@attrs.frozen
class ReflectionQuestion(Text):
    """A question for the debrief in both languages, with the data to show beside it (`panel`, optional)."""

    panel: Panel | None = None


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


class VoiceMoment(str, enum.Enum):
    """When the person speaks: at the start, when a stressor is taken away, at high stress, at a crisis, when stable."""

    START = "start"
    RELIEF = "relief"
    HIGH_STRESS = "high_stress"
    CRISIS = "crisis"
    STABIEL = "stabiel"


@attrs.frozen
class Quote:
    """A short line in the person's own words, shown on the shared screen at a moment that matters."""

    when: VoiceMoment
    text: Text


class PersonName(str):
    """The person's name in both languages ("Mevrouw de Wit" / "Mrs de Wit").

    A file may give one name for both (`name: Sanne`). The value itself is the
    Dutch name, so code that treats it as text reads the Dutch; `get(lang)` gives
    the name in a language, like `Text.get`.
    """

    en: str

    def __new__(cls, nl: str, en: str | None = None) -> PersonName:
        obj = super().__new__(cls, nl)
        obj.en = nl if en is None else en
        return obj

    @property
    def nl(self) -> str:
        """The Dutch name."""
        return str.__str__(self)

    def get(self, lang: str) -> str:
        """The name in `lang` ("nl" or "en")."""
        return self.en if lang == "en" else self.nl

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # pickled to worker processes with its English
        return (PersonName, (self.nl, self.en))


@attrs.frozen
class Person:
    """The scenario's central character at the start of the game."""

    name: PersonName
    age: int
    story: Text
    stress: float
    legs: Legs
    trust: dict[AgencyId, float]
    flags: tuple[FlagId, ...] = ()
    portrait: str | None = None
    voice: tuple[Quote, ...] = ()  # what the person says at the moments that matter


@attrs.frozen
class PerSeed:
    """How a stressor's secret varies from game to game, drawn from the seed's generator in `new_game`.

    `hidden`: the chance (0-1) that it starts hidden (left out: as `Stressor.hidden` says).
    `known_by`: the dossiers it may start in; one of them is drawn, each equally likely
    (left out: as `Stressor.known_by` says). A stressor that starts in the open has no secret to keep.
    """

    hidden: float | None = None
    known_by: tuple[tuple[AgencyId, ...], ...] = ()


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
    per_seed: PerSeed | None = None  # the secret drawn afresh for each game


@attrs.frozen
class SharingTerms:
    """What sharing from a team's dossier costs that team (a boundary crossing: privacy)."""

    cost: int = 1  # capacity
    mandate: int = 0  # mandaat tokens
    effects: tuple[Effect, ...] = ()  # e.g. the team's afwijking flag; the acting agency is the one that shares


@attrs.frozen
class Sharing:
    """Whether and at what price a team may share what its dossier holds (`Share` actions).

    The terms here hold for every agency without its own entry under `agencies`.
    """

    cost: int = 1
    mandate: int = 0
    effects: tuple[Effect, ...] = ()
    agencies: dict[AgencyId, SharingTerms] = attrs.Factory(dict)

    def terms(self, agency: AgencyId) -> SharingTerms:
        """The terms for `agency`: its own entry, or the common ones."""
        own = self.agencies.get(agency)
        return own if own is not None else SharingTerms(self.cost, self.mandate, self.effects)


@attrs.frozen
class Kpi:
    """An agency's own system KPI: what its system rewards (`better: lower` for one like a waiting time)."""

    name: Text
    start: float = 50.0
    better: Better = Better.HIGHER

    def gain(self, delta: float) -> float:
        """A change of the KPI as its system sees it: positive is better, whichever way it counts."""
        return -delta if self.better is Better.LOWER else delta


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
    crisis_names: dict[str, Text] = attrs.Factory(dict)  # each crisis cost's name on screen (left out: the id in words)
    stress_crisis_cost: str | None = None  # crisis cost incurred when stress reaches the crisis level
    alternative: Text | None = None  # what the boundary-crossing alternative would cost, told in words
    alternative_cost: float | None = None

    def crisis_name(self, key: str) -> Text:
        """The name of the crisis cost `key`: its `crisis_names` entry, else the id in words (`woning_kwijt`: woning kwijt)."""
        named = self.crisis_names.get(key)
        if named is not None:
            return named
        words = key.replace("_", " ")
        return Text(nl=words, en=words)


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
    reflection_questions: tuple[ReflectionQuestion, ...] = ()
    scoring: Scoring = Scoring()
    sharing: Sharing | None = None  # None: sharing from a dossier is not a move in this scenario (old files)
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


__all__ = [
    "CONDITION_KINDS",
    "EFFECT_KINDS",
    "LANGUAGES",
    "LEGS",
    "MODIFIER_KINDS",
    "NO_MODIFIERS",
    "Agency",
    "AgencyId",
    "AnyCond",
    "Better",
    "BoundaryBonusMod",
    "CancelEventsMod",
    "CapacityMod",
    "Card",
    "CardId",
    "CardType",
    "Condition",
    "CostMod",
    "CrisisEffect",
    "Effect",
    "EurosEffect",
    "Event",
    "EventId",
    "FlagCond",
    "FlagEffect",
    "FlagId",
    "ForbidMod",
    "IfEffect",
    "KnownCond",
    "Kpi",
    "KpiCond",
    "KpiEffect",
    "LearningObjective",
    "Leg",
    "LegCond",
    "LegEffect",
    "Legs",
    "MandateEffect",
    "MandateMod",
    "Modifier",
    "NoDelayMod",
    "PartnerCond",
    "Panel",
    "PerSeed",
    "Person",
    "PersonName",
    "ReflectionQuestion",
    "RevealEffect",
    "RoundCond",
    "RuleActiveCond",
    "RuleModifiers",
    "Scenario",
    "Scoring",
    "Selector",
    "Sharing",
    "SharingTerms",
    "StressCond",
    "StressEffect",
    "Stressor",
    "StressorCond",
    "StressorEffect",
    "StressorId",
    "Tag",
    "Text",
    "Thresholds",
    "TrustCond",
    "TrustEffect",
]
