"""run_gui in screenshot mode (in-process, offscreen) and its start-up failures; the interactive
start (log-in, first run, recovery key, a forced password change) answered by keyboard."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import PASSWORD, find_by_name, focused, key, type_here, with_passwords
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import app as app_module
from kvalitet_desktop.ui.app import run_gui
from kvalitet_desktop.ui.dialogs.first_run import FirstRunDialog
from kvalitet_desktop.ui.dialogs.login import LoginDialog
from kvalitet_desktop.ui.dialogs.passwords import ChangePasswordDialog, RecoveryKeyDialog
from kvalitet_desktop.ui.main_window import MainWindow
from kvalitet_desktop.ui.views.list_page import ListPage
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.service import MeasureInput

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def unknown_os_user(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> None:
    """The computer's user is nobody in the database (unless a test says otherwise)."""
    monkeypatch.setattr(app_module, "os_login", lambda: "ingen-sadan")


@pytest.fixture
def ready_db(admin: Context, unit_id: str, manager: Context) -> Path:
    """A set-up database file (every account with ``PASSWORD``), closed so that run_gui opens
    it like the program would."""
    with_passwords(admin.db)
    path = Path(admin.db.path)
    admin.db.close()
    return path


@pytest.mark.parametrize("view", ["dashboard", "riskanalyser", "atgarder", "uppfoljningar"])
def test_screenshot_of_each_view(ready_db: Path, tmp_path: Path, view: str) -> None:
    target = tmp_path / f"ui-{view}.png"
    assert run_gui(ready_db, login="admin", screenshot=target, view=view, password=PASSWORD) == 0
    image = QImage(str(target))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)
    assert target.stat().st_size > 5000
    assert (tmp_path / "logs" / "kvalitet.log").exists()  # the one log file, as the CLI's


@pytest.fixture
def db_with_saved_filter(qtbot: QtBot, admin: Context, unit_id: str) -> Path:
    """A measure, and a remembered filter of the measure list that hides it."""
    measures.create_measure(
        admin, MeasureInput("Brandskydd i köket", unit_id, None, admin.actor.id, date.today())
    )
    page = ListPage(admin, "atgard")
    qtbot.addWidget(page)
    page.search.setText("finns inte")
    page.apply_filters()
    page.archived_check.setChecked(True)
    page.table.sortByColumn(page.model.columns.index("title"), Qt.SortOrder.DescendingOrder)
    assert page.model.rowCount() == 0
    page.close()
    with_passwords(admin.db)
    path = Path(admin.db.path)
    admin.db.close()
    return path


