"""The pygame front end (the only part of `sim` that imports pygame)."""
