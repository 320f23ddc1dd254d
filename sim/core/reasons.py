"""`Reason`: why something cannot be done, as a translatable message."""

from __future__ import annotations

from typing import Any

import attrs


@attrs.frozen
class Reason:
    """A message key of the translation catalogs with its parameters (`sim.i18n.reason_text` makes the text).

    A parameter may be a plain value or a reference `(kind, id)` to a scenario
    object (agency, stressor, card, flag, leg) whose name is looked up in the
    scenario, in the reader's language, when the text is made.
    """

    key: str
    params: dict[str, Any] = attrs.Factory(dict)

    def __str__(self) -> str:
        return f"{self.key} {self.params}" if self.params else self.key
