"""Organisation (administrators): kommun → nämnd → verksamhetsområde → enhet, and the users."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import KvalitetError, ValidationFailed
from kvalitet_desktop.domain.roles import ALL_UNITS, Role
from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.organisation import UnitInfo, UserInfo, UserInput
from kvalitet_desktop.ui.dialogs.common import (
    ErrorLabel,
    add_field,
    clear_field_errors,
    show_error,
    show_field_errors,
)
from kvalitet_desktop.ui.operations import run_in_background, show_failure

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
INACTIVE_COLOUR = QColor("#6a6a6a")


class NameDialog(QDialog):
    """Asks for one name and hands it to ``save``; errors are shown under the field."""

    def __init__(
        self,
        title: str,
        label: str,
        save: Callable[[str], Any],
        initial: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        self.result_value: Any = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(initial)
        self.name.setMinimumWidth(320)
        self.name.selectAll()
        self.error = add_field(form, label, self.name)
        assert self.error is not None
        layout.addLayout(form)
        self.general_error = ErrorLabel()
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Spara"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        assert self.error is not None
        clear_field_errors({"name": self.error}, self.general_error)
        if not self.name.text().strip():
            self.error.show_messages([self.tr("Ange ett namn.")])
            self.name.setFocus()
            return
        try:
            self.result_value = self._save(self.name.text().strip())
        except ValidationFailed as exc:
            show_field_errors(exc, {"name": self.error}, self.general_error)
            return
        except KvalitetError as exc:
            self.general_error.show_messages([str(exc)])
            return
        super().accept()


class UserDialog(QDialog):
    """Ny användare / Ändra användare: login, name, title, roles, units, active."""

    def __init__(
        self,
        ctx: Context,
        units: Sequence[UnitInfo],
        user: UserInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.saved_id: str | None = None
        self.setWindowTitle(self.tr("Ändra användare") if user else self.tr("Ny användare"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.login = QLineEdit(user.login if user else "")
        self.login.setPlaceholderText(self.tr("t.ex. marta.ek"))
        self.name = QLineEdit(user.name if user else "")
        self.title = QLineEdit((user.title or "") if user else "")
        self.errors: dict[str, ErrorLabel] = {}
        for key, label, field in (
            ("login", self.tr("&Inloggning:"), self.login),
            ("name", self.tr("&Namn:"), self.name),
            ("title", self.tr("&Titel:"), self.title),
        ):
            error = add_field(form, label, field)
            assert error is not None
            self.errors[key] = error
        layout.addLayout(form)

        roles_box = QGroupBox(self.tr("Roller"))
        roles_layout = QVBoxLayout(roles_box)
        self.role_checks: dict[Role, QCheckBox] = {}
        for role in Role:
            check = QCheckBox(role.label)
            check.setAccessibleName(role.label)
            check.setChecked(bool(user and role in user.roles))
            roles_layout.addWidget(check)
            self.role_checks[role] = check
        self.errors["roles"] = ErrorLabel()
        roles_layout.addWidget(self.errors["roles"])
        roles_layout.addStretch(1)

        units_box = QGroupBox(self.tr("Enheter"))
        units_layout = QVBoxLayout(units_box)
        hint = QLabel(self.tr("Kvalitetssamordnare och administratörer ser alla enheter."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        units_layout.addWidget(hint)
        self.unit_list = QListWidget()
        self.unit_list.setAccessibleName(self.tr("Enheter"))
        chosen = set(user.unit_ids) if user else set()
        for unit in units:
            item = QListWidgetItem(f"{unit.name} ({unit.area})")
            item.setData(ID_ROLE, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if unit.id in chosen else Qt.CheckState.Unchecked
            )
            self.unit_list.addItem(item)
        units_layout.addWidget(self.unit_list)
        self.errors["unit_ids"] = ErrorLabel()
        units_layout.addWidget(self.errors["unit_ids"])

        boxes = QHBoxLayout()
        boxes.addWidget(roles_box)
        boxes.addWidget(units_box, 1)
        layout.addLayout(boxes)

        self.password: QLineEdit | None = None
        self.password_again: QLineEdit | None = None
        if user is None:
            from kvalitet_desktop.ui.dialogs.passwords import password_field, rule_text

            password_form = QFormLayout()
            rules = QLabel(
                self.tr("Tillfälligt lösenord, som användaren byter vid första inloggningen. ")
                + rule_text()
            )
            rules.setWordWrap(True)
            password_form.addRow(rules)
            self.password = password_field(self.tr("Tillfälligt lösenord"))
            self.password_again = password_field(self.tr("Upprepa lösenordet"))
            for key, label, field in (
                ("password", self.tr("Tillfälligt &lösenord:"), self.password),
                ("password_again", self.tr("&Upprepa lösenordet:"), self.password_again),
            ):
                error = add_field(password_form, label, field)
                assert error is not None
                self.errors[key] = error
            layout.addLayout(password_form)

        self.active = QCheckBox(self.tr("&Aktiv (kan logga in)"))
        self.active.setAccessibleName(self.tr("Aktiv"))
        self.active.setChecked(user.active if user else True)
        layout.addWidget(self.active)

        self.general_error = ErrorLabel()
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(self.tr("&Spara"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def user_input(self) -> UserInput:
        return UserInput(
            login=self.login.text().strip(),
            name=self.name.text().strip(),
            title=self.title.text().strip() or None,
            roles=[role for role, check in self.role_checks.items() if check.isChecked()],
            unit_ids=[
                str(self.unit_list.item(i).data(ID_ROLE))
                for i in range(self.unit_list.count())
                if self.unit_list.item(i).checkState() == Qt.CheckState.Checked
            ],
            active=self.active.isChecked(),
        )

    def accept(self) -> None:
        """Saved off the UI thread: a new account's password is hashed with Argon2id, which
        takes a noticeable moment on purpose."""
        clear_field_errors(self.errors, self.general_error)
        ctx, data = self.ctx, self.user_input()
        user_id = self.user.id if self.user else None
        password = self.password.text() if self.password else None
        again = self.password_again.text() if self.password_again else None
        run_in_background(
            self,
            lambda: accounts.save_account(ctx, data, user_id, password, again),
            self._saved,
            self._refused,
            busy_text=self.tr("Sparar användaren…"),
        )

    def _saved(self, user_id: str) -> None:
        self.saved_id = user_id
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            show_field_errors(exc, self.errors, self.general_error)
        elif isinstance(exc, KvalitetError):
            self.general_error.show_messages([str(exc)])
        else:
            show_failure(self, exc)


class OrganisationView(QWidget):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.users: list[UserInfo] = []

        splitter = QSplitter()
        splitter.addWidget(self._build_tree_side())
        splitter.addWidget(self._build_users_side())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([330, 750])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.reload()

    def show_place(self, place: str) -> None:
        """ "units": the organisation tree; "users": the users (from "Kom igång")."""
        widget = {"units": self.tree, "users": self.user_table}.get(place)
        if widget is not None:
            widget.setFocus()

    # --- building ------------------------------------------------------------------------

    def _build_tree_side(self) -> QWidget:
        box = QGroupBox(self.tr("Organisation"))
        layout = QVBoxLayout(box)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Organisation"))
        self.tree.setHeaderHidden(True)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemActivated.connect(lambda *_: self.rename_selected())
        layout.addWidget(self.tree)
        buttons = QGridLayout()
        self.add_board_button = self._button(self.tr("Ny &nämnd"), self.add_board)
        self.add_area_button = self._button(self.tr("Nytt verksamhets&område"), self.add_area)
        self.add_unit_button = self._button(self.tr("Ny &enhet"), self.add_unit)
        self.rename_button = self._button(self.tr("&Byt namn"), self.rename_selected)
        buttons.addWidget(self.add_board_button, 0, 0)
        buttons.addWidget(self.add_area_button, 0, 1)
        buttons.addWidget(self.add_unit_button, 1, 0)
        buttons.addWidget(self.rename_button, 1, 1)
        buttons.setColumnStretch(2, 1)
        layout.addLayout(buttons)
        return box

    def _build_users_side(self) -> QWidget:
        box = QGroupBox(self.tr("Användare"))
        layout = QVBoxLayout(box)
        columns = [
            self.tr("Inloggning"),
            self.tr("Namn"),
            self.tr("Titel"),
            self.tr("Roller"),
            self.tr("Enheter"),
            self.tr("Aktiv"),
            self.tr("Lösenord"),
        ]
        self.user_table = QTableWidget(0, len(columns))
        self.user_table.setAccessibleName(self.tr("Användare"))
        self.user_table.setHorizontalHeaderLabels(columns)
        self.user_table.verticalHeader().hide()
        self.user_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.user_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.user_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.user_table.setAlternatingRowColors(True)
        self.user_table.setTabKeyNavigation(False)
        self.user_table.setWordWrap(False)
        header = self.user_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((90, 130, 110, 120, 160, 50, 80)):
            self.user_table.setColumnWidth(column, width)
        self.user_table.activated.connect(self._user_activated)
        self.user_table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.user_table)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.new_user_button = self._button(self.tr("N&y användare"), self.new_user)
        self.edit_user_button = self._button(self.tr("Än&dra"), self.edit_selected_user)
        self.reset_password_button = self._button(
            self.tr("Nytt &lösenord…"), self.reset_selected_password
        )
        self.reset_password_button.setAccessibleName(self.tr("Nytt lösenord för vald användare"))
        buttons.addWidget(self.new_user_button)
        buttons.addWidget(self.edit_user_button)
        buttons.addWidget(self.reset_password_button)
        layout.addLayout(buttons)
        return box

    def _button(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- loading -------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        self._fill_tree(select)
        self._fill_users()
        self._update_buttons()

    def activate(self) -> None:
        self.reload(self._selected()[1])

    def _fill_tree(self, select: str | None) -> None:
        self.tree.clear()
        root = QTreeWidgetItem([organisation.municipality(self.ctx).name])
        root.setData(0, KIND_ROLE, "municipality")
        self.tree.addTopLevelItem(root)
        target: QTreeWidgetItem | None = None
        for board in organisation.organisation_tree(self.ctx):
            board_item = self._tree_item(root, "board", board.id, board.name)
            target = board_item if board.id == select else target
            for area in board.areas:
                area_item = self._tree_item(board_item, "area", area.id, area.name)
                target = area_item if area.id == select else target
                for unit in area.units:
                    unit_item = self._tree_item(area_item, "unit", unit.id, unit.name)
                    target = unit_item if unit.id == select else target
        self.tree.expandAll()
        self.tree.setCurrentItem(target or root)

    def _tree_item(
        self, parent: QTreeWidgetItem, kind: str, record_id: str, name: str
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [name])
        item.setData(0, KIND_ROLE, kind)
        item.setData(0, ID_ROLE, record_id)
        return item

    def _fill_users(self) -> None:
        self.users = organisation.list_users(self.ctx)
        can_log_in = accounts.has_password(self.ctx)
        table = self.user_table
        table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            cells = (
                user.login,
                user.name,
                user.title or "",
                ", ".join(role.label for role in user.roles),
                ", ".join(user.units) or self._no_units_text(user),
                self.tr("Ja") if user.active else self.tr("Nej"),
                self.tr("Satt") if can_log_in.get(user.login) else self.tr("Saknas"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not user.active:
                    item.setForeground(INACTIVE_COLOUR)
                table.setItem(row, column, item)

    def _no_units_text(self, user: UserInfo) -> str:
        if registry.permission_table().allows(user.roles, ALL_UNITS):
            return self.tr("Alla (genom rollen)")
        return "–"

    # --- selection -----------------------------------------------------------------------

    def _selected(self) -> tuple[str | None, str | None]:
        item = self.tree.currentItem()
        if item is None:
            return None, None
        return item.data(0, KIND_ROLE), item.data(0, ID_ROLE)

    def _selected_ancestor(self, kind: str) -> str | None:
        item = self.tree.currentItem()
        while item is not None:
            if item.data(0, KIND_ROLE) == kind:
                return str(item.data(0, ID_ROLE))
            item = item.parent()
        return None

    def _update_buttons(self) -> None:
        kind, _ = self._selected()
        self.add_area_button.setEnabled(self._selected_ancestor("board") is not None)
        self.add_unit_button.setEnabled(self._selected_ancestor("area") is not None)
        self.rename_button.setEnabled(kind in ("board", "area", "unit"))
        self.edit_user_button.setEnabled(bool(self.user_table.selectedItems()))
        self.reset_password_button.setEnabled(bool(self.user_table.selectedItems()))

    # --- organisation actions ------------------------------------------------------------

    def _ask_name(
        self, title: str, label: str, save: Callable[[str], Any], initial: str = ""
    ) -> Any:
        dialog = NameDialog(title, label, save, initial, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_value
        return None

    def add_board(self) -> None:
        new_id = self._ask_name(
            self.tr("Ny nämnd"),
            self.tr("&Nämndens namn:"),
            lambda name: organisation.add_board(self.ctx, name),
        )
        if new_id:
            self.reload(new_id)

    def add_area(self) -> None:
        board_id = self._selected_ancestor("board")
        if board_id is None:
            return
        new_id = self._ask_name(
            self.tr("Nytt verksamhetsområde"),
            self.tr("&Verksamhetsområdets namn:"),
            lambda name: organisation.add_area(self.ctx, board_id, name),
        )
        if new_id:
            self.reload(new_id)

    def add_unit(self) -> None:
        area_id = self._selected_ancestor("area")
        if area_id is None:
            return
        new_id = self._ask_name(
            self.tr("Ny enhet"),
            self.tr("&Enhetens namn:"),
            lambda name: organisation.add_unit(self.ctx, area_id, name),
        )
        if new_id:
            self.reload(new_id)

    def rename_selected(self) -> None:
        kind, record_id = self._selected()
        item = self.tree.currentItem()
        if kind not in ("board", "area", "unit") or record_id is None or item is None:
            return

        def save(name: str) -> bool:
            organisation.rename(self.ctx, kind, record_id, name)
            return True

        if self._ask_name(self.tr("Byt namn"), self.tr("&Nytt namn:"), save, item.text(0)):
            self.reload(record_id)

    # --- user actions --------------------------------------------------------------------

    def _user_activated(self, index: QModelIndex) -> None:
        self.edit_user(index.row())

    def new_user(self) -> None:
        self._open_user_dialog(None)

    def edit_selected_user(self) -> None:
        rows = self.user_table.selectionModel().selectedRows()
        if rows:
            self.edit_user(rows[0].row())

    def edit_user(self, row: int) -> None:
        if 0 <= row < len(self.users):
            self._open_user_dialog(self.users[row])

    def _open_user_dialog(self, user: UserInfo | None) -> None:
        try:
            units = organisation.units(self.ctx, only_visible=False)
        except KvalitetError as exc:
            show_error(self, exc)
            return
        dialog = UserDialog(self.ctx, units, user, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._fill_users()
            self._select_user(dialog.saved_id)

    def reset_selected_password(self) -> None:
        from kvalitet_desktop.ui.dialogs.passwords import ResetPasswordDialog

        rows = self.user_table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.users):
            return
        user = self.users[rows[0].row()]
        dialog = ResetPasswordDialog(self.ctx, user.id, user.name, self)
        dialog.submitted.connect(lambda _r: self._fill_users())
        dialog.open()

    def _select_user(self, user_id: str | None) -> None:
        for row, user in enumerate(self.users):
            if user.id == user_id:
                self.user_table.selectRow(row)
                return

    def user_dialog(self, user: UserInfo | None) -> UserDialog:
        """The dialog ``new_user``/``edit_user`` would open (for tests and reuse)."""
        return UserDialog(self.ctx, organisation.units(self.ctx, only_visible=False), user, self)
