"""Sweeps beyond one machine: the games of `simulate`, `balance` and the like on a dask.distributed cluster.

`engine("dask", scheduler)` is a context manager: inside it every `batch.run_games`
hands its games to the cluster at `scheduler` (a `tcp://HOST:PORT` address), or,
without an address, to a `LocalCluster` started for the occasion with `workers`
processes. The workers need only the installed package (`pip install
'stabiel[cluster]'`); they receive the scenario once, then chunks of seeds.

The results are exactly those of the local engine: each game is played by
`batch.run_games` itself on the worker (one process, the same code path), its
seed comes from the same `SeedSequence`, and the results are put back in seed
order however the chunks finish. So `--json` is byte-identical whatever the
engine and the number of workers. A chunk is sized to take about
`CHUNK_SECONDS` (measured on the first games, which are played here and kept),
so the scheduler's overhead per task stays small.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sim.i18n import t

if TYPE_CHECKING:  # the command line imports this module to build its options: the batch code loads when used
    from sim.analysis.batch import GameResult, Progress
    from sim.core.model import AgencyId, Scenario

ENGINES = ("local", "dask")
CHUNK_SECONDS = 1.0  # a chunk of games takes about this long on one worker
PROBE_SECONDS = 0.3  # the first games, played here, tell how long a game takes
PROBE_GAMES = 20  # ... but never more than this many
CONNECT_SECONDS = 30


class ClusterError(ValueError):
    """The cluster cannot be had (dask missing, the scheduler unreachable); the text says what to do."""


def add_arguments(parser: Any) -> None:
    """The `--engine` and `--scheduler` options of a command that plays many games."""
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="where the games are played: local processes, or a dask.distributed cluster "
                             "(needs: pip install 'stabiel[cluster]'); the result does not depend on it")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --engine dask: the cluster's scheduler (tcp://HOST:8786); "
                             "without it a local cluster of --workers processes is started")


@contextlib.contextmanager
def engine(kind: str = "local", scheduler: str | None = None, workers: int | None = None,
           lang: str = "nl") -> Iterator[None]:
    """Play every batch inside this block on `kind` ("local": as always; "dask": on a cluster)."""
    if kind == "local":
        if scheduler is not None:
            raise ClusterError(t("cli.cluster.scheduler_without_dask", lang))
        yield
        return
    if kind != "dask":
        raise ClusterError(t("cli.cluster.unknown_engine", lang, engine=kind, known=", ".join(ENGINES)))
    from sim.analysis import batch

    with _client(scheduler, workers, lang) as client:
        token = batch.RUNNER.set(lambda *args: run_on(client, *args))
        try:
            yield
        finally:
            batch.RUNNER.reset(token)


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int | None, lang: str) -> Iterator[Any]:
    from sim.analysis.batch import default_workers

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(t("cli.cluster.not_installed", lang)) from None
    if scheduler is None:
        n = default_workers() if workers is None else max(1, workers)
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                          silence_logs=logging.ERROR) as cluster, Client(cluster, set_as_default=False) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(t("cli.cluster.unreachable", lang, address=scheduler, problem=str(exc) or type(exc).__name__)) from None
    with client:
        yield client


def play_chunk(sc: Scenario, seeds: Sequence[int], default: str, seats: Mapping[AgencyId, str]) -> list[GameResult]:
    """On a worker: the games of `seeds`, played by the local engine in this one process."""
    from sim.analysis import batch

    token = batch.RUNNER.set(None)  # never hand them on again
    try:
        return batch.run_games(sc, seeds, default, seats, workers=1)
    finally:
        batch.RUNNER.reset(token)


def chunk_size(seconds_per_game: float, target: float | None = None) -> int:
    """How many games make a chunk of about `target` seconds (default `CHUNK_SECONDS`)."""
    return max(1, math.ceil((CHUNK_SECONDS if target is None else target) / max(seconds_per_game, 1e-6)))


def run_on(client: Any, sc: Scenario, seeds: Sequence[int], default: str, seats: Mapping[AgencyId, str],
           workers: int | None, progress: Progress | None) -> list[GameResult]:
    """`batch.run_games` on the cluster behind `client`: the results in seed order, gathered as chunks finish."""
    from distributed import as_completed

    total = len(seeds)
    done: list[GameResult] = []
    start = time.perf_counter()
    while len(done) < min(total, PROBE_GAMES) and (not done or time.perf_counter() - start < PROBE_SECONDS):
        done += play_chunk(sc, seeds[len(done) : len(done) + 1], default, seats)
    if progress is not None:
        progress(len(done), total)
    rest = list(seeds[len(done) :])
    if not rest:
        return done
    size = chunk_size((time.perf_counter() - start) / len(done))
    scenario = client.scatter(sc, broadcast=True, hash=False)
    futures = {client.submit(play_chunk, scenario, rest[i : i + size], default, dict(seats), pure=False): i
               for i in range(0, len(rest), size)}
    parts: dict[int, list[GameResult]] = {}
    finished = len(done)
    for future in as_completed(futures, loop=client.loop):
        parts[futures[future]] = future.result()
        finished += len(parts[futures[future]])
        if progress is not None:
            progress(finished, total)
    for i in sorted(parts):
        done += parts[i]
    return done


__all__ = ["CHUNK_SECONDS", "ENGINES", "ClusterError", "add_arguments", "chunk_size", "engine", "play_chunk", "run_on"]
