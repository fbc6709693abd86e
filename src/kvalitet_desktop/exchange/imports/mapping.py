"""Which column of a sheet fills which field, and which of its values mean which list entry.

A mapping is plain data, the same in the wizard, in the settings (remembered per file layout:
the hash of the normalised column names) and in the command line's MAPPING.json, whose format
docs/import-mapping.md describes: the kind, column -> field, per list field a table of the
sheet's values -> the list's, defaults for empty cells, and the column holding the sheet's own
row id if it has one.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.imports import ImportField

_CONTEXT = "Imports"

BAD_FILE = QT_TRANSLATE_NOOP(_CONTEXT, "Mappningsfilen {name} går inte att läsa som JSON: {reason}")
BAD_SHAPE = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Mappningsfilen {name} har fel form: {what} (se docs/import-mapping.md för formatet).",
)
WRONG_KIND = QT_TRANSLATE_NOOP(
    _CONTEXT, "Mappningsfilen gäller {found}, men importen gäller {expected}."
)
UNKNOWN_FIELD = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Kolumnen ”{column}” är kopplad till fältet ”{field}”, som inte finns. Välj bland: {known}.",
)
TWICE = QT_TRANSLATE_NOOP(
    _CONTEXT, "Fältet ”{field}” har två kolumner (”{first}” och ”{second}”). Välj en."
)


class MappingError(KvalitetError):
    """A mapping that cannot be used (a Swedish message)."""


@dataclass
class ColumnMapping:
    kind: str
    columns: dict[str, str] = field(default_factory=dict)  # column name -> field key
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> sheet -> choice
    defaults: dict[str, str] = field(default_factory=dict)  # field -> value when empty
    source_id_column: str | None = None

    def column_of(self, key: str) -> str | None:
        return next((c for c, f in self.columns.items() if f == key), None)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "columns": dict(self.columns),
            "values": {k: dict(v) for k, v in self.values.items() if v},
            "defaults": dict(self.defaults),
        }
        if self.source_id_column:
            data["source_id_column"] = self.source_id_column
        return data

    @classmethod
    def from_json(cls, data: Any, name: str = "") -> ColumnMapping:
        def shape(what: str) -> MappingError:
            return MappingError(BAD_SHAPE.format(name=name, what=what))

        if not isinstance(data, dict):
            raise shape(QT_TRANSLATE_NOOP(_CONTEXT, "den ska vara ett JSON-objekt"))
        kind = data.get("kind")
        if not isinstance(kind, str) or not kind:
            raise shape(QT_TRANSLATE_NOOP(_CONTEXT, "”kind” saknas"))
        columns = _text_map(data.get("columns", {}))
        if columns is None or not columns:
            raise shape(QT_TRANSLATE_NOOP(_CONTEXT, "”columns” ska koppla kolumnnamn till fält"))
        values_raw = data.get("values", {})
        if not isinstance(values_raw, dict):
            raise shape(QT_TRANSLATE_NOOP(_CONTEXT, "”values” ska vara ett objekt per fält"))
        values: dict[str, dict[str, str]] = {}
        for key, table in values_raw.items():
            found = _text_map(table)
            if found is None:
                raise shape(QT_TRANSLATE_NOOP(_CONTEXT, "”values” ska vara ett objekt per fält"))
            values[str(key)] = found
        defaults = _text_map(data.get("defaults", {}))
        if defaults is None:
            raise shape(QT_TRANSLATE_NOOP(_CONTEXT, "”defaults” ska koppla fält till värden"))
        source = data.get("source_id_column")
        if source is not None and not isinstance(source, str):
            raise shape(QT_TRANSLATE_NOOP(_CONTEXT, "”source_id_column” ska vara ett kolumnnamn"))
        return cls(kind, columns, values, defaults, source or None)


def _text_map(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return None
    return dict(value)


def load_mapping(path: Path | str) -> ColumnMapping:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise MappingError(BAD_FILE.format(name=path.name, reason=exc.strerror or exc)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MappingError(BAD_FILE.format(name=path.name, reason=exc)) from exc
    return ColumnMapping.from_json(data, path.name)


def check_mapping(mapping: ColumnMapping, kind: str, fields: Sequence[ImportField]) -> None:
    """Refuse a mapping of another kind, to unknown fields, or with a field twice."""
    if mapping.kind != kind:
        raise MappingError(WRONG_KIND.format(found=mapping.kind, expected=kind))
    known = {f.key for f in fields}
    chosen: dict[str, str] = {}
    for column, key in mapping.columns.items():
        if not key:
            continue
        if key not in known:
            raise MappingError(
                UNKNOWN_FIELD.format(column=column, field=key, known=", ".join(sorted(known)))
            )
        if key in chosen:
            raise MappingError(TWICE.format(field=key, first=chosen[key], second=column))
        chosen[key] = column


# --- names and suggestions -------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[^\w]+")


def normalise_name(name: str) -> str:
    """A column name as compared: NFC, lower case, punctuation and spaces as one space
    ("Enhet/Verksamhet " and "enhet verksamhet" are one name; å, ä and ö stay)."""
    text = unicodedata.normalize("NFC", name).casefold()
    return " ".join(_PUNCTUATION.sub(" ", text).replace("_", " ").split())


def layout_key(header: Sequence[str]) -> str:
    """The file layout: a hash of its normalised column names in order."""
    text = "\x1f".join(normalise_name(name) for name in header)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def suggest(header: Sequence[str], fields: Sequence[ImportField]) -> dict[str, str]:
    """Column -> field from the names: an exact name (the label, the key or a synonym) first,
    then a column name that begins with one; each field and column used once."""
    names = {f.key: _names_of(f) for f in fields}
    found: dict[str, str] = {}
    used: set[str] = set()
    for exact in (True, False):
        for column in header:
            if column in found:
                continue
            wanted = normalise_name(column)
            for item in fields:
                if item.key in used:
                    continue
                if any(_matches(wanted, n, exact) for n in names[item.key]):
                    found[column] = item.key
                    used.add(item.key)
                    break
    return found


def _names_of(item: ImportField) -> list[str]:
    return [normalise_name(n) for n in (item.label, item.key, *item.synonyms) if n]


def _matches(column: str, name: str, exact: bool) -> bool:
    if exact:
        return column == name
    return len(name) >= 4 and (column.startswith(name + " ") or name.startswith(column + " "))


def from_remembered(
    data: Mapping[str, Any] | None, kind: str, header: Sequence[str]
) -> ColumnMapping | None:
    """A remembered mapping, if it still fits the file (its columns are the file's)."""
    if not data:
        return None
    try:
        mapping = ColumnMapping.from_json(dict(data))
    except MappingError:
        return None
    if mapping.kind != kind or not set(mapping.columns) <= set(header):
        return None
    return mapping
