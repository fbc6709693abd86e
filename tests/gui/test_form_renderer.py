"""FormWidget: every field type from a definition, round trip, editing, conditions, errors at
the fields, accessibility and read-only."""

from __future__ import annotations

import tomllib
import uuid
from datetime import date
from typing import Any

import pytest
from helpers import activate, choose, click, find_by_name, press, show, type_into
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.errors import FieldError
from kvalitet_desktop.domain.forms import (
    FormAnswers,
    FormDef,
    FormLookups,
    Nature,
    Provenance,
    parse_form,
    validate_answers,
)
from kvalitet_desktop.paths import shipped_dir
from kvalitet_desktop.ui.dialogs.common import ErrorLabel
from kvalitet_desktop.ui.forms import FormWidget

DEFINITION: dict[str, Any] = {
    "id": "alla_typer",
    "version": 3,
    "title": "Provformulär med alla fälttyper",
    "sections": [
        {
            "id": "grund",
            "title": "Grunduppgifter",
            "help": "Fyll i det som är känt när rapporten skrivs.",
            "fields": [
                {"id": "rubrik", "type": "text", "label": "Rubrik", "required": True},
                {
                    "id": "beskrivning",
                    "type": "longtext",
                    "label": "Beskrivning",
                    "help": "Beskriv kort vad som hände.",
                },
                {"id": "datum", "type": "date", "label": "Datum", "required": True},
                {"id": "tid", "type": "datetime", "label": "Tidpunkt"},
                {
                    "id": "typ",
                    "type": "choice",
                    "label": "Typ av händelse",
                    "options": [
                        {"value": "fall", "label": "Fallolycka"},
                        {"value": "lakemedel", "label": "Läkemedelsfel"},
                        {"value": "ovrigt", "label": "Övrigt"},
                    ],
                },
                {
                    "id": "ovrigt_text",
                    "type": "longtext",
                    "label": "Beskriv övrigt",
                    "required": True,
                    "show_if": {"field": "typ", "equals": "ovrigt"},
                },
                {
                    "id": "kategorier",
                    "type": "multichoice",
                    "label": "Kategorier",
                    "options": [{"value": "annat", "label": "Annat område"}],
                    "options_from": "kategorier",
                },
                {
                    "id": "informerad",
                    "type": "yesno",
                    "label": "Har den enskilde informerats?",
                    "required": True,
                    "motivation_when": "nej",
                },
                {
                    "id": "grad",
                    "type": "scale",
                    "label": "Allvarlighet",
                    "min": 1,
                    "max": 3,
                    "labels": ["Låg", "Mellan", "Hög"],
                },
                {"id": "ansvarig", "type": "user", "label": "Ansvarig"},
                {"id": "enhet", "type": "unit", "label": "Enhet"},
                {"id": "enskild", "type": "individual", "label": "Enskild"},
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
                    "help": "En rad per orsak.",
                    "min_rows": 1,
                    "fields": [
                        {"id": "orsak", "type": "text", "label": "Orsak", "required": True},
                        {
                            "id": "niva",
                            "type": "choice",
                            "label": "Nivå",
                            "options": ["individ", "verksamhet", "system"],
                        },
                        {"id": "upptackt", "type": "date", "label": "Upptäckt"},
                    ],
                },
            ],
        },
    ],
}

LOOKUPS = FormLookups(
    users=(("u1", "Eva Ek"), ("u2", "Örjan Åström")),
    units=(("e1", "Hemtjänst Öster"), ("e2", "Gruppbostad Källängen")),
    lists={"kategorier": ["Bemötande", "Säkerhet och trygghet"]},
    documented_by="Eva Ek, utredare",
)

FILLED = FormAnswers(
    values={
        "rubrik": "Fall i badrummet på Åkervägen",
        "beskrivning": "Den enskilde föll när duschstolen gled.\nPersonalen larmade sjuksköterska.",
        "datum": "2026-11-03",
        "tid": "2026-11-03 07:45",
        "typ": "ovrigt",
        "ovrigt_text": "Ändrad rutin för duschning, gäller även helger.",
        "kategorier": ["Säkerhet och trygghet", "annat"],
        "informerad": {"svar": "nej", "motivering": "Den gode mannen nås först på måndag."},
        "grad": 2,
        "ansvarig": "u2",
        "enhet": "e1",
        "enskild": "ÅKV-07",
        "handelse": "Duschstolen saknade gummifötter.",
        "orsaker": [
            {
                "_key": "8c1f3a52-7f41-4d0a-9d4e-2d5b1f0c9a11",
                "orsak": "Hjälpmedlet kontrollerades inte",
                "niva": "verksamhet",
                "upptackt": "2026-11-04",
            },
            {"_key": "row-2", "orsak": "För få på morgonpasset", "niva": "system"},
        ],
    },
    provenance={
        "handelse": Provenance("2026-11-05", "Intervju med undersköterska", Nature.FACT, "Eva Ek"),
        "orsaker": Provenance(
            "2026-11-06", "Analys på arbetsplatsträff", Nature.ASSESSMENT, "Eva Ek, utredare"
        ),
    },
)


