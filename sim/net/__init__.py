"""Team consoles: a small web server inside the program, so each team plays on its own phone or laptop.

The layers inside, from the bottom:

- `seats`: who a connection is (the board, the facilitator, one team) and its unguessable token;
- `gate`: the one per-seat filter every outgoing message passes, built on `sim.core.observation.observe`;
- `messages`: the schema of incoming messages (validated and size-limited before anything reads them);
- `host`: the game behind the consoles, one lock around it; actions go through `engine.why_not` / `apply`;
- `server`: the aiohttp application (pages, state URLs, WebSockets with an Origin check, rate limits);
- `serve`: the headless host of `run_sim.py serve`.

Nothing here imports pygame; the join screen on the shared screen is `sim.ui.scenes.join`.
"""
