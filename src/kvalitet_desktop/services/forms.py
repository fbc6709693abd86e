"""Structured forms: the definition files under ``forms/`` and the answers filled in with them.

The catalog is read from the shipped folder and, when an administrator has chosen one, the
municipality's own folder; a form there adds a new form or replaces a shipped one with a
*higher* version. A broken file never stops the program: it is listed in
``FormCatalog.problems`` with a Swedish message naming the file and the key, and the other
forms load as usual.

Answers are stored with the form's id and version, and the first time a version is used its
definition text is copied into the database, so an old record still opens (and prints) with
the definition it was filled in with after the files have moved on.
"""

from __future__ import annotations

import json
import re
import threading
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, NotFound, ValidationFailed
from kvalitet_desktop.domain.forms import (
    FieldType,
    FormAnswers,
    FormDef,
    FormDefinitionError,
    parse_form,
    validate_answers,
)
from kvalitet_desktop.domain.roles import ORGANISATION_ADMINISTER, SETTINGS_CHANGE
from kvalitet_desktop.paths import shipped_dir
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.settings import read_setting, write_setting
from kvalitet_desktop.store.base import new_id
from kvalitet_desktop.store.models import FormDefinitionRecord, FormRecord

FORMS_FOLDER = "forms_folder"  # setting: the municipality's own forms folder (or null)

# Editable lists a definition may take its options from (``options_from``), kept as settings.
LEX_SARAH_CATEGORIES = "lex_sarah_categories"
CAUSE_AREAS = "cause_areas"
DEFAULT_LISTS: dict[str, tuple[str, ...]] = {
    LEX_SARAH_CATEGORIES: (
        "rättssäkerhet",
        "beviljad insats ej utförd",
        "beviljad insats felaktigt utförd",
        "bemötande",
        "fysisk miljö och teknik",
        "övergrepp",
        "brister i omsorg och tillsyn",
        "annat",
    ),
    CAUSE_AREAS: (
        "rutiner",
        "kompetens",
        "bemanning",
        "kommunikation",
        "teknik och miljö",
        "ledning och styrning",
        "samverkan",
    ),
}
LIST_TITLES: dict[str, str] = {
    LEX_SARAH_CATEGORIES: "Kategorier för lex Sarah-rapporter",
    CAUSE_AREAS: "Områden för orsaker",
}
MAX_LIST_VALUE = 200

# Every row of a repeating group gets a stable key under this name when it is saved, so other
# records (e.g. measures tied to a cause) can point at a row after rows are reordered.
ROW_KEY = "_key"


# --- the catalog -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormProblem:
    """A definition file that could not be used, and why (Swedish, names file and key)."""

    path: Path
    message: str
    form_id: str | None = None


class FormCatalog:
    """Every usable definition by (id, version), and the problems met while loading."""

    def __init__(self, forms: Iterable[FormDef] = (), problems: Iterable[FormProblem] = ()):
        self._forms: dict[tuple[str, int], FormDef] = {(f.id, f.version): f for f in forms}
        self.problems: list[FormProblem] = list(problems)

    def find(self, form_id: str, version: int | None = None) -> FormDef | None:
        """The definition, or None; without ``version`` the newest one."""
        if version is not None:
            return self._forms.get((form_id, version))
        versions = self.versions(form_id)
        return self._forms[(form_id, versions[-1])] if versions else None

    def get(self, form_id: str, version: int | None = None) -> FormDef:
        """Like ``find`` but raises NotFound with a message the user can act on."""
        form = self.find(form_id, version)
        if form is not None:
            return form
        if version is not None and self.versions(form_id):
            raise NotFound(f"Formuläret ”{form_id}” finns inte i version {version}.")
        broken = [p for p in self.problems if p.form_id == form_id]
        if broken:
            raise NotFound(f"Formuläret ”{form_id}” kan inte användas just nu: {broken[0].message}")
        raise NotFound(
            f"Formuläret ”{form_id}” finns inte. Kontrollera formulärmapparna under Inställningar."
        )

    def versions(self, form_id: str) -> list[int]:
        return sorted(v for (fid, v) in self._forms if fid == form_id)

    def forms(self) -> list[FormDef]:
        """The newest version of every form, sorted by title."""
        newest: dict[str, FormDef] = {}
        for form in self._forms.values():
            if form.id not in newest or form.version > newest[form.id].version:
                newest[form.id] = form
        return sorted(newest.values(), key=lambda f: (f.title.casefold(), f.id))

    def __contains__(self, form_id: object) -> bool:
        return any(fid == form_id for fid, _ in self._forms)


