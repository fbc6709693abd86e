"""Gallring through the services: listed for approval, only personal data removed, the audit
trail cleared of it and still a clean chain, logged as one event."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kvalitet_desktop.domain.errors import PermissionDenied, RuleViolation, ValidationFailed
from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import gallring
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry, FormRecord, Individual, Unit, User, UserRole
from kvalitet_desktop.workflows.lexsarah.domain import CaseStatus
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase, LexSarahCause
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import AnalysisLevel, RiskAnalysisStatus
from kvalitet_desktop.workflows.risk.models import RiskAnalysis, RiskEvent
from registers import register

TODAY = date(2026, 6, 1)
FAR = date(2100, 1, 1)  # every closed demo case is long due then


@pytest.fixture
def demo_db(demo_copy: Callable[[date], Path]) -> Iterator[Database]:
    database = Database.open(demo_copy(TODAY))
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


def _due(admin: Context, today: date, key: str) -> set[str]:
    """The records of kind ``key`` the plan for ``today`` lists."""
    [kind] = [k for k in gallring.plan(admin, today).kinds if k.key == key]
    return {c.record_id for c in kind.candidates}


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
    # The demo's lex Sarah cases closed this year (other kinds keep years of history).
    assert not _due(admin, TODAY, "lexsarah")
    plan = gallring.plan(admin, FAR)
    [lex] = [k for k in plan.kinds if k.key == "lexsarah"]
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
    assert result.records["lexsarah"] == len(before)
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
    assert details["records"] == result.records
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
    rules = {r.key: r for r in gallring.rules(admin)}
    assert {"lexsarah", "riskanalys"} <= set(rules)
    rule = rules["lexsarah"]
    assert rule.is_default and rule.spec.personal and rule.spec.kept
    saved = gallring.set_years(admin, rule.key, 12)
    assert saved.years == 12
    again = {r.key: r for r in gallring.rules(admin)}
    assert (again["lexsarah"].years, again["lexsarah"].is_default) == (12, False)
    assert again["riskanalys"].is_default
    cutoffs = {k.key: k.cutoff for k in gallring.plan(admin, FAR).kinds}
    assert cutoffs["lexsarah"] == date(2088, 1, 1)
    assert cutoffs["riskanalys"] == date(2100 - again["riskanalys"].years, 1, 1)
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


def _analysis_of(ctx: Context, code: str, *, closed: bool) -> str:
    """An analysis of the individual ``code`` (new to the database), decided, maybe closed."""
    with ctx.reading() as session:
        unit_id = session.scalars(select(Unit.id).order_by(Unit.name)).first()
    assert unit_id
    if _individual(ctx.db, code) is None:  # the person is put in the register first
        register(ctx, unit_id, code)
    analysis_id = risk.save_analysis(
        ctx,
        risk.RiskAnalysisInput(
            title="Fallrisk vid förflyttning för GT",
            unit_id=unit_id,
            level=AnalysisLevel.INDIVIDUAL,
            individual_code=code,
            scope_description="Förflyttning mellan säng och rullstol.",
            events=[risk.EventInput("Halkar vid förflyttning", "Glatt golv", None, 3, 4)],
        ),
    ).id
    risk.decide(
        ctx,
        analysis_id,
        risk.DecisionInput("Lyftsele används", ctx.actor.id, TODAY, TODAY + timedelta(days=30)),
    )
    if closed:
        risk.close_analysis(ctx, analysis_id)
    return analysis_id


def _individual(db: Database, code: str) -> Individual | None:
    with db.session() as session:
        return session.scalars(select(Individual).where(Individual.code == code)).first()


def test_an_individual_analysis_and_an_individual_linked_only_from_it_are_cleared(
    demo_db: Database,
) -> None:
    admin = _ctx(demo_db, Role.ADMIN)
    analysis_id = _analysis_of(admin, "GT-9001", closed=True)
    person = _individual(demo_db, "GT-9001")
    assert person is not None
    assert analysis_id not in _due(admin, TODAY, "riskanalys")  # closed today: not yet due
    plan = gallring.plan(admin, FAR)
    [kind] = [k for k in plan.kinds if k.key == "riskanalys"]
    assert analysis_id in {c.record_id for c in kind.candidates}
    result = gallring.run(admin, plan)
    assert result.records["riskanalys"] == len(kind.candidates)
    assert result.individuals >= 1
    with demo_db.session() as session:
        analysis = session.get_one(RiskAnalysis, analysis_id)
        assert (analysis.title, analysis.individual_id, analysis.decision_text) == (
            CLEARED,
            None,
            None,
        )
        assert analysis.level == AnalysisLevel.INDIVIDUAL.value
        assert analysis.status == RiskAnalysisStatus.CLOSED.value
        events = session.scalars(select(RiskEvent).where(RiskEvent.analysis_id == analysis_id))
        assert [(e.description, e.current_score) for e in events] == [(CLEARED, 12)]
        cleared = session.get_one(Individual, person.id)
        assert cleared.code.startswith("gallrad-") and cleared.archived_at is not None
        log = "\n".join(session.scalars(select(AuditEntry.changes)))
    assert '"GT-9001"' not in log and "Fallrisk vid förflyttning för GT" not in log
    report = check_database(demo_db)
    assert report.ok, [(i.name, i.message, [str(f) for f in i.findings]) for i in report.items]


def test_an_individual_still_linked_from_a_kept_record_stays(demo_db: Database) -> None:
    admin = _ctx(demo_db, Role.ADMIN)
    closed = _analysis_of(admin, "GT-9002", closed=True)
    still_open = _analysis_of(admin, "GT-9002", closed=False)
    gallring.run(admin, gallring.plan(admin, FAR))
    person = _individual(demo_db, "GT-9002")
    assert person is not None and person.archived_at is None
    with demo_db.session() as session:
        assert session.get_one(RiskAnalysis, closed).individual_id is None
        assert session.get_one(RiskAnalysis, still_open).individual_id == person.id
    assert check_database(demo_db).ok
