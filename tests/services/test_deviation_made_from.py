"""An avvikelse made from another record (an egenkontroll's unmet requirement): prefilled with
what the check found, linked both ways in the same unit of work."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

import pytest
import test_selfinspection as checks
from deviation_inputs import registration
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.errors import NotFound
from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.services import record_links
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.ui.editor import DeviationEditor
from kvalitet_desktop.workflows.selfinspection import service as selfinspection
from kvalitet_desktop.workflows.selfinspection.domain import Assessment

FOUND = "Två vikarier saknar delegering."


def _check_with_a_shortcoming(manager: Context, unit_id: str) -> RecordRef:
    selfinspection.save_plan_item(manager, checks.plan_input(unit_id, manager.actor.id))
    first = selfinspection.checks_of_year(manager, unit_id, checks.YEAR)[0]
    answers = checks.all_answered(checks.FORM, manager)
    answers.values["delegering_giltig"] = Assessment.NOT_MET.value
    answers.values["delegering_giltig_kommentar"] = FOUND
    selfinspection.perform_check(manager, first.id, checks.performed(), answers)
    return RecordRef("egenkontroll", first.id)


def test_an_avvikelse_registered_from_a_check_is_linked_both_ways(
    manager: Context, unit_id: str
) -> None:
    check = _check_with_a_shortcoming(manager, unit_id)
    facts = record_links.source_facts(manager, check)
    view = deviations.register(
        manager,
        registration(unit_id, title=facts.title, description=facts.description, source=check),
    )
    (at_avvikelse,) = record_links.linked(manager, RecordRef("avvikelse", view.id))
    assert at_avvikelse.ref == check and at_avvikelse.made_from
    (at_check,) = selfinspection.made_from(manager, check.id)
    assert at_check.ref == RecordRef("avvikelse", view.id) and not at_check.made_from
    assert at_check.summary is not None and at_check.summary.number == view.number


def test_a_source_that_does_not_exist_registers_nothing(manager: Context, unit_id: str) -> None:
    with pytest.raises(NotFound):
        deviations.register(
            manager, registration(unit_id, source=RecordRef("egenkontroll", "saknas"))
        )
    assert deviations.register(manager, registration(unit_id)).number.endswith("-0001")


def test_the_editor_starts_from_what_the_check_found_and_links_what_it_registers(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    check = _check_with_a_shortcoming(manager, unit_id)
    facts = record_links.source_facts(manager, check)
    editor = DeviationEditor(None, manager, None, source=facts)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.registration.title_edit.text() == facts.title
    assert FOUND in editor.registration.description.toPlainText()
    assert facts.label in editor.facts.text()
    title = next(w for w in editor.findChildren(QLineEdit) if w.accessibleName() == "Rubrik")
    assert title.text() == facts.title
    assert editor.save()
    assert editor.deviation_id is not None
    (link,) = record_links.linked(manager, RecordRef("avvikelse", editor.deviation_id))
    assert link.ref == check


def test_a_check_performed_this_morning_offers_no_time_later_than_now(
    manager: Context, unit_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check keeps only its day; the avvikelse made from it must not start in the future."""

    class Morning(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Morning:
            return cls.combine(date.today(), time(9, 15, 30))

    check = _check_with_a_shortcoming(manager, unit_id)
    monkeypatch.setattr(selfinspection, "datetime", Morning)
    facts = record_links.source_facts(manager, check)
    assert facts.noticed_at == datetime.combine(date.today(), time(9, 15))