def load_definitions(folders: Sequence[Path]) -> FormCatalog:
    """Read every ``*.toml`` in ``folders``, in order (the shipped folder first).

    A later folder may add forms, or replace a form of an earlier folder by giving it a
    higher version that keeps every field (id and type) of the one it replaces; a lower or equal
    version, or one that drops fields, is reported and ignored. Older versions stay in
    the catalog, so records filled in with them still open.
    """
    loaded: dict[tuple[str, int], FormDef] = {}
    origin: dict[tuple[str, int], Path] = {}
    problems: list[FormProblem] = []
    for folder in folders:
        if not folder.is_dir():
            problems.append(
                FormProblem(
                    folder,
                    f"Formulärmappen {folder} finns inte eller kan inte läsas; formulären där "
                    "används inte.",
                )
            )
            continue
        newest_before: dict[str, int] = {}
        for form_id, version in loaded:
            newest_before[form_id] = max(version, newest_before.get(form_id, 0))
        for path in _definition_files(folder):
            try:
                form = read_definition(path)
            except FormDefinitionError as exc:
                problems.append(FormProblem(path, str(exc), _guess_id(path)))
                continue
            key = (form.id, form.version)
            earlier = newest_before.get(form.id)
            if earlier is not None and form.version <= earlier:
                problems.append(
                    FormProblem(
                        path,
                        f"Formuläret {path} används inte: ”{form.id}” finns redan i version "
                        f"{earlier} ({origin[(form.id, earlier)]}). Ett eget formulär ersätter "
                        "programmets bara om det har en högre version.",
                        form.id,
                    )
                )
                continue
            if earlier is not None:
                missing = _dropped_fields(loaded[(form.id, earlier)], form)
                if missing:
                    problems.append(
                        FormProblem(
                            path,
                            f"Formuläret {path} används inte: det saknar fält som programmet "
                            f"läser i ”{form.id}”: {', '.join(missing)}. Behåll fälten (med samma "
                            "id och typ) och lägg till egna.",
                            form.id,
                        )
                    )
                    continue
            if key in loaded:
                problems.append(
                    FormProblem(
                        path,
                        f"Formuläret {path} används inte: ”{form.id}” version {form.version} "
                        f"finns redan i {origin[key]}. Ge formuläret en ny version.",
                        form.id,
                    )
                )
                continue
            loaded[key] = form
            origin[key] = path
    return FormCatalog(loaded.values(), problems)


def _dropped_fields(replaced: FormDef, replacement: FormDef) -> list[str]:
    """Field ids (with their type) of ``replaced`` that ``replacement`` lacks: the program and
    the workflows read fields by id, so a replacement may add fields but not drop them."""
    kept = {(f.id, f.type) for _, f in replacement.fields()}
    return [f.id for _, f in replaced.fields() if (f.id, f.type) not in kept]


def _definition_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        return []


def read_definition(path: Path) -> FormDef:
    """Read and check one definition file; raises FormDefinitionError naming file and key."""
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise FormDefinitionError(
            source, "filen", "är inte sparad som UTF-8 (spara om den med teckenkodningen UTF-8)"
        ) from None
    except OSError as exc:
        raise FormDefinitionError(
            source, "filen", f"kan inte läsas ({exc.strerror or exc})"
        ) from None
    return parse_definition_text(text, source, strict=True)


