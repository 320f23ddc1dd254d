"""Sweeps on a dask.distributed cluster (issue 12 §5): the same bytes whatever the engine and the workers.

A 2-worker local cluster is started once for the module; the games go to it by
its scheduler's address, as to a real cluster. Skipped, saying why, where the
`cluster` extra is not installed.
"""

from __future__ import annotations

import json
import logging

import pytest

from sim import cli
from sim.analysis import batch, cluster
from sim.analysis.balance import run_balance
from sim.analysis.batch import simulate
from sim.scenario.loader import load_scenario
from tests.conftest import ROOT

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed (pip install -e '.[cluster]')")
JAN_PATH = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
JAN = load_scenario(JAN_PATH).scenario


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as local:
        yield local.scheduler_address


def _bytes(value) -> str:
    return json.dumps(value, indent=1, sort_keys=True) + "\n"  # as `--json` writes it


def test_simulate_gives_the_same_bytes_locally_on_one_or_two_processes_and_on_the_cluster(scheduler, monkeypatch):
    monkeypatch.setattr(cluster, "CHUNK_SECONDS", 0.02)  # many small chunks: they finish out of order
    one = _bytes(simulate(JAN, 240, seed=5, policy="random", workers=1))
    two = _bytes(simulate(JAN, 240, seed=5, policy="random", workers=2))
    with cluster.engine("dask", scheduler), distributed.Client(scheduler, set_as_default=False) as watch:
        with distributed.get_task_stream(client=watch) as tasks:
            on_cluster = _bytes(simulate(JAN, 240, seed=5, policy="random", workers=1))
        ran = [t for t in tasks.data if t["key"].startswith("play_chunk")]
        workers = set(watch.scheduler_info()["workers"])
    assert one == two == on_cluster
    assert len(ran) > 1 and {t["worker"] for t in ran} <= workers
    assert batch.RUNNER.get() is None  # outside the block the games are local again


def test_balance_gives_the_same_bytes_on_the_cluster(scheduler):
    local = _bytes(run_balance(JAN, 30, 2, 1, 2, policies=("protocol", "random", "grensverlegger")))
    with cluster.engine("dask", scheduler):
        on_cluster = _bytes(run_balance(JAN, 30, 2, 1, 2, policies=("protocol", "random", "grensverlegger")))
    assert local == on_cluster


def test_the_command_line_writes_the_same_file_with_engine_dask(scheduler, tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    args = ["simulate", str(JAN_PATH), "--games", "60", "--seed", "3", "--workers", "1"]
    assert cli.main([*args, "--json", str(a)]) == 0
    assert cli.main([*args, "--engine", "dask", "--scheduler", scheduler, "--json", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_an_unreachable_scheduler_or_a_scheduler_without_dask_is_said_in_words(monkeypatch, capsys):
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    args = ["--lang", "en", "simulate", str(JAN_PATH), "--games", "5"]
    assert cli.main([*args, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "tcp://127.0.0.1:9 cannot be reached" in err and "Traceback" not in err
    assert cli.main([*args, "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "--scheduler goes with --engine dask" in capsys.readouterr().err


def test_a_chunk_takes_about_a_second():
    assert cluster.chunk_size(0.01) == 100 and cluster.chunk_size(2.0) == 1 and cluster.chunk_size(0.0) >= 1
