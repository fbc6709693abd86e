"""Lists as ``kvalitet list`` prints them without ``--json``: a row of headings, then one row
per record with its id last, columns separated by " | ", in the words of the list page (its
headings, capitalised statuses, "Planerad förändring i verksamheten", roles as "Enhetschef").

The JSON output keeps the stored values; this is only the text a person reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.exchange.list_export import OVERDUE_HEADING, row_overdue
from kvalitet_desktop.services.list_text import Translate, as_written, cell_text, header_text
from kvalitet_desktop.services.listing import ListSpec, Row
from kvalitet_desktop.services.organisation import UnitInfo, UserInfo

_CONTEXT = "CommandLine"
SEPARATOR = " | "
EMPTY = "–"  # an empty cell, so that the columns can be counted by eye

ID = QT_TRANSLATE_NOOP(_CONTEXT, "Id")
YES = QT_TRANSLATE_NOOP(_CONTEXT, "Ja")
NO = QT_TRANSLATE_NOOP(_CONTEXT, "Nej")
USER_HEADINGS = (
    QT_TRANSLATE_NOOP(_CONTEXT, "Inloggning"),
    QT_TRANSLATE_NOOP(_CONTEXT, "Namn"),
    QT_TRANSLATE_NOOP(_CONTEXT, "Titel"),
    QT_TRANSLATE_NOOP(_CONTEXT, "Roller"),
    QT_TRANSLATE_NOOP(_CONTEXT, "Enheter"),
    QT_TRANSLATE_NOOP(_CONTEXT, "Aktiv"),
)
UNIT_HEADINGS = (
    QT_TRANSLATE_NOOP(_CONTEXT, "Namn"),
    QT_TRANSLATE_NOOP(_CONTEXT, "Verksamhetsområde"),
    QT_TRANSLATE_NOOP(_CONTEXT, "Nämnd"),
    QT_TRANSLATE_NOOP(_CONTEXT, "Besöksadress"),
)


@dataclass(frozen=True)
class TextTable:
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def lines(self) -> Iterator[str]:
        """The heading row, then the rows; nothing when there are no rows."""
        if not self.rows:
            return
        for cells in (self.headings, *self.rows):
            yield SEPARATOR.join(cell.strip() or EMPTY for cell in cells)


def record_table(
    spec: ListSpec, rows: Iterable[Row], translate: Translate = as_written
) -> TextTable:
    """The list page's columns (and, for a list with deadlines, whether a row is late)."""
    headings = [header_text(spec, key, translate) for key in spec.columns]
    late = spec.overdue is not None
    if late:
        headings.append(translate("Exchange", OVERDUE_HEADING))
    today = date.today()
    lines = []
    for row in rows:
        cells = [_one_line(cell_text(spec, key, row, translate)) for key in spec.columns]
        if late:
            cells.append(translate(_CONTEXT, YES) if row_overdue(spec, row, today) else "")
        lines.append((*cells, str(row.get("id", ""))))
    return TextTable((*headings, translate(_CONTEXT, ID)), tuple(lines))


def user_table(users: Sequence[UserInfo], translate: Translate = as_written) -> TextTable:
    """The accounts as the Organisation page shows them: roles by their names."""
    yes, no = translate(_CONTEXT, YES), translate(_CONTEXT, NO)
    rows = tuple(
        (
            u.login,
            u.name,
            u.title or "",
            ", ".join(translate("Terms", role.label) for role in u.roles),
            ", ".join(u.units),
            yes if u.active else no,
            u.id,
        )
        for u in users
    )
    return TextTable(_headings(USER_HEADINGS, translate), rows)


def unit_table(units: Sequence[UnitInfo], translate: Translate = as_written) -> TextTable:
    """The units with the ids the ``--unit`` options take."""
    rows = tuple((u.name, u.area, u.board, _one_line(u.address or ""), u.id) for u in units)
    return TextTable(_headings(UNIT_HEADINGS, translate), rows)


def _headings(headings: Sequence[str], translate: Translate) -> tuple[str, ...]:
    return (*(translate(_CONTEXT, h) for h in headings), translate(_CONTEXT, ID))


def _one_line(text: str) -> str:
    """A cell on the row's line: a text's line breaks become spaces."""
    return " ".join(text.split())
