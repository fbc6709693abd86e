"""Any form definition with its answers as PDF: every field type, provenance, version line."""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

import pytest

from kvalitet_desktop.domain.forms import (
    FormAnswers,
    FormDef,
    FormLookups,
    Nature,
    Provenance,
    parse_form,
)
from kvalitet_desktop.paths import shipped_dir
from kvalitet_desktop.reports.forms import NO_PROVENANCE, form_flowables, render_form_pdf
from kvalitet_desktop.reports.model import ReportHeader

DEFINITION: dict[str, Any] = {
    "id": "alla_typer",
    "version": 3,
    "title": "Provformulär med alla fälttyper",
    "regulation": "SOSFS 2011:5",
    "sections": [
        {
            "id": "grund",
            "title": "Grunduppgifter",
            "help": "Den här hjälptexten ska inte skrivas ut.",
            "fields": [
                {"id": "rubrik", "type": "text", "label": "Rubrik", "required": True},
                {"id": "beskrivning", "type": "longtext", "label": "Beskrivning"},
                {"id": "datum", "type": "date", "label": "Datum"},
                {"id": "tid", "type": "datetime", "label": "Tidpunkt"},
                {
                    "id": "typ",
                    "type": "choice",
                    "label": "Typ av händelse",
                    "options": [
                        {"value": "fall", "label": "Fallolycka"},
                        {"value": "ovrigt", "label": "Övrig händelse"},
                    ],
                },
                {
                    "id": "ovrigt_text",
                    "type": "text",
                    "label": "Beskriv den övriga händelsen",
                    "show_if": {"field": "typ", "equals": "ovrigt"},
                },
                {
                    "id": "kategorier",
                    "type": "multichoice",
                    "label": "Kategorier",
                    "options": [{"value": "annat", "label": "Annat område"}],
                    "options_from": "kategorier",
                },
                {
                    "id": "informerad",
                    "type": "yesno",
                    "label": "Har den enskilde informerats?",
                    "motivation_when": "nej",
                },
                {
                    "id": "grad",
                    "type": "scale",
                    "label": "Allvarlighet",
                    "min": 1,
                    "max": 3,
                    "labels": ["Låg", "Mellan", "Hög"],
                },
                {"id": "ansvarig", "type": "user", "label": "Ansvarig"},
                {"id": "enhet", "type": "unit", "label": "Enhet"},
                {"id": "enskild", "type": "individual", "label": "Enskild"},
                {"id": "obesvarad", "type": "text", "label": "Obesvarad fråga"},
            ],
        },
        {
            "id": "utredning",
            "title": "Utredning",
            "provenance": True,
            "fields": [
                {"id": "handelse", "type": "longtext", "label": "Händelsen"},
                {"id": "vittnen", "type": "text", "label": "Vittnen"},
                {
                    "id": "orsaker",
                    "type": "group",
                    "label": "Orsaker",
                    "fields": [
                        {"id": "orsak", "type": "text", "label": "Orsak"},
                        {
                            "id": "niva",
                            "type": "choice",
                            "label": "Nivå",
                            "options": [
                                {"value": "individ", "label": "Individnivå"},
                                {"value": "system", "label": "Systemnivå"},
                            ],
                        },
                        {"id": "upptackt", "type": "date", "label": "Upptäckt"},
                    ],
                },
            ],
        },
    ],
}

LOOKUPS = FormLookups(
    users=(("u1", "Eva Ek"), ("u2", "Örjan Åström")),
    units=(("e1", "Hemtjänst Öster"),),
    lists={"kategorier": ["Bemötande", "Säkerhet och trygghet"]},
    documented_by="Eva Ek, utredare",
)

ANSWERS = FormAnswers(
    values={
        "rubrik": "Fall i badrummet på Åkervägen",
        "beskrivning": "Den enskilde föll när duschstolen gled & slog i knät.",
        "datum": "2026-11-03",
        "tid": "2026-11-03 07:45",
        "typ": "fall",
        "ovrigt_text": "Ska inte synas: villkoret gäller inte",
        "kategorier": ["Säkerhet och trygghet", "annat"],
        "informerad": {"svar": "nej", "motivering": "Den gode mannen nås först på måndag."},
        "grad": 2,
        "ansvarig": "u2",
        "enhet": "e1",
        "enskild": "ÅKV-07",
        "handelse": "Duschstolen saknade gummifötter.",
        "vittnen": "Ingen såg fallet",
        "orsaker": [
            {"_key": "k1", "orsak": "Hjälpmedlet kontrollerades inte", "niva": "system"},
            {"_key": "k2", "orsak": "Stress på morgonpasset", "upptackt": "2026-11-04"},
        ],
    },
    provenance={
        "handelse": Provenance(
            "2026-11-03", "intervju med undersköterska", Nature.FACT, "Eva Ek, utredare"
        ),
        "orsaker": Provenance(
            "2026-11-05", "analys på arbetsplatsträff", Nature.ASSESSMENT, "Örjan Åström"
        ),
    },
)

HEADER = ReportHeader(
    municipality="Exempelkommun Älvsåker",
    unit="Hemtjänst Öster",
    title="Lex Sarah-utredning",
    printed_on=date(2026, 11, 22),
    printed_by="Åsa Öberg",
    confidentiality="Sekretess enligt 26 kap. 1 § OSL",
)


