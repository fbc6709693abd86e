"""The index follows text a record takes from rows of other tables (``search_dependents``):
a check's plan item and checklist answers, a follow-up's measure."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import event, select

from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.services import search
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store import search_index
from kvalitet_desktop.store.search_index import compare
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.selfinspection import service as selfinspection
from kvalitet_desktop.workflows.selfinspection.domain import (
    ANSWERS_OWNER,
    Assessment,
    Frequency,
    ReviewedKind,
)
from kvalitet_desktop.workflows.selfinspection.models import SelfInspectionCheck

FORM = "egenkontroll_brandskydd"
YEAR = date.today().year


def _found(ctx: Context, typed: str) -> set[str]:
    return {hit.id for hit in search.search(ctx, typed).hits}


def _index_is_true(ctx: Context) -> bool:
    with ctx.reading() as session:
        return compare(session).ok


def _plan(unit_id: str, responsible: str, title: str) -> selfinspection.PlanItemInput:
    return selfinspection.PlanItemInput(
        unit_id=unit_id,
        year=YEAR,
        title=title,
        method="observation",
        frequency=Frequency.HALF_YEARLY,
        responsible_id=responsible,
        on_failure="Enhetschefen tar upp bristen på nästa arbetsplatsträff.",
        form_id=FORM,
    )


def _answers(ctx: Context, comment: str) -> FormAnswers:
    """Every requirement met but the first, which is not met and described by ``comment``."""
    form = selfinspection.forms.catalog(ctx).get(FORM)
    first, *rest = selfinspection.requirements_of(form)
    values: dict[str, object] = {f.id: Assessment.MET.value for f in rest}
    values[first.id] = Assessment.NOT_MET.value
    values[f"{first.id}_kommentar"] = comment
    return FormAnswers(values)


def _performed() -> selfinspection.PerformInput:
    reviewed = [selfinspection.ReviewedInput(ReviewedKind.PREMISES, 3)]
    return selfinspection.PerformInput(performed_on=date.today(), reviewed=reviewed)


def test_renaming_a_plan_item_reindexes_its_checks(manager: Context, unit_id: str) -> None:
    plan = _plan(unit_id, manager.actor.id, "Brandskyddet i korttidshemmet")
    item = selfinspection.save_plan_item(manager, plan)
    checks = {c.id for c in selfinspection.checks_of_year(manager, unit_id, YEAR)}
    assert len(checks) == 2 and _found(manager, "korttidshemmet") == checks
    plan.title = "Brandskyddet i gruppbostaden"
    plan.method = "stickprov"
    selfinspection.save_plan_item(manager, plan, item.id)
    assert _found(manager, "gruppbostaden") == checks
    assert _found(manager, "stickprov") == checks
    assert _found(manager, "korttidshemmet") == set()
    assert _index_is_true(manager)


def test_renaming_a_measure_reindexes_its_follow_ups(manager: Context, unit_id: str) -> None:
    data = measures.MeasureInput(
        "Nya rutiner för nattfastan",
        unit_id,
        responsible_id=manager.actor.id,
        due_date=date.today() + timedelta(days=14),
    )
    measure = measures.create_measure(manager, data)
    plan = followups.PlanInput(date.today() + timedelta(days=30), "Samtal", manager.actor.id)
    follow_ups = {
        followups.plan_follow_up(manager, measure.id, plan).id,
        followups.plan_follow_up(manager, measure.id, plan).id,
    }
    assert _found(manager, "nattfastan") == {measure.id, *follow_ups}
    data.title = "Nya rutiner för frukosttiden"
    measures.update_measure(manager, measure.id, data)
    assert _found(manager, "frukosttiden") == {measure.id, *follow_ups}
    assert _found(manager, "nattfastan") == set()
    assert _index_is_true(manager)


def test_a_checklist_comment_is_found_and_follows_a_changed_answer(
    manager: Context, unit_id: str
) -> None:
    selfinspection.save_plan_item(manager, _plan(unit_id, manager.actor.id, "Brandskydd"))
    check_id = selfinspection.checks_of_year(manager, unit_id, YEAR)[0].id
    assert _found(manager, "övning") == set()
    answers = _answers(manager, "Ingen övning på två år.")
    selfinspection.perform_check(manager, check_id, _performed(), answers)
    assert _found(manager, "övning") == {check_id}
    hit = next(h for h in search.search(manager, "övning").hits if h.id == check_id)
    assert "Ingen övning på två år." in hit.snippet.text
    # Choices are codes, not words of the record.
    assert _found(manager, "ej_uppfyllt") == set()
    assert _index_is_true(manager)

    selfinspection.reopen_check(manager, check_id, "Fel kommentar skrevs in")
    answers = _answers(manager, "Brandfilten saknades i köket.")
    selfinspection.perform_check(manager, check_id, _performed(), answers)
    assert _found(manager, "brandfilten") == {check_id}
    assert _found(manager, "övning") == set()
    assert _index_is_true(manager)


def test_another_kinds_form_answers_touch_no_check(manager: Context, unit_id: str) -> None:
    """form_records holds every kind's forms: only a check's own answers resolve to it."""
    from kvalitet_desktop.store.models import FormRecord
    from kvalitet_desktop.workflows.selfinspection.search import checks_answered

    selfinspection.save_plan_item(manager, _plan(unit_id, manager.actor.id, "Brandskydd"))
    check_id = selfinspection.checks_of_year(manager, unit_id, YEAR)[0].id
    selfinspection.perform_check(manager, check_id, _performed(), _answers(manager, "Trasig."))
    with manager.unit_of_work() as uow:
        other = FormRecord(
            owner_kind="annat", owner_id=check_id, form_id=FORM, form_version=1, answers="{}"
        )
        uow.session.add(other)
        uow.session.flush()
        own = uow.session.scalar(select(FormRecord.id).where(FormRecord.owner_kind != "annat"))
        assert own is not None
        assert checks_answered(uow.session, [other.id]) == []
        assert checks_answered(uow.session, [own]) == [check_id]


def test_answers_written_without_their_check_reindex_it(manager: Context, unit_id: str) -> None:
    """A write of the answers alone (the check's row unchanged) still reaches the index."""
    selfinspection.save_plan_item(manager, _plan(unit_id, manager.actor.id, "Brandskydd"))
    check_id = selfinspection.checks_of_year(manager, unit_id, YEAR)[0].id
    selfinspection.perform_check(manager, check_id, _performed(), _answers(manager, "Trasig."))
    form = selfinspection.forms.catalog(manager).get(FORM)
    with manager.unit_of_work() as uow:
        selfinspection.forms.save_answers(
            uow.session, ANSWERS_OWNER, check_id, form, _answers(manager, "Dörren kärvade.")
        )
        assert not any(isinstance(o, SelfInspectionCheck) for o in uow.session.dirty)
    assert _found(manager, "kärvade") == {check_id}
    assert _found(manager, "trasig") == set()
    assert _index_is_true(manager)


# Rows that are never changed once written: a form definition's copy is kept as it was read.
_WRITTEN_ONCE = {"form_definitions"}


def test_every_table_a_kinds_text_reads_is_watched(admin: Context) -> None:
    """A kind whose documents read a table that neither ``search_tables`` nor
    ``search_dependents`` names would keep stale text in the index until a rebuild."""
    read: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        read.append(statement)

    engine = admin.db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        for kind in search.searchable_kinds():
            read.clear()
            with admin.reading() as session:
                search_index.documents(session, kind, ["ingen-sadan-post"])
            tables = {
                name
                for statement in read
                for name in re.findall(r"\b(?:FROM|JOIN)\s+\"?(\w+)", statement)
            }
            watched = {*kind.search_tables, *kind.search_dependents, *_WRITTEN_ONCE}
            assert tables, kind.key
            assert tables <= watched, (kind.key, tables - watched)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
