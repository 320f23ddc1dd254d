"""matplotlib for the charts, set up once: no screen (Agg), and scenario text is shown as written.

Every text on a chart may come from a scenario file (agency names, labels,
KPI names, titles). matplotlib reads a pair of `$` signs as mathtext: "$5 of
$6" became maths, and a nested `\\sqrt` crashed the report. With
`text.parse_math` off, a `$` is a dollar sign everywhere on our charts.
"""

from __future__ import annotations

from typing import Any

PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}
MAX_INCHES = 40.0  # no chart of ours is this wide or tall; a larger bounding box is a runaway label


def pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend, with mathtext off."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rc: Any = plt.rcParams  # typed by its known keys only
    rc.update(PLAIN_TEXT)
    return plt


def tight_or_fixed(fig: Any) -> str | None:
    """`bbox_inches` for savefig: "tight" unless that box would run away (a label far outside), then the figure's own size."""
    try:
        box = fig.get_tightbbox(fig.canvas.get_renderer())
    except (ValueError, OverflowError):
        return None
    if box is None or not (0 < box.width <= MAX_INCHES and 0 < box.height <= MAX_INCHES):
        return None
    return "tight"
