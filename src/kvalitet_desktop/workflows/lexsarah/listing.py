"""The list of lex Sarah cases, for those who may see them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.listing import ListSpec, Row
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.lexsarah.domain import (
    CaseStatus,
    DeadlineKey,
    PlainCaseFacts,
    Seriousness,
    deadline,
)
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase
from kvalitet_desktop.workflows.lexsarah.service import visible_cases


def _lex_sarah_list() -> tuple[AnySelect, dict[str, Any], Any, Any, Any]:
    investigator = aliased(User)
    cols: dict[str, Any] = {
        "id": LexSarahCase.id,
        "number": LexSarahCase.number,
        "title": LexSarahCase.title,
        "unit": Unit.name,
        "status": LexSarahCase.status,
        "category": LexSarahCase.category,
        "case_type": LexSarahCase.case_type,
        "seriousness": LexSarahCase.seriousness,
        "investigator": investigator.name,
        "reported_at": LexSarahCase.reported_at,
        "start_due": LexSarahCase.start_due,
        "finish_due": LexSarahCase.finish_due,
        "investigation_started_on": LexSarahCase.investigation_started_on,
        "investigation_finished_on": LexSarahCase.investigation_finished_on,
        "ivo_notified_on": LexSarahCase.ivo_notified_on,
        "ivo_investigation_due": LexSarahCase.ivo_investigation_due,
        "investigation_sent_to_ivo_on": LexSarahCase.investigation_sent_to_ivo_on,
        "closed_on": LexSarahCase.closed_on,
        "created_at": LexSarahCase.created_at,
        "archived": LexSarahCase.archived_at.is_not(None),
    }
    query = (
        select(*(c.label(k) for k, c in cols.items()))
        .join(Unit, Unit.id == LexSarahCase.unit_id)
        .outerjoin(investigator, investigator.id == LexSarahCase.investigator_id)
    )
    return query, cols, LexSarahCase.unit_id, LexSarahCase.status, LexSarahCase.archived_at


def _lex_sarah_visible(ctx: Context, stmt: AnySelect) -> AnySelect:
    """Those who may read cases see their units' cases; an investigator the ones appointed to."""
    return stmt.where(visible_cases(ctx))


_CONTEXT = "PagedTableModel"
HEADERS = {
    "number": QT_TRANSLATE_NOOP(_CONTEXT, "Nr"),
    "category": QT_TRANSLATE_NOOP(_CONTEXT, "Kategori"),
    "seriousness": QT_TRANSLATE_NOOP(_CONTEXT, "Bedömning"),
    "investigator": terms.INVESTIGATOR,
    "reported_at": QT_TRANSLATE_NOOP(_CONTEXT, "Rapporterad"),
    "start_due": QT_TRANSLATE_NOOP(_CONTEXT, "Påbörjas senast"),
    "finish_due": QT_TRANSLATE_NOOP(_CONTEXT, "Utredning klar senast"),
    "ivo_investigation_due": QT_TRANSLATE_NOOP(_CONTEXT, "Utredning till IVO senast"),
}


# The list's columns that hold a deadline; the receipt's deadline is the day it was reported.
_MARKED = {
    "reported_at": DeadlineKey.RECEIPT,
    "start_due": DeadlineKey.START,
    "finish_due": DeadlineKey.FINISH,
    "ivo_investigation_due": DeadlineKey.IVO,
}


def _facts(row: Row) -> PlainCaseFacts:
    seriousness = row.get("seriousness")
    return PlainCaseFacts(
        status=CaseStatus(row["status"]),
        reported_at=row["reported_at"],
        start_due=row.get("start_due"),
        finish_due=row.get("finish_due"),
        investigation_started_on=row.get("investigation_started_on"),
        seriousness=Seriousness(seriousness) if seriousness else None,
        ivo_notified_on=row.get("ivo_notified_on"),
        ivo_investigation_due=row.get("ivo_investigation_due"),
        investigation_sent_to_ivo_on=row.get("investigation_sent_to_ivo_on"),
        investigation_finished_on=row.get("investigation_finished_on"),
    )


def _overdue(key: str, row: Row, today: date) -> bool:
    """A case's deadline that has passed without the step being done: the receipt, the start
    and the end of the investigation (local targets), or IVO's two months. Archived cases are
    not handled any more."""
    wanted = _MARKED.get(key)
    if wanted is None or row.get("archived"):
        return False
    found = deadline(_facts(row), wanted, today)
    return found is not None and found.late


def _text(key: str, row: Row, translate: Callable[[str, str], str]) -> str | None:
    """ "Rapporterad" as the day: it is also the receipt's deadline (the time is in the case)."""
    del translate
    reported = row.get("reported_at")
    return reported.date().isoformat() if key == "reported_at" and reported else None


SPEC = ListSpec(
    "lexsarah",
    (
        "number",
        "title",
        "unit",
        "status",
        # The deadlines in their order: receipt (the day reported), start, finish, IVO.
        "reported_at",
        "start_due",
        "finish_due",
        "ivo_investigation_due",
        "category",
        "seriousness",
        "investigator",
    ),
    "reported_at",
    tuple(s.value for s in CaseStatus),
    _lex_sarah_list,
    _lex_sarah_visible,
    headers=HEADERS,
    overdue=_overdue,
    text=_text,
    main_date="reported_at",  # the period of an export
)
