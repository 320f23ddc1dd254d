"""A session resumed after a crash keeps its consoles' seats (issue 15 item 5), and the tokens stay secret."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sim.net.seats import Tokens, all_seats
from sim.scenario.loader import load_scenario
from sim.session import codec
from sim.session import sessionfile as sf
from sim.ui.session import Session
from tests.conftest import ROOT

JAN = load_scenario(ROOT / "scenarios" / "jan-in-de-portiek.yaml")


def _session_with_consoles() -> tuple[Session, Tokens]:
    sc = JAN.scenario
    session = Session(sc, seed=4, scenario_path=JAN.path, content_hash=JAN.content_hash)
    tokens = Tokens(all_seats([a.id for a in sc.agencies]))
    session.consoles = SimpleNamespace(host=SimpleNamespace(tokens=tokens))  # what sim.ui.consoles.switch_on sets
    return session, tokens


def test_the_tokens_go_into_the_session_file_and_come_back_as_the_same_seats():
    session, tokens = _session_with_consoles()
    saved = codec.from_json(codec.to_json(sf.capture(session)))
    assert dict(saved.console_tokens) == tokens.stored()
    again = Tokens(all_seats([a.id for a in JAN.scenario.agencies]), stored=saved.console_tokens)
    assert all(again.token(seat) == tokens.token(seat) for seat in tokens.seats), "every seat keeps its own token"
    resumed, _ = Session.resume(saved, JAN)
    assert dict(sf.capture(resumed, resumed.saved).console_tokens) == tokens.stored(), "kept through the next save"


def test_a_session_without_consoles_writes_no_tokens():
    session = Session(JAN.scenario, seed=4, scenario_path=JAN.path, content_hash=JAN.content_hash)
    assert "console_tokens" not in codec.to_json(sf.capture(session))


def test_damaged_tokens_are_refused_with_a_message():
    session, _ = _session_with_consoles()
    text = codec.to_json(sf.capture(session))
    broken = text.replace('"console_tokens": {', '"console_tokens": {"team/x": 5, ', 1)
    with pytest.raises(sf.SessionFileError, match="console_tokens"):
        codec.from_json(broken)


def test_no_report_file_holds_a_token(tmp_path):
    from sim.report.writer import write_report

    session, tokens = _session_with_consoles()
    for _ in range(6):
        session.advance()
    saved = sf.capture(session)
    files = write_report(saved, JAN, tmp_path / "report", "nl")
    written = [p for p in (tmp_path / "report").rglob("*") if p.is_file()]
    assert written, files
    secrets = set(tokens.stored().values())
    for path in written:
        data = path.read_bytes()
        assert not any(tok.encode() in data for tok in secrets), f"{path.name} holds a console token"


def test_a_team_moved_to_the_table_stays_at_the_table_when_the_session_is_resumed():
    from sim.ui.consoles import device_seats

    session, tokens = _session_with_consoles()
    ids = [a.id for a in JAN.scenario.agencies]
    session.consoles.host.modes = {a: "table" if a == ids[1] else "device" for a in ids}
    text = codec.to_json(sf.capture(session))
    saved = codec.from_json(text)
    assert saved.console_at_table == (ids[1],)
    resumed, _ = Session.resume(saved, JAN)
    assert device_seats(resumed) == [a for a in ids if a != ids[1]], "the others rejoin on their devices"
    assert sf.capture(resumed, resumed.saved).console_at_table == (ids[1],), "kept through the next save"


def test_a_session_with_every_team_on_its_device_writes_no_table_seats():
    session, _ = _session_with_consoles()
    session.consoles.host.modes = {a.id: "device" for a in JAN.scenario.agencies}
    assert "console_at_table" not in codec.to_json(sf.capture(session))
    fresh = Session(JAN.scenario, seed=4, scenario_path=JAN.path, content_hash=JAN.content_hash)
    assert "console_at_table" not in codec.to_json(sf.capture(fresh))


def test_damaged_table_seats_are_refused_with_a_message():
    session, _ = _session_with_consoles()
    session.consoles.host.modes = {a.id: "table" for a in JAN.scenario.agencies}
    broken = codec.to_json(sf.capture(session)).replace('"console_at_table": [', '"console_at_table": [7, ', 1)
    with pytest.raises(sf.SessionFileError, match="console_at_table"):
        codec.from_json(broken)