@pytest.fixture
def form() -> FormDef:
    return parse_form(DEFINITION, "tests/alla_typer.toml")


def text_of(pdf: bytes, pages: Any) -> str:
    return " ".join(pages(pdf))


def test_every_field_type_is_printed(form: FormDef, pages: Any) -> None:
    text = text_of(render_form_pdf(HEADER, form, ANSWERS, LOOKUPS), pages)
    for expected in (
        "Grunduppgifter",
        "Rubrik Fall i badrummet på Åkervägen",
        "Den enskilde föll när duschstolen gled & slog i knät.",
        "Datum 2026-11-03",
        "Tidpunkt 2026-11-03 07:45",
        "Typ av händelse Fallolycka",
        "• Säkerhet och trygghet • Annat område",
        "Nej Motivering: Den gode mannen nås först på måndag.",
        "Allvarlighet 2 – Mellan",
        "Ansvarig Örjan Åström",
        "Enhet Hemtjänst Öster",
        "Enskild ÅKV-07",
        "Obesvarad fråga –",
        # The group: a table with its column headers, choices by label.
        "Orsaker",
        "Nr Orsak Nivå Upptäckt",
        "1 Hjälpmedlet kontrollerades inte Systemnivå",
        "2 Stress på morgonpasset – 2026-11-04",
    ):
        assert expected in text, expected
    assert "fall " not in text.replace("Fall i", "")  # the stored value is not shown
    assert "u2" not in text.split()
    assert "Den här hjälptexten" not in text
    assert "Ska inte synas" not in text
    assert "Beskriv den övriga händelsen" not in text


def test_provenance_lines(form: FormDef, pages: Any) -> None:
    text = text_of(render_form_pdf(HEADER, form, ANSWERS, LOOKUPS), pages)
    assert (
        "Dokumenterat 2026-11-03 av Eva Ek, utredare · Källa: intervju med undersköterska · Fakta"
        in text
    )
    assert (
        "Dokumenterat 2026-11-05 av Örjan Åström · Källa: analys på arbetsplatsträff · Bedömning"
        in text
    )
    # An answered field without provenance says so; the other sections have none.
    assert " ".join(NO_PROVENANCE.split()) in text
    assert text.count("Dokumenterat ") == 2


def test_title_version_and_page_furniture(form: FormDef, pages: Any) -> None:
    texts = pages(render_form_pdf(HEADER, form, ANSWERS, LOOKUPS, title="Utredning LS-2026-4"))
    assert "Utredning LS-2026-4" in texts[0]
    # The form's human title, its version in small print, never its id.
    assert "Provformulär med alla fälttyper Formulärversion 3" in texts[0]
    assert "alla_typer" not in " ".join(texts)
    assert "SOSFS 2011:5" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert "Exempelkommun Älvsåker" in text
        assert "Utskriven 2026-11-22 av Åsa Öberg" in text
        assert "Sekretess enligt 26 kap. 1 § OSL" in text
        assert f"Sida {number} av {len(texts)}" in text
    plain = " ".join(pages(render_form_pdf(HEADER, form, ANSWERS, LOOKUPS)))
    assert "Provformulär med alla fälttyper Formulärversion 3" in plain
    assert "alla_typer" not in plain and "Formulär alla" not in plain


def test_empty_answers_print_dashes(form: FormDef, pages: Any) -> None:
    text = text_of(render_form_pdf(HEADER, form, FormAnswers(), LOOKUPS), pages)
    assert "Rubrik –" in text
    assert "Orsaker –" in text
    assert "Dokumenterat " not in text
    assert "Datum, källa och om uppgiften" not in text  # nothing answered, nothing to source


def test_unknown_ids_and_options_are_printed_as_stored(form: FormDef, pages: Any) -> None:
    answers = FormAnswers({"ansvarig": "borttagen", "typ": "gammal", "informerad": True})
    text = text_of(render_form_pdf(HEADER, form, answers, LOOKUPS), pages)
    assert "Ansvarig borttagen" in text
    assert "Typ av händelse gammal" in text
    assert "Har den enskilde informerats? Ja" in text


def test_long_group_runs_over_pages(form: FormDef, pages: Any) -> None:
    rows = [
        {"_key": f"k{i}", "orsak": f"Orsak nummer {i} med en längre förklaring", "niva": "system"}
        for i in range(1, 81)
    ]
    answers = FormAnswers({**ANSWERS.values, "orsaker": rows}, ANSWERS.provenance)
    texts = pages(render_form_pdf(HEADER, form, answers, LOOKUPS))
    assert len(texts) >= 3
    assert "Orsak nummer 80 med en längre förklaring" in texts[-1]
    assert sum(t.count("Nr Orsak Nivå Upptäckt") for t in texts) >= 2  # header repeated


def test_flowables_can_be_part_of_another_report(form: FormDef) -> None:
    flow = form_flowables(form, ANSWERS, LOOKUPS)
    assert len(flow) > 4


def test_shipped_forms_print(pages: Any) -> None:
    folder = shipped_dir("forms")
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        pytest.skip("no shipped forms yet")
    for path in paths:
        form = parse_form(tomllib.loads(path.read_text("utf-8")), str(path))
        text = text_of(render_form_pdf(HEADER, form, FormAnswers(), LOOKUPS), pages)
        assert f"Formulärversion {form.version}" in text
        assert form.id not in text
        assert form.sections[0].title in text