def parse_definition_text(text: str, source: str, *, strict: bool = False) -> FormDef:
    """A FormDef from a definition's TOML text; ``strict`` also refuses unknown keys and
    wrongly typed values (used for files; stored copies were checked when first read)."""
    text = text.removeprefix("\ufeff")  # Windows editors may save a byte-order mark
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where, problem = _syntax_error(exc)
        raise FormDefinitionError(source, where, problem) from None
    try:
        if strict:
            _check_keys(data, source)
        form = parse_form(data, source)
    except FormDefinitionError as exc:
        hint = _where(data, exc.key)
        if not hint:
            raise
        raise FormDefinitionError(source, f"{exc.key} ({hint})", exc.problem) from None
    return replace(form, source_text=text)


_INDEXED = re.compile(r"(sections|fields)\[(\d+)\]")


def _where(data: Mapping[str, Any], key: str) -> str:
    """The section and field ids behind a key such as ``sections[2].fields[0].type``, so the
    author can find the place in the file."""
    names: list[str] = []
    node: Any = data
    for kind, index in _INDEXED.findall(key):
        items = node.get(kind) if isinstance(node, dict) else None
        if not isinstance(items, list) or int(index) >= len(items):
            break
        node = items[int(index)]
        item_id = node.get("id") if isinstance(node, dict) else None
        if isinstance(item_id, str) and item_id:
            names.append(f"{'sektionen' if kind == 'sections' else 'fältet'} ”{item_id}”")
    return ", ".join(names)


_TOML_MESSAGES = (
    ("Expected '=' after a key", "ett ”=” saknas efter nyckeln"),
    ("Invalid value", "ogiltigt värde (text ska stå inom citattecken)"),
    ("Unterminated string", "en text saknar avslutande citattecken"),
    ("Unclosed array", "en lista saknar avslutande ”]”"),
    ("Unclosed inline table", "en tabell saknar avslutande ”}”"),
    ("Cannot declare", "samma tabell anges två gånger"),
    ("Cannot overwrite a value", "samma nyckel anges två gånger"),
    ("Cannot mutate", "samma nyckel anges två gånger"),
    ("Expected newline or end of document", "raden fortsätter efter värdet"),
    ("Invalid initial character for a key", "ogiltig nyckel"),
    ("Illegal character", "otillåtet tecken"),
    ("Invalid statement", "raden går inte att tolka"),
    ("Expected ']'", "”]” saknas"),
    ("Invalid date", "ogiltigt datum"),
)
_AT = re.compile(
    r"^(?P<message>.*?)\s*\(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$"
)


def _syntax_error(exc: tomllib.TOMLDecodeError) -> tuple[str, str]:
    raw = str(exc)
    match = _AT.match(raw)
    message = match.group("message") if match else raw
    where = "slutet av filen"
    if match and match.group("line"):
        where = f"rad {match.group('line')}, kolumn {match.group('col')}"
    for prefix, swedish in _TOML_MESSAGES:
        if message.startswith(prefix):
            return where, f"fel i TOML-syntaxen: {swedish}"
    return where, f"fel i TOML-syntaxen ({message})"


def _guess_id(path: Path) -> str | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = data.get("id")
    return value if isinstance(value, str) and value else None


# --- strict checks of a file's keys ----------------------------------------------------------

_FORM_KEYS = frozenset({"id", "version", "title", "regulation", "reference", "sections"})
_SECTION_KEYS = frozenset({"id", "title", "help", "reference", "provenance", "fields"})
_FIELD_KEYS = frozenset(
    {
        "id",
        "type",
        "label",
        "help",
        "required",
        "options",
        "options_from",
        "motivation_when",
        "min",
        "max",
        "labels",
        "show_if",
        "fields",
        "min_rows",
        "reference",
    }
)
_TEXT_KEYS = ("title", "help", "label", "regulation")


def _check_keys(data: Mapping[str, Any], source: str) -> None:
    """Refuse what parse_form would silently ignore or misread: misspelt keys, ``required =
    "ja"``, a number given as text, options that are not a list, unknown editable lists."""
    _known(data, _FORM_KEYS, source, "")
    _check_types(data, source, "")
    sections = data.get("sections")
    if not isinstance(sections, list):
        return
    for i, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        path = f"sections[{i}]"
        _known(section, _SECTION_KEYS, source, path)
        _check_types(section, source, path)
        fields = section.get("fields")
        if isinstance(fields, list):
            for j, item in enumerate(fields):
                _check_field(item, source, f"{path}.fields[{j}]")


