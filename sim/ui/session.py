"""A live session on the shared screen: the game plus everything around it.

The session holds the scenario, the chain of game states (for undo), who sits
where (a team of people or an AI policy per agency), team names, the language,
the optional round timer and the pause switch. It turns the screen's requests
into engine actions, and every move into the moments the room is shown
(`sim.ui.moments`), queued until the facilitator has gone through them: the
computer and the round timer wait while any is left. It imports no pygame, so
it is tested without a screen.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np

from sim.agents import POLICIES, make_policy
from sim.agents.conference import Conference, conference_step, overleg_seats
from sim.core import engine
from sim.core.model import AgencyId, CardType, Scenario
from sim.core.observation import observe
from sim.core.reasons import Reason
from sim.core.state import Action, Adjust, GameState, InjectEvent, NextPhase, Pass, Phase, PlayCard
from sim.session import sessionfile as sf
from sim.ui.moments import Moment, handover, moments_from, opening

HUMAN = "mens"  # the seat value for a team of people


@attrs.frozen
class JournalEntry:
    """Something the facilitator did outside the game's rules: an undo, a redo or a note.

    `log_len` is the length of the game log at that moment, so the screen can show
    the entry among the log lines in the order things happened.
    """

    kind: str  # "undo", "redo" or "note"
    round: int
    log_len: int
    text: str = ""


@attrs.define
class Seats:
    """Who plays each agency: HUMAN or a policy name; and the teams' names."""

    controller: dict[AgencyId, str]
    names: dict[AgencyId, str]


