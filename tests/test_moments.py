"""Moments from the log, without a screen: each kind of line, an unknown one, secrets, the queue, the live Overleg."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import attrs
import pytest

from sim.agents import make_policy
from sim.analysis.batch import play_game, seat_policies
from sim.core import engine
from sim.core.state import Change, Figure, LogEntry, LogKind, NextPhase, Phase
from sim.scenario.loader import load_scenario
from sim.ui.moments import handover, moments_from, opening
from sim.ui.session import HUMAN, Session

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
JAN = ROOT / "scenarios" / "jan-in-de-portiek.yaml"


@pytest.fixture(autouse=True)
def _moments_off():
    """This module wants moments on: it overrides conftest's fixture that turns them off."""


@pytest.fixture(scope="module")
def jan():
    return load_scenario(JAN).scenario


def added(state, *entries, **fields):
    """`state` with log lines (and other fields) added, as a move would leave it."""
    return attrs.evolve(state, log=(*state.log, *entries), **fields)


def line(state, kind, agency=None, ref=None, changes=()):
    return LogEntry(state.round, state.phase, kind, agency, ref, tuple(changes))


def texts(moments):
    return " ".join(" ".join((m.title, m.tag, *m.lines, m.quote or "")) for m in moments)


# -- each kind of log line -----------------------------------------------------------------------

def test_an_event_drawn_scheduled_triggered_injected_or_cancelled_gets_a_moment_saying_which(jan):
    st = engine.new_game(jan, 1)
    drawn = next(e for e in jan.events if e.deck and not e.trigger and not e.rounds)
    triggered = next(e for e in jan.events if e.trigger)
    tags = {}
    for kind, ev in ((LogKind.EVENT, drawn), (LogKind.EVENT, triggered), (LogKind.INJECT, drawn), (LogKind.EVENT_CANCELLED, drawn)):
        ms = moments_from(jan, st, added(st, line(st, kind, ev.responder, ev.id)), "nl")
        assert [m.kind for m in ms] == ["event"]
        assert ms[0].title == ev.title.nl and ev.text.nl in ms[0].lines
        assert ms[0].tone == "event"
        tags[(kind, ev.id)] = ms[0].tag
    assert len(set(tags.values())) == 3, tags  # drawn, triggered and brought in read differently
    cancelled = moments_from(jan, st, added(st, line(st, LogKind.EVENT_CANCELLED, None, drawn.id)), "en")[0]
    assert any("no effect" in x for x in cancelled.lines)


def test_a_scheduled_event_says_it_was_planned(jan):
    ev = next((e for e in jan.events if e.rounds and not e.trigger), None)
    if ev is None:
        pytest.skip("Jan has no scheduled event")
    st = attrs.evolve(engine.new_game(jan, 1), round=ev.rounds[0])
    m = moments_from(jan, st, added(st, line(st, LogKind.EVENT, None, ev.id)), "en")[0]
    assert "planned" in m.tag


def test_a_computer_teams_card_is_a_moment_and_a_human_teams_procedure_is_not(jan):
    st = engine.new_game(jan, 1)
    card = next(c for c in jan.cards if not c.is_boundary and c.type.value == "in_system")
    entry = line(st, LogKind.CARD, card.agency, card.id, [Change(Figure.STRESS, None, 40, 44)])
    after = added(st, entry)
    assert moments_from(jan, st, after, "nl") == []
    [m] = moments_from(jan, st, after, "nl", computer={card.agency}, names={card.agency: "Team Noord"})
    assert m.kind == "computer" and m.agency == card.agency and "Team Noord" in m.tag
    assert m.title == card.title.nl and "stress 40 → 44" in m.lines
    assert m.stress == 44


def test_a_boundary_crossing_is_a_moment_with_its_effect_whoever_plays_it(jan):
    st = engine.new_game(jan, 1)
    card = next(c for c in jan.cards if c.is_boundary and c.type.value == "boundary")
    k = next(i for i, known in enumerate(st.known) if known)
    stressor = jan.stressors[k]
    entry = line(st, LogKind.CARD, card.agency, card.id, [Change(Figure.STRESSOR, stressor.id, 2, 1), Change(Figure.STRESS, None, 40, 37)])
    for computer in ((), (card.agency,)):
        [m] = moments_from(jan, st, added(st, entry), "en", computer=computer)
        assert m.kind == "crossing" and m.tone == "crossing" and "boundary" in m.tag
        assert f"{stressor.name.en} 2 → 1" in m.lines and "stress 40 → 37" in m.lines