def _check_field(data: Any, source: str, path: str) -> None:
    if not isinstance(data, dict):
        return
    _known(data, _FIELD_KEYS, source, path)
    _check_types(data, source, path)
    show_if = data.get("show_if")
    if isinstance(show_if, dict):
        _known(show_if, frozenset({"field", "equals"}), source, f"{path}.show_if")
    options = data.get("options")
    if isinstance(options, list):
        for k, option in enumerate(options):
            if isinstance(option, dict):
                _known(option, frozenset({"value", "label"}), source, f"{path}.options[{k}]")
    listed = data.get("options_from")
    if isinstance(listed, str) and listed not in DEFAULT_LISTS:
        known = ", ".join(DEFAULT_LISTS)
        raise FormDefinitionError(
            source, f"{path}.options_from", f"okänd lista ”{listed}” (kända: {known})"
        )
    if isinstance(listed, str) and data.get("type") not in (
        FieldType.CHOICE.value,
        FieldType.MULTI_CHOICE.value,
    ):
        raise FormDefinitionError(
            source, f"{path}.options_from", "gäller bara fälttyperna choice och multichoice"
        )
    columns = data.get("fields")
    if isinstance(columns, list):
        for k, column in enumerate(columns):
            _check_field(column, source, f"{path}.fields[{k}]")


def _known(data: Mapping[str, Any], allowed: frozenset[str], source: str, path: str) -> None:
    for key in data:
        if key not in allowed:
            where = f"{path}.{key}" if path else key
            known = ", ".join(sorted(allowed))
            raise FormDefinitionError(source, where, f"okänd nyckel (tillåtna: {known})")


def _check_types(data: Mapping[str, Any], source: str, path: str) -> None:
    def where(key: str) -> str:
        return f"{path}.{key}" if path else key

    for key in ("required", "provenance"):
        if key in data and not isinstance(data[key], bool):
            raise FormDefinitionError(source, where(key), "ska vara true eller false")
    for key in ("min", "max", "min_rows"):
        value = data.get(key)
        if key in data and (not isinstance(value, int) or isinstance(value, bool)):
            raise FormDefinitionError(source, where(key), "ska vara ett heltal")
    if "min_rows" in data and data["min_rows"] < 0:
        raise FormDefinitionError(source, where("min_rows"), "kan inte vara negativt")
    for key in ("options", "labels", "sections", "fields"):
        if key in data and not isinstance(data[key], list):
            raise FormDefinitionError(source, where(key), "ska vara en lista")
    for key in _TEXT_KEYS:
        if key in data and not isinstance(data[key], str):
            raise FormDefinitionError(source, where(key), "ska vara text")


# --- the catalog for a database, cached ------------------------------------------------------

_cache_lock = threading.Lock()
_cache: dict[tuple[Path, ...], tuple[tuple[Any, ...], FormCatalog]] = {}


def definition_folders(own_folder: Path | None) -> list[Path]:
    """The shipped folder, then the municipality's own folder if one is chosen."""
    shipped = shipped_dir("forms")
    folders = [shipped]
    if own_folder is not None and not _same_folder(own_folder, shipped):
        folders.append(own_folder)
    return folders


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _signature(folders: Sequence[Path]) -> tuple[Any, ...]:
    parts: list[Any] = []
    for folder in folders:
        files: list[tuple[str, int, int]] = []
        for path in _definition_files(folder):
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((path.name, stat.st_mtime_ns, stat.st_size))
        parts.append((str(folder), folder.is_dir(), tuple(files)))
    return tuple(parts)


def cached_definitions(folders: Sequence[Path]) -> FormCatalog:
    """``load_definitions`` again only when a file in the folders was added, changed or
    removed (the same catalog object is returned otherwise)."""
    key = tuple(folders)
    signature = _signature(key)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == signature:
            return hit[1]
        catalog_ = load_definitions(key)
        if len(_cache) > 8:
            _cache.clear()
        _cache[key] = (signature, catalog_)
        return catalog_


