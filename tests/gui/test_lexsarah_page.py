"""The lex Sarah page, who sees what, the copy view, the dashboard section, the list columns,
drafts of a new report and the notice about unusable form files."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import (
    PASSWORD,
    click,
    find_by_name,
    press,
    show,
    shown_child,
    type_into,
    with_passwords,
)
from lexsarah_answers import notification_answers, report_answers
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import forms, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.models.paged_table import OVERDUE_COLOUR, PagedTableModel
from kvalitet_desktop.ui.records import show_record_editor
from kvalitet_desktop.ui.views.dashboard import DashboardView
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.ui.common import form_lookups
from kvalitet_desktop.workflows.lexsarah.ui.ivo import CopyToIvoDialog
from kvalitet_desktop.workflows.lexsarah.ui.new_report import NewReportDialog
from kvalitet_desktop.workflows.lexsarah.ui.page import LexSarahPage

pytestmark = pytest.mark.usefixtures("answers", "lex_sarah_individual")


@pytest.fixture
def people(admin: Context, unit_id: str) -> dict[str, Context]:
    def user(login: str, name: str, role: Role) -> Context:
        organisation.save_user(admin, organisation.UserInput(login, name, None, [role], [unit_id]))
        return Context.for_login(admin.db, login)

    return {
        "ansvarig": user("lena.lind", "Lena Lind", Role.LEX_SARAH),
        "utredare": user("eva.ek", "Eva Ek", Role.INVESTIGATOR),
        "personal": user("asa.oberg", "Åsa Öberg", Role.STAFF),
        "annan": user("per.pal", "Per Pål", Role.UNIT_MANAGER),
    }


def filed(people: dict[str, Context], unit_id: str, title: str = "Larmet fungerade inte") -> str:
    return lexsarah.file_report(
        people["personal"],
        lexsarah.ReportInput(title, report_answers(unit_id, people["ansvarig"].actor.id)),
    ).id


def received(people: dict[str, Context], unit_id: str, when: datetime) -> str:
    case_id = filed(people, unit_id)
    lexsarah.receive(
        people["ansvarig"],
        case_id,
        lexsarah.ReceiptInput(when, True, None, people["utredare"].actor.id, True),
    )
    return case_id


def test_staff_see_only_their_own_reports(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    filed(people, unit_id)
    page = show(qtbot, LexSarahPage(people["personal"], remember=False))
    assert page.cases is None
    assert not [t for t in page.findChildren(QTableView) if t.accessibleName() != "Mina rapporter"]
    table = page.own_table
    assert table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[1:] == ["Larmet fungerade inte", row[2], "Rapporterad"]
    assert row[0].startswith(f"LS-{date.today().year}-")
    assert find_by_name(page, QPushButton, "Ny rapport").isEnabled()


def test_handlers_see_the_cases_and_open_them(
    qtbot: QtBot, people: dict[str, Context], unit_id: str, fake_editors: list[tuple[Any, ...]]
) -> None:
    case_id = filed(people, unit_id)
    page = show(qtbot, LexSarahPage(people["ansvarig"], remember=False))
    assert page.cases is not None
    assert page.cases.count_label.text() == "1 lex Sarah-ärende"
    table = find_by_name(page, QTableView, "Lex Sarah-ärenden")
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert fake_editors == [("open", "lexsarah", case_id)]
    assert page.own_stack.currentWidget() is page.own_empty  # Lena filed nothing herself
    # The investigator sees the case appointed to her; another manager sees no list.
    investigator = show(qtbot, LexSarahPage(people["utredare"], remember=False))
    assert investigator.cases is not None and investigator.cases.model.total() == 0
    assert LexSarahPage(people["annan"], remember=False).cases is None


def test_empty_case_list_says_so(qtbot: QtBot, people: dict[str, Context]) -> None:
    page = show(qtbot, LexSarahPage(people["ansvarig"], remember=False))
    assert page.cases is not None
    assert page.cases.empty_label.text() == "Inga lex Sarah-ärenden."


def test_an_unauthorised_user_is_told_clearly(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    case_id = received(people, unit_id, datetime(2026, 3, 2, 10, 0))
    host = show(qtbot, QWidget())
    for who in ("annan", "personal"):
        assert show_record_editor(host, people[who], "lexsarah", case_id) is None
        box = shown_child(host, QMessageBox)
        assert box.windowTitle() == "Posten kan inte öppnas"
        assert box.text().startswith("Lex Sarah-ärenden kan bara öppnas av lex Sarah-ansvariga")
        box.close()
        qtbot.waitUntil(lambda: not [b for b in host.findChildren(QMessageBox) if b.isVisible()])


def test_copy_view_copies_a_value_and_everything(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    ctx = people["ansvarig"]
    form = forms.catalog(ctx).get("ivo_anmalan")
    answers = notification_answers(unit_id, ctx.actor.id, attached=False)
    dialog = show(qtbot, CopyToIvoDialog(None, form, answers, form_lookups(ctx)))
    QGuiApplication.clipboard().clear()
    press(qtbot, dialog, "Kopiera Kommun")
    assert QGuiApplication.clipboard().text() == "Exempelå kommun"
    assert dialog.copied.text() == "Kopierat: Kommun"
    press(qtbot, dialog, "Kopiera Enhet")
    assert QGuiApplication.clipboard().text() == "Daglig verksamhet Solrosen"
    press(qtbot, dialog, "Kopiera Bifogas utredningen?")
    assert QGuiApplication.clipboard().text() == "Nej. Utredningen pågår."
    press(qtbot, dialog, "Kopiera allt")
    everything = QGuiApplication.clipboard().text()
    assert everything.startswith("DEN SOM ANMÄLER\nKommun: Exempelå kommun")
    assert "Hur skickas anmälan?: IVO:s e-tjänst" in everything
    assert "e-post" not in " ".join(b.text() for b in dialog.findChildren(QPushButton))


def test_the_list_shows_passed_deadlines_in_red(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    received(people, unit_id, datetime.now() - timedelta(days=60))
    model = PagedTableModel(people["ansvarig"], "lexsarah")
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Nr",
        "Rubrik",
        "Enhet",
        "Status",
        "Rapporterad",
        "Påbörjas senast",
        "Utredning klar senast",
        "Utredning till IVO senast",
        "Kategori",
        "Bedömning",
        "Utredare",
    ]
    due = model.index(0, model.columns.index("finish_due"))
    assert model.data(due, Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR
    assert str(model.data(due, Qt.ItemDataRole.ToolTipRole)).endswith(" – försenad")
    status = model.index(0, model.columns.index("status"))
    assert model.data(status) == "Mottagen"
    assert model.data(status, Qt.ItemDataRole.ForegroundRole) is None


def test_dashboard_section_for_those_who_may_see_cases(
    qtbot: QtBot, people: dict[str, Context], unit_id: str, fake_editors: list[tuple[Any, ...]]
) -> None:
    case_id = received(people, unit_id, datetime.now() - timedelta(days=60))
    view = show(qtbot, DashboardView(people["ansvarig"]))
    qtbot.waitUntil(lambda: view.dashboard is not None)
    section = view.sections["lex_sarah_due"]
    assert section.isVisible()
    assert section.heading.text().startswith("Lex Sarah – tidsfrister (")
    assert section.list.count() >= 1
    section.list.setFocus()
    section.list.setCurrentRow(0)
    qtbot.keyClick(section.list, Qt.Key.Key_Return)
    assert fake_editors == [("open", "lexsarah", case_id)]

    other = show(qtbot, DashboardView(people["annan"]))
    qtbot.waitUntil(lambda: other.dashboard is not None)
    assert not other.sections["lex_sarah_due"].isVisible()


def test_an_oral_report_registered_for_someone_else(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    manager = people["annan"]
    host = show(qtbot, QWidget())
    dialog = show(qtbot, NewReportDialog(host, manager))
    click(
        qtbot,
        find_by_name(
            dialog, type(dialog.for_other), "Jag registrerar en muntlig rapport åt någon annan"
        ),
    )
    form = dialog.form
    assert form.editor("rapportor_namn").value() is None
    assert form.editor("rapportsatt").value() == "muntlig"
    assert form.editor("nedskriven_av").value() == manager.actor.id
    values = report_answers(unit_id, manager.actor.id).values
    values.update(rapportsatt="muntlig", nedskriven_av=manager.actor.id)
    form.set_answers(FormAnswers(values))
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), "Hot mot boende")
    press(qtbot, dialog, "Skicka rapport")
    assert dialog.case_id is not None
    ansvarig = people["ansvarig"]
    case = lexsarah.get_case(ansvarig, dialog.case_id)
    assert case.reporter_name == "Åsa Öberg" and case.registered_by == "Per Pål"
    assert [r.title for r in lexsarah.my_reports(manager)] == ["Hot mot boende"]
    shown_child(host, QMessageBox).close()


def test_a_new_report_can_wait_as_a_draft(
    qtbot: QtBot, people: dict[str, Context], answers: SimpleNamespace
) -> None:
    staff = people["personal"]
    dialog = show(qtbot, NewReportDialog(None, staff))
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), "Dörren till förrådet var olåst")
    answers.queue = [QMessageBox.StandardButton.Ignore]  # "Spara utkast"
    dialog.close()
    assert answers.asked[-1].startswith("Rapporten är inte skickad.")
    answers.queue = [QMessageBox.StandardButton.Yes]  # "Återställ"
    again = show(qtbot, NewReportDialog(None, staff))
    assert again.title_edit.text() == "Dörren till förrådet var olåst"
    assert lexsarah.my_reports(staff) == []
    answers.queue = [QMessageBox.StandardButton.Discard]  # "Släng"
    again.close()
    assert not again.isVisible()


def test_unusable_form_files_are_named_at_start(
    qtbot: QtBot, admin: Context, tmp_path: Path
) -> None:
    from kvalitet_desktop.ui.main_window import MainWindow

    own = tmp_path / "egna_formular"
    own.mkdir()
    (own / "trasig.toml").write_text('id = "trasig"\nversion = "ett"\n', encoding="utf-8")
    forms.set_forms_folder(admin, own)
    window = MainWindow(admin)
    # Not read while the window is built: the catalog waits until the first page has loaded.
    assert window.forms_notice is None
    show(qtbot, window)
    qtbot.waitUntil(lambda: window.forms_notice is not None)
    assert window.forms_notice is not None
    assert window.forms_notice.text() == "Formulär som inte kan användas: 1"
    assert "trasig.toml" in window.forms_notice.toolTip()
    qtbot.waitUntil(lambda: bool([b for b in window.findChildren(QMessageBox) if b.isVisible()]))
    box = shown_child(window, QMessageBox)
    assert box.windowTitle() == "Formulär kan inte användas" and "trasig.toml" in box.text()
    box.close()
    assert window.show_view("lexsarah")  # the program keeps working
    assert isinstance(window.page("lexsarah"), LexSarahPage)


def test_screenshot_of_the_view(
    people: dict[str, Context], unit_id: str, tmp_path: Path, qapp: Any
) -> None:
    from PySide6.QtGui import QImage

    from kvalitet_desktop.ui.app import run_gui

    filed(people, unit_id)
    with_passwords(people["ansvarig"].db)
    path = Path(people["ansvarig"].db.path)
    for context in people.values():
        context.db.close()
    target = tmp_path / "lexsarah.png"
    assert run_gui(path, login="admin", screenshot=target, view="lexsarah", password=PASSWORD) == 0
    assert not QImage(str(target)).isNull()


def test_a_personnummer_in_the_report_is_warned_of_before_it_is_sent(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    staff = people["personal"]
    host = show(qtbot, QWidget())
    dialog = show(qtbot, NewReportDialog(host, staff))
    text = "Larmet hos 19121212-1212 fungerade inte under natten."
    values = report_answers(unit_id, people["ansvarig"].actor.id, beskrivning=text).values
    dialog.form.set_answers(FormAnswers(values))
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), "Larmet fungerade inte")

    press(qtbot, dialog, "Skicka rapport")

    assert dialog.case_id is None  # not sent: the user may remove it first
    (warning,) = dialog.form.shown_errors()["beskrivning"]
    assert "”19121212-1212”" in warning
    assert dialog.form.answers().values["beskrivning"] == text  # nothing typed is lost

    press(qtbot, dialog, "Skicka rapport")  # the same text again: the user has decided

    assert dialog.case_id is not None
    shown_child(host, QMessageBox).close()


def test_a_report_without_personnummer_is_sent_at_once(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    host = show(qtbot, QWidget())
    dialog = show(qtbot, NewReportDialog(host, people["personal"]))
    values = report_answers(unit_id, people["ansvarig"].actor.id).values
    dialog.form.set_answers(FormAnswers(values))
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), "Larmet fungerade inte")
    press(qtbot, dialog, "Skicka rapport")
    assert dialog.case_id is not None
    shown_child(host, QMessageBox).close()
