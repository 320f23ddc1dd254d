"""The pygame front end (the only part of `sim` that imports pygame)."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on the facilitator's terminal
