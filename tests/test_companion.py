"""Companion mode: printed codes read back (typed, misread, scanned), and a game entered by codes is the game by clicks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.core import engine
from sim.core.state import InjectEvent, NextPhase, Pass, Phase, PlayCard
from sim.i18n import reason_text, t
from sim.printkit import common
from sim.scenario import codes as codes_mod
from sim.scenario.loader import load_scenario
from sim.session import sessionfile as sf
from sim.ui import codeentry
from sim.ui.session import Session

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.fixture(scope="module")
def jan():
    return load_scenario(JAN)


def test_the_print_kit_uses_the_same_codes():
    assert common.codes is codes_mod.codes and common.qr_payload is codes_mod.qr_payload


def _misread(code: str) -> str:
    """The code as a hurried hand types it: lower case, no dash, 0 as O and 1 as I (Crockford has neither letter)."""
    prefix, _, tail = code.partition("-")
    return (prefix + " " + tail.replace("0", "O").replace("1", "I")).lower()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_printed_code_reads_back_however_it_is_typed_or_scanned(path):
    sc = load_scenario(path).scenario
    events = {e.id for e in sc.events}
    all_codes = codes_mod.codes(sc)
    assert len(all_codes) == len(sc.cards) + len(sc.events)
    for ident, code in all_codes.items():
        kind = "event" if ident in events else "card"
        for text in (code, code.lower(), code.replace("-", ""), _misread(code), f"  {code}  ",
                     codes_mod.qr_payload(sc, ident, code)):
            found = codes_mod.lookup(sc, text)
            assert (found.kind, found.ident, found.code) == (kind, ident, code), text


def test_a_misread_that_is_no_code_is_not_taken_for_another_card(jan):
    sc = jan.scenario
    code = next(iter(codes_mod.codes(sc).values()))
    prefix, _, tail = code.partition("-")
    wrong = prefix + "-" + ("X" if tail[0] != "X" else "Y") + tail[1:]
    assert codes_mod.lookup(sc, wrong).kind == "unknown"
    assert codes_mod.lookup(sc, "").kind == "empty"
    assert codes_mod.lookup(sc, "  - ").kind == "empty"
    other = codes_mod.lookup(sc, f"STABIEL:de-zorgmijder:{code}")
    assert other.kind == "other_scenario" and other.scenario == "de-zorgmijder"


def _code_of(session: Session, ident: str) -> str:
    return codes_mod.codes(session.scenario)[ident]


def test_a_card_that_cannot_be_played_now_says_why_and_changes_nothing(jan):
    s = Session(jan.scenario, seed=2)
    while s.state.phase is not Phase.ACTIES:
        s.advance()
    other = next(a for a in s.state.in_play if a != s.state.active_agency)
    card = jan.scenario.cards_of(other)[0]
    before = s.state
    entry = codeentry.enter(s, _code_of(s, card.id))
    reason = engine.why_not(jan.scenario, before, PlayCard(other, card.id))
    assert reason is not None and entry.problem == reason_text(reason, "nl", jan.scenario, before.known)
    assert not entry.playable and entry.title == card.title.get("nl")
    assert s.state is before


def test_an_unknown_code_says_so_in_the_sessions_language(jan):
    s = Session(jan.scenario, seed=2, lang="en")
    entry = codeentry.read_code(s, "ZZ-ZZZZ")
    assert entry.action is None and entry.problem == t("companion.unknown", "en", code="ZZ-ZZZZ")


def test_effects_on_a_hidden_stressor_do_not_name_it(jan):
    sc = jan.scenario
    hidden = {s.id: s for s in sc.stressors if s.hidden}
    card = next(c for c in sc.cards if any(getattr(e, "stressor", None) in hidden for e in c.effects))
    s = Session(sc, seed=1)
    entry = codeentry.read_code(s, _code_of(s, card.id))
    text = " ".join(entry.lines)
    assert t("card.hidden_effect", "nl") in text
    for stressor in hidden.values():
        assert stressor.name.get("nl") not in text


def _moves(sc, seed: int, n: int = 400) -> list:
    """A whole game's moves, chosen at random among the legal ones (cards and events often, passes otherwise)."""
    rng = np.random.default_rng(seed)
    state = engine.new_game(sc, seed)
    moves: list = []
    while not engine.is_over(state) and len(moves) < n:
        legal = engine.legal_actions(sc, state)
        plays = [a for a in legal if isinstance(a, PlayCard)]
        if state.phase is Phase.GEBEURTENIS and not (moves and isinstance(moves[-1], InjectEvent)) and rng.random() < 0.5:
            move = InjectEvent(sc.events[int(rng.integers(len(sc.events)))].id)
        elif plays and rng.random() < 0.7:
            move = plays[int(rng.integers(len(plays)))]
        else:
            move = next(a for a in legal if isinstance(a, (Pass, NextPhase)))
        moves.append(move)
        state = engine.apply(sc, state, move)
    return moves


@pytest.mark.parametrize("seed", [3, 11])
def test_a_game_entered_by_codes_ends_as_the_same_game_by_clicks(jan, tmp_path, seed):
    sc = jan.scenario
    moves = _moves(sc, seed)
    assert any(isinstance(m, PlayCard) for m in moves) and any(isinstance(m, InjectEvent) for m in moves)
    clicks, by_code = Session(sc, seed=seed), Session(sc, seed=seed)
    by_code.companion = True
    typed = codes_mod.codes(sc)
    for move in moves:
        if isinstance(move, PlayCard):
            clicks.play(move.agency, move.card)
            entry = codeentry.enter(by_code, _misread(typed[move.card]))
            assert entry.playable, entry.problem
        elif isinstance(move, InjectEvent):
            clicks.inject(move.event)
            assert codeentry.enter(by_code, codes_mod.qr_payload(sc, move.event, typed[move.event])).playable
        else:
            clicks.advance()
            by_code.advance()
    assert by_code.state == clicks.state
    assert by_code.state.actions == tuple(moves)
    # A normal session: saved, read back and replayed to the same state.
    path = sf.save_session(tmp_path / "companion.stabiel.json", sf.capture(by_code))
    restored, warnings = sf.restore(sf.load_session(path), jan)
    assert warnings == () and restored == clicks.state