def test_a_rule_set_and_a_rule_run_out_are_moments(jan):
    st = engine.new_game(jan, 1)
    rule = next(c for c in jan.cards if c.type.value == "rule")
    [m] = moments_from(jan, st, added(st, line(st, LogKind.RULE, rule.agency, rule.id)), "nl")
    assert m.kind == "rule" and m.title == rule.title.nl
    [m] = moments_from(jan, st, added(st, line(st, LogKind.RULE_EXPIRED, rule.agency, rule.id)), "nl")
    assert m.kind == "rule" and m.title == rule.title.nl


def test_a_stressor_found_is_named_once_the_table_knows_it_and_never_before(jan):
    st = engine.new_game(jan, 1)
    k = next(i for i, known in enumerate(st.known) if not known)
    s = jan.stressors[k]
    entry = line(st, LogKind.CARD, jan.agencies[0].id, None, [Change(Figure.REVEAL, s.id, 0, 1)])
    known = tuple(True if i == k else v for i, v in enumerate(st.known))
    found = moments_from(jan, st, added(st, entry, known=known), "nl")
    reveal = [m for m in found if m.kind == "reveal"]
    assert reveal and reveal[0].title == s.name.nl
    still_hidden = moments_from(jan, st, added(st, entry), "nl")
    assert not [m for m in still_hidden if m.kind == "reveal"]
    assert s.name.nl not in texts(still_hidden)


def test_a_change_to_a_hidden_stressor_is_told_without_its_name(jan):
    st = engine.new_game(jan, 1)
    k = next(i for i, known in enumerate(st.known) if not known)
    s = jan.stressors[k]
    card = next(c for c in jan.cards if c.is_boundary)
    entry = line(st, LogKind.CARD, card.agency, card.id, [Change(Figure.STRESSOR, s.id, 2, 1)])
    ms = moments_from(jan, st, added(st, entry), "nl", computer={card.agency})
    assert ms and s.name.nl not in texts(ms)
    assert "nog niemand weet" in texts(ms)


def test_a_waiting_list_that_ran_out_is_a_moment_when_it_changed_something(jan):
    st = engine.new_game(jan, 1)
    card = jan.cards[0]
    ms = moments_from(jan, st, added(st, line(st, LogKind.DELAYED, card.agency, card.id, [Change(Figure.STRESS, None, 50, 45)])), "nl")
    assert [m.kind for m in ms] == ["delayed"] and "stress 50 → 45" in ms[0].lines
    assert moments_from(jan, st, added(st, line(st, LogKind.DELAYED, card.agency, card.id)), "nl") == []


def test_quiet_lines_make_no_moment(jan):
    st = engine.new_game(jan, 1)
    for kind in (LogKind.PHASE, LogKind.START, LogKind.PASS, LogKind.EVENT_SKIPPED, LogKind.ADJUST):
        assert moments_from(jan, st, added(st, line(st, kind, jan.agencies[0].id)), "nl") == [], kind


@pytest.mark.parametrize("kind", ["log.manager_calls", "nonsense"])  # log.share has its own moment (test_accounts.py)
def test_an_unknown_kind_of_line_gets_a_plain_moment_never_an_error(jan, kind):
    st = engine.new_game(jan, 1)
    entry = LogEntry(st.round, st.phase, kind, jan.agencies[0].id, "no_such_ref", (Change(Figure.STRESS, None, 40, 41),))  # type: ignore[arg-type]
    for lang in ("nl", "en"):
        [m] = moments_from(jan, st, added(st, entry), lang)
        assert m.kind == "other" and m.lines and m.title
        assert m.stress == 41


def test_after_an_undo_there_is_nothing_to_tell(jan):
    st = engine.new_game(jan, 1)
    later = engine.apply(jan, st, NextPhase())
    assert moments_from(jan, later, st, "nl") == []


def _states(sc, seed, policy):
    states = [engine.new_game(sc, seed)]
    play_game(sc, seed, seat_policies(sc, policy), on_step=lambda s, a: states.append(s))
    return states


