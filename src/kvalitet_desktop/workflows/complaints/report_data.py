"""The complaint PDF's data."""

from __future__ import annotations

from datetime import date

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import header as _header
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.report_model import ComplaintReport, MeasureLine
from kvalitet_desktop.workflows.complaints.service import ComplaintView
from kvalitet_desktop.workflows.measures.report_data import follow_up_texts


def response_text(view: ComplaintView, target_days: int, today: date) -> str:
    """The response time as the PDF and the editor say it."""
    if view.submitter_type.is_anonymous:
        return "Inget svar (anonym avsändare)"
    if view.response_days is None:
        late = " – försenad" if view.overdue(today) else ""
        return f"Inget svar ännu{late}"
    days = view.response_days
    word = "dag" if days == 1 else "dagar"
    return f"{days} {word} (mål: svar inom {target_days} dagar)"


def _measures(ctx: Context, view: ComplaintView) -> tuple[MeasureLine, ...]:
    # The follow-up as every list and report writes it, not a count of them.
    texts = follow_up_texts(ctx, [m.id for m in view.measures])
    return tuple(
        MeasureLine(m.title, m.status, m.due_date, texts.get(m.id, "–")) for m in view.measures
    )


def complaint_report(ctx: Context, complaint_id: str) -> ComplaintReport:
    view = complaints.get_complaint(ctx, complaint_id)
    target = complaints.reply_target(ctx)
    personal = bool(view.submitter_name or view.submitter_contact)
    return ComplaintReport(
        header=_header(ctx, "Klagomål och synpunkter", view.unit_name, personal=personal),
        number=view.number,
        title=view.title,
        status=view.status.value,
        complaint_kind=view.complaint_kind.value,
        topic=view.topic,
        received_on=view.received_on,
        channel=view.channel.value,
        received_by=view.received_by_name,
        submitter_type=view.submitter_type.value,
        anonymous=view.submitter_type.is_anonymous,
        submitter_name=view.submitter_name,
        submitter_contact=view.submitter_contact,
        description=view.description,
        handler=view.handler_name,
        investigation=view.investigation,
        reply_due=view.reply_due,
        replied_on=view.replied_on,
        reply_method=view.reply_method.value if view.reply_method else None,
        reply_text=view.reply_text,
        response_text=response_text(view, target.days, date.today()),
        measures=_measures(ctx, view),
        conclusion=view.conclusion,
        closed_on=view.closed_on,
        closed_by=view.closed_by_name,
        archive_reason=view.archive_reason if view.archived else None,
    )
