"""Egenkontroll's rules without a database: the schedule of each frequency, the transition
table cell by cell, plan versus done, and what makes a form a checklist."""

from __future__ import annotations

from datetime import date

import pytest

from kvalitet_desktop.domain.errors import RuleViolation
from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.paths import shipped_dir
from kvalitet_desktop.services.forms import load_definitions
from kvalitet_desktop.workflows.selfinspection.domain import (
    Assessment,
    CheckAction,
    CheckStatus,
    Frequency,
    check_check_transition,
    checklist_problems,
    findings,
    is_checklist,
    missing_comments,
    scheduled_dates,
    tally,
)

SHIPPED_CHECKLISTS = {
    "egenkontroll_genomforandeplaner",
    "egenkontroll_akt_journal",
    "egenkontroll_kontaktmannaskap",
    "egenkontroll_lakemedel",
    "egenkontroll_brandskydd",
    "egenkontroll_placerade_barn",
}


def test_each_frequency_schedules_the_end_of_its_periods() -> None:
    assert scheduled_dates(2024, Frequency.MONTHLY)[1] == date(2024, 2, 29)  # a leap year
    assert len(scheduled_dates(2025, Frequency.MONTHLY)) == 12
    assert scheduled_dates(2025, Frequency.QUARTERLY) == [
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
    ]
    assert scheduled_dates(2025, Frequency.HALF_YEARLY) == [date(2025, 6, 30), date(2025, 12, 31)]
    assert scheduled_dates(2025, Frequency.YEARLY) == [date(2025, 11, 30)]
    chosen = [date(2025, 9, 1), date(2024, 5, 1), date(2025, 2, 3), date(2025, 9, 1)]
    assert scheduled_dates(2025, Frequency.CHOSEN_DATES, chosen) == [
        date(2025, 2, 3),
        date(2025, 9, 1),
    ]


ALLOWED = {
    (CheckStatus.PLANNED, CheckAction.PERFORM): CheckStatus.DONE,
    (CheckStatus.PLANNED, CheckAction.CANCEL): CheckStatus.CANCELLED,
    (CheckStatus.PLANNED, CheckAction.ARCHIVE): CheckStatus.PLANNED,
    (CheckStatus.DONE, CheckAction.REOPEN): CheckStatus.PLANNED,
    (CheckStatus.DONE, CheckAction.ARCHIVE): CheckStatus.DONE,
    (CheckStatus.CANCELLED, CheckAction.RESTORE): CheckStatus.PLANNED,
    (CheckStatus.CANCELLED, CheckAction.ARCHIVE): CheckStatus.CANCELLED,
}


@pytest.mark.parametrize("status", list(CheckStatus))
@pytest.mark.parametrize("action", list(CheckAction))
def test_every_cell_of_the_transition_table(status: CheckStatus, action: CheckAction) -> None:
    expected = ALLOWED.get((status, action))
    if expected is None:
        with pytest.raises(RuleViolation) as refused:
            check_check_transition(status, action)
        assert str(refused.value)[0].isupper()
    else:
        assert check_check_transition(status, action) is expected
    with pytest.raises(RuleViolation, match="makulerad"):
        check_check_transition(status, action, archived=True)


def test_plan_versus_done() -> None:
    today = date(2025, 7, 1)
    counted = tally(
        [
            (CheckStatus.DONE, date(2025, 3, 31), date(2025, 3, 30)),
            (CheckStatus.DONE, date(2025, 6, 30), date(2025, 7, 1)),  # late
            (CheckStatus.PLANNED, date(2025, 6, 30), None),  # overdue
            (CheckStatus.PLANNED, date(2025, 12, 31), None),
            (CheckStatus.CANCELLED, date(2025, 9, 30), None),
        ],
        today,
    )
    assert (counted.planned, counted.done, counted.done_late) == (4, 2, 1)
    assert (counted.overdue, counted.upcoming, counted.cancelled) == (1, 1, 1)
    assert counted.done_share == 50
    assert tally([], today).done_share is None


def test_every_shipped_checklist_is_a_sound_checklist() -> None:
    catalog = load_definitions([shipped_dir("forms")])
    assert not catalog.problems
    checklists = {f.id for f in catalog.forms() if is_checklist(f)}
    assert checklists == SHIPPED_CHECKLISTS
    for form_id in SHIPPED_CHECKLISTS:
        form = catalog.get(form_id)
        assert checklist_problems(form) == [], form_id
        labels = [f.label for _, f in form.fields()]
        assert len(labels) == len(set(labels)), f"{form_id}: two fields share a label"
        assert form.reference


def test_findings_quote_the_answer_and_shortcomings_need_a_comment() -> None:
    form = load_definitions([shipped_dir("forms")]).get("egenkontroll_brandskydd")
    answers = FormAnswers(
        {
            "utrymningsvagar": Assessment.NOT_MET.value,
            "utrymningsvagar_kommentar": "Soffa i korridoren.",
            "brandvarnare": Assessment.PARTLY.value,
            "slackutrustning": Assessment.MET.value,
            "brandovning": "något annat",
        }
    )
    found = findings(form, answers)
    assert [f.field_id for f in found] == ["utrymningsvagar", "brandvarnare", "slackutrustning"]
    assert found[0].quote == (
        "”Utrymningsvägar är fria och skyltarna lyser” – ej uppfyllt: Soffa i korridoren."
    )
    assert [f.field_id for f in missing_comments(form, answers)] == ["brandvarnare"]
