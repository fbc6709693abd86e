"""The demo municipality's lex Sarah cases: every stage, the IVO deadline on the dashboard,
provenance in the investigations, and who may see what."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.domain.errors import PermissionDenied
from kvalitet_desktop.domain.forms import FormAnswers, is_empty, validate_answers
from kvalitet_desktop.domain.organisation import valid_individual_code
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import dashboard, forms, listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry, User, UserRole
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Dimension, FollowUpStatus
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import (
    CaseStatus,
    ClosingKind,
    IvoChannel,
    ReportForm,
    Seriousness,
    add_months,
)
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus

TODAY = date.today()
PERSONNUMMER = re.compile(r"\b(19|20)?\d{6}[-+]?\d{4}\b")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = Database.open(tmp_path_factory.mktemp("demo_lexsarah") / "demo.sqlite")
    create_demo(database, today=TODAY)
    yield database
    database.close()


def _login(db: Database, role: Role, title: str | None = None) -> str:
    with db.session() as session:
        stmt = (
            select(User.login)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == role.value)
        )
        if title is not None:
            stmt = stmt.where(User.title == title)
        logins = session.scalars(stmt).all()
    assert len(logins) == 1, (role, title, logins)
    return logins[0]


def _ctx(db: Database, role: Role, title: str | None = None) -> Context:
    return Context.for_login(db, _login(db, role, title))


def _rows(ctx: Context) -> list[dict[str, Any]]:
    return listing.fetch(ctx, "lexsarah", listing.ListQuery(limit=100))


def _one(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def _stages(db: Database) -> dict[str, dict[str, Any]]:
    rows = _rows(Context.for_login(db, "admin"))
    serious = [
        r
        for r in rows
        if r["seriousness"] and Seriousness(r["seriousness"]).is_serious and r["ivo_notified_on"]
    ]
    assert len(serious) == 1
    return {
        "position": _one(rows, status="avslutad", seriousness="inte missförhållande"),
        "serious": serious[0],
        "followed_up": _one(rows, status="avslutad", seriousness="missförhållande"),
        "reported": _one(rows, status="rapporterad"),
        "investigating": _one(rows, status="under utredning", seriousness=None),
    }


# --- the stages ------------------------------------------------------------------------------


def test_cases_in_every_stage(demo_db: Database) -> None:
    admin = Context.for_login(demo_db, "admin")
    rows = _rows(admin)
    assert len(rows) == 5
    stages = _stages(demo_db)
    assert len({r["id"] for r in stages.values()}) == 5
    numbers = [r["number"] for r in sorted(rows, key=lambda r: r["reported_at"])]
    assert len(set(numbers)) == 5
    for row in rows:
        assert re.fullmatch(rf"LS-{row['reported_at'].year}-\d{{4}}", row["number"])
        assert TODAY - timedelta(days=200) < row["reported_at"].date() <= TODAY
        assert row["unit"] and row["category"] and row["title"]

    position = lexsarah.get_case(admin, stages["position"]["id"])
    assert position.closing_kind is ClosingKind.POSITION
    assert position.closed_on is not None and position.closed_on < TODAY
    assert position.ivo_notified_on is None and position.investigator_id

    reported = lexsarah.get_case(admin, stages["reported"]["id"])
    assert reported.status is CaseStatus.REPORTED
    assert reported.investigator_id is None and reported.finish_due is None
    assert TODAY - timedelta(days=2) <= reported.reported_at.date() <= TODAY


def test_the_serious_case_is_notified_with_the_investigation_still_due(
    demo_db: Database,
) -> None:
    admin = Context.for_login(demo_db, "admin")
    case = lexsarah.get_case(admin, _stages(demo_db)["serious"]["id"])
    assert case.status is CaseStatus.INVESTIGATING
    assert case.seriousness is not None and case.seriousness.is_serious
    assert case.first_assessment_serious is True
    assert case.ivo_channel is IvoChannel.E_SERVICE and case.ivo_reference
    assert case.investigation_attached is False and case.investigation_sent_to_ivo_on is None
    assert case.ivo_notified_on is not None and case.ivo_investigation_due is not None
    assert case.ivo_investigation_due == add_months(case.ivo_notified_on, 2)
    # Within the dashboard's reminder window, not yet late.
    rules = lexsarah.deadline_rules(admin)
    assert TODAY <= case.ivo_investigation_due <= TODAY + timedelta(rules.remind_days_before)
    assert case.received_at is not None
    assert case.reported_at.date() <= case.received_at.date() <= case.ivo_notified_on
    assert case.investigation_started_on is not None
    assert case.investigation_started_on <= case.ivo_notified_on
    # An oral report registered by the enhetschef for night staff who are not users.
    assert case.registered_by and case.reporter_name != case.registered_by
    with demo_db.session() as session:
        names = set(session.scalars(select(User.name)))
    assert case.reporter_name not in names


def test_the_closed_case_was_followed_up_with_the_individuals_experience(
    demo_db: Database,
) -> None:
    admin = Context.for_login(demo_db, "admin")
    case = lexsarah.get_case(admin, _stages(demo_db)["followed_up"]["id"])
    assert case.closing_kind is ClosingKind.DECISION and case.closed_on is not None
    assert case.apt_summary and case.apt_questions
    measure_ids = {m for cause in case.causes for m in cause.measure_ids}
    assert len(measure_ids) == 1
    measure = measures.get_measure(admin, measure_ids.pop())
    assert measure.status is MeasureStatus.DONE
    assert measure.completed_on is not None and case.closed_on < measure.completed_on < TODAY
    assert [f.status for f in measure.follow_ups] == [FollowUpStatus.DONE]
    follow_up = followups.get_follow_up(admin, measure.follow_ups[0].id)
    assert follow_up.performed_on is not None and follow_up.performed_on < TODAY
    assert follow_up.effect is not None and follow_up.result
    (voice,) = follow_up.voices
    assert voice.individual_code and valid_individual_code(voice.individual_code)
    assert set(voice.ratings) == set(Dimension)
    assert all(r.rating is not None for r in voice.ratings.values())


def test_a_case_under_investigation_has_causes_and_a_planned_measure(demo_db: Database) -> None:
    admin = Context.for_login(demo_db, "admin")
    case = lexsarah.get_case(admin, _stages(demo_db)["investigating"]["id"])
    assert case.status is CaseStatus.INVESTIGATING and case.seriousness is None
    assert case.individual_protected is False and case.protection_note
    assert case.finish_due is not None and case.finish_due > TODAY
    assert len(case.causes) >= 2
    linked = [c for c in case.causes if c.measure_ids]
    assert len(linked) == 1
    measure = measures.get_measure(admin, linked[0].measure_ids[0])
    assert measure.status is MeasureStatus.PLANNED
    assert [f.status for f in measure.follow_ups] == [FollowUpStatus.PLANNED]
    assert measure.follow_ups[0].planned_on > TODAY


# --- the documentation -------------------------------------------------------------------------


def test_every_investigation_item_has_provenance(demo_db: Database) -> None:
    admin = Context.for_login(demo_db, "admin")
    checked = 0
    for row in _rows(admin):
        if row["status"] == CaseStatus.REPORTED.value:
            continue
        case = lexsarah.get_case(admin, row["id"])
        form, answers = lexsarah.case_answers(admin, row["id"], ReportForm.INVESTIGATION.value)
        assert answers.values["utredare"] == case.investigator_id
        assert case.investigator_name and case.investigator_name in (
            answers.provenance["handelse_beskrivning"].documented_by
        )
        for section, f in form.fields():
            if not section.provenance or is_empty(answers.values.get(f.id)):
                continue
            item = answers.provenance[f.id]
            assert ", " in item.documented_by and item.source.strip(), f.id
            assert date.fromisoformat(item.documented_on) <= TODAY
            assert case.investigation_started_on is not None
            assert case.investigation_started_on <= date.fromisoformat(item.documented_on)
            checked += 1
        assert not validate_answers(
            form, answers, forms.editable_lists(admin), require_complete=False
        )
    assert checked >= 30


def test_forms_use_pseudonymous_codes_never_personnummer(demo_db: Database) -> None:
    admin = Context.for_login(demo_db, "admin")
    texts: list[str] = []
    for row in _rows(admin):
        _form, report = lexsarah.case_answers(admin, row["id"], ReportForm.REPORT.value)
        code = report.values["enskild"]
        assert code == "flera" or valid_individual_code(code)
        for item in report.values.get("enskilda") or []:
            assert valid_individual_code(item["kod"])
        for form_id in ReportForm:
            _form, answers = lexsarah.case_answers(admin, row["id"], form_id.value)
            texts += _texts(answers, skip={"organisationsnummer"})
    assert texts
    assert not [t for t in texts if PERSONNUMMER.search(t)]


def _texts(answers: FormAnswers, skip: set[str]) -> list[str]:
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk({k: v for k, v in answers.values.items() if k not in skip})
    walk([p.source for p in answers.provenance.values()])
    return found


# --- who sees what -----------------------------------------------------------------------------


def test_the_lex_sarah_dashboard_shows_the_ivo_deadline(demo_db: Database) -> None:
    serious = _stages(demo_db)["serious"]
    handler = _ctx(demo_db, Role.LEX_SARAH)
    board = dashboard.load_dashboard(handler, today=TODAY)
    items = {(i.record_id, i.detail): i for i in board.section("lex_sarah_due").items}
    ivo = items[(serious["id"], "Utredningen ska skickas till IVO")]
    assert ivo.when == serious["ivo_investigation_due"] and not ivo.overdue
    reported = _stages(demo_db)["reported"]
    assert any(i.record_id == reported["id"] for i in board.section("lex_sarah_due").items)
    # The appointed investigator is reminded too; an enhetschef sees no lex Sarah deadlines.
    investigator = _ctx(demo_db, Role.INVESTIGATOR, "Kvalitetsutredare äldreomsorg")
    theirs = dashboard.load_dashboard(investigator, today=TODAY).section("lex_sarah_due").items
    assert {i.record_id for i in theirs} == {serious["id"]}  # to finish, and to send to IVO
    manager = _ctx(demo_db, Role.UNIT_MANAGER, "Enhetschef hemtjänst")
    assert dashboard.load_dashboard(manager, today=TODAY).section("lex_sarah_due").total == 0


def test_a_staff_member_sees_only_the_status_of_their_own_report(demo_db: Database) -> None:
    staff = _ctx(demo_db, Role.STAFF, "Stödassistent")
    own = lexsarah.my_reports(staff)
    assert [(r.title, r.status) for r in own] == [
        ("Ensam nattpersonal vid förflyttningar som kräver två", CaseStatus.REPORTED)
    ]
    for row in _rows(Context.for_login(demo_db, "admin")):
        with pytest.raises(PermissionDenied):
            lexsarah.get_case(staff, row["id"])
    assert _rows(staff) == []
    # The enhetschef who wrote down the oral report sees its status, and nothing more.
    manager = _ctx(demo_db, Role.UNIT_MANAGER, "Enhetschef särskilt boende")
    assert [r.status for r in lexsarah.my_reports(manager)] == [CaseStatus.INVESTIGATING]
    assert _rows(manager) == []


def test_the_work_is_done_and_audited_by_the_right_people(demo_db: Database) -> None:
    handler = _login(demo_db, Role.LEX_SARAH)
    with demo_db.session() as session:
        cases = session.scalars(select(LexSarahCase)).all()
        for case in cases:
            entries = session.execute(
                select(AuditEntry.action, AuditEntry.user_login).where(
                    AuditEntry.entity == LexSarahCase.__tablename__,
                    AuditEntry.entity_id == case.id,
                )
            ).all()
            inserted = {login for action, login in entries if action == "insert"}
            assert len(inserted) == 1 and handler not in inserted
            if case.status != CaseStatus.REPORTED.value:
                assert case.received_by_id is not None
                assert (
                    session.scalar(select(User.login).where(User.id == case.received_by_id))
                    == handler
                )
            if case.status == CaseStatus.CLOSED.value:
                assert case.closed_by_id == case.received_by_id


# --- determinism --------------------------------------------------------------------------------


def _snapshot(db: Database) -> list[tuple[Any, ...]]:
    rows = _rows(Context.for_login(db, "admin"))
    keys = (
        "number",
        "title",
        "unit",
        "status",
        "seriousness",
        "investigator",
        "reported_at",
        "finish_due",
        "ivo_notified_on",
        "ivo_investigation_due",
        "closed_on",
    )
    return sorted(tuple(r[k] for k in keys) for r in rows)


def test_the_same_seed_gives_the_same_cases(demo_db: Database, db: Database) -> None:
    create_demo(db, seed=1, today=TODAY)
    assert _snapshot(db) == _snapshot(demo_db)


def test_the_dates_follow_today(db: Database) -> None:
    today = date(TODAY.year - 1, 3, 1)
    create_demo(db, seed=3, today=today)
    rows = _rows(Context.for_login(db, "admin"))
    serious = [r for r in rows if r["ivo_investigation_due"]]
    assert len(serious) == 1
    due = serious[0]["ivo_investigation_due"]
    assert today <= due <= today + timedelta(days=7)
    assert all(r["reported_at"] < datetime.combine(today, datetime.min.time()) for r in rows)
    # A report from the year before is numbered in that year's series.
    assert {r["number"][:7] for r in rows} == {f"LS-{today.year - 1}", f"LS-{today.year}"}
