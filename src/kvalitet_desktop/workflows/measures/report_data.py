"""The åtgärdsplan's data and the measure lines other reports show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kvalitet_desktop.domain.errors import NotFound
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import header as _header
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus, follow_up_text
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.kind import READ
from kvalitet_desktop.workflows.measures.models import Measure
from kvalitet_desktop.workflows.measures.report_model import (
    MeasureLine,
    MeasurePlanReport,
    UnitMeasures,
)


def measure_line(
    m: measures.MeasureView, answers_to: str | None, follow_up: str | None = None
) -> MeasureLine:
    planned = [f.planned_on for f in m.follow_ups if f.status is FollowUpStatus.PLANNED]
    return MeasureLine(
        title=m.title,
        responsible=m.responsible_name,
        due_date=m.due_date,
        status=m.status.value,
        answers_to=answers_to,
        follow_up_on=min(planned) if planned else None,
        overdue=m.overdue,
        completed_on=m.completed_on if m.status is MeasureStatus.DONE else None,
        follow_up=follow_up,
    )


def follow_up_texts(ctx: Context, measure_ids: Iterable[str]) -> dict[str, str]:
    """How the follow-up of each measure stands, as printed (one query)."""
    with ctx.reading() as session:
        return follow_up_texts_in(session, list(measure_ids))


def follow_up_texts_in(session: Session, measure_ids: list[str] | None) -> dict[str, str]:
    """How each measure's follow-up reads in print (``follow_up_text``, the one wording of the
    lists and editors too): the next planned one, else the latest carried out with its effect
    (``measure_ids`` None: of every measure)."""
    query = select(
        FollowUp.measure_id,
        FollowUp.status,
        FollowUp.planned_on,
        FollowUp.performed_on,
        FollowUp.effect,
    ).where(FollowUp.archived_at.is_(None))
    if measure_ids is not None:
        query = query.where(FollowUp.measure_id.in_(measure_ids))
    done: dict[str, tuple[date, str | None]] = {}
    planned: dict[str, date] = {}
    for measure_id, status, planned_on, performed_on, effect in session.execute(query):
        if status == FollowUpStatus.PLANNED.value:
            if measure_id not in planned or planned_on < planned[measure_id]:
                planned[measure_id] = planned_on
        else:
            on = performed_on or planned_on
            if measure_id not in done or on >= done[measure_id][0]:
                done[measure_id] = (on, effect)
    texts: dict[str, str] = {}
    for measure_id in done.keys() | planned.keys():
        performed_on, effect = done.get(measure_id, (None, None))
        text = follow_up_text(planned.get(measure_id), performed_on, effect)
        texts[measure_id] = text[:1].upper() + text[1:] if text else "–"
    return texts


def measure_plan_report(ctx: Context, unit_id: str | None = None) -> MeasurePlanReport:
    """Every current measure per unit the user may see (one unit if ``unit_id``).

    One session and a handful of queries, however many measures there are.
    """
    ctx.require(READ, unit_id, entity=Unit.__tablename__, entity_id=unit_id or "")
    visible = ctx.visible_units()
    today = date.today()
    with ctx.reading() as session:
        unit_title = None
        if unit_id is not None:
            unit = session.get(Unit, unit_id)
            if unit is None:
                raise NotFound("Enheten finns inte.")
            unit_title = unit.name
        next_follow_up = (
            select(FollowUp.measure_id.label("mid"), func.min(FollowUp.planned_on).label("next"))
            .where(FollowUp.archived_at.is_(None), FollowUp.status == FollowUpStatus.PLANNED.value)
            .group_by(FollowUp.measure_id)
            .subquery()
        )
        query = (
            select(Measure, Unit.name, User.name, next_follow_up.c.next)
            .join(Unit, Unit.id == Measure.unit_id)
            .outerjoin(User, User.id == Measure.responsible_id)
            .outerjoin(next_follow_up, next_follow_up.c.mid == Measure.id)
            .where(Measure.archived_at.is_(None))
            .options(selectinload(Measure.links))
            .order_by(Unit.name, Measure.due_date.is_(None), Measure.due_date, Measure.title)
        )
        if unit_id is not None:
            query = query.where(Measure.unit_id == unit_id)
        elif visible is not None:
            query = query.where(Measure.unit_id.in_(visible))
        rows = session.execute(query).all()
        texts = follow_up_texts_in(session, [m.id for m, *_ in rows] if unit_id else None)
        # Keyed by the unit's id: two units may share a name, and each keeps its own part.
        names: dict[str, str] = {}
        grouped: dict[str, list[MeasureLine]] = {}
        for m, unit_name, responsible, follow_up_on in rows:
            status = MeasureStatus(m.status)
            answers = "; ".join(
                measures.describe_link(session, link.kind, link.target_id).text for link in m.links
            )
            names[m.unit_id] = unit_name
            grouped.setdefault(m.unit_id, []).append(
                MeasureLine(
                    title=m.title,
                    responsible=responsible,
                    due_date=m.due_date,
                    status=status.value,
                    answers_to=answers or None,
                    follow_up_on=follow_up_on,
                    overdue=status.is_open and m.due_date is not None and m.due_date < today,
                    completed_on=m.completed_on if status is MeasureStatus.DONE else None,
                    follow_up=texts.get(m.id, "–"),
                )
            )
    return MeasurePlanReport(
        header=_header(ctx, "Åtgärdsplan", unit_title, personal=False),
        units=tuple(UnitMeasures(names[uid], tuple(lines)) for uid, lines in grouped.items()),
    )
