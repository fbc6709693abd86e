"""The records linked to a record, of other kinds: what it was made from and what was made
from it, each with its number and status for a user who may read it (a link to open it), and
for others only that a record of the kind is linked."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kvalitet_desktop.domain.linked_records import LinkedRecord, RecordRef
from kvalitet_desktop.services import record_links
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.records import show_record_editor


def linked_text(record: LinkedRecord, tr_made_from: str, tr_made: str, tr_hidden: str) -> str:
    """One line (rich text) for a linked record."""
    noun = record.noun[:1].upper() + record.noun[1:]
    if record.summary is None:
        return escape(tr_hidden.format(noun=noun, many=record.many or record.noun))
    words = f"{noun} {record.summary.number} ({record.summary.status})"
    anchor = f'<a href="{escape(record.ref.kind)}:{escape(record.ref.id)}">{escape(words)}</a>'
    return (tr_made_from if record.made_from else tr_made).format(record=anchor)


class LinkedRecordsLabel(QLabel):
    """Empty and hidden when nothing is linked; a click on a linked record opens it."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.records: list[LinkedRecord] = []
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setAccessibleName(self.tr("Kopplade poster"))
        self.linkActivated.connect(self._open)
        self.setVisible(False)

    def show_for(self, record: RecordRef) -> None:
        self.records = record_links.linked(self.ctx, record)
        lines = [
            linked_text(
                r,
                self.tr("Gjord från: {record}"),
                self.tr("Kopplad: {record}"),
                self.tr("Kopplad post: {noun} – visas bara för den som får läsa {many}."),
            )
            for r in self.records
        ]
        self.setText("<br>".join(lines))
        self.setVisible(bool(lines))

    def _open(self, href: str) -> None:
        kind, _, record_id = href.partition(":")
        show_record_editor(self, self.ctx, kind, record_id)
