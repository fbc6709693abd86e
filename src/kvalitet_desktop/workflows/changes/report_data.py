"""The data of the change's PDFs: the group follow-up and one person's."""

from __future__ import annotations

from datetime import date

from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import header
from kvalitet_desktop.services.settings import risk_matrix
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.report_model import (
    ChangeReport,
    ContactLine,
    PersonLine,
    PersonReport,
    RatingLine,
)
from kvalitet_desktop.workflows.followups.domain import Dimension, rating_label

TITLE = "Förändring i insatser – uppföljning"
PERSON_TITLE = "Förändring i insatser – den enskilde"


def risk_text(config: RiskMatrixConfig, score: int | None) -> str:
    if score is None:
        return "Ej bedömd"
    return f"{config.band_for(score).label} ({score})"


def change_report(ctx: Context, change_id: str, today: date | None = None) -> ChangeReport:
    view = changes.get_change(ctx, change_id, today=today)
    config = risk_matrix(ctx)
    summary = view.summary
    return ChangeReport(
        header=header(ctx, TITLE, ", ".join(view.unit_names) or None, personal=bool(view.people)),
        number=view.number,
        title=view.title,
        status=view.status.value,
        units=view.unit_names,
        what_changes=view.what_changes,
        insatser=view.insatser,
        reason=view.reason,
        starts_on=view.starts_on,
        planned_end_on=view.planned_end_on,
        decided_by=view.decided_by,
        risk_analysis=view.risk_analysis_title,
        total=summary.total,
        contacted_before=summary.contacted_before,
        took_part=summary.took_part,
        followed_up=summary.followed_up,
        needs_met=summary.needs_met,
        overdue=summary.overdue,
        people=tuple(
            PersonLine(
                p.code,
                p.unit_name,
                p.insats,
                risk_text(config, p.score),
                p.last_contact_on,
                p.days_since,
                p.took_part,
                p.followed_up,
                p.needs_met,
                p.next_due,
                p.overdue,
            )
            for p in view.people
        ),
        hidden_people=view.hidden_people,
        closed_on=view.closed_on,
        lessons=view.lessons,
        unfinished_reason=view.unfinished_reason,
    )


def person_report(ctx: Context, person_id: str, today: date | None = None) -> PersonReport:
    view = changes.get_person(ctx, person_id, today=today)
    config = risk_matrix(ctx)
    return PersonReport(
        header=header(ctx, PERSON_TITLE, view.unit_name, personal=True),
        change_number=view.change_number,
        change_title=view.change_title,
        code=view.code,
        unit=view.unit_name,
        insats=view.insats,
        what_changes_for_them=view.what_changes_for_them,
        paused_self=view.paused_self,
        risk=risk_text(config, view.score),
        risks=view.risks,
        plan=view.plan,
        responsible_staff=view.responsible_staff,
        representative=view.representative,
        contact_preference=view.contact_preference,
        next_due=view.row.next_due,
        overdue=view.row.overdue,
        contacts=tuple(
            ContactLine(
                c.contacted_on,
                c.phase,
                c.channel,
                c.with_whom,
                c.staff,
                c.reached,
                c.said,
                c.took_part,
                c.wishes,
                c.next_contact_on,
            )
            for c in view.contacts
        ),
        followed_up_on=view.followed_up_on,
        needs_met=view.needs_met,
        ratings=tuple(
            RatingLine(d.value, d.question, rating_label(view.ratings.get(d.value)))
            for d in Dimension
        ),
        follow_up_comment=view.follow_up_comment,
    )
