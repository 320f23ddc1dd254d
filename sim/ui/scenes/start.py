"""The start screen: pick a scenario (or a file of one's own, or a saved session), the language.

The set-up screen that follows is `sim.ui.scenes.setup`."""

from __future__ import annotations

import html
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UIScrollingContainer, UITextBox

from sim import resources
from sim.scenario.loader import LoadedScenario, ScenarioError, load_scenario
from sim.session import sessionfile as sf
from sim.ui import dialogs, theme
from sim.ui.i18n import language, tr
from sim.ui.scene import Context, Push, Quit, Reset, Scene, Transition
from sim.ui.text import not_a_key
from sim.ui.theme import LOGICAL_SIZE

SCENARIO_DIR = resources.scenarios()
MARGIN = 80  # the screen's left and right margin
TOP_BUTTON_W = 320
LIST_W = 620  # the scenario list
SUMMARY_X = MARGIN + LIST_W + 2 * theme.PAD
LIST_TOP = 292
SCROLLBAR_W = 20


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

    def _describe(self, found: sf.Autosave) -> str:
        saved = found.saved
        title = self._title_of(saved)
        when = saved.updated[:16].replace("T", " ")
        state = tr("outcome." + saved.outcome) if saved.outcome else tr("menu.running", round=saved.round)
        return tr("menu.session_line", title=title, state=state, when=when)

    def _title_of(self, saved: sf.SavedSession) -> str:
        """The title of a saved session's scenario: from the scenarios on the list when it is one of them (read once)."""
        for _path, loaded in self.options:
            if isinstance(loaded, LoadedScenario) and loaded.scenario.id == saved.scenario_id:
                return loaded.scenario.title.get(language())
        try:
            return sf.scenario_for(saved).scenario.title.get(language())
        except sf.SessionFileError:
            return saved.scenario_id

    def open_saved(self, found: sf.Autosave, replay: bool) -> Transition | None:
        """Resume a saved session on the board, or step through it in the replay viewer."""
        lang = language()
        try:
            loaded = sf.scenario_for(found.saved)
            if replay:
                return Push(self.ctx.make_scene("replay", saved=found.saved, loaded=loaded))
            sf.claim(found.path)  # another window on this session: "deze sessie is elders geopend", before any move
            from sim.ui.session import Session  # the engine, numpy and the AI: loaded when a game begins, not at start

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
                self.error = tr("menu.cannot_open", reason=sf.os_text(exc, lang))
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
                self.error = str(exc.problems[0]) if isinstance(exc, ScenarioError) else tr("menu.cannot_open", reason=sf.os_text(exc, language()))
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
