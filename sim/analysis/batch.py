"""Headless games: one game driven by policies, and batches of them over several processes.

A game depends only on the scenario, its seed and the policy in each seat: the
policies draw from one generator seeded from the game's seed, and keep no
memory between games. So a batch gives the same results whatever the number
of worker processes; games are handed out in chunks and the results are put
back in seed order.
"""

from __future__ import annotations

import contextvars
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TextIO

import attrs
import numpy as np

from sim import fast
from sim.agents import Policy, make_policy
from sim.agents.conference import overleg_seats, run_conference
from sim.core import engine
from sim.core.model import LEGS, AgencyId, Scenario
from sim.core.observation import observe
from sim.core.scoring import stability_index
from sim.core.state import GameState, NextPhase, Pass, Phase

Progress = Callable[[int, int], None]  # (games done, games in all)
# Where `run_games` plays when not here: set by `sim.analysis.cluster.engine` (a dask cluster), else None.
RUNNER: contextvars.ContextVar[Callable[..., list[GameResult]] | None] = contextvars.ContextVar("RUNNER", default=None)


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


def play_game(sc: Scenario, seed: int, policies: Mapping[AgencyId, Policy], on_step=None, quiet: bool = False,
              in_play: Sequence[AgencyId] | None = None) -> GameState:
    """Play one whole game; the policies choose in the Acties phase and, where they take part, in the Overleg.

    The event phase simply moves on. In the case conference (Overleg) every
    seat whose policy says `plays_overleg` is asked in seat order, with its own
    legal joint and rule cards plus `Pass(agency)` ("nothing to agree"), until
    all pass in a row; then the Acties phase begins. A policy without
    `plays_overleg` plays its joint and rule cards in its own turn, as before.
    A `quiet` game keeps no log beyond the cards played (batch runs). `in_play`: the agencies at
    the table (default: all of the scenario's).

    A quiet game without `on_step` plays on the fast path (`sim.fast`) when the
    scenario compiles: the same game, state for state, at a fraction of the cost.
    """
    if quiet and on_step is None and fast.SWITCH.on:
        rules = fast.rules_for(sc)
        if rules is not None:
            return play_fast(rules, seed, policies, in_play)
    state = engine.new_game(sc, seed, in_play, quiet=quiet)
    rng = np.random.default_rng(np.random.SeedSequence((seed, 0x5EA7)))
    step = NextPhase()
    overleg = overleg_seats(sc, policies)
    while state.outcome is None:
        if state.phase is Phase.ACTIES:
            agency = state.active_agency
            assert agency is not None  # the action phase always has an active agency
            legal = engine.legal_actions(sc, state)
            action = policies[agency].choose(observe(sc, state, agency), legal, rng)
        elif state.phase is Phase.OVERLEG and overleg:
            state = run_conference(sc, state, policies, overleg, rng, on_step)
            if state.outcome is not None:
                break
            action = step
        else:
            action = step
        state = engine.apply(sc, state, action, trusted=True)  # taken from legal_actions (or NextPhase) above
        if on_step is not None:
            on_step(state, action)
    return state


def _reads(policy: Policy) -> bool:
    """Whether a policy reads its observation (the simple ones do not: they are spared building one)."""
    return getattr(policy, "reads_observation", True)


def play_fast(rules: fast.Rules, seed: int, policies: Mapping[AgencyId, Policy],
              in_play: Sequence[AgencyId] | None = None) -> GameState:
    """`play_game` on the fast path: the same questions to the same policies in the same order, the same game."""
    s = fast.new_game(rules, seed, in_play)
    rng = np.random.default_rng(np.random.SeedSequence((seed, 0x5EA7)))
    step = NextPhase()
    overleg = overleg_seats(rules.sc, policies)
    reads = {a: _reads(p) for a, p in policies.items()}
    choose = {a: p.choose for a, p in policies.items()}
    acties, conference = Phase.ACTIES, Phase.OVERLEG if overleg else None
    legal_actions, observe, apply = fast.legal_actions, fast.observe, fast.step
    while s.outcome is None:
        phase = s.phase
        if phase is acties:
            agency = s.in_play[s.turn]
            legal = legal_actions(rules, s)
            action = choose[agency](observe(rules, s, agency) if reads[agency] else None, legal, rng)  # type: ignore[arg-type]
        elif phase is conference:
            _conference_fast(rules, s, policies, overleg, reads, rng)
            if s.outcome is not None:
                break
            action = step
        else:
            action = step
        apply(rules, s, action)
    return fast.freeze(s)


