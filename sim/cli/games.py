"""Commands around one game: play (the window, or a text demo), demo, replay, report and screenshot.

The game's own language (`play`, `demo`, `screenshot`) stays Dutch unless its
`--lang` or the global `--lang` says otherwise: it is a Dutch training game."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sim.cli.common import (
    MSG,
    choose_policies,
    err,
    find_scenario,
    json_format,
    legs,
    load,
    session_and_scenario,
    why,
    write,
)


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay a game record or a session file and print its final figures."""
    from sim.session.record import GameRecord, RecordError, final_figures, replay

    try:
        text = Path(args.record).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        err(MSG.tr("cli.cannot_read_record", path=args.record, reason=why(exc)))
        return 1
    if json_format(text) == "stabiel-session":
        return _replay_session(args, text)
    try:
        record, recorded = GameRecord.from_json(text)
    except RecordError as exc:
        err(f"{args.record}: {exc}")
        return 1
    scenario_file = args.scenario or find_scenario(record.scenario_id)
    if scenario_file is None:
        err(MSG.tr("cli.no_scenario_id", path=args.record, id=record.scenario_id))
        return 1
    loaded = load(scenario_file)
    if loaded is None:
        return 1
    if loaded.content_hash != record.scenario_hash:
        err(MSG.tr("cli.scenario_changed", path=scenario_file))
    try:
        state = replay(loaded.scenario, record)
    except RecordError as exc:
        err(f"{args.record}: {exc}")
        return 1
    final = final_figures(state)
    print(json.dumps(final, indent=1, sort_keys=True))
    if recorded is not None and recorded != final:
        err(MSG.tr("cli.replay_differs", path=args.record))
        return 1
    return 0


