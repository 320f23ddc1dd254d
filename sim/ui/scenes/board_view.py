"""How the board looks: the bar, the focal point on the left, whose turn and what just happened on the
right above one view on demand, the event card over it all, and pause, black and frozen screens.

`BoardView` is the drawing half of `BoardScene`: it reads the scene's state and never changes it.
The board is kept in one layer made of parts; each part is drawn again only when what it shows
changed (its key), so a move or a hovered card redraws a part, not the whole board.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
import pygame

from sim.core import engine
from sim.core.state import GameState, LogEntry, Phase
from sim.i18n import t
from sim.i18n.narrate import change_text, log_line
from sim.ui import theme
from sim.ui.board import focal, views
from sim.ui.board.layout import (
    BANNER,
    BIG,
    BOTTOM_H,
    CENTRE,
    HUGE,
    LAST,
    LEFT,
    METER,
    PERSON,
    PLAN_NOTE,
    PRIMARY,
    ROOM,
    SCORE,
    TOP,
    TRIANGLE,
    VIEW,
    H,
    W,
)
from sim.ui.board.views import MORE, VIEWS
from sim.ui.i18n import language, tr
from sim.ui.session import Session
from sim.ui.theme import INK, LINE, PANEL, draw_text, font

__all__ = ["BOTTOM_H", "CENTRE", "LEFT", "MORE", "VIEWS", "BoardView"]

Painter = Callable[[pygame.Surface], None]
_SHADES: dict[int, pygame.Surface] = {}


def _shade(alpha: int) -> pygame.Surface:
    """A dark veil over the board below the bar, made once per strength."""
    if alpha not in _SHADES:
        _SHADES[alpha] = pygame.Surface((W, H - TOP), pygame.SRCALPHA)
        _SHADES[alpha].fill((20, 20, 30, alpha))
    return _SHADES[alpha]


class BoardView:
    """The drawing of the board, mixed into `BoardScene` (which holds the state it reads)."""

    session: Session
    shown_stress: float
    shown_legs: list[float]
    hover: int | None
    selected: tuple[str, str] | None
    flash: list[str]
    flash_time: float
    hand_page: int
    hand_pages: int
    card_rects: list[tuple[pygame.Rect, tuple[str, str]]]
    team_rects: list[tuple[pygame.Rect, str]]
    planning: str | None
    view: str
    layer: pygame.Surface | None
    layer_key: object
    part_keys: dict[str, object]
    black: bool
    frozen: pygame.Surface | None
    freezing: bool

    def layout_hand(self) -> None:
        """Where each card of the hand lies (and the page tile of a big hand); drawing only reads this."""
        views.layout_hand(self)

    # -- what the parts show ----------------------------------------------------------------
    def last_text(self) -> tuple[str, bool]:
        """What just happened: a fresh refusal or note (marked), else the last line of the log."""
        if self.flash and self.flash_time > 0:
            return self.flash[-1], True
        return self._last_log_line(self.session.state, language()), False

    def _last_log_line(self, st: GameState, lang: str) -> str:
        cached = getattr(self, "_last_cache", None)
        if cached is not None and cached[0] is st and cached[1] == lang:
            return cached[2]
        entry = next((e for e in reversed(st.log) if e.kind != "log.phase"), None)
        text = "" if entry is None else log_line(self.session.scenario, entry, lang, st.known, self.session.seats.names)
        if entry is not None and entry.changes and font(ROOM).size(text)[0] > LAST.width - 28:
            # One line at the room's size: what happened, without what it changed (the moment and the log tell that)
            text = log_line(self.session.scenario, attrs.evolve(entry, changes=()), lang, st.known, self.session.seats.names)
        if entry is not None and font(ROOM).size(text)[0] > LAST.width - 28:
            text = self._short_line(entry, lang) or text
        self._last_cache = (st, lang, text)
        return text

    def _short_line(self, entry: LogEntry, lang: str) -> str | None:
        """A log line too long for the one line: a share or a card in fewer words (never naming a stressor)."""
        sc = self.session.scenario
        agency = sc.agency(entry.agency) if entry.agency in sc.agency_index else None
        if entry.kind == "log.share" and agency is not None and entry.to in sc.agency_index:
            return t("board.last_share", lang, agency=agency.name.get(lang), to=sc.agency(entry.to).name.get(lang))
        if entry.kind in ("log.card", "log.joint", "log.rule") and agency is not None and entry.ref in sc.card_by_id:
            return t("board.last_card", lang, label=agency.label, card=sc.card_by_id[entry.ref].title.get(lang))
        return None

    def _parts(self) -> dict[str, tuple[pygame.Rect, object, Painter]]:
        s = self.session
        st = s.state
        lang = language()
        legs = tuple(round(x, 2) for x in self.shown_legs)
        view_key = (lang, id(st), self.view, self.hand_page, self.planning, tuple(k for _, k in self.card_rects))
        return {
            "top": (pygame.Rect(0, 0, W, TOP + 1), (st.round, st.phase, int(s.timer_left), s.paused, self.timer_held(), lang),
                    self._draw_top),
            "person": (PERSON, (lang, round(self.shown_stress / 5)), lambda surf: focal.draw_person(surf, s, self.shown_stress)),
            "meter": (METER, (lang, round(self.shown_stress, 1), len(st.history)), lambda surf: focal.draw_meter(surf, s, self.shown_stress)),
            "triangle": (TRIANGLE, (lang, legs, st.legs), lambda surf: focal.draw_triangle(surf, s, self.shown_legs)),
            "score": (SCORE, (lang, st.stress, st.legs, st.severity, st.known, st.stable_streak), lambda surf: focal.draw_score(surf, s)),
            "banner": (BANNER, (lang, st.phase, st.active_agency, st.capacity, st.mandate, st.outcome),
                       lambda surf: focal.draw_banner(surf, s, self.planning)),
            "last": (LAST, (lang, *self.last_text()), lambda surf: focal.draw_last(surf, *self.last_text())),
            "view": (VIEW.inflate(12, 12), view_key, lambda surf: views.DRAW[self.view](surf, self)),
            "plan": (PLAN_NOTE.inflate(4, 4), (lang, self.planning), lambda surf: views.draw_planning_note(surf, self)),
            **self._card_parts(view_key),
        }

    def _card_parts(self, view_key: object) -> dict[str, tuple[pygame.Rect, object, Painter]]:
        """Each card of the hand as a part of its own: a hovered card redraws itself, not the hand."""
        if self.view != "hand":
            return {}
        parts: dict[str, tuple[pygame.Rect, object, Painter]] = {}
        for n, (r, key) in enumerate(self.card_rects):
            paint: Painter = functools.partial(views.draw_card_slot, board=self, n=n)
            parts[f"card{n}"] = (r, (view_key, n == self.hover, key == self.selected), paint)
        return parts

    if TYPE_CHECKING:
        def timer_held(self) -> bool: ...

    def part_keys_reset(self) -> None:
        """Draw every part of the board again (after a freeze, a language switch or a resize)."""
        self.part_keys = {}
        self.layer_key = None

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        if self.frozen is not None or self.freezing:  # the room keeps seeing the board as it was
            if self.layer is not None:
                surface.blit(self.layer, (0, 0))
            return
        if self.layer is None:
            self.layer = surface.copy()  # the same pixel format as the frame: a plain copy when blitted
            self.layer.fill(theme.BG)
            self.part_keys = {}
        parts = self._parts()
        overlay = self.session.state.phase is Phase.GEBEURTENIS and not engine.is_over(self.session.state)
        changed = [name for name, (_, key, _) in parts.items() if self.part_keys.get(name) != key]
        for gone in set(self.part_keys) - set(parts):  # cards no longer on show
            del self.part_keys[gone]
        if overlay and (changed or self.layer_key != "overlay"):  # the event card lies over every part: draw all
            changed = list(parts)
            self.layer.fill(theme.BG)
        elif not overlay and self.layer_key == "overlay":
            changed = list(parts)
            self.layer.fill(theme.BG)
        with theme.record_text() if overlay else contextlib.nullcontext():  # under the event card: not there to be read
            for name in changed:
                rect, key, paint = parts[name]
                self.layer.set_clip(rect)
                self.layer.fill(theme.BG, rect)
                paint(self.layer)
                self.layer.set_clip(None)
                self.part_keys[name] = key
        if overlay and changed:
            self._draw_event_overlay(self.layer)
        self.layer_key = "overlay" if overlay else tuple(self.part_keys.values())
        surface.blit(self.layer, (0, 0))
        if self.session.paused:
            self._draw_paused(surface)

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.black:
            surface.fill((0, 0, 0))
        elif self.freezing:  # the first frame of a freeze: keep the whole image as the room sees it
            self.frozen = surface.copy()
            self.freezing = False
        elif self.frozen is not None:
            surface.blit(self.frozen, (0, 0))
            label = font(22, True).render(tr("uiboard.frozen_mark"), True, (255, 255, 255), (0, 0, 0))
            surface.blit(label, (W - label.get_width() - 4, H - label.get_height() - 4))

    def _draw_top(self, surface: pygame.Surface) -> None:
        s = self.session
        st, sc = s.state, s.scenario
        pygame.draw.rect(surface, PANEL, (0, 0, W, TOP))
        pygame.draw.line(surface, LINE, (0, TOP), (W, TOP), 2)
        short = "uiboard.week_short" if getattr(s, "short_rounds", None) else "uiboard.week"  # a shorter game says so: the room knows when it ends
        week = tr(short, round=min(st.round, sc.rounds), rounds=sc.rounds)  # the phase is in the banner
        x = focal.label(surface, week, BIG, bold=True, midleft=(20, TOP // 2)).right + 32
        if s.round_seconds:
            left = int(s.timer_left)
            txt = tr("board.timer", time=f"{left // 60:02d}:{left % 60:02d}") if left > 0 else tr("board.time_up")
            held = self.timer_held() and left > 0
            colour = theme.WARN if left <= 30 else theme.INK_SOFT if held else INK
            r = focal.label(surface, txt, ROOM, colour, bold=True, midleft=(x, TOP // 2 - (12 if held else 0)))
            if held:  # for the facilitator: the clock waits while the event is read, or while paused
                focal.label(surface, tr("uiboard.timer_waits"), 24, theme.INK_SOFT, midtop=(r.centerx, r.bottom))
            x = r.right + 24

    def _draw_paused(self, surface: pygame.Surface) -> None:
        surface.blit(_shade(120), (0, TOP))
        box = pygame.Rect(0, 0, 1200, 340)
        box.center = (W // 2, H // 2)
        pygame.draw.rect(surface, PANEL, box, border_radius=20)
        pygame.draw.rect(surface, theme.WARN, box, 6, border_radius=20)
        focal.label(surface, tr("uiboard.paused_big"), HUGE + 24, theme.WARN, bold=True, midtop=(box.centerx, box.y + 30))
        draw_text(surface, tr("uiboard.paused_hint"), pygame.Rect(box.x + 50, box.y + 180, box.width - 100, 130), ROOM, INK,
                  align="center", max_lines=2)

    def _draw_event_overlay(self, surface: pygame.Surface) -> None:
        s = self.session
        st, sc = s.state, s.scenario
        lang = language()
        surface.blit(_shade(150), (0, TOP))
        card = pygame.Rect(0, TOP + 12, 1500, PRIMARY.y - 16 - (TOP + 12))  # above the big button: nothing read under it
        card.centerx = W // 2
        pygame.draw.rect(surface, PANEL, card, border_radius=18)
        pygame.draw.rect(surface, INK, card, 4, border_radius=18)
        inner = card.inflate(-80, 0)
        draw_text(surface, tr("event.heading", round=st.round), pygame.Rect(inner.x, card.y + 24, inner.width, 50), ROOM, theme.ACCENT, bold=True)
        y = card.y + 80
        entries = [e for e in st.log if e.round == st.round and e.phase is Phase.GEBEURTENIS and e.ref in sc.event_by_id
                   and e.kind != "log.event_skipped"]
        if not entries:
            draw_text(surface, tr("event.none"), pygame.Rect(inner.x, y, inner.width, 50), ROOM, INK)
        big = len(entries) <= 2
        surface.set_clip(card.inflate(-8, -8))
        for entry in entries[-3:]:
            if entry.ref is None or y > card.bottom - 120:
                continue
            event = sc.event_by_id[entry.ref]
            y += draw_text(surface, event.title.get(lang), pygame.Rect(inner.x, y, inner.width, 130), 56 if big else BIG, INK, bold=True,
                           max_lines=2 if big else 1)
            y += 6 + draw_text(surface, event.text.get(lang), pygame.Rect(inner.x, y + 6, inner.width, 260), ROOM, INK,
                               max_lines=5 if big else 3)
            effects = [tr("card.hidden_effect") if ch.figure == "stressor" and ch.key is not None and not st.known[sc.stressor_index[ch.key]]
                       else change_text(sc, ch, lang) for ch in entry.changes]
            if entry.kind == "log.event_cancelled":
                effects = [tr("event.cancelled")]
            if event.responder:
                effects.append(tr("event.responder", team=s.team_name(event.responder)))
            if effects:
                y += 8 + focal.wrapped(surface, "→ " + "; ".join(effects), pygame.Rect(inner.x, y + 8, inner.width, 130), ROOM, theme.ACCENT,
                                       max_lines=3 if big else 2)
            y += 22 if big else 10
        surface.set_clip(None)
