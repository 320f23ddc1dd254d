"""The views the board shows on demand, one at a time under whose turn it is: the hand (any team's,
to plan while others play), the stressors, the teams, the log and the person's story.

Each draws into the view's rectangle from what the scene holds; none changes it.
"""

from __future__ import annotations

from typing import Protocol

import attrs
import pygame

from sim.core import engine
from sim.core.model import Card
from sim.core.state import GameState, Phase, PlayCard
from sim.i18n import money
from sim.i18n.narrate import log_line
from sim.ui import accounts, theme, widgets
from sim.ui.board.focal import label, one_line, panel
from sim.ui.board.layout import CARD_COLS, CARD_GAP, CARD_ROWS, CHOOSER_H, DETAIL, HAND, PAGE, PLAN_NOTE, ROOM, VIEW
from sim.ui.i18n import language, num, tr
from sim.ui.session import Session
from sim.ui.theme import INK, INK_SOFT, LINE, PANEL, draw_text, font

MORE = ("", "")  # the tile that turns the page of a hand bigger than a page
VIEWS = ("hand", "stressors", "teams", "log", "story")


class BoardState(Protocol):
    """What the views read of the board scene."""

    session: Session
    hover: int | None
    selected: tuple[str, str] | None
    hand_page: int
    hand_pages: int
    card_rects: list[tuple[pygame.Rect, tuple[str, str]]]
    team_rects: list[tuple[pygame.Rect, str]]
    planning: str | None


def hand_keys(board: BoardState) -> list[tuple[str, str]]:
    """The cards on show: the planning team's own hand, else what the session shows (the active hand, Overleg's)."""
    if board.planning is not None and not board.session.companion:  # companion mode: the cards are on the table
        return [(c.agency, c.id) for c in board.session.scenario.cards_of(board.planning)]
    return board.session.hand()


