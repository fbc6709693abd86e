"""The day an investigation is finished ("Markera som klar") is stored and ends its deadline."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from lexsarah_answers import investigation_answers, report_answers

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import DeadlineKey, deadline


@pytest.fixture
def people(admin: Context, unit_id: str, lex_sarah_individual: str) -> dict[str, Context]:
    def user(login: str, name: str, role: Role) -> Context:
        organisation.save_user(admin, organisation.UserInput(login, name, None, [role], [unit_id]))
        return Context.for_login(admin.db, login)

    return {
        "ansvarig": user("lena.lind", "Lena Lind", Role.LEX_SARAH),
        "utredare": user("eva.ek", "Eva Ek", Role.INVESTIGATOR),
        "personal": user("asa.oberg", "Åsa Öberg", Role.STAFF),
    }


def received(people: dict[str, Context], unit_id: str) -> str:
    ansvarig = people["ansvarig"]
    case_id = lexsarah.file_report(
        people["personal"],
        lexsarah.ReportInput("Larmet fungerade inte", report_answers(unit_id, ansvarig.actor.id)),
    ).id
    lexsarah.receive(
        ansvarig,
        case_id,
        lexsarah.ReceiptInput(datetime(2026, 3, 2, 10, 0), True, None, people["utredare"].actor.id),
    )
    return case_id


LATE = date(2026, 3, 2) + timedelta(days=40)  # after the 28 days to finish


def test_a_finished_investigation_meets_its_deadline_before_the_case_is_closed(
    people: dict[str, Context], unit_id: str
) -> None:
    case_id = received(people, unit_id)
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    answers = investigation_answers(utredare.actor.id, ansvarig.actor.id, "missförhållande")
    draft = lexsarah.save_investigation(utredare, case_id, answers)
    assert draft.investigation_finished_on is None
    view = lexsarah.save_investigation(utredare, case_id, answers, complete=True)
    assert view.investigation_finished_on == date.today()
    finish = deadline(view, DeadlineKey.FINISH, LATE)
    assert finish is not None and finish.done and not finish.late
    # Not on the dashboard's deadlines, and not marked late in the list.
    assert not [i for i in lexsarah.due_items(ansvarig, LATE, LATE) if "klar" in i.detail]
    (row,) = listing.fetch(ansvarig, "lexsarah", listing.ListQuery())
    assert row["investigation_finished_on"] == date.today()
    overdue = listing.spec_for("lexsarah").overdue
    assert overdue is not None and overdue("finish_due", row, LATE) is False
    # Saving it again as finished keeps the day; a changed draft is no longer finished.
    again = lexsarah.save_investigation(utredare, case_id, answers, complete=True)
    assert again.investigation_finished_on == date.today()
    answers.values["konsekvenser"] = "Ändrad text"
    changed = lexsarah.save_investigation(utredare, case_id, answers)
    assert changed.investigation_finished_on is None
    assert deadline(changed, DeadlineKey.FINISH, LATE).late  # type: ignore[union-attr]


def test_closing_finishes_and_reopening_clears_the_day(
    people: dict[str, Context], unit_id: str
) -> None:
    case_id = received(people, unit_id)
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    answers = investigation_answers(utredare.actor.id, ansvarig.actor.id, "missförhållande")
    lexsarah.save_investigation(utredare, case_id, answers)
    closed = lexsarah.close(ansvarig, case_id)
    assert closed.investigation_finished_on == closed.closed_on
    reopened = lexsarah.reopen(ansvarig, case_id, "Fel datum för beslutet")
    assert reopened.investigation_finished_on is None
    assert deadline(reopened, DeadlineKey.FINISH, LATE).late  # type: ignore[union-attr]


def test_the_list_marks_a_late_receipt_and_a_late_start(
    people: dict[str, Context], unit_id: str
) -> None:
    ansvarig = people["ansvarig"]
    overdue = listing.spec_for("lexsarah").overdue
    assert overdue is not None
    lexsarah.file_report(
        people["personal"],
        lexsarah.ReportInput("Inte mottagen", report_answers(unit_id, ansvarig.actor.id)),
    )
    (reported,) = listing.fetch(ansvarig, "lexsarah", listing.ListQuery())
    filed_on = reported["reported_at"].date()
    assert not overdue("reported_at", reported, filed_on)
    assert overdue("reported_at", reported, filed_on + timedelta(days=1))  # not received
    received(people, unit_id)
    rows = listing.fetch(ansvarig, "lexsarah", listing.ListQuery(status="mottagen"))
    (row,) = rows
    assert row["start_due"] == date(2026, 3, 4)
    assert overdue("start_due", row, date(2026, 3, 5)) and not overdue("reported_at", row, LATE)
    assert not overdue("start_due", row, date(2026, 3, 4))
