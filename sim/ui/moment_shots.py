"""Sessions that stand at a chosen moment, for screenshots of the moments (`run_sim.py screenshot moment-week`)."""

from __future__ import annotations

from pathlib import Path

# screenshot name -> (the moment's kind, the outcome it must tell or "", the policy of the computer seats,
# how many seats people play)
MOMENT_SHOTS: dict[str, tuple[str, str, str, int]] = {
    "moment-start": ("start", "", "expert", 0),
    "moment-event": ("event", "", "expert", 0),
    "moment-computer": ("crossing", "", "expert", 0),
    "moment-reveal": ("reveal", "", "expert", 0),
    "moment-week": ("week", "", "expert", 0),
    "moment-handover": ("handover", "", "expert", 2),
    "moment-stabiel": ("end", "stabiel", "expert", 0),
    "moment-crisis": ("end", "crisis", "pass", 0),
}


def moment_session(name: str, lang: str, scenario_path: Path, seed: int = 3):
    """A session whose next moment on screen is the one `name` shows (the computer plays; people pass)."""
    from sim.scenario.loader import load_scenario
    from sim.ui.session import HUMAN, Session

    kind, outcome, policy, humans = MOMENT_SHOTS[name]
    loaded = load_scenario(scenario_path)
    sc = loaded.scenario
    seats = {a.id: (HUMAN if n < humans else policy) for n, a in enumerate(sc.agencies)}
    session = Session(sc, seed=seed, seats=seats, lang=lang, scenario_path=str(scenario_path),
                      content_hash=loaded.content_hash)
    session.show_moments = True
    for _ in range(2000):
        wanted = [i for i, m in enumerate(session.moments) if m.kind == kind and (not outcome or m.tone == outcome)]
        if wanted:
            for _ in range(wanted[0]):
                session.next_moment()
            return session
        session.skip_moments()
        if session.state.outcome is not None:
            break
        if session.waiting_for_ai():
            before = len(session.states)
            session.ai_step()
            if len(session.states) == before:  # the computer seats agreed nothing more in the Overleg
                session.advance()
        else:
            session.advance()
    raise LookupError(f"no {name} moment in this game (seed {seed})")
