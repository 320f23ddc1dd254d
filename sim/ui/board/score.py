"""The score explained on the board, in words: the rule for stabiel from the scenario's thresholds,
how far the person is from it now, and the weakest leg with its cause (the active stressors on it).

Pure functions of the scenario and the state (no drawing), so a test reads exactly what the room reads.
"""

from __future__ import annotations

import attrs

from sim.core.model import LEGS, Scenario
from sim.core.state import GameState
from sim.ui.i18n import language, num, tr


@attrs.frozen
class ScoreText:
    """What the score box says: the rule, where the person stands, and the weakest leg with its cause."""

    rule: str
    now: str
    weakest: str
    weakest_leg: int  # index into LEGS
    met: bool  # stress and every leg within the rule now
    leg_words: str = ""  # "Zwakste poot: Meedoen 3,4" (the weakest line without its causes)
    causes: tuple[str, ...] = ()  # the active stressors on that leg, worst first

    def weakest_upto(self, n: int) -> str:
        """The weakest line naming only the first `n` causes and counting the rest (for a box that holds no more)."""
        if n >= len(self.causes):
            return self.weakest
        named = [*self.causes[:n], tr("uiboard.more_causes", n=len(self.causes) - n)]
        return tr("uiboard.weakest_cause", weakest=self.leg_words, causes=", ".join(named))


def rule_text(sc: Scenario) -> str:
    """'Stabiel: stress ≤ 30 en elk been ≥ 6, 2 weken achter elkaar', from the scenario's own thresholds."""
    th = sc.scoring.thresholds
    return tr("uiboard.rule", stress=num(th.stable_stress, 0), leg=num(th.stable_leg, 1), n=th.stable_rounds)


def weakest_leg(state: GameState) -> int:
    """The index of the lowest leg (the first of equals)."""
    legs = list(state.legs)
    return legs.index(min(legs))


def leg_causes(sc: Scenario, state: GameState, leg: int) -> list[str]:
    """The names of the known, still active stressors on a leg, worst first; hidden ones are counted, not named."""
    lang = language()
    known, hidden = [], 0
    for s, sev, is_known in zip(sc.stressors, state.severity, state.known):
        if s.leg is not LEGS[leg] or sev <= 0:
            continue
        if is_known:
            known.append((-sev, s.name.get(lang)))
        else:
            hidden += 1
    names = [name for _, name in sorted(known)]
    if hidden:
        names.append(tr("uiboard.hidden_causes", n=hidden))
    return names


def explain(sc: Scenario, state: GameState) -> ScoreText:
    """The rule, the distance to it and the weakest leg with its cause, in the screen's language."""
    th = sc.scoring.thresholds
    stress_ok = state.stress <= th.stable_stress
    low = [i for i, v in enumerate(state.legs) if v < th.stable_leg]
    parts = [tr("uiboard.stress_ok") if stress_ok else tr("uiboard.stress_over", stress=num(state.stress, 0), limit=num(th.stable_stress, 0))]
    if low:
        parts.append(tr("uiboard.legs_low", n=len(low)))
    else:
        parts.append(tr("uiboard.legs_ok"))
    met = stress_ok and not low
    streak = min(state.stable_streak, th.stable_rounds)
    parts.append(tr("uiboard.streak", done=streak, n=th.stable_rounds))
    i = weakest_leg(state)
    causes = leg_causes(sc, state, i)
    leg_words = tr("uiboard.weakest", leg=tr("leg." + LEGS[i].value), value=num(state.legs[i], 1))
    weakest = tr("uiboard.weakest_cause", weakest=leg_words, causes=", ".join(causes)) if causes else leg_words
    return ScoreText(rule_text(sc), tr("uiboard.now", parts="; ".join(parts)), weakest, i, met, leg_words, tuple(causes))
