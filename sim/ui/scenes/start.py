"""The start screen (pick a scenario, language) and the set-up screen (teams, seats, timer)."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UIImage, UILabel, UIScrollingContainer, UITextBox

from sim import resources
from sim.agents import POLICIES
from sim.scenario.loader import LoadedScenario, ScenarioError, load_scenario
from sim.session import sessionfile as sf
from sim.ui import dialogs, theme, widgets
from sim.ui.i18n import language, tr
from sim.ui.scene import Context, Pop, Push, Quit, Replace, Reset, Scene, Transition
from sim.ui.session import HUMAN, Session
from sim.ui.text import SafeTextEntryLine, not_a_key
from sim.ui.theme import LOGICAL_SIZE

SCENARIO_DIR = resources.scenarios()
TIMER_CHOICES = (0, 5, 10, 15, 20, 30)
MARGIN = 80  # the screen's left and right margin
TOP_BUTTON_W = 320
LIST_W = 620  # the scenario list
SUMMARY_X = MARGIN + LIST_W + 2 * theme.PAD
LIST_TOP = 292
SCROLLBAR_W = 20
# The set-up's rows: two lines each (the agency and its team; who plays the seat), ROWS_PER_PAGE to a page.
COL_PLAY, COL_AGENCY, COL_TEAM, COL_SEAT = MARGIN, MARGIN + 280, 1100, MARGIN + 280 + 420
BADGE_W = 150
ROWS_TOP = 228
ROW_STEP = 2 * theme.ROW + 6 + 12  # 130: the two lines and the space to the next agency
ROWS_PER_PAGE = 5


def shipped_scenarios() -> list[tuple[Path, LoadedScenario | ScenarioError]]:
    """Every scenario file in scenarios/, loaded (or the reason it would not load)."""
    out: list[tuple[Path, LoadedScenario | ScenarioError]] = []
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        try:
            out.append((path, load_scenario(path)))
        except ScenarioError as exc:
            out.append((path, exc))
    # The default scenario first.
    out.sort(key=lambda item: (item[0].stem != "jan-in-de-portiek", item[0].stem))
    return out


class MenuScene(Scene):
    """Start screen: the scenarios on offer, a file of one's own, the language."""

    name = "menu"

    def __init__(self, ctx: Context, error: str | None = None):
        super().__init__(ctx)
        self.error = error
        self.options = shipped_scenarios()
        if ctx.scenario_path and not any(p.resolve() == Path(ctx.scenario_path).resolve() for p, _ in self.options):
            path = Path(ctx.scenario_path)
            try:
                self.options.insert(0, (path, load_scenario(path)))
            except ScenarioError as exc:
                self.options.insert(0, (path, exc))
        self.buttons: dict[object, Path] = {}
        self.file_dialog: dialogs.FileDialog | None = None
        listing = sf.list_sessions()  # by save order, not the recorded clock; damaged files are told, not hidden
        self.recent, self.damaged = list(listing.sessions[:2]), listing.damaged  # two fit under the list at the projector scale
        self.resume_buttons: dict[object, sf.Autosave] = {}
        self.replay_buttons: dict[object, sf.Autosave] = {}

    def build(self) -> None:
        m = self.ctx.manager
        W = LOGICAL_SIZE[0]
        top = W - MARGIN - 3 * TOP_BUTTON_W - 2 * theme.PAD  # the three buttons top right
        self.add(UILabel(pygame.Rect(MARGIN, 24, top - MARGIN - theme.PAD, 92), tr("app.title"), m, object_id="#title"))
        self.help_btn = self.add(UIButton(pygame.Rect(top, 32, TOP_BUTTON_W, theme.BUTTON_H), tr("app.help"), m))
        self.lang_btn = self.add(UIButton(pygame.Rect(top + TOP_BUTTON_W + theme.PAD, 32, TOP_BUTTON_W, theme.BUTTON_H),
                                          tr("app.switch_language"), m))
        self.quit_btn = self.add(UIButton(pygame.Rect(W - MARGIN - TOP_BUTTON_W, 32, TOP_BUTTON_W, theme.BUTTON_H), tr("menu.quit"), m))
        self.add(UITextBox(html.escape(tr("menu.subtitle")), pygame.Rect(MARGIN, 116, W - 2 * MARGIN, 110), m, object_id="#plain"))
        self.add(UILabel(pygame.Rect(MARGIN, 226, LIST_W, 60), tr("menu.choose"), m, object_id="#heading"))
        recent_h = (64 + 6 + len(self.recent) * (theme.BUTTON_H + theme.PAD // 2) + 24) if self.recent else 0
        bottom = 1080 - theme.PAD - recent_h
        self._build_list(pygame.Rect(MARGIN, LIST_TOP, LIST_W, bottom - LIST_TOP - theme.BUTTON_H - theme.PAD))
        self.open_btn = self.add(UIButton(pygame.Rect(MARGIN, bottom - theme.BUTTON_H, LIST_W, theme.BUTTON_H), tr("menu.open_file"), m))
        # The summary of the scenario under the mouse; a file that would not open says why in its place.
        text = f"<font color='#A02800'>{html.escape(self.error)}</font>" if self.error else self._summary(0)
        self.summary = self.add(UITextBox(text, pygame.Rect(SUMMARY_X, LIST_TOP, W - MARGIN - SUMMARY_X, bottom - LIST_TOP), m))
        self._build_recent(bottom + 24)

    def _build_list(self, area: pygame.Rect) -> None:
        """Every scenario in scenarios/ as a button in a list that scrolls when they are many."""
        m = self.ctx.manager
        self.buttons.clear()
        self.summaries: dict[object, int] = {}
        step = theme.BUTTON_H + theme.PAD // 2
        self.scenario_list = self.add(UIScrollingContainer(area, m, allow_scroll_x=False))
        inner = area.width - (SCROLLBAR_W if len(self.options) * step > area.height else 0)
        for i, (path, loaded) in enumerate(self.options):
            title = path.name if isinstance(loaded, ScenarioError) else loaded.scenario.title.get(language())
            btn = UIButton(pygame.Rect(0, i * step, inner, theme.BUTTON_H), not_a_key(title), m, container=self.scenario_list,
                           object_id="#primary" if i == 0 else None)
            if isinstance(loaded, ScenarioError):
                btn.disable()
            self.buttons[btn] = path
            self.summaries[btn] = i
        self.scenario_list.set_scrollable_area_dimensions((inner, len(self.options) * step))

    def _summary(self, index: int) -> str:
        """The summary of scenario `index` (or why it would not load), as the summary box shows it."""
        if not self.options:
            return ""
        path, loaded = self.options[index]
        if isinstance(loaded, ScenarioError):
            return f"<b>{html.escape(path.name)}</b><br>" + tr("menu.invalid", problem=html.escape(str(loaded.problems[0])))
        sc = loaded.scenario
        return html.escape(sc.summary.get(language()))  # its title is on the button beside it

    def _build_recent(self, y: int) -> None:
        m = self.ctx.manager
        self.resume_buttons.clear()
        self.replay_buttons.clear()
        W = LOGICAL_SIZE[0]
        if self.recent:
            y = self._recent_rows(y, W)
        if self.damaged:
            lines = [tr("menu.damaged", name=d.path.name, problem=d.problem.text(language()).removeprefix(f"{d.path}: "))
                     for d in self.damaged[:2]]
            self.add(UITextBox(html.escape(" · ".join(lines)), pygame.Rect(MARGIN, y, W - 2 * MARGIN, 2 * theme.ROW + 20), m))

    def _recent_rows(self, y: int, W: int) -> int:
        """The recent sessions, each with resume and replay; returns where the next thing goes."""
        m = self.ctx.manager
        self.add(UILabel(pygame.Rect(MARGIN, y, 900, 64), tr("menu.recent"), m, object_id="#heading"))
        y += 70
        buttons_x = W - MARGIN - 2 * TOP_BUTTON_W - theme.PAD
        for found in self.recent:
            self.add(UILabel(pygame.Rect(MARGIN, y + 8, buttons_x - MARGIN - theme.PAD, theme.ROW), not_a_key(self._describe(found)), m))
            resume = self.add(UIButton(pygame.Rect(buttons_x, y, TOP_BUTTON_W, theme.BUTTON_H), tr("menu.resume"), m,
                                       object_id="#primary" if found.saved.outcome is None else None))
            if found.saved.outcome is not None:
                resume.disable()
            self.resume_buttons[resume] = found
            replay = self.add(UIButton(pygame.Rect(W - MARGIN - TOP_BUTTON_W, y, TOP_BUTTON_W, theme.BUTTON_H), tr("menu.replay"), m))
            self.replay_buttons[replay] = found
            y += theme.BUTTON_H + theme.PAD // 2
        return y

    @staticmethod
    def _describe(found: sf.Autosave) -> str:
        saved = found.saved
        try:
            title = sf.scenario_for(saved).scenario.title.get(language())
        except sf.SessionFileError:
            title = saved.scenario_id
        when = saved.updated[:16].replace("T", " ")
        state = tr("outcome." + saved.outcome) if saved.outcome else tr("menu.running", round=saved.round)
        return tr("menu.session_line", title=title, state=state, when=when)

    def open_saved(self, found: sf.Autosave, replay: bool) -> Transition | None:
        """Resume a saved session on the board, or step through it in the replay viewer."""
        lang = language()
        try:
            loaded = sf.scenario_for(found.saved)
            if replay:
                return Push(self.ctx.make_scene("replay", saved=found.saved, loaded=loaded))
            sf.claim(found.path)  # another window on this session: "deze sessie is elders geopend", before any move
            session, warnings = Session.resume(found.saved, loaded, lang)
        except sf.SessionFileError as exc:
            self.error = exc.text(lang)
            self.rebuild()
            return None
        session.autosave_enabled = True
        notes = list(warnings)
        if found.from_backup and found.problem is not None:
            notes.insert(0, tr("menu.from_backup", problem=found.problem.text(lang)))
        notice = (tr("menu.resume_warning_title"), "<br><br>".join(html.escape(n) for n in notes)) if notes else None
        if found.saved.console_tokens:  # teams were on their own devices: the same seats, the same addresses
            from sim.ui.consoles import switch_on

            try:
                switch_on(session)
            except OSError as exc:
                self.error = tr("menu.cannot_open", reason=str(exc))
                self.rebuild()
                return None
            make = self.ctx.make_scene
            return Reset((make("menu"), make("board", session=session, notice=notice), make("join", session=session)))
        return Push(self.ctx.make_scene("board", session=session, notice=notice))

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element in self.buttons:
                return Push(self.ctx.make_scene("setup", path=self.buttons[event.ui_element]))
            if event.ui_element in self.resume_buttons:
                return self.open_saved(self.resume_buttons[event.ui_element], replay=False)
            if event.ui_element in self.replay_buttons:
                return self.open_saved(self.replay_buttons[event.ui_element], replay=True)
            if event.ui_element is self.open_btn:
                self.open_file_dialog()
            elif event.ui_element is self.lang_btn:
                self.ctx.toggle_language()
            elif event.ui_element is self.help_btn:
                self.ctx.toggle_help()
            elif event.ui_element is self.quit_btn:
                return Quit()
        elif event.type == pygame_gui.UI_BUTTON_ON_HOVERED and event.ui_element in self.summaries:
            self.summary.set_text(self._summary(self.summaries[event.ui_element]))
        elif event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            path = Path(event.text)
            try:
                load_scenario(path)
            except (ScenarioError, OSError) as exc:
                self.error = str(exc.problems[0]) if isinstance(exc, ScenarioError) else tr("menu.cannot_open", reason=str(exc))
                self.rebuild()
                return None
            return Push(self.ctx.make_scene("setup", path=path))
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_l and not self._typing():
            self.ctx.toggle_language()
        return None

    def _typing(self) -> bool:
        return self.file_dialog is not None and self.file_dialog.alive()

    def open_file_dialog(self) -> None:
        """The "open file" dialog: one at a time (a second click brings the open one to the front)."""
        if self.file_dialog is not None and self.file_dialog.alive():
            self.ctx.manager.set_focus_set(self.file_dialog)
            self.file_dialog.window_stack.move_window_to_front(self.file_dialog)
            return
        self.file_dialog = self.add(dialogs.FileDialog(self.ctx.manager, tr("menu.open_file"), SCENARIO_DIR))


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
        """The round timer and the game's number; back, language and start."""
        m = self.ctx.manager
        W = LOGICAL_SIZE[0]
        y = 1080 - 2 * theme.BUTTON_H - theme.PAD - 12
        self.add(UILabel(pygame.Rect(MARGIN, y + 8, 300, theme.ROW), tr("setup.timer"), m))
        timer_opts: list[str | tuple[str, str]] = [tr("setup.timer_off"), *(tr("setup.timer_min", minutes=n) for n in TIMER_CHOICES[1:])]
        current = timer_opts[TIMER_CHOICES.index(self.timer)]
        self.timer_menu = self.add(UIDropDownMenu(timer_opts, current, pygame.Rect(MARGIN + 310, y, 300, theme.BUTTON_H), m,
                                                  object_id="#expand_up"))
        # the game's number stands up by the heading: the footer's middle holds the paper-cards switch (companion mode)
        self.add(UILabel(pygame.Rect(MARGIN + 620, 104, 520, 60), tr("setup.seed", seed=self.seed), m))
        self.consoles_btn = self.add(UIButton(pygame.Rect(W - MARGIN - 600, y, 600, theme.BUTTON_H), tr(
            "console.switch", state=tr("console.on") if self.consoles else tr("console.off")), m))
        self.companion_btn = self.add(UIButton(pygame.Rect(MARGIN + 650, y, 500, theme.BUTTON_H), tr(
            "start.companion_switch", state=tr("console.on") if self.companion else tr("console.off")), m))
        y = 1080 - theme.BUTTON_H - theme.PAD
        self.back_btn = self.add(UIButton(pygame.Rect(MARGIN, y, 300, theme.BUTTON_H), tr("setup.back"), m))
        self.lang_btn = self.add(UIButton(pygame.Rect(W - MARGIN - 620 - theme.PAD, y, 300, theme.BUTTON_H), tr("app.switch_language"), m))
        self.start_btn = self.add(UIButton(pygame.Rect(W - MARGIN - 320, y, 320, theme.BUTTON_H), tr("setup.start"), m, object_id="#primary"))
        self.error_label = self.add(UILabel(pygame.Rect(MARGIN + 320, y + 8, W - 2 * MARGIN - 320 - 640 - 2 * theme.PAD, theme.ROW), "", m))

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
            self.error_label.set_text(tr("setup.none_playing"))
            return None
        session = Session(
            self.loaded.scenario,
            seed=self.seed,
            in_play=chosen,
            seats=self.controller,
            names=self.names,
            lang=language(),
            round_seconds=self.timer * 60,
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
                self.error_label.set_text(str(exc))
                return None
            make = self.ctx.make_scene
            return Reset((make("menu"), make("board", session=session), make("join", session=session)))
        return Replace(self.ctx.make_scene("board", session=session))
