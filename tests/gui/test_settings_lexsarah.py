"""Inställningar for lex Sarah: Kommunen, Lagrum, IVO:s avdelningar and Lex Sarah (deadlines,
the forms' lists, the municipality's own forms folder) – loaded from the services, saved through
them, errors at the fields with the typed text kept, and read-only for those who may not edit."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import activate, choose, press, show, type_into
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.paths import shipped_dir
from kvalitet_desktop.services import forms, organisation, references
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.forms import CAUSE_AREAS, DEFAULT_LISTS, LEX_SARAH_CATEGORIES
from kvalitet_desktop.ui.forms.field_widgets import DateInput
from kvalitet_desktop.ui.toolkit.fields import DateField
from kvalitet_desktop.ui.views.settings_page import SettingsPage
from kvalitet_desktop.ui.views.settings_references import DepartmentDialog, ReferenceDialog
from kvalitet_desktop.ui.views.settings_tab import UNVERIFIED_COLOUR
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import DeadlineRules
from kvalitet_desktop.workflows.lexsarah.ui import settings_tab as settings_lexsarah

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("answers")]

CTRL = Qt.KeyboardModifier.ControlModifier
TAB_TITLES = [
    "Riskmatris och rapporter",
    "Kommunen",
    "Lagrum",
    "IVO:s avdelningar",
    "Lex Sarah",
    "Avvikelser",
    "Klagomål",
    "Egenkontroll",
    "Gallring",
    "Säkerhet",
    "Säkerhetskopior",
    "Behörigheter",
]


def _user(admin: Context, login: str, role: Role) -> Context:
    organisation.save_user(
        admin, organisation.UserInput(login=login, name=login.title(), roles=[role])
    )
    return Context.for_login(admin.db, login)


@pytest.fixture
def page(qtbot: QtBot, admin: Context) -> SettingsPage:
    return show(qtbot, SettingsPage(admin), (1200, 800))


def _open_tab(page: SettingsPage, title: str) -> None:
    page.tabs.setCurrentIndex(TAB_TITLES.index(title))


# --- loading -----------------------------------------------------------------------------------


def test_every_tab_loads_real_data(page: SettingsPage, admin: Context) -> None:
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == TAB_TITLES
    assert page.probability_edits[0].text() == "Mycket liten"  # the first tab is as before

    municipality = page.municipality_tab
    assert municipality.name.text() == "Exempelå kommun"
    assert municipality.org_number.text() == "212000-0142"
    assert municipality.county.value() is None
    counties = [municipality.county.itemText(i) for i in range(municipality.county.count())]
    assert "Skåne län" in counties and "Gotlands län" in counties and len(counties) == 22

    stored = references.references(admin)
    table = page.references_tab.table
    assert table.rowCount() == len(stored) > 5
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [r.code for r in stored]
    unverified = table.item(0, 5)
    assert unverified.text() == "att verifiera"
    assert unverified.foreground().color() == QColor(UNVERIFIED_COLOUR)

    departments = page.departments_tab.table
    assert departments.rowCount() == 6
    syd = next(r for r in range(6) if departments.item(r, 0).text() == "IVO avdelning syd")
    assert departments.item(syd, 1).text() == "Skåne län\nBlekinge län\nKronobergs län"

    lex = page.kind_tabs["lexsarah"]
    assert lex.rules() == lexsarah.deadline_rules(admin) == DeadlineRules()
    assert lex.lists[LEX_SARAH_CATEGORIES].values() == list(DEFAULT_LISTS[LEX_SARAH_CATEGORIES])
    assert lex.lists[CAUSE_AREAS].values() == list(DEFAULT_LISTS[CAUSE_AREAS])
    ids = {lex.catalog_table.item(r, 0).text() for r in range(lex.catalog_table.rowCount())}
    assert {"lex_sarah_rapport", "lex_sarah_utredning", "ivo_anmalan"} <= ids
    assert lex.catalog_table.item(0, 3).text() == "Programmet"
    assert lex.problems.isHidden()
    # The two months' note names the regulation as the Lagrum table has it.
    assert "SOSFS 2011:5 (att verifiera)" in lex.regulation.text()


# --- Kommunen ----------------------------------------------------------------------------------


def test_municipality_is_saved_and_shows_its_ivo_department(
    qtbot: QtBot, page: SettingsPage, admin: Context
) -> None:
    _open_tab(page, "Kommunen")
    tab = page.municipality_tab
    choose(tab.county, "Skåne län")
    assert tab.department.text().startswith("IVO avdelning syd")
    type_into(qtbot, tab.address, "Storgatan 1\n123 45 Exempelå")
    tab.name.setText("Exempelå kommun, socialtjänsten")
    press(qtbot, tab, "Spara")
    info = organisation.municipality(admin)
    assert info.name == "Exempelå kommun, socialtjänsten"
    assert info.county == "Skåne län"
    assert info.address == "Storgatan 1\n123 45 Exempelå"
    assert tab.saved_label.text() == "Kommunens uppgifter är sparade."
    assert not tab.is_dirty()


def test_invalid_org_number_is_shown_at_the_field_and_kept(
    qtbot: QtBot, page: SettingsPage, admin: Context
) -> None:
    _open_tab(page, "Kommunen")
    tab = page.municipality_tab
    tab.org_number.clear()
    type_into(qtbot, tab.org_number, "212000-0143")
    tab.name.clear()
    assert tab.save() is False
    messages = tab.errors.messages()
    assert "kontrollsiffra" in messages["org_number"]
    assert messages["name"] == "Ange kommunens namn."
    assert tab.org_number.text() == "212000-0143"  # what was typed stays
    assert organisation.municipality(admin).org_number == "212000-0142"


# --- Lagrum ------------------------------------------------------------------------------------


def test_new_reference_through_the_dialog(qtbot: QtBot, page: SettingsPage, admin: Context) -> None:
    _open_tab(page, "Lagrum")
    tab = page.references_tab
    press(qtbot, tab, "Ny hänvisning…")
    dialog = tab.dialog
    assert isinstance(dialog, ReferenceDialog) and dialog.isVisible()
    type_into(qtbot, dialog.code, "sosfs_2011_5")  # taken
    type_into(qtbot, dialog.title_edit, "Informationsplikt")
    dialog.reference_edit.setText("3 kap. 10 § SFS 2025:400")
    type_into(qtbot, dialog.verified_on.edit, "2999-01-01")
    press(qtbot, dialog, "Spara")
    assert dialog.isVisible()
    messages = dialog.errors.messages()
    assert "finns redan" in messages["code"]
    assert messages["verified_on"] == "Datumet kan inte ligga i framtiden."
    assert dialog.code.text() == "sosfs_2011_5"

    dialog.code.setText("sol_2025_400_informationsplikt")
    dialog.verified_on.set_text("")
    press(qtbot, dialog, "Kontrollerad idag")
    press(qtbot, dialog, "Spara")
    assert not dialog.isVisible()
    saved = references.reference_map(admin)["sol_2025_400_informationsplikt"]
    assert (saved.title, saved.reference) == ("Informationsplikt", "3 kap. 10 § SFS 2025:400")
    assert saved.verified_on == date.today()
    row = tab.table.currentRow()
    assert tab.table.item(row, 0).text() == "sol_2025_400_informationsplikt"
    assert tab.table.item(row, 5).text() == date.today().isoformat()


def test_service_message_for_an_empty_reference_field(
    qtbot: QtBot, page: SettingsPage, admin: Context
) -> None:
    tab = page.references_tab
    tab.table.selectRow(0)
    code = tab.selected().code  # type: ignore[union-attr]
    press(qtbot, tab, "Ändra hänvisning…")
    dialog = tab.dialog
    assert isinstance(dialog, ReferenceDialog)
    assert dialog.code.isReadOnly()
    dialog.reference_edit.clear()
    dialog.note.setPlainText("Kontrolleras mot Riksdagens lydelse.")
    press(qtbot, dialog, "Spara")
    assert dialog.errors.messages()["reference"] == "Ange lagrummet."
    assert dialog.note.toPlainText() == "Kontrolleras mot Riksdagens lydelse."
    assert references.reference_map(admin)[code].reference  # unchanged


def test_references_tab_counts_what_is_still_to_check(
    qtbot: QtBot, page: SettingsPage, admin: Context
) -> None:
    _open_tab(page, "Lagrum")
    tab = page.references_tab
    stored = references.references(admin)
    unchecked = sum(1 for r in stored if r.verified_on is None)
    assert unchecked
    label = tab.unchecked_label
    assert not label.isHidden()
    assert label.text().startswith(
        f"{unchecked} av {len(stored)} hänvisningar är inte kontrollerade"
    )
    assert "skrivs inte ut på dokument som lämnas ut" in label.text()
    tab.table.selectRow(0)
    press(qtbot, tab, "Ändra hänvisning…")
    dialog = tab.dialog
    assert isinstance(dialog, ReferenceDialog)
    press(qtbot, dialog, "Kontrollerad idag")
    press(qtbot, dialog, "Spara")
    assert label.text().startswith(f"{unchecked - 1} av {len(stored)} hänvisningar")


# --- IVO:s avdelningar -------------------------------------------------------------------------


def test_department_edited_and_counties_follow(
    qtbot: QtBot, page: SettingsPage, admin: Context
) -> None:
    _open_tab(page, "IVO:s avdelningar")
    tab = page.departments_tab
    names = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    tab.table.selectRow(names.index("IVO avdelning syd"))
    press(qtbot, tab, "Ändra avdelning…")
    dialog = tab.dialog
    assert isinstance(dialog, DepartmentDialog)
    dialog.counties.setPlainText("Skåne län\nBlekinge län\nKronobergs län\nGotlands län\nÖland")
    press(qtbot, dialog, "Spara")
    problems = dialog.errors.messages()["counties"]
    assert "”Gotlands län” hör redan till IVO avdelning Stockholm" in problems
    assert "”Öland”" in problems
    assert "Öland" in dialog.counties.toPlainText()  # kept as typed

    dialog.counties.setPlainText("Skåne län\nBlekinge län\nKronobergs län\nHallandsåsens län")
    type_into(qtbot, dialog.postal_address, "Box 1, 200 00 Malmö")
    press(qtbot, dialog, "Spara")
    assert not dialog.isVisible()
    syd = next(d for d in references.departments(admin) if d.name == "IVO avdelning syd")
    assert syd.counties[-1] == "Hallandsåsens län"
    assert syd.postal_address == "Box 1, 200 00 Malmö"
    # Kommunen's county list is read again.
    municipality = page.municipality_tab
    assert municipality.county.findText("Hallandsåsens län") >= 0


def test_new_department_needs_a_name_and_a_county(
    qtbot: QtBot, page: SettingsPage, admin: Context
) -> None:
    press(qtbot, page.departments_tab, "Ny avdelning…")
    dialog = page.departments_tab.dialog
    assert isinstance(dialog, DepartmentDialog)
    press(qtbot, dialog, "Spara")
    messages = dialog.errors.messages()
    assert messages == {"name": "Ange avdelningens namn.", "counties": "Ange minst ett län."}
    assert len(references.departments(admin)) == 6


# --- Lex Sarah ---------------------------------------------------------------------------------


def test_deadlines_and_lists_are_saved(qtbot: QtBot, page: SettingsPage, admin: Context) -> None:
    _open_tab(page, "Lex Sarah")
    tab = page.kind_tabs["lexsarah"]
    tab.deadlines["start_within_days"].setValue(1)
    tab.deadlines["finish_within_days"].setValue(21)
    tab.deadlines["remind_days_before"].setValue(3)
    categories = tab.lists[LEX_SARAH_CATEGORIES]
    type_into(qtbot, categories.new_value, "läkemedel")
    press(qtbot, tab, "Lägg till – Kategorier")
    assert categories.values()[-1] == "läkemedel"
    assert categories.new_value.text() == ""
    press(qtbot, tab, "Flytta upp – Kategorier")
    assert categories.values()[-2:] == ["läkemedel", "annat"]
    causes = tab.lists[CAUSE_AREAS]
    causes.list.setCurrentRow(causes.values().index("samverkan"))
    press(qtbot, tab, "Ta bort – Orsaksområden")
    causes.list.item(0).setText("rutiner och riktlinjer")  # renamed in place

    press(qtbot, tab, "Spara")
    assert tab.saved_label.text() == "Inställningarna för lex Sarah är sparade."
    assert lexsarah.deadline_rules(admin) == DeadlineRules(1, 21, 3, 2)
    stored = forms.editable_lists(admin)
    assert stored[LEX_SARAH_CATEGORIES][-2:] == ["läkemedel", "annat"]
    assert "samverkan" not in stored[CAUSE_AREAS]
    assert stored[CAUSE_AREAS][0] == "rutiner och riktlinjer"
    assert not tab.is_dirty()


def test_list_and_deadline_errors_at_their_fields(
    qtbot: QtBot, page: SettingsPage, admin: Context
) -> None:
    tab = page.kind_tabs["lexsarah"]
    categories = tab.lists[LEX_SARAH_CATEGORIES]
    type_into(qtbot, categories.new_value, "Bemötande")
    press(qtbot, tab, "Lägg till – Kategorier")
    assert categories.error.text() == "”Bemötande” finns redan i listan."
    assert categories.new_value.text() == "Bemötande"  # kept

    causes = tab.lists[CAUSE_AREAS]
    causes.list.item(1).setText("  ")
    tab.deadlines["start_within_days"].setValue(40)
    tab.deadlines["finish_within_days"].setValue(30)
    assert tab.save() is False
    messages = tab.errors.messages()
    assert messages[CAUSE_AREAS] == "Rad 2 är tom."
    assert "påbörjas senare än den ska vara klar (30 dagar)" in messages["start_within_days"]
    assert causes.values()[1] == "  "  # nothing typed is thrown away
    assert tab.deadlines["start_within_days"].value() == 40
    assert forms.editable_lists(admin)[CAUSE_AREAS] == list(DEFAULT_LISTS[CAUSE_AREAS])
    assert lexsarah.deadline_rules(admin) == DeadlineRules()
    assert tab.is_dirty()


def _own_forms(tmp_path: Path) -> Path:
    folder = tmp_path / "egna formulär"
    folder.mkdir()
    (folder / "trasig.toml").write_text('id = "trasig"\nversion = \n', encoding="utf-8")
    text = (shipped_dir("forms") / "ivo_anmalan.toml").read_text(encoding="utf-8")
    newer = re.sub(r"(?m)^version = \d+", "version = 7", text, count=1)
    (folder / "ivo_anmalan.toml").write_text(newer, encoding="utf-8")
    return folder


def test_own_forms_folder_lists_forms_and_problems(
    qtbot: QtBot,
    page: SettingsPage,
    admin: Context,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = page.kind_tabs["lexsarah"]
    type_into(qtbot, tab.folder, str(tmp_path / "saknas"))
    press(qtbot, tab, "Använd mappen")
    assert "finns inte" in tab.folder_error.text()
    assert tab.folder.text() == str(tmp_path / "saknas")
    assert forms.forms_folder(admin) is None

    folder = _own_forms(tmp_path)
    monkeypatch.setattr(
        settings_lexsarah.QFileDialog, "getExistingDirectory", lambda *args: str(folder)
    )
    press(qtbot, tab, "Välj mapp…")
    assert forms.forms_folder(admin) == folder.resolve()
    assert tab.folder_error.isHidden()
    rows = {
        tab.catalog_table.item(r, 0).text(): (
            tab.catalog_table.item(r, 1).text(),
            tab.catalog_table.item(r, 3).text(),
        )
        for r in range(tab.catalog_table.rowCount())
    }
    assert rows["ivo_anmalan"] == ("7", "Kommunens mapp (ersätter version 2)")
    assert rows["lex_sarah_rapport"][1] == "Programmet"
    assert not tab.problems.isHidden()
    assert "trasig.toml" in tab.problems.text()
    assert "TOML-syntaxen" in tab.problems.text()
    assert tab.problems.styleSheet() == "color: #b00020;"

    press(qtbot, tab, "Använd inga egna formulär")
    assert forms.forms_folder(admin) is None
    assert tab.folder.text() == ""
    assert tab.problems.isHidden()
    assert tab.saved_label.text() == "Inga egna formulär används."


# --- who may change what -------------------------------------------------------------------------


def test_coordinator_may_not_change_municipality_or_forms_folder(
    qtbot: QtBot, admin: Context
) -> None:
    coordinator = _user(admin, "kvalitet", Role.QUALITY_COORDINATOR)
    page = show(qtbot, SettingsPage(coordinator), (1200, 800))
    municipality = page.municipality_tab
    assert not municipality.editable
    assert municipality.name.isReadOnly() and municipality.org_number.isReadOnly()
    assert not municipality.county.isEnabled()
    assert municipality.save_button.isHidden()
    assert not municipality.read_only_note.isHidden()
    assert "Bara administratörer" in municipality.read_only_note.text()

    lex = page.kind_tabs["lexsarah"]
    assert lex.folder.isReadOnly()
    assert lex.browse_button.isHidden() and lex.none_button.isHidden()
    # Deadlines, lists and the references are the coordinator's to edit (EDIT_SETTINGS).
    assert not lex.save_button.isHidden()
    lex.deadlines["finish_within_days"].setValue(14)
    assert lex.save()
    assert lexsarah.deadline_rules(coordinator).finish_within_days == 14
    assert not page.references_tab.new_button.isHidden()


def test_without_settings_rights_every_tab_is_read_only(qtbot: QtBot, admin: Context) -> None:
    staff = _user(admin, "medarbetare", Role.STAFF)
    page = show(qtbot, SettingsPage(staff), (1200, 800))
    assert page.save_button.isHidden() and page.probability_edits[0].isReadOnly()
    assert page.municipality_tab.save_button.isHidden()
    lex = page.kind_tabs["lexsarah"]
    assert lex.save_button.isHidden()
    assert lex.deadlines["start_within_days"].isReadOnly()
    categories = lex.lists[LEX_SARAH_CATEGORIES]
    assert categories.new_value.isHidden() and not categories.remove_button.isEnabled()
    for table in (page.references_tab, page.departments_tab):
        assert table.new_button.isHidden()
        table.table.selectRow(0)
        assert table.edit_button.text() == "&Visa…"
        press(qtbot, table, "Visa…")
        dialog = table.dialog
        assert dialog is not None and dialog.read_only
        assert dialog.save_button.isHidden()
        assert all(e.isReadOnly() for e in dialog.findChildren(QLineEdit))
        dialog.close()


# --- nothing typed is lost -----------------------------------------------------------------------


def test_unsaved_municipality_edits_are_offered_back(
    qtbot: QtBot, admin: Context, answers: SimpleNamespace
) -> None:
    first = show(qtbot, SettingsPage(admin), (1200, 800))
    tab = first.municipality_tab
    tab.org_number.setText("212000-01")
    assert tab.autosaver is not None and tab.autosaver.save_now()
    first.close()

    answers.queue.append(QMessageBox.StandardButton.Yes)
    second = show(qtbot, SettingsPage(admin), (1200, 800))
    _open_tab(second, "Kommunen")
    qtbot.waitUntil(lambda: bool(answers.asked))
    assert "osparade ändringar" in answers.asked[0]
    assert second.municipality_tab.org_number.text() == "212000-01"
    assert second.municipality_tab.is_dirty()


def test_reference_dialog_keeps_a_draft(
    qtbot: QtBot, page: SettingsPage, answers: SimpleNamespace
) -> None:
    press(qtbot, page.references_tab, "Ny hänvisning…")
    dialog = page.references_tab.dialog
    assert isinstance(dialog, ReferenceDialog)
    type_into(qtbot, dialog.title_edit, "Halvfärdig")
    assert dialog.autosaver is not None and dialog.autosaver.save_now()
    dialog.done(0)  # as if the program stopped: the draft stays

    answers.queue.append(QMessageBox.StandardButton.Yes)
    press(qtbot, page.references_tab, "Ny hänvisning…")
    again = page.references_tab.dialog
    assert isinstance(again, ReferenceDialog) and again is not dialog
    assert again.title_edit.text() == "Halvfärdig"


# --- the forms' date input is the editors' DateField ---------------------------------------------


def test_form_date_input_is_the_shared_date_field(qtbot: QtBot) -> None:
    stamp = DateInput(with_time=True)
    qtbot.addWidget(stamp)
    assert isinstance(stamp, DateField)
    stamp.set_text("2026-03-04 09:30")
    assert stamp.date() == date(2026, 3, 4)
    stamp._pick()
    assert stamp._calendar is not None
    stamp._calendar.clicked.emit(QDate(2026, 3, 9))
    assert stamp.text() == "2026-03-09 09:30"  # the time is kept
    plain = DateInput()
    qtbot.addWidget(plain)
    plain.set_text("20260309")
    plain.edit.editingFinished.emit()
    assert plain.text() == "2026-03-09"
    plain.set_text("2026-13")
    with pytest.raises(ValueError):
        plain.date()


def test_ctrl_s_saves_the_tab_shown(qtbot: QtBot, page: SettingsPage, admin: Context) -> None:
    _open_tab(page, "Lex Sarah")
    page.kind_tabs["lexsarah"].deadlines["remind_days_before"].setValue(5)
    page.municipality_tab.name.setText("Ändrad men inte sparad")
    activate(qtbot, page)
    qtbot.keyClick(page.kind_tabs["lexsarah"].deadlines["remind_days_before"], Qt.Key.Key_S, CTRL)
    assert lexsarah.deadline_rules(admin).remind_days_before == 5
    assert organisation.municipality(admin).name == "Exempelå kommun"


def test_a_value_typed_but_not_added_is_not_dropped(page: SettingsPage, admin: Context) -> None:
    causes = page.kind_tabs["lexsarah"].lists[CAUSE_AREAS]
    causes.new_value.setText("arbetsmiljö")
    assert page.kind_tabs["lexsarah"].save() is False
    assert "”arbetsmiljö” är inte tillagt" in causes.error.text()
    assert causes.new_value.text() == "arbetsmiljö"
    assert "arbetsmiljö" not in forms.editable_lists(admin)[CAUSE_AREAS]


def test_the_list_buttons_say_which_list_they_act_on(page: SettingsPage) -> None:
    tab = page.kind_tabs["lexsarah"]
    names = [b.accessibleName() for b in tab.findChildren(QPushButton)]
    assert len(names) == len(set(names))
    for title in ("Kategorier", "Orsaksområden"):
        for action in ("Lägg till", "Byt namn", "Ta bort", "Flytta upp", "Flytta ned"):
            assert f"{action} – {title}" in names