def catalog(ctx: Context) -> FormCatalog:
    """The definitions of the shipped folder plus the municipality's own folder."""
    return cached_definitions(definition_folders(forms_folder(ctx)))


def forms_folder(ctx: Context) -> Path | None:
    with ctx.reading() as session:
        return forms_folder_in(session)


def forms_folder_in(session: Session) -> Path | None:
    try:
        value = read_setting(session, FORMS_FOLDER)
    except ValueError:  # a damaged setting: as if none were chosen
        return None
    return Path(value) if isinstance(value, str) and value.strip() else None


def set_forms_folder(ctx: Context, folder: Path | str | None) -> list[FormProblem]:
    """Choose (or with None, stop using) the municipality's own forms folder. Returns the
    problems of the catalog read with it, for the administrator to see at once."""
    ctx.require(ORGANISATION_ADMINISTER)
    value: str | None = None
    if folder is not None and str(folder).strip():
        path = Path(str(folder).strip()).expanduser()
        if not path.exists():
            raise ValidationFailed([FieldError(FORMS_FOLDER, f"Mappen {path} finns inte.")])
        if not path.is_dir():
            raise ValidationFailed(
                [FieldError(FORMS_FOLDER, f"{path} är en fil, inte en mapp. Välj en mapp.")]
            )
        if _same_folder(path, shipped_dir("forms")):
            raise ValidationFailed(
                [
                    FieldError(
                        FORMS_FOLDER,
                        "Det är programmets egen formulärmapp. Välj mappen med kommunens "
                        "egna formulär.",
                    )
                ]
            )
        value = str(path.resolve())
    write_setting(ctx, FORMS_FOLDER, value)
    return list(catalog(ctx).problems)


# --- editable lists --------------------------------------------------------------------------


def editable_lists(ctx: Context) -> dict[str, list[str]]:
    """The options of every editable list (``options_from``), by list name."""
    with ctx.reading() as session:
        return editable_lists_in(session)


def editable_lists_in(session: Session) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for key, default in DEFAULT_LISTS.items():
        try:
            value = read_setting(session, key)
        except ValueError:
            value = None
        ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        result[key] = list(value) if ok else list(default)
    return result


def set_editable_list(ctx: Context, key: str, values: Sequence[str]) -> list[str]:
    """Replace an editable list; values are trimmed, must be non-empty and unique. Returns the
    stored list."""
    ctx.require(SETTINGS_CHANGE)
    if key not in DEFAULT_LISTS:
        raise ValidationFailed([FieldError("key", f"Det finns ingen lista som heter ”{key}”.")])
    cleaned = [" ".join(str(v).split()) for v in values]
    errors: list[FieldError] = []
    seen: set[str] = set()
    for position, value in enumerate(cleaned, start=1):
        if not value:
            errors.append(FieldError(key, f"Rad {position} är tom."))
        elif len(value) > MAX_LIST_VALUE:
            errors.append(
                FieldError(key, f"Rad {position} är för lång (högst {MAX_LIST_VALUE} tecken).")
            )
        elif value.casefold() in seen:
            errors.append(FieldError(key, f"”{value}” finns redan i listan."))
        seen.add(value.casefold())
    if not cleaned:
        errors.append(FieldError(key, f"{LIST_TITLES[key]}: listan behöver minst ett värde."))
    if errors:
        raise ValidationFailed(errors)
    write_setting(ctx, key, cleaned)
    return cleaned


# --- stored definitions and answers ----------------------------------------------------------


def ensure_snapshot(session: Session, form: FormDef) -> None:
    """Keep a copy of the definition in the database the first time a record uses it."""
    if not form.source_text:
        raise ValueError(f"form {form.id} v{form.version} has no source text to store")
    exists = session.scalar(
        select(FormDefinitionRecord.id).where(
            FormDefinitionRecord.form_id == form.id,
            FormDefinitionRecord.version == form.version,
        )
    )
    if exists is None:
        session.add(
            FormDefinitionRecord(
                form_id=form.id,
                version=form.version,
                title=form.title[:300],
                source_text=form.source_text,
                origin=form.source[-300:],
            )
        )


