"""GUI fuzz: random clicks, drags, wheel turns, keys and pasted text through every scene and dialog, headless.

    python bench/gui_fuzz.py                 # 20,000 events over all stations, hostile text included
    python bench/gui_fuzz.py --events 4000 --seed 3 --plain

The events are shared over stations: each scene, and each dialog of the board,
opened on purpose (start screen, its file dialog, set-up, the board with the
adjust, note, inject, dossier, card, log view, help and companion code entry
open, the event phase, a moment, the consoles' join screen, each debrief tab,
the ratings, the presenter, the look-back). A station is opened again every
`REOPEN` events, so random input that leaves it does not leave it for good.
Each time a station opens, every text field on screen gets every text typed
and pasted (through the real clipboard, `pygame.scrap`, and Ctrl+V) and the
language is switched while the text is in it; then random events follow, and
text is typed into whatever field has the focus: ordinary words, or (without
--plain) the hostile classes of issue 16 (zero-width and format characters,
direction overrides, line separators, tag characters, zalgo, lone surrogates,
NUL, very long words, `$` pairs, placeholders). An exception is recorded with
its station and the app is rebuilt, so one crash does not hide the next.

The stations are visited `--rounds` times (default 2): memory is compared at
the same point of each round, so the growth after warm-up is what a second
visit of the same screens added. Prints the counts per station and scene,
what each station reached, the text fields typed into, every distinct
exception and the memory; exits 1 when anything raised or a station missed
its dialog.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pygame_gui  # noqa: E402

DEFAULT = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
SIZE = (1920, 1080)
REOPEN = 150  # events at a station before it is opened again
PLAIN_TEXT = ["Team Oost", "gesprek met Jan", "12", "-3", "0,5", "ja", "x" * 40]
# What a facilitator pastes from a web page or a word processor, and what an attacker types.
HOSTILE_TEXT = [
    "\u200bTeam", "Team\u200d", "\ufeffJan", "\u202eOost", "een\u2028twee", "\U000e0001tag", "Jan\x00", "Jan\\x00",
    "a" + "\u0301" * 60, "Z\u0351\u0352\u0353\u0354\u0355\u0356" * 20, "\u0301\u0301begin", "$5 of $6",
    "$\\sqrt{\\sqrt{x}}$", "Team %{card}", "{agency}", "<b>vet</b>&amp;", "w" * 4000, "9" * 400, "1e308", "nan",
    "-inf", "\ud800lone", "x\udfffy", "\u00a0Jan\u00a0de\u00a0Vries\u00a0", "regel een\r\nregel twee\tdrie",
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627", "\U0001f600\U0001f469\u200d\U0001f467",
    "Ｆｕｌｌｗｉｄｔｈ", "ǅ ß ẞ ﬃ", "stabiel.app.title",
]
KEYS = ["K_SPACE", "K_RETURN", "K_ESCAPE", "K_p", "K_e", "K_a", "K_n", "K_l", "K_c", "K_d", "K_f", "K_b", "K_1", "K_5",
        "K_9", "K_z", "K_y", "K_v", "K_F1", "K_TAB", "K_PLUS", "K_MINUS", "K_LEFT", "K_RIGHT", "K_UP", "K_DOWN",
        "K_PAGEUP", "K_PAGEDOWN", "K_BACKSPACE", "K_DELETE", "K_HOME", "K_END"]


def rss_mb() -> float:
    """This process's resident memory in MB (Linux /proc; elsewhere the peak from resource)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


# -- stations: a scene, or a scene with one dialog open ------------------------------------------------


def _session(kind: str, companion: bool = False) -> Any:
    from sim.ui.shots import seeded_session

    session = seeded_session(kind, "nl")
    session.companion = companion
    return session


def _board(app: Any, kind: str = "board", companion: bool = False) -> Any:
    return app.switch("board", session=_session(kind, companion))


def _board_with(method: str, *args: Any, companion: bool = False) -> Callable[[Any], None]:
    def open_(app: Any) -> None:
        board = _board(app, companion=companion)
        getattr(board, method)(*args)
    return open_


