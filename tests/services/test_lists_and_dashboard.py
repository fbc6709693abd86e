"""Paged lists (sorted and filtered in SQL) and the "Att göra" dashboard."""

from __future__ import annotations

from datetime import date, timedelta

from kvalitet_desktop.services import dashboard, listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import EVENT_LINK

TODAY = date(2026, 6, 15)


def add_measures(ctx: Context, unit_id: str, count: int) -> list[str]:
    return [
        measures.create_measure(
            ctx,
            measures.MeasureInput(
                f"Åtgärd {i:03d}", unit_id, None, ctx.actor.id, TODAY + timedelta(days=i % 30)
            ),
        ).id
        for i in range(count)
    ]


def test_pages_do_not_overlap_and_cover_everything(manager: Context, unit_id: str) -> None:
    ids = add_measures(manager, unit_id, 45)
    query = listing.ListQuery(limit=20, sort="title")
    assert listing.count(manager, "atgard", query) == 45
    seen: list[str] = []
    for offset in (0, 20, 40):
        seen += [r["id"] for r in listing.fetch(manager, "atgard", query.page(offset, 20))]
    assert sorted(seen) == sorted(ids) and len(set(seen)) == 45
    titles = [r["title"] for r in listing.fetch(manager, "atgard", query.page(0, 45))]
    assert titles == sorted(titles)


def test_sort_descending_and_filters(manager: Context, unit_id: str) -> None:
    first, second, *_ = add_measures(manager, unit_id, 5)
    measures.set_status(manager, first, MeasureStatus.IN_PROGRESS)
    rows = listing.fetch(manager, "atgard", listing.ListQuery(status="pågående"))
    assert [r["id"] for r in rows] == [first]
    rows = listing.fetch(manager, "atgard", listing.ListQuery(text="åtgärd 001"))
    assert [r["id"] for r in rows] == [second]
    rows = listing.fetch(manager, "atgard", listing.ListQuery(sort="due_date", descending=True))
    dues = [r["due_date"] for r in rows]
    assert dues == sorted(dues, reverse=True)


def test_archived_records_are_hidden_unless_asked_for(manager: Context, unit_id: str) -> None:
    (measure_id,) = add_measures(manager, unit_id, 1)
    measures.archive_measure(manager, measure_id, "Felregistrerad")
    assert listing.count(manager, "atgard", listing.ListQuery()) == 0
    assert listing.count(manager, "atgard", listing.ListQuery(include_archived=True)) == 1


def test_lists_only_show_visible_units(
    admin: Context, manager: Context, unit_id: str, other_unit_id: str
) -> None:
    add_measures(admin, other_unit_id, 3)
    add_measures(manager, unit_id, 2)
    assert listing.count(manager, "atgard", listing.ListQuery()) == 2
    assert listing.count(admin, "atgard", listing.ListQuery()) == 5


def test_dashboard_sections(manager: Context, unit_id: str) -> None:
    analysis_id = risk.save_analysis(
        manager,
        risk.RiskAnalysisInput(
            "Besöksförbud",
            unit_id,
            events=[
                risk.EventInput("Ensamhet", None, None, 4, 4),
                risk.EventInput("Oro hos närstående", None, None, 2, 2),
            ],
        ),
    ).id
    high_event = risk.get_analysis(manager, analysis_id).events[0]
    overdue = measures.create_measure(
        manager,
        measures.MeasureInput(
            "Försenad åtgärd", unit_id, None, manager.actor.id, TODAY - timedelta(3)
        ),
    ).id
    followups.plan_follow_up(
        manager, overdue, followups.PlanInput(TODAY + timedelta(days=10), None, manager.actor.id)
    )
    followups.plan_follow_up(
        manager, overdue, followups.PlanInput(TODAY + timedelta(days=40), None, manager.actor.id)
    )
    board = dashboard.load_dashboard(manager, today=TODAY)
    assert [i.title for i in board.section("overdue_measures").items] == ["Försenad åtgärd"]
    assert board.section("follow_ups_due").total == 1
    assert [i.record_id for i in board.section("undecided_analyses").items] == [analysis_id]
    assert [i.title for i in board.section("high_risks_without_measure").items] == ["Ensamhet"]
    counts = {u.unit: u for u in board.units}["Daglig verksamhet Solrosen"]
    wanted = ("open_measures", "overdue_measures", "high_risks")
    assert [counts.counts[key] for key in wanted] == [1, 1, 1]

    measures.create_measure(
        manager,
        measures.MeasureInput(
            "Telefonkontakt",
            unit_id,
            None,
            manager.actor.id,
            TODAY,
            [measures.LinkRef(EVENT_LINK, high_event.id)],
        ),
    )
    board = dashboard.load_dashboard(manager, today=TODAY)
    assert board.section("high_risks_without_measure").total == 0


