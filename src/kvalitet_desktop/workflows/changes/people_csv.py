"""Reading a list of people affected from CSV text (pure: no files, no database).

The first line names the columns: ``kod`` (required), ``enhet``, ``insats``, ``vad som
förändras``, ``uppehåll på egen begäran`` (ja/nej). Semicolons or commas separate them. Every
row is checked; a bad row is named with its line number, and nothing is imported when any row
is bad (the service imports all rows in one unit of work)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from kvalitet_desktop.domain.errors import FieldError
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.individuals import BAD_CODE, normal_code
from kvalitet_desktop.domain.organisation import valid_individual_code
from kvalitet_desktop.domain.text_rules import TextKind, text_problem

_CONTEXT = "changes"

NO_HEADER = QT_TRANSLATE_NOOP(
    _CONTEXT, "Filen saknar rubrikraden med kolumnen ”kod” (och gärna enhet och insats)."
)
ROW_PROBLEM = QT_TRANSLATE_NOOP(_CONTEXT, "Rad {line}: {problem}")
TWICE = QT_TRANSLATE_NOOP(_CONTEXT, "{code} står redan på rad {first}.")
BAD_YES_NO = QT_TRANSLATE_NOOP(_CONTEXT, "”uppehåll på egen begäran” ska vara ja eller nej.")
EMPTY_FILE = QT_TRANSLATE_NOOP(_CONTEXT, "Filen innehåller inga personer.")

COLUMNS = {
    "kod": "code",
    "enhet": "unit",
    "insats": "insats",
    "vad som förändras": "what",
    "uppehåll på egen begäran": "paused",
}
_LIMITS = {"unit": TextKind.SHORT, "insats": TextKind.SHORT, "what": TextKind.MEDIUM}
_YES = {"ja", "j", "x", "1"}
_NO = {"nej", "n", "", "0"}


@dataclass(frozen=True)
class CsvPerson:
    line: int
    code: str
    unit: str | None  # a unit's name, as written
    insats: str | None
    what_changes_for_them: str | None
    paused_self: bool


def row_error(line: int, problem: str) -> FieldError:
    return FieldError(f"rad {line}", ROW_PROBLEM.format(line=line, problem=problem))


def read_people(text: str) -> tuple[list[CsvPerson], list[FieldError]]:
    """The people of ``text``, and a message per bad row (with its line number)."""
    lines = text.lstrip("\ufeff")
    dialect = (
        ";" if lines.split("\n", 1)[0].count(";") >= lines.split("\n", 1)[0].count(",") else ","
    )
    reader = csv.reader(io.StringIO(lines), delimiter=dialect)
    rows = list(reader)
    if not rows:
        return [], [FieldError("file", EMPTY_FILE)]
    header = [COLUMNS.get(h.strip().casefold(), "") for h in rows[0]]
    if "code" not in header:
        return [], [FieldError("file", NO_HEADER)]
    people: list[CsvPerson] = []
    errors: list[FieldError] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        values = {key: raw[i].strip() for i, key in enumerate(header) if key and i < len(raw)}
        problem = _problem(values)
        code = normal_code(values.get("code", ""))
        if problem is None and code in seen:
            problem = TWICE.format(code=code, first=seen[code])
        if problem is not None:
            errors.append(row_error(number, problem))
            continue
        seen[code] = number
        people.append(
            CsvPerson(
                number,
                code,
                values.get("unit") or None,
                values.get("insats") or None,
                values.get("what") or None,
                values.get("paused", "").casefold() in _YES,
            )
        )
    if not people and not errors:
        errors.append(FieldError("file", EMPTY_FILE))
    return people, errors


def _problem(values: dict[str, str]) -> str | None:
    for key, kind in _LIMITS.items():
        problem = text_problem(values.get(key, ""), kind)
        if problem:
            return problem
    code = values.get("code", "")
    if text_problem(code, TextKind.CODE) or not valid_individual_code(normal_code(code)):
        return BAD_CODE
    if values.get("paused", "").casefold() not in _YES | _NO:
        return BAD_YES_NO
    return None
