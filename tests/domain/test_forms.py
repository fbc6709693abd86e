"""The form-definition model: parsing, refusal of broken definitions, answer validation."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kvalitet_desktop.domain.forms import (
    FieldType,
    FormAnswers,
    FormDefinitionError,
    Nature,
    Provenance,
    parse_form,
    validate_answers,
)

DEFINITION: dict[str, Any] = {
    "id": "prov",
    "version": 2,
    "title": "Provformulär",
    "regulation": "SOSFS 2011:5",
    "sections": [
        {
            "id": "grund",
            "title": "Grunduppgifter",
            "fields": [
                {"id": "rubrik", "type": "text", "label": "Rubrik", "required": True},
                {"id": "datum", "type": "date", "label": "Datum", "required": True},
                {"id": "typ", "type": "choice", "label": "Typ", "options": ["a", "b"]},
                {
                    "id": "varfor",
                    "type": "longtext",
                    "label": "Varför b?",
                    "required": True,
                    "show_if": {"field": "typ", "equals": "b"},
                },
                {
                    "id": "informerad",
                    "type": "yesno",
                    "label": "Informerad",
                    "motivation_when": "nej",
                },
                {"id": "enskild", "type": "individual", "label": "Enskild"},
                {
                    "id": "grad",
                    "type": "scale",
                    "label": "Grad",
                    "min": 1,
                    "max": 3,
                    "labels": ["Låg", "Mellan", "Hög"],
                },
            ],
        },
        {
            "id": "utredning",
            "title": "Utredning",
            "provenance": True,
            "fields": [
                {"id": "handelse", "type": "longtext", "label": "Händelsen"},
                {
                    "id": "orsaker",
                    "type": "group",
                    "label": "Orsaker",
                    "min_rows": 1,
                    "fields": [
                        {"id": "beskrivning", "type": "text", "label": "Orsak", "required": True},
                        {
                            "id": "niva",
                            "type": "choice",
                            "label": "Nivå",
                            "options": ["individ", "verksamhet", "system"],
                        },
                    ],
                },
            ],
        },
    ],
}


def test_parses_every_part() -> None:
    form = parse_form(DEFINITION, "forms/prov.toml")
    assert (form.id, form.version, form.title) == ("prov", 2, "Provformulär")
    assert form.field("orsaker").type is FieldType.GROUP
    assert [c.id for c in form.field("orsaker").fields] == ["beskrivning", "niva"]
    assert form.field("grad").scale_labels == ("Låg", "Mellan", "Hög")
    assert form.section_of("handelse").provenance


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d.pop("version"), "version"),
        (lambda d: d["sections"][0]["fields"][0].update(type="färg"), "sections[0].fields[0].type"),
        (lambda d: d["sections"][0]["fields"][2].pop("options"), "sections[0].fields[2].options"),
        (
            lambda d: d["sections"][0]["fields"][3].update(
                show_if={"field": "saknas", "equals": "x"}
            ),
            "sections[0].fields[3].show_if.field",
        ),
        (lambda d: d["sections"][1]["fields"][0].update(id="rubrik"), "sections[1].fields[0].id"),
        (
            lambda d: d["sections"][0]["fields"][6].update(labels=["x"]),
            "sections[0].fields[6].labels",
        ),
        (lambda d: d["sections"].clear(), "sections"),
    ],
)
def test_broken_definitions_name_file_and_key(change: Any, key: str) -> None:
    data = copy.deepcopy(DEFINITION)
    change(data)
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(data, "forms/prov.toml")
    assert caught.value.key == key
    assert "forms/prov.toml" in str(caught.value)


def errors_for(values: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    form = parse_form(DEFINITION, "forms/prov.toml")
    provenance = kwargs.pop("provenance", {})
    return {
        e.field: e.message
        for e in validate_answers(form, FormAnswers(values, provenance), **kwargs)
    }


def test_required_visible_and_conditional_fields() -> None:
    problems = errors_for({"typ": "b"})
    assert {"rubrik", "datum", "varfor", "orsaker"} <= set(problems)
    assert "varfor" not in errors_for({"typ": "a"})
    assert errors_for({"typ": "b"}, require_complete=False) == {}


def test_value_formats() -> None:
    problems = errors_for(
        {
            "datum": "22/11/2026",
            "typ": "c",
            "grad": 4,
            "enskild": "19450101-1234",
            "informerad": {"svar": "nej", "motivering": ""},
        }
    )
    assert "ÅÅÅÅ-MM-DD" in problems["datum"]
    assert "okänt val" in problems["typ"]
    assert "1–3" in problems["grad"]
    assert "personnummer" in problems["enskild"]
    assert "motivera" in problems["informerad.motivering"]


def test_group_rows_and_provenance() -> None:
    values = {
        "rubrik": "Fall",
        "datum": "2026-11-02",
        "handelse": "Larmet fungerade inte.",
        "orsaker": [{"beskrivning": "", "niva": "system"}],
        "enskild": "flera",
    }
    problems = errors_for(values)
    assert "orsaker.0.beskrivning" in problems
    assert "handelse.provenance" in problems and "orsaker.provenance" in problems
    provenance = {
        key: Provenance(
            "2026-11-03", "Intervju med undersköterska", Nature.FACT, "Eva Ek, utredare"
        )
        for key in ("handelse", "orsaker")
    }
    values["orsaker"] = [{"beskrivning": "Ingen rutin för test av larm", "niva": "system"}]
    assert errors_for(values, provenance=provenance) == {}


def test_answers_round_trip_through_json() -> None:
    answers = FormAnswers(
        {"rubrik": "Å ä ö", "orsaker": [{"beskrivning": "x"}]},
        {"handelse": Provenance("2026-01-01", "Journal", Nature.ASSESSMENT, "Per Pålsson, chef")},
    )
    again = FormAnswers.from_json(answers.to_json())
    assert again == answers