def _conference_fast(rules: fast.Rules, s: fast.FastState, policies: Mapping[AgencyId, Policy],
                     seats: Sequence[AgencyId], reads: Mapping[AgencyId, bool], rng: np.random.Generator) -> None:
    """`run_conference` on the fast path: seats agree cards in seat order until every one passes in a row."""
    asked = passed = 0
    while passed < len(seats) and s.outcome is None:
        agency = seats[asked % len(seats)]
        asked += 1
        passed += 1
        if agency not in s.in_play:
            continue
        own = fast.own_overleg(rules, s, agency)
        if not own:
            continue
        obs = fast.observe(rules, s, agency) if reads[agency] else None
        action = policies[agency].choose(obs, [*own, Pass(agency)], rng)  # type: ignore[arg-type]
        if isinstance(action, Pass):
            continue
        passed = 0
        fast.step(rules, s, action)


@attrs.frozen
class GameResult:
    """The figures of one finished game that a batch summary needs (small, to pass between processes)."""

    seed: int
    outcome: str
    end_reason: str
    rounds: int
    final_stress: float
    final_stability: float
    euros: float
    crisis_cost: float
    crossings: int
    joints: int
    plays: tuple[tuple[str, int], ...]  # (card, times played), cards played at least once
    first: tuple[tuple[str, int], ...]  # (card, round it was first played), cards played at least once
    stress: tuple[float, ...]  # per round 0..scenario.rounds, the final figure carried on after the end
    stability: tuple[float, ...]
    short_of: tuple[str, ...] = ()  # why a game that did not stabilise fell short: see `short_of`
    weakest: tuple[float, ...] = ()  # the weakest leg per round, like `stress` (the stable rule reads every leg)


def short_of(sc: Scenario, state: GameState) -> tuple[str, ...]:
    """Why a finished game is not stabiel: the parts of the scenario's stability rule it missed at the end.

    `stress` (above the stable level), `leg:ID` (each leg below the stable
    level), `stressor:ID` (each stressor still active) and `back:ID` (each of
    those that had been there, was taken away and came back). Empty for a
    stabiel game.
    """
    if state.outcome is None or state.outcome.value == "stabiel":
        return ()
    t = sc.scoring.thresholds
    why: list[str] = []
    if state.stress > t.stable_stress:
        why.append("stress")
    why += [f"leg:{leg.value}" for leg, v in zip(LEGS, state.legs) if v < t.stable_leg]
    for k, s in enumerate(sc.stressors):
        if state.severity[k] > 0:
            why.append(f"stressor:{s.id}")
            seen = [snap.severity[k] for snap in state.history]
            was_there = next((i for i, v in enumerate(seen) if v > 0), None)
            if was_there is not None and 0 in seen[was_there:]:
                why.append(f"back:{s.id}")
    return tuple(why)


_PLAY_KINDS = frozenset({"log.card", "log.joint", "log.rule"})  # log lines of a card being played


def game_result(sc: Scenario, state: GameState) -> GameResult:
    """The summary figures of a finished game."""
    final_stability = stability_index(state.legs, sc.scoring.min_weight)
    first: dict[str, int] = {}
    for entry in state.log:
        if entry.kind in _PLAY_KINDS and entry.ref is not None and entry.ref not in first:
            first[entry.ref] = entry.round
    by_round = {s.round: (s.stress, s.stability, min(s.legs)) for s in state.history}
    stress, stab, weakest = [], [], []
    ended = False
    for r in range(sc.rounds + 1):
        if not ended and r in by_round:
            s, i, w = by_round[r]
        else:
            ended = True  # the game ended before this round's Verwerking: carry the final figures on
            s, i, w = state.stress, final_stability, min(state.legs)
        stress.append(round(float(s), 4))
        stab.append(round(float(i), 4))
        weakest.append(round(float(w), 4))
    return GameResult(
        seed=state.seed,
        outcome=state.outcome.value if state.outcome is not None else "",
        end_reason=state.end_reason or "",
        rounds=state.round,
        final_stress=float(state.stress),
        final_stability=float(final_stability),
        euros=float(sum(state.euros)),
        crisis_cost=float(state.crisis_cost),
        crossings=len(state.crossings),
        joints=len(state.joints),
        plays=tuple(sorted(state.plays.items())),
        first=tuple(sorted(first.items())),
        stress=tuple(stress),
        stability=tuple(stab),
        short_of=short_of(sc, state),
        weakest=tuple(weakest),
    )


