"""Pick an individual's pseudonymous code from a unit's register, or type a new one.

A reusable field for every editor that names individuals (risk analyses, avvikelser, lex
Sarah, förändringar i insatser): the unit's register fills the list, and what is typed is
kept as it is (the service checks it, so a personnummer is refused at the field)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.individuals import IndividualInput, normal_code
from kvalitet_desktop.domain.organisation import valid_individual_code
from kvalitet_desktop.services import individuals
from kvalitet_desktop.services.context import Context


class IndividualPicker(QComboBox):
    """An editable combo of the codes in ``unit_id``'s register (with their insats)."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = self.lineEdit()
        assert edit is not None  # an editable combo has one
        edit.setPlaceholderText(self.tr("Kod, till exempel SOL-07"))
        edit.setMaxLength(20)
        completer = self.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.unit_id: str | None = None
        self.entries: list[individuals.RegisterEntry] = []
        # A chosen entry reads as its code alone: the insats is only a help in the list (and
        # the whole label would not fit the code's length limit).
        self.currentIndexChanged.connect(self._show_code)

    def _show_code(self, index: int) -> None:
        code = self.itemData(index) if index >= 0 else None
        if isinstance(code, str) and self.currentText() != code:
            self.setEditText(code)

    def set_unit(self, unit_id: str | None) -> None:
        """Offer the register of ``unit_id``; the text typed so far stays."""
        typed = self.code()
        self.unit_id = unit_id
        try:
            self.entries = individuals.register(self.ctx, unit_id) if unit_id else []
        except KvalitetError:
            self.entries = []  # a unit the user does not work in: type the code
        self.blockSignals(True)
        self.clear()
        for entry in self.entries:
            label = f"{entry.code} – {entry.insats}" if entry.insats else entry.code
            self.addItem(label, entry.code)
        self.setCurrentIndex(-1)
        self.setEditText(typed)
        self.blockSignals(False)

    def code(self) -> str:
        """The code chosen or typed (a chosen entry's code, without its insats)."""
        text = self.currentText().strip()
        upper = text.upper()
        for entry in self.entries:
            if upper.startswith(f"{entry.code} – ") or upper == entry.code:
                return entry.code
        return text

    def set_code(self, code: str | None) -> None:
        self.setEditText(code or "")

    def entry(self) -> individuals.RegisterEntry | None:
        code = self.code().upper()
        return next((e for e in self.entries if e.code == code), None)


def _tr(text: str) -> str:
    return QCoreApplication.translate("IndividualCodeField", text)


class _LastCodeCompleter(QCompleter):
    """Completes the last of a comma-separated list of codes, keeping those before it."""

    def __init__(self, codes: list[str], edit: QLineEdit) -> None:
        super().__init__(codes, edit)
        self._edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        chosen = str(index.data())
        before = self._edit.text().rsplit(",", 1)[0] if "," in self._edit.text() else ""
        return f"{before}, {chosen}" if before else chosen


