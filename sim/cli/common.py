"""What every command shares: the language of the messages, and reading and writing files with a clear message.

Every message goes through the translation catalogs in the language of
`--lang` (before the command), else of the system locale (`system_language`);
`main` sets `MSG.tr`. A command never shows a traceback for a file it cannot
read or write: it says which file and why, in that language.
"""

from __future__ import annotations

import json
import locale
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sim import resources
from sim.core.model import LEGS
from sim.i18n import Translator, t, translator
from sim.scenario.loader import ScenarioError, load_scenario

SCENARIOS = resources.scenarios()
DEFAULT_SCENARIO = str(resources.default_scenario())  # wherever the command is run from


class Messages:
    """The language of the command line's messages (English until `main` has read --lang and the locale)."""

    tr: Translator = translator("en")


MSG = Messages()


def system_language() -> str:
    """'nl' when the system locale is Dutch, else 'en'."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    name = locale.getlocale()[0] or ""
    return "nl" if name.lower().startswith("nl") else "en"


def err(message: str) -> None:
    """Say it on stderr."""
    print(message, file=sys.stderr)


def why(exc: BaseException) -> str:
    """Why reading or writing failed, in the command line's language (an OSError's own text is English)."""
    from sim.session.model import os_text

    return os_text(exc, MSG.tr.lang)


def write(path: str, text: str) -> bool:
    """Write an output file; on failure say why (no traceback) and return False."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        err(MSG.tr("cli.cannot_write", path=path, reason=why(exc)))
        return False
    return True


def load(file: str):
    """The loaded scenario, or None after printing every problem as FILE:LINE:COL: message."""
    try:
        return load_scenario(file)
    except ScenarioError as exc:
        for problem in exc.problems:
            err(str(problem))
        return None


def parse_seats(items: Sequence[str]) -> dict[str, str]:
    """AGENCY=POLICY items as a mapping; ValueError names an item of another form."""
    seats = {}
    for item in items:
        agency, sep, policy = item.partition("=")
        if not sep or not agency or not policy:
            raise ValueError(MSG.tr("cli.seat_form", item=item))
        seats[agency] = policy
    return seats


def choose_policies(sc, policy: str, seat_items: Sequence[str] | None):
    """The seats given as AGENCY=POLICY and a policy for every agency; ValueError/KeyError name what is wrong."""
    from sim.agents import POLICIES
    from sim.analysis.batch import seat_policies

    seats = parse_seats(seat_items or [])
    for name in {policy, *seats.values()}:
        if name not in POLICIES:
            raise ValueError(MSG.tr("cli.unknown_policy", name=name, known=", ".join(POLICIES)))
    return seats, seat_policies(sc, policy, seats)


def legs(state, lang: str) -> str:
    """The three legs with one decimal, e.g. 'Meedoen 4,5, ...' (a decimal comma in Dutch)."""
    return ", ".join(f"{t('leg.' + leg.value, lang)} {translator(lang).number(v, 1, fixed=True)}" for leg, v in zip(LEGS, state.legs))


def find_scenario(scenario_id: str) -> str | None:
    """The shipped scenario file with this id, or None."""
    for path in sorted(SCENARIOS.glob("*.yaml")):
        try:
            if load_scenario(path).scenario.id == scenario_id:
                return str(path)
        except ScenarioError:
            continue
    return None


def json_format(text: str) -> str | None:
    """The 'format' field of a JSON file (session file or game record), or None."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        # A damaged file: its opening still says what it was meant to be.
        head = text[:200]
        return next((f for f in ("stabiel-session", "stabiel-record") if f'"{f}"' in head), None)
    return data.get("format") if isinstance(data, dict) and isinstance(data.get("format"), str) else None


def session_and_scenario(file: str, scenario: str | None, text: str | None = None):
    """Read a session file (or a game record, as a session without seats) and load its scenario; None after a message."""
    from sim.session import sessionfile
    from sim.session.record import GameRecord, RecordError

    try:
        if text is None:
            try:
                text = Path(file).read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                raise sessionfile.SessionFileError(file, "session.err.not_text") from None
            except OSError as exc:
                raise sessionfile.SessionFileError(file, "session.err.unreadable", reason=sessionfile.os_reason(exc)) from None
        if json_format(text) == "stabiel-record":
            try:
                record, _ = GameRecord.from_json(text)
            except RecordError as exc:
                err(f"{file}: {exc}")
                return None
            saved = sessionfile.SavedSession(scenario_path="", scenario_id=record.scenario_id,
                                             scenario_hash=record.scenario_hash, seed=record.seed,
                                             in_play=record.in_play, actions=record.actions)
        else:
            saved = sessionfile.from_json(text, file)
        if scenario:
            loaded = load(scenario)
            if loaded is None:
                return None
        else:
            loaded = sessionfile.scenario_for(saved)
    except sessionfile.SessionFileError as exc:
        err(exc.text(MSG.tr.lang) if exc.file else f"{file}: {exc.text(MSG.tr.lang)}")
        return None
    return saved, loaded


__all__ = ["DEFAULT_SCENARIO", "MSG", "SCENARIOS", "choose_policies", "err", "find_scenario", "json_format", "legs", "load",
           "parse_seats", "session_and_scenario", "system_language", "why", "write"]
