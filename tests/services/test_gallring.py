"""Gallring through the services: listed for approval, only personal data removed, the audit
trail cleared of it and still a clean chain, logged as one event."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.domain.errors import PermissionDenied, RuleViolation, ValidationFailed
from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import gallring
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry, FormRecord, User, UserRole
from kvalitet_desktop.workflows.lexsarah.domain import CaseStatus
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase, LexSarahCause

TODAY = date(2026, 6, 1)
FAR = date(2100, 1, 1)  # every closed demo case is long due then


@pytest.fixture
def demo_db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "demo.sqlite")
    create_demo(database, today=TODAY)
    yield database
    database.close()


def _ctx(db: Database, role: Role) -> Context:
    with db.session() as session:
        login = session.scalars(
            select(User.login)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == role.value)
        ).first()
    assert login
    return Context.for_login(db, login)


def _closed(db: Database) -> list[LexSarahCase]:
    with db.session() as session:
        return list(
            session.scalars(
                select(LexSarahCase).where(LexSarahCase.status == CaseStatus.CLOSED.value)
            )
        )


def test_the_plan_lists_closed_cases_past_their_period_and_writes_nothing(
    demo_db: Database,
) -> None:
    admin = _ctx(demo_db, Role.ADMIN)
    closed = _closed(demo_db)
    assert closed
    with demo_db.session() as session:
        entries_before = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()))
    assert gallring.plan(admin, TODAY).total == 0  # the demo's cases closed this year
    plan = gallring.plan(admin, FAR)
    [lex] = [k for k in plan.kinds if k.candidates]
    assert {c.record_id for c in lex.candidates} == {c.id for c in closed}
    assert all(c.number.startswith("LS-") and c.unit and c.closed_on for c in lex.candidates)
    with demo_db.session() as session:
        assert session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc())) == (
            entries_before
        )


def test_a_run_clears_personal_data_keeps_statistics_and_the_log_stays_checkable(
    demo_db: Database,
) -> None:
    admin = _ctx(demo_db, Role.ADMIN)
    before = {c.id: c for c in _closed(demo_db)}
    # (Reporters' names may also be users' names, which stay with the accounts.)
    old_texts = [c.title for c in before.values()]
    old_texts += [c.closing_text for c in before.values() if c.closing_text]
    plan = gallring.plan(admin, FAR)
    result = gallring.run(admin, plan)
    assert result.records == {"lexsarah": len(before)}
    assert result.log_entries > 0 and result.rehashed_from is not None
    with demo_db.session() as session:
        for case in session.scalars(select(LexSarahCase).where(LexSarahCase.id.in_(before))):
            old = before[case.id]
            assert case.title == CLEARED and case.reporter_name == CLEARED
            assert case.closing_text is None and case.reporter_user_id is None
            # What the statistics need stays.
            assert (case.number, case.unit_id, case.category, case.closed_on) == (
                old.number,
                old.unit_id,
                old.category,
                old.closed_on,
            )
            assert case.seriousness == old.seriousness
        causes = session.scalars(select(LexSarahCause).where(LexSarahCause.case_id.in_(before)))
        assert all(c.description == CLEARED for c in causes)
        forms = session.scalars(select(FormRecord).where(FormRecord.owner_id.in_(before)))
        assert all(f.answers == "{}" for f in forms)
        log = "\n".join(session.scalars(select(AuditEntry.changes)))
        event = session.scalars(select(AuditEntry).where(AuditEntry.action == "gallring")).one()
    for text in old_texts:
        assert json.dumps(text, ensure_ascii=False) not in log, text
    details = json.loads(event.changes)
    assert details["records"] == {"lexsarah": len(before)}
    assert details["rehashed_from"] == result.rehashed_from
    report = check_database(demo_db)
    assert report.ok, [(i.name, i.message, [str(f) for f in i.findings]) for i in report.items]
    # Nothing left to clear: a second run lists nothing.
    assert gallring.plan(admin, FAR).total == 0


def test_only_approved_records_are_cleared(demo_db: Database) -> None:
    admin = _ctx(demo_db, Role.ADMIN)
    plan = gallring.plan(admin, FAR)
    kind = next(k for k in plan.kinds if k.candidates)
    first = kind.candidates[0]
    narrowed = gallring.GallringPlan(
        plan.today,
        (gallring.KindPlan(kind.key, kind.title, kind.years, kind.cutoff, (first,)),),
    )
    assert gallring.run(admin, narrowed).total == 1
    left = gallring.plan(admin, FAR)
    assert left.total == plan.total - 1
    assert check_database(demo_db).ok


def test_the_period_is_set_per_kind_by_an_administrator(demo_db: Database) -> None:
    admin = _ctx(demo_db, Role.ADMIN)
    [rule] = gallring.rules(admin)
    assert rule.is_default and rule.spec.personal and rule.spec.kept
    saved = gallring.set_years(admin, rule.key, 12)
    assert saved.years == 12
    [again] = gallring.rules(admin)
    assert (again.years, again.is_default) == (12, False)
    assert gallring.plan(admin, FAR).kinds[0].cutoff == date(2088, 1, 1)
    for wrong in (0, 101, "5"):
        with pytest.raises(ValidationFailed):
            gallring.set_years(admin, rule.key, wrong)  # type: ignore[arg-type]


def test_others_than_administrators_are_refused(demo_db: Database) -> None:
    coordinator = _ctx(demo_db, Role.QUALITY_COORDINATOR)
    with pytest.raises(PermissionDenied):
        gallring.plan(coordinator, FAR)
    with pytest.raises(PermissionDenied):
        gallring.set_years(coordinator, "lexsarah", 3)


def test_a_broken_chain_is_never_rehashed(demo_db: Database) -> None:
    admin = _ctx(demo_db, Role.ADMIN)
    plan = gallring.plan(admin, FAR)
    with demo_db.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE audit_log SET user_login = 'någon annan' WHERE seq = "
            "(SELECT MAX(seq) FROM audit_log)"
        )
    with pytest.raises(RuleViolation, match="kedja"):
        gallring.run(admin, plan)
    assert gallring.plan(admin, FAR).total == plan.total
