"""Klagomål PDF: what came in, the investigation, the measures, the reply with its response
time, and the close; an anonymous submitter is printed as such, with no reply section."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from kvalitet_desktop.reports import render_report
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import build_report
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import (
    COMPLAINT_LINK,
    Channel,
    ComplaintKind,
    ReplyMethod,
    SubmitterType,
)
from kvalitet_desktop.workflows.complaints.report import ANONYMOUS_TEXT, NO_MEASURES_TEXT
from kvalitet_desktop.workflows.measures import service as measures

Pages = Callable[[bytes], list[str]]
TODAY = date.today()  # the day each test starts (tests/conftest.py)


def received() -> date:
    return TODAY - timedelta(days=9)


def _complaint(admin: Context, unit_id: str, submitter: SubmitterType) -> str:
    anonymous = submitter.is_anonymous
    return complaints.save_complaint(
        admin,
        complaints.ComplaintInput(
            title="Pratade över huvudet på mamma",
            unit_id=unit_id,
            received_on=received(),
            channel=Channel.VISIT,
            submitter_type=submitter,
            complaint_kind=ComplaintKind.COMPLAINT,
            topic="bemötande",
            description="Personalen talade med varandra och inte med min mamma & henne <själv>.",
            submitter_name=None if anonymous else "Karin Berg",
            submitter_contact=None if anonymous else "Storgatan 3, 123 45 Norrvik",
            handler_id=admin.actor.id,
            investigation="Två medarbetare bekräftar att de pratade med varandra.",
        ),
    ).id


def _text(admin: Context, complaint_id: str, pages: Pages) -> str:
    return " ".join(pages(render_report(build_report(admin, "klagomal", complaint_id))))


def test_the_complaint_with_its_reply_measures_and_close(
    admin: Context, unit_id: str, pages: Pages
) -> None:
    complaint_id = _complaint(admin, unit_id, SubmitterType.RELATIVE)
    measures.create_measure(
        admin,
        measures.MeasureInput(
            "Utbildning i bemötande",
            unit_id,
            None,
            admin.actor.id,
            date.today() + timedelta(days=30),
            [measures.LinkRef(COMPLAINT_LINK, complaint_id)],
        ),
    )
    complaints.record_reply(
        admin,
        complaint_id,
        complaints.ReplyInput(
            received() + timedelta(days=5), ReplyMethod.MEETING, "Vi beklagar och ändrar rutinen."
        ),
    )
    view = complaints.close_complaint(admin, complaint_id, "Rutinen är ändrad.")
    text = _text(admin, complaint_id, pages)
    for expected in (
        f"{view.number} Pratade över huvudet på mamma",
        "Klagomål och synpunkter",
        "Ämne Bemötande",
        f"Mottaget {received().isoformat()}",
        "Kanal Besök",
        "Avsändare Närstående",
        "Namn Karin Berg",
        "Storgatan 3, 123 45 Norrvik",
        "min mamma & henne <själv>.",
        "Två medarbetare bekräftar",
        "Utbildning i bemötande",
        "Svar till avsändaren",
        f"Svar senast {(received() + timedelta(days=14)).isoformat()}",
        f"Besvarat {(received() + timedelta(days=5)).isoformat()}",
        "Hur Möte",
        "Vi beklagar och ändrar rutinen.",
        "Svarstid 5 dagar (mål: svar inom 14 dagar)",
        f"Avslutat {date.today().isoformat()}",
        "Rutinen är ändrad.",
        "Sekretess enligt 26 kap. 1 §",  # it names the submitter
    ):
        assert expected in text, expected


def test_an_anonymous_complaint_has_no_identity_and_no_reply(
    admin: Context, unit_id: str, pages: Pages
) -> None:
    complaint_id = _complaint(admin, unit_id, SubmitterType.ANONYMOUS)
    text = _text(admin, complaint_id, pages)
    assert "Avsändare Anonym" in text
    assert ANONYMOUS_TEXT in text and NO_MEASURES_TEXT in text
    for absent in ("Namn", "Kontakt ", "Svar senast", "Svarstid"):
        assert absent not in text, absent


def test_an_unanswered_late_complaint_says_so(admin: Context, unit_id: str, pages: Pages) -> None:
    complaint_id = complaints.save_complaint(
        admin,
        complaints.ComplaintInput(
            "Maten kommer kall",
            unit_id,
            date.today() - timedelta(days=30),
            Channel.LETTER,
            SubmitterType.USER,
            ComplaintKind.VIEW,
            "måltider",
            "Lunchen är kall.",
        ),
    ).id
    assert "Svarstid Inget svar ännu – försenad" in _text(admin, complaint_id, pages)