def test_the_end_of_a_week_says_what_changed_from_the_history(jan):
    states = _states(jan, 3, "expert")
    for before, after in zip(states, states[1:]):
        weeks = [m for m in moments_from(jan, before, after, "nl") if m.kind == "week"]
        if weeks:
            break
    else:
        raise AssertionError("no week ended")
    start, end = after.history[-2], after.history[-1]
    m = weeks[0]
    assert m.title == f"Einde van week {end.round}" and m.full and m.tone == "week"
    assert f"Stress: {round(start.stress)} aan het begin van de week, nu {round(end.stress)}." in m.lines
    why = next(x for x in m.lines if x.startswith("Waardoor"))
    parts = [int(x.replace("−", "-")) for x in re.findall(r"[+−]\d+", why)]
    assert len(parts) == 3 and abs(start.stress + sum(parts) - end.stress) <= 2, (why, start.stress, end.stress)


def test_the_end_of_the_game_is_a_moment_and_a_forced_admission_is_named():
    sc = load_scenario(JAN).scenario
    for seed in range(40):
        states = _states(sc, seed, "pass")
        last = states[-1]
        if last.end_reason == "gedwongen_opname":
            break
    else:
        pytest.skip("no forced admission in 40 games left alone")
    ends = [m for m in moments_from(sc, states[-2], last, "nl") if m.kind == "end"]
    assert ends and ends[0].title == "Crisis" and ends[0].tone == "crisis" and ends[0].full
    assert any("Gedwongen opname" in x for x in ends[0].lines)


def test_a_stabilised_game_ends_with_a_stabiel_moment(jan):
    states = _states(jan, 3, "expert")
    assert states[-1].outcome.value == "stabiel"
    [end] = [m for m in moments_from(jan, states[-2], states[-1], "en") if m.kind == "end"]
    assert end.tone == "stabiel" and end.title == "Stable"


# -- secrets ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_no_moment_names_a_stressor_the_table_does_not_know(path):
    sc = load_scenario(path).scenario
    checked = 0
    for policy in ("expert", "naive", "protocol"):
        for seed in (1, 2):
            states = _states(sc, seed, policy)
            for before, after in zip(states, states[1:]):
                hidden = [s for s, known in zip(sc.stressors, after.known) if not known]
                for lang in ("nl", "en"):
                    said = texts(moments_from(sc, before, after, lang, computer={a.id for a in sc.agencies}))
                    for s in hidden:
                        checked += 1
                        assert s.name.get(lang) not in said, (s.id, said)
    assert checked, "no stressor was ever hidden: the test checks nothing"


# -- the story and the handover ----------------------------------------------------------------------

def test_the_opening_tells_the_whole_story(jan):
    st = engine.new_game(jan, 1)
    m = opening(jan, st, "nl")
    assert m.title.startswith("Dit is Jan") and jan.person.story.nl in m.lines and m.full
    assert m.stress == st.stress


def test_a_handover_only_between_two_human_teams(jan):
    st = engine.new_game(jan, 1)
    acties = attrs.evolve(st, phase=Phase.ACTIES, turn=1)
    first, second = acties.in_play[0], acties.in_play[1]
    before = attrs.evolve(st, phase=Phase.ACTIES, turn=0)
    m = handover(jan, before, acties, "nl", {first, second}, {second: "Team Zuid"})
    assert m is not None and m.title == "Aan de beurt: Team Zuid" and m.agency == second and m.full
    assert handover(jan, before, acties, "nl", {second}) is None  # only one team of people: nothing to hand over
    assert handover(jan, before, acties, "nl", {first}) is None  # the computer's turn
    assert handover(jan, acties, acties, "nl", {first, second}) is None  # the same team goes on


# -- the session's queue and the computer -------------------------------------------------------------

def test_the_session_queues_moments_and_the_computer_and_the_timer_wait_for_them(jan):
    seats = {a.id: "expert" for a in jan.agencies}
    s = Session(jan, seed=3, seats=seats, round_seconds=300)
    assert s.moments_pending() and s.moments[0].kind == "start"
    s.advance()  # to the Overleg: the computer seats confer
    assert s.waiting_for_ai()
    moves = len(s.state.actions)
    assert s.ai_step() is None and len(s.state.actions) == moves, "the computer waits while a moment shows"
    left = s.timer_left
    s.tick(5.0)
    assert s.timer_left == left, "the round timer waits too"
    while s.next_moment() is not None:
        pass
    s.tick(5.0)
    assert s.timer_left == left - 5.0
    assert s.ai_step() is not None