def layout_hand(board: BoardState) -> None:
    """Where each team badge and card lies (and the page tile of a big hand); drawing only reads this."""
    s = board.session
    x = VIEW.x + 250
    board.team_rects = []
    for a in s.state.in_play:
        board.team_rects.append((pygame.Rect(x, VIEW.y + 4, 132, CHOOSER_H - 8), a))
        x += 142
    hand = hand_keys(board)
    if len(hand) > PAGE:  # more than fit: pages of PAGE - 1 and a tile that turns the page
        per = PAGE - 1
        board.hand_pages = (len(hand) + per - 1) // per
        board.hand_page %= board.hand_pages
        hand = hand[board.hand_page * per:(board.hand_page + 1) * per] + [MORE]
    else:
        board.hand_page, board.hand_pages = 0, 1
    w = (HAND.width - (CARD_COLS - 1) * CARD_GAP) // CARD_COLS
    h = (HAND.height - (CARD_ROWS - 1) * CARD_GAP) // CARD_ROWS
    board.card_rects = [
        (pygame.Rect(HAND.x + (n % CARD_COLS) * (w + CARD_GAP), HAND.y + (n // CARD_COLS) * (h + CARD_GAP), w, h), key)
        for n, key in enumerate(hand)
    ]


# Why a card can't be played, in the few words a tile has room for (the opened card gives the whole reason).
SHORT_WHY = {"why.used_up_once": "tile.used_up", "why.used_up": "tile.used_up", "why.played_this_round": "tile.this_week",
             "why.no_capacity": "tile.no_capacity", "why.no_mandate": "tile.no_mandate", "why.partner_absent": "tile.partner",
             "why.partner_busy": "tile.partner", "why.not_your_turn": "tile.not_your_turn", "why.not_in_play": "tile.not_in_play"}
CONDITION_WHY = ("why.stressor", "why.flag", "why.rule", "why.leg", "why.stress", "why.trust", "why.round")  # the card's own condition


def short_why(key: str) -> str:
    """The tile's words for a reason's catalog key: its own short form, else a condition's or a general one."""
    if key in SHORT_WHY:
        return tr(SHORT_WHY[key])
    return tr("tile.condition") if key.startswith(CONDITION_WHY) else tr("tile.not_now")


def reasons(board: BoardState) -> dict[tuple[str, str], str | None]:
    """Why each card on show cannot be played now, in a tile's few words (None: it can), once per state and language."""
    s = board.session
    st = s.state
    key = (st, language(), tuple(k for _, k in board.card_rects), board.planning)
    cached = getattr(board, "_reasons", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    out: dict[tuple[str, str], str | None] = {}
    for _, (agency, card_id) in board.card_rects:
        if (agency, card_id) == MORE or board.planning is not None:
            continue
        reason = s.why_not(PlayCard(agency, card_id))
        out[(agency, card_id)] = None if reason is None else short_why(reason.key)
    board._reasons = (key, out)  # type: ignore[attr-defined]
    return out


def draw_hand(surface: pygame.Surface, board: BoardState) -> None:
    """The team badges to choose a hand, then the cards; another team's hand is marked 'not your turn'."""
    s = board.session
    sc, st = s.scenario, s.state
    draw_text(surface, tr("uiboard.cards_of"), pygame.Rect(VIEW.x + 4, VIEW.y + 8, 240, 46), ROOM, INK, bold=True, max_lines=1)
    for r, a in board.team_rects:
        ag = sc.agency(a)
        widgets.draw_agency_badge(surface, r, theme.hex_colour(ag.colour), ag.icon, ag.label)
        if a == (board.planning or st.active_agency):
            pygame.draw.rect(surface, theme.ACCENT, r.inflate(8, 8), 4, border_radius=10)
    if board.planning is not None:
        pygame.draw.rect(surface, theme.WARN, HAND.inflate(10, 10), 4, border_radius=14)
    elif not board.card_rects and not s.companion:  # companion mode: the code entry button stands there
        draw_text(surface, tr("uiboard.no_hand"), HAND.inflate(-40, -40), ROOM, INK_SOFT, align="center")


def draw_planning_note(surface: pygame.Surface, board: BoardState) -> None:
    """Under another team's hand: whose cards these are, and that it is not their turn."""
    if board.planning is None:
        return
    panel(surface, PLAN_NOTE, theme.WARN, 3, fill=(255, 236, 228))
    draw_text(surface, tr("uiboard.not_your_turn", team=board.session.team_name(board.planning)), PLAN_NOTE.inflate(-24, -12), DETAIL,
              theme.WARN, bold=True, max_lines=2, line_gap=0)


def _playable_words(s: Session, st: GameState, card: Card) -> str:
    """"Te spelen", and for a boundary card whether its crossing would now be covered (where the scenario asks)."""
    covered = accounts.covered_now(s.scenario, st, card.agency) if card.is_boundary else None
    if covered is None:
        return tr("tile.playable")
    return tr("tile.playable_covered" if covered else "tile.playable_uncovered")


def draw_card_slot(surface: pygame.Surface, board: BoardState, n: int) -> None:
    """The n-th card on show (or the tile that turns the page), each drawn as a part of its own."""
    s = board.session
    sc, st = s.scenario, s.state
    lang = language()
    r, (agency, card_id) = board.card_rects[n]
    if (agency, card_id) == MORE:
        pygame.draw.rect(surface, theme.PANEL_ALT, r, border_radius=12)
        pygame.draw.rect(surface, theme.ACCENT if board.hover == n else INK, r, 3, border_radius=12)
        draw_text(surface, tr("board.more_cards", page=board.hand_page + 1, pages=board.hand_pages), r.inflate(-30, -20), ROOM,
                  INK, bold=True, align="center")
        return
    card = sc.card_by_id[card_id]
    ag = sc.agency(agency)
    why = reasons(board).get((agency, card_id))
    widgets.draw_card(
        surface, r, card.title.get(lang), card.type.value, engine.card_cost(sc, st, card), card.mandate,
        theme.hex_colour(ag.colour), ag.label if st.phase is Phase.OVERLEG else None,
        _playable_words(s, st, card) if why is None and board.planning is None else why or "", playable=why is None,
        hovered=board.hover == n, selected=board.selected == (agency, card_id),
    )


def _pips(surface: pygame.Surface, right: int, y: int, sev: int) -> None:
    for k in range(3):
        c = (right - 20 - (2 - k) * 30, y)
        if k < sev:
            pygame.draw.circle(surface, INK, c, 11)
        else:
            pygame.draw.circle(surface, LINE, c, 11, 3)


def draw_stressors(surface: pygame.Surface, board: BoardState) -> None:
    """Every stressor: known ones with their severity and 'active' or 'solved' in words; hidden ones face down."""
    s = board.session
    sc, st = s.scenario, s.state
    lang = language()
    n = len(sc.stressors)
    cols = 1 if n * 60 - 8 <= VIEW.height else 2  # one column while rows of 52 px fit: whole names
    rows = max(1, (n + cols - 1) // cols)
    gap = 8
    tile_h = min(72, (VIEW.height - (rows - 1) * gap) // rows)
    tile_w = (VIEW.width - 16 * (cols - 1)) // cols
    size = ROOM if tile_h >= 52 else DETAIL
    for i, (stressor, sev, known) in enumerate(zip(sc.stressors, st.severity, st.known)):
        r = pygame.Rect(VIEW.x + (i // rows) * (tile_w + 16), VIEW.y + (i % rows) * (tile_h + gap), tile_w, tile_h)
        text_rect = pygame.Rect(r.x + 14, r.centery - size * 6 // 10, r.width - 28, size + 12)
        if not known:
            pygame.draw.rect(surface, theme.HIDDEN, r, border_radius=8)
            for k in range(0, r.width, 22):  # hatching: face down
                pygame.draw.line(surface, (120, 120, 140), (r.x + k, r.bottom - 2), (min(r.right, r.x + k + r.height), r.y + 2), 2)
            one_line(surface, tr("board.hidden_stressor"), text_rect, size, (255, 255, 255), bold=True)
        elif sev:
            panel(surface, r, INK)
            _pips(surface, r.right, r.centery, sev)
            status = tr("uiboard.active")
            text_rect.width -= 110
            one_line(surface, f"{stressor.name.get(lang)} · {status}", text_rect, size, INK, bold=True)
        else:  # solved: a check mark with the word, so it never reads as merely 'found'
            panel(surface, r, theme.GOOD, 3, fill=(225, 240, 232))
            one_line(surface, f"✓ {stressor.name.get(lang)} · {tr('uiboard.solved')}", text_rect, size, theme.GOOD)


def _deviation_chip(s: Session, st: GameState, agency: str) -> tuple[str, tuple[int, int, int]] | None:
    """A team that has crossed: whether an agreement covers it now (words and a sign, not colour alone); else None."""
    rule = accounts.account_rules(s.scenario).get(agency)
    if rule is None or not any(st.flag_round(f) is not None for f in rule.deviation):
        return None
    if accounts.holding_cover(s.scenario, st, rule) is not None:
        return tr("board.chip_covered"), theme.GOOD
    return tr("board.chip_open"), theme.WARN


def draw_teams(surface: pygame.Surface, board: BoardState) -> None:
    """Each team with its figures (two lines at the room's size); then the money and the rules in force."""
    s = board.session
    sc, st = s.scenario, s.state
    line = font(ROOM).get_linesize()
    n = len(sc.agencies)
    row_h = min(2 * line + 24, (VIEW.height - 2 * line - 16) // max(n, 1))
    y = VIEW.y
    for i, a in enumerate(sc.agencies):
        r = pygame.Rect(VIEW.x, y, VIEW.width, row_h - 6)
        playing = a.id in st.in_play
        panel(surface, r, theme.ACCENT if st.active_agency == a.id else LINE, 4 if st.active_agency == a.id else 2,
              fill=PANEL if playing else theme.PANEL_ALT)
        widgets.draw_agency_badge(surface, pygame.Rect(r.x + 8, r.y + 8, 150, r.height - 16),
                                  theme.hex_colour(a.colour) if playing else theme.PANEL_ALT, a.icon, a.label)
        name = s.team_name(a.id) + (tr("board.ai_short") if s.is_ai(a.id) else "")
        chip = _deviation_chip(s, st, a.id)
        figures = (tr("board.not_playing") if not playing else
                   tr("board.agency_trust_kpi", trust=num(st.trust[i], 0), kpi=num(st.kpi[i], 0)) + " · "
                   + tr("board.agency_cap_mandate", cap=st.capacity[i], mandate=st.mandate[i]))
        text = pygame.Rect(r.x + 174, r.y + (r.height - 2 * line) // 2, r.width - 184, line)
        if chip is not None:
            words, colour = chip
            width = font(ROOM, True).size(words)[0]
            one_line(surface, words, pygame.Rect(text.right - width, text.y, width, text.height), ROOM, colour, bold=True)
            text = pygame.Rect(text.x, text.y, text.width - width - 16, text.height)
        one_line(surface, name, text, ROOM, INK, bold=True)
        text = pygame.Rect(text.x, text.y, r.width - 184, text.height)
        one_line(surface, figures, text.move(0, line), ROOM, INK_SOFT)
        y += row_h
    _money_and_rules(surface, board, pygame.Rect(VIEW.x + 8, y + 4, VIEW.width - 16, VIEW.bottom - y - 4))


def _money_and_rules(surface: pygame.Surface, board: BoardState, room: pygame.Rect) -> None:
    """What was spent, and the rules in force: as many named as fit, the rest counted."""
    sc, st = board.session.scenario, board.session.state
    lang = language()
    y = room.y + draw_text(surface, tr("board.money", spent=money(sum(st.euros), lang), crisis=money(st.crisis_cost, lang)),
                           pygame.Rect(room.x, room.y, room.width, font(ROOM).get_linesize()), ROOM, INK, max_lines=1)
    rules = [tr("board.rule_line", rule=sc.card_by_id[r.card].title.get(lang),
                until=tr("board.rule_rest") if r.until is None else tr("board.rule_until", round=r.until)) for r in st.rules]
    lines = max(1, (room.bottom - y) // font(ROOM).get_linesize())
    text = "; ".join(rules) or tr("board.no_rules")
    k = len(rules)
    while k > 1 and not theme.fits(text, room.width, lines, ROOM):
        k -= 1
        text = "; ".join([*rules[:k], tr("uiboard.more_causes", n=len(rules) - k)])
    draw_text(surface, text, pygame.Rect(room.x, y, room.width, room.bottom - y), ROOM, INK, max_lines=lines)


def log_lines(session: Session) -> list[tuple[str, bool]]:
    """The log, newest first, with the facilitator's undos, redos and notes among the lines; (text, in italics)."""
    return [(text, italic) for text, italic, _ in log_entries(session)]


def log_entries(session: Session) -> list[tuple[str, bool, str]]:
    """`log_lines` with each line's short form too (what happened, not what it changed) for the room's size."""
    lang = language()
    log = session.state.log
    journal = sorted(session.journal, key=lambda j: j.log_len)
    lines: list[tuple[str, bool, str]] = []
    for i in range(len(log) - 1, max(0, len(log) - 40) - 1, -1):
        while journal and journal[-1].log_len > i:
            j = journal.pop()
            text = tr("board.note_line", text=j.text) if j.kind == "note" else tr("board." + j.kind + "_line")
            lines.append((text, True, text))
        if log[i].kind != "log.phase":
            text = log_line(session.scenario, log[i], lang, session.state.known, session.seats.names)
            brief = text if not log[i].changes else log_line(session.scenario, attrs.evolve(log[i], changes=()), lang,
                                                               session.state.known, session.seats.names)
            lines.append((text, False, brief))
    return lines


def draw_log(surface: pygame.Surface, board: BoardState) -> None:
    """The newest lines of the log that fit whole, at the room's size: a line that needs more than two lines
    is told short (what happened; what it changed is in the moments and the report)."""
    y = VIEW.y
    width = VIEW.width - 16
    step = font(ROOM).get_linesize()
    for text, italic, brief in log_entries(board.session):
        shown = text if theme.fits(text, width, 2) else brief
        need = step * len(theme.wrap(shown, font(ROOM), width))
        if y + need > VIEW.bottom:
            break
        y += 6 + draw_text(surface, shown, pygame.Rect(VIEW.x + 8, y, width, need), ROOM,
                           theme.ACCENT if italic else INK, max_lines=need // step, line_gap=0)


def draw_story(surface: pygame.Surface, board: BoardState) -> None:
    """The person's story, whole and large."""
    p = board.session.scenario.person
    panel(surface, VIEW)
    label(surface, f"{p.name.get(language())}, {p.age}", ROOM, INK, bold=True, topleft=(VIEW.x + 20, VIEW.y + 14))
    draw_text(surface, p.story.get(language()), VIEW.inflate(-40, -90).move(0, 30), ROOM, INK)


DRAW = {"hand": draw_hand, "stressors": draw_stressors, "teams": draw_teams, "log": draw_log, "story": draw_story}
assert set(DRAW) == set(VIEWS)
