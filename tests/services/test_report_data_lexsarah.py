"""The lex Sarah reports built from real cases: access, refusals and what the PDFs say."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from lexsarah_answers import investigation_answers, notification_answers, report_answers
from pypdf import PdfReader
from sqlalchemy import select

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import PermissionDenied, RuleViolation
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.reports import render_report
from kvalitet_desktop.services import forms, organisation, references, report_data
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.settings import DEFAULT_CONFIDENTIALITY
from kvalitet_desktop.store.models import AuditEntry, Municipality
from kvalitet_desktop.workflows.followups.service import PlanInput
from kvalitet_desktop.workflows.lexsarah import report_data as lexsarah_report_data
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.report import ADDRESS_TO_LOOK_UP, NO_DEPARTMENT
from kvalitet_desktop.workflows.lexsarah.report_model import (
    IvoNotificationReport,
    LexSarahAptReport,
    LexSarahFormReport,
)
from kvalitet_desktop.workflows.measures import service as measures

KINDS = tuple(r.key for r in registry.kind("lexsarah").reports)
SUMMARY = "En natt fungerade inte trygghetslarmet hos en boende. Ingen testade larmet."
QUESTIONS = ["Hur vet vi att ett larm fungerar?", "Vem gör vad vid en felsignal?"]


def pages_of(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    return " ".join(pages_of(pdf))


@pytest.fixture
def people(admin: Context, unit_id: str, lex_sarah_individual: str) -> dict[str, Context]:
    def user(login: str, name: str, role: Role, title: str) -> Context:
        organisation.save_user(admin, organisation.UserInput(login, name, title, [role], [unit_id]))
        return Context.for_login(admin.db, login)

    return {
        "ansvarig": user("lena.lind", "Lena Lind", Role.LEX_SARAH, "Lex Sarah-ansvarig"),
        "utredare": user("eva.ek", "Eva Ek", Role.INVESTIGATOR, "Kvalitetsutredare"),
        "personal": user("asa.oberg", "Åsa Öberg", Role.STAFF, "Undersköterska"),
    }


def new_case(people: dict[str, Context], unit_id: str, seriousness: str) -> str:
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    case_id = lexsarah.file_report(
        people["personal"],
        lexsarah.ReportInput("Larmet fungerade inte", report_answers(unit_id, ansvarig.actor.id)),
    ).id
    lexsarah.receive(
        ansvarig,
        case_id,
        lexsarah.ReceiptInput(datetime(2026, 3, 2, 10, 0), True, None, utredare.actor.id),
    )
    answers = investigation_answers(utredare.actor.id, ansvarig.actor.id, seriousness)
    answers.values["orsaker"].append(
        {"beskrivning": "Nattpersonalen missade felsignalen", "niva": "individ"}
    )
    lexsarah.save_investigation(utredare, case_id, answers)
    cause = lexsarah.get_case(ansvarig, case_id).causes[0]
    lexsarah.add_preventive_measure(
        ansvarig,
        case_id,
        measures.MeasureInput(
            "Rutin för test av larm efter batteribyte",
            "",
            None,
            ansvarig.actor.id,
            date.today() + timedelta(days=14),
        ),
        [cause.id],
        PlanInput(date.today() + timedelta(days=60), "Stickprov", ansvarig.actor.id),
    )
    return case_id


@pytest.fixture
def serious_case(people: dict[str, Context], unit_id: str) -> str:
    """Under investigation, assessed as serious and notified to IVO."""
    case_id = new_case(people, unit_id, "allvarligt missförhållande")
    ansvarig = people["ansvarig"]
    lexsarah.notify_ivo(
        ansvarig, case_id, notification_answers(unit_id, ansvarig.actor.id, attached=False)
    )
    return case_id


@pytest.fixture
def closed_case(people: dict[str, Context], unit_id: str) -> str:
    case_id = new_case(people, unit_id, "missförhållande")
    lexsarah.close(people["ansvarig"], case_id)
    lexsarah.set_learning_material(people["utredare"], case_id, SUMMARY, QUESTIONS)
    return case_id


def build(ctx: Context, kind: str, case_id: str) -> bytes:
    return render_report(report_data.build_report(ctx, kind, case_id))


def set_county(ctx: Context, county: str | None) -> None:
    with ctx.db.session() as session:
        row = session.scalar(select(Municipality))
        assert row is not None
        row.county = county
        session.commit()


# --------------------------------------------------------------------------- access


@pytest.mark.parametrize("who", ["ansvarig", "utredare", "admin"])
def test_every_kind_builds_for_an_authorised_user(
    people: dict[str, Context], admin: Context, serious_case: str, closed_case: str, who: str
) -> None:
    ctx = admin if who == "admin" else people[who]
    for kind in KINDS:
        case_id = closed_case if kind == "lexsarah-apt" else serious_case
        assert build(ctx, kind, case_id).startswith(b"%PDF-")


def test_an_enhetschef_who_is_not_the_investigator_gets_nothing(
    manager: Context, serious_case: str, closed_case: str
) -> None:
    for kind in KINDS:
        for case_id in (serious_case, closed_case):
            with pytest.raises(PermissionDenied, match="Lex Sarah-ärenden kan bara öppnas"):
                report_data.build_report(manager, kind, case_id)


def test_printing_is_logged_as_an_opening(people: dict[str, Context], serious_case: str) -> None:
    utredare = people["utredare"]
    report_data.build_report(utredare, "lexsarah-utredning", serious_case)
    with utredare.db.session() as session:
        logins = session.scalars(
            select(AuditEntry.user_login).where(
                AuditEntry.entity_id == serious_case, AuditEntry.action == "open"
            )
        ).all()
    assert "eva.ek" in logins


# --------------------------------------------------------------------------- content


def test_rapport(people: dict[str, Context], serious_case: str) -> None:
    report = report_data.build_report(people["ansvarig"], "lexsarah-rapport", serious_case)
    assert isinstance(report, LexSarahFormReport) and report.measures is None
    texts = pages_of(render_report(report))
    text = " ".join(texts)
    number = lexsarah.get_case(people["ansvarig"], serious_case).number
    for expected in (
        "Rapport enligt lex Sarah",
        f"Ärende {number}",
        "Formulärversion 1",
        f"Ärendenummer {number}",
        "Rapportör Åsa Öberg, Undersköterska",
        "Mottagen 2026-03-02 10:00 av Lena Lind",
        "Utredare Eva Ek",
        "Bedömning allvarligt missförhållande",
        "Anmäld till IVO 2026-03-06 via e-tjänst",
        "Utredningen ska vara hos IVO senast 2026-05-06",
        "Mottagen av Lena Lind",
        "Berörd enskild SB-0312",
    ):
        assert expected in text, expected
    # No reference is checked yet: none is printed (nor the form's id); the historical
    # reference of the form is left out too.
    assert "Lagrum" not in text and "att verifiera" not in text
    assert "lex_sarah_rapport" not in text
    assert "2001:453" not in text
    assert all(DEFAULT_CONFIDENTIALITY in page for page in texts)


def test_utredning(people: dict[str, Context], admin: Context, serious_case: str) -> None:
    # An investigator who has since left still prints with their name.
    eva = people["utredare"].actor
    organisation.save_user(
        admin,
        organisation.UserInput(
            "eva.ek", "Eva Ek", "Kvalitetsutredare", [Role.INVESTIGATOR], [], active=False
        ),
        eva.id,
    )
    texts = pages_of(build(people["ansvarig"], "lexsarah-utredning", serious_case))
    text = " ".join(texts)
    for expected in (
        "Utredning enligt lex Sarah",
        "Formulärversion 1",
        "Utredare Eva Ek",
        "Dokumenterat 2026-03-05 av Eva Ek, kvalitetsutredare · Källa: Samtal med nattpersonal"
        " · Fakta",
        "Åtgärder för att förhindra att det händer igen",
        "Rutin för test av larm efter batteribyte Lena Lind",
        "Orsak 1: Ingen rutin för att testa larmet efter batteribyte",
        "Namnförtydligande",
    ):
        assert expected in text, expected
    assert "Rapportör" not in text and "Åsa Öberg" not in text
    assert all(DEFAULT_CONFIDENTIALITY in page for page in texts)


def test_unfinished_investigation_prints_as_a_draft(
    people: dict[str, Context], serious_case: str, closed_case: str
) -> None:
    ansvarig = people["ansvarig"]
    texts = pages_of(build(ansvarig, "lexsarah-utredning", serious_case))
    assert all("UTKAST" in page for page in texts)  # under investigation
    assert "UTKAST" not in text_of(build(ansvarig, "lexsarah-utredning", closed_case))
    assert "UTKAST" not in text_of(build(ansvarig, "lexsarah-rapport", serious_case))


def test_a_finished_investigation_prints_its_day_and_no_draft_mark(
    people: dict[str, Context], unit_id: str
) -> None:
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    case_id = new_case(people, unit_id, "missförhållande")
    assert "Utredningen klar Inte klar än" in text_of(
        build(ansvarig, "lexsarah-utredning", case_id)
    )
    _form, answers = lexsarah.case_answers(utredare, case_id, "lex_sarah_utredning")
    lexsarah.save_investigation(utredare, case_id, answers, complete=True)
    text = text_of(build(ansvarig, "lexsarah-utredning", case_id))
    assert f"Utredningen klar {date.today().isoformat()}" in text
    assert "UTKAST" not in text


def test_ivo_notification_goes_to_the_county_department(
    people: dict[str, Context], admin: Context, serious_case: str
) -> None:
    set_county(admin, "Skåne län")
    references.references(admin)  # the default table first, then one row verified
    references.save_reference(
        admin,
        "sol_2025_400",
        "Socialtjänstlag",
        "SFS 2025:400",
        verified_on=date(2026, 1, 10),
    )
    report = report_data.build_report(people["ansvarig"], "ivo-anmalan", serious_case)
    assert isinstance(report, IvoNotificationReport)
    assert report.department == "IVO avdelning syd"
    texts = pages_of(render_report(report))
    text = " ".join(texts)
    for expected in (
        "Anmälan enligt lex Sarah till Inspektionen för vård och omsorg (IVO)",
        "Inspektionen för vård och omsorg IVO avdelning syd",
        "1. Vårdgivare/huvudman",
        "8. Underskrift",
        "Enhet Daglig verksamhet Solrosen",
        "Anmäld av (namnförtydligande) Lena Lind",
        "Lagrum: SFS 2025:400",  # verified; the unchecked ones are left out
        "Skicka aldrig med e-post.",
    ):
        assert expected in text, expected
    assert "att verifiera" not in text and "SOSFS 2011:5" not in text
    assert "ivo_anmalan" not in text and "Formulär ivo" not in text
    assert all(DEFAULT_CONFIDENTIALITY in page for page in texts)


def test_an_unchecked_department_address_is_not_printed(
    people: dict[str, Context], admin: Context, serious_case: str
) -> None:
    set_county(admin, "Skåne län")
    (south,) = [d for d in references.departments(admin) if d.name == "IVO avdelning syd"]
    address = "Box 999, 999 99 Provstad"
    references.save_department(admin, south.name, list(south.counties), address, south.id)
    text = text_of(build(people["ansvarig"], "ivo-anmalan", serious_case))
    assert "IVO avdelning syd" in text and address not in text
    assert " ".join(ADDRESS_TO_LOOK_UP.split()) in text
    references.save_department(
        admin, south.name, list(south.counties), address, south.id, date(2026, 11, 2)
    )
    text = text_of(build(people["ansvarig"], "ivo-anmalan", serious_case))
    assert address in text and " ".join(ADDRESS_TO_LOOK_UP.split()) not in text


def test_ivo_notification_without_county(people: dict[str, Context], serious_case: str) -> None:
    text = text_of(build(people["ansvarig"], "ivo-anmalan", serious_case))
    assert " ".join(NO_DEPARTMENT.split()) in text


def test_ivo_notification_not_filled_in_is_refused(
    people: dict[str, Context], closed_case: str
) -> None:
    with pytest.raises(RuleViolation, match="ingen ifylld anmälan"):
        report_data.build_report(people["ansvarig"], "ivo-anmalan", closed_case)


def test_ivo_notification_prints_what_is_filled_in_before_it_is_registered(
    people: dict[str, Context], unit_id: str
) -> None:
    """Printed and posted first, registered afterwards: the unsaved answers are printed."""
    ansvarig = people["ansvarig"]
    case_id = new_case(people, unit_id, "allvarligt missförhållande")
    answers = notification_answers(unit_id, ansvarig.actor.id, attached=False)
    answers.values["beskrivning"] = "Larmet var avstängt hela natten utan att någon märkte det."
    answers.values["satt"] = "post"
    del answers.values["kontakt_telefon"]  # a draft: an empty required field prints "–"
    report = lexsarah_report_data.ivo_notification_report(ansvarig, case_id, answers)
    assert isinstance(report, IvoNotificationReport) and report.answers is answers
    text = text_of(render_report(report))
    for expected in (
        "Larmet var avstängt hela natten utan att någon märkte det.",
        "Box 1, 123 45 Exempelå",
        "Storgatan 1, Exempelå",
        "Telefon –",
    ):
        assert expected in text, expected
    # Nothing was stored or registered by printing.
    assert lexsarah.get_case(ansvarig, case_id).ivo_notified_on is None
    with pytest.raises(RuleViolation, match="ingen ifylld anmälan"):
        report_data.build_report(ansvarig, "ivo-anmalan", case_id)


def test_ivo_notification_from_unsaved_answers_is_refused_to_others(
    people: dict[str, Context], manager: Context, unit_id: str
) -> None:
    case_id = new_case(people, unit_id, "allvarligt missförhållande")
    answers = notification_answers(unit_id, people["ansvarig"].actor.id, attached=True)
    with pytest.raises(PermissionDenied, match="Lex Sarah-ärenden kan bara öppnas"):
        lexsarah_report_data.ivo_notification_report(manager, case_id, answers)
    with pytest.raises(PermissionDenied):
        lexsarah_report_data.ivo_notification_report(people["personal"], case_id, answers)


def test_ivo_notification_from_unsaved_answers_only_for_a_serious_case(
    people: dict[str, Context], unit_id: str
) -> None:
    case_id = new_case(people, unit_id, "missförhållande")
    answers = notification_answers(unit_id, people["ansvarig"].actor.id, attached=True)
    with pytest.raises(RuleViolation, match="bara ut för ärenden som bedöms som allvarliga"):
        lexsarah_report_data.ivo_notification_report(people["ansvarig"], case_id, answers)


def test_apt_sheet_has_no_personal_data(
    people: dict[str, Context], closed_case: str, unit_id: str
) -> None:
    report = report_data.build_report(people["utredare"], "lexsarah-apt", closed_case)
    assert isinstance(report, LexSarahAptReport)
    assert [c.level for c in report.causes] == ["systemnivå"]  # the individual cause is left out
    texts = pages_of(render_report(report))
    assert len(texts) == 1
    text = texts[0]
    case = lexsarah.get_case(people["ansvarig"], closed_case)
    for expected in (
        SUMMARY,
        "Kategori: fysisk miljö och teknik",
        "Ingen rutin för att testa larmet efter batteribyte (systemnivå)",
        "Rutin för test av larm efter batteribyte – planerad",
        "1. Hur vet vi att ett larm fungerar?",
        "Exempelå kommun",
    ):
        assert expected in text, expected
    for personal in (
        "Åsa Öberg",
        "SB-0312",
        "Eva Ek",
        "Lena Lind",
        case.number,
        "Solrosen",
        "Nattpersonalen missade",
        "Sekretess",
    ):
        assert personal not in text, personal


def test_apt_is_refused_for_an_open_case(people: dict[str, Context], serious_case: str) -> None:
    with pytest.raises(RuleViolation, match="avslutade ärenden"):
        report_data.build_report(people["ansvarig"], "lexsarah-apt", serious_case)


def test_apt_is_refused_without_learning_material(people: dict[str, Context], unit_id: str) -> None:
    case_id = new_case(people, unit_id, "missförhållande")
    lexsarah.close(people["ansvarig"], case_id)
    with pytest.raises(RuleViolation, match="inget lärandematerial"):
        report_data.build_report(people["ansvarig"], "lexsarah-apt", case_id)


def test_stored_ivo_notification_gets_the_prefilled_facts_it_leaves_empty(
    people: dict[str, Context], serious_case: str
) -> None:
    """The CLI's notification shows what the case dialog shows: the saved answers, and what
    the program knows where they are empty."""
    report = report_data.build_report(people["ansvarig"], "ivo-anmalan", serious_case)
    assert isinstance(report, IvoNotificationReport)
    values = report.answers.values
    assert values["postadress"] == "Box 1, 123 45 Exempelå"  # saved: kept
    assert values["planerade_atgarder"] == "Rutin för test av larm efter batteribyte"
    assert "Rutin för test av larm efter batteribyte" in text_of(render_report(report))


def test_the_notification_prints_the_time_the_report_gave_in_words(
    people: dict[str, Context], unit_id: str
) -> None:
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    words = "natten mot den 2 oktober, mellan 01 och 03"
    case_id = lexsarah.file_report(
        people["personal"],
        lexsarah.ReportInput(
            "Larmet fungerade inte",
            report_answers(unit_id, ansvarig.actor.id, intraffade_beskrivning=words),
        ),
    ).id
    lexsarah.receive(
        ansvarig,
        case_id,
        lexsarah.ReceiptInput(datetime(2026, 3, 2, 10, 0), True, None, utredare.actor.id, True),
    )
    answers = lexsarah.ivo_prefill(ansvarig, case_id)
    assert answers.values["intraffade_beskrivning"] == words  # the form's own field now
    report = lexsarah_report_data.ivo_notification_report(ansvarig, case_id, answers)
    assert "intraffade" not in report.answers.values
    assert f"När inträffade det? (med ord) {words}" in text_of(render_report(report))


def test_a_notification_kept_with_form_version_1_still_prints_the_time_in_words(
    people: dict[str, Context], unit_id: str
) -> None:
    """Version 1 had no field for the time in words: a notification registered with it keeps
    its version, and the words print in the time's place."""
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    words = "natten mot den 2 oktober, mellan 01 och 03"
    case_id = lexsarah.file_report(
        people["personal"],
        lexsarah.ReportInput(
            "Larmet fungerade inte",
            report_answers(unit_id, ansvarig.actor.id, intraffade_beskrivning=words),
        ),
    ).id
    lexsarah.receive(
        ansvarig,
        case_id,
        lexsarah.ReceiptInput(datetime(2026, 3, 2, 10, 0), True, None, utredare.actor.id, True),
    )
    current = forms.catalog(ansvarig).get("ivo_anmalan")
    assert current.version == 2
    start = current.source_text.index('[[sections.fields]]\nid = "intraffade_beskrivning"')
    end = current.source_text.index("[[sections.fields]]", start + 1)
    old_text = (current.source_text[:start] + current.source_text[end:]).replace(
        "version = 2", "version = 1"
    )
    version_1 = forms.parse_definition_text(old_text, "ivo_anmalan version 1")
    with ansvarig.db.session() as session:
        values = notification_answers(unit_id, ansvarig.actor.id, attached=False)
        forms.save_answers(session, "ivo_anmalan", case_id, version_1, values)
        session.commit()
    form, _answers = lexsarah.case_answers(ansvarig, case_id, "ivo_anmalan")
    assert form.version == 1
    text = text_of(build(ansvarig, "ivo-anmalan", case_id))
    assert f"När inträffade det? {words}" in text and "(med ord)" not in text
