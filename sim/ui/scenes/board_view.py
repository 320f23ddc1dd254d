"""How the board looks: the layout at 1920×1080 and the drawing of the person, the stress meter,
the triangle, the stressors, the hand, the agencies, the rules in force and the event card.

`BoardView` is the drawing half of `BoardScene`: it reads the scene's state and never changes it
(the cached layer is drawing's own).
"""

from __future__ import annotations

import pygame

from sim.core import engine
from sim.core.model import LEGS
from sim.core.scoring import stability_index
from sim.core.state import Phase, PlayCard
from sim.i18n import money, reason_text
from sim.i18n.narrate import change_text
from sim.ui import theme, widgets
from sim.ui.i18n import language, tr
from sim.ui.session import Session
from sim.ui.theme import INK, INK_SOFT, LINE, PANEL, draw_text, font

TOP = 84
LEFT = pygame.Rect(16, TOP + 8, 520, 1080 - TOP - 24)
CENTRE = pygame.Rect(552, TOP + 8, 880, 1080 - TOP - 24)
RIGHT = pygame.Rect(1448, TOP + 8, 456, 1080 - TOP - 24)
CARD_W, CARD_GAP = 284, 14
BOTTOM_H = 96  # the row under the hand: what just happened, and the big next-step button
LOG_TOP = 690
HAND_TOP = CENTRE.y + 84
MORE = ("", "")  # the tile that turns the page of a hand with more than 12 cards


def _money(x: float) -> str:
    return money(x, language())


