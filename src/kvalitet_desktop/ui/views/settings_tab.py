"""What the form tabs of Inställningar share: one "Spara", errors at the fields, a draft of
what is typed (nothing is lost if the program stops) and a read-only mode with its reason."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.autosave import Autosaver, FormState
from kvalitet_desktop.ui.toolkit.editor_base import ARCHIVED_COLOUR
from kvalitet_desktop.ui.toolkit.fields import ErrorLabel, FieldErrors, add_shortcut, name_widget

SAVED_COLOUR = "#2e6b34"  # dark green, as on the risk matrix tab
UNVERIFIED_COLOUR = ARCHIVED_COLOUR  # dark amber: to be checked, not an error
UNVERIFIED_BACKGROUND = "#fff4d6"


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsTab", text)


def note_label(text: str, colour: str = "#555555") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour};")
    return label


class SettingsTab(QWidget):
    """A tab with a form saved by ``save_button``. Subclasses build the form, implement
    ``form_state``, ``restore_state`` and ``save`` (returns whether it succeeded) and call
    ``start_autosave`` once the form shows what is stored."""

    def __init__(
        self,
        ctx: Context,
        draft_key: str,
        draft_title: str,
        *,
        editable: bool,
        not_allowed: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editable = editable
        self._draft_key = draft_key
        self._draft_title = draft_title
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        # Why the tab cannot be changed (amber, like a voided record's banner).
        self.read_only_note = note_label(not_allowed, ARCHIVED_COLOUR)
        self.read_only_note.setVisible(not editable)
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(f"color: {SAVED_COLOUR};")
        self.save_button = QPushButton(_tr("&Spara"))
        name_widget(self.save_button, self.save_button.text())
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip(_tr("Spara (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(editable)
        self.autosaver: Autosaver | None = None
        self._offered = False

    def save_bar(self) -> QHBoxLayout:
        """The row under the form: what happened, then Spara."""
        bar = QHBoxLayout()
        bar.addWidget(self.saved_label, 1)
        bar.addWidget(self.save_button)
        if self.editable:
            add_shortcut(self.save_button, QKeySequence.StandardKey.Save, self.save)
        return bar

    # --- to implement ---------------------------------------------------------------------

    def form_state(self) -> FormState:
        raise NotImplementedError

    def restore_state(self, state: FormState) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        raise NotImplementedError

    # --- drafts ---------------------------------------------------------------------------

    def start_autosave(self) -> None:
        """Watch the form; a leftover draft is offered when the tab is first shown."""
        self.autosaver = Autosaver(
            self.ctx, self._draft_key, self.form_state, lambda: self._draft_title, self
        )
        self.autosaver.set_baseline()
        if self.editable:
            self.autosaver.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._offered and self.editable and self.autosaver is not None:
            self._offered = True
            QTimer.singleShot(0, self._offer_restore)

    def _offer_restore(self) -> None:
        if self.autosaver is not None and self.autosaver.offer_restore(self, self.restore_state):
            self.saved_label.setText(_tr("De osparade ändringarna är återställda."))

    def is_dirty(self) -> bool:
        return self.editable and self.autosaver is not None and self.autosaver.is_dirty()

    def mark_saved(self, text: str) -> None:
        if self.autosaver is not None:
            self.autosaver.saved()
        self.saved_label.setText(text)

    def edited(self, *_args: object) -> None:
        """Connect the fields' change signals here: an old "saved" note no longer holds."""
        self.saved_label.clear()