def test_screenshot_ignores_remembered_list_filters(
    db_with_saved_filter: Path,
    tmp_path: Path,
    settings_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remembered = (settings_dir / "kvalitet-desktop.ini").read_bytes()
    assert b"finns inte" in remembered
    seen: dict[str, Any] = {}
    take_screenshot = app_module.Startup._save_screenshot

    def note_the_list(startup: app_module.Startup) -> None:
        assert startup.window is not None
        page = startup.window.centralWidget().findChild(ListPage)
        assert isinstance(page, ListPage)
        seen.update(
            search=page.search.text(),
            archived=page.archived_check.isChecked(),
            sort=page.model.sort_key,
            rows=page.model.rowCount(),
        )
        take_screenshot(startup)

    monkeypatch.setattr(app_module.Startup, "_save_screenshot", note_the_list)
    target = tmp_path / "atgarder.png"
    assert (
        run_gui(
            db_with_saved_filter,
            login="admin",
            screenshot=target,
            view="atgarder",
            password=PASSWORD,
        )
        == 0
    )
    assert seen == {"search": "", "archived": False, "sort": "due_date", "rows": 1}
    assert target.exists()
    # Nor does a screenshot change what the user has remembered.
    assert (settings_dir / "kvalitet-desktop.ini").read_bytes() == remembered


def test_screenshot_defaults_to_dashboard_and_the_os_user(
    ready_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "os_login", lambda: "admin")
    target = tmp_path / "standard.png"
    assert run_gui(ready_db, screenshot=target, password=PASSWORD) == 0
    assert target.exists()


def test_screenshot_as_an_unknown_os_user_says_only_that_the_log_in_failed(
    ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.png"
    assert run_gui(ready_db, screenshot=target, password=PASSWORD) == 1
    err = capsys.readouterr().err
    assert err.strip() == "Inloggningen misslyckades. Fel inloggning eller lösenord."
    assert not target.exists()


def test_screenshot_with_a_wrong_password(
    ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.png"
    assert run_gui(ready_db, login="admin", screenshot=target, password="fel-lösenord-här") == 1
    err = capsys.readouterr().err
    assert err.strip() == "Inloggningen misslyckades. Fel inloggning eller lösenord."
    assert not target.exists()


def test_screenshot_without_a_password(
    ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_gui(ready_db, login="admin", screenshot=tmp_path / "x.png") == 1
    assert "Lösenordet saknas." in capsys.readouterr().err


def test_screenshot_of_a_plain_database_needs_it_encrypted_first(
    ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], encrypted: None
) -> None:
    assert run_gui(ready_db, login="admin", screenshot=tmp_path / "x.png", password=PASSWORD) == 1
    assert "Databasen är inte krypterad." in capsys.readouterr().err


def test_unknown_view_is_a_usage_error(
    ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.png"
    assert run_gui(ready_db, login="admin", screenshot=target, view="ingen-sadan-vy") == 2
    err = capsys.readouterr().err
    assert "Okänd vy ”ingen-sadan-vy”" in err and "dashboard" in err
    assert not (tmp_path / "x.png").exists()


def test_view_without_permission(
    ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.png"
    assert (
        run_gui(
            ready_db, login="enhetschef", screenshot=target, view="organisation", password=PASSWORD
        )
        == 2
    )
    assert "behörighet" in capsys.readouterr().err
    assert not target.exists()


def test_unknown_login(ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_gui(ready_db, login="okand", screenshot=tmp_path / "x.png", password=PASSWORD) == 1
    # Not whether the login exists: the same line as for a wrong password.
    assert "Fel inloggning eller lösenord." in capsys.readouterr().err


def test_not_a_database_is_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "anteckningar.sqlite"
    content = "Det här är inte en databas.\n".encode() * 50
    document.write_bytes(content)
    assert run_gui(document, login="admin", screenshot=tmp_path / "x.png", password=PASSWORD) == 1
    assert "inte en databas" in capsys.readouterr().err
    assert document.read_bytes() == content


def test_empty_database_needs_first_run(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_gui(db_path, screenshot=tmp_path / "x.png", password=PASSWORD) == 1
    assert "Databasen finns inte." in capsys.readouterr().err
    assert not db_path.exists()


def test_error_hooks_are_restored(ready_db: Path, tmp_path: Path) -> None:
    hook = sys.excepthook
    run_gui(ready_db, login="admin", screenshot=tmp_path / "x.png", password=PASSWORD)
    assert sys.excepthook is hook
    assert QApplication.instance().quitOnLastWindowClosed()


# --- interactive start-up (dialogs answered by keyboard as they appear) ---------------------

Step = tuple[type[QWidget], Callable[[Any], None]]
NEW_PASSWORD = "en egen mening att minnas"
TEMPORARY = "tillfälligt lösen 42"


class Answering:
    """Answers the start's dialogs in order, each once when it is shown (they run their own
    event loops), then notes the main window's (title, login) and closes it. A failing step
    ends every dialog so that the start cannot hang; ``check()`` raises its error."""

    def __init__(self, steps: list[Step]) -> None:
        self.steps = list(steps)
        self.seen: list[tuple[str, str]] = []
        self.handled: list[QWidget] = []
        self.error: BaseException | None = None
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        if self.error is not None:
            for widget in shown:
                if isinstance(widget, QDialog):
                    widget.done(QDialog.DialogCode.Rejected)
                else:
                    widget.close()
            return
        if self.steps:
            cls, step = self.steps[0]
            for widget in shown:
                if isinstance(widget, cls) and widget not in self.handled:
                    self.steps.pop(0)
                    self.handled.append(widget)
                    try:
                        step(widget)
                    except BaseException as exc:  # reported by check()
                        self.error = exc
                    return
            return
        for widget in shown:
            if isinstance(widget, MainWindow):
                self.seen.append((widget.windowTitle(), widget.ctx.actor.login))
                self.timer.stop()
                widget.close()
                return

    def check(self) -> None:
        self.timer.stop()
        if self.error is not None:
            raise self.error
        assert not self.steps, f"never shown: {[cls.__name__ for cls, _ in self.steps]}"


def log_in_as(qtbot: QtBot, login: str, password: str) -> Callable[[LoginDialog], None]:
    def step(dialog: LoginDialog) -> None:
        assert not dialog.again.isVisible()  # an encrypted (or development) database
        assert focused(dialog) is dialog.login  # nothing suggested: the login is asked first
        type_here(qtbot, dialog, login)
        key(qtbot, dialog, Qt.Key.Key_Tab)
        assert focused(dialog) is dialog.password
        type_here(qtbot, dialog, password)
        key(qtbot, dialog, Qt.Key.Key_Return)

    return step


@pytest.fixture
def no_os_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "os_login", lambda: None)


@pytest.mark.usefixtures("no_os_user")
def test_log_in_then_main_window(qtbot: QtBot, ready_db: Path) -> None:
    answering = Answering([(LoginDialog, log_in_as(qtbot, "enhetschef", PASSWORD))])
    assert run_gui(ready_db) == 0
    answering.check()
    # A plain development database says so in the title.
    assert answering.seen == [
        ("Exempelå kommun – OKRYPTERAD (utveckling) – Kvalitet Desktop", "enhetschef")
    ]


def test_cancelled_log_in_ends_quietly(qtbot: QtBot, ready_db: Path) -> None:
    def cancel(dialog: LoginDialog) -> None:
        assert dialog.login.text() == "ingen-sadan"  # the computer's user name is suggested
        assert focused(dialog) is dialog.password
        key(qtbot, dialog, Qt.Key.Key_Escape)

    answering = Answering([(LoginDialog, cancel)])
    assert run_gui(ready_db) == 0
    answering.check()
    assert answering.seen == []


@pytest.mark.usefixtures("encrypted")
def test_a_plain_database_opens_the_log_in_in_convert_mode(qtbot: QtBot, ready_db: Path) -> None:
    def look(dialog: LoginDialog) -> None:
        assert dialog.again.isVisible()
        assert dialog.ok_button.accessibleName() == "Kryptera databasen och logga in"
        assert "inte krypterad" in dialog.intro.text()
        assert not dialog.recovery_button.isVisible()
        key(qtbot, dialog, Qt.Key.Key_Escape)

    answering = Answering([(LoginDialog, look)])
    assert run_gui(ready_db) == 0
    answering.check()


def fill_first_run(qtbot: QtBot, password: str) -> Callable[[FirstRunDialog], None]:
    def step(dialog: FirstRunDialog) -> None:
        assert focused(dialog) is dialog.municipality
        for text in ("Exempelå kommun", "212000-0142", "", "Åsa Admin", ""):
            if text:
                type_here(qtbot, dialog, text)
            key(qtbot, dialog, Qt.Key.Key_Tab)  # the login and title keep their suggestions
        assert focused(dialog) is dialog.password
        type_here(qtbot, dialog, password)
        key(qtbot, dialog, Qt.Key.Key_Tab)
        type_here(qtbot, dialog, password)
        key(qtbot, dialog, Qt.Key.Key_Return)

    return step


@pytest.fixture
def os_user_asa(monkeypatch: pytest.MonkeyPatch) -> None:
    from kvalitet_desktop.ui.dialogs import first_run

    monkeypatch.setattr(first_run.getpass, "getuser", lambda: "asa")


@pytest.mark.usefixtures("os_user_asa")
def test_first_run_of_a_development_database(qtbot: QtBot, db_path: Path) -> None:
    answering = Answering([(FirstRunDialog, fill_first_run(qtbot, NEW_PASSWORD))])
    assert run_gui(db_path) == 0
    answering.check()  # no recovery key: the development database is not encrypted
    assert answering.seen == [
        ("Exempelå kommun – OKRYPTERAD (utveckling) – Kvalitet Desktop", "asa")
    ]


@pytest.mark.usefixtures("os_user_asa", "encrypted")
def test_first_run_encrypts_and_shows_the_recovery_key_once(qtbot: QtBot, db_path: Path) -> None:
    shown_keys: list[str] = []

    def keep_the_key(dialog: RecoveryKeyDialog) -> None:
        shown_keys.append(dialog.key_field.text())
        go_on = find_by_name(dialog, QPushButton, "Fortsätt")
        assert not go_on.isEnabled()
        assert focused(dialog) is dialog.key_field
        key(qtbot, dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()  # Escape does not skip the key
        box = find_by_name(dialog, QCheckBox, "Nyckeln är sparad på ett säkert ställe")
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
        assert box.isChecked() and go_on.isEnabled()
        key(qtbot, dialog, Qt.Key.Key_Return)

    answering = Answering(
        [
            (FirstRunDialog, fill_first_run(qtbot, NEW_PASSWORD)),
            (RecoveryKeyDialog, keep_the_key),
        ]
    )
    assert run_gui(db_path) == 0
    answering.check()
    assert answering.seen == [("Exempelå kommun – Kvalitet Desktop", "asa")]
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    # The password opens it, and so does the key that was shown.
    accounts.log_in(db_path, "asa", NEW_PASSWORD).db.close()
    again = "ett helt nytt lösenord"
    accounts.recover_with_key(db_path, shown_keys[0], "asa", again, again).db.close()


@pytest.mark.usefixtures("no_os_user")
def test_a_reset_password_is_changed_at_the_next_log_in(
    qtbot: QtBot, encrypted_admin: accounts.Created
) -> None:
    admin = encrypted_admin.ctx
    accounts.save_account(
        admin,
        organisation.UserInput("marta", "Märta Ek", "Enhetschef", [Role.UNIT_MANAGER], []),
        password=TEMPORARY,
        repeated=TEMPORARY,
    )
    path = Path(admin.db.path)
    admin.db.close()

    def choose_own(dialog: ChangePasswordDialog) -> None:
        assert dialog.notice is not None and "tillfälligt lösenord" in dialog.notice.text()
        assert focused(dialog) is dialog.current
        for text in (TEMPORARY, NEW_PASSWORD, NEW_PASSWORD):
            type_here(qtbot, dialog, text)
            key(qtbot, dialog, Qt.Key.Key_Tab)
        assert focused(dialog).accessibleName() == "Byt lösenord"  # the OK button
        qtbot.keyClick(dialog.again, Qt.Key.Key_Return)

    answering = Answering(
        [
            (LoginDialog, log_in_as(qtbot, "marta", TEMPORARY)),
            (ChangePasswordDialog, choose_own),
        ]
    )
    assert run_gui(path) == 0
    answering.check()
    assert answering.seen == [("Exempelå kommun – Kvalitet Desktop", "marta")]
    with pytest.raises(accounts.LoginFailed):
        accounts.log_in(path, "marta", TEMPORARY)
    ctx = accounts.log_in(path, "marta", NEW_PASSWORD)
    try:
        assert not accounts.must_change_password(ctx)
    finally:
        ctx.db.close()


@pytest.mark.usefixtures("no_os_user")
def test_refusing_the_forced_change_ends_the_program(
    qtbot: QtBot, encrypted_admin: accounts.Created
) -> None:
    admin = encrypted_admin.ctx
    accounts.save_account(
        admin,
        organisation.UserInput("marta", "Märta Ek", None, [Role.STAFF], []),
        password=TEMPORARY,
        repeated=TEMPORARY,
    )
    path = Path(admin.db.path)
    admin.db.close()
    answering = Answering(
        [
            (LoginDialog, log_in_as(qtbot, "marta", TEMPORARY)),
            (ChangePasswordDialog, lambda d: key(qtbot, d, Qt.Key.Key_Escape)),
        ]
    )
    assert run_gui(path) == 0
    answering.check()
    assert answering.seen == []


def test_start_up_goes_on_when_the_start_window_is_never_painted(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is looked at after the start window's first paint, or after a short wait
    when no paint comes (a window opened behind another)."""
    monkeypatch.setattr(app_module.StartWindow, "paintEvent", lambda self, event: None)
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: 0)  # then end quietly
    looked_at: list[str] = []
    real = accounts.file_state
    monkeypatch.setattr(
        accounts, "file_state", lambda path: looked_at.append(str(path)) or real(path)
    )
    assert run_gui(ready_db) == 0
    assert looked_at == [str(ready_db)]


def test_a_screenshot_waits_for_no_check_of_the_whole_file(
    ready_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's start check reads every page (a minute on a large database); a
    screenshot only looks, and must not wait for it."""
    from kvalitet_desktop.services import maintenance

    checked: list[object] = []
    monkeypatch.setattr(maintenance, "quick_check", lambda db: checked.append(db) or [])
    target = tmp_path / "dashboard.png"
    assert run_gui(ready_db, login="admin", screenshot=target, password=PASSWORD) == 0
    assert target.exists() and checked == []
