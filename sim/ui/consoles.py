"""Team consoles beside the window: the window's session as the consoles' table, and switching them on.

The devices' moves are checked at once (`engine.why_not`, so a device hears the
engine's own reason) and then handed to the screen's thread (`Session.submit`),
which applies them like a click; the server thread sees the new state and tells
every seat (`sim.net.thread`).
"""

from __future__ import annotations

from sim.core import engine
from sim.core.state import Action, GameState
from sim.net.host import Host
from sim.net.seats import Tokens, all_seats
from sim.net.thread import ServerThread
from sim.ui.session import HUMAN, Session

DEFAULT_BIND = "0.0.0.0"  # the local network: the teams' phones must reach the laptop (tests use loopback)


class ScreenTable:
    """`sim.net.table.Table` over the window's session."""

    def __init__(self, session: Session):
        self.session = session
        self.scenario = session.scenario
        self.controller = dict(session.seats.controller)

    @property
    def state(self) -> GameState:
        return self.session.state

    @property
    def notes(self) -> list[str]:
        return [n.text for n in self.session.notes]

    @property
    def paused(self) -> bool:
        """The window's own pause: one switch for the board and every console."""
        return bool(self.session.paused)

    @paused.setter
    def paused(self, on: bool) -> None:
        self.session.paused = on  # one bool: the board sees it in its next frame (BoardScene._advance)

    def apply(self, action: Action) -> GameState:
        reason = engine.why_not(self.scenario, self.session.state, action)
        if reason is not None:
            raise engine.IllegalActionError(reason)
        self.session.submit(lambda s: None if s.paused else s.apply(action))  # paused meanwhile: not played
        return self.session.state

    def undo(self) -> bool:
        self.session.submit(lambda s: s.undo())
        return len(self.session.states) > 1

    def add_note(self, text: str) -> bool:
        self.session.submit(lambda s: s.add_note(text))
        return bool(text.strip())

    def set_controller(self, agency: str, controller: str) -> None:
        """People (HUMAN) or a policy play `agency` from now on; the screen's thread makes the change."""
        self.controller[agency] = controller
        self.session.submit(lambda s: s.set_controller(agency, controller))

    def waiting_for_ai(self) -> bool:
        return False  # the board runs the computer's moves itself, at a pace the room can follow

    def ai_step(self) -> GameState | None:
        return None


def device_seats(session: Session) -> list[str]:
    """The teams that join on their own device: those people play, but not those a resumed session had at the table."""
    saved = getattr(session, "saved", None)
    at_table = set(saved.console_at_table) if saved else set()
    return [a for a, ctl in session.seats.controller.items() if ctl == HUMAN and a in session.state.in_play and a not in at_table]


def switch_on(session: Session, bind: str | None = None, port: int = 0) -> ServerThread:
    """Start the consoles for `session`: every team played by people joins on its own device."""
    bind = bind or DEFAULT_BIND
    saved = getattr(session, "saved", None)
    devices = device_seats(session)
    tokens = Tokens(all_seats([ag.id for ag in session.scenario.agencies]), stored=saved.console_tokens if saved else None)
    host = Host(ScreenTable(session), lang=session.lang, devices=devices, drive_ai=False, tokens=tokens)  # resumed: same seats
    consoles = ServerThread(host, bind, port).start()
    session.consoles = consoles
    session.autosave()  # the seats' tokens are in the session file at once: a crash now still keeps the seats
    return consoles
