"""The scenario file format's rules beyond types: one table that both the loader and the JSON Schema use.

`sim.core.model` says which keys exist and what type each value has; this module
says what else a value must satisfy (ranges, the shape of ids and colours) and
gives each key a short description for editors and the docs. The loader
(`sim.scenario.loader`) checks these rules with file:line:column messages; the schema
(`sim.scenario.schema`) states them for editors. Keeping them in one table keeps the
two in agreement.
"""

from __future__ import annotations

from typing import Any

import attrs

from sim.core import model
from sim.core.limits import KPI, LEG, SEVERITY, STRESS, TRUST

# An id names a thing in the file (a stressor, a card, a flag...): a letter,
# then letters, digits, '_' or '-'. No spaces, so it can be typed and referenced.
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*$"
COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}$"

MAX_ROUNDS = 52

# (class, field) -> (lowest, highest), inclusive. For a tuple or dict field the
# range applies to each item or value.
RANGES: dict[tuple[type, str], tuple[float, float]] = {
    (model.Scenario, "rounds"): (1, MAX_ROUNDS),
    (model.Scenario, "version"): (1, 1000),
    (model.Person, "age"): (0, 120),
    (model.Person, "stress"): STRESS.as_tuple(),
    (model.Person, "trust"): TRUST.as_tuple(),
    (model.Legs, "meedoen"): LEG.as_tuple(),
    (model.Legs, "leefomgeving"): LEG.as_tuple(),
    (model.Legs, "continuiteit"): LEG.as_tuple(),
    (model.Stressor, "severity"): SEVERITY.as_tuple(),
    (model.Stressor, "weight"): (0, 10),
    (model.Kpi, "start"): (-1000, 1000),
    (model.Agency, "capacity"): (0, 20),
    (model.Agency, "mandate"): (0, 20),
    (model.Card, "cost"): (0, 20),
    (model.Card, "mandate"): (0, 20),
    (model.Card, "partner_cost"): (0, 20),
    (model.Card, "max_plays"): (0, 100),
    (model.Card, "duration"): (1, MAX_ROUNDS),
    (model.Event, "deck"): (0, 20),
    (model.Event, "rounds"): (1, MAX_ROUNDS),
    (model.StressorCond, "min"): SEVERITY.as_tuple(),
    (model.StressorCond, "max"): SEVERITY.as_tuple(),
    (model.TrustCond, "min"): TRUST.as_tuple(),
    (model.TrustCond, "max"): TRUST.as_tuple(),
    (model.FlagCond, "rounds"): (0, MAX_ROUNDS),
    (model.StressCond, "min"): STRESS.as_tuple(),
    (model.StressCond, "max"): STRESS.as_tuple(),
    (model.RoundCond, "min"): (1, MAX_ROUNDS),
    (model.RoundCond, "max"): (1, MAX_ROUNDS),
    (model.LegCond, "min"): LEG.as_tuple(),
    (model.LegCond, "max"): LEG.as_tuple(),
    (model.PartnerCond, "min"): (0, 20),
    (model.KpiCond, "min"): KPI.as_tuple(),
    (model.KpiCond, "max"): KPI.as_tuple(),
    (model.PerSeed, "hidden"): (0, 1),
    (model.Sharing, "cost"): (0, 20),
    (model.Sharing, "mandate"): (0, 20),
    (model.SharingTerms, "cost"): (0, 20),
    (model.SharingTerms, "mandate"): (0, 20),
    (model.Scoring, "stress_per_severity"): (0, 100),
    (model.Scoring, "buffer"): (0, 100),
    (model.Scoring, "erosion"): (0, 10),
    (model.Scoring, "recovery"): (0, 10),
    (model.Scoring, "min_weight"): (0, 1),
    (model.Scoring, "crisis_costs"): (0, 1_000_000_000),
    (model.Scoring, "alternative_cost"): (0, 1_000_000_000),
    (model.Thresholds, "crisis"): STRESS.as_tuple(),
    (model.Thresholds, "stable_stress"): STRESS.as_tuple(),
    (model.Thresholds, "stable_leg"): LEG.as_tuple(),
    (model.Thresholds, "stable_rounds"): (1, MAX_ROUNDS),
}
for _cl in model.EFFECT_KINDS.values():
    RANGES[(_cl, "delay")] = (0, MAX_ROUNDS)
