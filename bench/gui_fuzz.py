"""GUI fuzz: random clicks, drags, wheel turns, keys and pasted text through every scene and dialog, headless.

    python bench/gui_fuzz.py                 # 20,000 events over all scenes, hostile text included
    python bench/gui_fuzz.py --events 2000 --plain --seed 3

Each scene (start, set-up, board, debrief, look-back) gets its share of the
events; the keys that open dialogs (adjust, note, inject, log, help) come up
often, and text is typed into whatever field has the focus: ordinary words,
or (without --plain) the hostile classes of issue 16 (zero-width and format
characters, direction overrides, line separators, tag characters, zalgo,
lone surrogates, NUL, very long words, `$` pairs, placeholders). An exception
is recorded with its scene and the app is rebuilt, so one crash does not hide
the next. The resident memory is sampled every 1,000 events: it must stay flat.
Prints the counts per scene, every distinct exception and the memory samples;
exits 1 when anything raised.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pygame  # noqa: E402

SCENES = ("menu", "setup", "board", "debrief", "replay")
DEFAULT = ROOT / "scenarios" / "jan-in-de-portiek.yaml"
SIZE = (1920, 1080)
PLAIN_TEXT = ["Team Oost", "gesprek met Jan", "12", "-3", "0,5", "ja", "x" * 40]
HOSTILE_TEXT = [
    "\u200bTeam", "Team\u200d", "\ufeffJan", "\u202eOost", "een\u2028twee", "\U000e0001tag", "Jan\x00",
    "a" + "\u0301" * 60, "Z\u0351\u0352\u0353\u0354\u0355\u0356" * 20, "$5 of $6", "$\\sqrt{\\sqrt{x}}$",
    "Team %{card}", "{agency}", "<b>vet</b>&amp;", "w" * 4000, "9" * 400, "1e308", "nan", "-inf",
]
KEYS = ["K_SPACE", "K_RETURN", "K_ESCAPE", "K_p", "K_e", "K_a", "K_n", "K_l", "K_1", "K_5", "K_9", "K_z", "K_y",
        "K_F1", "K_TAB", "K_PLUS", "K_MINUS", "K_LEFT", "K_RIGHT", "K_UP", "K_DOWN", "K_PAGEUP", "K_PAGEDOWN",
        "K_BACKSPACE", "K_DELETE", "K_HOME", "K_END"]


def rss_mb() -> float:
    """This process's resident memory in MB (Linux /proc; elsewhere the peak from resource)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def open_scene(scene: str):
    """A fresh app showing `scene`."""
    from sim.scenario.loader import load_scenario
    from sim.session import sessionfile as sf
    from sim.ui.app import App
    from sim.ui.shots import seeded_session

    app = App(str(DEFAULT), "nl", window_size=SIZE)
    if scene == "setup":
        app.switch("setup", path=DEFAULT)
    elif scene in ("board", "debrief"):
        app.switch(scene, session=seeded_session(scene, "nl"))
    elif scene == "replay":
        app.switch("replay", saved=sf.capture(seeded_session("debrief", "nl")), loaded=load_scenario(DEFAULT))
    return app


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


def fuzz(events: int, seed: int = 0, hostile: bool = True, scenes: tuple[str, ...] = SCENES) -> dict:
    """Send `events` random events, shared over `scenes`; returns counts, errors (scene, text) and memory samples."""
    rng = np.random.default_rng(seed)
    texts = PLAIN_TEXT + (HOSTILE_TEXT if hostile else [])
    counts: Counter[str] = Counter()
    errors: list[tuple[str, str, str]] = []
    memory: list[tuple[int, float]] = []
    per_scene = max(1, events // len(scenes))
    sent = 0
    for scene in scenes:
        app = open_scene(scene)
        try:
            for i in range(per_scene):
                if sent % 1000 == 0:
                    memory.append((sent, round(rss_mb(), 1)))
                sent += 1
                pygame.event.post(random_event(rng, texts))
                try:
                    if i % 4 == 0:
                        for event in pygame.event.get():
                            counts[app.scene.name if app.scene else "?"] += 1
                            app.handle(event)
                        app.frame(1 / 30)
                    if not app.running:  # "Afsluiten" or a window close: start the scene again
                        app.running = True
                        app.switch("menu")
                except Exception as exc:  # noqa: BLE001 - a finding: record it, rebuild, go on
                    errors.append((scene, f"{type(exc).__name__}: {exc}"[:300], traceback.format_exc(limit=-4)))
                    pygame.quit()
                    app = open_scene(scene)
        finally:
            pygame.quit()
    memory.append((sent, round(rss_mb(), 1)))
    return {"events": sent, "counts": dict(counts), "errors": errors, "memory": memory}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--events", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--plain", action="store_true", help="type only ordinary text")
    args = p.parse_args()
    t0 = time.perf_counter()
    result = fuzz(args.events, args.seed, hostile=not args.plain)
    print(f"events sent: {result['events']} in {time.perf_counter() - t0:.0f} s (seed {args.seed})")
    for scene, n in sorted(result["counts"].items()):
        print(f"  handled in {scene}: {n}")
    distinct = Counter((scene, text) for scene, text, _ in result["errors"])
    print(f"exceptions: {len(result['errors'])} ({len(distinct)} distinct)")
    shown = set()
    for scene, text, tb in result["errors"]:
        if (scene, text) not in shown:
            shown.add((scene, text))
            print(f"  [{scene}] x{distinct[(scene, text)]}: {text}\n" + "".join("      " + line for line in tb.splitlines(True)[-6:]))
    first, last = result["memory"][1] if len(result["memory"]) > 2 else result["memory"][0], result["memory"][-1]
    print("memory (events, MB): " + ", ".join(f"{n}:{mb}" for n, mb in result["memory"]))
    print(f"memory growth after warm-up: {last[1] - first[1]:+.1f} MB over {last[0] - first[0]} events")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
