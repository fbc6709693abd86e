"""The lex Sarah PDFs from hand-made dataclasses: rapport, utredning, IVO notification, APT."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date
from typing import Any

from lexsarah_answers import investigation_answers, notification_answers, report_answers

from kvalitet_desktop.domain.forms import FormDef, FormLookups, parse_form
from kvalitet_desktop.paths import shipped_dir
from kvalitet_desktop.reports import render_report
from kvalitet_desktop.reports.model import ReportHeader
from kvalitet_desktop.workflows.lexsarah.report import IVO_HEADING, IVO_SENDING, NO_DEPARTMENT
from kvalitet_desktop.workflows.lexsarah.report_model import (
    AptCauseLine,
    AptMeasureLine,
    IvoNotificationReport,
    LexSarahAptReport,
    LexSarahFormReport,
)
from kvalitet_desktop.workflows.measures.report_model import MeasureLine

CONFIDENTIAL = "Sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen (2009:400)"
UNIT_ID, LENA, EVA = "e1", "u-lena", "u-eva"
LOOKUPS = FormLookups(
    users=((LENA, "Lena Lind"), (EVA, "Eva Ek")),
    units=((UNIT_ID, "Särskilt boende Lindgården"),),
    lists={"lex_sarah_categories": ["fysisk miljö och teknik"], "cause_areas": ["rutiner"]},
)
FACTS: tuple[tuple[str, str | None], ...] = (
    ("Ärendenummer", "LS-2026-0007"),
    ("Enhet", "Särskilt boende Lindgården"),
    ("Status", "under utredning"),
    ("Rapportör", "Åsa Öberg, Undersköterska"),
    ("Utredare", "Eva Ek"),
    ("Bedömning", "allvarligt missförhållande"),
    ("Anmäld till IVO", "2026-03-06 via e-tjänst"),
)
REFERENCES = ("SFS 2025:400", "SOSFS 2011:5")
LONG = (
    "Larmet var urkopplat efter ett batteribyte & ingen testade det <efteråt>. "
    "Nattpersonalen hörde ingen signal och gick sina rundor enligt schemat. " * 12
)


def shipped(form_id: str) -> FormDef:
    path = shipped_dir("forms") / f"{form_id}.toml"
    return parse_form(tomllib.loads(path.read_text("utf-8")), str(path))


def header(title: str, confidentiality: str | None = CONFIDENTIAL) -> ReportHeader:
    return ReportHeader(
        municipality="Exempelå kommun",
        unit="Särskilt boende Lindgården",
        title=title,
        printed_on=date(2026, 3, 21),
        printed_by="Lena Lind",
        confidentiality=confidentiality,
    )


def rapport() -> LexSarahFormReport:
    return LexSarahFormReport(
        header=header("Lex Sarah-rapport LS-2026-0007"),
        title="Rapport enligt lex Sarah",
        case_number="LS-2026-0007",
        form=shipped("lex_sarah_rapport"),
        answers=report_answers(UNIT_ID, LENA),
        lookups=LOOKUPS,
        case_facts=FACTS,
        references=REFERENCES,
    )


def utredning(**changes: object) -> LexSarahFormReport:
    answers = investigation_answers(EVA, LENA, "allvarligt missförhållande")
    answers.values["handelse_beskrivning"] = LONG
    report = LexSarahFormReport(
        header=header("Lex Sarah-utredning LS-2026-0007"),
        title="Utredning enligt lex Sarah",
        case_number="LS-2026-0007",
        form=shipped("lex_sarah_utredning"),
        answers=answers,
        lookups=LOOKUPS,
        case_facts=FACTS[:2] + FACTS[4:],
        references=REFERENCES,
        measures=(
            MeasureLine(
                title="Rutin för test av larm efter batteribyte",
                responsible="Lena Lind",
                due_date=date(2026, 4, 1),
                status="planerad",
                answers_to="Orsak 1: Ingen rutin för att testa larmet efter batteribyte",
                follow_up_on=date(2026, 6, 1),
            ),
        ),
        signers=(("Utredare", "Eva Ek"), ("Beslut eller ställningstagande", "Lena Lind")),
    )
    return replace(report, **changes)  # type: ignore[arg-type]


def anmalan(department: str | None = "IVO avdelning syd") -> IvoNotificationReport:
    return IvoNotificationReport(
        header=header("Anmälan till IVO LS-2026-0007"),
        case_number="LS-2026-0007",
        form=shipped("ivo_anmalan"),
        answers=notification_answers(UNIT_ID, LENA, attached=False),
        lookups=LOOKUPS,
        department=department,
        department_address="Box 24, 201 20 Malmö" if department else None,
        references=REFERENCES,
    )


def apt(
    summary: str = "En natt fungerade inte trygghetslarmet hos en boende.",
) -> LexSarahAptReport:
    return LexSarahAptReport(
        header=ReportHeader(
            "Exempelå kommun", None, "Lärande – lex Sarah", date(2026, 4, 2), "", None
        ),
        month="mars 2026",
        category="fysisk miljö och teknik",
        summary=summary,
        causes=(
            AptCauseLine("Ingen rutin för att testa larmet efter batteribyte", "systemnivå"),
            AptCauseLine("Ingen introduktion i larmsystemets felsignaler", "verksamhetsnivå"),
        ),
        measures=(AptMeasureLine("Rutin för test av larm efter batteribyte", "genomförd"),),
        questions=(
            "Hur vet vi att ett larm fungerar efter en ändring?",
            "Vem gör vad när en felsignal syns?",
        ),
    )


def every_page_has(texts: list[str], line: str) -> bool:
    return all(" ".join(line.split()) in text for text in texts)


# --------------------------------------------------------------------------- rapport, utredning


def test_rapport_prints_case_facts_and_the_form(pages: Any) -> None:
    texts = pages(render_report(rapport()))
    text = " ".join(texts)
    for expected in (
        "Rapport enligt lex Sarah",
        "Ärende LS-2026-0007",
        "Formulärversion 1 · Lagrum: SFS 2025:400 · SOSFS 2011:5",
        "Ärendet",
        "Rapportör Åsa Öberg, Undersköterska",
        "Anmäld till IVO 2026-03-06 via e-tjänst",
        "Den som rapporterar",
        "Mottagen av Lena Lind",
        "Enhet där det hände eller där risken finns Särskilt boende Lindgården",
        "Berörd enskild SB-0312",
        "Kategori fysisk miljö och teknik",
    ):
        assert expected in text, expected
    assert every_page_has(texts, CONFIDENTIAL)
    assert "Åtgärder för att förhindra" not in text  # no measures part in a rapport


def test_utredning_has_provenance_measures_and_signatures(pages: Any) -> None:
    texts = pages(render_report(utredning()))
    text = " ".join(texts)
    assert len(texts) >= 3
    assert "Formulärversion 1" in texts[0]
    assert "lex_sarah_utredning" not in text and "Formulär lex" not in text
    provenance = (
        "Dokumenterat 2026-03-05 av Eva Ek, kvalitetsutredare · Källa: Samtal med nattpersonal"
        " · Fakta"
    )
    assert text.count(provenance) >= 10
    assert "Larmet var urkopplat efter ett batteribyte & ingen testade det <efteråt>." in text
    assert "Åtgärder för att förhindra att det händer igen" in text
    assert "Rutin för test av larm efter batteribyte Lena Lind 2026-04-01 Planerad" in text
    assert "Orsak 1: Ingen rutin för att testa larmet efter batteribyte" in text
    assert "Utredare" in texts[-1] and "Namnförtydligande" in texts[-1]
    assert "Rapportör" not in text  # the reporter's name need not follow the investigation
    assert every_page_has(texts, CONFIDENTIAL)
    for number, page in enumerate(texts, start=1):
        assert f"Sida {number} av {len(texts)}" in page
        assert "Lex Sarah-utredning LS-2026-0007" in page


def test_unfinished_utredning_is_marked_as_a_draft_on_every_page(pages: Any) -> None:
    texts = pages(render_report(utredning(draft=True)))
    assert all("UTKAST" in text for text in texts)
    assert "UTKAST – utredningen är inte avslutad." in texts[0]
    assert not any("UTKAST" in text for text in pages(render_report(utredning())))


def test_signature_lines_never_stand_alone_on_a_page(pages: Any) -> None:
    """However long the measures table, the signatures share their page with the last part."""
    measure = utredning().measures[0]  # type: ignore[index]
    for count in range(0, 10):
        measures = tuple(replace(measure, title=f"{measure.title} {n}") for n in range(count))
        texts = pages(render_report(utredning(measures=measures)))
        last = texts[-1]
        assert "Namnförtydligande" in last
        assert "Åtgärder för att förhindra att det händer igen" in last, count


def test_utredning_without_measures_says_so(pages: Any) -> None:
    text = " ".join(pages(render_report(utredning(measures=()))))
    assert "Inga åtgärder mot upprepning är kopplade till orsakerna än." in text


# --------------------------------------------------------------------------- IVO notification


def test_ivo_notification_is_laid_out_like_the_form(pages: Any) -> None:
    texts = pages(render_report(anmalan()))
    text = " ".join(texts)
    assert " ".join(IVO_HEADING.split()) in texts[0]
    positions = []
    for number, title in enumerate(
        (
            "Vårdgivare/huvudman",
            "Verksamheten",
            "Kontaktperson",
            "Allvarlighetsgrad",
            "Händelsen",
            "Åtgärder",
            "Utredning",
            "Underskrift",
        ),
        start=1,
    ):
        box = f"{number}. {title}"
        assert box in text, box
        positions.append(text.index(box))
    assert positions == sorted(positions)
    for expected in (
        "Inspektionen för vård och omsorg IVO avdelning syd Box 24, 201 20 Malmö",
        "Anmälarens ärendenummer: LS-2026-0007",
        "Datum för anmälan: 2026-03-06",
        "Organisationsnummer 212000-0142",
        "Enhet Särskilt boende Lindgården",
        "☒ Socialtjänstlagen ☐ Lagen om stöd och service",
        "☒ Ett allvarligt missförhållande ☐ En påtaglig risk",
        "Berörd enskild (kod) SB-0312",
        "Den enskildes namn och personnummer",
        "Vad har hänt, eller vad består risken i? Larmet fungerade inte under en natt.",
        "När inträffade det? –",  # unanswered
        "Planerade åtgärder –",
        "☐ Ja ☒ Nej Motivering: Utredningen pågår.",
        "När skickas utredningen? 2026-04-15",
        "Anmäld av (namnförtydligande) Lena Lind",
        "Befattning Lex Sarah-ansvarig",
        " ".join(IVO_SENDING.split()),
    ):
        assert expected in text, expected
    assert "IVO:s diarienummer: –" in text
    assert every_page_has(texts, CONFIDENTIAL)


def test_ivo_notification_with_unknown_department(pages: Any) -> None:
    text = " ".join(pages(render_report(anmalan(department=None))))
    assert " ".join(NO_DEPARTMENT.split()) in text


def test_ivo_notification_of_an_older_form_version_leaves_out_missing_fields(pages: Any) -> None:
    form = shipped("ivo_anmalan")
    older = replace(form, version=0, sections=form.sections[:2])  # boxes 3-8 missing fields
    text = " ".join(pages(render_report(replace(anmalan(), form=older))))
    assert "3. Kontaktperson Den här versionen av formuläret har inga uppgifter" in text
    assert "kontakt_namn" not in text and "Kommun Exempelå kommun" in text


# --------------------------------------------------------------------------- APT


def test_apt_sheet_is_one_page_without_personal_data(pages: Any) -> None:
    texts = pages(render_report(apt()))
    assert len(texts) == 1
    text = texts[0]
    for expected in (
        "Lärande från en lex Sarah-utredning",
        "Underlag för arbetsplatsträff · mars 2026 · Kategori: fysisk miljö och teknik",
        "Vad hände? En natt fungerade inte trygghetslarmet hos en boende.",
        "Ingen rutin för att testa larmet efter batteribyte (systemnivå)",
        "Ingen introduktion i larmsystemets felsignaler (verksamhetsnivå)",
        "Rutin för test av larm efter batteribyte – genomförd",
        "1. Hur vet vi att ett larm fungerar efter en ändring?",
        "2. Vem gör vad när en felsignal syns?",
        "Anteckningar",
        "Exempelå kommun",
    ):
        assert expected in text, expected
    assert "Sekretess" not in text
    for personal in ("Åsa Öberg", "SB-0312", "Eva Ek", "Lena Lind", "LS-2026", "Lindgården"):
        assert personal not in text


def test_apt_sheet_ignores_personal_header_fields(pages: Any) -> None:
    """Even a header built carelessly prints neither the unit, the printer nor the line."""
    report = apt()
    careless = replace(report, header=replace(header("Lärande – lex Sarah"), printed_by="Eva Ek"))
    text = pages(render_report(careless))[0]
    assert "Eva Ek" not in text and "Lindgården" not in text and "Sekretess" not in text


def test_long_apt_summary_still_fits_one_page(pages: Any) -> None:
    summary = "\n\n".join(["Larmet var urkopplat efter ett batteribyte. " * 10] * 6)
    assert len(pages(render_report(apt(summary)))) == 1


def test_very_long_apt_summary_runs_over_rather_than_losing_text(pages: Any) -> None:
    summary = "\n\n".join([f"Stycke {i}: larmet var urkopplat. " * 12 for i in range(40)])
    texts = pages(render_report(apt(summary)))
    assert len(texts) >= 2
    assert "Stycke 39" in " ".join(texts)


HUGE = ("Nattpersonalen beskriver händelsen utförligt, timme för timme. " * 30 + "\n\n") * 1000


def test_a_2_mb_answer_prints_with_a_note(pages: Any) -> None:
    report = utredning()
    report.answers.values["handelse_beskrivning"] = HUGE + " 🚨"
    text = " ".join(pages(render_report(report)))
    assert "Texten är avkortad i utskriften" in text
    assert "Namnförtydligande" in text  # the rest of the investigation follows


def test_a_2_mb_apt_summary_prints_with_a_note(pages: Any) -> None:
    text = " ".join(pages(render_report(apt(summary="Larmet 🔔 tystnade. " + HUGE))))
    assert "Larmet [?] tystnade." in text
    assert "Texten är avkortad i utskriften" in text
