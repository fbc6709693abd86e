"""Gallring of förändringar i insatser: a closed change past its period loses what it says
about the people affected and keeps the figures of the group."""

from __future__ import annotations

from datetime import date

from gallring_changes_data import PLAN, SAID, WISH, closed_change
from sqlalchemy import select

from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.services import gallring, individuals
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store.models import AuditEntry, Individual
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import ChangeInput
from kvalitet_desktop.workflows.changes.models import AffectedPerson, InsatsChange, PersonContact

KEY = "insatsforandring"


def _kind_plan(ctx: Context, today: date | None = None) -> gallring.KindPlan:
    return next(k for k in gallring.plan(ctx, today).kinds if k.key == KEY)


def test_the_rule_is_listed_with_what_goes_and_what_stays(admin: Context) -> None:
    [rule] = [r for r in gallring.rules(admin) if r.key == KEY]
    assert rule.title == "Förändring i insatser" and rule.is_default
    assert "de berördas koder" in rule.spec.personal
    assert any("riskmatrisens värden" in kept for kept in rule.spec.kept)


def test_a_closed_change_loses_its_peoples_data_and_keeps_the_figures(
    admin: Context, unit_id: str
) -> None:
    closed = closed_change(admin, unit_id)
    ongoing = changes.save_change(
        admin, ChangeInput("Besöksförbud", [unit_id], ["besöksförbud"], date(2021, 3, 1))
    )
    before = changes.get_change(admin, closed).summary
    plan = _kind_plan(admin)
    assert [(c.record_id, c.closed_on) for c in plan.candidates] == [(closed, date(2021, 9, 30))]

    result = gallring.run(admin, gallring.plan(admin))
    assert result.records[KEY] == 1 and result.individuals == 1  # SOL-22 had left

    with admin.db.session() as session:
        change = session.get_one(InsatsChange, closed)
        assert (change.reason, change.lessons) == (CLEARED, None)
        assert change.title == "Solrosen stängs under pandemin"
        people = session.scalars(
            select(AffectedPerson).where(AffectedPerson.change_id == closed)
        ).all()
        assert {p.individual_id for p in people} == {None}
        assert {(p.plan, p.representative, p.contact_preference) for p in people} == {
            (None, None, None)
        }
        assert {(p.probability, p.consequence) for p in people} == {(None, None), (3, 3)}
        assert sorted(p.needs_met or "" for p in people) == ["delvis", "ja"]
        contacts = session.scalars(select(PersonContact)).all()
        assert {(c.said, c.wishes) for c in contacts} == {(None, None)}
        assert sorted(c.channel for c in contacts) == ["besök", "telefon"]
        assert {c.took_part for c in contacts} == {True, None}
        codes = set(session.scalars(select(Individual.code)))
        log = "\n".join(session.scalars(select(AuditEntry.changes)))
    # SOL-21 is still served by the unit: its place in the register stays.
    assert "SOL-21" in codes and "SOL-22" not in codes
    assert [e.code for e in individuals.register(admin, unit_id)] == ["SOL-21"]
    for text in (SAID, WISH, PLAN, "Dottern Eva", "SOL-22"):
        assert text not in log
    assert check_database(admin.db).ok

    after = changes.get_change(admin, closed)
    assert after.summary == before  # contacted before, took part, followed up, needs met
    assert {p.code for p in after.people} == {CLEARED}
    assert changes.get_change(admin, ongoing.id).reason is None
    assert _kind_plan(admin).candidates == ()  # cleared once


def test_nothing_is_due_before_the_period_has_passed(admin: Context, unit_id: str) -> None:
    closed_change(admin, unit_id)
    assert _kind_plan(admin, date(2022, 9, 30)).candidates == ()
    assert len(_kind_plan(admin, date(2023, 9, 30)).candidates) == 1
