"""A klagomål made into a lex Sarah rapport in one step: what it gives the new record, the
link seen from both ends, and no details of either end for those who may not read it."""

from __future__ import annotations

from datetime import date

import pytest
from lexsarah_answers import report_answers

from kvalitet_desktop.domain.errors import PermissionDenied
from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation, record_links
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import Channel, ComplaintKind, SubmitterType
from kvalitet_desktop.workflows.lexsarah import service as lexsarah


def _user(admin: Context, unit_id: str, login: str, role: Role) -> Context:
    organisation.save_user(admin, organisation.UserInput(login, login, None, [role], [unit_id]))
    return Context.for_login(admin.db, login)


@pytest.fixture
def complaint_id(manager: Context, unit_id: str) -> str:
    return complaints.save_complaint(
        manager,
        complaints.ComplaintInput(
            "Ingen kom till morgonbesöket",
            unit_id,
            date(2026, 3, 2),
            Channel.PHONE,
            SubmitterType.RELATIVE,
            ComplaintKind.COMPLAINT,
            "kvalitet i insatsen",
            "Min pappa fick varken frukost eller medicin i går morse.",
            submitter_name="Karin Berg",
            submitter_contact="070-123 45 67",
        ),
    ).id


def test_the_facts_a_complaint_gives_name_no_submitter(
    manager: Context, unit_id: str, complaint_id: str
) -> None:
    facts = record_links.source_facts(manager, RecordRef("klagomal", complaint_id))
    assert facts.source == RecordRef("klagomal", complaint_id)
    assert facts.label == "klagomål KL-2026-0001"
    assert (facts.title, facts.unit_id) == ("Ingen kom till morgonbesöket", unit_id)
    assert facts.description.startswith("Min pappa fick varken frukost")
    assert "Från klagomål KL-2026-0001, mottaget 2026-03-02 (telefon, närstående)." in (
        facts.description
    )
    assert "Karin Berg" not in repr(facts) and "070-123" not in repr(facts)


def test_staff_cannot_make_a_record_from_a_complaint(
    admin: Context, unit_id: str, complaint_id: str
) -> None:
    staff = _user(admin, unit_id, "sara", Role.STAFF)
    with pytest.raises(PermissionDenied):
        record_links.source_facts(staff, RecordRef("klagomal", complaint_id))
    with pytest.raises(PermissionDenied):
        lexsarah.file_report(
            staff,
            lexsarah.ReportInput(
                "Från klagomålet",
                report_answers(unit_id, admin.actor.id),
                source=RecordRef("klagomal", complaint_id),
            ),
        )


def test_the_rapport_made_from_a_complaint_is_linked_both_ways(
    admin: Context, manager: Context, unit_id: str, complaint_id: str, lex_sarah_individual: str
) -> None:
    case = lexsarah.file_report(
        manager,
        lexsarah.ReportInput(
            "Utebliven insats",
            report_answers(unit_id, admin.actor.id),
            source=RecordRef("klagomal", complaint_id),
        ),
    )
    # The lex Sarah role sees both ends with number and status.
    handler = _user(admin, unit_id, "lena", Role.LEX_SARAH)
    [from_case] = record_links.linked(admin, RecordRef("lexsarah", case.id))
    assert from_case.made_from and from_case.ref == RecordRef("klagomal", complaint_id)
    assert from_case.summary is not None
    assert (from_case.summary.number, from_case.summary.status) == ("KL-2026-0001", "mottagen")
    [from_complaint] = record_links.linked(admin, RecordRef("klagomal", complaint_id))
    assert not from_complaint.made_from and from_complaint.summary is not None
    assert from_complaint.summary.number.startswith("LS-")
    # The unit manager sees the complaint's link, but nothing of the case behind it.
    [seen] = record_links.linked(manager, RecordRef("klagomal", complaint_id))
    assert seen.summary is None and seen.noun == "lex Sarah-ärende"
    # The lex Sarah role does not read complaints: from the case, only that one is linked.
    [seen_by_handler] = record_links.linked(handler, RecordRef("lexsarah", case.id))
    assert seen_by_handler.summary is None and seen_by_handler.noun == "klagomål"
