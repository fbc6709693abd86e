"""The demo municipality: content, dashboard, determinism, refusal, scaling and audit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kvalitet_desktop.demo.data import UNITS
from kvalitet_desktop.demo.world import DemoRefused, DemoSummary, create_demo
from kvalitet_desktop.domain.organisation import DEFAULT_AREAS, valid_individual_code, valid_login
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import dashboard, history, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store.base import Base, Tracked
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry, Individual, Municipality, User, UserRole
from kvalitet_desktop.workflows.followups.domain import (
    FOLLOW_UP_LINK,
    Dimension,
    FollowUpStatus,
    Outcome,
)
from kvalitet_desktop.workflows.followups.models import ExperienceRating, FollowUp, FollowUpVoice
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.models import Measure, MeasureLink
from kvalitet_desktop.workflows.risk.domain import AnalysisLevel, AssessmentKind, RiskAnalysisStatus
from kvalitet_desktop.workflows.risk.models import RiskAnalysis, RiskAssessment, RiskEvent

TODAY = date.today()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    """One demo (scale 1, seed 1) shared by the read-only tests of this module."""
    database = Database.open(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    summary = create_demo(database, today=TODAY)
    yield database, summary
    database.close()


@pytest.fixture
def demo_db(demo: tuple[Database, DemoSummary]) -> Database:
    return demo[0]


def _count(db: Database, model: type[Any]) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _snapshot(db: Database) -> dict[str, Any]:
    """What a user sees of the demo, without ids or creation times."""
    with db.session() as session:
        return {
            "users": sorted(session.execute(select(User.login, User.name, User.title)).all()),
            "analyses": sorted(
                session.execute(
                    select(
                        RiskAnalysis.title,
                        RiskAnalysis.status,
                        RiskAnalysis.decided_on,
                        RiskAnalysis.follow_up_on,
                    )
                ).all(),
                key=str,
            ),
            "events": sorted(
                session.execute(select(RiskEvent.description, RiskEvent.current_score)).all(),
                key=str,
            ),
            "measures": sorted(
                session.execute(
                    select(Measure.title, Measure.status, Measure.due_date, Measure.completed_on)
                ).all(),
                key=str,
            ),
            "follow_ups": sorted(
                session.execute(
                    select(
                        FollowUp.planned_on,
                        FollowUp.status,
                        FollowUp.performed_on,
                        FollowUp.effect,
                        FollowUp.result,
                    )
                ).all(),
                key=str,
            ),
            "ratings": sorted(
                session.execute(select(ExperienceRating.dimension, ExperienceRating.rating)).all(),
                key=str,
            ),
        }


# --- content -----------------------------------------------------------------------------------


def test_municipality_board_areas_and_units(demo_db: Database) -> None:
    admin = Context.for_login(demo_db, "admin")
    info = organisation.municipality(admin)
    assert (info.name, info.org_number) == ("Demokommun Norrvik", "212000-0142")
    tree = organisation.organisation_tree(admin)
    assert [b.name for b in tree] == ["Socialnämnden"]
    areas = {a.name: {u.name for u in a.units} for a in tree[0].areas}
    assert set(areas) == set(DEFAULT_AREAS)
    assert areas["Äldreomsorg"] == {
        "Hemtjänst Centrum",
        "Hemtjänst Norr",
        "Särskilt boende Björkgården",
    }
    assert areas["Funktionshinderomsorg"] == {
        "LSS-boende Tallbacken",
        "Daglig verksamhet Verkstan",
        "Daglig verksamhet Solrosen",
    }
    assert areas["Individ- och familjeomsorg"] == {"Försörjningsstöd", "Barn och unga"}


def test_users_in_every_role_with_admin_login(demo_db: Database) -> None:
    admin = Context.for_login(demo_db, "admin")
    assert Role.ADMIN in admin.actor.roles
    users = organisation.list_users(admin)
    assert 12 <= len(users) <= 20
    for role in Role:
        assert any(role in u.roles for u in users), role
    for user in users:
        assert valid_login(user.login) and user.login == user.login.lower()
        assert user.title and " " in user.name
        if Role.UNIT_MANAGER in user.roles:
            assert 1 <= len(user.unit_ids) <= 2
        if Role.STAFF in user.roles or Role.INVESTIGATOR in user.roles:
            assert user.unit_ids
    assert len({u.name for u in users}) == len(users)


def test_summary_matches_the_database_and_is_small_at_scale_1(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, summary = demo
    assert summary.units == 8
    assert summary.users == _count(db, User)
    assert summary.risk_analyses == _count(db, RiskAnalysis)
    assert summary.events == _count(db, RiskEvent)
    assert summary.measures == _count(db, Measure)
    assert summary.follow_ups == _count(db, FollowUp)
    assert 8 <= summary.risk_analyses <= 12
    assert 20 <= summary.measures <= 35
    assert 15 <= summary.follow_ups <= 30


def test_statuses_are_mixed(demo_db: Database) -> None:
    with demo_db.session() as session:
        analyses = session.scalars(select(RiskAnalysis)).all()
        statuses = [a.status for a in analyses]
        assert statuses.count(RiskAnalysisStatus.DECIDED.value) >= 3
        assert RiskAnalysisStatus.CLOSED.value in statuses
        drafts = [a for a in analyses if a.status == RiskAnalysisStatus.DRAFT.value]
        assert any(a.wizard_step == 3 and a.events for a in drafts)
        for analysis in analyses:
            if analysis.status != RiskAnalysisStatus.DRAFT.value:
                assert analysis.decision_text and analysis.decided_by_id
                assert analysis.decided_on and analysis.follow_up_on
                assert TODAY - timedelta(days=366) <= analysis.decided_on < TODAY

        measure_statuses = set(session.scalars(select(Measure.status)))
        assert measure_statuses == {s.value for s in MeasureStatus}
        cancelled = session.scalars(
            select(Measure).where(Measure.status == MeasureStatus.CANCELLED.value)
        ).all()
        assert all(m.cancel_reason for m in cancelled)
        done = session.scalars(
            select(Measure).where(Measure.status == MeasureStatus.DONE.value)
        ).all()
        for measure in done:
            # A measure is only completed once a follow-up is planned, and not in the future.
            assert session.scalar(select(FollowUp.id).where(FollowUp.measure_id == measure.id))
            assert measure.completed_on is not None and measure.completed_on < TODAY

        outcomes = set(
            session.scalars(select(FollowUp.outcome).where(FollowUp.outcome.is_not(None)))
        )
        assert outcomes == {o.value for o in Outcome}
        effects = set(session.scalars(select(FollowUp.effect).where(FollowUp.effect.is_not(None))))
        assert len(effects) >= 2
        planned = session.scalars(
            select(FollowUp.planned_on).where(FollowUp.status == FollowUpStatus.PLANNED.value)
        ).all()
        assert any(d < TODAY for d in planned)
        assert any(TODAY <= d <= TODAY + timedelta(days=14) for d in planned)


def test_outcomes_create_linked_records(demo_db: Database) -> None:
    with demo_db.session() as session:
        new_measure = session.scalar(
            select(FollowUp).where(FollowUp.outcome == Outcome.NEW_MEASURE.value)
        )
        assert new_measure is not None and new_measure.outcome_record_id
        link = session.scalar(
            select(MeasureLink).where(MeasureLink.measure_id == new_measure.outcome_record_id)
        )
        assert link is not None
        assert (link.kind, link.target_id) == (FOLLOW_UP_LINK, new_measure.id)
        new_risk = session.scalar(
            select(FollowUp).where(FollowUp.outcome == Outcome.NEW_RISK_ANALYSIS.value)
        )
        assert new_risk is not None and new_risk.outcome_record_id
        analysis = session.get(RiskAnalysis, new_risk.outcome_record_id)
        assert analysis is not None and analysis.status == RiskAnalysisStatus.DRAFT.value


def test_reassessment_keeps_the_earlier_assessment(demo_db: Database) -> None:
    with demo_db.session() as session:
        residuals = session.scalars(
            select(RiskAssessment).where(RiskAssessment.kind == AssessmentKind.RESIDUAL.value)
        ).all()
        assert residuals
        decided_with_residual = False
        for residual in residuals:
            event = residual.event
            kinds = [a.kind for a in event.assessments]
            assert kinds[0] == AssessmentKind.INITIAL.value
            assert kinds[-1] == AssessmentKind.RESIDUAL.value
            assert event.current_score == residual.score
            assert event.assessments[0].assessed_on <= residual.assessed_on
            if event.analysis.status == RiskAnalysisStatus.DECIDED.value:
                decided_with_residual = True
        assert decided_with_residual


def test_individual_level_analysis_uses_a_pseudonymous_code(demo_db: Database) -> None:
    with demo_db.session() as session:
        individual = session.scalars(
            select(RiskAnalysis).where(RiskAnalysis.level == AnalysisLevel.INDIVIDUAL.value)
        ).all()
        assert individual
        codes = set(session.scalars(select(Individual.code)))
        assert "NV-0421" in codes
        assert all(valid_individual_code(code) for code in codes)


def test_follow_ups_carry_the_individuals_own_experience(demo_db: Database) -> None:
    with demo_db.session() as session:
        done = session.scalars(
            select(FollowUp).where(FollowUp.status == FollowUpStatus.DONE.value)
        ).all()
        assert len(done) >= 5
        gathered = set()
        for follow_up in done:
            assert follow_up.result and follow_up.effect and follow_up.performed_on
            assert follow_up.performed_on < TODAY
            assert follow_up.voices
            for voice in follow_up.voices:
                gathered.add(voice.gathered_by)
                assert {r.dimension for r in voice.ratings} == {d.value for d in Dimension}
                assert all(r.rating is None or 1 <= r.rating <= 5 for r in voice.ratings)
        assert gathered == {"samtal", "enkät", "via närstående"}
        comments = session.scalars(select(FollowUpVoice.comment)).all()
        assert "Det var skönt att någon ringde varje vecka" in " ".join(c or "" for c in comments)


def test_dashboard_has_items_in_every_section(demo_db: Database) -> None:
    board = dashboard.load_dashboard(Context.for_login(demo_db, "admin"), today=TODAY)
    assert board.section("overdue_measures").items
    assert board.section("follow_ups_due").items
    assert board.section("undecided_analyses").items
    assert board.section("high_risks_without_measure").items
    assert all(
        i.when is not None and i.when < TODAY for i in board.section("overdue_measures").items
    )
    assert len(board.units) == 8


def test_a_unit_manager_sees_their_own_units(demo_db: Database) -> None:
    with demo_db.session() as session:
        login = session.scalar(
            select(User.login)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.UNIT_MANAGER.value, User.title == "Enhetschef hemtjänst")
        )
    assert login is not None
    board = dashboard.load_dashboard(Context.for_login(demo_db, login), today=TODAY)
    assert {u.unit for u in board.units} == {"Hemtjänst Centrum", "Hemtjänst Norr"}
    assert board.section("overdue_measures").items


# --- audit -------------------------------------------------------------------------------------


def test_every_record_is_audited_by_several_people(demo_db: Database) -> None:
    tracked: list[Any] = [
        mapper.class_ for mapper in Base.registry.mappers if issubclass(mapper.class_, Tracked)
    ]
    with demo_db.session() as session:
        inserted = {
            (entity, entity_id)
            for entity, entity_id in session.execute(
                select(AuditEntry.entity, AuditEntry.entity_id).where(AuditEntry.action == "insert")
            )
        }
        for model in tracked:
            for record_id in session.scalars(select(model.id)):
                assert (model.__tablename__, record_id) in inserted, model.__tablename__
        actors = set(session.scalars(select(AuditEntry.user_login)))
        assert len(actors) >= 6
        assert "admin" in actors
    admin = Context.for_login(demo_db, "admin")
    with demo_db.session() as session:
        closed = session.scalar(
            select(RiskAnalysis.id).where(RiskAnalysis.status == RiskAnalysisStatus.CLOSED.value)
        )
    assert closed is not None
    entries = history.record_history(admin, "riskanalys", closed)
    assert len({e.user for e in entries}) >= 3


# --- determinism, refusal, scale ---------------------------------------------------------------


def test_same_seed_gives_the_same_demo(demo_db: Database, db: Database) -> None:
    create_demo(db, seed=1, today=TODAY)
    assert _snapshot(db) == _snapshot(demo_db)
    with db.session() as one, demo_db.session() as other:
        assert set(one.scalars(select(RiskAnalysis.id))).isdisjoint(
            other.scalars(select(RiskAnalysis.id))
        )


def test_another_seed_differs(demo_db: Database, db: Database) -> None:
    create_demo(db, seed=2, today=TODAY)
    mine, theirs = _snapshot(db), _snapshot(demo_db)
    assert mine != theirs
    # The story is the same: the same analyses, in the same statuses.
    assert [a[:2] for a in mine["analyses"]] == [a[:2] for a in theirs["analyses"]]


def test_refuses_a_database_that_holds_data(admin: Context) -> None:
    db = admin.db
    before = (_count(db, AuditEntry), _count(db, User), _count(db, Municipality))
    with pytest.raises(DemoRefused, match="tom databas"):
        create_demo(db)
    assert (_count(db, AuditEntry), _count(db, User), _count(db, Municipality)) == before


def test_refuses_to_run_twice(demo_db: Database) -> None:
    before = _count(demo_db, AuditEntry)
    with pytest.raises(DemoRefused):
        create_demo(demo_db)
    assert _count(demo_db, AuditEntry) == before


def test_scale_multiplies_the_records(demo: tuple[Database, DemoSummary], db: Database) -> None:
    calls: list[tuple[int, int]] = []
    summary = create_demo(db, scale=3, today=TODAY, progress=lambda d, t: calls.append((d, t)))
    base = demo[1]
    for field in ("risk_analyses", "events", "measures", "follow_ups"):
        ratio = getattr(summary, field) / getattr(base, field)
        assert 2.2 <= ratio <= 4.0, (field, ratio)
    assert summary.units > base.units
    assert calls and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    # Generated records are audited too, and the dashboard still has work in every section.
    with db.session() as session:
        audited = set(
            session.scalars(
                select(AuditEntry.entity_id).where(AuditEntry.entity == "follow_up_voices")
            )
        )
        assert set(session.scalars(select(FollowUpVoice.id))) <= audited
    # The bulk path's entries are chained and replay to the stored rows like the others.
    report = check_database(db)
    assert report.ok, [str(f) for item in report.items for f in item.findings][:5]
    board = dashboard.load_dashboard(Context.for_login(db, "admin"), today=TODAY)
    assert board.section("overdue_measures").total > 3 and board.section("follow_ups_due").total > 5


def test_bad_scale_is_refused(tmp_path: Path) -> None:
    database = Database.open(tmp_path / "x.sqlite")
    try:
        with pytest.raises(ValueError):
            create_demo(database, scale=0)
        assert not organisation.holds_data(database)
    finally:
        database.close()


def test_units_of_the_data_module_are_consistent() -> None:
    assert len({u.name for u in UNITS}) == len(UNITS) == 8
