"""The one search field of the main window (Ctrl+F, Ctrl+K) and its results as one types.

The results open under the field, grouped by kind with the words found marked in each
snippet; arrow keys move through them, Enter opens the record (``ui.records``, the one editor
opener), Escape closes them. The search runs on a pool thread (``ui.operations``) a moment
after the last key; a result that comes back for text no longer in the field is dropped.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.ui.operations import run_in_background

if TYPE_CHECKING:
    from kvalitet_desktop.services.context import Context
    from kvalitet_desktop.services.search import SearchHit, SearchResults

_CONTEXT = "GlobalSearch"
DEBOUNCE_MS = 150
SHOWN = 40  # hits in the panel; a more precise search finds the rest
PANEL_WIDTH = 620
PANEL_MAX_HEIGHT = 520
# Item data: the (kind, id) of a hit (None for a heading), and the HTML it is drawn with.
RECORD_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
# Dark text on the mark whether or not the row is chosen (readable on both backgrounds).
MARK_STYLE = "background-color: #fde68a; color: #1f2937; font-weight: bold;"


def _tr(text: str) -> str:
    return QApplication.translate(_CONTEXT, text)


def snippet_html(hit: SearchHit) -> str:
    """The hit's title, then its snippet with each match marked (escaped: record texts are
    the users' own and never markup)."""
    text = hit.snippet.text
    parts, last = [], 0
    for start, end in hit.snippet.marks:
        parts.append(html.escape(text[last:start]))
        parts.append(f'<span style="{MARK_STYLE}">{html.escape(text[start:end])}</span>')
        last = end
    parts.append(html.escape(text[last:]))
    unit = f" · {html.escape(hit.unit)}" if hit.unit else ""  # plain: readable when chosen too
    title = f"<b>{html.escape(hit.title)}</b>{unit}"
    if text == hit.title:  # the match is in the title: mark it there
        return f"<b>{''.join(parts)}</b>{unit}"
    return f'{title}<br><span style="color: #444;">{"".join(parts)}</span>'


class _HtmlDelegate(QStyledItemDelegate):
    """Draws an item's HTML (a hit with its marked snippet); headings as plain text."""

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(str(index.data(HTML_ROLE)))
        width = option.rect.width()
        view = self.parent()
        if width <= 0 and isinstance(view, QListWidget):  # asked for a size: the view's width
            width = view.viewport().width()
        doc.setTextWidth(max(100, width - 12))
        return doc

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if index.data(HTML_ROLE) is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text = option.text
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        option.text = text
        doc = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(
                QPalette.ColorRole.Text,
                option.palette.color(QPalette.ColorRole.HighlightedText),
            )
        painter.save()
        rect = option.rect
        painter.translate(rect.left() + 6, rect.top() + 3)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        if index.data(HTML_ROLE) is None:
            return super().sizeHint(option, index)
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()) + 12, int(doc.size().height()) + 6)


