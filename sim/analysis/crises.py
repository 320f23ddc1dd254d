"""Which crises the scenario declares that no policy's games ever reached: for the balance report.

A crisis cost that no effect names is a `validate` warning (`sim.scenario.lint`);
one that an event can bring but that never happens in hundreds of games of every
policy is something only batch play can show. The balance report (whose owner
calls this) lists them, so a designer sees a crisis the file promises and the game
never delivers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.core.model import Scenario


def crises_never_reached(sc: Scenario, policies: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The crisis costs (ids, in file order) that ended no game of any policy; `policies` as `run_balance` gives them."""
    reached = {reason for result in policies.values() for reason in result.get("end_reasons", {})}
    if sc.scoring.stress_crisis_cost is not None and "stress" in reached:
        reached.add(sc.scoring.stress_crisis_cost)
    return [key for key in sc.scoring.crisis_costs if key not in reached]


__all__ = ["crises_never_reached"]
