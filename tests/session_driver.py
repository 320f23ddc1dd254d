"""A headless stand-in for the shared screen: plays a session action by action and autosaves after each.

Run as a script it prints `saved N` (N = actions in the file) after every
autosave, so a test can kill it with SIGKILL at a chosen moment and check that
the autosave brings the session back. Imported, `next_action` gives the same
moves in-process, so the test knows what the state after N actions must be.

The AI moves draw from a generator seeded by (seed, number of actions so far):
a move depends only on the state, so a resumed session plays on exactly as the
killed one would have.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.agents import make_policy  # noqa: E402
from sim.core import engine  # noqa: E402
from sim.core.observation import observe  # noqa: E402
from sim.core.state import NextPhase, Phase  # noqa: E402
from sim.scenario.loader import load_scenario  # noqa: E402
from sim.session import sessionfile  # noqa: E402

NOTE_EVERY = 7  # the facilitator types a note after every 7th action


def next_action(sc, state, policies, seed: int):
    """The move of the session at `state`: the active agency's policy, or on to the next phase."""
    if state.phase is Phase.ACTIES:
        agency = state.active_agency
        rng = np.random.default_rng((seed, len(state.actions)))
        return policies[agency].choose(observe(sc, state, agency), engine.legal_actions(sc, state), rng)
    return NextPhase()


def play_on(sc, state, saved, policies, seed: int, save=None):
    """Play to the end from `state`, autosaving after every action and every note; returns (state, saved)."""
    while state.outcome is None:
        state = engine.apply(sc, state, next_action(sc, state, policies, seed))
        saved = sessionfile.update(saved, state)
        if save is not None:
            save(saved)
        if len(state.actions) % NOTE_EVERY == 0:
            saved = sessionfile.add_note(saved, state.round, f"note after action {len(state.actions)}", log_len=len(state.log))
            if save is not None:
                save(saved)
    return state, saved


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("scenario")
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--policy", default="random")
    p.add_argument("--slow-disk", type=float, default=0.0, metavar="SECONDS",
                   help="after --slow-after saves, every fsync takes this long: a kill then lands in the middle of a save")
    p.add_argument("--slow-after", type=int, default=0, metavar="N")
    a = p.parse_args()
    saves = 0
    if a.slow_disk:
        real_fsync = os.fsync

        def slow_fsync(fd: int) -> None:
            if saves >= a.slow_after:
                time.sleep(a.slow_disk)
            real_fsync(fd)

        os.fsync = slow_fsync
    loaded = load_scenario(a.scenario)
    sc = loaded.scenario
    policies = {x.id: make_policy(a.policy, sc) for x in sc.agencies}
    state = engine.new_game(sc, a.seed)
    saved = sessionfile.start(loaded.path, sc.id, loaded.content_hash, state,
                              seats={x.id: a.policy for x in sc.agencies})

    def save(s):
        nonlocal saves
        sessionfile.autosave(s)
        saves += 1
        print(f"saved {len(s.actions)} {len(s.notes)}", flush=True)

    save(saved)
    play_on(sc, state, saved, policies, a.seed, save)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
