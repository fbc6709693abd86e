"""The follow-up of a measure reads the same on every PDF that lists measures: "Uppföljd
YYYY-MM-DD · effekt: ja" once done, "Planerad YYYY-MM-DD" while planned (``follow_up_text``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from deviation_inputs import investigation, registration

from kvalitet_desktop.reports import render_report
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import build_report
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import (
    COMPLAINT_LINK,
    Channel,
    ComplaintKind,
    SubmitterType,
)
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Effect, Outcome
from kvalitet_desktop.workflows.measures import service as measures

Pages = Callable[[bytes], list[str]]
TODAY = date.today()  # the day each test starts (tests/conftest.py)
LATER = TODAY + timedelta(days=30)


def _done(ctx: Context, follow_up_id: str) -> None:
    followups.record_result(
        ctx,
        follow_up_id,
        followups.ResultInput(TODAY, "Scheman stämmer nu.", Effect.YES, outcome=Outcome.CLOSED),
    )


def _pdf_text(ctx: Context, kind: str, record_id: str, pages: Pages) -> str:
    return " ".join(pages(render_report(build_report(ctx, kind, record_id))))


def test_the_avvikelse_pdf_writes_the_follow_up_as_everywhere(
    manager: Context, unit_id: str, pages: Pages
) -> None:
    deviation = deviations.register(manager, registration(unit_id))
    deviations.save_investigation(manager, deviation.id, investigation())
    for title in ("Veckovis avstämning av scheman", "Checklista vid schemabyte"):
        deviations.add_measure(
            manager,
            deviation.id,
            measures.MeasureInput(title, unit_id, None, manager.actor.id, TODAY),
            followups.PlanInput(
                TODAY if title.startswith("Vecko") else LATER, "Stickprov", manager.actor.id
            ),
        )
    done = deviations.get_deviation(manager, deviation.id).measures[0].follow_ups[0]
    _done(manager, done.id)
    text = _pdf_text(manager, "avvikelse", deviation.id, pages)
    assert f"Uppföljd {TODAY.isoformat()} · effekt: ja" in text
    assert f"Planerad {LATER.isoformat()}" in text
    assert "genomförd · effekt" not in text


def test_the_complaint_pdf_writes_the_follow_up_not_a_count(
    admin: Context, unit_id: str, pages: Pages
) -> None:
    complaint = complaints.save_complaint(
        admin,
        complaints.ComplaintInput(
            "Besöket kom för sent",
            unit_id,
            TODAY - timedelta(days=5),
            Channel.LETTER,
            SubmitterType.RELATIVE,
            ComplaintKind.COMPLAINT,
            "bemötande",
            "Hemtjänsten kom två timmar för sent.",
        ),
    ).id
    measure = measures.create_measure(
        admin,
        measures.MeasureInput(
            "Ring när besöket blir sent",
            unit_id,
            None,
            admin.actor.id,
            TODAY,
            [measures.LinkRef(COMPLAINT_LINK, complaint)],
        ),
    ).id
    planned = followups.plan_follow_up(
        admin, measure, followups.PlanInput(TODAY, "Samtal", admin.actor.id)
    ).id
    _done(admin, planned)
    text = _pdf_text(admin, "klagomal", complaint, pages)
    assert f"Uppföljd {TODAY.isoformat()} · effekt: ja" in text
    assert "Uppföljningar" not in text
