"""Gallring of risk analyses on the individual level: closed ones lose their personal data.

An analysis on the group level is about the activity and holds no one's data, so only
analyses of one individual are due. Cleared: the link to the individual, the title and the
free texts (scope, trigger, sources, decision, follow-up method, the events' descriptions,
causes, proposals and the assessments' comments). Kept: the unit, level, trigger category,
scores, dates and status, which the statistics and the risk overview count.

The table has no closing date; an analysis closed when the audit trail logged its status
becoming "avslutad" (the last time, if it was reopened and closed again).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.services.gallring import Candidate, Cleared
from kvalitet_desktop.store.models import AuditEntry, Unit
from kvalitet_desktop.workflows.risk.domain import AnalysisLevel, RiskAnalysisStatus
from kvalitet_desktop.workflows.risk.models import RiskAnalysis, RiskAssessment, RiskEvent

_ANALYSIS_EMPTIED = (
    "individual_id",
    "scope_description",
    "trigger_description",
    "fact_sources",
    "decision_text",
    "follow_up_method",
    "archive_reason",
)
_EVENT_EMPTIED = ("causes", "proposed_measures", "archive_reason")


def candidates(session: Session, last_closed: date) -> list[Candidate]:
    closed_at = (
        select(
            AuditEntry.entity_id.label("analysis_id"),
            func.max(AuditEntry.at).label("closed_at"),
        )
        .where(
            AuditEntry.entity == RiskAnalysis.__tablename__,
            AuditEntry.action == "update",
            func.json_extract(AuditEntry.changes, "$.status[1]") == RiskAnalysisStatus.CLOSED.value,
        )
        .group_by(AuditEntry.entity_id)
        .subquery()
    )
    closed_on = func.date(closed_at.c.closed_at)
    rows = session.execute(
        select(RiskAnalysis.id, Unit.name, closed_on)
        .join(closed_at, closed_at.c.analysis_id == RiskAnalysis.id)
        .join(Unit, Unit.id == RiskAnalysis.unit_id)
        .where(
            RiskAnalysis.status == RiskAnalysisStatus.CLOSED.value,
            RiskAnalysis.level == AnalysisLevel.INDIVIDUAL.value,
            RiskAnalysis.title != CLEARED,
            closed_on <= last_closed.isoformat(),
        )
        .order_by(closed_on, RiskAnalysis.id)
    )
    # No number of its own: the start of its id names it (as the audit log does).
    return [
        Candidate(i, f"RA {i[:8]}", unit, date.fromisoformat(closed)) for i, unit, closed in rows
    ]


def clear(session: Session, analysis_ids: Sequence[str]) -> Cleared:
    fields: dict[tuple[str, str], tuple[str, ...]] = {}
    individuals: set[str] = set()
    rows = session.scalars(select(RiskAnalysis).where(RiskAnalysis.id.in_(analysis_ids)))
    for analysis in rows:
        if analysis.individual_id:
            individuals.add(analysis.individual_id)
        analysis.title = CLEARED
        for key in _ANALYSIS_EMPTIED:
            setattr(analysis, key, None)
        fields[(RiskAnalysis.__tablename__, analysis.id)] = ("title", *_ANALYSIS_EMPTIED)
    events = session.scalars(select(RiskEvent).where(RiskEvent.analysis_id.in_(analysis_ids)))
    event_ids = []
    for event in events:
        event.description = CLEARED
        for key in _EVENT_EMPTIED:
            setattr(event, key, None)
        fields[(RiskEvent.__tablename__, event.id)] = ("description", *_EVENT_EMPTIED)
        event_ids.append(event.id)
    assessments = select(RiskAssessment).where(RiskAssessment.event_id.in_(event_ids))
    for assessment in session.scalars(assessments):
        assessment.comment = None
        fields[(RiskAssessment.__tablename__, assessment.id)] = ("comment",)
    return Cleared(fields, frozenset(individuals))
