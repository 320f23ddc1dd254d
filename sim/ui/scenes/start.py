"""The start screen (pick a scenario, language) and the set-up screen (teams, seats, timer)."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UICheckBox, UIDropDownMenu, UILabel, UITextBox, UITextEntryLine

from sim import resources
from sim.agents import POLICIES
from sim.scenario.loader import LoadedScenario, ScenarioError, load_scenario
from sim.session import sessionfile as sf
from sim.ui import theme, widgets
from sim.ui.i18n import language, tr
from sim.ui.scene import Context, Pop, Push, Quit, Replace, Scene, Transition
from sim.ui.session import HUMAN, Session
from sim.ui.theme import LOGICAL_SIZE

SCENARIO_DIR = resources.scenarios()
TIMER_CHOICES = (0, 5, 10, 15, 20, 30)


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
        if ctx.scenario_path and not any(str(p) == str(Path(ctx.scenario_path).resolve()) for p, _ in self.options):
            path = Path(ctx.scenario_path)
            try:
                self.options.insert(0, (path, load_scenario(path)))
            except ScenarioError as exc:
                self.options.insert(0, (path, exc))
        self.buttons: dict[object, Path] = {}
        self.file_dialog = None
        self.recent = sf.list_autosaves()[:3]
        self.resume_buttons: dict[object, sf.Autosave] = {}
        self.replay_buttons: dict[object, sf.Autosave] = {}

    def build(self) -> None:
        m = self.ctx.manager
        W = LOGICAL_SIZE[0]
        self.add(UILabel(pygame.Rect(120, 60, 1200, 80), tr("app.title"), m, object_id="#title"))
        self.add(UILabel(pygame.Rect(120, 140, 1500, 44), tr("menu.subtitle"), m))
        self.add(UILabel(pygame.Rect(120, 220, 900, 50), tr("menu.choose"), m, object_id="#heading"))
        y = 280
        self.buttons.clear()
        lang = language()
        row_h = 130 if self.recent else 160
        for path, loaded in self.options[: 3 if self.recent else 4]:
            if isinstance(loaded, ScenarioError):
                title = path.name
                summary = tr("menu.invalid", problem=html.escape(str(loaded.problems[0])))
            else:
                sc = loaded.scenario
                title = sc.title.get(lang)
                summary = html.escape(sc.summary.get(lang))
            btn = self.add(UIButton(pygame.Rect(120, y, 560, row_h - 20), title, m, object_id="#primary" if y == 280 else None))
            if isinstance(loaded, ScenarioError):
                btn.disable()
            self.buttons[btn] = path
            self.add(UITextBox(summary, pygame.Rect(700, y, W - 820, row_h - 20), m))
            y += row_h
        self.open_btn = self.add(UIButton(pygame.Rect(120, y, 560, 60), tr("menu.open_file"), m))
        y += 80
        self.resume_buttons.clear()
        self.replay_buttons.clear()
        if self.recent:
            self.add(UILabel(pygame.Rect(120, y, 900, 50), tr("menu.recent"), m, object_id="#heading"))
            y += 56
            for found in self.recent:
                self.add(UILabel(pygame.Rect(120, y + 6, 1000, 44), self._describe(found), m))
                resume = self.add(UIButton(pygame.Rect(1140, y, 300, 56), tr("menu.resume"), m,
                                           object_id="#primary" if found.saved.outcome is None else None))
                if found.saved.outcome is not None:
                    resume.disable()
                self.resume_buttons[resume] = found
                replay = self.add(UIButton(pygame.Rect(1460, y, 300, 56), tr("menu.replay"), m))
                self.replay_buttons[replay] = found
                y += 66
        self.lang_btn = self.add(UIButton(pygame.Rect(W - 420, 60, 300, 64), tr("app.switch_language"), m))
        self.help_btn = self.add(UIButton(pygame.Rect(W - 740, 60, 300, 64), tr("app.help"), m))
        self.quit_btn = self.add(UIButton(pygame.Rect(W - 420, 140, 300, 64), tr("menu.quit"), m))
        if self.error:
            self.add(UITextBox(f"<font color='#A02800'>{html.escape(self.error)}</font>", pygame.Rect(120, 960, 1300, 90), m))

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
                self.file_dialog = self.add(pygame_gui.windows.UIFileDialog(
                    pygame.Rect(460, 140, 1000, 800), self.ctx.manager, window_title=tr("menu.open_file"),
                    initial_file_path=str(SCENARIO_DIR), allow_picking_directories=False,
                ))
            elif event.ui_element is self.lang_btn:
                self.ctx.toggle_language()
            elif event.ui_element is self.help_btn:
                self.ctx.toggle_help()
            elif event.ui_element is self.quit_btn:
                return Quit()
        elif event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            path = Path(event.text)
            try:
                load_scenario(path)
            except ScenarioError as exc:
                self.error = str(exc.problems[0])
                self.rebuild()
                return None
            return Push(self.ctx.make_scene("setup", path=path))
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_l and not self._typing():
            self.ctx.toggle_language()
        return None

    def _typing(self) -> bool:
        return self.file_dialog is not None and self.file_dialog.alive()


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

    def _controller_label(self, value: str) -> str:
        return tr("setup.people") if value == HUMAN else tr("setup.ai", policy=tr(f"policy.{value}"))

    def build(self) -> None:
        m = self.ctx.manager
        sc = self.loaded.scenario
        lang = language()
        self.add(UILabel(pygame.Rect(80, 40, 1500, 70), sc.title.get(lang), m, object_id="#title"))
        self.add(UILabel(pygame.Rect(80, 120, 1200, 44), tr("setup.heading"), m, object_id="#heading"))
        heads = ((80, "setup.col_play"), (330, "setup.col_agency"), (820, "setup.col_team"), (1260, "setup.col_seat"))
        for x, key in heads:
            self.add(UILabel(pygame.Rect(x, 180, 440, 40), tr(key), m))
        options: list[str | tuple[str, str]] = [self._controller_label(HUMAN), *(self._controller_label(p) for p in POLICIES if p != "pass")]
        row_h = min(96, 620 // max(1, len(sc.agencies)))
        y = 230
        self.rows.clear()
        for a in sc.agencies:
            toggle = self.add(UIButton(pygame.Rect(80, y + 8, 220, row_h - 20),
                                       tr("setup.plays") if self.in_play[a.id] else tr("setup.sits_out"), m))
            entry = self.add(UITextEntryLine(pygame.Rect(820, y + 10, 420, row_h - 24), m, placeholder_text=tr("setup.team_placeholder")))
            entry.set_text(self.names[a.id])
            entry.set_text_length_limit(28)
            seat = self.add(UIDropDownMenu(options, self._controller_label(self.controller[a.id]), pygame.Rect(1260, y + 10, 560, row_h - 24), m))
            self.rows[a.id] = {"toggle": toggle, "entry": entry, "seat": seat, "y": y, "h": row_h}
            y += row_h
        self.add(UILabel(pygame.Rect(80, 880, 400, 44), tr("setup.timer"), m))
        timer_opts: list[str | tuple[str, str]] = [tr("setup.timer_off"), *(tr("setup.timer_min", minutes=n) for n in TIMER_CHOICES[1:])]
        current = timer_opts[TIMER_CHOICES.index(self.timer)]
        self.timer_menu = self.add(UIDropDownMenu(timer_opts, current, pygame.Rect(480, 876, 320, 56), m))
        self.add(UILabel(pygame.Rect(840, 880, 500, 44), tr("setup.seed", seed=self.seed), m))
        self.companion_box = self.add(UICheckBox(pygame.Rect(1360, 888, 40, 40), tr("start.companion"), m, initial_state=self.companion))
        self.back_btn = self.add(UIButton(pygame.Rect(80, 970, 300, 70), tr("setup.back"), m))
        self.lang_btn = self.add(UIButton(pygame.Rect(1240, 970, 300, 70), tr("app.switch_language"), m))
        self.start_btn = self.add(UIButton(pygame.Rect(1560, 970, 300, 70), tr("setup.start"), m, object_id="#primary"))
        self.error_label = self.add(UILabel(pygame.Rect(480, 980, 740, 50), "", m))

    def draw(self, surface) -> None:
        sc = self.loaded.scenario
        lang = language()
        for a in sc.agencies:
            row = self.rows.get(a.id)
            if not row:
                continue
            rect = pygame.Rect(330, row["y"] + 10, 470, row["h"] - 24)
            colour = theme.hex_colour(a.colour) if self.in_play[a.id] else theme.PANEL_ALT
            widgets.draw_agency_badge(surface, pygame.Rect(rect.x, rect.y, 110, rect.height), colour, a.icon, a.label)
            theme.draw_text(surface, a.name.get(lang), pygame.Rect(rect.x + 124, rect.y + 6, rect.width - 124, rect.height),
                            24, theme.INK if self.in_play[a.id] else theme.INK_SOFT, bold=True, max_lines=1)

    def _collect(self) -> None:
        self.companion = self.companion_box.get_state()
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
        return Replace(self.ctx.make_scene("board", session=session))
