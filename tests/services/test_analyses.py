"""Signed analyses through the services: written against frozen figures, signed and locked,
changed after signing only with a reason, seen by whom the units allow, listed and printed."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kvalitet_desktop.domain.errors import (
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.reports import render_report
from kvalitet_desktop.services import listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.listing import ListQuery
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.analysis import service as analyses
from kvalitet_desktop.workflows.analysis.domain import AnalysisStatus
from kvalitet_desktop.workflows.deviations.models import Deviation

YEAR = 2025


def _deviation(ctx: Context, unit_id: str, day: date, n: int) -> None:
    moment = datetime(day.year, day.month, day.day, 8)
    with ctx.unit_of_work() as uow:
        uow.session.add(
            Deviation(
                number=f"AV-{day.year}-{n:04d}",
                title=f"Avvikelse {n}",
                unit_id=unit_id,
                status="registrerad",
                occurred_at=moment,
                reported_at=moment,
                reporter_name="Test Testsson",
                description="Något hände.",
                category="Läkemedel",
            )
        )


def _input(unit_id: str | None = None, **changes: object) -> analyses.AnalysisInput:
    values: dict[str, object] = {
        "title": "Året som gick",
        "period_start": date(YEAR, 1, 1),
        "period_end": date(YEAR, 12, 31),
        "unit_id": unit_id,
        "area_id": None,
        "analysis": "Läkemedelsavvikelserna ökar på hösten.",
        "improvements": "Ny rutin för överlämning.",
    }
    values.update(changes)
    return analyses.AnalysisInput(**values)  # type: ignore[arg-type]


def _deviations(view: analyses.AnalysisView) -> int:
    return next(s.total for s in view.compilation.sections if s.title == "Avvikelser")


def test_the_figures_are_frozen_with_the_analysis(admin: Context, unit_id: str) -> None:
    _deviation(admin, unit_id, date(YEAR, 3, 1), 1)
    draft = analyses.start_analysis(admin, _input())
    assert draft.number == f"AN-{date.today().year}-0001"
    assert draft.status is AnalysisStatus.DRAFT and _deviations(draft) == 1
    _deviation(admin, unit_id, date(YEAR, 4, 1), 2)  # recorded after the analysis was written
    assert _deviations(analyses.get_analysis(admin, draft.id)) == 1
    signed = analyses.sign(admin, draft.id)
    assert signed.status is AnalysisStatus.SIGNED and signed.locked
    assert signed.signed_by_name == "Åsa Administratör" and signed.signed_at is not None
    assert _deviations(analyses.get_analysis(admin, draft.id)) == 1
    with pytest.raises(RuleViolation):
        analyses.refresh_figures(admin, draft.id)


def test_a_draft_can_be_refreshed_and_edited(admin: Context, unit_id: str) -> None:
    draft = analyses.start_analysis(admin, _input(analysis="", improvements=""))
    _deviation(admin, unit_id, date(YEAR, 5, 1), 1)
    assert _deviations(analyses.refresh_figures(admin, draft.id)) == 1
    edited = analyses.save_text(admin, draft.id, analyses.TextInput("Ny rubrik", "A", "B"))
    assert (edited.title, edited.analysis, edited.improvements) == ("Ny rubrik", "A", "B")


def test_signing_needs_the_analysis_and_the_improvements(admin: Context) -> None:
    draft = analyses.start_analysis(admin, _input(analysis="", improvements=" "))
    with pytest.raises(ValidationFailed) as caught:
        analyses.sign(admin, draft.id)
    assert {e.field for e in caught.value.errors} == {"analysis", "improvements"}
    assert analyses.get_analysis(admin, draft.id).status is AnalysisStatus.DRAFT


def test_a_signed_analysis_changes_only_with_a_reason(admin: Context) -> None:
    signed = analyses.sign(admin, analyses.start_analysis(admin, _input()).id)
    with pytest.raises(RuleViolation, match="Ändra med motivering"):
        analyses.save_text(admin, signed.id, analyses.TextInput("X", "Y", "Z"))
    with pytest.raises(ValidationFailed) as caught:
        analyses.reopen(admin, signed.id, "  ")
    assert caught.value.errors[0].field == "reason"
    reopened = analyses.reopen(admin, signed.id, "Fel siffra om klagomålen.")
    assert reopened.status is AnalysisStatus.DRAFT and reopened.signed_at is None
    assert reopened.reopen_reason == "Fel siffra om klagomålen."
    with pytest.raises(RuleViolation):
        analyses.reopen(admin, signed.id, "Igen.")
    with admin.reading() as session:
        changes = [
            json.loads(c)
            for c in session.scalars(
                select(AuditEntry.changes).where(AuditEntry.entity_id == signed.id)
            )
        ]
    assert any("signed_by_name" in c for c in changes)
    assert any(
        c.get("reopen_reason", [None, None])[1] == "Fel siffra om klagomålen." for c in changes
    )


def test_bad_input_is_said_at_its_field(admin: Context) -> None:
    with pytest.raises(ValidationFailed) as caught:
        analyses.start_analysis(admin, _input(title="x" * 201))
    assert caught.value.errors[0].field == "title"
    with pytest.raises(ValidationFailed) as caught:
        analyses.start_analysis(admin, _input(title=" "))
    assert caught.value.errors[0].field == "title"
    with pytest.raises(ValidationFailed) as caught:
        analyses.start_analysis(admin, _input(period_end=date(YEAR - 1, 1, 1)))
    assert caught.value.errors[0].field == "end"
    with pytest.raises(NotFound):
        analyses.get_analysis(admin, "00000000-0000-0000-0000-000000000000")


def test_who_sees_which_analysis(admin: Context, unit_id: str, other_unit_id: str) -> None:
    everything = analyses.start_analysis(admin, _input())
    own = analyses.start_analysis(admin, _input(unit_id))
    other = analyses.start_analysis(admin, _input(other_unit_id))
    organisation.save_user(
        admin,
        organisation.UserInput("chef", "Chef Chefsson", None, [Role.UNIT_MANAGER], [unit_id]),
    )
    chef = Context.for_login(admin.db, "chef")
    assert analyses.get_analysis(chef, own.id).id == own.id
    for hidden in (everything.id, other.id):
        with pytest.raises(PermissionDenied):
            analyses.get_analysis(chef, hidden)
    listed = [r["id"] for r in listing.fetch(chef, "analys", ListQuery())]
    assert listed == [own.id]
    with pytest.raises(PermissionDenied):
        analyses.save_text(chef, own.id, analyses.TextInput("X", "Y", "Z"))
    assert len(listing.fetch(admin, "analys", ListQuery())) == 3


def test_archived_analyses_stay_but_cannot_change(admin: Context) -> None:
    draft = analyses.start_analysis(admin, _input())
    archived = analyses.archive(admin, draft.id, "Fel period vald.")
    assert archived.archived and archived.locked
    with pytest.raises(RuleViolation):
        analyses.sign(admin, draft.id)
    assert listing.fetch(admin, "analys", ListQuery()) == []
    assert len(listing.fetch(admin, "analys", ListQuery(include_archived=True))) == 1


def test_the_pdf_holds_the_text_the_signature_and_the_frozen_figures(
    admin: Context, unit_id: str
) -> None:
    _deviation(admin, unit_id, date(YEAR, 3, 1), 1)
    signed = analyses.sign(admin, analyses.start_analysis(admin, _input()).id)
    _deviation(admin, unit_id, date(YEAR, 6, 1), 2)
    pdf = render_report(analyses.analysis_report(admin, signed.id))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert f"Analys {signed.number}" in text
    assert "Läkemedelsavvikelserna ökar på hösten." in text
    assert "Ny rutin för överlämning." in text
    assert f"Åsa Administratör, {date.today().isoformat()}" in text
    assert "de räknas inte om" in text
    assert "Avvikelser 1 0" in text  # the frozen count, not the two there are now


def test_an_analysis_is_found_by_what_it_says(admin: Context, unit_id: str) -> None:
    from kvalitet_desktop.services import search

    draft = analyses.start_analysis(admin, _input(analysis="Överlämningarna brister på natten."))
    hits = search.search(admin, "överlämningarna").hits
    assert [h.id for h in hits if h.kind == "analys"] == [draft.id]
    analyses.save_text(admin, draft.id, analyses.TextInput("Året som gick", "Inget nytt.", "B"))
    assert not [h for h in search.search(admin, "överlämningarna").hits if h.kind == "analys"]
