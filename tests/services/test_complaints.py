"""Klagomål och synpunkter through the services: registering, the anonymous rule, the reply,
closing and reopening, who may do what, the list and the dashboard."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kvalitet_desktop.domain.errors import (
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import dashboard, gallring, listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import (
    COMPLAINT_LINK,
    Channel,
    ComplaintKind,
    ComplaintStatus,
    ReplyMethod,
    ReplyTarget,
    SubmitterType,
)
from kvalitet_desktop.workflows.complaints.service import ComplaintInput, ReplyInput
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.measures import service as measures

TODAY = date.today()


@pytest.fixture
def staff(admin: Context, unit_id: str) -> Context:
    organisation.save_user(
        admin, organisation.UserInput("sara.sten", "Sara Sten", None, [Role.STAFF], [unit_id])
    )
    return Context.for_login(admin.db, "sara.sten")


def complaint(
    unit_id: str,
    *,
    submitter: SubmitterType = SubmitterType.RELATIVE,
    received_on: date | None = None,
    name: str | None = "Karin Berg",
    contact: str | None = "070-123 45 67",
) -> ComplaintInput:
    return ComplaintInput(
        title="Otrevligt bemötande vid morgonbesöket",
        unit_id=unit_id,
        received_on=received_on or TODAY - timedelta(days=3),
        channel=Channel.PHONE,
        submitter_type=submitter,
        complaint_kind=ComplaintKind.COMPLAINT,
        topic="bemötande",
        description="Dottern berättar att personalen var stressad och kort i tonen.",
        submitter_name=None if submitter.is_anonymous else name,
        submitter_contact=None if submitter.is_anonymous else contact,
    )


def reply(day: date | None = None) -> ReplyInput:
    return ReplyInput(day or TODAY, ReplyMethod.PHONE, "Vi har pratat med personalgruppen.")


def test_staff_registers_and_the_reply_due_date_follows_the_target(
    staff: Context, unit_id: str
) -> None:
    received_on = TODAY - timedelta(days=3)
    view = complaints.save_complaint(staff, complaint(unit_id, received_on=received_on))
    assert view.number == f"KL-{received_on.year}-0001"
    assert view.status is ComplaintStatus.RECEIVED
    assert view.received_by_id == staff.actor.id
    assert view.reply_due == received_on + timedelta(days=14)
    assert view.response_days is None and not view.overdue(TODAY)
    # Staff register complaints but do not read them (the submitter's details are personal).
    with pytest.raises(PermissionDenied):
        complaints.get_complaint(staff, view.id)


def test_the_number_counts_per_year_of_receipt(manager: Context, unit_id: str) -> None:
    first = complaints.save_complaint(manager, complaint(unit_id, received_on=date(2024, 12, 31)))
    second = complaints.save_complaint(manager, complaint(unit_id, received_on=date(2024, 1, 2)))
    third = complaints.save_complaint(manager, complaint(unit_id, received_on=date(2025, 1, 1)))
    assert (first.number, second.number, third.number) == (
        "KL-2024-0001",
        "KL-2024-0002",
        "KL-2025-0001",
    )


def test_an_anonymous_submitter_is_never_asked_who_they_are(manager: Context, unit_id: str) -> None:
    data = complaint(unit_id, submitter=SubmitterType.ANONYMOUS)
    data.submitter_name, data.submitter_contact = "Någon", "nagon@example.se"
    with pytest.raises(ValidationFailed) as refused:
        complaints.save_complaint(manager, data)
    assert refused.value.for_field("submitter_name")
    assert refused.value.for_field("submitter_contact")

    view = complaints.save_complaint(manager, complaint(unit_id, submitter=SubmitterType.ANONYMOUS))
    assert view.submitter_name is None and view.submitter_contact is None
    assert view.reply_due is None and not view.overdue(TODAY + timedelta(days=100))
    with pytest.raises(RuleViolation, match="anonym"):
        complaints.record_reply(manager, view.id, reply())
    closed = complaints.close_complaint(manager, view.id, "Tagit upp på APT.")
    assert closed.status is ComplaintStatus.CLOSED and closed.replied_on is None


def test_an_answered_complaint_cannot_become_anonymous(manager: Context, unit_id: str) -> None:
    view = complaints.save_complaint(manager, complaint(unit_id))
    complaints.record_reply(manager, view.id, reply())
    data = complaints.get_complaint(manager, view.id).to_input()
    data.submitter_type = SubmitterType.ANONYMOUS
    data.submitter_name = data.submitter_contact = None
    with pytest.raises(ValidationFailed) as refused:
        complaints.save_complaint(manager, data, view.id)
    assert refused.value.for_field("submitter_type")


def test_investigate_reply_close_and_reopen_with_a_reason(manager: Context, unit_id: str) -> None:
    received_on = TODAY - timedelta(days=5)
    view = complaints.save_complaint(manager, complaint(unit_id, received_on=received_on))
    data = view.to_input()
    data.handler_id = manager.actor.id
    data.investigation = "Samtal med personalen; schemat var för tätt."
    view = complaints.save_complaint(manager, data, view.id)
    assert view.status is ComplaintStatus.INVESTIGATING
    assert view.handler_name == "Märta Enhetschef"

    with pytest.raises(RuleViolation, match="svaret"):
        complaints.close_complaint(manager, view.id)
    view = complaints.record_reply(manager, view.id, reply(received_on + timedelta(days=4)))
    assert view.status is ComplaintStatus.REPLIED and view.response_days == 4

    view = complaints.close_complaint(manager, view.id, "Rutinen för morgonbesök är ändrad.")
    assert view.status is ComplaintStatus.CLOSED and view.closed_on == TODAY
    with pytest.raises(RuleViolation, match="låst"):
        complaints.save_complaint(manager, view.to_input(), view.id)
    with pytest.raises(ValidationFailed):
        complaints.reopen_complaint(manager, view.id, "  ")
    view = complaints.reopen_complaint(manager, view.id, "Dottern hörde av sig igen.")
    assert view.status is ComplaintStatus.INVESTIGATING and view.closed_on is None
    assert view.replied_on is not None  # the reply given is kept
    with manager.reading() as session:
        changes = session.scalars(
            select(AuditEntry.changes).where(AuditEntry.entity_id == view.id)
        ).all()
    assert any("Dottern hörde av sig igen." in (c or "") for c in changes)


def test_the_reply_must_fit_the_dates(manager: Context, unit_id: str) -> None:
    received_on = TODAY - timedelta(days=2)
    view = complaints.save_complaint(manager, complaint(unit_id, received_on=received_on))
    with pytest.raises(ValidationFailed) as early:
        complaints.record_reply(manager, view.id, reply(received_on - timedelta(days=1)))
    assert early.value.for_field("replied_on")
    with pytest.raises(ValidationFailed) as future:
        complaints.record_reply(manager, view.id, reply(TODAY + timedelta(days=1)))
    assert future.value.for_field("replied_on")
    with pytest.raises(ValidationFailed) as empty:
        complaints.record_reply(manager, view.id, ReplyInput(None, None, ""))
    assert {e.field for e in empty.value.errors} == {"replied_on", "reply_method", "reply_text"}
    same_day = complaints.record_reply(manager, view.id, reply(received_on))
    assert same_day.response_days == 0


def test_bad_input_is_refused_at_its_fields(manager: Context, unit_id: str) -> None:
    data = complaint(unit_id, received_on=TODAY + timedelta(days=1))
    data.title = "x" * 201
    data.topic = ""
    data.submitter_name = "Rad ett\nrad två"
    with pytest.raises(ValidationFailed) as refused:
        complaints.save_complaint(manager, data)
    fields = {e.field for e in refused.value.errors}
    assert {"title", "topic", "received_on", "submitter_name"} <= fields


def test_a_personnummer_in_the_description_is_warned_of(manager: Context, unit_id: str) -> None:
    data = complaint(unit_id)
    data.description = "Gäller 19121212-1212 som bor på avdelningen."
    view = complaints.save_complaint(manager, data)
    assert [w.field for w in view.warnings] == ["description"]


def test_roles_and_units_limit_who_does_what(
    admin: Context, manager: Context, staff: Context, unit_id: str, other_unit_id: str
) -> None:
    view = complaints.save_complaint(staff, complaint(unit_id))
    for attempt in (
        lambda: complaints.save_complaint(staff, view.to_input(), view.id),
        lambda: complaints.record_reply(staff, view.id, reply()),
        lambda: complaints.close_complaint(staff, view.id),
        lambda: complaints.archive_complaint(staff, view.id, "Dubblett"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    elsewhere = complaints.save_complaint(admin, complaint(other_unit_id))
    with pytest.raises(PermissionDenied):
        complaints.get_complaint(manager, elsewhere.id)
    rows = listing.fetch(manager, "klagomal", listing.ListQuery())
    assert [r["id"] for r in rows] == [view.id]
    with pytest.raises(PermissionDenied):
        listing.fetch(staff, "klagomal", listing.ListQuery())
    with pytest.raises(NotFound):
        complaints.get_complaint(manager, "finns-inte")


def test_the_list_shows_the_response_time_and_the_late_reply(
    manager: Context, unit_id: str
) -> None:
    late = complaints.save_complaint(
        manager, complaint(unit_id, received_on=TODAY - timedelta(days=20))
    )
    answered = complaints.save_complaint(
        manager, complaint(unit_id, received_on=TODAY - timedelta(days=10))
    )
    complaints.record_reply(manager, answered.id, reply(TODAY - timedelta(days=3)))
    rows = {r["id"]: r for r in listing.fetch(manager, "klagomal", listing.ListQuery())}
    spec = listing.spec_for("klagomal")
    assert spec.overdue is not None
    assert spec.overdue("reply_due", rows[late.id], TODAY)
    assert not spec.overdue("reply_due", rows[answered.id], TODAY)
    assert rows[answered.id]["response_days"] == 7
    assert rows[late.id]["response_days"] is None
    plain = json.loads(json.dumps(listing.to_json(rows[late.id])))
    assert plain["reply_due"] == (TODAY - timedelta(days=6)).isoformat()
    assert {"id", "title", "unit", "status", "kind", "received_on", "reply_due"} <= set(plain)


def test_the_dashboard_lists_replies_due_and_late(manager: Context, unit_id: str) -> None:
    late = complaints.save_complaint(
        manager, complaint(unit_id, received_on=TODAY - timedelta(days=15))
    )
    soon = complaints.save_complaint(
        manager, complaint(unit_id, received_on=TODAY - timedelta(days=12))
    )
    complaints.save_complaint(manager, complaint(unit_id, received_on=TODAY))  # not due yet
    complaints.save_complaint(
        manager,
        complaint(unit_id, submitter=SubmitterType.ANONYMOUS, received_on=TODAY - timedelta(60)),
    )
    board = dashboard.load_dashboard(manager, TODAY)
    section = board.section("complaint_replies_due")
    assert [(i.record_id, i.overdue) for i in section.items] == [(late.id, True), (soon.id, False)]
    unit_row = next(u for u in board.units if u.unit_id == unit_id)
    assert unit_row.counts["open_complaints"] == 4


def test_the_reply_target_is_a_setting(admin: Context, manager: Context, unit_id: str) -> None:
    assert complaints.reply_target(admin) == ReplyTarget(14, 3)
    with pytest.raises(ValidationFailed):
        complaints.set_reply_target(admin, ReplyTarget(0, 0))
    with pytest.raises(PermissionDenied):
        complaints.set_reply_target(manager, ReplyTarget(10, 2))
    complaints.set_reply_target(admin, ReplyTarget(10, 2))
    view = complaints.save_complaint(manager, complaint(unit_id, received_on=date(2026, 1, 31)))
    assert view.reply_due == date(2026, 2, 10)


def test_topics_are_an_editable_list(admin: Context) -> None:
    assert "bemötande" in complaints.topics(admin)
    with pytest.raises(ValidationFailed):
        complaints.set_topics(admin, ["Mat", "mat"])
    assert complaints.set_topics(admin, ["  Måltider ", "", "Bemötande"]) == [
        "Måltider",
        "Bemötande",
    ]
    assert complaints.topics(admin) == ["Måltider", "Bemötande"]


def test_a_measure_answers_to_the_complaint(manager: Context, unit_id: str) -> None:
    view = complaints.save_complaint(manager, complaint(unit_id))
    measure = measures.create_measure(
        manager,
        measures.MeasureInput(
            "Utbildning i bemötande",
            unit_id,
            None,
            manager.actor.id,
            TODAY + timedelta(days=30),
            [measures.LinkRef(COMPLAINT_LINK, view.id)],
        ),
    )
    assert [link.text for link in measure.links] == [f"Klagomål {view.number} (bemötande)"]
    assert [m.title for m in complaints.get_complaint(manager, view.id).measures] == [
        "Utbildning i bemötande"
    ]
    # Its follow-up reads as in every list and report, not as a count.
    planned = TODAY + timedelta(days=40)
    followups.plan_follow_up(
        manager, measure.id, followups.PlanInput(planned, "Samtal", manager.actor.id)
    )
    [shown] = complaints.get_complaint(manager, view.id).measures
    assert shown.follow_up == f"Planerad {planned.isoformat()}"


def test_archived_complaints_refuse_changes(manager: Context, unit_id: str) -> None:
    view = complaints.save_complaint(manager, complaint(unit_id))
    with pytest.raises(ValidationFailed):
        complaints.archive_complaint(manager, view.id, "")
    archived = complaints.archive_complaint(manager, view.id, "Registrerat två gånger")
    assert archived.archived
    with pytest.raises(RuleViolation, match="makulerat"):
        complaints.record_reply(manager, view.id, reply())


def test_gallring_clears_the_submitter_of_closed_complaints(admin: Context, unit_id: str) -> None:
    view = complaints.save_complaint(admin, complaint(unit_id, received_on=date(2020, 3, 2)))
    complaints.record_reply(admin, view.id, reply(date(2020, 3, 9)))
    complaints.close_complaint(admin, view.id, "Klart.", closed_on=date(2020, 3, 10))
    plan = gallring.plan(admin)
    due = next(k for k in plan.kinds if k.key == "klagomal")
    assert [c.record_id for c in due.candidates] == [view.id]
    gallring.run(admin, plan)
    cleared = complaints.get_complaint(admin, view.id)
    assert cleared.submitter_name is None and cleared.submitter_contact is None
    assert cleared.reply_text is None and cleared.description == "[gallrad]"
    assert (cleared.topic, cleared.response_days) == ("bemötande", 7)
