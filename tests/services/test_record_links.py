"""Linked records between kinds: a link made in a unit of work is seen from both ends, with
number and status only by those who may read the other record."""

from __future__ import annotations

import pytest
from lexsarah_answers import report_answers
from sqlalchemy import select

from kvalitet_desktop.domain.errors import NotFound
from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation, record_links
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.lexsarah import service as lexsarah

# Every test files rapports naming the shared answers' person, who must be registered.
pytestmark = pytest.mark.usefixtures("lex_sarah_individual")


def _user(admin: Context, unit_id: str, login: str, role: Role) -> Context:
    organisation.save_user(admin, organisation.UserInput(login, login, None, [role], [unit_id]))
    return Context.for_login(admin.db, login)


def _case(ctx: Context, unit_id: str) -> str:
    data = lexsarah.ReportInput("Larmet", report_answers(unit_id, ctx.actor.id))
    return lexsarah.file_report(ctx, data).id


def test_a_link_is_seen_from_both_ends_and_audited(admin: Context, unit_id: str) -> None:
    first, second = _case(admin, unit_id), _case(admin, unit_id)
    with admin.unit_of_work() as uow:
        record_links.link_in(
            uow.session, RecordRef("lexsarah", first), RecordRef("lexsarah", second)
        )

    [made] = record_links.linked(admin, RecordRef("lexsarah", first))
    [came_from] = record_links.linked(admin, RecordRef("lexsarah", second))
    assert (made.ref.id, made.made_from) == (second, False)
    assert (came_from.ref.id, came_from.made_from) == (first, True)
    assert made.summary is not None and made.summary.number.startswith("LS-")
    assert made.summary.status == "rapporterad"
    assert made.noun == "lex Sarah-ärende"
    with admin.reading() as session:
        entities = session.scalars(select(AuditEntry.entity).where(AuditEntry.action == "insert"))
        assert "record_links" in set(entities)


def test_without_the_lex_sarah_role_a_linked_case_shows_no_details(
    admin: Context, unit_id: str
) -> None:
    first, second = _case(admin, unit_id), _case(admin, unit_id)
    with admin.unit_of_work() as uow:
        record_links.link_in(
            uow.session, RecordRef("lexsarah", first), RecordRef("lexsarah", second)
        )
    manager = _user(admin, unit_id, "chef", Role.UNIT_MANAGER)

    [seen] = record_links.linked(manager, RecordRef("lexsarah", first))
    assert seen.summary is None and not seen.visible
    assert seen.noun == "lex Sarah-ärende"  # only that a case is linked


def test_a_link_to_an_unknown_kind_is_refused(admin: Context, unit_id: str) -> None:
    case = _case(admin, unit_id)
    with pytest.raises(NotFound), admin.unit_of_work() as uow:
        record_links.link_in(uow.session, RecordRef("ingen", "x"), RecordRef("lexsarah", case))
