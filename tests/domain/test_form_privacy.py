"""Personnummer in a filled-in form's free text are found where they stand."""

from __future__ import annotations

from kvalitet_desktop.domain.form_privacy import personal_number_warnings
from kvalitet_desktop.domain.forms import FormAnswers, Nature, Provenance, parse_form

FORM = parse_form(
    {
        "id": "prov",
        "version": 1,
        "title": "Prov",
        "sections": [
            {
                "id": "a",
                "title": "A",
                "provenance": True,
                "fields": [
                    {"id": "rubrik", "type": "text", "label": "Rubrik"},
                    {"id": "text", "type": "longtext", "label": "Text"},
                    {"id": "enskild", "type": "individual", "label": "Enskild"},
                    {"id": "fragan", "type": "yesno", "label": "Fråga"},
                    {
                        "id": "rader",
                        "type": "group",
                        "label": "Rader",
                        "fields": [{"id": "orsak", "type": "longtext", "label": "Orsak"}],
                    },
                ],
            }
        ],
    },
    "prov.toml",
)


def test_every_free_text_place_is_searched_and_keyed_like_errors() -> None:
    answers = FormAnswers(
        {
            "rubrik": "Gäller 121212-1212",
            "text": "Ingen här",
            "fragan": {"svar": "ja", "motivering": "Se 19121212+1212"},
            "rader": [{"orsak": "ok"}, {"orsak": "personen 121212 1212"}],
        },
        {"text": Provenance("2026-03-01", "journal för 121212-1212", Nature.FACT, "Eva Ek")},
    )
    keys = [w.field for w in personal_number_warnings(FORM, answers)]
    assert keys == ["rubrik", "text.provenance", "fragan.motivering", "rader.1.orsak"]


def test_codes_and_texts_without_numbers_give_nothing() -> None:
    answers = FormAnswers({"rubrik": "Larm 2026-03-01 kl 0730", "enskild": "SB-0312"})
    assert personal_number_warnings(FORM, answers) == ()
