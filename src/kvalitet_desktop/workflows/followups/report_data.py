"""The follow-up PDF's data."""

from __future__ import annotations

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import header as _header
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Dimension, rating_label
from kvalitet_desktop.workflows.followups.report_model import FollowUpReport, RatingLine, VoiceLine


def follow_up_report(ctx: Context, follow_up_id: str) -> FollowUpReport:
    view = followups.get_follow_up(ctx, follow_up_id)
    return FollowUpReport(
        header=_header(ctx, "Uppföljning", view.unit_name, personal=bool(view.voices)),
        measure_title=view.measure_title,
        measure_description=view.measure_description,
        measure_status=view.measure_status,
        answers_to="; ".join(view.answers_to) or None,
        planned_on=view.planned_on,
        performed_on=view.performed_on,
        method=view.method,
        responsible=view.responsible_name,
        status=view.status.value,
        result=view.result,
        effect=view.effect.value if view.effect else None,
        effect_comment=view.effect_comment,
        outcome=view.outcome.value if view.outcome else None,
        outcome_text=view.outcome_text,
        voices=tuple(
            VoiceLine(
                individual_code=v.individual_code,
                gathered_by=v.gathered_by.value,
                comment=v.comment,
                ratings=tuple(
                    RatingLine(
                        d.value,
                        d.question,
                        rating_label(v.ratings[d].rating if d in v.ratings else None),
                        v.ratings[d].comment if d in v.ratings else None,
                    )
                    for d in Dimension
                ),
            )
            for v in view.voices
        ),
    )
