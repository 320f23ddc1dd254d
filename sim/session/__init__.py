"""Saved sessions and game records: codec, atomic store, resume by replay."""
