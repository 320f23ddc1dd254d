"""The host behind the consoles: one game, one lock, and the seats around it.

Every request from a console ends in `Host.handle`, which holds the lock, turns
a checked message into an engine action and passes it through the same
`engine.why_not` / `apply` as a click on the shared screen; an illegal action
gets the same reason, in the seat's words. The host's views and replies go out
through `sim.net.gate` only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from sim.agents import POLICIES
from sim.core import engine
from sim.core.model import AgencyId, Scenario
from sim.core.state import Action, Adjust, InjectEvent, NextPhase, PlayCard
from sim.i18n import name_of, reason_text, t
from sim.net import gate
from sim.net.messages import BadMessage, team_action
from sim.net.seats import BOARD, FACILITATOR, TEAM, Seat, Tokens, all_seats, team
from sim.net.table import HUMAN, Table

DEVICE = "device"
AT_TABLE = "table"


@attrs.define
class Proposal:
    """A joint card a team wants to play, waiting for the partners on their own devices to agree."""

    agency: AgencyId
    card: str
    waiting: set[AgencyId]

    def describe(self, sc: Scenario, lang: str, viewer: AgencyId | None) -> dict[str, Any]:
        """The proposal as a console shows it (`can_answer`: the viewer still has to agree)."""
        return {"card": self.card, "title": name_of(("card", self.card), lang, sc),
                "by": name_of(("agency", self.agency), lang, sc),
                "waiting": [name_of(("agency", a), lang, sc) for a in sorted(self.waiting)],
                "can_answer": viewer is not None and viewer in self.waiting}


class Host:
    """The game behind the consoles; thread-safe (one lock around every read and change)."""

    def __init__(self, table: Table, tokens: Tokens | None = None, lang: str = "nl",
                 devices: Iterable[AgencyId] | None = None, drive_ai: bool = True):
        self.table = table
        self.sc = table.scenario
        ids = [a.id for a in self.sc.agencies]
        self.tokens = tokens or Tokens(all_seats(ids))
        self.lang = lang
        self.lock = threading.RLock()
        on_device = set(ids if devices is None else devices)
        controller = getattr(table, "controller", {})
        self.modes: dict[AgencyId, str] = {
            a: controller.get(a, HUMAN) if controller.get(a, HUMAN) != HUMAN else (DEVICE if a in on_device else AT_TABLE)
            for a in ids}
        self.connected: dict[str, int] = {}
        self.version = 0
        self.locked = False
        self.proposals: list[Proposal] = []
        self.drive_ai = drive_ai
        self.on_kick: Callable[[Seat], None] | None = None  # the server closes the seat's connections
        self._run_ai()

    @property
    def paused(self) -> bool:
        """Whether play is paused: one switch with the window's own pause (the table holds it)."""
        return bool(self.table.paused)

    @paused.setter
    def paused(self, on: bool) -> None:
        self.table.paused = on

    # -- seeing -------------------------------------------------------------
    def seat_of(self, path: str) -> Seat | None:
        """The seat a URL part names, or None."""
        return next((s for s in self.tokens.seats if s.path == path), None)

    def context(self, seat: Seat, lang: str | None = None) -> gate.Context:
        """What the host adds to a seat's view."""
        codes = {}
        if seat.role == FACILITATOR:
            codes = {a: self.tokens.code(team(a)) or "" for a in self.modes}
        return gate.Context(lang=lang or self.lang, version=self.version, paused=self.paused, locked=self.locked,
                            modes=dict(self.modes), connected=dict(self.connected), codes=codes,
                            proposals=list(self.proposals), notes=list(getattr(self.table, "notes", [])))

    def view(self, seat: Seat, lang: str | None = None) -> dict[str, Any]:
        """The seat's view now (through the gate)."""
        with self.lock:
            return gate.seat_view(self.sc, self.table.state, seat, self.context(seat, lang))

    def message(self, seat: Seat, lang: str | None = None) -> str:
        """The state message for `seat` as sent (the gate's `outgoing`)."""
        with self.lock:
            return self.send(seat, {"type": "state", "view": self.view(seat, lang)})

    def send(self, seat: Seat, message: dict[str, Any], lang: str | None = None) -> str:
        """Any message for `seat` as sent; a message the gate withholds becomes an error that says so."""
        with self.lock:
            state = self.table.state
            try:
                return gate.outgoing(self.sc, state, seat, message)
            except gate.Withheld:
                return gate.outgoing(self.sc, state, seat, {"type": "error", "text": t("console.withheld", lang or self.lang)})

    def attach(self, seat: Seat, delta: int) -> None:
        """A connection of `seat` opened (+1) or closed (-1): the facilitator sees who is connected."""
        with self.lock:
            self.connected[seat.path] = max(0, self.connected.get(seat.path, 0) + delta)
            self.version += 1

    # -- changing -----------------------------------------------------------
    def handle(self, seat: Seat, msg: dict[str, Any], lang: str | None = None) -> dict[str, Any] | None:
        """Carry out a checked message from `seat`; the reply for the sender (None: nothing to say)."""
        lang = lang or self.lang
        with self.lock:
            try:
                reply = self._dispatch(seat, msg, lang)
            except BadMessage as exc:
                return {"type": "error", "text": t(exc.key, lang)}
            except engine.IllegalActionError as exc:
                return {"type": "error", "text": reason_text(exc.reason, lang, self.sc, gate.knowledge(self.sc, self.table.state, seat))}
            return reply

    def _dispatch(self, seat: Seat, msg: dict[str, Any], lang: str) -> dict[str, Any] | None:
        kind = msg["type"]
        if kind == "hello":
            return None
        if seat.role == TEAM and seat.agency is not None:
            return self._team(seat.agency, kind, msg, lang)
        if seat.role == FACILITATOR:
            return self._facilitator(kind, msg, lang)
        raise BadMessage("console.err.not_allowed")

    def _changed(self) -> None:
        self.version += 1
        self._run_ai()

    def _run_ai(self) -> None:
        if not self.drive_ai:
            return
        while self.table.waiting_for_ai():
            self.table.ai_step()
            self.version += 1

    def _apply(self, action: Action) -> None:
        self.table.apply(action)
        self._changed()

    def _team(self, agency: AgencyId, kind: str, msg: dict[str, Any], lang: str) -> dict[str, Any] | None:
        if self.paused:
            raise BadMessage("console.err.paused")
        if self.modes.get(agency) != DEVICE:
            raise BadMessage("console.err.not_allowed")
        if kind == "act":
            return self._act(team_action(msg["action"], agency), lang)
        proposal = next((p for p in self.proposals if p.card == msg["card"] and agency in p.waiting), None)
        if proposal is None:
            raise BadMessage("console.err.no_proposal")
        if kind == "decline":
            self.proposals.remove(proposal)
            self.version += 1
            return {"type": "info", "text": t("console.ok.declined", lang, agency=name_of(("agency", agency), lang, self.sc),
                                               card=name_of(("card", proposal.card), lang, self.sc))}
        proposal.waiting.discard(agency)
        if not proposal.waiting:
            self.proposals.remove(proposal)
            self._apply(PlayCard(proposal.agency, proposal.card))  # checked again: the game may have moved on
        else:
            self.version += 1
        return None

    def _act(self, action: Action, lang: str) -> dict[str, Any] | None:
        reason = engine.why_not(self.sc, self.table.state, action)
        if reason is not None:
            raise engine.IllegalActionError(reason)
        if isinstance(action, PlayCard):
            partners = {p for p in self.sc.card_by_id[action.card].partners if self.modes.get(p) == DEVICE}
            if partners:
                self.proposals = [p for p in self.proposals if p.card != action.card]
                self.proposals.append(Proposal(action.agency, action.card, partners))
                self.version += 1
                names = ", ".join(name_of(("agency", p), lang, self.sc) for p in sorted(partners))
                return {"type": "info", "text": t("console.ok.proposed", lang, partners=names)}
        self._apply(action)
        return None

    def _facilitator(self, kind: str, msg: dict[str, Any], lang: str) -> dict[str, Any] | None:
        if kind == "next":
            if self.paused:  # as on the shared screen: while paused the game does not go on
                raise BadMessage("console.err.paused")
            self._apply(NextPhase())
        elif kind == "inject":
            self._apply(InjectEvent(msg["event"]))
        elif kind == "adjust":
            key = msg["key"] if msg["key"] != "-" else None
            self._apply(Adjust(msg["figure"], float(msg["delta"]), msg["reason"], key))
        elif kind == "undo":
            if not self.table.undo():
                raise BadMessage("console.err.nothing_to_undo")
            self.proposals.clear()
            self.version += 1  # the computer does not move again at once: undo is the facilitator's to take
        elif kind == "note":
            self.table.add_note(msg["text"])
            self.version += 1
        elif kind in ("pause", "lock"):
            setattr(self, "paused" if kind == "pause" else "locked", msg["on"])
            self.version += 1
        elif kind == "kick":
            self._kick(self._agency(msg["agency"]))
        elif kind == "seat":
            self._seat(self._agency(msg["agency"]), msg["mode"])
        return None

    def _agency(self, agency: str) -> AgencyId:
        if agency not in self.modes:
            raise BadMessage("console.err.bad_seat")
        return agency

    def _kick(self, agency: AgencyId) -> None:
        """The device on this seat is out: a new token and join code, its connections closed."""
        seat = team(agency)
        self.tokens.rotate(seat)
        self.version += 1
        if self.on_kick is not None:
            self.on_kick(seat)

    def _seat(self, agency: AgencyId, mode: str) -> None:
        """Who plays `agency` from now on: its device, the table (hot-seat) or a policy."""
        if mode not in (DEVICE, AT_TABLE, *POLICIES):
            raise BadMessage("console.err.bad_seat")
        set_controller = getattr(self.table, "set_controller", None)
        if set_controller is not None:
            set_controller(agency, HUMAN if mode in (DEVICE, AT_TABLE) else mode)
        elif mode not in (DEVICE, AT_TABLE):
            raise BadMessage("console.err.not_allowed")  # the window gives seats to the computer in its own set-up
        self.modes[agency] = mode
        self._changed()


__all__ = ["AT_TABLE", "BOARD", "DEVICE", "Host", "Proposal"]