class Session:
    """One running game on the shared screen."""

    moments_default = True  # whether a new session announces its moments (tests of other screens turn it off)

    def __init__(
        self,
        scenario: Scenario,
        seed: int = 1,
        in_play: list[AgencyId] | None = None,
        seats: Mapping[AgencyId, str] | None = None,
        names: Mapping[AgencyId, str] | None = None,
        lang: str = "nl",
        round_seconds: int = 0,
        scenario_path: str | None = None,
        content_hash: str = "",
        rounds: int | None = None,
    ):
        # A shorter game (`rounds` weeks, fewer than the scenario's): the session plays the scenario shortened.
        self.full_rounds = scenario.rounds
        scenario = sf.shortened(scenario, rounds)
        self.short_rounds = scenario.rounds if scenario.rounds < self.full_rounds else None
        self.scenario = scenario
        self.scenario_path = scenario_path
        self.content_hash = content_hash
        self.lang = lang
        self.states: list[GameState] = [engine.new_game(scenario, seed, in_play)]
        ids = [a.id for a in scenario.agencies]
        self.seats = Seats(
            controller={a: (seats or {}).get(a, HUMAN) for a in ids},
            names={a: (names or {}).get(a, "") for a in ids},
        )
        for a, ctl in self.seats.controller.items():
            if ctl != HUMAN and ctl not in POLICIES:
                raise KeyError(f"unknown policy {ctl!r} for {a}")
        self._policies = {a: make_policy(c, scenario) for a, c in self.seats.controller.items() if c != HUMAN}
        self.round_seconds = round_seconds
        self.timer_left = float(round_seconds)
        self.paused = False
        self.undone: list[GameState] = []  # states taken back by undo, for redo
        self.journal: list[JournalEntry] = []
        self.ratings: dict[str, str] = {}  # learning objective id -> P/S/M/U, set in the debrief
        self.autosave_enabled = False  # the screen turns it on: every change is then saved at once
        self.saved: sf.SavedSession | None = None
        self.save_problem: str | None = None  # why the last autosave failed (shown on screen), or None
        self.show_moments = self.moments_default
        # Announcements not yet gone through, oldest first, each with where it came from (the index of the
        # state after its move, its place among that move's moments) so a language switch can tell it again.
        self._queue: list[tuple[tuple[int, int], Moment]] = []
        self._conference: tuple[tuple[int, int], Conference] | None = None  # (round, moves) it was asked at
        if self.show_moments:
            self._queue.append(((0, 0), opening(scenario, self.state, lang)))
        self._submitted: queue.SimpleQueue[Callable[[Session], object]] = queue.SimpleQueue()
        self.consoles: Any = None  # sim.net.thread.ServerThread while teams play on their own devices
        self.companion = False  # companion mode: the teams play the printed cards, entered here by code (sim/ui/companion.py)

    @classmethod
    def resume(cls, saved: sf.SavedSession, loaded, lang: str | None = None) -> tuple[Session, tuple[str, ...]]:
        """A session brought back from its saved form, exactly where it was; with warnings for the facilitator."""
        restored = sf.restore_all(saved, loaded, lang)
        first = restored.states[0]
        seats = {a: (p if p == HUMAN or p in POLICIES else HUMAN) for a, p in saved.seats.items()}
        session = cls(loaded.scenario, seed=first.seed, in_play=list(first.in_play), seats=seats, names=dict(saved.names),
                      lang=lang or saved.lang, round_seconds=saved.round_seconds, scenario_path=loaded.path,
                      content_hash=loaded.content_hash, rounds=saved.rounds)
        session.states = list(restored.states)
        if len(session.states) > 1:
            session.skip_moments()  # on again mid-game: the room has heard the story
        session.undone = list(reversed(restored.redo_states))
        session.journal = [JournalEntry(n.kind, n.round, n.log_len if n.log_len is not None else len(session.state.log), n.text)
                           for n in saved.notes]
        session.ratings = dict(saved.ratings)
        session.companion = saved.companion  # a companion game resumes as one (paper cards on the table)
        if saved.timer_left is not None:
            session.timer_left = float(saved.timer_left)
        # A session restored with warnings (its scenario changed, moves were dropped) goes on in a new
        # file: the original save stays as it was.
        session.saved = saved if not restored.warnings else sf.fork(saved)
        return session, restored.warnings

    def autosave(self) -> None:
        """Save the session now (atomically, keeping the previous save as a backup), when autosave is on."""
        if not self.autosave_enabled:
            return
        try:
            self.saved = sf.capture(self, self.saved, self.ratings)
            sf.autosave(self.saved)
            self.save_problem = None
        except sf.SessionFileError as exc:
            self.save_problem = exc.text(self.lang)
        except OSError as exc:  # a full disk or a vanished folder: say so (in the session's language), keep playing
            self.save_problem = sf.SessionFileError(None, "session.err.write", reason=sf.os_reason(exc)).text(self.lang)

    # -- reading ----------------------------------------------------------
    @property
    def state(self) -> GameState:
        """The current game state."""
        return self.states[-1]

    def team_name(self, agency: AgencyId) -> str:
        """The team's own name, or the agency's name in the session's language."""
        return self.seats.names.get(agency) or self.scenario.agency(agency).name.get(self.lang)

    def is_ai(self, agency: AgencyId | None) -> bool:
        """Whether an AI policy plays this agency."""
        return agency is not None and self.seats.controller.get(agency, HUMAN) != HUMAN

    def set_controller(self, agency: AgencyId, controller: str) -> None:
        """People (HUMAN) or a policy play `agency` from now on (a seat taken back or given away mid-game)."""
        self.seats.controller[agency] = controller
        self._policies.pop(agency, None)
        if controller != HUMAN:
            self._policies[agency] = make_policy(controller, self.scenario)
        self._conference = None
        self.autosave()

    def hand(self) -> list[tuple[AgencyId, str]]:
        """The cards on show: the active team's hand, or in Overleg every joint and rule card (none in companion mode)."""
        st = self.state
        if self.companion:  # the cards are on the table; they are entered by code (sim/ui/companion.py)
            return []
        sc = self.scenario
        if st.phase is Phase.ACTIES and st.active_agency:
            return [(c.agency, c.id) for c in sc.cards_of(st.active_agency)]
        if st.phase is Phase.OVERLEG:
            return [
                (c.agency, c.id)
                for a in st.in_play
                for c in sc.cards_of(a)
                if c.type in (CardType.JOINT, CardType.RULE)
            ]
        return []

    def why_not(self, action: Action) -> Reason | None:
        """Why an action is not possible now (None: it is)."""
        return engine.why_not(self.scenario, self.state, action)

    def computer_seats(self) -> frozenset[AgencyId]:
        """The agencies an AI policy plays."""
        return frozenset(a for a in self.seats.controller if self.is_ai(a))

    def waiting_for_ai(self) -> bool:
        """Whether the next move is an AI policy's: its turn in the Acties, or the case conference not done."""
        st = self.state
        if engine.is_over(st):
            return False
        if st.phase is Phase.OVERLEG:
            return not self._conference_now().done
        return self.is_ai(st.active_agency)

    @property
    def moments(self) -> list[Moment]:
        """The moments waiting to be shown, oldest (the one on screen) first."""
        return [m for _, m in self._queue]

    def moments_pending(self) -> bool:
        """Whether moments wait to be shown (the computer and the round timer wait too)."""
        return bool(self._queue)

    def next_moment(self) -> Moment | None:
        """Take the oldest moment off the queue (the facilitator has gone on); None when there is none."""
        return self._queue.pop(0)[1] if self._queue else None

    def skip_moments(self) -> None:
        """Leave every waiting moment unshown."""
        self._queue.clear()

    def retell(self, lang: str) -> None:
        """The screen's language changed: tell the waiting moments again in `lang`."""
        self.lang = lang
        retold = []
        for (i, k), m in self._queue:
            told = [opening(self.scenario, self.states[0], lang)] if i == 0 else self._told(i, lang) if i < len(self.states) else []
            retold.append(((i, k), told[k] if k < len(told) else m))
        self._queue = retold

    def _conference_now(self) -> Conference:
        """The computer seats' round of asking in this Overleg; a move by people starts the asking again."""
        key = (self.state.round, len(self.state.actions))
        if self._conference is None or self._conference[0] != key:
            self._conference = (key, Conference(overleg_seats(self.scenario, self._policies)))
        return self._conference[1]

    # -- changing ---------------------------------------------------------
    def submit(self, request: Callable[[Session], object]) -> None:
        """Ask for a change from another thread (a team's device, sim.net); the screen carries it out in its update."""
        self._submitted.put(request)

    def take_submitted(self) -> list[Callable[[Session], object]]:
        """The changes asked for since the last call, oldest first (the screen's thread calls this)."""
        taken = []
        while True:
            try:
                taken.append(self._submitted.get_nowait())
            except queue.Empty:
                return taken

    def apply(self, action: Action) -> GameState:
        """Apply an action (raises IllegalActionError with the reason when not allowed); queue its moments."""
        new = engine.apply(self.scenario, self.state, action)
        self.states.append(new)
        self._announce()
        self.undone.clear()
        if new.round != self.states[-2].round:
            self.timer_left = float(self.round_seconds)
        self.autosave()
        return new

    def play(self, agency: AgencyId, card: str) -> GameState:
        """Play a card for an agency."""
        return self.apply(PlayCard(agency, card))

    def advance(self) -> GameState:
        """Next phase, or pass the turn of the active team."""
        st = self.state
        if st.phase is Phase.ACTIES and st.active_agency:
            return self.apply(Pass(st.active_agency))
        return self.apply(NextPhase())

    def _told(self, i: int, lang: str) -> list[Moment]:
        """The moments of the move that led to state `i`, in `lang`."""
        before, after = self.states[i - 1], self.states[i]
        names = {a: self.team_name(a) for a in self.seats.controller}
        computer = self.computer_seats()
        told = moments_from(self.scenario, before, after, lang, computer, names)
        turn = handover(self.scenario, before, after, lang, set(self.seats.controller) - computer, names)
        return told + ([turn] if turn is not None else [])

    def _announce(self) -> None:
        if self.show_moments:
            i = len(self.states) - 1
            self._queue += [((i, k), m) for k, m in enumerate(self._told(i, self.lang))]

    def _ai_rng(self, question: int = 0) -> np.random.Generator:
        # Chance for the AI comes from the game's seed and the move number: after an undo or a
        # resumed crash, the computer team chooses exactly as it would have.
        parts = (self.state.seed, 0xA1, len(self.state.actions)) + ((question,) if question else ())
        return np.random.default_rng(np.random.SeedSequence(parts))

    def ai_step(self) -> GameState | None:
        """Let the computer make one move; None when it is not its move or moments still wait to be shown.

        In the Acties the active agency's policy moves. In the Overleg the
        computer seats that take part are asked in seat order (as in batch runs,
        `sim.agents.conference`) until one agrees a card, which is played; when
        all have passed the state stays as it was and the people go on.
        """
        if not self.waiting_for_ai() or self.moments_pending():
            return None
        st = self.state
        if st.phase is Phase.OVERLEG:
            return self._conference_step()
        agency = st.active_agency
        assert agency is not None  # a computer seat moves only on its own turn
        action = self._policies[agency].choose(observe(self.scenario, st, agency), engine.legal_actions(self.scenario, st),
                                               self._ai_rng())
        return self.apply(action)

    def _conference_step(self) -> GameState:
        conf = self._conference_now()
        while not conf.done:
            conf, action = conference_step(self.scenario, self.state, self._policies, conf, self._ai_rng(conf.asked + 1))
            if action is not None:
                new = self.apply(action)
                self._conference = ((new.round, len(new.actions)), conf)  # the asking goes on with the next seat
                return new
            self._conference = ((self.state.round, len(self.state.actions)), conf)
        return self.state

    def inject(self, event: str) -> GameState:
        """The facilitator brings in an event card."""
        return self.apply(InjectEvent(event))

    def adjust(self, figure: str, key: str | None, delta: float, reason: str) -> GameState:
        """The facilitator changes a figure with a reason."""
        return self.apply(Adjust(figure, delta, reason, key))

    def undo(self) -> bool:
        """Take back the last action; False when there is nothing to undo."""
        if len(self.states) <= 1:
            return False
        self.undone.append(self.states.pop())
        self.skip_moments()  # they told of a move that is taken back
        if self.undone[-1].round != self.state.round:
            self.timer_left = float(self.round_seconds)  # back in an earlier round: its clock starts again
        self._journal("undo")
        self.autosave()
        return True

    def redo(self) -> bool:
        """Put back the last undone action; False when there is none."""
        if not self.undone:
            return False
        self.states.append(self.undone.pop())
        if self.states[-2].round != self.state.round:
            self.timer_left = float(self.round_seconds)
        self._journal("redo")
        self.autosave()
        return True

    def add_note(self, text: str) -> bool:
        """Keep a facilitator's note (shown in the log, kept for the debrief); False when empty."""
        text = text.strip()
        if not text:
            return False
        self._journal("note", text)
        self.autosave()
        return True

    def rate(self, objective: str, rating: str | None) -> None:
        """The facilitator's P/S/M/U rating of a learning objective (None: no rating)."""
        if rating is None:
            self.ratings.pop(objective, None)
        else:
            if rating not in sf.RATINGS:
                raise ValueError(f"a rating is one of {', '.join(sf.RATINGS)}")
            self.ratings[objective] = rating
        self.autosave()

    @property
    def notes(self) -> list[JournalEntry]:
        """The facilitator's notes so far."""
        return [j for j in self.journal if j.kind == "note"]

    def _journal(self, kind: str, text: str = "") -> None:
        self.journal.append(JournalEntry(kind, self.state.round, len(self.state.log), text))

    def tick(self, seconds: float) -> None:
        """Let the round timer run (it stops at zero, while paused and while a moment is shown)."""
        if self.round_seconds and not self.paused and not self._queue and not engine.is_over(self.state):
            self.timer_left = max(0.0, self.timer_left - seconds)