class BoardView:
    """The drawing of the board, mixed into `BoardScene` (which holds the state it reads)."""

    # What the drawing reads, set by BoardScene.
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
    dossier_btn: object | None
    layer: pygame.Surface | None
    layer_key: object

    # -- layout and drawing ---------------------------------------------------------------------------
    def layout_hand(self) -> None:
        """Where each card of the hand lies (and the page tile of a big hand); drawing only reads this."""
        cols = 3
        hand = self.session.hand()
        if len(hand) > 12:  # more than fit: pages of 11 and a tile that turns the page
            self.hand_pages = (len(hand) + 10) // 11
            self.hand_page %= self.hand_pages
            hand = hand[self.hand_page * 11:(self.hand_page + 1) * 11] + [MORE]
        else:
            self.hand_page, self.hand_pages = 0, 1
        rows = max(1, (len(hand) + cols - 1) // cols)
        card_h = min(260, (1080 - 16 - BOTTOM_H - 12 - HAND_TOP) // rows - CARD_GAP)
        self.card_rects = [
            (pygame.Rect(CENTRE.x + (n % cols) * (CARD_W + CARD_GAP), HAND_TOP + (n // cols) * (card_h + CARD_GAP), CARD_W, card_h), key)
            for n, key in enumerate(hand)
        ]

    def draw(self, surface: pygame.Surface) -> None:
        # The board is drawn into a cached layer, redrawn only when what it shows changed
        # (the cache is drawing's own; the game state is never touched here).
        key = (id(self.session.state), language(), self.hover, self.selected, round(self.shown_stress, 1),
               tuple(round(x, 2) for x in self.shown_legs), self.flash_time > 0, tuple(self.flash), self.session.paused,
               self.hand_page, tuple(k for _, k in self.card_rects),
               int(self.session.timer_left))
        if key != self.layer_key or self.layer is None:
            self.layer = surface.copy() if self.layer is None else self.layer
            self.layer.fill(theme.BG)
            self._draw_board(self.layer)
            self.layer_key = key
        surface.blit(self.layer, (0, 0))

    def _draw_board(self, surface: pygame.Surface) -> None:
        s = self.session
        st = s.state
        sc = s.scenario
        # Top bar: round and phase, timer.
        pygame.draw.rect(surface, PANEL, (0, 0, 1920, TOP))
        pygame.draw.line(surface, LINE, (0, TOP), (1920, TOP), 2)
        round_text = tr("board.round", round=min(st.round, sc.rounds), rounds=sc.rounds)
        draw_text(surface, round_text, pygame.Rect(20, 6, 460, 40), 30, bold=True, max_lines=1)
        timer_x = 20 + font(30, True).size(round_text)[0] + 28
        draw_text(surface, tr("board.phase", phase=tr("phase." + st.phase.value)), pygame.Rect(20, 46, 460, 32), 24,
                  theme.ACCENT, bold=True, max_lines=1)
        if s.round_seconds:
            left = int(s.timer_left)
            txt = tr("board.timer", time=f"{left // 60:02d}:{left % 60:02d}") if left > 0 else tr("board.time_up")
            colour = theme.WARN if left <= 30 else INK
            draw_text(surface, txt, pygame.Rect(timer_x, 6, 200, 40), 30, colour, bold=True, max_lines=1)
        if s.paused:
            draw_text(surface, tr("board.paused"), pygame.Rect(timer_x, 48, 200, 30), 24, theme.WARN, bold=True, max_lines=1)
        self._draw_person(surface)
        self._draw_centre(surface)
        self._draw_right(surface)
        if st.phase is Phase.GEBEURTENIS and not engine.is_over(st):
            self._draw_event_overlay(surface)

    def _draw_person(self, surface: pygame.Surface) -> None:
        s = self.session
        st = s.state
        sc = s.scenario
        lang = language()
        p = sc.person
        box = pygame.Rect(LEFT.x, LEFT.y, LEFT.width, 184)
        pygame.draw.rect(surface, PANEL, box, border_radius=10)
        pygame.draw.rect(surface, LINE, box, 2, border_radius=10)
        pygame.draw.circle(surface, theme.PANEL_ALT, (box.x + 56, box.y + 96), 46)
        pygame.draw.circle(surface, INK, (box.x + 56, box.y + 96), 46, 3)
        pygame.draw.circle(surface, INK, (box.x + 56, box.y + 80), 15, 3)
        pygame.draw.arc(surface, INK, (box.x + 29, box.y + 99, 54, 46), 0, 3.1416, 3)
        draw_text(surface, f"{p.name}, {p.age}", pygame.Rect(box.x + 112, box.y + 8, box.width - 120, 40), 30, bold=True, max_lines=1)
        meter = pygame.Rect(LEFT.x, box.bottom + 10, LEFT.width, 150)
        course = " → ".join(f"{snap.stress:.0f}" for snap in st.history[-7:])
        widgets.draw_stress_meter(surface, meter, self.shown_stress, tr("board.stress"), tr("board.stress_course", course=course))
        tri = pygame.Rect(LEFT.x, meter.bottom + 10, LEFT.width, 270)
        legs = self.shown_legs
        widgets.draw_triangle(surface, tri, legs, [tr("leg." + leg.value) for leg in LEGS],
                              stability_index(legs, sc.scoring.min_weight), tr("board.stability"),
                              start=st.history[0].legs if st.history else None)
        # Stressors: known with severity pips; hidden ones as face-down tiles.
        area = pygame.Rect(LEFT.x, tri.bottom + 10, LEFT.width, LEFT.bottom - tri.bottom - 10)
        pygame.draw.rect(surface, PANEL, area, border_radius=10)
        pygame.draw.rect(surface, LINE, area, 2, border_radius=10)
        draw_text(surface, tr("board.stressors"), pygame.Rect(area.x + 12, area.y + 6, 400, 30), 24, bold=True, max_lines=1)
        n = len(sc.stressors)
        cols = 1 if n <= 8 else 2
        rows = (n + cols - 1) // cols
        tile_h = min(44, (area.height - 44) // max(rows, 1) - 4)
        tile_w = (area.width - 24 - 12 * (cols - 1)) // cols
        for i, (stressor, sev, known) in enumerate(zip(sc.stressors, st.severity, st.known)):
            r = pygame.Rect(area.x + 12 + (i % cols) * (tile_w + 12), area.y + 40 + (i // cols) * (tile_h + 4), tile_w, tile_h)
            if known:
                bg = PANEL if sev else (225, 240, 232)
                pygame.draw.rect(surface, bg, r, border_radius=6)
                pygame.draw.rect(surface, INK if sev else theme.GOOD, r, 2, border_radius=6)
                for k in range(3):
                    c = (r.right - 16 - (2 - k) * 20, r.centery)
                    if k < sev:
                        pygame.draw.circle(surface, INK, c, 7)
                    else:
                        pygame.draw.circle(surface, LINE, c, 7, 2)
                name = stressor.name.get(lang) if sev else f"✓ {stressor.name.get(lang)}"
                draw_text(surface, name, pygame.Rect(r.x + 8, r.y + (tile_h - 30) // 2, r.width - 84, 30), 22,
                          INK if sev else theme.GOOD, max_lines=1)
            else:
                pygame.draw.rect(surface, theme.HIDDEN, r, border_radius=6)
                for k in range(0, r.width, 18):  # hatching: face down
                    pygame.draw.line(surface, (120, 120, 140), (r.x + k, r.bottom - 2), (min(r.right, r.x + k + r.height), r.y + 2), 2)
                draw_text(surface, tr("board.hidden_stressor"), pygame.Rect(r.x + 8, r.y + (tile_h - 30) // 2, r.width - 16, 30),
                          22, (255, 255, 255), bold=True, max_lines=1)

    def _draw_centre(self, surface: pygame.Surface) -> None:
        s = self.session
        st = s.state
        sc = s.scenario
        lang = language()
        head = pygame.Rect(CENTRE.x, CENTRE.y, CENTRE.width, 72)
        pygame.draw.rect(surface, PANEL, head, border_radius=10)
        pygame.draw.rect(surface, LINE, head, 2, border_radius=10)
        if engine.is_over(st) and st.outcome is not None:
            outcome = tr("outcome." + st.outcome.value)
            draw_text(surface, tr("board.game_over", outcome=outcome), pygame.Rect(head.x + 16, head.y + 16, head.width - 32, 44), 30, bold=True, max_lines=1)
        elif st.phase is Phase.ACTIES and st.active_agency:
            a = sc.agency(st.active_agency)
            widgets.draw_agency_badge(surface, pygame.Rect(head.x + 10, head.y + 10, 120, 52), theme.hex_colour(a.colour), a.icon, a.label)
            who = s.team_name(a.id)
            if s.is_ai(a.id):
                who = tr("board.ai_team", team=who, policy=tr("policy." + s.seats.controller[a.id]))
            text_w = head.width - 160 - (260 if self.dossier_btn is not None else 0)
            draw_text(surface, tr("board.turn", team=who), pygame.Rect(head.x + 144, head.y + 6, text_w, 34), 26, bold=True, max_lines=1)
            i = sc.agency_index[a.id]
            draw_text(surface, tr("board.capacity_mandate", cap=st.capacity[i], mandate=st.mandate[i]),
                      pygame.Rect(head.x + 144, head.y + 38, 700, 30), 22, INK_SOFT, max_lines=1)
        elif st.phase is Phase.OVERLEG:
            draw_text(surface, tr("board.overleg_title"), pygame.Rect(head.x + 16, head.y + 4, head.width - 32, 34), 26, bold=True, max_lines=1)
            draw_text(surface, tr("board.overleg_hint"), pygame.Rect(head.x + 16, head.y + 38, head.width - 32, 30), 22, INK_SOFT, max_lines=1)
        else:
            draw_text(surface, tr("board.event_phase"), pygame.Rect(head.x + 16, head.y + 16, head.width - 32, 40), 26, bold=True, max_lines=1)
        # The hand (laid out by `layout_hand` in update).
        for n, (r, (agency, card_id)) in enumerate(self.card_rects):
            if (agency, card_id) == MORE:
                pygame.draw.rect(surface, theme.PANEL_ALT, r, border_radius=12)
                pygame.draw.rect(surface, theme.ACCENT if self.hover == n else INK, r, 3, border_radius=12)
                draw_text(surface, tr("board.more_cards", page=self.hand_page + 1, pages=self.hand_pages), r.inflate(-30, -40), 26, INK,
                          bold=True, align="center")
                continue
            card = sc.card_by_id[card_id]
            reason = s.why_not(PlayCard(agency, card_id))
            ag = sc.agency(agency)
            widgets.draw_card(
                surface, r, card.title.get(lang), card.type.value, tr("type." + card.type.value),
                engine.card_cost(sc, st, card), card.mandate,
                card.text.get(lang), theme.hex_colour(ag.colour), ag.label if st.phase is Phase.OVERLEG else None,
                None if reason is None else reason_text(reason, lang, sc, st.known),
                hovered=self.hover == n, selected=self.selected == (agency, card_id),
            )
        # What just happened, large, for a few seconds.
        if self.flash and self.flash_time > 0:
            box = pygame.Rect(CENTRE.x, 1080 - 16 - BOTTOM_H, CENTRE.width - 416, BOTTOM_H)
            pygame.draw.rect(surface, (255, 248, 220), box, border_radius=10)
            pygame.draw.rect(surface, theme.ACCENT, box, 3, border_radius=10)
            draw_text(surface, self.flash[-1], box.inflate(-20, -12), 22, INK, max_lines=3, line_gap=0)

    def _draw_right(self, surface: pygame.Surface) -> None:
        s = self.session
        st = s.state
        sc = s.scenario
        lang = language()
        n = len(sc.agencies)
        row_h = min(92, 470 // max(n, 1))
        small = row_h < 80  # six or more agencies: two lines instead of three
        y = RIGHT.y
        for i, a in enumerate(sc.agencies):
            r = pygame.Rect(RIGHT.x, y, RIGHT.width, row_h - 6)
            playing = a.id in st.in_play
            active = st.active_agency == a.id
            pygame.draw.rect(surface, PANEL if playing else theme.PANEL_ALT, r, border_radius=8)
            pygame.draw.rect(surface, theme.ACCENT if active else LINE, r, 4 if active else 2, border_radius=8)
            badge = pygame.Rect(r.x + 6, r.y + 6, 100, min(r.height - 12, 56))
            widgets.draw_agency_badge(surface, badge, theme.hex_colour(a.colour) if playing else theme.PANEL_ALT, a.icon, a.label)
            name = s.team_name(a.id) + (tr("board.ai_short") if s.is_ai(a.id) else "")
            tx = r.x + 116
            tw = r.right - tx - 8
            draw_text(surface, name, pygame.Rect(tx, r.y + 2, tw, 28), 22, INK, bold=True, max_lines=1)
            if not playing:
                draw_text(surface, tr("board.not_playing"), pygame.Rect(tx, r.y + 30, tw, 28), 22, INK_SOFT, max_lines=1)
            else:
                draw_text(surface, tr("board.agency_trust_kpi", trust=f"{st.trust[i]:.0f}", kpi=f"{st.kpi[i]:.0f}"),
                          pygame.Rect(tx, r.y + 29, tw, 28), 22, INK_SOFT, max_lines=1)
                if not small:
                    draw_text(surface, tr("board.agency_cap_mandate", cap=st.capacity[i], mandate=st.mandate[i]),
                              pygame.Rect(tx, r.y + 56, tw, 28), 22, INK_SOFT, max_lines=1)
            y += row_h
        # Money and the rules in force (as many as fit, then "+n more").
        box = pygame.Rect(RIGHT.x, y + 2, RIGHT.width, LOG_TOP - 40 - (y + 2))
        pygame.draw.rect(surface, PANEL, box, border_radius=8)
        pygame.draw.rect(surface, LINE, box, 2, border_radius=8)
        lines = [tr("board.money", spent=_money(sum(st.euros)), crisis=_money(st.crisis_cost))]
        rules = [
            tr("board.rule_line", rule=sc.card_by_id[r.card].title.get(lang),
               until=tr("board.rule_rest") if r.until is None else tr("board.rule_until", round=r.until))
            for r in st.rules
        ] or [tr("board.no_rules")]
        room = max(1, (box.height - 12) // 28 - 1)
        if len(rules) > room:
            rules = rules[: room - 1] + [tr("board.more_rules", n=len(rules) - room + 1)]
        yy = box.y + 6
        for line in lines + rules:
            yy += draw_text(surface, line, pygame.Rect(box.x + 10, yy, box.width - 20, 28), 22, INK, max_lines=1, line_gap=0)
        draw_text(surface, tr("board.log"), pygame.Rect(RIGHT.x + 4, LOG_TOP - 34, 300, 32), 24, INK, bold=True, max_lines=1)

    def _draw_event_overlay(self, surface: pygame.Surface) -> None:
        s = self.session
        st = s.state
        sc = s.scenario
        lang = language()
        shade = pygame.Surface((1920, 1080 - TOP), pygame.SRCALPHA)
        shade.fill((20, 20, 30, 150))
        surface.blit(shade, (0, TOP))
        card = pygame.Rect(0, 0, 1240, 800)
        card.center = (960, TOP + (1080 - TOP) // 2 - 10)
        pygame.draw.rect(surface, PANEL, card, border_radius=18)
        pygame.draw.rect(surface, INK, card, 4, border_radius=18)
        draw_text(surface, tr("event.heading", round=st.round), pygame.Rect(card.x + 40, card.y + 24, card.width - 80, 44), 30, theme.ACCENT, bold=True)
        y = card.y + 80
        entries = [e for e in st.log if e.round == st.round and e.phase is Phase.GEBEURTENIS and e.ref in sc.event_by_id
                   and e.kind != "log.event_skipped"]
        if not entries:
            draw_text(surface, tr("event.none"), pygame.Rect(card.x + 40, y, card.width - 80, 50), 32, INK)
        for entry in entries[-3:]:
            if entry.ref is None:
                continue
            event = sc.event_by_id[entry.ref]
            y += draw_text(surface, event.title.get(lang), pygame.Rect(card.x + 40, y, card.width - 80, 110), 44, INK, bold=True, max_lines=2)
            y += 6
            y += draw_text(surface, event.text.get(lang), pygame.Rect(card.x + 40, y, card.width - 80, 200), 30, INK, max_lines=5)
            effects = [change_text(sc, ch, lang) if not (ch.figure == "stressor" and ch.key is not None and not st.known[sc.stressor_index[ch.key]]) else tr("card.hidden_effect")
                       for ch in entry.changes]
            if entry.kind == "log.event_cancelled":
                effects = [tr("event.cancelled")]
            if event.responder:
                effects.append(tr("event.responder", team=s.team_name(event.responder)))
            if effects:
                y += 4
                y += draw_text(surface, "→ " + "; ".join(effects), pygame.Rect(card.x + 40, y, card.width - 80, 100), 26, theme.ACCENT, max_lines=3)
            y += 22
            if y > card.bottom - 140:
                break
