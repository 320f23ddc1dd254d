"""`run_sim.py watch SCENARIO`: check the file again on every save and print a quick verdict.

The designer's loop (edit, validate, balance) in one window: the file's modification
time and size are polled (no dependency, works on every system and editor, including
those that save by writing a new file and renaming it); on a change the file is
validated (errors and warnings as FILE:LINE:COL, as `validate` prints them) and,
when it loads, a quick balance of by-the-book against boundary-crossing play is run
and its verdict printed. Ctrl-C stops it (the caller catches KeyboardInterrupt).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sim.analysis.balance import BOUNDARY, BY_THE_BOOK, run_balance
from sim.i18n import Translator
from sim.scenario.loader import check_file

QUICK_GAMES = 200  # games per policy: about a second on one core for the starter scenario
POLL_SECONDS = 0.5

Stamp = tuple[int, int] | None


def stamp(path: Path) -> Stamp:
    """What changes when the file is saved: its modification time and size (None: the file is not there)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def check_once(path: Path, tr: Translator, out: TextIO, games: int = QUICK_GAMES, seed: int = 0) -> bool | None:
    """Validate the file and, when it loads, print the quick verdict; True/False: passes or not, None: did not load."""
    report = check_file(str(path))
    for problem in (*report.errors, *report.warnings):
        print(problem, file=out)
    sc = report.scenario
    if sc is None:
        print(tr("watch.not_loaded"), file=out)
        return None
    start = time.perf_counter()
    rep = run_balance(sc, games, seed, workers=1, policies=(BY_THE_BOOK, BOUNDARY), depth_games=0)
    les = rep["lesson"]
    s, c = les["stabiel"], les["crisis_less"]
    print(tr("watch.figures", games=games, book=BY_THE_BOOK, boundary=BOUNDARY,
             stabiel_book=tr.number(100 * s["book"], 0), stabiel_boundary=tr.number(100 * s["boundary"], 0),
             crisis_book=tr.number(100 * c["book"], 0), crisis_boundary=tr.number(100 * c["boundary"], 0)), file=out)
    verdict = "watch.pass" if les["passes"] else "watch.fail"
    print(tr(verdict, seconds=tr.number(time.perf_counter() - start, 1)), file=out)
    return bool(les["passes"])


def watch(
    file: str,
    tr: Translator,
    out: TextIO,
    games: int = QUICK_GAMES,
    seed: int = 0,
    cycles: int | None = None,
    poll: float = POLL_SECONDS,
    sleep: Callable[[float], None] | None = None,
) -> int:
    """Check `file` now and after every save; with `cycles`, stop after that many checks (for tests). 0 when it ends."""
    path = Path(file)
    last: Stamp | tuple[str] = ("never",)
    done = 0
    print(tr("watch.start", file=file), file=out, flush=True)
    while cycles is None or done < cycles:
        now = stamp(path)
        if now != last:
            last = now
            done += 1
            print(tr("watch.checking", file=file, time=time.strftime("%H:%M:%S")), file=out)
            if now is None:
                print(tr("watch.missing", file=file), file=out)
            else:
                check_once(path, tr, out, games, seed)
                if stamp(path) != now:  # saved again during the check: check again on the next poll
                    last = ("changed while checking",)
            out.flush()
        if cycles is not None and done >= cycles:
            break
        (sleep or time.sleep)(poll)
    return 0


__all__ = ["POLL_SECONDS", "QUICK_GAMES", "check_once", "stamp", "watch"]