def _card(app: Any) -> None:
    board = _board(app)
    board.open_card(board.card_rects[0][1])


def _code(app: Any) -> None:
    from sim.ui import companion

    companion.open_code_entry(_board(app, companion=True))


def _moment(app: Any) -> None:
    from sim.ui.moment_shots import moment_session

    app.switch("board", session=moment_session("moment-week", "nl", DEFAULT))
    app.frame(1 / 30)  # the board's first frame pushes the moment


def _join(app: Any) -> None:
    from sim.ui.consoles import switch_on
    from sim.ui.scene import Push

    session = _session("board")
    switch_on(session, "127.0.0.1", 0)  # on loopback only
    app.switch("board", session=session)
    app.apply(Push(app.make_scene("join", session=session)))


def _debrief(tab: str) -> Callable[[Any], None]:
    def open_(app: Any) -> None:
        debrief = app.switch("debrief", session=_session("debrief"))
        debrief.show(tab)
    return open_


def _ratings(app: Any) -> None:
    app.switch("debrief", session=_session("debrief")).open_ratings()


def _replay(app: Any) -> None:
    from sim.scenario.loader import load_scenario
    from sim.session import sessionfile as sf

    app.switch("replay", saved=sf.capture(_session("debrief")), loaded=load_scenario(DEFAULT))


# name -> (how to open it, the scene it shows, the window class it must show, or None)
STATIONS: dict[str, tuple[Callable[[Any], Any], str, str | None]] = {
    "menu": (lambda app: app.switch("menu"), "menu", None),
    "menu-file": (lambda app: app.switch("menu").open_file_dialog(), "menu", "FileDialog"),
    "setup": (lambda app: app.switch("setup", path=DEFAULT), "setup", None),
    "board": (_board, "board", None),
    "board-adjust": (_board_with("open_adjust"), "board", "AdjustDialog"),
    "board-note": (_board_with("open_note"), "board", "NoteDialog"),
    "board-inject": (_board_with("open_inject"), "board", "InjectDialog"),
    "board-dossier": (_board_with("open_dossier"), "board", "TextDialog"),
    "board-card": (_card, "board", "TextDialog"),
    "board-log": (_board_with("show_view", "log"), "board", None),
    "board-help": (lambda app: (_board(app), app.toggle_help()), "board", "TextDialog"),
    "board-code": (_code, "board", "CodeDialog"),
    "event": (lambda app: _board(app, "event"), "board", None),
    "moment": (_moment, "moment", None),
    "join": (_join, "join", None),
    **{f"debrief-{tab}": (_debrief(tab), "debrief", None) for tab in ("course", "why", "questions", "objectives")},
    "debrief-ratings": (_ratings, "debrief", "RatingsDialog"),
    "presenter": (lambda app: app.switch("presenter", session=_session("debrief")), "presenter", None),
    "replay": (_replay, "replay", None),
}


def new_app() -> Any:
    from sim.ui.app import App

    return App(str(DEFAULT), "nl", window_size=SIZE)


def stop_consoles(app: Any) -> None:
    """Switch off the consoles' server a station started."""
    for scene in getattr(app, "stack", []):
        consoles = getattr(getattr(scene, "session", None), "consoles", None)
        if consoles is not None:
            consoles.stop()
            scene.session.consoles = None


def close_app(app: Any) -> None:
    """Switch off what a station started, close the window and give its memory back (what stays is kept)."""
    from sim.ui.memory import release_freed_memory

    stop_consoles(app)
    if pygame.get_init():
        app.close()
    pygame.quit()
    release_freed_memory()


# -- input ------------------------------------------------------------------------------------------


