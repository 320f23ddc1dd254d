"""The shipped DejaVu fonts, registered with reportlab so every PDF embeds them."""

from __future__ import annotations

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from sim import resources

REGULAR = "StabielSans"
BOLD = "StabielSans-Bold"


def register() -> None:
    """Register the kit's fonts once (embedded as TrueType subsets in every PDF)."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(REGULAR, str(resources.font("DejaVuSansCondensed.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resources.font("DejaVuSansCondensed-Bold.ttf"))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