def _replay_session(args: argparse.Namespace, text: str) -> int:
    from sim.session import sessionfile
    from sim.session.record import final_figures

    found = session_and_scenario(args.record, args.scenario, text)
    if found is None:
        return 1
    saved, loaded = found
    try:
        restored = sessionfile.restore_all(saved, loaded, lang=MSG.tr.lang, strict=True)
    except sessionfile.SessionFileError as exc:
        err(f"{args.record}: {exc.text(MSG.tr.lang)}")
        return 1
    for warning in restored.warnings:
        err(MSG.tr("cli.warning", text=warning))
    final = final_figures(restored.state)
    print(json.dumps(final, indent=1, sort_keys=True))
    if saved.final is not None and dict(saved.final) != final:
        err(MSG.tr("cli.replay_differs_saved", path=args.record))
        return 1
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Play a whole session headless with AI policies and save it as a session file."""
    from sim.analysis.batch import play_game
    from sim.i18n import t
    from sim.session import sessionfile

    loaded = load(args.scenario)
    if loaded is None:
        return 1
    sc = loaded.scenario
    try:
        seats, policies = choose_policies(sc, args.policy, args.seat)
    except (KeyError, ValueError) as exc:
        err(str(exc.args[0] if exc.args else exc))
        return 2
    if args.seed < 0:
        err(MSG.tr("cli.seed_not_negative"))
        return 2
    target = Path(args.save)
    if target.exists():
        try:
            sessionfile.load_session(target)
        except sessionfile.SessionFileError:
            err(MSG.tr("cli.not_a_session", path=target))
            return 1
    state = play_game(sc, args.seed, policies)
    saved = sessionfile.start(Path(loaded.path).resolve(), sc.id, loaded.content_hash, state,
                              seats={a.id: seats.get(a.id, args.policy) for a in sc.agencies}, lang=args.lang)
    try:
        sessionfile.save_session(target, saved)
    except sessionfile.SessionFileError as exc:
        err(exc.text(MSG.tr.lang))
        return 1
    lang = args.lang
    assert state.outcome is not None  # a demo plays to the end
    print(MSG.tr("cli.demo_result", title=sc.title.get(lang), outcome=t("outcome." + state.outcome.value, lang),
              rounds=state.round, actions=len(state.actions), stress=MSG.tr.number(state.stress, 0), legs=legs(state, lang)))
    print(MSG.tr("cli.session_saved", path=target))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the debrief report of a session (report.html, charts as PNG, record.json) into a folder."""
    from sim.report import writer as report
    from sim.session import sessionfile

    found = session_and_scenario(args.session, args.scenario)
    if found is None:
        return 1
    saved, loaded = found
    try:
        files = report.write_report(saved, loaded, args.out, lang=args.lang)
    except sessionfile.SessionFileError as exc:
        err(f"{args.session}: {exc.text(MSG.tr.lang)}")
        return 1
    except ImportError:
        err(MSG.tr("cli.needs_matplotlib", what=MSG.tr("cli.what.report")))
        return 1
    except OSError as exc:
        err(MSG.tr("cli.cannot_write_report", path=args.out, reason=why(exc)))
        return 1
    for warning in files.warnings:
        err(MSG.tr("cli.warning", text=warning))
    print(MSG.tr("cli.report_written", path=files.html, charts=len(files.charts), record=files.record.name,
              figures=files.figures.name))
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    """Play a whole game headless with a policy and print its course round by round."""
    from sim.analysis.batch import play_game
    from sim.i18n import t
    from sim.i18n.narrate import log_line
    from sim.session.record import GameRecord, final_figures

    loaded = load(args.scenario)
    if loaded is None:
        return 1
    sc = loaded.scenario
    try:
        _seats, policies = choose_policies(sc, args.policy, ())
    except (KeyError, ValueError) as exc:
        err(str(exc.args[0] if exc.args else exc))
        return 2
    lang = args.lang
    print(f"{sc.title.get(lang)} — {sc.person.name.get(lang)}, {sc.person.age}")
    print(sc.summary.get(lang))
    shown = 0

    def on_step(state, action):
        nonlocal shown
        for entry in state.log[shown:]:
            if entry.kind == "log.start":
                print()
            if entry.kind not in ("log.phase",):
                print("  " + log_line(sc, entry, lang, state.known))
        shown = len(state.log)

    from sim.core import engine
    start = engine.new_game(sc, args.seed)
    for entry in start.log:
        print("  " + log_line(sc, entry, lang, start.known))
    shown = len(start.log)
    state = play_game(sc, args.seed, policies, on_step=on_step)
    print()
    assert state.outcome is not None  # play_game plays to the end
    print(MSG.tr("cli.play_result", outcome=t("outcome." + state.outcome.value, lang),
              stress=MSG.tr.number(state.stress, 0), legs=legs(state, lang)))
    if args.record:
        record = GameRecord.of(sc, loaded.content_hash, state)
        if not write(args.record, record.to_json(final_figures(state)) + "\n"):
            return 1
    return 0


SIZE_RANGE = ((640, 360), (7680, 4320))  # the window sizes the app accepts (sim.ui.theme.MIN_WINDOW/MAX_WINDOW)


def parse_size(text: str) -> tuple[int, int] | None:
    """'1280x800' → (1280, 800); None when it is not WIDTHxHEIGHT within SIZE_RANGE."""
    parts = text.strip().lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 5 for p in parts):
        return None
    w, h = int(parts[0]), int(parts[1])
    (w0, h0), (w1, h1) = SIZE_RANGE
    return (w, h) if w0 <= w <= w1 and h0 <= h <= h1 else None


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Render one scene headless from a seeded game in a window of --size (1920x1080) and save it as PNG."""
    size = parse_size(args.size)
    if size is None:
        (w0, h0), (w1, h1) = SIZE_RANGE
        err(MSG.tr("cli.bad_size", value=args.size, min=f"{w0}x{h0}", max=f"{w1}x{h1}"))
        return 2
    if load(args.scenario) is None:
        return 1
    from sim.ui.shots import screenshot

    try:
        screenshot(args.scene, args.lang, args.out, Path(args.scenario), size=size)
    except Exception as exc:  # pygame.error or OSError: the picture cannot be made or written
        err(MSG.tr("cli.cannot_screenshot", path=args.out, reason=exc))
        return 1
    print(MSG.tr("cli.screenshot_done", path=args.out, scene=args.scene, lang=args.lang))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    """Open the game window (or the text demo with --headless)."""
    if args.headless:
        return cmd_play(args)
    from sim.ui.app import run

    return run(args.scenario, args.lang)
