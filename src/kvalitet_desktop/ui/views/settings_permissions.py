"""Behörigheter: the role × action table as the services apply it, read-only, so that an
administrator can see what each role may do. Rows are actions under their record kind's (or
"Administration"'s) heading, columns roles; ✓ where the role may, – where it may not."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop import registry
from kvalitet_desktop.domain.roles import Action, Role
from kvalitet_desktop.ui.views.settings_tab import note_label

ALLOWED, REFUSED = "✓", "–"
_GROUP_CONTEXTS = ("RecordKind", "Permissions")


def _tr(text: str) -> str:
    return QCoreApplication.translate("PermissionsTab", text)


def _translated(text: str) -> str:
    """A label marked below the UI, in the context it was marked in."""
    for context in _GROUP_CONTEXTS:
        found = QCoreApplication.translate(context, text)
        if found != text:
            return found
    return text


class PermissionsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        table = registry.permission_table()
        roles = list(Role)
        intro = QLabel(
            _tr(
                "Vad varje roll får göra i programmet. Tabellen gäller överallt: i fönstren, "
                "på kommandoraden och i rapporterna. Utan ”Se och arbeta med alla enheters "
                "poster” ser en användare bara sina egna enheters poster. Den som har flera "
                "roller får allt som någon av dem ger."
            )
        )
        intro.setWordWrap(True)

        self.table = QTableWidget(0, len(roles))
        self.table.setAccessibleName(_tr("Behörigheter per roll"))
        self.table.setAccessibleDescription(
            _tr("Rader: vad man kan göra. Kolumner: roller. Bock: rollen får, streck: får inte.")
        )
        self.table.setHorizontalHeaderLabels([role.label for role in roles])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        labels: list[str] = []
        self.rows: dict[str, int] = {}  # action key -> row
        for group in table.groups:
            row = self.table.rowCount()
            self.table.insertRow(row)
            heading = QTableWidgetItem(_translated(group.title))
            font = QFont(heading.font())
            font.setBold(True)
            heading.setFont(font)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, heading)
            self.table.setSpan(row, 0, 1, len(roles))
            labels.append("")
            for action in group.actions:
                self._add_action(action, roles)
                labels.append(_translated(action.label))
        self.table.setVerticalHeaderLabels(labels)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        for kind in registry.KINDS:
            if kind.permission_note:
                layout.addWidget(note_label(_translated(kind.permission_note)))

    def _add_action(self, action: Action, roles: list[Role]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.rows[action.key] = row
        label = _translated(action.label)
        for column, role in enumerate(roles):
            allowed = registry.permission_table().allows({role}, action)
            item = QTableWidgetItem(ALLOWED if allowed else REFUSED)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            # A screen reader says the cell in words, with its row and column.
            said = _tr("får") if allowed else _tr("får inte")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{role.label} {said}: {label.lower()}"
            )
            self.table.setItem(row, column, item)

    def cell(self, key: str, role: Role) -> str:
        """The mark shown for action ``key`` and ``role``."""
        item = self.table.item(self.rows[key], list(Role).index(role))
        return item.text() if item is not None else ""
