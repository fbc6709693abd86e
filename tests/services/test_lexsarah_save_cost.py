"""What saving an investigation costs the database: one unit of work, one commit and a
bounded number of statements, whatever the number of users named in the case."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from lexsarah_answers import investigation_answers, report_answers
from sqlalchemy import event, select

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.lexsarah import service as lexsarah

# Statements behind one save of an investigation with one cause, its view included (measured:
# 10 SELECTs, one commit, one session). Before, the save took 3 sessions (the form catalog and
# the editable lists opened their own) and the dialog re-read the case: 17 SELECTs, 6 sessions
# and 2 commits in all (the issue counted 24 SELECTs and 3 commits for the whole dialog path).
# The search index, kept in the same unit of work, reads what it indexes of the case (the
# case, its causes and its forms' narrative, whether the index is there, the last key): 3 more
# than the 12 of the save itself. A higher count now means a lookup crept back into a loop.
MAX_SELECTS = 15
MAX_WRITES = 8


@contextmanager
def counting(ctx: Context) -> Iterator[Counter[str]]:
    counts: Counter[str] = Counter()
    engine = ctx.db.engine

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        verb = sql.lstrip().split(None, 1)[0].upper()
        if verb in ("SELECT", "INSERT", "UPDATE"):
            counts[verb] += 1

    def commit(_conn: Any) -> None:
        counts["commit"] += 1

    def session_begun(*_args: Any) -> None:
        counts["session"] += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    event.listen(ctx.db.session_factory, "after_begin", session_begun)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
        event.remove(ctx.db.session_factory, "after_begin", session_begun)


def _user(admin: Context, unit_id: str, login: str, name: str, role: Role) -> Context:
    organisation.save_user(admin, organisation.UserInput(login, name, None, [role], [unit_id]))
    return Context.for_login(admin.db, login)


def test_saving_an_investigation_is_one_unit_of_work(
    admin: Context, unit_id: str, lex_sarah_individual: str
) -> None:
    handler = _user(admin, unit_id, "lena.lind", "Lena Lind", Role.LEX_SARAH)
    investigator = _user(admin, unit_id, "eva.ek", "Eva Ek", Role.INVESTIGATOR)
    case_id = lexsarah.file_report(
        handler,
        lexsarah.ReportInput("Larmet fungerade inte", report_answers(unit_id, handler.actor.id)),
    ).id
    lexsarah.receive(
        handler,
        case_id,
        lexsarah.ReceiptInput(datetime(2026, 3, 2, 10), True, None, investigator.actor.id),
    )
    answers = investigation_answers(investigator.actor.id, handler.actor.id, "missförhållande")
    lexsarah.save_investigation(investigator, case_id, answers)  # the first save creates

    with counting(investigator) as counts:
        view = lexsarah.save_investigation(investigator, case_id, answers)

    assert view.investigator_name == "Eva Ek" and view.received_by == "Lena Lind"
    assert [c.description for c in view.causes] == [
        "Ingen rutin för att testa larmet efter batteribyte"
    ]
    assert counts["session"] == 1
    assert counts["commit"] == 1
    assert counts["SELECT"] <= MAX_SELECTS
    assert counts["INSERT"] + counts["UPDATE"] <= MAX_WRITES


def test_the_view_a_save_returns_is_not_logged_as_an_opening(
    admin: Context, unit_id: str, lex_sarah_individual: str
) -> None:
    handler = _user(admin, unit_id, "lena.lind", "Lena Lind", Role.LEX_SARAH)
    investigator = _user(admin, unit_id, "eva.ek", "Eva Ek", Role.INVESTIGATOR)
    case_id = lexsarah.file_report(
        handler,
        lexsarah.ReportInput("Larmet fungerade inte", report_answers(unit_id, handler.actor.id)),
    ).id
    lexsarah.receive(
        handler,
        case_id,
        lexsarah.ReceiptInput(datetime(2026, 3, 2, 10), True, None, investigator.actor.id),
    )
    answers = investigation_answers(investigator.actor.id, handler.actor.id, "missförhållande")
    lexsarah.save_investigation(investigator, case_id, answers)
    lexsarah.get_case(handler, case_id)  # another user's opening is logged
    with admin.db.session() as session:
        opened = session.scalars(
            select(AuditEntry.user_login).where(
                AuditEntry.entity_id == case_id, AuditEntry.action == "open"
            )
        ).all()
    assert opened == ["lena.lind"]