def test_dashboard_of_another_unit_is_empty(
    admin: Context, manager: Context, other_unit_id: str
) -> None:
    measures.create_measure(
        admin,
        measures.MeasureInput(
            "Annan enhet", other_unit_id, None, admin.actor.id, TODAY - timedelta(9)
        ),
    )
    board = dashboard.load_dashboard(manager, today=TODAY)
    assert board.section("overdue_measures").total == 0
    assert [u.unit for u in board.units] == ["Daglig verksamhet Solrosen"]


def test_search_treats_percent_and_underscore_literally(manager: Context, unit_id: str) -> None:
    measures.create_measure(
        manager,
        measures.MeasureInput("Öka bemanningen med 50%", unit_id, None, manager.actor.id, TODAY),
    )
    measures.create_measure(
        manager,
        measures.MeasureInput("Öka bemanningen med 505", unit_id, None, manager.actor.id, TODAY),
    )
    rows = listing.fetch(manager, "atgard", listing.ListQuery(text="50%"))
    assert [r["title"] for r in rows] == ["Öka bemanningen med 50%"]
    assert listing.count(manager, "atgard", listing.ListQuery(text="ÖKA")) == 2


def test_every_kind_marks_its_passed_deadlines_alike_on_the_dashboard(
    manager: Context, unit_id: str
) -> None:
    """Each kind writes its own detail; whether it is late is one flag the view marks."""
    late = measures.create_measure(
        manager,
        measures.MeasureInput("Sen åtgärd", unit_id, None, manager.actor.id, TODAY - timedelta(3)),
    ).id
    followups.plan_follow_up(
        manager, late, followups.PlanInput(TODAY - timedelta(days=2), None, manager.actor.id)
    )
    followups.plan_follow_up(
        manager, late, followups.PlanInput(TODAY + timedelta(days=5), None, manager.actor.id)
    )
    board = dashboard.load_dashboard(manager, today=TODAY)
    (measure,) = board.section("overdue_measures").items
    assert measure.overdue and "försenad" not in measure.detail.casefold()
    follow_ups = board.section("follow_ups_due").items
    assert [(f.when, f.overdue) for f in follow_ups] == [
        (TODAY - timedelta(days=2), True),
        (TODAY + timedelta(days=5), False),
    ]
    assert all("försenad" not in f.detail.casefold() for f in follow_ups)


def test_risk_analyses_past_their_follow_up_day_are_marked_in_the_list(
    manager: Context, unit_id: str
) -> None:
    risk.save_analysis(manager, risk.RiskAnalysisInput("Besöksförbud", unit_id, events=[]))
    (row,) = listing.fetch(manager, "riskanalys", listing.ListQuery())
    overdue = listing.spec_for("riskanalys").overdue
    assert overdue is not None
    past = TODAY - timedelta(days=1)
    decided = {**row, "status": "beslutad", "follow_up_on": past}
    assert overdue("follow_up_on", decided, TODAY)
    assert not overdue("follow_up_on", {**decided, "follow_up_on": TODAY}, TODAY)
    assert not overdue("follow_up_on", {**decided, "status": "avslutad"}, TODAY)  # followed up
    assert not overdue("follow_up_on", {**decided, "status": "utkast"}, TODAY)  # only proposed
    assert not overdue("follow_up_on", {**decided, "archived": True}, TODAY)
    assert not overdue("decided_on", decided, TODAY)
