"""A table model over the audit log (``services.audit_review``): counted and filtered in SQL,
read a page at a time, newest entry first."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from kvalitet_desktop.services import audit_review
from kvalitet_desktop.services.audit_review import AuditQuery, AuditRow
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import errors
from kvalitet_desktop.ui.models.page_cache import PageCache, counted

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 100
_CONTEXT = "AuditTableModel"
COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", str(QT_TRANSLATE_NOOP(_CONTEXT, "Nr"))),
    ("at", str(QT_TRANSLATE_NOOP(_CONTEXT, "Tidpunkt"))),
    ("user", str(QT_TRANSLATE_NOOP(_CONTEXT, "Användare"))),
    ("action", str(QT_TRANSLATE_NOOP(_CONTEXT, "Händelse"))),
    ("entity", str(QT_TRANSLATE_NOOP(_CONTEXT, "Posttyp"))),
    ("entity_id", str(QT_TRANSLATE_NOOP(_CONTEXT, "Post-id"))),
    ("changes", str(QT_TRANSLATE_NOOP(_CONTEXT, "Ändringar (fält: före → efter)"))),
)
KEYS = tuple(key for key, _label in COLUMNS)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def local_time(row: AuditRow) -> str:
    """The log holds UTC; the reviewer reads the computer's own time."""
    return row.at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def cell_text(row: AuditRow, key: str) -> str:
    if key == "seq":
        return str(row.seq)
    if key == "at":
        return local_time(row)
    if key == "user":
        return f"{row.user_name} ({row.user_login})" if row.user_name else row.user_login
    if key == "action":
        return QCoreApplication.translate(audit_review.CONTEXT, row.action_label)
    if key == "entity":
        return QCoreApplication.translate(audit_review.CONTEXT, row.entity_label)
    if key == "entity_id":
        return row.entity_id
    return row.changes


def describe(row: AuditRow) -> str:
    """The whole entry in words, one line per part (the detail pane, screen readers)."""
    lines = [
        _tr("Nr {seq} · {at}").format(seq=row.seq, at=local_time(row)),
        _tr("Användare: {user}").format(user=cell_text(row, "user")),
        _tr("Händelse: {action}").format(action=cell_text(row, "action")),
        _tr("Post: {entity} {id}").format(entity=cell_text(row, "entity"), id=row.entity_id),
    ]
    if row.changes:
        lines.append(_tr("Ändringar:"))
        lines += [f"  {part}" for part in row.changes.split("; ")]
    return "\n".join(lines)


class AuditTableModel(QAbstractTableModel):
    """``Qt.ItemDataRole.UserRole`` on any cell gives the entry's number."""

    def __init__(
        self, ctx: Context, parent: QObject | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.page_size = page_size
        self._query = AuditQuery(limit=page_size)
        self._cache: PageCache[AuditRow] = PageCache(
            page_size,
            lambda offset, limit: audit_review.fetch(self._ctx, self._query.page(offset, limit)),
            errors.report_fault,
        )
        self._count = counted(lambda: audit_review.count(ctx, self._query), errors.report_fault)

    @property
    def fetch_count(self) -> int:
        """Pages read from the database (for tests)."""
        return self._cache.fetch_count

    @property
    def query(self) -> AuditQuery:
        return self._query

    def total(self) -> int:
        return self._count

    def set_query(self, query: AuditQuery) -> None:
        """Filter anew (``query``'s paging is the model's own) and start from the top."""
        query = replace(
            query, offset=0, limit=self.page_size, newest_first=self._query.newest_first
        )
        if query != self._query:
            self._reset(query)

    def refresh(self) -> None:
        self._reset(self._query)

    def entry(self, row: int) -> AuditRow | None:
        if row < 0 or row >= self._count:
            return None
        return self._cache.row(row)

    def _reset(self, query: AuditQuery) -> None:
        self.beginResetModel()
        self._query = query
        self._cache.clear()
        self._count = counted(lambda: audit_review.count(self._ctx, query), errors.report_fault)
        self.endResetModel()

    # --- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 – Qt's idiom
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section][1])
        if role == Qt.ItemDataRole.UserRole:
            return COLUMNS[section][0]
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
        if not index.isValid() or not 0 <= index.column() < len(COLUMNS):
            return None
        if role not in _ROLES:
            return None
        row = self.entry(index.row())
        if row is None:
            return None
        key = KEYS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(row) if key == "changes" else cell_text(row, key) or None
        if role == Qt.ItemDataRole.UserRole:
            return row.seq
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "seq":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """By number (and so by time), either way round; the log has no other order."""
        newest_first = order == Qt.SortOrder.DescendingOrder
        if KEYS[column : column + 1] in (("seq",), ("at",)) and (
            newest_first != self._query.newest_first
        ):
            self._reset(replace(self._query, newest_first=newest_first, offset=0))


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.UserRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }
)
