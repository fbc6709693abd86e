"""Plain, frozen input for the lex Sarah PDFs."""

from __future__ import annotations

from dataclasses import dataclass

from kvalitet_desktop.domain.forms import FormAnswers, FormDef, FormLookups
from kvalitet_desktop.reports.model import ReportHeader
from kvalitet_desktop.workflows.measures.report_model import (
    MeasureLine,
)


@dataclass(frozen=True)
class LexSarahFormReport:
    """A lex Sarah case's rapport or utredning: the form as it was filled in (with its own
    version and the provenance of every documented item) below a block of case facts."""

    header: ReportHeader
    title: str  # "Rapport enligt lex Sarah", "Utredning enligt lex Sarah"
    case_number: str
    form: FormDef
    answers: FormAnswers
    lookups: FormLookups
    case_facts: tuple[tuple[str, str | None], ...]  # (label, value) about the case
    references: tuple[str, ...]  # legal references as printed, e.g. "SOSFS 2011:5"
    # The utredning's measures against recurrence (``answers_to`` names the cause); None
    # leaves the part out (the rapport).
    measures: tuple[MeasureLine, ...] | None = None
    signers: tuple[tuple[str, str | None], ...] = ()  # (role, name) signature lines
    # An investigation not finished yet (not closed, not sent to IVO as finished) prints
    # marked "UTKAST" on every page.
    draft: bool = False


@dataclass(frozen=True)
class IvoNotificationReport:
    """Anmälan till IVO (form ``ivo_anmalan``) laid out like IVO's form, for sending by post."""

    header: ReportHeader
    case_number: str
    form: FormDef
    answers: FormAnswers
    lookups: FormLookups
    department: str | None  # IVO's regional department, None when the county is unknown
    department_address: str | None  # only a checked address; None while "att verifiera"
    references: tuple[str, ...]
    # The department's address is on record but nobody has checked it yet: it is not printed.
    department_address_unchecked: bool = False


@dataclass(frozen=True)
class AptCauseLine:
    description: str
    level: str  # "systemnivå", "verksamhetsnivå"


@dataclass(frozen=True)
class AptMeasureLine:
    """A measure on the learning sheet: what is done, never who does it."""

    title: str
    status: str


@dataclass(frozen=True)
class LexSarahAptReport:
    """The one-page learning sheet of a closed case for a workplace meeting (APT).

    It holds no personal data by construction: no names, no codes, no case number, no unit;
    only the municipality (in the header), the month and the category."""

    header: ReportHeader  # unit None, printed_by "", confidentiality None
    month: str  # e.g. "mars 2026": when it was reported
    category: str
    summary: str  # anonymised, written by the investigator
    causes: tuple[AptCauseLine, ...]
    measures: tuple[AptMeasureLine, ...]
    questions: tuple[str, ...]
