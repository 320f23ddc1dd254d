"""The game behind the consoles when there is no window: the headless host's table.

It does what the shared screen's session does for the consoles (`sim.ui.session.Session`
has the same methods, so the window's session can stand in for it): the chain of
states for undo, the seats played by the computer, the facilitator's notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np

from sim.agents import POLICIES, make_policy
from sim.core import engine
from sim.core.model import AgencyId, Scenario
from sim.core.observation import observe
from sim.core.state import Action, GameState

HUMAN = "mens"  # a seat played by people (the same word as sim.ui.session.HUMAN)


class Table(Protocol):
    """What the consoles' host drives: a game with undo, notes and computer seats."""

    scenario: Scenario
    paused: bool  # one pause for the window and every console

    @property
    def state(self) -> GameState: ...

    def apply(self, action: Action) -> GameState: ...

    def undo(self) -> bool: ...

    def add_note(self, text: str) -> bool: ...

    def waiting_for_ai(self) -> bool: ...

    def ai_step(self) -> GameState | None: ...


class HeadlessTable:
    """A game with undo, notes and computer seats, and no screen."""

    def __init__(self, scenario: Scenario, seed: int = 1, seats: Mapping[AgencyId, str] | None = None):
        self.scenario = scenario
        self.states: list[GameState] = [engine.new_game(scenario, seed)]
        self.controller: dict[AgencyId, str] = {a.id: (seats or {}).get(a.id, HUMAN) for a in scenario.agencies}
        for a, ctl in self.controller.items():
            if ctl != HUMAN and ctl not in POLICIES:
                raise KeyError(f"unknown policy {ctl!r} for {a}; known: {', '.join(POLICIES)}")
        self._policies = {a: make_policy(c, scenario) for a, c in self.controller.items() if c != HUMAN}
        self.notes: list[str] = []
        self.paused = False

    @property
    def state(self) -> GameState:
        """The current game state."""
        return self.states[-1]

    def apply(self, action: Action) -> GameState:
        """Apply an action through the engine (raises IllegalActionError saying why)."""
        self.states.append(engine.apply(self.scenario, self.state, action))
        return self.state

    def undo(self) -> bool:
        """Take back the last action; False when there is none."""
        if len(self.states) <= 1:
            return False
        self.states.pop()
        return True

    def add_note(self, text: str) -> bool:
        """Keep a facilitator's note; False when it is empty."""
        text = text.strip()
        if text:
            self.notes.append(text)
        return bool(text)

    def set_controller(self, agency: AgencyId, controller: str) -> None:
        """Let people (HUMAN) or a policy play `agency` from now on."""
        if controller != HUMAN and controller not in POLICIES:
            raise KeyError(controller)
        self.controller[agency] = controller
        if controller == HUMAN:
            self._policies.pop(agency, None)
        else:
            self._policies[agency] = make_policy(controller, self.scenario)

    def waiting_for_ai(self) -> bool:
        """Whether the next move is a computer seat's."""
        active = self.state.active_agency
        return not engine.is_over(self.state) and active is not None and active in self._policies

    def ai_step(self) -> GameState | None:
        """One move of the computer seat whose turn it is (chance from the seed and the move number)."""
        if not self.waiting_for_ai():
            return None
        agency = self.state.active_agency
        assert agency is not None
        rng = np.random.default_rng(np.random.SeedSequence((self.state.seed, 0xA1, len(self.state.actions))))
        legal = engine.legal_actions(self.scenario, self.state)
        return self.apply(self._policies[agency].choose(observe(self.scenario, self.state, agency), legal, rng))
