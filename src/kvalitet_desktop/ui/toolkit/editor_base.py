"""What every record editor shares: geometry, drafts, the close question, history and print."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.operations import Operation, run_in_background, show_failure
from kvalitet_desktop.ui.settings_store import app_settings
from kvalitet_desktop.ui.toolkit.autosave import Autosaver, FormState
from kvalitet_desktop.ui.toolkit.fields import (
    ErrorLabel,
    FieldErrors,
    StandardButton,
    add_shortcut,
    ask,
    button_row,
)

ARCHIVED_COLOUR = "#6b4f00"  # dark amber: a fact about the record, not an error


def _tr(text: str) -> str:
    return QCoreApplication.translate("EditorDialog", text)


class EditorDialog(QDialog):
    """Base of the record editors. Subclasses implement ``form_state``, ``restore_state``,
    ``save`` and ``draft_title``; ``saved`` is emitted after each successful save."""

    saved = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        settings_key: str,
        default_size: tuple[int, int],
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._settings_key = settings_key
        self._default_size = default_size
        self.read_only = False
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        self.autosaver: Autosaver | None = None
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)

    # --- to implement ---------------------------------------------------------------------

    def form_state(self) -> FormState:
        raise NotImplementedError

    def restore_state(self, state: FormState) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        """Store the form through the services; errors are shown at the fields."""
        raise NotImplementedError

    def draft_title(self) -> str:
        return self.windowTitle()

    # --- building -------------------------------------------------------------------------

    def editor_buttons(
        self,
        kind: str,
        record_id: Callable[[], str | None],
        *,
        left: Sequence[QPushButton] = (),
        right: Sequence[QPushButton | int] = (),
        save_text: str | None = None,
    ) -> QHBoxLayout:
        """The button row every editor has: Historik and ``left``; ``right``, Spara (also
        Ctrl+S) and Stäng. The buttons are ``history_button``, ``save_button``, ``close_button``."""
        self.history_button = QPushButton(_tr("&Historik"))
        self.save_button = QPushButton(save_text or _tr("&Spara"))
        self.save_button.setToolTip(_tr("Spara (Ctrl+S)"))
        self.close_button = QPushButton(_tr("Stän&g"))
        self.history_button.clicked.connect(lambda: self.show_history(kind, record_id()))
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        add_shortcut(self, QKeySequence.StandardKey.Save, self.save)
        return button_row(
            [self.history_button, *left], [*right, self.save_button, self.close_button]
        )

    def show_read_only_reason(
        self, *, archived: bool, archive_reason: str | None, fallback: str, not_allowed: str
    ) -> None:
        """The banner of a read-only record: "Makulerad: <skäl>" for a voided one (``fallback``
        when the reason is not known), else ``not_allowed`` (the user may not change it)."""
        if archived:
            self.banner.setStyleSheet(f"color: {ARCHIVED_COLOUR};")
            reason = (archive_reason or "").strip()
            text = _tr("Makulerad: {reason}").format(reason=reason) if reason else fallback
            self.banner.show_messages([text])
        else:
            self.banner.show_messages([not_allowed])

    # --- drafts ---------------------------------------------------------------------------

    def start_autosave(self, form_key: str) -> None:
        """Call once the form shows what is stored: offers a leftover draft, then watches."""
        self.autosaver = Autosaver(self.ctx, form_key, self.form_state, self.draft_title, self)
        self.autosaver.set_baseline()
        if not self.read_only:
            self.autosaver.offer_restore(self, self.restore_state)
            self.autosaver.start()

    def is_dirty(self) -> bool:
        return self.autosaver is not None and not self.read_only and self.autosaver.is_dirty()

    def mark_saved(self, form_key: str | None = None) -> None:
        if self.autosaver is not None:
            self.autosaver.saved(form_key=form_key)
        self.saved.emit()

    # --- geometry -------------------------------------------------------------------------

    def restore_geometry(self) -> None:
        value: Any = app_settings().value(f"{self._settings_key}/geometry")
        if isinstance(value, QByteArray) and not value.isEmpty() and self.restoreGeometry(value):
            return
        width, height = self._default_size
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, area.width()), min(height, area.height())
        self.resize(width, height)

    def _store_geometry(self) -> None:
        app_settings().setValue(f"{self._settings_key}/geometry", self.saveGeometry())

    # --- closing --------------------------------------------------------------------------

    def reject(self) -> None:
        """Stäng, Esc and the window's close button all come here."""
        if self.is_dirty():
            answer = ask(
                self,
                _tr("Osparade ändringar"),
                _tr("Du har ändringar som inte är sparade. Vill du spara dem?"),
                [
                    (StandardButton.Save, _tr("Spara")),
                    (StandardButton.Discard, _tr("Släng")),
                    (StandardButton.Cancel, _tr("Avbryt")),
                ],
                StandardButton.Save,
            )
            if answer == StandardButton.Cancel:
                return
            if answer == StandardButton.Save and not self.save():
                return  # the errors are shown at the fields; stay open
            if answer == StandardButton.Discard and self.autosaver is not None:
                self.autosaver.discard()
        super().reject()

    def done(self, result: int) -> None:
        if self.autosaver is not None:
            self.autosaver.stop()
        self._store_geometry()
        super().done(result)

    # --- shared actions -------------------------------------------------------------------

    def ask_to_archive(
        self,
        title: str,
        explanation: str,
        archive: Callable[[str], None],
        show_stored: Callable[[], None],
    ) -> QDialog:
        """Makulera: ask for the reason (required; the service's message shows at the field),
        call ``archive(reason)``, then ``show_stored()`` – the record as stored, read-only."""
        from kvalitet_desktop.ui.toolkit.small_dialogs import ReasonDialog

        dialog = ReasonDialog(self, title, explanation, archive, _tr("&Makulera"))
        dialog.submitted.connect(lambda _reason: self._archived(show_stored))
        dialog.open()
        return dialog

    def _archived(self, show_stored: Callable[[], None]) -> None:
        if self.autosaver is not None:  # no drafts of a voided record
            self.autosaver.stop()
            self.autosaver.discard()
        show_stored()
        if self.autosaver is not None:
            self.autosaver.set_baseline()
        self.saved.emit()

    def show_history(self, kind: str, record_id: str | None, title: str | None = None) -> None:
        if record_id is None:
            self.banner.show_messages([_tr("Posten har ingen historik förrän den är sparad.")])
            return
        from kvalitet_desktop.ui.dialogs.history import show_history

        try:
            show_history(self, self.ctx, kind, record_id, title or self.windowTitle())
        except KvalitetError as error:
            self.errors.show(error)

    def show_report(
        self, kind: str, record_id: str, title: str, file_stem: str
    ) -> Operation[bytes]:
        """Build the report's data and PDF off the UI thread, then show it in the preview.

        An expected error (the record is gone, no permission …) is shown in the banner.
        """
        ctx = self.ctx  # the work gets plain values, never this dialog

        def build() -> bytes:
            from kvalitet_desktop.reports import render_report
            from kvalitet_desktop.services.report_data import build_report

            return render_report(build_report(ctx, kind, record_id))

        def show(pdf: bytes) -> None:
            from kvalitet_desktop.ui.dialogs.pdf_preview import ReportSource, show_pdf

            show_pdf(self, pdf, title, file_stem, ReportSource(ctx, kind, record_id))

        def failed(error: BaseException) -> None:
            if isinstance(error, KvalitetError):
                self.errors.show(error)
            else:
                show_failure(self, error)

        return run_in_background(self, build, show, failed, busy_text=_tr("Skapar rapporten…"))


def file_stem(prefix: str, title: str) -> str:
    """A file name from a record title: letters, digits and dashes only."""
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in title.strip().lower())
    words = [w for w in cleaned.split("-") if w]
    return "-".join([prefix, *words])[:60]
