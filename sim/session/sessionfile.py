"""Session files: a live session saved to disk, so it survives a crash, and can be resumed or replayed.

A thin facade, kept because many callers write `from sim.session import
sessionfile as sf` and `sf.X`: the work is done by
- `sim.session.model`: `SavedSession`, `Note`, `SessionFileError` and the pure
  functions that build and update a saved session;
- `sim.session.codec`: JSON through one cattrs converter (strict, extra keys refused);
- `sim.session.store`: atomic saves with a backup, loading, the autosave folder;
- `sim.session.restore`: finding the scenario and replaying the actions.
"""

from __future__ import annotations

import os  # noqa: F401  (tests reach os.replace through this module)

from sim.session.codec import from_json, to_json
from sim.session.lock import claim, in_use_elsewhere
from sim.session.model import (
    FORMAT,
    HUMAN,
    NOTE_KINDS,
    RATINGS,
    VERSION,
    FinalFigures,
    Note,
    SavedSession,
    SessionFileError,
    action_text,
    add_note,
    add_undo,
    branch,
    capture,
    final_figures,
    fork,
    now,
    os_reason,
    os_text,
    set_rating,
    shortened,
    start,
    update,
)
from sim.session.restore import (
    Restored,
    replay_states,
    restore,
    restore_all,
    round_starts,
    scenario_for,
)
from sim.session.store import (
    BACKUP_SUFFIX,
    ENV_DATA_DIR,
    SUFFIX,
    Autosave,
    Damaged,
    Listing,
    autosave,
    autosave_dir,
    autosave_path,
    backup_path,
    discard_autosave,
    latest_autosave,
    list_autosaves,
    list_sessions,
    load_session,
    save_session,
)

__all__ = [
    "BACKUP_SUFFIX",
    "ENV_DATA_DIR",
    "FORMAT",
    "HUMAN",
    "NOTE_KINDS",
    "RATINGS",
    "SUFFIX",
    "VERSION",
    "Autosave",
    "Damaged",
    "Listing",
    "FinalFigures",
    "Note",
    "Restored",
    "SavedSession",
    "SessionFileError",
    "action_text",
    "add_note",
    "add_undo",
    "autosave",
    "autosave_dir",
    "autosave_path",
    "backup_path",
    "branch",
    "capture",
    "claim",
    "discard_autosave",
    "final_figures",
    "fork",
    "from_json",
    "in_use_elsewhere",
    "latest_autosave",
    "list_autosaves",
    "list_sessions",
    "load_session",
    "now",
    "os_reason",
    "os_text",
    "replay_states",
    "restore",
    "restore_all",
    "round_starts",
    "save_session",
    "scenario_for",
    "set_rating",
    "shortened",
    "start",
    "to_json",
    "update",
]
