"""Causes of what went wrong, on the levels that lex Sarah investigations and avvikelser
share (individ, verksamhet, system). Their areas (rutiner, kompetens, bemanning …) are an
editable list, ``services.forms.CAUSE_AREAS``, the same for every kind."""

from __future__ import annotations

from enum import StrEnum

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "Causes"


class CauseLevel(StrEnum):
    INDIVIDUAL = "individ"
    ACTIVITY = "verksamhet"
    SYSTEM = "system"

    @property
    def level_text(self) -> str:
        """ "individnivå", "verksamhetsnivå", "systemnivå"."""
        return {"individ": "individnivå", "verksamhet": "verksamhetsnivå"}.get(
            self.value, "systemnivå"
        )


# What each level means, for the help next to the choice.
LEVEL_HELP = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Individ: en persons handlande eller kunskaper. Verksamhet: hur enheten är organiserad "
    "och arbetar. System: förutsättningar ovanför enheten, som styrning, resurser och "
    "samverkan med andra.",
)
