"""The lock: Ctrl+L, Arkiv › Lås nu and the idle timer lock; while locked no window shows
anything of the records; what was typed in an open editor is there after unlocking; a wrong
password is refused with a message and repeated ones wait longer; Avsluta asks nothing."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
from helpers import activate, find_by_name, press, show, type_into
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kvalitet_desktop.services import drafts, settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.ui import operations
from kvalitet_desktop.ui.dialogs.common import show_info
from kvalitet_desktop.ui.lock import LockController, retry_delay_ms
from kvalitet_desktop.ui.main_window import MainWindow
from kvalitet_desktop.ui.records import new_record
from kvalitet_desktop.ui.toolkit.editor_base import EditorDialog
from kvalitet_desktop.ui.toolkit.fields import StandardButton, ask
from kvalitet_desktop.workflows.risk import service as risk

PASSWORD = "rätt hemligt"
STORED_TITLE = "Ny bemanning på helger"
TYPED_TITLE = "Osparad rubrik om nattpersonal"
LOCKED_TITLE = "Låst – Kvalitet Desktop"


def check_password(text: str) -> bool:
    return text == PASSWORD


def make_window(qtbot: QtBot, ctx: Context, **kwargs: object) -> MainWindow:
    window = show(
        qtbot,
        MainWindow(ctx, remember=False, verify_password=check_password, **kwargs),  # type: ignore[arg-type]
        (1280, 800),
    )
    activate(qtbot, window)
    return window


def shown_texts() -> list[str]:
    """Every text a person could read on screen now: window titles, labels, fields, buttons,
    tabs and the cells of visible lists and tables, in every visible window."""
    texts: list[str] = []
    for window in QApplication.topLevelWidgets():
        if not window.isVisible():
            continue
        texts.append(window.windowTitle())
        for widget in [window, *window.findChildren(QWidget)]:
            if widget.isVisible():
                texts += texts_of(widget)
    return [text for text in texts if text]


def texts_of(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        return [widget.text()]
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return [widget.toPlainText()]
    if isinstance(widget, QComboBox):
        return [widget.currentText()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model, top = widget.model(), QModelIndex()
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
        return [
            str(model.index(row, column).data() or "")
            for row in range(min(model.rowCount(top), 200))
            for column in range(columns)
        ]
    return []


def showing(text: str) -> bool:
    return any(text in shown for shown in shown_texts())


def audit_actions(ctx: Context) -> list[tuple[str, dict[str, str]]]:
    with ctx.reading() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action.in_(["lock", "unlock", "login_failed"]))
            .order_by(AuditEntry.seq)
        ).all()
        return [(row.action, json.loads(row.changes)) for row in rows]


def unlock_with(qtbot: QtBot, controller: LockController, text: str) -> None:
    field = controller.screen.field
    field.clear()
    type_into(qtbot, field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.fixture
def stored_analysis(admin: Context, unit_id: str) -> str:
    return risk.save_analysis(
        admin,
        risk.RiskAnalysisInput(
            title=STORED_TITLE,
            unit_id=unit_id,
            events=[risk.EventInput("Fel läkemedel ges av vikarie", probability=3, consequence=4)],
        ),
    ).id


@pytest.fixture
def no_quit(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    quits: list[str] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append("quit")))
    yield quits


def test_ctrl_l_locks_and_the_password_unlocks(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    lock = window.lock
    assert window.lock_action.text() == "&Lås nu"
    assert window.lock_action.shortcut().toString() == "Ctrl+L"

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert lock.is_locked()
    assert lock.stack.currentWidget() is lock.screen
    assert window.windowTitle() == LOCKED_TITLE
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert not window.navigation.isVisible()
    assert lock.screen.title.text() == "Låst – logga in igen som Åsa Administratör"
    field = find_by_name(window, QLineEdit, "Lösenord för att låsa upp")
    assert field.echoMode() == QLineEdit.EchoMode.Password
    assert QApplication.focusWidget() is field
    # The menus' shortcuts do nothing while locked (Ctrl+1 would switch the page behind).
    assert not any(action.isEnabled() for action in window.view_actions.values())

    unlock_with(qtbot, lock, PASSWORD)

    assert not lock.is_locked()
    assert lock.stack.currentWidget() is lock.content
    assert window.windowTitle() == "Exempelå kommun – OKRYPTERAD (utveckling) – Kvalitet Desktop"
    assert window.menuBar().isVisible() and window.navigation.isVisible()
    assert all(action.isEnabled() for action in window.view_actions.values())
    assert field.text() == ""  # the password is not kept in the field
    assert audit_actions(admin) == [("lock", {"how": "manuellt"}), ("unlock", {})]


def test_the_menu_entry_locks_too(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.lock_action in file_menu.actions()  # type: ignore[union-attr]
    window.lock_action.trigger()
    assert window.lock.is_locked()


def test_the_idle_timer_locks_and_input_restarts_it(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin, idle_lock_ms=60_000)
    lock = window.lock
    qtbot.wait(300)
    before = lock._idle.remainingTime()
    qtbot.keyClick(window.user_label, Qt.Key.Key_A)  # a key that does nothing else
    assert lock._idle.remainingTime() > before  # the key press started the wait anew

    lock.set_idle_interval(150)
    qtbot.waitUntil(lock.is_locked, timeout=3000)
    assert audit_actions(admin) == [("lock", {"how": "inaktivitet"})]
    assert not lock._idle.isActive()  # no lock on top of the lock


def test_locked_shows_nothing_and_unsaved_text_survives(
    qtbot: QtBot, admin: Context, stored_analysis: str
) -> None:
    window = make_window(qtbot, admin)
    assert window.show_view("riskanalyser")
    assert operations.wait_until_idle()
    editor = new_record(window, admin, "riskanalys")
    qtbot.waitExposed(editor)
    assert isinstance(editor, EditorDialog)
    title_field = find_by_name(editor, QLineEdit, "Rubrik")
    type_into(qtbot, title_field, TYPED_TITLE)
    editor.setWindowTitle(f"Riskanalys – {TYPED_TITLE}")
    notice = show_info(editor, f"Sparad: {STORED_TITLE}", "Sparat")
    qtbot.waitExposed(notice)
    assert showing(STORED_TITLE) and showing(TYPED_TITLE)  # the walk sees them when shown

    window.lock.lock()

    assert not showing(STORED_TITLE)
    assert not showing(TYPED_TITLE)
    assert not editor.isVisible() and not notice.isVisible()
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]

    unlock_with(qtbot, window.lock, PASSWORD)

    assert editor.isVisible() and notice.isVisible()
    assert title_field.text() == TYPED_TITLE
    assert editor.is_dirty()  # nothing saved or thrown away on the way
    assert drafts.load_draft(admin, editor.autosaver.form_key) is None  # type: ignore[union-attr]
    notice.close()
    assert showing(STORED_TITLE)


def test_ctrl_l_from_an_editor_window(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    editor = new_record(window, admin, "riskanalys")
    activate(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.lock.is_locked()
    assert not editor.isVisible()


def test_a_modal_question_is_covered_and_still_waits_after_unlocking(
    qtbot: QtBot, admin: Context
) -> None:
    """A question running its own event loop: covered, not hidden (hiding would answer it)."""
    window = make_window(qtbot, admin)
    editor = new_record(window, admin, "riskanalys")
    qtbot.waitExposed(editor)
    seen: dict[str, object] = {}

    def while_asked() -> None:
        box = QApplication.activeModalWidget()
        try:
            assert isinstance(box, QMessageBox)
            window.lock.lock()
            seen["covered"] = box.isVisible() and not box.findChild(QAbstractButton).isVisible()
            seen["box title"] = box.windowTitle()
            seen["shows question"] = showing("nattpersonal")
            host = QApplication.activeModalWidget()
            seen["lock on top"] = host is not box and window.lock.screen.window() is host
            seen["lock shown"] = window.lock.screen.isVisible() and host.isVisible()  # type: ignore[union-attr]
            unlock_with(qtbot, window.lock, PASSWORD)
            seen["after"] = (box.isVisible(), box.text(), box.windowTitle())
            seen["unlocked"] = not window.lock.is_locked()
        finally:
            box.button(StandardButton.Cancel).click()  # type: ignore[union-attr]

    QTimer.singleShot(0, while_asked)
    answer = ask(
        editor,
        "Fråga om nattpersonal",
        "Spara nattpersonal?",
        [(StandardButton.Save, "Spara"), (StandardButton.Cancel, "Avbryt")],
        StandardButton.Save,
    )

    assert answer == StandardButton.Cancel  # the user's answer, given after unlocking
    assert seen == {
        "covered": True,
        "box title": LOCKED_TITLE,
        "shows question": False,
        "lock on top": True,
        "lock shown": True,
        "after": (True, "Spara nattpersonal?", "Fråga om nattpersonal"),
        "unlocked": True,
    }
    assert editor.isVisible()
    assert window.lock.stack.indexOf(window.lock.screen) >= 0  # back in the main window


def test_windows_opened_or_closed_while_locked(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    closed = QDialog(window)
    closed.setWindowTitle(STORED_TITLE)
    closed.show()
    window.lock.lock()
    late = show_info(window, f"Klart: {STORED_TITLE}", "Klart")
    qtbot.waitUntil(lambda: not late.isVisible())
    assert not showing(STORED_TITLE)
    closed.close()  # e.g. a progress dialog whose work ended

    unlock_with(qtbot, window.lock, PASSWORD)

    assert late.isVisible()
    assert not closed.isVisible()


def test_background_work_goes_on_while_locked(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    release = threading.Event()
    results: list[str] = []
    operations.run_in_background(
        window, lambda: release.wait(10) and "klar", results.append, busy_text="Arbetar…"
    )
    qtbot.waitUntil(lambda: bool(window.findChildren(QProgressDialog)))
    progress = window.findChildren(QProgressDialog)[0]
    qtbot.waitUntil(progress.isVisible)

    window.lock.lock()
    assert not progress.isVisible()
    release.set()
    qtbot.waitUntil(lambda: results == ["klar"])
    assert window.lock.is_locked()

    unlock_with(qtbot, window.lock, PASSWORD)
    assert not any(p.isVisible() for p in window.findChildren(QProgressDialog))


def test_wrong_password_is_refused_and_repeated_ones_wait(qtbot: QtBot, admin: Context) -> None:
    window = show(qtbot, QMainWindow(), (800, 500))
    window.setCentralWidget(QLabel(STORED_TITLE))
    lock = LockController(
        window, admin, check_password, idle_ms=0, retry_delay=lambda n: 0 if n < 3 else 200
    )
    activate(qtbot, window)
    lock.lock()
    field, error = lock.screen.field, lock.screen.error

    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert error.text() == "Skriv ditt lösenord."  # an empty field is no attempt
    assert lock.failures == 0

    unlock_with(qtbot, lock, "fel")
    assert lock.is_locked()
    assert error.isVisible() and error.text() == "Fel lösenord. Försök igen."
    assert field.text() == "" and QApplication.focusWidget() is field

    unlock_with(qtbot, lock, "fel igen")
    unlock_with(qtbot, lock, "fel en tredje gång")
    assert error.text() == "Fel lösenord. Försök igen. Vänta 1 s innan du försöker igen."
    assert not field.isEnabled() and not lock.screen.unlock_button.isEnabled()
    assert lock.try_unlock(PASSWORD) is False  # not even the right one while waiting
    qtbot.waitUntil(field.isEnabled)
    assert error.text() == "Fel lösenord. Försök igen."
    assert QApplication.focusWidget() is field

    unlock_with(qtbot, lock, PASSWORD)
    assert not lock.is_locked()
    assert audit_actions(admin) == [
        ("lock", {"how": "manuellt"}),
        *[("login_failed", {"where": "lås"})] * 3,
        ("unlock", {}),
    ]


def test_the_wait_grows_after_two_free_attempts() -> None:
    assert [retry_delay_ms(n) for n in range(1, 10)] == [
        0,
        0,
        1000,
        2000,
        4000,
        8000,
        16000,
        30000,
        30000,
    ]


def test_the_default_check_is_the_users_own_password(qtbot: QtBot, admin: Context) -> None:
    from kvalitet_desktop.services import accounts

    accounts.give_every_account(admin.db, "Rätt lösenord för låset")
    window = show(qtbot, MainWindow(admin, remember=False), (1280, 800))
    lock = window.lock
    lock.lock()
    field = find_by_name(window, QLineEdit, "Lösenord för att låsa upp")
    assert field.echoMode() == QLineEdit.EchoMode.Password
    unlock_with(qtbot, lock, "admin")
    assert lock.screen.error.text() == "Fel lösenord. Försök igen."
    unlock_with(qtbot, lock, "Rätt lösenord för låset")
    assert not lock.is_locked()


def test_avsluta_keeps_drafts_and_asks_nothing(
    qtbot: QtBot, admin: Context, no_quit: list[str]
) -> None:
    window = make_window(qtbot, admin)
    editor = new_record(window, admin, "riskanalys")
    qtbot.waitExposed(editor)
    assert isinstance(editor, EditorDialog) and editor.autosaver is not None
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), TYPED_TITLE)
    window.lock.lock()

    press(qtbot, window, "Avsluta")

    assert no_quit == ["quit"]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    draft = drafts.load_draft(admin, editor.autosaver.form_key)
    assert draft is not None and TYPED_TITLE in json.dumps(draft.payload, ensure_ascii=False)


def test_the_security_tab_sets_the_time(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    assert window.lock.idle_interval() == 10 * 60_000
    assert window.show_view("installningar")
    page = window.page("installningar")
    tab = page.security_tab  # type: ignore[union-attr]
    page.tabs.setCurrentWidget(tab)  # type: ignore[union-attr]
    spin = find_by_name(tab, QSpinBox, "Lås efter (minuter)")
    assert spin.value() == 10

    spin.setValue(90)
    tab.save_button.click()
    assert tab.errors.messages() == {settings.AUTO_LOCK: "Ange ett antal minuter mellan 1 och 60."}
    assert spin.value() == 90  # what was typed stays
    assert settings.auto_lock_minutes(admin) == 10

    spin.setValue(5)
    tab.save_button.click()
    assert tab.errors.messages() == {}
    assert settings.auto_lock_minutes(admin) == 5
    assert window.lock.idle_interval() == 5 * 60_000  # the running program follows


def test_the_security_tab_is_read_only_for_others(qtbot: QtBot, admin: Context) -> None:
    from kvalitet_desktop.domain.roles import Role
    from kvalitet_desktop.services import organisation
    from kvalitet_desktop.ui.views.settings_security import SecurityTab

    organisation.save_user(
        admin,
        organisation.UserInput(
            login="samordnare", name="Sara Samordnare", roles=[Role.QUALITY_COORDINATOR]
        ),
    )
    tab = show(qtbot, SecurityTab(Context.for_login(admin.db, "samordnare")))
    spin = find_by_name(tab, QSpinBox, "Lås efter (minuter)")
    assert spin.value() == 10 and spin.isReadOnly()
    assert not tab.save_button.isVisible()
    assert tab.read_only_note.isVisible()
    assert tab.read_only_note.text() == "Bara administratörer kan ändra säkerhetsinställningarna."


def test_a_form_in_its_own_event_loop_keeps_what_was_typed(qtbot: QtBot, admin: Context) -> None:
    """An application-modal dialog opened while locked (e.g. by a finished job) is covered at
    once, and one opened before keeps its typed text through the lock."""
    window = make_window(qtbot, admin)
    dialog = QDialog(window)
    dialog.setWindowTitle(f"Användare – {TYPED_TITLE}")
    name = QLineEdit(dialog)
    name.setAccessibleName("Namn")
    seen: dict[str, object] = {}

    def while_open() -> None:
        try:
            type_into(qtbot, name, TYPED_TITLE)
            window.lock.lock()
            seen["hidden"] = not showing(TYPED_TITLE)
            late: list[StandardButton] = []

            def question_while_locked() -> None:
                box = QApplication.activeModalWidget()
                seen["late covered"] = isinstance(box, QMessageBox) and not showing("Hemlig")
                QTimer.singleShot(0, lambda: on_top(box))

            def on_top(box: QWidget | None) -> None:
                seen["lock on top"] = (
                    QApplication.activeModalWidget() is window.lock.screen.window()
                )
                seen["lock shown"] = window.lock.screen.isVisible()
                box.button(StandardButton.Cancel).click()  # type: ignore[union-attr]

            QTimer.singleShot(0, question_while_locked)
            late.append(
                ask(
                    dialog,
                    "Hemlig fråga",
                    "Hemlig text",
                    [(StandardButton.Ok, "OK"), (StandardButton.Cancel, "Avbryt")],
                    StandardButton.Ok,
                )
            )
            seen["late answer"] = late
            unlock_with(qtbot, window.lock, PASSWORD)
            seen["after"] = (name.isVisible(), name.text(), dialog.windowTitle())
        finally:
            dialog.accept()

    QTimer.singleShot(0, while_open)
    assert dialog.exec() == QDialog.DialogCode.Accepted
    assert seen == {
        "hidden": True,
        "late covered": True,
        "lock on top": True,
        "lock shown": True,
        "late answer": [StandardButton.Cancel],
        "after": (True, TYPED_TITLE, f"Användare – {TYPED_TITLE}"),
    }


def test_avsluta_while_a_question_waits(qtbot: QtBot, admin: Context, no_quit: list[str]) -> None:
    """Locked while "Osparade ändringar?" waits: Avsluta answers it with its "do nothing"
    button (the editor stays, its text goes to the draft) and lets Qt close every window."""
    window = make_window(qtbot, admin)
    editor = new_record(window, admin, "riskanalys")
    qtbot.waitExposed(editor)
    assert isinstance(editor, EditorDialog) and editor.autosaver is not None
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), TYPED_TITLE)
    seen: dict[str, object] = {}
    finished: list[int] = []
    editor.finished.connect(finished.append)

    def while_asked() -> None:
        box = QApplication.activeModalWidget()
        try:
            window.lock.lock()
            host = window.lock.screen.window()
            host.close()
            seen["host stays"] = host.isVisible()
            press(qtbot, host, "Avsluta")
            seen["quit"] = list(no_quit)
            host.close()  # as QApplication.quit does with every window
            seen["host closes"] = not host.isVisible()
        finally:
            if isinstance(box, QMessageBox) and box.isVisible():
                box.button(StandardButton.Cancel).click()  # type: ignore[union-attr]

    QTimer.singleShot(0, while_asked)
    editor.reject()  # asks whether to save, in its own event loop

    assert seen == {"host stays": True, "quit": ["quit"], "host closes": True}
    assert finished == []  # the answer did not close the editor
    draft = drafts.load_draft(admin, editor.autosaver.form_key)
    assert draft is not None and TYPED_TITLE in json.dumps(draft.payload, ensure_ascii=False)


def test_the_lock_ends_with_the_main_window(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin, idle_lock_ms=60_000)
    window.lock.lock()
    window.close()
    assert not window.lock._idle.isActive()
    other = show(qtbot, QDialog())
    QApplication.processEvents()  # where a window shown while locked would be hidden
    QApplication.processEvents()
    assert other.isVisible()


def test_the_pages_shortcuts_do_nothing_while_locked(qtbot: QtBot, admin: Context) -> None:
    """Ctrl+S on the lock screen must not save the page behind it; its content stays."""
    window = make_window(qtbot, admin)
    assert window.show_view("installningar")
    page = window.page("installningar")
    page.tabs.setCurrentWidget(page.security_tab)  # type: ignore[union-attr]
    spin = find_by_name(page, QSpinBox, "Lås efter (minuter)")  # type: ignore[arg-type]
    spin.setValue(7)
    window.lock.lock()
    qtbot.keyClick(window.lock.screen.field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert settings.auto_lock_minutes(admin) == 10
    unlock_with(qtbot, window.lock, PASSWORD)
    assert spin.value() == 7 and spin.isVisible()
    qtbot.keyClick(spin, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert settings.auto_lock_minutes(admin) == 7  # the shortcut is back
