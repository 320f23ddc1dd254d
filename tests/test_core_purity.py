"""The rules core never imports pygame (STYLE.md: the rules core knows no screen)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_modules_do_not_import_pygame():
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in (ROOT / "sim").rglob("*.py")
        if "ui" not in p.relative_to(ROOT / "sim").parts
    )
    modules = [m[: -len(".__init__")] if m.endswith(".__init__") else m for m in modules]
    assert "sim.core.engine" in modules and "sim.scenario.loader" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print('pygame' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stdout + out.stderr