@pytest.fixture
def form() -> FormDef:
    return parse_form(DEFINITION, "tests/alla_typer.toml")


def make(qtbot: QtBot, form: FormDef, **kwargs: Any) -> FormWidget:
    widget = show(qtbot, FormWidget(form, LOOKUPS, **kwargs), (1000, 800))
    activate(qtbot, widget)  # focus checks need the active window
    return widget


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its indicator (its middle may be empty width)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def error_near(widget: QWidget) -> str:
    """The text of the nearest shown error label: the closest ancestor of ``widget`` that
    holds a shown error label, and the first such label in it."""
    parent = widget.parentWidget()
    while parent is not None:
        shown = [label for label in parent.findChildren(ErrorLabel) if label.isVisible()]
        if shown:
            return shown[0].text()
        parent = parent.parentWidget()
    return ""


def tab_order(root: QWidget) -> list[QWidget]:
    """The widgets under ``root`` that take Tab focus, in focus-chain order."""
    found: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not root and widget not in found:
        if root.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


def test_answers_round_trip_for_every_field_type(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form)
    widget.set_answers(FILLED)
    answers = widget.answers()
    assert answers.values == FILLED.values
    assert answers.provenance == FILLED.provenance
    assert validate_answers(form, answers) == []
    # What the user sees.
    assert find_by_name(widget, QLineEdit, "Rubrik").text() == "Fall i badrummet på Åkervägen"
    assert find_by_name(widget, QComboBox, "Typ av händelse").currentText() == "Övrigt"
    assert find_by_name(widget, QComboBox, "Ansvarig").currentText() == "Örjan Åström"
    assert find_by_name(widget, QCheckBox, "Säkerhet och trygghet").isChecked()
    assert find_by_name(widget, QRadioButton, "2 – Mellan").isChecked()
    assert find_by_name(widget, QLineEdit, "Orsak, rad 2").text() == "För få på morgonpasset"


def test_new_form_is_empty_with_provenance_defaults(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form)
    assert widget.answers() == FormAnswers()
    handelse = widget.rows["handelse"]
    assert handelse.provenance is not None
    assert handelse.provenance.date.text() == date.today().isoformat()
    assert handelse.provenance.by.text() == "Eva Ek, utredare"
    type_into(qtbot, find_by_name(widget, QPlainTextEdit, "Händelsen"), "Stolen gled")
    # Neither fact nor assessment is chosen for the user, so there is no provenance yet.
    assert widget.answers().provenance == {}
    type_into(qtbot, find_by_name(handelse, QLineEdit, "Källa"), "Samtal med sjuksköterska")
    click(qtbot, find_by_name(handelse, QRadioButton, "Bedömning"))
    assert widget.answers().provenance["handelse"] == Provenance(
        date.today().isoformat(), "Samtal med sjuksköterska", Nature.ASSESSMENT, "Eva Ek, utredare"
    )


def test_keyboard_and_mouse_editing(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form)
    edits: list[None] = []
    widget.changed.connect(lambda: edits.append(None))

    type_into(qtbot, find_by_name(widget, QLineEdit, "Rubrik"), "Fall på Ängsgården")
    type_into(qtbot, find_by_name(widget, QLineEdit, "Datum"), "20261103")
    find_by_name(widget, QLineEdit, "Datum").editingFinished.emit()  # as when leaving it
    choose(find_by_name(widget, QComboBox, "Typ av händelse"), "Läkemedelsfel")
    choose(find_by_name(widget, QComboBox, "Enhet"), "Gruppbostad Källängen")
    tick(qtbot, find_by_name(widget, QCheckBox, "Bemötande"))

    informerad = widget.editor("informerad")
    motivation = find_by_name(informerad, QPlainTextEdit, "Motivering")
    click(qtbot, find_by_name(informerad, QRadioButton, "Ja"))
    assert not motivation.isVisible()  # only "nej" needs a motivation
    click(qtbot, find_by_name(informerad, QRadioButton, "Nej"))
    assert motivation.isVisible()
    type_into(qtbot, motivation, "Går inte att nå närstående")

    click(qtbot, find_by_name(widget, QRadioButton, "3 – Hög"))
    click(qtbot, find_by_name(widget, QPushButton, "Flera"))

    press(qtbot, widget, "Lägg till rad")
    cell = find_by_name(widget, QLineEdit, "Orsak, rad 1")
    assert cell.hasFocus()
    type_into(qtbot, cell, "Dosetten var fel ifylld")

    values = widget.answers().values
    assert values["rubrik"] == "Fall på Ängsgården"
    assert values["datum"] == "2026-11-03"
    assert values["typ"] == "lakemedel"
    assert values["enhet"] == "e2"
    assert values["kategorier"] == ["Bemötande"]
    assert values["informerad"] == {"svar": "nej", "motivering": "Går inte att nå närstående"}
    assert values["grad"] == 3
    assert values["enskild"] == "flera"
    (row,) = values["orsaker"]
    assert row["orsak"] == "Dosetten var fel ifylld"
    assert uuid.UUID(row["_key"]).version == 4
    assert edits  # every edit says so


