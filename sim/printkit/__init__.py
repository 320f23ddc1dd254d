"""The print-and-play kit: cards, team sheets, the person's board and the facilitator's script as PDFs.

Made from the same scenario file as the digital game (`python run_sim.py print`).
"""

from sim.printkit.kit import Kit, write_kit
from sim.printkit.layout import TextOverflow

__all__ = ["Kit", "TextOverflow", "write_kit"]
