"""Exporting the list on screen to an Excel or CSV file: the personal-data warning, the file
dialog, the work off the UI thread with a progress bar (and a cancel), then the file's name or
a clear message why it could not be written."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.exchange import list_export
from kvalitet_desktop.exchange.list_export import ExportFormat, ListExport
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.listing import ListQuery
from kvalitet_desktop.ui import errors
from kvalitet_desktop.ui.dialogs.common import show_error, show_info
from kvalitet_desktop.ui.operations import PROGRESS_DELAY_MS, run_in_background
from kvalitet_desktop.ui.toolkit.fields import StandardButton, ask

_CONTEXT = "ListExport"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _noun(text: str) -> str:
    return QCoreApplication.translate("RecordKind", text)


class Cancelled(Exception):
    """The user stopped the export; the partial file is gone and nothing was logged."""


def confirm_personal_data(parent: QWidget, kind: str) -> bool:
    """Before a list whose records name people leaves the program: the warning, and the
    user's choice to go on. True for lists without personal data."""
    record_kind = registry.kind(kind)
    if not record_kind.holds_personal_data:
        return True
    text = QCoreApplication.translate("Exchange", list_export.PERSONAL_DATA).format(
        many=_noun(record_kind.nouns.many)
    )
    chosen = ask(
        parent,
        _tr("Personuppgifter i filen"),
        text,
        ((StandardButton.Ok, _tr("&Fortsätt")), (StandardButton.Cancel, _tr("&Avbryt"))),
        StandardButton.Ok,
        icon=QMessageBox.Icon.Warning,
    )
    return chosen == StandardButton.Ok


def choose_target(parent: QWidget, kind: str) -> Path | None:
    """The file to write, from the save dialog (.xlsx or .csv); None if the user cancelled."""
    from kvalitet_desktop.ui.dialogs.pdf_preview import documents_folder, safe_file_stem

    record_kind = registry.kind(kind)
    title = _noun(record_kind.view.label if record_kind.view else record_kind.nouns.title)
    stem = safe_file_stem(f"{title} {date.today().isoformat()}")
    xlsx = _tr("Excel-arbetsbok (*.xlsx)")
    csv = _tr("CSV, semikolonseparerad (*.csv)")
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        parent,
        _tr("Exportera lista"),
        str(documents_folder() / f"{stem}.xlsx"),
        f"{xlsx};;{csv}",
    )
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() not in (".xlsx", ".csv"):
        wanted = ExportFormat.CSV if chosen_filter == csv else ExportFormat.XLSX
        target = target.with_name(f"{target.name}.{wanted.value}")
    return target


class ListExportRun(QObject):
    """One export on a pool thread; a progress bar after a moment, which can cancel it."""

    progressed = Signal(int, int)
    finished = Signal()

    def __init__(
        self, parent: QWidget, ctx: Context, kind: str, query: ListQuery, target: Path
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._ctx = ctx
        self._kind = kind
        self._query = query
        self.target = target
        self._cancel = threading.Event()
        self._done = 0
        self._total = 0
        self.progress_dialog: QProgressDialog | None = None
        self.result: ListExport | None = None
        self.error: BaseException | None = None
        self.running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PROGRESS_DELAY_MS)
        self._timer.timeout.connect(self._show_progress)
        self.progressed.connect(self._update)

    def start(self) -> None:
        ctx, kind, query, target = self._ctx, self._kind, self._query, self.target
        cancel, report = self._cancel, self.progressed.emit

        def progress(done: int, total: int) -> None:
            if cancel.is_set():
                raise Cancelled
            report(done, total)

        def work() -> ListExport:
            return list_export.export_list(
                ctx, kind, query, target, translate=QCoreApplication.translate, progress=progress
            )

        self.running = True
        self._timer.start()
        run_in_background(
            self._parent,
            work,
            self._succeeded,
            self._failed,
            _tr("Exporterar till {name}…").format(name=target.name),
            modal=False,  # the progress bar below says more than a busy indicator
        )

    def cancel(self) -> None:
        self._cancel.set()

    def _show_progress(self) -> None:
        dialog = QProgressDialog(
            _tr("Exporterar till {name}…").format(name=self.target.name),
            _tr("Avbryt"),
            0,
            max(1, self._total),
            self._parent,
        )
        dialog.setWindowTitle(_tr("Exporterar"))
        dialog.setAccessibleName(_tr("Exporterar"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(self._done)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self.progress_dialog = dialog

    def _update(self, done: int, total: int) -> None:
        self._done, self._total = done, total
        dialog = self.progress_dialog
        if dialog is not None:
            dialog.setMaximum(max(1, total))
            dialog.setValue(min(done, max(1, total)))
            dialog.setLabelText(
                _tr("Exporterar till {name}: {done} av {total} rader").format(
                    name=self.target.name, done=done, total=total
                )
            )

    def _close_progress(self) -> None:
        self.running = False
        self._timer.stop()
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _succeeded(self, done: ListExport) -> None:
        self._close_progress()
        self.result = done
        rows = _tr("1 rad") if done.rows == 1 else _tr("{n} rader").format(n=done.rows)
        show_info(
            self._parent,
            _tr("Listan är sparad i {path} ({rows}).").format(path=done.path, rows=rows),
            _tr("Exporterad"),
        )
        self.finished.emit()

    def _failed(self, exc: BaseException) -> None:
        self._close_progress()
        self.error = exc
        if isinstance(exc, Cancelled):
            pass  # the user asked for it: nothing to say
        elif isinstance(exc, KvalitetError):
            show_error(self._parent, exc, _tr("Listan kunde inte exporteras"))
        else:
            errors.report_unexpected(exc, self._parent)
        self.finished.emit()


def export_shown_list(
    parent: QWidget, ctx: Context, kind: str, query: ListQuery
) -> ListExportRun | None:
    """The whole interaction: warning, file dialog, export. Returns the run (None if the user
    stopped before it began)."""
    if not confirm_personal_data(parent, kind):
        return None
    target = choose_target(parent, kind)
    if target is None:
        return None
    run = ListExportRun(parent, ctx, kind, query, target)
    run.start()
    return run