def test_group_rows_keep_their_key_and_unknown_data(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form)
    widget.set_answers(
        FormAnswers({"orsaker": [{"_key": "k-1", "orsak": "Rutin saknas", "atgard_id": "m7"}]})
    )
    press(qtbot, widget, "Lägg till rad")
    type_into(qtbot, find_by_name(widget, QLineEdit, "Orsak, rad 2"), "Stress")
    press(qtbot, widget, "Ta bort rad 1")
    (row,) = widget.answers().values["orsaker"]
    assert row["orsak"] == "Stress"
    assert row["_key"] != "k-1"
    assert find_by_name(widget, QLineEdit, "Orsak, rad 1").text() == "Stress"

    widget.set_answers(
        FormAnswers({"orsaker": [{"_key": "k-1", "orsak": "Rutin saknas", "atgard_id": "m7"}]})
    )
    find_by_name(widget, QLineEdit, "Orsak, rad 1").setText("Rutinen saknas helt")
    assert widget.answers().values["orsaker"] == [
        {"_key": "k-1", "orsak": "Rutinen saknas helt", "atgard_id": "m7"}
    ]


def test_new_rows_follow_the_form_in_the_tab_order(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form)
    press(qtbot, widget, "Lägg till rad")
    press(qtbot, widget, "Lägg till rad")
    order = tab_order(widget)
    handelse = find_by_name(widget, QPlainTextEdit, "Händelsen")
    first = find_by_name(widget, QLineEdit, "Orsak, rad 1")
    second = find_by_name(widget, QLineEdit, "Orsak, rad 2")
    add = find_by_name(widget, QPushButton, "Lägg till rad")
    indexes = [order.index(w) for w in (handelse, first, second, add)]
    assert indexes == sorted(indexes)


def test_conditional_field_shows_and_hides_without_losing_text(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form)
    kind = find_by_name(widget, QComboBox, "Typ av händelse")
    other = widget.rows["ovrigt_text"]
    assert not other.isVisible()
    choose(kind, "Övrigt")
    assert other.isVisible()
    type_into(qtbot, find_by_name(widget, QPlainTextEdit, "Beskriv övrigt"), "Brand i köket")
    assert widget.answers().values["ovrigt_text"] == "Brand i köket"

    choose(kind, "Fallolycka")
    assert not other.isVisible()
    assert "ovrigt_text" not in widget.answers().values
    assert validate_answers(form, widget.answers(), require_complete=False) == []

    choose(kind, "Övrigt")
    assert widget.answers().values["ovrigt_text"] == "Brand i köket"


def test_errors_are_shown_at_their_fields_and_keep_the_text(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form)
    widget.set_answers(
        FormAnswers(
            {
                "datum": "3/11 2026",
                "informerad": {"svar": "nej", "motivering": ""},
                "handelse": "Stolen gled",
                "orsaker": [{"_key": "k1", "niva": "system"}],
            }
        )
    )
    type_into(qtbot, find_by_name(widget, QLineEdit, "Enskild"), "19121212-1212")
    errors = validate_answers(form, widget.answers())
    errors.append(FieldError("okand_nyckel", "Ärendet är låst av en annan användare."))
    keys = {e.field for e in errors}
    assert {
        "rubrik",
        "datum",
        "informerad.motivering",
        "enskild",
        "handelse.provenance",
        "orsaker.0.orsak",
    } <= keys

    widget.show_errors(errors)

    by_key = {e.field: e.message for e in errors}
    assert error_near(find_by_name(widget, QLineEdit, "Rubrik")) == by_key["rubrik"]
    assert error_near(find_by_name(widget, QLineEdit, "Datum")) == by_key["datum"]
    assert "ÅÅÅÅ-MM-DD" in by_key["datum"]
    motivation = find_by_name(widget.editor("informerad"), QPlainTextEdit, "Motivering")
    assert error_near(motivation) == by_key["informerad.motivering"]
    assert error_near(find_by_name(widget, QLineEdit, "Enskild")) == by_key["enskild"]
    source = find_by_name(widget.rows["handelse"], QLineEdit, "Källa")
    assert error_near(source) == by_key["handelse.provenance"]
    assert error_near(find_by_name(widget, QLineEdit, "Orsak, rad 1")) == by_key["orsaker.0.orsak"]
    assert widget.banner.text() == "Ärendet är låst av en annan användare."
    assert widget.shown_errors()["rubrik"] == [by_key["rubrik"]]
    # The first field in the form has the focus; nothing typed was cleared.
    assert find_by_name(widget, QLineEdit, "Rubrik").hasFocus()
    assert find_by_name(widget, QLineEdit, "Enskild").text() == "19121212-1212"
    assert find_by_name(widget, QLineEdit, "Datum").text() == "3/11 2026"

    widget.clear_errors()
    assert not [label for label in widget.findChildren(ErrorLabel) if label.isVisible()]


