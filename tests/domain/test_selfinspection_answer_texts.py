"""What the search takes of a checklist's answers: the free text written, never a choice's code,
a provenance or anything about an individual."""

from __future__ import annotations

from kvalitet_desktop.domain.forms import FormAnswers, FormDef, Nature, Provenance, parse_form
from kvalitet_desktop.workflows.selfinspection.domain import answer_texts

_ASSESSMENTS = [
    {"value": v, "label": v} for v in ("uppfyllt", "delvis", "ej_uppfyllt", "ej_aktuellt")
]


def _form(*extra: dict[str, object]) -> FormDef:
    return parse_form(
        {
            "id": "lista",
            "version": 1,
            "title": "Lista",
            "sections": [
                {
                    "id": "a",
                    "title": "A",
                    "provenance": True,
                    "fields": [
                        {"id": "krav", "type": "choice", "label": "Krav", "options": _ASSESSMENTS},
                        {"id": "krav_kommentar", "type": "longtext", "label": "Kommentar"},
                        {
                            "id": "extra",
                            "type": "text",
                            "label": "Extra",
                            "show_if": {"field": "krav", "equals": ["ej_uppfyllt"]},
                        },
                        {"id": "fragan", "type": "yesno", "label": "Fråga"},
                        {
                            "id": "rader",
                            "type": "group",
                            "label": "Rader",
                            "fields": [{"id": "iakttagelse", "type": "longtext", "label": "I"}],
                        },
                        *extra,
                    ],
                }
            ],
        },
        "lista.toml",
    )


def test_free_text_comments_motivations_and_group_cells_in_the_lists_order() -> None:
    answers = FormAnswers(
        {
            "krav": "delvis",
            "krav_kommentar": "Ingen övning på två år.",
            "fragan": {"svar": "nej", "motivering": "Pärmen saknades."},
            "rader": [{"iakttagelse": "Skylten var trasig."}, {"iakttagelse": "  "}],
        },
        {"krav_kommentar": Provenance("2026-03-01", "samtal med Eva Ek", Nature.FACT, "Per Ås")},
    )
    assert answer_texts(_form(), answers) == [
        "Ingen övning på två år.",
        "Pärmen saknades.",
        "Skylten var trasig.",
    ]


def test_choices_hidden_fields_and_provenance_give_nothing() -> None:
    answers = FormAnswers(
        {"krav": "uppfyllt", "extra": "kvar från ett tidigare svar", "fragan": {"svar": "ja"}},
        {"krav": Provenance("2026-03-01", "samtal med Eva Ek", Nature.FACT, "Per Ås")},
    )
    assert answer_texts(_form(), answers) == []


def test_what_is_about_an_individual_is_left_out() -> None:
    in_group = _form(
        {
            "id": "personer",
            "type": "group",
            "label": "Personer",
            "fields": [
                {"id": "kod", "type": "individual", "label": "Kod"},
                {"id": "vad", "type": "longtext", "label": "Vad"},
            ],
        }
    )
    answers = FormAnswers(
        {"krav_kommentar": "Rutinen följs.", "personer": [{"kod": "SB-0312", "vad": "Oroad."}]}
    )
    assert answer_texts(in_group, answers) == ["Rutinen följs."]
    about_one = _form({"id": "enskild", "type": "individual", "label": "Enskild"})
    answers = FormAnswers({"krav_kommentar": "Rutinen följs.", "enskild": "SB-0312"})
    assert answer_texts(about_one, answers) == []
