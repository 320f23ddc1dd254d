"""Headless games: one game driven by policies, and batches of them with statistics."""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from sim import engine
from sim.agents import Policy, make_policy
from sim.model import AgencyId, Scenario
from sim.observation import observe
from sim.scoring import stability_index
from sim.state import GameState, NextPhase, Phase


def game_seeds(seed: int, games: int) -> list[int]:
    """The seeds of `games` games, derived from one master seed."""
    return [int(x) for x in np.random.SeedSequence(seed).generate_state(games, dtype=np.uint32)]


def seat_policies(sc: Scenario, default: str = "random", seats: Mapping[AgencyId, str] | None = None) -> dict[AgencyId, Policy]:
    """A policy for every agency: `seats` where given, else `default`."""
    seats = dict(seats or {})
    unknown = set(seats) - set(sc.agency_index)
    if unknown:
        raise KeyError(f"no agency {sorted(unknown)[0]!r} in this scenario; known: {', '.join(sc.agency_index)}")
    return {a.id: make_policy(seats.get(a.id, default), sc) for a in sc.agencies}


def play_game(sc: Scenario, seed: int, policies: Mapping[AgencyId, Policy], on_step=None) -> GameState:
    """Play one whole game; the policies choose for the agency whose turn it is."""
    state = engine.new_game(sc, seed)
    rng = np.random.default_rng(np.random.SeedSequence((seed, 0x5EA7)))
    step = NextPhase()
    while state.outcome is None:
        if state.phase in (Phase.GEBEURTENIS, Phase.OVERLEG):
            action = step
        else:
            agency = state.active_agency
            legal = engine.legal_actions(sc, state)
            action = policies[agency].choose(observe(sc, state, agency), legal, rng)
        state = engine.apply(sc, state, action)
        if on_step is not None:
            on_step(state, action)
    return state


def _pct(values: np.ndarray) -> dict[str, float]:
    return {
        "mean": round(float(values.mean()), 3),
        "p5": round(float(np.percentile(values, 5)), 3),
        "p50": round(float(np.percentile(values, 50)), 3),
        "p95": round(float(np.percentile(values, 95)), 3),
    }


def simulate(sc: Scenario, games: int, seed: int = 0, policy: str = "random", seats: Mapping[AgencyId, str] | None = None) -> dict[str, Any]:
    """Play `games` games and return the summary (JSON-ready, deterministic for a seed)."""
    policies = seat_policies(sc, policy, seats)
    seeds = game_seeds(seed, games)
    outcomes = {"stabiel": 0, "kwetsbaar": 0, "crisis": 0}
    stress = np.empty(games)
    stab = np.empty(games)
    rounds = np.empty(games)
    euros = np.empty(games)
    crisis = np.empty(games)
    crossings = np.empty(games)
    for i, s in enumerate(seeds):
        st = play_game(sc, s, policies)
        outcomes[st.outcome.value] += 1  # type: ignore[union-attr]
        stress[i] = st.stress
        stab[i] = stability_index(st.legs, sc.scoring.min_weight)
        rounds[i] = st.round
        euros[i] = sum(st.euros)
        crisis[i] = st.crisis_cost
        crossings[i] = len(st.crossings)
    return {
        "scenario": sc.id,
        "games": games,
        "seed": seed,
        "policy": policy,
        "seats": {a: p.name for a, p in policies.items()},
        "outcomes": outcomes,
        "final_stress": _pct(stress),
        "final_stability": _pct(stab),
        "rounds": _pct(rounds),
        "euros_spent": _pct(euros),
        "crisis_costs": _pct(crisis),
        "boundary_crossings": _pct(crossings),
        "seeds": seeds,
    }
