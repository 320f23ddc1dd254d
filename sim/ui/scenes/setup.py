"""The set-up screen: which agencies play, the teams' names, who plays each seat, the round timer,
the game's length (the scenario's weeks or a shorter game) and how the teams play (paper cards, own devices)."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UIImage, UILabel

from sim.agents import POLICIES
from sim.scenario.loader import load_scenario
from sim.ui import dialogs, theme, widgets
from sim.ui.i18n import language, tr
from sim.ui.scene import Context, Pop, Replace, Reset, Scene, Transition
from sim.ui.scenes.start import MARGIN
from sim.ui.session import HUMAN, Session
from sim.ui.text import SafeTextEntryLine, not_a_key
from sim.ui.theme import LOGICAL_SIZE

TIMER_CHOICES = (0, 5, 10, 15, 20, 30)
# The set-up's rows: two lines each (the agency and its team; who plays the seat), ROWS_PER_PAGE to a page.
COL_PLAY, COL_AGENCY, COL_TEAM, COL_SEAT = MARGIN, MARGIN + 280, 1100, MARGIN + 280 + 420
BADGE_W = 150
ROWS_TOP = 228
ROW_STEP = 2 * theme.ROW + 6 + 12  # 130: the two lines and the space to the next agency
ROWS_PER_PAGE = 5
SHORTER = (6, 4)  # the shorter games on offer, in weeks (those under the scenario's own length)


class SetupScene(Scene):
    """Set-up: which agencies play, the teams' names, who plays each seat, the round timer."""

    name = "setup"

    def __init__(self, ctx: Context, path: Path | str):
        super().__init__(ctx)
        self.path = Path(path)
        self.loaded = load_scenario(self.path)
        sc = self.loaded.scenario
        self.in_play = {a.id: True for a in sc.agencies}
        self.controller = {a.id: HUMAN for a in sc.agencies}
        self.names = {a.id: "" for a in sc.agencies}
        self.timer = 0
        self.rounds: int | None = None  # a shorter game (weeks), or None: the scenario's own length
        self.companion = False  # companion mode (paper cards on the table)
        self.seed = int(time.time()) % 100000
        self.rows: dict[str, dict] = {}
        self.consoles = False  # teams join on their own device (sim.ui.consoles)
        self.page = 0

    def _controller_label(self, value: str) -> str:
        return tr("setup.people") if value == HUMAN else tr("setup.ai", policy=tr(f"policy.{value}"))

    def build(self) -> None:
        m = self.ctx.manager
        sc = self.loaded.scenario
        W = LOGICAL_SIZE[0]
        self.add(UILabel(pygame.Rect(MARGIN, 12, W - 2 * MARGIN, 92), not_a_key(sc.title.get(language())), m, object_id="#title"))
        self.add(UILabel(pygame.Rect(MARGIN, 104, 600, 60), tr("setup.heading"), m, object_id="#heading"))  # the game's number beside it
        heads = ((COL_PLAY, COL_AGENCY - COL_PLAY, "setup.col_play"), (COL_AGENCY, COL_TEAM - COL_AGENCY, "setup.col_agency"),
                 (COL_TEAM, W - MARGIN - COL_TEAM, "setup.col_team"))
        for x, w, key in heads:
            self.add(UILabel(pygame.Rect(x, 166, w - theme.PAD, theme.ROW), tr(key), m))
        self.pages = max(1, -(-len(sc.agencies) // ROWS_PER_PAGE))
        self.page = min(self.page, self.pages - 1)
        self._build_rows(sc.agencies[self.page * ROWS_PER_PAGE:(self.page + 1) * ROWS_PER_PAGE])
        self._build_pager()
        self._build_footer()

    def _build_footer(self) -> None:
        """The round timer and the game's length, how the teams play; back, language and start."""
        m = self.ctx.manager
        W = LOGICAL_SIZE[0]
        y = 1080 - 2 * theme.BUTTON_H - theme.PAD - 12
        self.add(UILabel(pygame.Rect(MARGIN, y + 8, 300, theme.ROW), tr("setup.timer"), m))
        timer_opts: list[str | tuple[str, str]] = [tr("setup.timer_off"), *(tr("setup.timer_min", minutes=n) for n in TIMER_CHOICES[1:])]
        current = timer_opts[TIMER_CHOICES.index(self.timer)]
        self.timer_menu = self.add(UIDropDownMenu(timer_opts, current, pygame.Rect(MARGIN + 310, y, 300, theme.BUTTON_H), m,
                                                  object_id="#expand_up"))
        self._build_length(pygame.Rect(MARGIN + 630, y, W - 2 * MARGIN - 630 - 600 - theme.PAD, theme.BUTTON_H))
        # the game's number stands up by the heading: the footer's middle holds the paper-cards switch (companion mode)
        self.add(UILabel(pygame.Rect(MARGIN + 620, 104, 520, 60), tr("setup.seed", seed=self.seed), m))
        self.consoles_btn = self.add(UIButton(pygame.Rect(W - MARGIN - 600, y, 600, theme.BUTTON_H), tr(
            "console.switch", state=tr("console.on") if self.consoles else tr("console.off")), m))
        y = 1080 - theme.BUTTON_H - theme.PAD
        self.back_btn = self.add(UIButton(pygame.Rect(MARGIN, y, 300, theme.BUTTON_H), tr("setup.back"), m))
        self.companion_btn = self.add(UIButton(pygame.Rect(MARGIN + 300 + theme.PAD, y, 520, theme.BUTTON_H), tr(
            "start.companion_switch", state=tr("console.on") if self.companion else tr("console.off")), m))
        self.lang_btn = self.add(UIButton(pygame.Rect(W - MARGIN - 620 - theme.PAD, y, 300, theme.BUTTON_H), tr("app.switch_language"), m))
        self.start_btn = self.add(UIButton(pygame.Rect(W - MARGIN - 320, y, 320, theme.BUTTON_H), tr("setup.start"), m, object_id="#primary"))

    # -- the game's length: the scenario's weeks, or a shorter game ---------------------------------
    def lengths(self) -> list[int]:
        """The lengths on offer, in weeks: the scenario's own first, then the shorter ones."""
        full = self.loaded.scenario.rounds
        return [full, *(n for n in SHORTER if n < full)]

    def _length_label(self, weeks: int) -> str:
        full = weeks == self.loaded.scenario.rounds
        return tr("setup.length_full" if full else "setup.length_short", weeks=weeks)

    def _build_length(self, area: pygame.Rect) -> None:
        m = self.ctx.manager
        label_w = 160
        self.add(UILabel(pygame.Rect(area.x, area.y + 8, label_w, theme.ROW), tr("setup.length"), m))
        options: list[str | tuple[str, str]] = [self._length_label(n) for n in self.lengths()]
        current = self._length_label(self.rounds or self.loaded.scenario.rounds)
        self.length_menu = self.add(UIDropDownMenu(options, current, pygame.Rect(area.x + label_w, area.y, area.width - label_w,
                                                                                 theme.BUTTON_H), m, object_id="#expand_up"))
        if len(options) == 1:
            self.length_menu.disable()

    def _length_chosen(self, text: str) -> None:
        weeks = next((n for n in self.lengths() if self._length_label(n) == text), self.loaded.scenario.rounds)
        self.rounds = None if weeks >= self.loaded.scenario.rounds else weeks

    def _refuse(self, text: str) -> None:
        """Why the game cannot start, in a message the facilitator closes."""
        self.add(dialogs.message(self.ctx.manager, tr("setup.start"), html.escape(text), (1100, 420)))

    def _build_rows(self, agencies) -> None:
        """One row per agency on this page: plays or not, badge and name, team name; below it, who plays the seat."""
        m = self.ctx.manager
        W = LOGICAL_SIZE[0]
        lang = language()
        options: list[str | tuple[str, str]] = [self._controller_label(HUMAN), *(self._controller_label(p) for p in POLICIES if p != "pass")]
        self.rows.clear()
        y = ROWS_TOP
        for n, a in enumerate(agencies):
            on = self.in_play[a.id]
            toggle = self.add(UIButton(pygame.Rect(COL_PLAY, y, COL_AGENCY - COL_PLAY - theme.PAD, theme.ROW),
                                       tr("setup.plays") if on else tr("setup.sits_out"), m))
            self.add(UIImage(pygame.Rect(COL_AGENCY, y, BADGE_W, theme.ROW), self._badge(a, on), m))
            self.add(UILabel(pygame.Rect(COL_AGENCY + BADGE_W + theme.PAD, y, COL_TEAM - COL_AGENCY - BADGE_W - 2 * theme.PAD, theme.ROW),
                             not_a_key(a.name.get(lang)), m, object_id="#agency_name" if on else "#agency_out"))
            entry = self.add(SafeTextEntryLine(pygame.Rect(COL_TEAM, y, W - MARGIN - COL_TEAM, theme.ROW), m,
                                               placeholder_text=tr("setup.team_placeholder")))
            entry.set_text(self.names[a.id])
            entry.set_text_length_limit(28)
            self.add(UILabel(pygame.Rect(COL_AGENCY, y + theme.ROW + 6, COL_SEAT - COL_AGENCY - theme.PAD, theme.ROW), tr("setup.col_seat"), m))
            seat = self.add(UIDropDownMenu(options, self._controller_label(self.controller[a.id]),
                                           pygame.Rect(COL_SEAT, y + theme.ROW + 6, W - MARGIN - COL_SEAT, theme.ROW), m,
                                           object_id="#expand_up" if n >= 2 else None))
            self.rows[a.id] = {"toggle": toggle, "entry": entry, "seat": seat, "y": y, "h": ROW_STEP}
            y += ROW_STEP

    def _badge(self, agency, on: bool) -> pygame.Surface:
        surf = pygame.Surface((BADGE_W, theme.ROW), pygame.SRCALPHA)
        colour = theme.hex_colour(agency.colour) if on else theme.PANEL_ALT
        widgets.draw_agency_badge(surf, surf.get_rect(), colour, agency.icon, agency.label)
        return surf

    def _build_pager(self) -> None:
        """With more agencies than fit, pages of ROWS_PER_PAGE and buttons to turn them."""
        self.prev_btn: UIButton | None = None
        self.next_btn: UIButton | None = None
        if self.pages <= 1:
            return
        m = self.ctx.manager
        W = LOGICAL_SIZE[0]
        self.add(UILabel(pygame.Rect(W - MARGIN - 620, 104, 280, 60), tr("setup.page", page=self.page + 1, pages=self.pages), m))
        self.prev_btn = self.add(UIButton(pygame.Rect(W - MARGIN - 320, 104, 150, 60), "◀", m))
        self.next_btn = self.add(UIButton(pygame.Rect(W - MARGIN - 150, 104, 150, 60), "▶", m))
        if self.page == 0:
            self.prev_btn.disable()
        if self.page == self.pages - 1:
            self.next_btn.disable()

    def _collect(self) -> None:
        for aid, row in self.rows.items():
            self.names[aid] = row["entry"].get_text().strip()

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for aid, row in self.rows.items():
                if event.ui_element is row["toggle"]:
                    self._collect()
                    self.in_play[aid] = not self.in_play[aid]
                    self.rebuild()
                    return None
            if event.ui_element in (self.consoles_btn, self.companion_btn):
                self._collect()
                if event.ui_element is self.consoles_btn:
                    self.consoles = not self.consoles
                else:
                    self.companion = not self.companion
                self.rebuild()
                return None
            if event.ui_element is not None and event.ui_element in (self.prev_btn, self.next_btn):
                self._collect()
                self.page += 1 if event.ui_element is self.next_btn else -1
                self.rebuild()
                return None
            if event.ui_element is self.back_btn:
                return Pop()
            if event.ui_element is self.lang_btn:
                self._collect()
                self.ctx.toggle_language()
            elif event.ui_element is self.start_btn:
                return self.start()
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.length_menu:
                self._length_chosen(event.text)
                return None
            if event.ui_element is self.timer_menu:
                opts = [tr("setup.timer_off")] + [tr("setup.timer_min", minutes=n) for n in TIMER_CHOICES[1:]]
                self.timer = TIMER_CHOICES[opts.index(event.text)] if event.text in opts else 0
                return None
            for aid, row in self.rows.items():
                if event.ui_element is row["seat"]:
                    labels = {self._controller_label(v): v for v in [HUMAN, *POLICIES]}
                    self.controller[aid] = labels.get(event.text, HUMAN)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN and not self._focus_in_entry():
            return self.start()
        return None

    def _focus_in_entry(self) -> bool:
        return any(row["entry"].is_focused for row in self.rows.values())

    def start(self) -> Transition | None:
        """Start the game with these settings: the board takes the set-up's place."""
        self._collect()
        chosen = [a for a, on in self.in_play.items() if on]
        if not chosen:
            self._refuse(tr("setup.none_playing"))
            return None
        session = Session(
            self.loaded.scenario,
            seed=self.seed,
            in_play=chosen,
            seats=self.controller,
            names=self.names,
            lang=language(),
            round_seconds=self.timer * 60,
            rounds=self.rounds,
            scenario_path=str(self.path),
            content_hash=self.loaded.content_hash,
        )
        session.companion = self.companion
        session.autosave_enabled = True
        session.autosave()
        if self.consoles:
            from sim.ui.consoles import switch_on

            try:
                switch_on(session)
            except OSError as exc:
                self._refuse(str(exc))
                return None
            make = self.ctx.make_scene
            return Reset((make("menu"), make("board", session=session), make("join", session=session)))
        return Replace(self.ctx.make_scene("board", session=session))