class IndividualCodeField(QWidget):
    """A code (or, with ``multiple``, a comma-separated list of codes) picked from the chosen
    unit's register, checked against it as the user types.

    A code that is not in the register is refused at the field: the register is the one list
    of whom the unit serves, so a mistyped code must not become a new person. Those who keep
    the register (``individuals.may_administer``) are offered "Lägg till i registret" right
    there; others are told to pick from the list or ask their unit manager. Codes the record
    already held when it was opened (``set_codes``) and the ``specials`` ("flera", "okänd")
    are always accepted, so older records still open and save."""

    changed = Signal()

    def __init__(
        self,
        ctx: Context,
        name: str,
        *,
        multiple: bool = False,
        specials: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.multiple = multiple
        self.specials = specials
        self.unit_id: str | None = None
        self.entries: list[individuals.RegisterEntry] = []
        self.kept: set[str] = set()
        self.checked = False  # False when the register could not be read (no unit, no access)
        self.picker: IndividualPicker | None = None
        self.edit: QLineEdit
        if multiple:
            self.edit = QLineEdit()
            self.edit.setPlaceholderText(_tr("Koder, åtskilda med komma"))
            self.edit.textChanged.connect(self._typed)
            self.input: QWidget = self.edit
        else:
            self.picker = IndividualPicker(ctx)
            edit = self.picker.lineEdit()
            assert edit is not None  # the picker is editable
            self.edit = edit
            self.picker.editTextChanged.connect(self._typed)
            self.picker.currentIndexChanged.connect(self._typed)
            self.input = self.picker
        self.add_button = QPushButton(_tr("Lägg till i registret"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_to_register)
        self.add_button.setVisible(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a3b00;")
        self.note.setVisible(False)
        self.rename(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.input, 1)
        line.addWidget(self.add_button)
        layout.addLayout(line)
        layout.addWidget(self.note)
        self.setFocusProxy(self.input)

    def rename(self, name: str) -> None:
        """The accessible names of the field's input, button and note after ``name``."""
        self.input.setAccessibleName(name)
        self.add_button.setAccessibleName(_tr("Lägg till {name} i registret").format(name=name))
        self.note.setAccessibleName(_tr("{name}: registret").format(name=name))

    # --- values ----------------------------------------------------------------------------

    def codes(self) -> list[str]:
        if self.picker is not None:
            code = self.picker.code()
            return [code] if code else []
        return [part.strip() for part in self.edit.text().split(",") if part.strip()]

    def code(self) -> str | None:
        codes = self.codes()
        return codes[0] if codes else None

    def text(self) -> str:
        return ", ".join(self.codes()) if self.picker is not None else self.edit.text()

    def set_codes(self, codes: list[str] | str | None, *, keep: bool = True) -> None:
        """Show stored ``codes``; with ``keep`` they are accepted though not in the register."""
        values = [codes] if isinstance(codes, str) else list(codes or [])
        values = [value.strip() for value in values if value and value.strip()]
        if keep:
            self.kept |= {_normal(value) for value in values}
        if self.picker is not None:
            self.picker.set_code(values[0] if values else "")
        else:
            self.edit.setText(", ".join(values))
        self._typed()

    def set_unit(self, unit_id: str | None) -> None:
        """Offer and check against the register of ``unit_id``; what is typed stays."""
        if unit_id == self.unit_id and unit_id is not None:
            return  # the register is read once per unit chosen, not on every edit
        self.reload(unit_id)

    def reload(self, unit_id: str | None) -> None:
        self.unit_id = unit_id
        self.entries, self.checked = [], False
        if unit_id:
            try:
                self.entries = individuals.register(self.ctx, unit_id)
                self.checked = True
            except KvalitetError:
                pass  # a unit the user does not work in: nothing to pick or check
        if self.picker is not None:
            self.picker.blockSignals(True)
            self.picker.set_unit(unit_id)
            self.picker.blockSignals(False)
        else:
            self.edit.setCompleter(_LastCodeCompleter([e.code for e in self.entries], self.edit))
        self._typed()

    # --- the register check ------------------------------------------------------------------

    def unknown(self) -> list[str]:
        """The well-formed codes typed that are neither in the register nor accepted."""
        if not self.checked:
            return []
        accepted = {e.code for e in self.entries} | self.kept
        specials = {s.lower() for s in self.specials}
        found: list[str] = []
        for code in self.codes():
            normal = _normal(code)
            if code.lower() in specials or normal in accepted or normal in found:
                continue
            if valid_individual_code(normal):  # a malformed one gets the service's message
                found.append(normal)
        return found

    def may_add(self) -> bool:
        return self.unit_id is not None and individuals.may_administer(self.ctx, self.unit_id)

    def problem(self) -> str | None:
        """Why the field cannot be saved as it is, in words for the field, or None."""
        unknown = self.unknown()
        if not unknown:
            return None
        text = (
            _tr("Koden {codes} finns inte i enhetens register.")
            if len(unknown) == 1
            else _tr("Koderna {codes} finns inte i enhetens register.")
        ).format(codes=", ".join(unknown))
        if self.may_add():
            return text + " " + _tr("Lägg till i registret, eller välj en kod ur listan.")
        hint = (
            _tr("Välj en kod ur listan, skriv ”okänd” eller be enhetschefen lägga till personen.")
            if "okänd" in self.specials
            else _tr("Välj en kod ur listan eller be enhetschefen lägga till personen.")
        )
        return text + " " + hint

    def add_to_register(self) -> None:
        """Add the unknown codes to the unit's register (the service checks the right)."""
        if self.unit_id is None:
            return
        try:
            for code in self.unknown():
                individuals.save_individual(self.ctx, IndividualInput(code, self.unit_id))
        except KvalitetError as error:
            self.note.setText(str(error))
            self.note.setVisible(True)
            return
        typed = self.text()
        self.reload(self.unit_id)
        if self.picker is not None:
            self.picker.set_code(typed)
        self._typed()
        self.input.setFocus()

    def _typed(self) -> None:
        # A short live hint; what to do is said at the field when saving (``problem``).
        unknown = self.unknown()
        self.note.setText(
            _tr("Finns inte i enhetens register: {codes}").format(codes=", ".join(unknown))
            if unknown
            else ""
        )
        self.note.setVisible(bool(unknown))
        self.add_button.setVisible(bool(unknown) and self.may_add())
        self.changed.emit()


def _normal(code: str) -> str:
    return normal_code(code) if code.lower() not in {"flera", "okänd"} else code.lower()