class SearchResultsPanel(QFrame):
    """The hits under the search field: a heading per kind, then its hits."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("search_results")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#search_results { background: white; border: 1px solid #888; }")
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.status = QLabel()
        self.status.setAccessibleName(_tr("Sökresultat"))
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #444; padding: 2px 4px;")
        layout.addWidget(self.status)
        self.list = QListWidget()
        self.list.setAccessibleName(_tr("Sökträffar"))
        self.list.setItemDelegate(_HtmlDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(False)
        layout.addWidget(self.list, 1)
        self.hide()

    def show_results(self, results: SearchResults) -> None:
        self.list.clear()
        if not results.index_available:
            self._say(
                _tr(
                    "Sökindexet saknas. En administratör bygger om det med "
                    "”kvalitet check --repair-index”."
                )
            )
            return
        if not results.groups:
            self._say(_tr("Inga träffar på ”{text}”.").format(text=results.text.strip()))
            return
        count = len(results.hits)
        self.status.setText(
            _tr("1 träff – Enter öppnar, Esc stänger")
            if count == 1
            else _tr("{count} träffar – Enter öppnar, Esc stänger").format(count=count)
        )
        for group in results.groups:
            heading = QListWidgetItem(
                f"{group.heading[:1].upper()}{group.heading[1:]} ({len(group.hits)})"
            )
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: the keys skip it
            heading.setForeground(Qt.GlobalColor.darkBlue)
            self.list.addItem(heading)
            for hit in group.hits:
                said = hit.title if not hit.unit else f"{hit.title}, {hit.unit}"
                item = QListWidgetItem(
                    said if hit.snippet.text == hit.title else f"{said} – {hit.snippet.text}"
                )
                item.setData(RECORD_ROLE, (hit.kind, hit.id))
                item.setData(HTML_ROLE, snippet_html(hit))
                self.list.addItem(item)
        self.list.show()
        self.move_to(1)

    def wanted_height(self) -> int:
        """What the panel needs for its status line and every row (the window caps it)."""
        margins = self._layout.contentsMargins()
        height = margins.top() + margins.bottom() + self.status.sizeHint().height() + 8
        if self.list.isVisibleTo(self) and self.list.count():
            rows = sum(self.list.sizeHintForRow(row) for row in range(self.list.count()))
            height += rows + 2 * self.list.frameWidth() + 4
        return height

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.list.hide()

    def hit_rows(self) -> list[int]:
        return [
            row
            for row in range(self.list.count())
            if self.list.item(row).data(RECORD_ROLE) is not None
        ]

    def move_to(self, step: int) -> None:
        """The next (``step`` 1) or previous (-1) hit, skipping the headings."""
        rows = self.hit_rows()
        if not rows:
            return
        current = self.list.currentRow()
        if current not in rows:
            target = rows[0] if step > 0 else rows[-1]
        else:
            position = rows.index(current) + step
            target = rows[max(0, min(len(rows) - 1, position))]
        self.list.setCurrentRow(target)

    def current_record(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        found = item.data(RECORD_ROLE) if item is not None else None
        return (str(found[0]), str(found[1])) if found else None


class GlobalSearch(QWidget):
    """The field (in the menu bar's corner) and its results panel over the window."""

    def __init__(self, window: QWidget, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self._window = window
        self.field = QLineEdit()
        self.field.setObjectName("global_search")
        self.field.setAccessibleName(_tr("Sök i alla poster"))
        self.field.setPlaceholderText(_tr("Sök i alla poster (Ctrl+K)"))
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 8, 2)
        layout.addWidget(self.field)
        self.panel = SearchResultsPanel(window)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_now)
        self._running = False
        self._shown_text: str | None = None
        self.field.textEdited.connect(self._typed)
        self.field.installEventFilter(self)
        self.panel.list.installEventFilter(self)
        self.panel.list.itemActivated.connect(lambda _item: self.open_current())
        self.panel.list.itemClicked.connect(lambda _item: self.open_current())
        window.installEventFilter(self)
        for keys in (QKeySequence.StandardKey.Find, QKeySequence("Ctrl+K")):
            shortcut = QShortcut(keys, window)
            shortcut.activated.connect(self.focus_field)

    # --- typing and searching ------------------------------------------------------------

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text().strip() and self._shown_text is not None:
            self._show_panel()

    def _typed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self._shown_text = None
            self.panel.hide()
            return
        self._timer.start()

    def _search_now(self) -> None:
        text = self.field.text()
        if not text.strip():
            return
        if self._running:  # one at a time: the newest text is searched when it is back
            return
        self._running = True
        ctx = self.ctx

        def work() -> SearchResults:
            from kvalitet_desktop.services import search

            return search.search(ctx, text, limit=SHOWN)

        run_in_background(
            self,
            work,
            self._found,
            on_failure=self._failed,
            busy_text=_tr("Söker…"),
            modal=False,
        )

    def _found(self, results: SearchResults) -> None:
        self._running = False
        if results.text != self.field.text():
            if self.field.text().strip():
                self._search_now()  # the user typed on meanwhile
            return
        self._shown_text = results.text
        self.panel.show_results(results)
        self._show_panel()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        from kvalitet_desktop.ui.operations import show_failure

        show_failure(self._window, exc)

    # --- the panel -------------------------------------------------------------------------

    def _show_panel(self) -> None:
        self._place_panel()
        self.panel.show()
        self.panel.raise_()

    def _place_panel(self) -> None:
        corner = self.field.mapTo(self._window, QPoint(self.field.width(), self.field.height()))
        width = min(PANEL_WIDTH, self._window.width() - 16)
        left = max(8, min(corner.x() - width, self._window.width() - width - 8))
        self.panel.resize(width, self.panel.height())  # the rows' heights follow the width
        room = min(PANEL_MAX_HEIGHT, self._window.height() - corner.y() - 40)
        height = min(room, self.panel.wanted_height())
        self.panel.setGeometry(left, corner.y() + 2, width, max(60, height))

    def close_panel(self) -> None:
        self.panel.hide()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_current(self) -> None:
        chosen = self.panel.current_record()
        if chosen is None:
            return
        from kvalitet_desktop.ui.records import show_record_editor

        self.panel.hide()
        show_record_editor(self._window, self.ctx, chosen[0], chosen[1])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            if self.panel.isVisible():
                self._place_panel()
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key == Qt.Key.Key_Escape and self.panel.isVisible():
            self.close_panel()
            return True
        if watched is self.field and self.panel.isVisible():
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.panel.move_to(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
        if watched is self.panel.list and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.panel.move_to(1 if key == Qt.Key.Key_Down else -1)
            return True
        return False