def random_event(rng: np.random.Generator, texts: list[str]) -> pygame.event.Event:
    """One random input event: mostly clicks, then keys, typed text, motion and the wheel."""
    r = rng.random()
    pos = (int(rng.integers(0, SIZE[0])), int(rng.integers(0, SIZE[1])))
    if r < 0.45:
        kind = pygame.MOUSEBUTTONDOWN if rng.random() < 0.5 else pygame.MOUSEBUTTONUP
        return pygame.event.Event(kind, pos=pos, button=int(rng.choice([1, 1, 1, 2, 3])))
    if r < 0.70:
        key = getattr(pygame, KEYS[int(rng.integers(len(KEYS)))])
        mod = pygame.KMOD_CTRL if rng.random() < 0.15 else (pygame.KMOD_SHIFT if rng.random() < 0.1 else 0)
        return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)
    if r < 0.85:
        return pygame.event.Event(pygame.TEXTINPUT, text=texts[int(rng.integers(len(texts)))])
    if r < 0.95:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(int(rng.random() < 0.3), 0, 0))
    return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=int(rng.integers(-3, 4)), flipped=False, precise_x=0.0,
                              precise_y=0.0)


def text_fields(app: Any) -> list[Any]:
    """Every text field alive in the window, in the order they were made."""
    kinds = (pygame_gui.elements.UITextEntryLine, pygame_gui.elements.UITextEntryBox)
    found: list[Any] = []

    def walk(container: Any) -> None:
        for el in list(container.elements):
            if isinstance(el, kinds) and el.alive():
                found.append(el)
            inner = getattr(el, "get_container", None)
            if inner is not None and inner() is not el:
                walk(inner())
    walk(app.manager.get_root_container())
    return found


def put_clipboard(text: str) -> bool:
    """Put `text` on the clipboard as another program would (a lone surrogate cannot be there: it is replaced)."""
    try:
        pygame.scrap.put_text(text.encode("utf-8", "replace").decode("utf-8"))
    except (pygame.error, ValueError):  # a NUL cannot be on a clipboard (SDL keeps C strings)
        return False
    return True


def paste_into_every_field(app: Any, texts: list[str], pump: Callable[[], None]) -> int:
    """Type and paste every text into every text field on screen, switching the language once; returns the fields."""
    fields = text_fields(app)
    for field in fields:
        for i, text in enumerate(texts):
            if not field.alive():
                break
            app.manager.set_focus_set(field)
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
            if put_clipboard(text):
                pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_v, mod=pygame.KMOD_CTRL, unicode="",
                                                     scancode=0))
            pump()
            if i == len(texts) // 2:
                app.toggle_language()  # the text is still in the field (issue 16, the third way in)
                pump()
        if field.alive():
            app.manager.set_focus_set(field)
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
            pump()
    return len(fields)


# -- the run ------------------------------------------------------------------------------------------


class Run:
    """One fuzz run: the counts, what each station reached, the exceptions and the memory samples."""

    def __init__(self, seed: int, hostile: bool):
        self.rng = np.random.default_rng(seed)
        self.texts = PLAIN_TEXT + (HOSTILE_TEXT if hostile else [])
        self.counts: Counter[str] = Counter()
        self.reached: dict[str, set[str]] = defaultdict(set)
        self.fields: Counter[str] = Counter()
        self.errors: list[tuple[str, str, str]] = []
        self.memory: list[tuple[int, float]] = []
        self.after: dict[str, list[float]] = defaultdict(list)  # the memory after each visit of a station
        self.sent = 0
        self.app: Any = None

    def pump(self) -> None:
        for event in pygame.event.get():
            self.counts[self.app.scene.name if self.app.scene else "?"] += 1
            self.app.handle(event)
        self.app.frame(1 / 30)
        if not self.app.running:  # "Afsluiten" or a window close: start again
            self.app.running = True
            self.app.switch("menu")
        self._look()

    def _look(self) -> None:
        scene = self.app.scene
        if scene is not None:
            self.reached[self.station].add(scene.name)
        for window in self.app.manager.get_window_stack().stack:
            self.reached[self.station].add(type(window).__name__)

    def open(self, name: str, first: bool) -> None:
        if self.app is None:
            self.app = new_app()
        stop_consoles(self.app)
        STATIONS[name][0](self.app)
        self._look()
        if first:
            self.fields[name] += paste_into_every_field(self.app, self.texts, self.pump)

    def visit(self, name: str, events: int) -> None:
        self.station = name
        for i in range(events):
            if self.sent % 1000 == 0:
                self.memory.append((self.sent, round(rss_mb(), 1)))
            try:
                if i % REOPEN == 0 or self.app is None:
                    self.open(name, first=i == 0)
                self.sent += 1
                pygame.event.post(random_event(self.rng, self.texts))
                if i % 4 == 3:
                    self.pump()
            except Exception as exc:  # noqa: BLE001 - a finding: record it, rebuild, go on
                self.errors.append((name, f"{type(exc).__name__}: {exc}"[:300], traceback.format_exc(limit=-6)))
                close_app(self.app)
                self.app = None


