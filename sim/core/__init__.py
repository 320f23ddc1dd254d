"""The rules core: model, state, engine, scoring, observation. No I/O, no screen, nothing else of `sim`."""
