"""Gallring (retention): what a record kind removes of its personal data, and when.

No retention period for quality records is fixed by national law: the municipality's
informationshanteringsplan decides it. The kinds' default years are therefore data to be
checked against that plan (UNCONFIRMED, see the regulations notes), never a rule; an
administrator sets the period per kind in Inställningar → Gallring.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kvalitet_desktop.domain.errors import FieldError, ValidationFailed
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP

MIN_YEARS = 1
MAX_YEARS = 100
# What a cleared required text holds instead of the personal data (and what the audit trail
# keeps of a removed value): a marker, never a digest (a short code's digest can be guessed).
CLEARED = "[gallrad]"
_CONTEXT = "Gallring"


@dataclass(frozen=True)
class RetentionSpec:
    """A kind's gallring rule as declared in its ``kind.py``.

    ``personal`` names the fields cleared (codes, names, free text about individuals) and
    ``kept`` those that stay for statistics and analysis (dates, categories, units, counts),
    both as the user reads them. ``candidates`` is "module:function" (session, cutoff: date)
    -> list of services.gallring.Candidate: the closed records closed on or before the cutoff
    whose personal data is still there; ``clear`` is "module:function" (session, record_ids)
    -> services.gallring.Cleared: clears them inside the caller's unit of work.
    """

    closed_when: str  # when a record counts as closed, in words
    personal: tuple[str, ...]
    kept: tuple[str, ...]
    default_years: int  # UNCONFIRMED: check against the municipality's plan
    candidates: str
    clear: str


def validate_years(years: object) -> int:
    if isinstance(years, bool) or not isinstance(years, int):
        raise ValidationFailed(
            [FieldError("years", QT_TRANSLATE_NOOP(_CONTEXT, "Ange antalet år som ett heltal."))]
        )
    if not MIN_YEARS <= years <= MAX_YEARS:
        message = QT_TRANSLATE_NOOP(_CONTEXT, "Antalet år ska vara mellan {low} och {high}.")
        text = message.format(low=MIN_YEARS, high=MAX_YEARS)
        raise ValidationFailed([FieldError("years", text)])
    return years


def cutoff(today: date, years: int) -> date:
    """The last closing date whose records are due: ``years`` whole years before today."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year without it
        return today.replace(year=today.year - years, day=28)
