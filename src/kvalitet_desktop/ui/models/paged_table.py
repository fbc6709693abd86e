"""A table model over ``services.listing``: counted in SQL, fetched a page at a time.

The view asks only for the rows it shows, so a list of 50 000 åtgärder costs one COUNT and a
page or two of rows. Sorting and filtering go back to SQL and start over.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from kvalitet_desktop.domain import terms
from kvalitet_desktop.services import list_text, listing, settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.listing import ListQuery
from kvalitet_desktop.ui import errors
from kvalitet_desktop.ui.models.page_cache import PageCache, counted
from kvalitet_desktop.ui.widgets.overdue import OVERDUE_COLOUR, overdue_text

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 100
ARCHIVED_COLOUR = QColor("#6a6a6a")

_CONTEXT = list_text.HEADERS_CONTEXT
HEADERS = list_text.HEADERS
CAPITALISED = list_text.CAPITALISED
NUMERIC = frozenset({"events", "max_score"})
display_value = list_text.display_value


def _term(text: str) -> str:
    return QCoreApplication.translate(terms.TERMS_CONTEXT, text)


class PagedTableModel(QAbstractTableModel):
    """Rows of one record kind's list (a registry key) for a QTableView.

    ``Qt.ItemDataRole.UserRole`` on any cell gives the record id.
    """

    def __init__(
        self,
        ctx: Context,
        kind: str,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.kind = kind
        self.spec = listing.spec_for(kind)
        self.columns: tuple[str, ...] = self.spec.columns
        self.page_size = page_size
        self._query = ListQuery(limit=page_size)
        self._cache: PageCache[dict[str, Any]] = PageCache(
            page_size,
            lambda offset, limit: listing.fetch(
                self._ctx, self.kind, self._query.page(offset, limit)
            ),
            errors.report_fault,
        )
        # The risk value's colour band, as in the risk matrix (municipality setting).
        self._matrix = settings.risk_matrix(ctx) if "max_score" in self.columns else None
        self._count = counted(lambda: listing.count(ctx, kind, self._query), errors.report_fault)

    @property
    def fetch_count(self) -> int:
        """How many pages were read from the database (for tests)."""
        return self._cache.fetch_count

    def header_text(self, key: str) -> str:
        return list_text.header_text(self.spec, key, QCoreApplication.translate)

    def is_overdue(self, key: str, values: dict[str, Any], today: date | None = None) -> bool:
        """Whether cell ``key`` is a deadline that has passed without being met."""
        rule = self.spec.overdue
        return rule is not None and rule(key, values, today or date.today())

    # --- state ---------------------------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def sort_key(self) -> str | None:
        return self._query.sort

    @property
    def descending(self) -> bool:
        return self._query.descending

    def total(self) -> int:
        return self._count

    def has_filter(self) -> bool:
        q = self._query
        return bool(
            q.status
            or q.unit_id
            or (q.text and q.text.strip())
            or q.include_archived
            or q.date_from
            or q.date_to
        )

    def set_filter(
        self,
        *,
        status: str | None = None,
        unit_id: str | None = None,
        text: str | None = None,
        include_archived: bool = False,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> None:
        """Replace every filter at once and start over from the first row."""
        query = ListQuery(
            offset=0,
            limit=self.page_size,
            sort=self._query.sort,
            descending=self._query.descending,
            status=status or None,
            unit_id=unit_id or None,
            text=(text or "").strip() or None,
            include_archived=include_archived,
            date_from=date_from,
            date_to=date_to,
        )
        if query != self._query:
            self._reset(query)

    def refresh(self) -> None:
        """Read the list again (after a record was saved elsewhere)."""
        if self._matrix is not None:
            self._matrix = settings.risk_matrix(self._ctx)
        self._reset(self._query)

    def record_id(self, row: int) -> str | None:
        found = self._row(row)
        return None if found is None else str(found["id"])

    def row_values(self, row: int) -> dict[str, Any] | None:
        return self._row(row)

    def _reset(self, query: ListQuery) -> None:
        self.beginResetModel()
        self._query = query
        self._cache.clear()
        self._count = counted(
            lambda: listing.count(self._ctx, self.kind, query), errors.report_fault
        )
        self.endResetModel()

    def _row(self, row: int) -> dict[str, Any] | None:
        if row < 0 or row >= self._count:
            return None
        return self._cache.row(row)

    # --- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 – Qt's idiom
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_text(self.columns[section])
        if role == Qt.ItemDataRole.UserRole:
            return self.columns[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        if role not in _ROLES:
            return None
        values = self._row(index.row())
        if values is None:
            return None
        key = self.columns[index.column()]
        overdue = self.is_overdue(key, values)
        archived = bool(values.get("archived"))
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._cell_text(key, values)
            return overdue_text(text) if overdue else text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._full_text(key, values, overdue, archived)
        if role == Qt.ItemDataRole.UserRole:
            return str(values["id"])
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return OVERDUE_COLOUR
            return ARCHIVED_COLOUR if archived else None
        if role == Qt.ItemDataRole.FontRole:
            if overdue:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            score = values.get(key) if key == "max_score" else None
            if self._matrix is None or not isinstance(score, int):
                return None
            return QColor(self._matrix.band_for(score).color)
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole text, whatever the column's width: nothing identifying is cut unread.
            return self._full_text(key, values, overdue, archived) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_overdue(self, values: dict[str, Any]) -> bool:
        """Whether any deadline of the row has passed (one of its cells, or the list's own
        ``overdue`` value computed in SQL)."""
        return bool(values.get("overdue")) or any(
            self.is_overdue(key, values) for key in self.columns
        )

    def _cell_text(self, key: str, values: dict[str, Any]) -> str:
        """How the cell reads: the list's own wording where it has one, else the value."""
        return list_text.cell_text(self.spec, key, values, QCoreApplication.translate)

    def _full_text(self, key: str, values: dict[str, Any], overdue: bool, archived: bool) -> str:
        """A cell's whole text with what colour alone would say: the risk band, "försenad",
        "Makulerad". The title cell carries the row's marks, so a screen reader reading the
        row hears them first."""
        text = self._cell_text(key, values)
        score = values.get(key) if key == "max_score" else None
        if self._matrix is not None and isinstance(score, int):
            return f"{text} – {self._matrix.band_for(score).label}"
        if overdue:
            return overdue_text(text)
        marks = []
        if key == "title":
            if self.row_overdue(values):
                marks.append(_term(terms.OVERDUE))
            if archived:
                marks.append(_term(terms.ARCHIVED))
        return " – ".join([text, *marks]) if text and marks else text or " – ".join(marks)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        query = replace(
            self._query.page(0, self.page_size),
            sort=self.columns[column],
            descending=order == Qt.SortOrder.DescendingOrder,
        )
        if query != self._query:
            self._reset(query)


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.UserRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.DecorationRole,
    }
)
