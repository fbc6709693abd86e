"""Åtgärd: what is done, by whom and when, what it answers to, and its follow-ups."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.common import ERROR_COLOUR
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.editor_base import EditorDialog
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    DateField,
    ErrorLabel,
    UserCombo,
    add_row,
    bare_column,
    button_row,
    enum_choices,
    error_rows,
    help_label,
    iso,
    name_widget,
    read_date,
    set_read_only,
    text_edit,
    with_service_checks,
)
from kvalitet_desktop.workflows.followups.domain import follow_up_text
from kvalitet_desktop.workflows.followups.kind import CREATE as FOLLOW_UP_CREATE
from kvalitet_desktop.workflows.followups.ui.plan_dialog import PlanDialog
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.kind import CREATE, UPDATE, VOID
from kvalitet_desktop.workflows.measures.service import LinkRef, MeasureInput, MeasureView

KIND = "atgard"


def _form_key(measure_id: str | None, links: list[LinkRef] | None = None) -> str:
    """Drafts of new measures are kept apart per thing they answer to."""
    if measure_id is not None:
        return f"{KIND}:{measure_id}"
    return ":".join([KIND, "ny", *(link.target_id for link in links or [])])


class MeasureDialog(EditorDialog):
    """Create or edit one measure. ``prefill`` fills a new one (e.g. from a risk event);
    ``link_texts`` describe its links until it is saved."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        measure_id: str | None = None,
        *,
        prefill: MeasureInput | None = None,
        link_texts: list[str] | None = None,
    ) -> None:
        # Read first: a record that is gone (or not visible) leaves no half-built dialog.
        stored = measures.get_measure(ctx, measure_id) if measure_id is not None else None
        super().__init__(parent, ctx, "editors/atgard", (780, 700))
        self.measure_id = measure_id
        self.view: MeasureView | None = None
        self._links: list[LinkRef] = list(prefill.links) if prefill else []
        self._link_texts: list[str] = list(link_texts or [])
        self._users = organisation.user_choices(ctx)
        self._build()
        self._show_follow_ups(None)
        self._show_links()
        if stored is not None:
            self.view = stored
            self._links = [LinkRef(link.kind, link.target_id) for link in self.view.links]
            self._link_texts = [link.text for link in self.view.links]
            self._show_view(self.view)
        elif prefill is not None:
            self._show_input(prefill)
        if stored is None and not self.start_on.text():
            self.start_on.set_date(date.today())  # a new measure starts today unless told
        self._update_title()
        self._apply_permissions()
        self.restore_geometry()
        self.start_autosave(_form_key(measure_id, self._links))

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.title_edit = QLineEdit()
        self.description = text_edit(5, grows=False)
        self.unit = ChoiceCombo()
        units = organisation.units(self.ctx)
        self.unit.set_choices([(self.tr("– Välj –"), None)] + [(u.name, u.id) for u in units])
        if len(units) == 1:
            self.unit.set_value(units[0].id)
        self.responsible = UserCombo(self._users)
        self.start_on = DateField()
        self.due_date = DateField()
        self.answers_to = QListWidget()
        self.answers_to.setFixedHeight(self.answers_to.fontMetrics().lineSpacing() * 3 + 12)
        self.answers_to.setWordWrap(True)
        self.answers_to.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.status = ChoiceCombo()
        self.status.set_choices(enum_choices(MeasureStatus))
        self.cancel_reason = QLineEdit()
        self.completed = QLabel()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, str, QWidget]] = [
            ("title", self.tr("&Rubrik:"), self.title_edit),
            ("description", self.tr("&Beskrivning:"), self.description),
            ("unit_id", self.tr("&Enhet:"), self.unit),
            ("responsible_id", self.tr("&Ansvarig:"), self.responsible),
            ("start_on", self.tr("Påbör&jas:"), self.start_on),
            ("due_date", self.tr("&Klart senast:"), self.due_date),
        ]
        self.errors.bind_all(error_rows(form, rows))
        add_row(form, self.tr("S&varar mot:"), self.answers_to)
        status_error = ErrorLabel()
        self.status_help = help_label("")
        self.status_help.hide()
        status_box = QWidget()
        status_column = bare_column(status_box)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addWidget(self.completed)
        status_row.addStretch(1)
        status_column.addLayout(status_row)
        status_column.addWidget(self.status_help)
        status_column.addWidget(status_error)
        status_label = QLabel(self.tr("S&tatus:"))
        status_label.setBuddy(self.status)
        self.status.setAccessibleName(self.tr("Status"))
        form.addRow(status_label, status_box)
        self.errors.bind("status", status_error, self.status)
        self.errors.bind_all(
            error_rows(
                form, [("cancel_reason", self.tr("A&nledning till avbrott:"), self.cancel_reason)]
            )
        )
        self._form = form
        self._reason_row = form.rowCount() - 1
        self.status.currentIndexChanged.connect(self._status_changed)

        follow_ups = QGroupBox(self.tr("Uppföljningar"))
        self.follow_up_table = QTableWidget(0, 3)
        self.follow_up_table.setHorizontalHeaderLabels(
            [self.tr("Planerad"), self.tr("Status"), self.tr("Effekt")]
        )
        name_widget(self.follow_up_table, self.tr("Uppföljningar"))
        self.follow_up_table.verticalHeader().hide()
        self.follow_up_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.follow_up_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.follow_up_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.follow_up_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.follow_up_table.setFixedHeight(self.follow_up_table.fontMetrics().lineSpacing() * 7)
        self.follow_up_table.doubleClicked.connect(self._open_follow_up)
        self.follow_up_empty = help_label(self.tr("Ingen uppföljning planerad ännu."))
        self.plan_button = QPushButton(self.tr("&Planera uppföljning…"))
        self.open_follow_up_button = QPushButton(self.tr("Ö&ppna uppföljningen"))
        self.plan_button.clicked.connect(self._plan_follow_up)
        self.open_follow_up_button.clicked.connect(self._open_follow_up)
        follow_layout = QVBoxLayout(follow_ups)
        follow_layout.addWidget(self.follow_up_table)
        follow_layout.addWidget(self.follow_up_empty)
        follow_layout.addLayout(button_row([self.plan_button, self.open_follow_up_button], []))

        self.archive_button = QPushButton(self.tr("&Makulera…"))
        self.archive_button.clicked.connect(self._archive)
        buttons = self.editor_buttons(KIND, lambda: self.measure_id, left=[self.archive_button])

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(follow_ups)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._status_changed()

    # --- showing --------------------------------------------------------------------------

    def _show_input(self, data: MeasureInput) -> None:
        self.title_edit.setText(data.title)
        self.description.setPlainText(data.description or "")
        self.unit.set_value(data.unit_id)
        self.responsible.set_user_id(data.responsible_id)
        self.start_on.set_date(data.start_on)
        self.due_date.set_date(data.due_date)
        self._show_links()

    def _show_view(self, view: MeasureView) -> None:
        self._show_input(view.to_input())
        self.unit.set_value(view.unit_id, view.unit_name)
        self.responsible.set_user_id(view.responsible_id, view.responsible_name)
        self.status.set_value(view.status)
        self.cancel_reason.setText(view.cancel_reason or "")
        self._show_status_facts(view)
        self._show_follow_ups(view)

    def _show_status_facts(self, view: MeasureView) -> None:
        facts = []
        if view.completed_on is not None:
            facts.append(self.tr("Genomförd {date}").format(date=iso(view.completed_on)))
        if view.overdue:
            facts.append(self.tr("Försenad"))
        follow_up = follow_up_text(*view.follow_up_facts(), QCoreApplication.translate)
        if follow_up:
            facts.append(follow_up[0].upper() + follow_up[1:])
        self.completed.setText(" · ".join(facts))
        self.completed.setStyleSheet(f"color: {ERROR_COLOUR};" if view.overdue else "")

    def _show_links(self) -> None:
        self.answers_to.clear()
        texts = self._link_texts or [self.tr("Inget kopplat (fristående åtgärd)")]
        self.answers_to.addItems(texts)

    def _show_follow_ups(self, view: MeasureView | None) -> None:
        rows = view.follow_ups if view else ()
        self.follow_up_table.setRowCount(len(rows))
        for row, summary in enumerate(rows):
            values = [
                iso(summary.planned_on),
                summary.status.value.capitalize(),
                (summary.effect or "–").capitalize(),
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, summary.id)
                self.follow_up_table.setItem(row, column, item)
        self.follow_up_table.setVisible(bool(rows))
        self.follow_up_empty.setVisible(not rows)
        self.open_follow_up_button.setEnabled(bool(rows))
        if rows:
            self.follow_up_table.selectRow(0)

    def _update_title(self) -> None:
        if self.measure_id is None:
            self.setWindowTitle(self.tr("Ny åtgärd"))
        else:
            self.setWindowTitle(self.tr("Åtgärd – {title}").format(title=self.title_edit.text()))

    def _apply_permissions(self) -> None:
        archived = self.view is not None and self.view.archived
        allowed = self.ctx.actor.can(CREATE if self.measure_id is None else UPDATE)
        self.read_only = archived or not allowed
        if self.read_only:
            self.show_read_only_reason(
                archived=archived,
                archive_reason=self.view.archive_reason if self.view else None,
                fallback=self.tr("Åtgärden är makulerad och kan inte ändras."),
                not_allowed=self.tr("Du har inte behörighet att ändra åtgärder."),
            )
            set_read_only(
                self,
                True,
                keep=[
                    self.history_button,
                    self.close_button,
                    self.open_follow_up_button,
                    self.follow_up_table,
                ],
            )
        self.plan_button.setEnabled(not archived and self.ctx.actor.can(FOLLOW_UP_CREATE))
        self.archive_button.setEnabled(
            not self.read_only and self.measure_id is not None and self.ctx.actor.can(VOID)
        )
        new = self.measure_id is None
        if new and not self.read_only:
            self.status.setEnabled(False)
            self.status_help.setText(self.tr("Status kan ändras när åtgärden är sparad."))
            self.status_help.show()

    def _status_changed(self) -> None:
        cancelled = self.status.value() == MeasureStatus.CANCELLED
        self._form.setRowVisible(self._reason_row, cancelled)

    # --- state ----------------------------------------------------------------------------

    def form_state(self) -> FormState:
        status = self.status.value()
        return {
            "title": self.title_edit.text(),
            "description": self.description.toPlainText(),
            "unit_id": self.unit.value(),
            "responsible_id": self.responsible.user_id(),
            "start_on": self.start_on.text(),
            "due_date": self.due_date.text(),
            "status": status.value if isinstance(status, MeasureStatus) else None,
            "cancel_reason": self.cancel_reason.text(),
            "links": [[link.kind, link.target_id] for link in self._links],
            "link_texts": list(self._link_texts),
        }

    def restore_state(self, state: FormState) -> None:
        self.title_edit.setText(str(state.get("title") or ""))
        self.description.setPlainText(str(state.get("description") or ""))
        self.unit.set_value(state.get("unit_id"))
        self.responsible.set_user_id(state.get("responsible_id"))
        self.start_on.set_text(str(state.get("start_on") or ""))
        self.due_date.set_text(str(state.get("due_date") or ""))
        if state.get("status") and self.measure_id is not None:
            self.status.set_value(MeasureStatus(state["status"]))
        self.cancel_reason.setText(str(state.get("cancel_reason") or ""))
        if self.measure_id is None:
            self._links = [LinkRef(k, t) for k, t in state.get("links", [])]
            self._link_texts = [str(t) for t in state.get("link_texts", [])]
            self._show_links()

    def draft_title(self) -> str:
        return self.tr("Åtgärd: {title}").format(title=self.title_edit.text() or "–")

    # --- saving ---------------------------------------------------------------------------

    def _input(self) -> MeasureInput:
        problems: list[FieldError] = []
        start = read_date(self.start_on, "start_on", problems)
        due = read_date(self.due_date, "due_date", problems)
        unit_id = self.unit.value()
        data = MeasureInput(
            title=self.title_edit.text(),
            unit_id=unit_id if isinstance(unit_id, str) else "",
            description=self.description.toPlainText(),
            responsible_id=self.responsible.user_id(),
            due_date=due,
            links=list(self._links),
            start_on=start,
        )
        with_service_checks(problems, lambda: measures.validate_measure(data))
        return data

    def save(self) -> bool:
        """Store the fields, then the status; False if either was refused."""
        return self._store(require_status=True)

    def _store(self, *, require_status: bool) -> bool:
        if self.read_only:
            return False
        self.errors.clear()
        try:
            data = self._input()
            if self.measure_id is None:
                saved = measures.create_measure(self.ctx, data)
            else:
                saved = measures.update_measure(self.ctx, self.measure_id, data)
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.measure_id = saved.id
        self.view, status_ok = self._save_status(saved)
        self._show_status_facts(self.view)
        self._show_follow_ups(self.view)
        self._update_title()
        self.status_help.hide()
        self.status.setEnabled(True)
        self.archive_button.setEnabled(True)
        if self.autosaver is not None:
            state = self.form_state()
            # A refused status change is still unsaved: keep it dirty so closing asks.
            state["status"] = self.view.status.value
            state["cancel_reason"] = self.view.cancel_reason or ""
            self.autosaver.saved(state, form_key=_form_key(self.measure_id))
        if status_ok:
            self.errors.warn(saved.warnings)
        self.saved.emit()
        return status_ok or not require_status

    def _save_status(self, saved: MeasureView) -> tuple[MeasureView, bool]:
        """Store the chosen status if it differs from ``saved``; the measure as it now is,
        and False if the change was refused."""
        status = self.status.value()
        if not isinstance(status, MeasureStatus):
            return saved, True
        reason = self.cancel_reason.text()
        if saved.status is status and (
            status is not MeasureStatus.CANCELLED or (saved.cancel_reason or "") == reason
        ):
            return saved, True
        try:
            return measures.set_status(self.ctx, saved.id, status, reason), True
        except ValidationFailed as error:
            self.errors.show(error)
        except KvalitetError as error:
            self.errors.show(error, at="status")
        return saved, False

    # --- follow-ups and archiving ---------------------------------------------------------

    def _ensure_saved(self) -> bool:
        """The measure must be stored before a follow-up refers to it; a refused status
        change does not stop that (a follow-up is what "genomförd" waits for)."""
        if self.measure_id is None or self.is_dirty():
            return self._store(require_status=False)
        return True

    def _plan_follow_up(self) -> None:
        if not self._ensure_saved():
            return
        assert self.measure_id is not None
        dialog = PlanDialog(
            self, self.ctx, self.measure_id, self._users, self.responsible.user_id()
        )
        dialog.submitted.connect(self._follow_up_planned)
        dialog.open()

    def _follow_up_planned(self, _follow_up_id: object = None) -> None:
        assert self.measure_id is not None
        self.view = measures.get_measure(self.ctx, self.measure_id)
        self._show_follow_ups(self.view)
        self.errors.clear()
        self.saved.emit()

    def _open_follow_up(self) -> None:
        row = self.follow_up_table.currentRow()
        item = self.follow_up_table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        from kvalitet_desktop.ui.records import open_record

        dialog = open_record(self, self.ctx, "uppfoljning", item.data(Qt.ItemDataRole.UserRole))
        dialog.saved.connect(self._follow_up_planned)  # type: ignore[attr-defined]

    def _archive(self) -> None:
        if self.measure_id is None:
            return
        ctx, measure_id = self.ctx, self.measure_id
        self.ask_to_archive(
            self.tr("Makulera åtgärden"),
            self.tr(
                "En makulerad åtgärd finns kvar i historiken men visas inte längre i listor "
                "och planer. Skriv varför den makuleras."
            ),
            lambda reason: self._keep(measures.archive_measure(ctx, measure_id, reason)),
            self._show_stored,
        )

    def _keep(self, view: MeasureView) -> None:
        self.view = view

    def _show_stored(self) -> None:
        """The measure as the archiving returned it."""
        assert self.view is not None
        self._show_view(self.view)
        self._apply_permissions()
