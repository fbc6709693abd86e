"""The PDFs of a förändring i insatser, their text extracted: the group summary, the
individuals by code only, overdue contacts in words, and one person's record."""

from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader

from kvalitet_desktop.reports import render_report
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import build_report
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import (
    ChangeInput,
    Channel,
    ContactInput,
    FollowUpInput,
    NeedsMet,
    PersonInput,
    Phase,
    WithWhom,
)
from registers import register

TODAY = date.today()


def start() -> date:
    return TODAY - timedelta(days=10)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _change(ctx: Context, unit_id: str) -> tuple[str, str, str]:
    register(ctx, unit_id, "SOL-01", "SOL-02")  # the people it names, in the unit's register
    data = ChangeInput(
        "Solrosen stängs",
        [unit_id],
        ["stängning av verksamhet", "digital i stället för fysisk"],
        start(),
        reason="Smittläget",
        decided_by="Socialnämnden",
    )
    change = changes.save_change(ctx, data)
    met = changes.add_person(
        ctx,
        change.id,
        PersonInput(
            "SOL-01",
            unit_id,
            "Daglig verksamhet",
            "Dagverksamheten stängd; samtal per video",
            probability=3,
            consequence=3,
            risks=["isolering"],
            plan="Videosamtal två gånger i veckan",
            representative="Dotter",
        ),
    )
    before = ContactInput(
        start() - timedelta(days=2),
        Phase.BEFORE,
        Channel.VISIT,
        WithWhom.PERSON,
        "Kim Ek",
        True,
        "Vill fortsätta träffa gruppen digitalt.",
        True,
        "Promenad på fredagar",
    )
    changes.log_contact(ctx, met.id, before)
    changes.record_follow_up(
        ctx, met.id, FollowUpInput(TODAY, NeedsMet.YES, {"trygghet": 4}, "Trivs med videon")
    )
    waiting = changes.add_person(ctx, change.id, PersonInput("SOL-02", unit_id))
    return change.id, met.id, waiting.id


def test_the_group_follow_up_counts_and_lists_by_code(admin: Context, unit_id: str) -> None:
    change_id, _, _ = _change(admin, unit_id)
    text = " ".join(
        _text(render_report(build_report(admin, "insatsforandring", change_id))).split()
    )
    assert "Förändring i insatser – uppföljning" in text
    assert "stängning av verksamhet, digital i stället för fysisk" in text
    for line in (
        "Berörda 2",
        "Kontaktade före förändringen 1 av 2",
        "Delaktiga i planeringen 1 av 2",
        "Uppföljda 1 av 2",
        "Behoven tillgodosedda 1 av 2",
        "Försenade kontakter 1",
    ):
        assert line in text
    assert "SOL-01" in text and "SOL-02" in text
    assert f"FÖRSENAD {start().isoformat()}" in text
    assert "Hög risk (9)" in text


def test_the_persons_pdf_holds_their_contacts_and_follow_up(admin: Context, unit_id: str) -> None:
    _, person_id, waiting_id = _change(admin, unit_id)
    pdf = render_report(build_report(admin, "insatsforandring-individ", person_id))
    text = " ".join(_text(pdf).split())
    assert "Person SOL-01" in text
    for part in (
        "Videosamtal två gånger i veckan",
        "isolering",
        "Dotter",
        "Vill fortsätta träffa gruppen digitalt.",
        "Önskemål: Promenad på fredagar",
        "Känner sig personen trygg? 4 – Oftast",
        "Trivs med videon",
    ):
        assert part in text, part
    assert "SOL-02" not in text
    empty = _text(render_report(build_report(admin, "insatsforandring-individ", waiting_id)))
    assert "Ingen kontakt är dokumenterad." in empty
    assert "Personen är inte uppföljd ännu." in empty


def test_the_unit_column_shows_only_for_a_change_of_several_units(
    admin: Context, unit_id: str, other_unit_id: str
) -> None:
    change_id, _met, _waiting = _change(admin, unit_id)
    one = _text(render_report(build_report(admin, "insatsforandring", change_id)))
    assert "Dagar\nsedan" in one and "\nEnhet\n" not in one.split("De berörda")[1]
    data = ChangeInput("Besöksförbud", [unit_id, other_unit_id], ["besöksförbud"], start())
    two = changes.save_change(admin, data)
    register(admin, other_unit_id, "OST-01")
    changes.add_person(admin, two.id, PersonInput("OST-01", other_unit_id))
    both = _text(render_report(build_report(admin, "insatsforandring", two.id)))
    assert "\nEnhet\n" in both.split("De berörda")[1] and "Hemtjänst Öster" in both
