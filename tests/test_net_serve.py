"""`run_sim.py serve SCENARIO --print-urls`: one JSON line of URLs; each state URL wants its own token."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.conftest import ROOT
from tests.net_driver import serving

JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def served():
    with serving(JAN, "--port", "0", "--seed", "5", "--seat", "politie=protocol") as urls:
        yield urls


def test_serve_prints_one_line_with_every_seats_urls_and_each_state_url_wants_its_token(served):
    assert set(served) == {"board", "facilitator", "teams"}
    agencies = {"sociale_dienst", "politie", "ggz", "woningcorporatie", "wijkteam"}
    assert set(served["teams"]) == agencies
    entries = [served["board"], served["facilitator"], *served["teams"].values()]
    for entry in entries:
        assert entry["page"].startswith("http://127.0.0.1:") and entry["state"].startswith("http://127.0.0.1:")
        url, token = entry["state"].split("?t=")
        assert len(token) >= 32
        assert _status(entry["state"]) == 200
        assert _status(url) == 401
        assert _status(f"{url}?t={token[:-2]}xy") == 403
    tokens = {e["state"].split("?t=")[1] for e in entries}
    assert len(tokens) == len(entries)  # every seat its own token
    with urllib.request.urlopen(served["teams"]["politie"]["state"], timeout=10) as r:
        view = json.load(r)
    assert view["seat"] == "team/politie" and {t["id"]: t["mode"] for t in view["teams"]}["politie"] == "protocol"


def test_serve_says_what_is_wrong_with_a_bad_seat():
    out = subprocess.run([sys.executable, str(ROOT / "run_sim.py"), "serve", str(JAN), "--seat", "brandweer=random"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "brandweer" in out.stderr and "Traceback" not in out.stderr
