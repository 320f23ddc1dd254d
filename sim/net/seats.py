"""Seats and their tokens: the board (projector), the facilitator, and one seat per team.

A token is `secrets.token_urlsafe` (new each session unless the session file keeps
them); it is compared in constant time. A short join code per seat lets a phone
type a short address instead of scanning the QR code; joining can be locked.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable, Mapping

import attrs

BOARD = "board"
FACILITATOR = "facilitator"
TEAM = "team"
ROLES = (BOARD, FACILITATOR, TEAM)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone
CODE_LENGTH = 6
TOKEN_BYTES = 24


@attrs.frozen
class Seat:
    """Who a connection speaks for: the board, the facilitator, or the team playing `agency`."""

    role: str
    agency: str | None = None

    @property
    def path(self) -> str:
        """The seat's part of a URL: 'board', 'facilitator' or 'team/AGENCY'."""
        return f"{TEAM}/{self.agency}" if self.role == TEAM else self.role

    def __str__(self) -> str:
        return self.path


def team(agency: str) -> Seat:
    """The seat of the team playing `agency`."""
    return Seat(TEAM, agency)


def all_seats(agencies: Iterable[str]) -> tuple[Seat, ...]:
    """The board, the facilitator and one seat per agency."""
    return (Seat(BOARD), Seat(FACILITATOR), *(team(a) for a in agencies))


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Tokens:
    """The tokens and join codes of one session's seats."""

    def __init__(self, seats: Iterable[Seat], stored: Mapping[str, str] | None = None):
        stored = stored or {}
        self._token: dict[Seat, str] = {}
        for seat in seats:
            given = stored.get(seat.path)
            self._token[seat] = given if isinstance(given, str) and len(given) >= 16 else secrets.token_urlsafe(TOKEN_BYTES)
        self._codes: dict[str, Seat] = {}
        for seat in self._token:
            if seat.role == TEAM:
                self._new_code(seat)

    def _new_code(self, seat: Seat) -> None:
        for code, s in list(self._codes.items()):
            if s == seat:
                del self._codes[code]
        code = _code()
        while code in self._codes:
            code = _code()
        self._codes[code] = seat

    @property
    def seats(self) -> tuple[Seat, ...]:
        """Every seat with a token."""
        return tuple(self._token)

    def token(self, seat: Seat) -> str:
        """The seat's token (goes only into that seat's own URL)."""
        return self._token[seat]

    def code(self, seat: Seat) -> str | None:
        """The seat's short join code, or None (the board and the facilitator have none)."""
        return next((c for c, s in self._codes.items() if s == seat), None)

    def by_code(self, code: str) -> Seat | None:
        """The seat a join code belongs to (codes are read case-insensitively)."""
        return self._codes.get(code.strip().upper()) if isinstance(code, str) else None

    def check(self, seat: Seat | None, given: str | None) -> int:
        """200 when `given` is the seat's token, 401 when no token was given, 403 when it is wrong."""
        if not given:
            return 401
        if seat is None or seat not in self._token:
            return 403
        ok = hmac.compare_digest(self._token[seat].encode(), given.encode("utf-8", "replace"))
        return 200 if ok else 403

    def rotate(self, seat: Seat) -> str:
        """A new token and join code for `seat`: the device that held the old one is out."""
        self._token[seat] = secrets.token_urlsafe(TOKEN_BYTES)
        if seat.role == TEAM:
            self._new_code(seat)
        return self._token[seat]

    def stored(self) -> dict[str, str]:
        """The tokens by seat path, for the session file (so a resumed session keeps its seats)."""
        return {seat.path: tok for seat, tok in self._token.items()}