def definition_for(session: Session, catalog_: FormCatalog, form_id: str, version: int) -> FormDef:
    """The definition a record was filled in with: from the files if they still have that
    version, else from the copy kept in the database."""
    form = catalog_.find(form_id, version)
    if form is not None:
        return form
    row = session.scalar(
        select(FormDefinitionRecord).where(
            FormDefinitionRecord.form_id == form_id,
            FormDefinitionRecord.version == version,
        )
    )
    if row is None:
        raise NotFound(
            f"Formuläret ”{form_id}” version {version} finns inte i formulärmapparna, och "
            "ingen sparad kopia av det finns i databasen."
        )
    stored = _parse_stored(row.source_text, f"{row.origin} (sparad kopia)")
    if (stored.id, stored.version) != (form_id, version):
        raise FormDefinitionError(
            stored.source, "id", f"den sparade kopian gäller inte ”{form_id}” version {version}"
        )
    return stored


@lru_cache(maxsize=64)
def _parse_stored(text: str, source: str) -> FormDef:
    return parse_definition_text(text, source)


def save_answers(
    session: Session, owner_kind: str, owner_id: str, form: FormDef, answers: FormAnswers
) -> None:
    """Insert or update the answers of ``owner_kind``/``owner_id`` (one form per owner kind).

    Only malformed values are refused here (``ValidationFailed``); completeness is the
    caller's rule. Rows of repeating groups without a ``ROW_KEY`` get one, in place, so the
    caller sees it. Nothing is written when neither the answers nor the form version changed.
    """
    _assign_row_keys(form, answers)
    problems = validate_answers(form, answers, require_complete=False)
    if problems:
        raise ValidationFailed(problems)
    # Stored as NFC, like every other text (JSON's own characters are unchanged by it).
    text = unicodedata.normalize("NFC", _dump(answers.to_json()))
    data = json.loads(text)
    row = session.scalar(
        select(FormRecord).where(
            FormRecord.owner_kind == owner_kind, FormRecord.owner_id == owner_id
        )
    )
    if row is None:
        ensure_snapshot(session, form)
        session.add(
            FormRecord(
                owner_kind=owner_kind,
                owner_id=owner_id,
                form_id=form.id,
                form_version=form.version,
                answers=text,
            )
        )
        return
    same_form = (row.form_id, row.form_version) == (form.id, form.version)
    if same_form and _loads(row.answers) == data:
        return
    ensure_snapshot(session, form)
    if not same_form:
        row.form_id, row.form_version = form.id, form.version
    row.answers = text


def load_answers(
    session: Session, catalog_: FormCatalog, owner_kind: str, owner_id: str
) -> tuple[FormDef, FormAnswers] | None:
    """The stored answers with the definition (version) they were filled in with, or None."""
    row = session.scalar(
        select(FormRecord).where(
            FormRecord.owner_kind == owner_kind, FormRecord.owner_id == owner_id
        )
    )
    if row is None:
        return None
    form = definition_for(session, catalog_, row.form_id, row.form_version)
    data = _loads(row.answers)
    if data is None:
        raise KvalitetError(
            f"De sparade svaren i formuläret ”{form.title}” är skadade och kan inte visas. "
            "Återställ databasen från en säkerhetskopia eller kontakta administratören."
        )
    return form, FormAnswers.from_json(data)


def _assign_row_keys(form: FormDef, answers: FormAnswers) -> None:
    for _, f in form.fields():
        if f.type is not FieldType.GROUP:
            continue
        rows = answers.values.get(f.id)
        if not isinstance(rows, list):
            continue
        for row in rows:
            if isinstance(row, dict) and not row.get(ROW_KEY):
                row[ROW_KEY] = new_id()


def _dump(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def _loads(text: str) -> dict[str, Any] | None:
    try:
        data = json.loads(text or "{}")
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None