# Effect and modifier amounts: the engine clamps the figures they change, but an
# amount must still be an ordinary number (1e308 twice is infinite).
RANGES.update({
    (model.StressorEffect, "delta"): (-3, 3),
    (model.LegEffect, "delta"): (-10, 10),
    (model.StressEffect, "delta"): (-100, 100),
    (model.TrustEffect, "delta"): (-10, 10),
    (model.EurosEffect, "amount"): (0, 10_000_000),
    (model.KpiEffect, "delta"): (-1000, 1000),
    (model.MandateEffect, "delta"): (-20, 20),
    (model.CostMod, "delta"): (-20, 20),
    (model.CapacityMod, "delta"): (-20, 20),
    (model.MandateMod, "amount"): (-20, 20),
    (model.BoundaryBonusMod, "trust"): (-10, 10),
    (model.BoundaryBonusMod, "stress"): (-100, 100),
})

# Ranges whose upper end is the scenario's own number of rounds (checked by the
# loader; the schema can only say MAX_ROUNDS).
ROUND_CAPPED: set[tuple[type, str]] = {(model.Event, "rounds"), (model.Card, "duration")}
ROUND_CAPPED |= {(_cl, "delay") for _cl in model.EFFECT_KINDS.values()}

# How a range message names a value, where its key alone would not be clear.
WORDS: dict[tuple[type, str], str] = {
    (model.Legs, "meedoen"): "a leg",
    (model.Legs, "leefomgeving"): "a leg",
    (model.Legs, "continuiteit"): "a leg",
    (model.Event, "rounds"): "a scheduled round",
}

# Fields whose text is an id (or, for tuples and dicts, whose items or keys are ids).
ID_FIELDS: set[tuple[type, str]] = {
    (model.Scenario, "id"),
    (model.Scenario, "flags"),  # the keys
    (model.Stressor, "id"),
    (model.Agency, "id"),
    (model.Card, "id"),
    (model.Card, "tags"),
    (model.Event, "id"),
    (model.Event, "tags"),
    (model.LearningObjective, "id"),
    (model.Scoring, "crisis_costs"),  # the keys
    (model.Scoring, "crisis_names"),  # the keys
}

# Fields that name a file or an icon: they must stay inside the scenario's
# folder or the game's assets/ folder.
ASSET_FIELDS: set[tuple[type, str]] = {(model.Person, "portrait"), (model.Agency, "icon")}

# The icons the game can draw for an agency (sim/ui/widgets.py draws each;
# a test keeps the two lists equal). Any other name is refused by `validate`
# (the screen would draw the label's first letter). bolt and energy: energy.
ICONS: tuple[str, ...] = (
    "bolt", "book", "child", "cross", "doctor", "energy", "euro", "family", "hand", "heart",
    "house", "medical", "network", "people", "school", "shield", "star",
)

