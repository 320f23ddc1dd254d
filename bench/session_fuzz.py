"""Session-file mutation fuzz: change one field of a rich session file at a time and check the program's answer.

    python bench/session_fuzz.py                # 5,000 mutations, seed 0
    python bench/session_fuzz.py --runs 50000 --seed 7

Every field (every key and list item, at any depth) is replaced by a hostile
value (huge, tiny, NaN and infinite numbers, 400-digit integers, texts with
zero-width, format, control and combining characters, lone surrogates, long
texts, wrong types), deleted, or joined by an unknown key; the file is
sometimes cut short or doubled. The answer must be a `SessionFileError` (a
clear refusal), or a session that replays (`restore_all`), narrates its log,
and saves and reads back the same; anything else is a crash. Prints the counts
by outcome and refusal; exits 1 on a crash. `tests/test_robust_fuzz.py` runs
the same checks with hypothesis, shorter, in every `make test`.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from sim.analysis.batch import play_game, seat_policies  # noqa: E402
from sim.core.state import Adjust  # noqa: E402
from sim.i18n.narrate import log_line  # noqa: E402
from sim.scenario.loader import LoadedScenario, load_scenario  # noqa: E402
from sim.session import sessionfile as sf  # noqa: E402

JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
HOSTILE_VALUES: list[Any] = [
    None, True, False, 0, -1, 1, 2**64 + 1, -(2**63), 10**400, 1e308, -1e308, 5e-324, 1e12 + 1,
    float("nan"), float("inf"), float("-inf"), "", " ", "\u200b", "Team\u200bOost", "\u202eabc", "a\u2028b",
    "\U000e0001x", "Jan\x00", "\ud800", "e" + "\u0301" * 50, "x" * 5000, "$5 of $6", "Team %{card}", "{card}",
    "2026-13-45T99:00:00", "0001-01-01T00:00:00", "../../etc/passwd", "/" + "a" * 300, [], {}, [None], {"x": 1},
    ["a"] * 10, "stabiel-record", "mens", "P", "crisis",
]


def rich_session(loaded: LoadedScenario) -> sf.SavedSession:
    """A session with something in every field: actions of every kind, redo, notes, names, ratings, a timer."""
    sc = loaded.scenario
    state = play_game(sc, 3, seat_policies(sc, "random"))
    saved = sf.start(loaded.path, sc.id, loaded.content_hash, state, seats={a.id: "random" for a in sc.agencies},
                     names={"wijkteam": "Team Oost"}, round_seconds=600)
    saved = sf.update(saved, state, redo=(Adjust("stress", -2.0, "terug", None),), timer_left=42.5)
    saved = sf.add_note(saved, 2, "Het gesprek met Jan liep goed", log_len=12)
    saved = sf.add_undo(saved, sc, state.actions[-1], state.round)
    return sf.set_rating(saved, sc.learning_objectives[0].id, "S") if sc.learning_objectives else saved


def paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON tree: each key of each object and each item of each list, at any depth."""
    if path:
        yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from paths(v, path + (i,))


def mutate(data: Any, path: tuple[Any, ...], how: str, value: Any = None) -> Any:
    """A copy of `data` with the place `path` replaced by `value` ("set"), removed ("delete") or given a stranger ("extra")."""
    out = copy.deepcopy(data)
    parent = out
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "set":
        parent[last] = value
    elif how == "delete":
        del parent[last]
    elif how == "extra":
        target = parent[last]
        if isinstance(target, dict):
            target["onbekend_veld"] = value
        elif isinstance(target, list):
            target.append(value)
        else:
            parent[last] = [target, value]
    return out


def check(text: str, loaded: LoadedScenario, folder: Path) -> str:
    """The program's answer to session `text`: "refused:<key>" or "accepted"; raises on anything else (a crash)."""
    try:
        saved = sf.from_json(text, "fuzz.stabiel.json")
    except sf.SessionFileError as exc:
        exc.text("nl")
        exc.text("en")
        return f"refused:{exc.key}"
    try:
        restored = sf.restore_all(saved, loaded, "nl")
    except sf.SessionFileError as exc:
        exc.text("nl")
        return f"not restored:{exc.key}"
    sc = loaded.scenario
    for entry in restored.state.log[-60:]:
        log_line(sc, entry, "nl", restored.state.known)
    again = sf.from_json(sf.to_json(saved))
    if again != saved:
        raise AssertionError("the session does not read back the same after saving")
    try:
        sf.save_session(folder / "fuzz.stabiel.json", saved)
    except sf.SessionFileError as exc:
        return f"not saved:{exc.key}"
    return "accepted"


def text_of(data: Any, rng: np.random.Generator) -> str:
    """The mutated tree as file text: JSON (NaN and infinity as Python writes them), sometimes cut short or doubled."""
    text = json.dumps(data, ensure_ascii=bool(rng.random() < 0.5))
    r = rng.random()
    if r < 0.03:
        return text[: int(rng.integers(0, len(text)))]
    if r < 0.05:
        return text + text
    return text


def run(runs: int, seed: int) -> tuple[Counter[str], list[str]]:
    loaded = load_scenario(JAN)
    base = json.loads(sf.to_json(rich_session(loaded)))
    by_field: dict[str, list[tuple[Any, ...]]] = {}
    for place in paths(base):  # every field equally often, however many places it holds
        by_field.setdefault(str(place[0]), []).append(place)
    fields = sorted(by_field)
    rng = np.random.default_rng(seed)
    outcomes: Counter[str] = Counter()
    crashes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            places = by_field[fields[int(rng.integers(len(fields)))]]
            path = places[int(rng.integers(len(places)))]
            how = str(rng.choice(["set", "set", "set", "delete", "extra"]))
            value = HOSTILE_VALUES[int(rng.integers(len(HOSTILE_VALUES)))]
            text = text_of(mutate(base, path, how, value), rng)
            try:
                outcomes[check(text, loaded, Path(tmp))] += 1
            except Exception:  # noqa: BLE001 - a crash is the finding
                outcomes["CRASH"] += 1
                crashes.append(f"{how} {path!r} = {value!r:.60}\n{traceback.format_exc(limit=-3)}")
    return outcomes, crashes


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=5000)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    t0 = time.perf_counter()
    outcomes, crashes = run(args.runs, args.seed)
    print(f"mutations: {args.runs} in {time.perf_counter() - t0:.0f} s (seed {args.seed})")
    for outcome, n in outcomes.most_common():
        print(f"  {n:6d}  {outcome}")
    for crash in crashes[:10]:
        print("CRASH:", crash)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
