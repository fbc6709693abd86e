"""Klagomål och synpunkter in Sammanställning och analys: one event per complaint by the day
it was received and its topic, and how fast the submitters were answered."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.compilation import Event, Fact, KindFigures, Period
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.compilation import within
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.complaints.kind import READ
from kvalitet_desktop.workflows.complaints.models import Complaint
from kvalitet_desktop.workflows.complaints.service import reply_target_in

_CONTEXT = "Compilation"
_DAYS = QT_TRANSLATE_NOOP(_CONTEXT, "{days} dagar")
_SHARE = QT_TRANSLATE_NOOP(_CONTEXT, "{share} % ({within} av {of})")


def figures(
    ctx: Context, session: Session, period: Period, unit_ids: frozenset[str] | None
) -> KindFigures | None:
    if not ctx.may(READ):
        return None
    rows = session.execute(
        within(
            select(
                Complaint.received_on,
                Complaint.unit_id,
                Complaint.topic,
                Complaint.replied_on,
                Complaint.reply_due,
                Complaint.response_days,
            ).where(
                Complaint.archived_at.is_(None),
                Complaint.received_on >= period.start,
                Complaint.received_on <= period.end,
            ),
            Complaint.unit_id,
            unit_ids,
        ).order_by(Complaint.received_on)
    ).all()
    target = reply_target_in(session)
    return KindFigures(
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Klagomål och synpunkter"),
        short_title=QT_TRANSLATE_NOOP(_CONTEXT, "Klagomål"),
        events=tuple(Event(r.received_on, r.unit_id, r.topic) for r in rows),
        order=20,
        category_label=QT_TRANSLATE_NOOP(_CONTEXT, "Ämne"),
        facts=response_facts(rows, target.days),
    )


def response_facts(rows: Sequence[Row[Any]], target_days: int) -> tuple[Fact, ...]:
    """The median response time and the share answered by the due date of those that had
    one (anonymous submitters get no reply and no due date)."""
    days = [int(r.response_days) for r in rows if r.response_days is not None]
    due = [r for r in rows if r.reply_due is not None]
    in_time = [r for r in due if r.replied_on is not None and r.replied_on <= r.reply_due]
    unanswered = [r for r in due if r.replied_on is None]
    share = round(100 * len(in_time) / len(due)) if due else None
    return (
        Fact(QT_TRANSLATE_NOOP(_CONTEXT, "Besvarade"), str(len(days))),
        Fact(
            QT_TRANSLATE_NOOP(_CONTEXT, "Median svarstid"),
            _DAYS.format(days=_number(median(days))) if days else "–",
        ),
        Fact(QT_TRANSLATE_NOOP(_CONTEXT, "Svarsmål"), _DAYS.format(days=target_days)),
        Fact(
            QT_TRANSLATE_NOOP(_CONTEXT, "Besvarade inom svarsmålet"),
            _SHARE.format(share=share, within=len(in_time), of=len(due)) if due else "–",
        ),
        Fact(QT_TRANSLATE_NOOP(_CONTEXT, "Ännu obesvarade"), str(len(unanswered))),
    )


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")