# Short descriptions of the keys, for the schema (shown by editors on hover)
# and checked against the docs by the tests. Keyed by (class, field).
DESCRIPTIONS: dict[tuple[type, str], str] = {
    (model.Scenario, "id"): "The scenario's id: lower-case words joined by '-', usually the file name.",
    (model.Scenario, "title"): "The title shown in the menu, in nl and en.",
    (model.Scenario, "summary"): "A few sentences that introduce the case to the players.",
    (model.Scenario, "rounds"): "How many rounds (weeks) the game lasts, 1-52 (default game: 8).",
    (model.Scenario, "person"): "The person at the centre of the case, at the start of the game.",
    (model.Scenario, "stressors"): "The burdens on the person; each adds stress every round.",
    (model.Scenario, "agencies"): "The teams at the table.",
    (model.Scenario, "cards"): "The cards the agencies can play.",
    (model.Scenario, "events"): "What happens to the person: drawn from a deck, scheduled, or triggered.",
    (model.Scenario, "flags"): "Every flag (a fact that cards and events set and test), with its name in nl and en.",
    (model.Scenario, "learning_objectives"): "What the players should take away; rated in the debrief.",
    (model.Scenario, "reflection_questions"): "Questions for the debrief, in nl and en, each with the data to show beside it (panel).",
    (model.ReflectionQuestion, "panel"): "The data the presenter shows beside the question: " + ", ".join(p.value for p in model.Panel) + ".",
    (model.Scenario, "scoring"): "The weights of the stress formula, the end thresholds and the crisis costs.",
    (model.Scenario, "version"): "The version of this scenario file; raise it when you change the rules.",
    (model.Person, "name"): "The person's name: one for both languages (Sanne), or {nl: Mevrouw de Wit, en: Mrs de Wit}.",
    (model.Person, "age"): "Age in years.",
    (model.Person, "story"): "The person's story, told to the players at the start.",
    (model.Person, "stress"): "Stress at the start, 0-100 (100 is a crisis).",
    (model.Person, "legs"): "The stability triangle at the start: meedoen, leefomgeving, continuiteit (each 0-10).",
    (model.Person, "trust"): "Trust in each agency at the start, 0-10 (agencies not named start at 5).",
    (model.Person, "flags"): "Flags that are true from the start.",
    (model.Person, "portrait"): "A picture of the person: a file in the scenario's folder or in assets/.",
    (model.Person, "voice"): "Short lines in the person's own words, each shown at a moment that matters (optional).",
    (model.Quote, "when"): "When it is said: start, relief (a stressor taken away), high_stress, crisis or stabiel.",
    (model.Quote, "text"): "The line, in nl and en.",
    (model.Stressor, "id"): "The stressor's id, e.g. schulden.",
    (model.Stressor, "name"): "The name shown on screen.",
    (model.Stressor, "leg"): "The leg of the triangle it erodes: meedoen, leefomgeving or continuiteit.",
    (model.Stressor, "severity"): "Severity at the start: 0 (none) to 3 (heavy).",
    (model.Stressor, "weight"): "How heavily each point of severity adds stress (default 1).",
    (model.Stressor, "hidden"): "true: nobody at the table sees it until a card or event reveals it.",
    (model.Stressor, "known_by"): "Agencies whose dossier already holds this stressor.",
    (model.Stressor, "description"): "A longer explanation shown with the stressor.",
    (model.Stressor, "per_seed"): "How its secret varies from game to game (drawn from the game's seed).",
    (model.PerSeed, "hidden"): "The chance, 0-1, that it starts hidden (leave out: as `hidden:` says).",
    (model.PerSeed, "known_by"): "Lists of agencies: one is drawn as the dossier it starts in (leave out: as `known_by:` says).",
    (model.Scenario, "sharing"): "Whether and at what cost a team may share from its dossier (leave out: no sharing).",
    (model.Sharing, "cost"): "Capacity a share costs the team that shares (default 1).",
    (model.Sharing, "mandate"): "Mandaat tokens a share uses (default 0).",
    (model.Sharing, "effects"): "What sharing does besides telling, e.g. set the team's afwijking flag; lands at once.",
    (model.Sharing, "agencies"): "Other terms for some agencies: per agency id, its own cost, mandate and effects.",
    (model.SharingTerms, "cost"): "Capacity a share costs this agency (default 1).",
    (model.SharingTerms, "mandate"): "Mandaat tokens a share costs this agency (default 0).",
    (model.SharingTerms, "effects"): "What sharing does for this agency besides telling; lands at once.",
    (model.Agency, "id"): "The agency's id, e.g. wijkteam.",
    (model.Agency, "name"): "The agency's name.",
    (model.Agency, "label"): "A short label shown beside the colour, e.g. WT.",
    (model.Agency, "colour"): "The agency's colour, like '#0072B2' (always in quotes).",
    (model.Agency, "icon"): "The icon shown with the label: one of " + ", ".join(ICONS) + ".",
    (model.Agency, "mandate_text"): "What this agency is for, in one or two sentences.",
    (model.Agency, "kpi"): "The agency's own system KPI: what its system rewards.",
    (model.Agency, "capacity"): "Capacity (hours) to spend on cards each round (default 3).",
    (model.Agency, "mandate"): "Mandaat tokens for the whole game (default 2).",
    (model.Kpi, "name"): "The KPI's name.",
    (model.Kpi, "start"): "The KPI's value at the start (default 50).",
    (model.Kpi, "better"): "Which way the KPI is better: higher (default) or lower, like a waiting time.",
    (model.Card, "id"): "The card's id, e.g. wt_huisbezoek.",
    (model.Card, "agency"): "The agency that plays this card.",
    (model.Card, "type"): "in_system, boundary (grensverlegger), joint or rule (regelkaart).",
    (model.Card, "title"): "The card's title.",
    (model.Card, "text"): "What the card does, in words.",
    (model.Card, "cost"): "Capacity it costs (default 1).",
    (model.Card, "mandate"): "Mandaat tokens it uses (default 0).",
    (model.Card, "partners"): "Joint cards: the agencies that must agree and pay partner_cost.",
    (model.Card, "partner_cost"): "Capacity each partner pays (default 1).",
    (model.Card, "conditions"): "What must hold for the card to be playable.",
    (model.Card, "effects"): "What the card does.",
    (model.Card, "modifiers"): "Rule cards: what changes while the rule is in force.",
    (model.Card, "duration"): "Rule cards: rounds in force (leave out: the rest of the game).",
    (model.Card, "max_plays"): "How often it can be played in a game (default 1; 0: no limit).",
    (model.Card, "tags"): "Words that rule cards can select this card by.",
    (model.Event, "id"): "The event's id, e.g. ev_deurwaarder.",
    (model.Event, "title"): "The event's title.",
    (model.Event, "text"): "What happens, in words.",
    (model.Event, "effects"): "What the event does.",
    (model.Event, "deck"): "Copies in the deck that is drawn from each round (default 0).",
    (model.Event, "rounds"): "Rounds in which it happens for sure.",
    (model.Event, "trigger"): "It happens (the next round) when all these conditions hold.",
    (model.Event, "conditions"): "A drawn or scheduled event only happens when these hold.",
    (model.Event, "once"): "A triggered event happens at most once (default true).",
    (model.Event, "responder"): "The agency whose response it demands.",
    (model.Event, "tags"): "Words that rule cards can cancel this event by.",
    (model.LearningObjective, "id"): "The objective's id.",
    (model.LearningObjective, "text"): "The objective, in nl and en.",
    (model.Scoring, "stress_per_severity"): "Stress added per point of weighted severity each round.",
    (model.Scoring, "buffer"): "Stress taken off each round per point of the stability index.",
    (model.Scoring, "erosion"): "How much a leg loses per point of severity of its stressors each round.",
    (model.Scoring, "recovery"): "How much a leg regains in a round when none of its stressors is active.",
    (model.Scoring, "min_weight"): "0-1: how much the weakest leg counts in the stability index.",
    (model.Scoring, "thresholds"): "Stress and leg levels that end the game.",
    (model.Scoring, "crisis_costs"): "What each kind of crisis costs society, in euros.",
    (model.Scoring, "crisis_names"): "The name of each crisis cost on screen, in nl and en (left out: the id in words).",
    (model.AnyCond, "conditions"): "The alternatives: the condition holds when at least one of them holds.",
    (model.IfEffect, "conditions"): "When all of these hold as the effect lands, `effects:` land; else `otherwise:`.",
    (model.IfEffect, "effects"): "What lands when the conditions hold (at once: no delay inside).",
    (model.IfEffect, "otherwise"): "What lands when they do not (optional).",
    (model.ForbidMod, "cards"): "The cards that cannot be played while the rule is in force.",
    (model.Scoring, "stress_crisis_cost"): "The crisis cost counted when stress reaches the crisis level.",
    (model.Scoring, "alternative"): "What the boundary-crossing route would have cost, told in words.",
    (model.Scoring, "alternative_cost"): "What the boundary-crossing route would have cost, in euros.",
    (model.Thresholds, "crisis"): "Stress at which the game ends in crisis (default 100).",
    (model.Thresholds, "stable_stress"): "Stress at or below which the person counts as stable (default 30).",
    (model.Thresholds, "stable_leg"): "Every leg must be at least this for stability (default 6).",
    (model.Thresholds, "stable_rounds"): "Stable this many rounds running ends the game as stabiel (default 2).",
}


# The class of `attrs.Factory(...)` defaults (its stubs type `attrs.Factory` as a function).
FACTORY: Any = type(attrs.Factory(list))