# ---------------------------------------------------------------------------
# Batches over worker processes.
# ---------------------------------------------------------------------------

_WORKER: tuple[Scenario, dict[AgencyId, Policy]] | None = None


def _init_worker(sc: Scenario, default: str, seats: dict[AgencyId, str]) -> None:
    global _WORKER
    _WORKER = (sc, seat_policies(sc, default, seats))


def _play_chunk(seeds: Sequence[int]) -> list[GameResult]:
    assert _WORKER is not None
    sc, policies = _WORKER
    return [game_result(sc, play_game(sc, s, policies, quiet=True)) for s in seeds]


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _chunks(seeds: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(seeds), size):
        yield seeds[i : i + size]


def run_games(
    sc: Scenario,
    seeds: Sequence[int],
    default: str = "random",
    seats: Mapping[AgencyId, str] | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    chunk: int | None = None,
) -> list[GameResult]:
    """Play one game per seed and return the results in seed order; the same whatever `workers` is."""
    seats = dict(seats or {})
    seat_policies(sc, default, seats)  # fail early, in this process, on an unknown agency or policy
    runner = RUNNER.get()
    if runner is not None:  # on a cluster (sim.analysis.cluster): the same games, in the same order
        return runner(sc, seeds, default, seats, workers, progress)
    workers = default_workers() if workers is None else max(1, workers)
    total = len(seeds)
    if chunk is None:
        # Enough chunks per worker to keep every core busy to the end, few enough to keep overhead low.
        chunk = max(1, min(50, total // (workers * 8) or 1))
    results: list[GameResult] = []
    if progress is not None:
        progress(0, total)
    if workers == 1 or total <= chunk:
        _init_worker(sc, default, seats)
        for seeds_part in _chunks(seeds, chunk):
            results.extend(_play_chunk(seeds_part))
            if progress is not None:
                progress(len(results), total)
        return results
    with multiprocessing.Pool(workers, initializer=_init_worker, initargs=(sc, default, seats)) as pool:
        for part in pool.imap(_play_chunk, list(_chunks(seeds, chunk))):
            results.extend(part)
            if progress is not None:
                progress(len(results), total)
    return results


class ProgressBar:
    """A one-line progress bar on a terminal (stderr); silent when that is not a terminal.

    Drawn by rich's Progress: it keeps the line, the rate and the time left
    right on any terminal width, which the hand-written bar did not.
    """

    def __init__(self, label: str = "", stream: TextIO | None = None, enabled: bool | None = None, width: int = 30):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label = label
        console = Console(file=self.stream, force_terminal=self.enabled, width=max(80, len(label) + width + 50))
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(bar_width=width), TextColumn("{task.completed}/{task.total} games"),
            TimeElapsedColumn(), TimeRemainingColumn(), console=console, auto_refresh=False, disable=not self.enabled,
        )
        self._task: Any = None
        self._last = -1.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._task is None:
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=total)
        now = time.perf_counter()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        self._progress.update(self._task, completed=done, total=total)
        self._progress.refresh()
        if done >= total:
            self._progress.stop()


def simulate(
    sc: Scenario,
    games: int,
    seed: int = 0,
    policy: str = "random",
    seats: Mapping[AgencyId, str] | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Play `games` games and return the summary (JSON-ready, deterministic for a seed, whatever `workers`)."""
    from sim.analysis.stats import summarize

    seeds = game_seeds(seed, games)
    results = run_games(sc, seeds, policy, seats, workers, progress)
    names = {a.id: (seats or {}).get(a.id, policy) for a in sc.agencies}
    return summarize(sc, results, {"seed": seed, "policy": policy, "seats": names})


__all__ = [
    "GameResult",
    "ProgressBar",
    "default_workers",
    "game_result",
    "game_seeds",
    "play_fast",
    "play_game",
    "run_games",
    "seat_policies",
    "simulate",
]