def test_show_errors_scrolls_to_a_field_far_down(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form)
    widget.resize(1000, 400)
    widget.show_errors([FieldError("orsaker", "Orsaker: minst 1 rad(er) behövs.")])
    add = find_by_name(widget, QPushButton, "Lägg till rad")
    qtbot.waitUntil(lambda: widget.scroll_area.verticalScrollBar().value() > 0)
    assert add.hasFocus()
    assert error_near(add) == "Orsaker: minst 1 rad(er) behövs."
    widget.focus_field("rubrik")
    assert find_by_name(widget, QLineEdit, "Rubrik").hasFocus()


def test_labels_names_help_and_required_marks(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form)
    title = find_by_name(widget, QLineEdit, "Rubrik")
    label = widget.rows["rubrik"].label
    assert label.text() == "Rubrik *"
    assert label.buddy() is title
    assert "obligatoriskt" in title.accessibleDescription()
    assert (
        "obligatoriskt" not in find_by_name(widget, QComboBox, "Ansvarig").accessibleDescription()
    )
    help_label = widget.rows["beskrivning"].help
    assert help_label is not None and help_label.isVisible()
    assert help_label.text() == "Beskriv kort vad som hände."
    individual = widget.rows["enskild"].help
    assert individual is not None and "aldrig personnummer" in individual.text()
    texts = [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    assert "Grunduppgifter" in texts
    assert "Fyll i det som är känt när rapporten skrivs." in texts
    for field_id, name in (
        ("rubrik", "Rubrik"),
        ("beskrivning", "Beskrivning"),
        ("tid", "Tidpunkt"),
        ("typ", "Typ av händelse"),
        ("ansvarig", "Ansvarig"),
        ("enskild", "Enskild"),
    ):
        row = widget.rows[field_id]
        assert row.label.buddy() is not None
        assert row.label.buddy().accessibleName() == name
        assert row.label.text().rstrip(" *") == name
    # A text area moves focus on Tab rather than inserting a tab character.
    assert find_by_name(widget, QPlainTextEdit, "Beskrivning").tabChangesFocus()


def test_read_only_form_cannot_be_edited(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form, read_only=True)
    widget.set_answers(FILLED)
    assert find_by_name(widget, QLineEdit, "Rubrik").isReadOnly()
    assert find_by_name(widget, QPlainTextEdit, "Beskrivning").isReadOnly()
    assert not find_by_name(widget, QComboBox, "Typ av händelse").isEnabled()
    assert not find_by_name(widget, QRadioButton, "2 – Mellan").isEnabled()
    assert not find_by_name(widget, QCheckBox, "Bemötande").isEnabled()
    assert not find_by_name(widget, QPushButton, "Lägg till rad").isEnabled()
    assert not find_by_name(widget, QPushButton, "Ta bort rad 1").isEnabled()
    assert find_by_name(widget, QLineEdit, "Orsak, rad 1").isReadOnly()
    assert find_by_name(widget.rows["handelse"], QLineEdit, "Källa").isReadOnly()
    assert widget.answers().values == FILLED.values


def test_unknown_stored_values_are_kept(qtbot: QtBot, form: FormDef) -> None:
    widget = make(qtbot, form)
    stored = FormAnswers(
        {
            "ansvarig": "borttagen-användare",
            "typ": "gammal_typ",
            "kategorier": ["Utgången kategori"],
            "fran_version_2": "något som inte finns i formuläret nu",
        }
    )
    widget.set_answers(stored)
    assert widget.answers().values == stored.values
    assert "borttagen-användare" in find_by_name(widget, QComboBox, "Ansvarig").currentText()


def test_shipped_utredning_renders(qtbot: QtBot) -> None:
    path = shipped_dir("forms") / "lex_sarah_utredning.toml"
    if not path.exists():
        pytest.skip("the shipped form is not there yet")
    form = parse_form(tomllib.loads(path.read_text("utf-8")), str(path))
    widget = make(qtbot, form)
    assert set(widget.rows) == {f.id for _, f in form.fields()}
    assert widget.answers() == FormAnswers()
