"""Plain, frozen input for the PDF reports.

The services layer fills these from the database; the report builders only read them. Every
text is already in Swedish and ready to print (labels, not enum keys), dates are ``date``
objects and empty values are ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kvalitet_desktop.domain.forms import FormAnswers, FormDef, FormLookups
from kvalitet_desktop.domain.risk import RiskMatrixConfig


@dataclass(frozen=True)
class ReportHeader:
    """What the header and footer band on every page shows."""

    municipality: str
    unit: str | None  # None for reports spanning several units
    title: str  # e.g. "Riskanalys"
    printed_on: date
    printed_by: str
    confidentiality: str | None  # printed on every page when set


@dataclass(frozen=True)
class AssessmentLine:
    kind: str  # "ursprunglig" or "kvarstående"
    probability: int  # 1-4
    consequence: int  # 1-4
    score: int
    assessed_on: date
    comment: str | None


@dataclass(frozen=True)
class RiskEventLine:
    number: int  # 1-based, the marker in the drawn matrix
    description: str
    causes: str | None
    proposed_measures: str | None
    assessments: tuple[AssessmentLine, ...]  # oldest first; the last one is the current one

    @property
    def current(self) -> AssessmentLine | None:
        return self.assessments[-1] if self.assessments else None

    @property
    def earlier(self) -> tuple[AssessmentLine, ...]:
        return self.assessments[:-1]


@dataclass(frozen=True)
class TeamMemberLine:
    name: str
    role: str | None


@dataclass(frozen=True)
class MeasureLine:
    title: str
    responsible: str | None
    due_date: date | None
    status: str  # "planerad", "pågående", "genomförd", "avbruten"
    answers_to: str | None  # e.g. "Händelse 2: Deltagare blir isolerade"
    follow_up_on: date | None
    overdue: bool = False


@dataclass(frozen=True)
class RiskAnalysisReport:
    header: ReportHeader
    matrix: RiskMatrixConfig
    title: str
    status: str
    scope_kind: str
    scope_description: str | None
    trigger: str
    trigger_description: str | None
    level: str
    individual_code: str | None
    commissioned_by: str | None
    commissioned_on: date | None
    leader: str | None
    team: tuple[TeamMemberLine, ...]
    fact_sources: str | None
    events: tuple[RiskEventLine, ...]
    measures: tuple[MeasureLine, ...]
    decision_text: str | None
    decided_by: str | None
    decided_on: date | None
    follow_up_on: date | None
    follow_up_method: str | None


@dataclass(frozen=True)
class UnitMeasures:
    unit: str
    measures: tuple[MeasureLine, ...]


@dataclass(frozen=True)
class MeasurePlanReport:
    """Åtgärdsplan: the measures of one or more units."""

    header: ReportHeader
    units: tuple[UnitMeasures, ...]


@dataclass(frozen=True)
class RatingLine:
    dimension: str  # "trygghet", "bemötande", "stress", "kontinuitet", "delaktighet"
    question: str  # e.g. "Känner sig personen trygg?"
    rating: str  # already a label, e.g. "4 – Oftast" or "Ej besvarad"
    comment: str | None


@dataclass(frozen=True)
class VoiceLine:
    individual_code: str | None  # pseudonymous code, or None for the group
    gathered_by: str  # "samtal", "enkät", "via närstående"
    comment: str | None
    ratings: tuple[RatingLine, ...]


@dataclass(frozen=True)
class FollowUpReport:
    header: ReportHeader
    measure_title: str
    measure_description: str | None
    measure_status: str
    answers_to: str | None
    planned_on: date
    performed_on: date | None
    method: str | None
    responsible: str | None
    status: str
    result: str | None
    effect: str | None
    effect_comment: str | None
    outcome: str | None
    outcome_text: str | None  # e.g. "Ny åtgärd skapad: …"
    voices: tuple[VoiceLine, ...]


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


@dataclass(frozen=True)
class IvoNotificationReport:
    """Anmälan till IVO (form ``ivo_anmalan``) laid out like IVO's form, for sending by post."""

    header: ReportHeader
    case_number: str
    form: FormDef
    answers: FormAnswers
    lookups: FormLookups
    department: str | None  # IVO's regional department, None when the county is unknown
    department_address: str | None
    references: tuple[str, ...]


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


Report = (
    RiskAnalysisReport
    | MeasurePlanReport
    | FollowUpReport
    | LexSarahFormReport
    | IvoNotificationReport
    | LexSarahAptReport
)
