"""The package installs and works outside the checkout (issue: an installable package).

Builds the wheel, installs it into a fresh virtualenv in a temporary folder
and runs the `stabiel` command from a folder that is not the checkout, so
nothing can come from the source tree. The dependencies come from the test
run's own environment through a `.pth` line (no network; a path in a `.pth`
file does not run the `.pth` files found there, so the checkout's editable
install stays out), and the wheel itself is installed with `--no-deps`.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from the checkout."""
    dist = tmp_path_factory.mktemp("dist")
    # Build from a copy, so that setuptools' build/ folder never lands in the checkout.
    src = tmp_path_factory.mktemp("src") / "stabiel"
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "dist", "*.egg-info", ".pytest_cache", ".hypothesis", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(src)],
        check=True, cwd=dist, capture_output=True,
    )
    wheels = list(dist.glob("stabiel-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed; returns its `bin` folder."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    paths = sysconfig.get_paths(vars={"base": str(env_dir), "platbase": str(env_dir)})
    Path(paths["purelib"], "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    bindir = env_dir / "bin"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(bindir / "python"), "install", "--no-deps", "-q", str(wheel)],
        check=True, capture_output=True,
    )
    return bindir


def _run(bindir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", STABIEL_DATA_DIR=str(cwd / "data"))
    return subprocess.run([str(bindir / args[0]), *args[1:]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_wheel_holds_every_file_the_program_reads(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [f"sim/data/scenarios/{p.name}" for p in (ROOT / "scenarios").glob("*.yaml")]
    expected += [f"sim/data/assets/{p.relative_to(ROOT / 'assets').as_posix()}"
                 for p in (ROOT / "assets").rglob("*") if p.is_file()]
    expected += ["sim/data/schema/scenario.schema.json", "sim/scenario/template/scenario.yaml"]
    assert len(expected) > 8
    assert [e for e in expected if e not in names] == []


def test_the_installed_command_works_outside_the_checkout(installed: Path, tmp_path: Path):
    where = _run(installed, tmp_path, "python", "-c",
                 "import sim, sim.resources as r; print(sim.__file__); print(r.scenarios())")
    assert where.returncode == 0, where.stderr
    sim_file, shipped = where.stdout.split()
    assert not sim_file.startswith(str(ROOT)) and not shipped.startswith(str(ROOT)), where.stdout
    scenarios = sorted(Path(shipped).glob("*.yaml"))
    assert len(scenarios) >= 3

    checked = _run(installed, tmp_path, "stabiel", "validate", *map(str, scenarios))
    assert checked.returncode == 0, checked.stdout + checked.stderr

    made = _run(installed, tmp_path, "stabiel", "new", "mijn-casus")
    assert made.returncode == 0, made.stdout + made.stderr
    new_file = tmp_path / "scenarios" / "mijn-casus.yaml"
    assert new_file.is_file()
    checked = _run(installed, tmp_path, "stabiel", "validate", str(new_file))
    assert checked.returncode == 0, checked.stdout + checked.stderr

    played = _run(installed, tmp_path, "stabiel", "simulate", str(scenarios[0]), "--games", "20",
                  "--policy", "grensverlegger", "--seed", "1")
    assert played.returncode == 0, played.stdout + played.stderr
    assert "20" in played.stdout

    shot = tmp_path / "board.png"
    drawn = _run(installed, tmp_path, "stabiel", "screenshot", "--scene", "board", "--lang", "nl", "--out", str(shot))
    assert drawn.returncode == 0, drawn.stdout + drawn.stderr
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1920, 1080)