def fuzz(events: int, seed: int = 0, hostile: bool = True, stations: tuple[str, ...] = tuple(STATIONS),
         rounds: int = 2) -> dict:
    """Send `events` random events shared over `stations`, `rounds` times over; returns what happened."""
    run = Run(seed, hostile)
    per = max(1, events // (len(stations) * rounds))
    ends: list[float] = []
    try:
        for _ in range(rounds):
            for name in stations:
                run.visit(name, per)
                if run.app is not None:  # one app per station: nothing one station left open spills into the next
                    close_app(run.app)
                    run.app = None
                run.after[name].append(round(rss_mb(), 1))
            ends.append(round(rss_mb(), 1))
    finally:
        if run.app is not None:
            close_app(run.app)
    run.memory.append((run.sent, round(rss_mb(), 1)))
    missed = [n for n in stations if STATIONS[n][1] not in run.reached[n]
              or (STATIONS[n][2] is not None and STATIONS[n][2] not in run.reached[n])]
    return {"events": run.sent, "counts": dict(run.counts), "errors": run.errors, "memory": run.memory,
            "round_ends": ends, "reached": {k: sorted(v) for k, v in run.reached.items()}, "fields": dict(run.fields),
            "after": dict(run.after),
            "missed": missed}


def report(result: dict, seconds: float, seed: int) -> None:
    print(f"events sent: {result['events']} in {seconds:.0f} s (seed {seed})")
    for scene, n in sorted(result["counts"].items()):
        print(f"  handled in {scene}: {n}")
    for name, seen in result["reached"].items():
        after = "/".join(str(mb) for mb in result["after"].get(name, []))
        print(f"  station {name}: fields typed into {result['fields'].get(name, 0)}; after it {after} MB;"
              f" reached {', '.join(seen)}")
    print(f"stations that missed their scene or dialog: {result['missed'] or 'none'}")
    distinct = Counter((station, text) for station, text, _ in result["errors"])
    print(f"exceptions: {len(result['errors'])} ({len(distinct)} distinct)")
    shown = set()
    for station, text, tb in result["errors"]:
        if (station, text) not in shown:
            shown.add((station, text))
            print(f"  [{station}] x{distinct[(station, text)]}: {text}\n"
                  + "".join("      " + line for line in tb.splitlines(True)[-8:]))
    print("memory (events, MB): " + ", ".join(f"{n}:{mb}" for n, mb in result["memory"]))
    ends = result["round_ends"]
    print("memory at the end of each round (MB): " + ", ".join(str(mb) for mb in ends))
    if len(ends) > 1:
        print(f"memory growth after warm-up: {ends[-1] - ends[0]:+.1f} MB over {len(ends) - 1} more round(s)")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--events", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--plain", action="store_true", help="type only ordinary text")
    p.add_argument("--station", action="append", choices=tuple(STATIONS), help="only these stations (repeatable)")
    args = p.parse_args()
    t0 = time.perf_counter()
    result = fuzz(args.events, args.seed, hostile=not args.plain, stations=tuple(args.station or STATIONS),
                  rounds=args.rounds)
    report(result, time.perf_counter() - t0, args.seed)
    return 1 if result["errors"] or result["missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
