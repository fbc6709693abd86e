"""Opening a record's editor, whatever its kind: the registry names the editor class, which is
imported only when a record of that kind is first opened (start-up stays quick).

``open_record`` and ``new_record`` return the shown, non-modal dialog, whose ``saved`` signal
fires after every successful save; the ``show_…`` variants say in a message box when the record
is gone or not visible instead of raising.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QWidget

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import KvalitetError, NotFound
from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.services import record_links
from kvalitet_desktop.ui.dialogs.common import show_error

if TYPE_CHECKING:
    from kvalitet_desktop.services.context import Context

Editor = Callable[[QWidget | None, "Context", str | None], QDialog]


def _tr(text: str) -> str:
    return QCoreApplication.translate("views", text)


def editor_for(kind: str) -> Editor:
    """The editor class of record kind ``kind``, called as ``Editor(parent, ctx, record_id)``."""
    path = registry.kind(kind).editor
    if path is None:
        raise ValueError(f"record kind {kind!r} has no editor")
    editor: Editor = load(path)
    return editor


def _show(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def open_record(parent: QWidget | None, ctx: Context, kind: str, record_id: str) -> QDialog:
    """Open the editor of stored record ``record_id`` of ``kind`` (a registry key)."""
    return _show(editor_for(kind)(parent, ctx, record_id))


def new_record(parent: QWidget | None, ctx: Context, kind: str) -> QDialog:
    """Open the editor of ``kind`` on a new, unsaved record."""
    return _show(editor_for(kind)(parent, ctx, None))


def _open(
    parent: QWidget, make: Callable[[], QDialog], on_saved: Callable[[], None] | None
) -> QDialog | None:
    """Open an editor; a record that is gone or not visible is said in a message box."""
    try:
        dialog = make()
    except KvalitetError as error:  # NotFound, PermissionDenied: not a bug
        text = str(error)
        if isinstance(error, NotFound):
            text += " " + _tr("Den kan ha tagits bort sedan listan visades.")
        show_error(parent, text, _tr("Posten kan inte öppnas"))
        if isinstance(error, NotFound) and on_saved is not None:
            on_saved()  # the page shows what is there now
        return None
    saved = getattr(dialog, "saved", None)
    if on_saved is not None and saved is not None:
        saved.connect(on_saved)
    if not dialog.isVisible():  # the editors normally show themselves
        dialog.show()
    return dialog


def show_record_editor(
    parent: QWidget,
    ctx: Context,
    kind: str,
    record_id: str,
    on_saved: Callable[[], None] | None = None,
) -> QDialog | None:
    """Open record ``record_id`` of ``kind``; None (and a message box) when the record is
    gone or the user may not see it."""
    return _open(parent, lambda: open_record(parent, ctx, kind, record_id), on_saved)


def show_new_record_editor(
    parent: QWidget, ctx: Context, kind: str, on_saved: Callable[[], None] | None = None
) -> QDialog | None:
    """Open the editor of ``kind`` on a new record (None, with a message, if refused)."""
    return _open(parent, lambda: new_record(parent, ctx, kind), on_saved)


def create_from(
    parent: QWidget | None, ctx: Context, target_kind: str, source: RecordRef
) -> str | None:
    """Open the editor of ``target_kind`` prefilled from the record ``source`` (of another
    kind); what it saves is linked to the source. The new record's id, or None if none was
    saved. Raises what the source's kind raises when the actor may not read it."""
    path = registry.kind(target_kind).create_from
    if path is None:
        raise ValueError(f"record kind {target_kind!r} cannot be made from another record")
    facts = record_links.source_facts(ctx, source)
    made: str | None = load(path)(parent, ctx, facts)
    return made
