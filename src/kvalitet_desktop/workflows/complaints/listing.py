"""The list of complaints, sorted and filtered in SQL: with the reply due date (marked when
past without a reply) and the response time in days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.listing import ListSpec, Row
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.complaints.domain import ComplaintStatus, reply_overdue
from kvalitet_desktop.workflows.complaints.kind import KEY
from kvalitet_desktop.workflows.complaints.models import Complaint


def _complaint_list() -> tuple[AnySelect, dict[str, Any], Any, Any, Any]:
    handler = aliased(User)
    cols: dict[str, Any] = {
        "id": Complaint.id,
        "number": Complaint.number,
        "title": Complaint.title,
        "unit": Unit.name,
        "status": Complaint.status,
        "kind": Complaint.complaint_kind,
        "topic": Complaint.topic,
        "channel": Complaint.channel,
        "submitter_type": Complaint.submitter_type,
        "handler": handler.name,
        "received_on": Complaint.received_on,
        "reply_due": Complaint.reply_due,
        "replied_on": Complaint.replied_on,
        "response_days": Complaint.response_days,
        "closed_on": Complaint.closed_on,
        "created_at": Complaint.created_at,
        "archived": Complaint.archived_at.is_not(None),
    }
    query = (
        select(*(c.label(k) for k, c in cols.items()))
        .join(Unit, Unit.id == Complaint.unit_id)
        .outerjoin(handler, handler.id == Complaint.handler_id)
    )
    return query, cols, Complaint.unit_id, Complaint.status, Complaint.archived_at


_CONTEXT = "PagedTableModel"
HEADERS = {
    "number": QT_TRANSLATE_NOOP(_CONTEXT, "Nr"),
    "kind": QT_TRANSLATE_NOOP(_CONTEXT, "Typ"),
    "topic": QT_TRANSLATE_NOOP(_CONTEXT, "Ämne"),
    "channel": QT_TRANSLATE_NOOP(_CONTEXT, "Kanal"),
    "submitter_type": QT_TRANSLATE_NOOP(_CONTEXT, "Avsändare"),
    "handler": QT_TRANSLATE_NOOP(_CONTEXT, "Handläggare"),
    "received_on": QT_TRANSLATE_NOOP(_CONTEXT, "Mottaget"),
    "reply_due": QT_TRANSLATE_NOOP(_CONTEXT, "Svar senast"),
    "replied_on": QT_TRANSLATE_NOOP(_CONTEXT, "Besvarat"),
    "response_days": QT_TRANSLATE_NOOP(_CONTEXT, "Svarstid"),
}


def _overdue(key: str, row: Row, today: date) -> bool:
    """An open complaint past its reply due date without a reply (archived ones are not
    handled any more)."""
    if key != "reply_due" or row.get("archived"):
        return False
    return reply_overdue(
        ComplaintStatus(row["status"]), row.get("reply_due"), row.get("replied_on"), today
    )


def _text(key: str, row: Row, translate: Callable[[str, str], str]) -> str | None:
    """The response time in days ("0 dagar" the same day); "–" for no reply due."""
    if key == "response_days" and row.get("response_days") is not None:
        days = int(row["response_days"])
        unit = translate(_CONTEXT, "dag" if days == 1 else "dagar")
        return f"{days} {unit}"
    if key == "reply_due" and row.get("reply_due") is None:
        return translate(_CONTEXT, "inget svar (anonym)")
    return None


SPEC = ListSpec(
    KEY,
    (
        "number",
        "title",
        "unit",
        "status",
        "received_on",
        "reply_due",
        "response_days",
        "kind",
        "topic",
        "submitter_type",
        "handler",
    ),
    "received_on",
    tuple(s.value for s in ComplaintStatus),
    _complaint_list,
    headers=HEADERS,
    overdue=_overdue,
    text=_text,
    default_descending=True,
    # Room for "2026-11-25 – försenad" and "inget svar (anonym)"; Svarstid fits at 1280×800.
    widths={
        "received_on": 95,
        "reply_due": 170,
        "response_days": 85,
        "kind": 110,
        "topic": 150,
        "submitter_type": 130,
        "handler": 140,
    },
    main_date="received_on",  # the period of an export
)