def test_the_computer_agrees_cards_in_the_live_overleg_each_a_moment(jan):
    seats = {a.id: "expert" for a in jan.agencies}
    s = Session(jan, seed=3, seats=seats)
    s.skip_moments()
    played_in_overleg = 0
    for _ in range(400):
        if s.state.outcome is not None:
            break
        s.skip_moments()
        if s.waiting_for_ai():
            before = len(s.states)
            phase = s.state.phase
            s.ai_step()
            if len(s.states) > before and phase is Phase.OVERLEG:
                played_in_overleg += 1
                assert s.moments, "the card agreed in the Overleg is a moment"
            elif len(s.states) == before:
                assert phase is Phase.OVERLEG and not s.waiting_for_ai()
                s.advance()
        else:
            s.advance()
    assert played_in_overleg > 0, "the expert agrees plans in the Overleg"
    assert s.state.outcome is not None


def test_a_person_at_the_table_starts_the_computers_asking_again(jan):
    first = jan.agencies[0].id
    seats = {a.id: ("expert" if a.id != first else HUMAN) for a in jan.agencies}
    s = Session(jan, seed=3, seats=seats)
    s.skip_moments()
    s.advance()
    assert s.state.phase is Phase.OVERLEG and s.waiting_for_ai()
    assert first not in {a for a in s._conference_now().seats}, "people are not asked by the computer"


def test_the_live_overleg_asks_the_seats_the_batch_asks(jan):
    """The live session and the batch share the conference (sim.agents.conference): same seats, same order."""
    from sim.agents.conference import overleg_seats

    policies = {a.id: make_policy("expert", jan) for a in jan.agencies}
    s = Session(jan, seed=3, seats={a.id: "expert" for a in jan.agencies})
    assert s._conference_now().seats == overleg_seats(jan, policies) == tuple(a.id for a in jan.agencies)


def test_a_language_switch_tells_the_waiting_moments_again(jan):
    s = Session(jan, seed=3, seats={a.id: "expert" for a in jan.agencies})
    assert s.moments[0].title.startswith("Dit is")
    s.retell("en")
    assert s.moments[0].title.startswith("This is") and s.lang == "en"


def test_an_undo_drops_the_moments_of_the_move_taken_back(jan):
    s = Session(jan, seed=3)
    s.skip_moments()
    s.advance()
    s.undo()
    assert not s.moments_pending()


def test_the_moments_module_needs_no_pygame():
    import subprocess

    code = "import sys; import sim.ui.moments, sim.ui.session; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


# -- the person's own words ----------------------------------------------------------------------------

def test_the_person_speaks_at_the_start_when_a_stressor_is_taken_away_and_at_the_end(jan):
    said = {q.when.value: q.text for q in jan.person.voice}
    assert set(said) == {"start", "relief", "high_stress", "crisis", "stabiel"}
    st = engine.new_game(jan, 1)
    assert opening(jan, st, "en").quote == said["start"].en
    k = next(i for i, (sev, known) in enumerate(zip(st.severity, st.known)) if sev > 0 and known)
    card = next(c for c in jan.cards if c.is_boundary)
    entry = line(st, LogKind.CARD, card.agency, card.id, [Change(Figure.STRESSOR, jan.stressors[k].id, st.severity[k], 0)])
    severity = tuple(0 if i == k else v for i, v in enumerate(st.severity))
    [m] = moments_from(jan, st, added(st, entry, severity=severity), "nl", computer={card.agency})
    assert m.quote == said["relief"].nl
    states = _states(jan, 3, "expert")
    [end] = [m for m in moments_from(jan, states[-2], states[-1], "nl") if m.kind == "end"]
    assert end.quote == said["stabiel"].nl


def test_a_hidden_stressor_taken_away_does_not_make_the_person_speak(jan):
    st = engine.new_game(jan, 1)
    k = next(i for i, (sev, known) in enumerate(zip(st.severity, st.known)) if sev > 0 and not known)
    card = next(c for c in jan.cards if c.is_boundary)
    entry = line(st, LogKind.CARD, card.agency, card.id, [Change(Figure.STRESSOR, jan.stressors[k].id, st.severity[k], 0)])
    severity = tuple(0 if i == k else v for i, v in enumerate(st.severity))
    [m] = moments_from(jan, st, added(st, entry, severity=severity), "nl", computer={card.agency})
    assert m.quote is None


def test_a_voice_line_for_no_known_moment_is_refused_with_the_choices():
    from sim.scenario.loader import check_text

    text = JAN.read_text(encoding="utf-8").replace("    - when: start\n", "    - when: begin\n", 1)
    report = check_text(text, "jan.yaml")
    assert report.scenario is None
    assert any("begin" in p.message and "start" in p.message for p in report.errors), [str(p) for p in report.errors]
