"""ComplaintEditor with keyboard and mouse: an anonymous submitter is never asked who they
are and is closed without a reply; a named one is answered and closed; the rules show at
the fields."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import activate, find_by_name, press, show, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import ComplaintStatus, SubmitterType
from kvalitet_desktop.workflows.complaints.ui.editor import ComplaintEditor

pytestmark = pytest.mark.usefixtures("answers")


def _open(qtbot: QtBot, ctx: Context, complaint_id: str | None = None) -> ComplaintEditor:
    return show(qtbot, ComplaintEditor(None, ctx, complaint_id), (880, 760))


def _register(qtbot: QtBot, editor: ComplaintEditor, title: str) -> None:
    """What came in, typed: the title where the focus starts, the topic and the text."""
    title_edit = find_by_name(editor, QLineEdit, "Rubrik")
    title_edit.setFocus()
    type_into(qtbot, title_edit, title)
    topic = find_by_name(editor, QComboBox, "Ämne")
    topic.setFocus()
    qtbot.keyClicks(topic, "bem")
    assert topic.currentText() == "Bemötande"
    type_into(
        qtbot,
        find_by_name(editor, QPlainTextEdit, "Vad framförs?"),
        "Personalen svarade kort och stressat vid morgonbesöket.",
    )


def test_an_anonymous_complaint_asks_no_identity_and_closes_without_a_reply(
    qtbot: QtBot, manager: Context
) -> None:
    editor = _open(qtbot, manager)
    _register(qtbot, editor, "Kort i tonen vid besöket")
    name = find_by_name(editor, QLineEdit, "Namn")
    contact = find_by_name(editor, QPlainTextEdit, "Kontaktuppgifter")
    reply_box = next(
        b for b in editor.findChildren(QGroupBox) if b.title() == "Svar till avsändaren"
    )
    assert name.isVisible() and contact.isVisible() and reply_box.isVisible()

    submitter = find_by_name(editor, QComboBox, "Avsändare")
    submitter.setFocus()
    qtbot.keyClick(submitter, Qt.Key.Key_End)  # the last choice: anonym
    assert submitter.currentText() == "Anonym"
    # Neither asked for nor shown: no name, no contact details, no reply.
    assert not name.isVisible() and not contact.isVisible() and not reply_box.isVisible()

    press(qtbot, editor, "Spara")
    assert editor.view is not None, editor.errors.messages()
    stored = complaints.get_complaint(manager, editor.view.id)
    assert stored.submitter_type is SubmitterType.ANONYMOUS
    assert (stored.submitter_name, stored.submitter_contact, stored.reply_due) == (
        None,
        None,
        None,
    )
    assert editor.view.number in find_by_name(editor, QLabel, "Status").text()

    handler = find_by_name(editor, QComboBox, "Handläggare")
    handler.setFocus()
    qtbot.keyClicks(handler, "M")  # Märta: QTest types ASCII only
    assert handler.currentText() == "Märta Enhetschef"
    type_into(
        qtbot,
        find_by_name(editor, QPlainTextEdit, "Utredning"),
        "Besöket låg tätt inpå nästa; schemat ändras.",
    )
    activate(qtbot, editor)  # Ctrl+S is the window's shortcut
    qtbot.keyClick(editor.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert complaints.get_complaint(manager, stored.id).status is ComplaintStatus.INVESTIGATING

    type_into(qtbot, find_by_name(editor, QPlainTextEdit, "Sammanfattning"), "Tas upp på APT.")
    press(qtbot, editor, "Avsluta klagomålet")
    closed = complaints.get_complaint(manager, stored.id)
    assert closed.status is ComplaintStatus.CLOSED and closed.replied_on is None
    assert closed.conclusion == "Tas upp på APT."
    assert editor.read_only
    assert "Avslutad" in find_by_name(editor, QLabel, "Status").text()


def test_a_named_submitter_is_answered_then_closed(qtbot: QtBot, manager: Context) -> None:
    editor = _open(qtbot, manager)
    _register(qtbot, editor, "Pratade över huvudet på mamma")
    type_into(qtbot, find_by_name(editor, QLineEdit, "Namn"), "Karin Berg")
    type_into(qtbot, find_by_name(editor, QPlainTextEdit, "Kontaktuppgifter"), "070-123 45 67")
    press(qtbot, editor, "Spara")
    assert editor.view is not None
    complaint_id = editor.view.id

    # Closing before the reply is refused at the field, and nothing typed is lost.
    type_into(qtbot, find_by_name(editor, QPlainTextEdit, "Sammanfattning"), "Klart.")
    press(qtbot, editor, "Avsluta klagomålet")
    assert "svaret" in editor.errors.label_for("conclusion").text()
    assert find_by_name(editor, QPlainTextEdit, "Sammanfattning").toPlainText() == "Klart."

    type_into(qtbot, find_by_name(editor, QLineEdit, "Besvarat"), date.today().isoformat())
    method = find_by_name(editor, QComboBox, "Svaret gavs per")
    method.setFocus()
    qtbot.keyClicks(method, "tel")
    assert method.currentText() == "Telefon"
    type_into(
        qtbot,
        find_by_name(editor, QPlainTextEdit, "Svarets innehåll"),
        "Vi har pratat med personalgruppen om att tala med den man hjälper.",
    )
    press(qtbot, editor, "Spara")
    answered = complaints.get_complaint(manager, complaint_id)
    assert answered.status is ComplaintStatus.REPLIED and answered.response_days == 0
    assert find_by_name(editor, QLabel, "Svarstid").text().startswith("0 dagar")

    press(qtbot, editor, "Avsluta klagomålet")
    closed = complaints.get_complaint(manager, complaint_id)
    assert closed.status is ComplaintStatus.CLOSED and closed.submitter_name == "Karin Berg"


def test_a_late_reply_day_and_a_future_reply_are_shown_at_the_fields(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    received = date.today() - timedelta(days=20)
    view = complaints.save_complaint(
        manager,
        complaints.ComplaintInput(
            "Maten kommer kall",
            unit_id,
            received,
            complaints.Channel.LETTER,
            SubmitterType.RELATIVE,
            complaints.ComplaintKind.COMPLAINT,
            "måltider",
            "Lunchen är kall.",
            submitter_name="Lars Holm",
        ),
    )
    editor = _open(qtbot, manager, view.id)
    assert find_by_name(editor, QLabel, "Svar senast").text().endswith("– försenad")
    type_into(
        qtbot,
        find_by_name(editor, QLineEdit, "Besvarat"),
        (date.today() + timedelta(days=1)).isoformat(),
    )
    press(qtbot, editor, "Spara")
    assert "efter dagens datum" in editor.errors.label_for("replied_on").text()
    assert complaints.get_complaint(manager, view.id).replied_on is None


def test_staff_register_without_seeing_the_handling(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    organisation.save_user(
        admin, organisation.UserInput("sara.sten", "Sara Sten", None, [Role.STAFF], [unit_id])
    )
    staff = Context.for_login(admin.db, "sara.sten")
    editor = _open(qtbot, staff)
    assert not find_by_name(editor, QComboBox, "Handläggare").isEnabled()
    _register(qtbot, editor, "Synpunkt vid besök")
    press(qtbot, editor, "Spara")
    assert editor.view is not None
    assert "Registrerat som" in editor.banner.text()
