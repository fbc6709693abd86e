"""The form-definition model: sections and typed fields, declared in files under ``forms/``.

One definition drives the GUI form, the validation (here) and the PDF. Definitions are parsed
from plain dicts (the loader reads TOML); a broken definition raises ``FormDefinitionError``
naming the file and the key. Answers are JSON-friendly values keyed by field id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from kvalitet_desktop.domain.errors import FieldError, KvalitetError
from kvalitet_desktop.domain.organisation import valid_individual_code
from kvalitet_desktop.domain.text_rules import TextKind, date_problem, text_problem


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "longtext"
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"
    MULTI_CHOICE = "multichoice"
    YES_NO = "yesno"
    SCALE = "scale"
    USER = "user"
    UNIT = "unit"
    INDIVIDUAL = "individual"
    GROUP = "group"


class Nature(StrEnum):
    """Whether a documented item is a fact or an assessment (SOSFS 2011:5)."""

    FACT = "fakta"
    ASSESSMENT = "bedömning"


# The length and line rules of each kind of text answer.
TEXT_KINDS = {
    FieldType.TEXT: TextKind.MEDIUM,
    FieldType.LONG_TEXT: TextKind.LONG,
    FieldType.USER: TextKind.CODE,
    FieldType.UNIT: TextKind.CODE,
}

YES = "ja"
NO = "nej"
# Values an "individual" field takes besides a pseudonymous code.
INDIVIDUAL_SPECIAL = ("flera", "okänd")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class FormDefinitionError(KvalitetError):
    """A form definition file is unusable; the message names the file and the key."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        self.source, self.key, self.problem = source, key, problem
        super().__init__(f"Formuläret {source} kan inte användas: {key}: {problem}")


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Condition:
    """Show a field only when another field's answer is one of ``values``."""

    field: str
    values: tuple[str, ...]

    def holds(self, answer: Any) -> bool:
        if isinstance(answer, list):
            return any(str(a) in self.values for a in answer)
        if isinstance(answer, dict):  # yes/no with motivation
            answer = answer.get("svar")
        if isinstance(answer, bool):
            answer = YES if answer else NO
        return answer is not None and str(answer) in self.values


@dataclass(frozen=True)
class FieldDef:
    id: str
    type: FieldType
    label: str
    help: str = ""
    required: bool = False
    show_if: Condition | None = None
    options: tuple[Option, ...] = ()
    # Editable lists kept as data (e.g. "lex_sarah_categories"): options come from there.
    options_from: str | None = None
    # yes/no: the answer that demands a motivation ("ja" or "nej"), if any.
    motivation_when: str | None = None
    scale_min: int = 1
    scale_max: int = 5
    scale_labels: tuple[str, ...] = ()
    fields: tuple[FieldDef, ...] = ()  # columns of a repeating group
    min_rows: int = 0
    reference: str | None = None  # code in the legal reference table

    def option_label(self, value: str) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return value


@dataclass(frozen=True)
class SectionDef:
    id: str
    title: str
    help: str = ""
    fields: tuple[FieldDef, ...] = ()
    reference: str | None = None
    # Every answered field here carries date, source, fact/assessment and who documented it.
    provenance: bool = False


@dataclass(frozen=True)
class FormDef:
    id: str
    version: int
    title: str
    regulation: str = ""
    reference: str | None = None
    sections: tuple[SectionDef, ...] = ()
    source: str = ""
    # The definition file's text as read (TOML); the loader fills it in so a copy can be kept
    # with the records filled in with this version. Not part of equality.
    source_text: str = field(default="", repr=False, compare=False)

    def fields(self) -> list[tuple[SectionDef, FieldDef]]:
        return [(s, f) for s in self.sections for f in s.fields]

    def field(self, field_id: str) -> FieldDef:
        for _, f in self.fields():
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def section_of(self, field_id: str) -> SectionDef:
        for section, f in self.fields():
            if f.id == field_id:
                return section
        raise KeyError(field_id)


@dataclass(frozen=True)
class Provenance:
    documented_on: str  # YYYY-MM-DD
    source: str  # interview with whom, document, observation
    nature: Nature
    documented_by: str  # name and title

    def to_json(self) -> dict[str, str]:
        return {
            "documented_on": self.documented_on,
            "source": self.source,
            "nature": self.nature.value,
            "documented_by": self.documented_by,
        }


@dataclass
class FormAnswers:
    """What was filled in: values by field id, and provenance by field id where required."""

    values: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "values": self.values,
            "provenance": {k: p.to_json() for k, p in self.provenance.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> FormAnswers:
        data = data or {}
        provenance = {}
        for key, item in dict(data.get("provenance") or {}).items():
            try:
                provenance[key] = Provenance(
                    str(item["documented_on"]),
                    str(item["source"]),
                    Nature(item["nature"]),
                    str(item["documented_by"]),
                )
            except (KeyError, ValueError, TypeError):
                continue
        return cls(dict(data.get("values") or {}), provenance)


# --- parsing ---------------------------------------------------------------------------------


def parse_form(data: Mapping[str, Any], source: str) -> FormDef:
    """Build a FormDef from a parsed TOML table, checking everything a renderer relies on."""
    form_id = _str(data, "id", source, "id")
    if not _ID.match(form_id):
        raise FormDefinitionError(source, "id", "bara a–z, siffror och understreck")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormDefinitionError(source, "version", "ska vara ett heltal från 1")
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise FormDefinitionError(source, "sections", "minst en sektion behövs ([[sections]])")
    sections = tuple(_section(s, source, f"sections[{i}]") for i, s in enumerate(raw_sections))
    form = FormDef(
        id=form_id,
        version=version,
        title=_str(data, "title", source, "title"),
        regulation=str(data.get("regulation", "")),
        reference=_opt_str(data, "reference", source, "reference"),
        sections=sections,
        source=source,
    )
    _check_ids_and_conditions(form)
    return form


def _str(data: Mapping[str, Any], key: str, source: str, path: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FormDefinitionError(source, path, "saknas eller är tom")
    return value


def _opt_str(data: Mapping[str, Any], key: str, source: str, path: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise FormDefinitionError(source, path, "ska vara text")
    return value


def _section(data: Any, source: str, path: str) -> SectionDef:
    if not isinstance(data, dict):
        raise FormDefinitionError(source, path, "ska vara en tabell")
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise FormDefinitionError(source, f"{path}.fields", "minst ett fält behövs")
    return SectionDef(
        id=_str(data, "id", source, f"{path}.id"),
        title=_str(data, "title", source, f"{path}.title"),
        help=str(data.get("help", "")),
        fields=tuple(_field(f, source, f"{path}.fields[{i}]") for i, f in enumerate(raw_fields)),
        reference=_opt_str(data, "reference", source, f"{path}.reference"),
        provenance=bool(data.get("provenance", False)),
    )


def _field(data: Any, source: str, path: str, *, in_group: bool = False) -> FieldDef:
    if not isinstance(data, dict):
        raise FormDefinitionError(source, path, "ska vara en tabell")
    field_id = _str(data, "id", source, f"{path}.id")
    if not _ID.match(field_id):
        raise FormDefinitionError(source, f"{path}.id", f"”{field_id}”: bara a–z, siffror och _")
    raw_type = _str(data, "type", source, f"{path}.type")
    try:
        kind = FieldType(raw_type)
    except ValueError:
        known = ", ".join(t.value for t in FieldType)
        raise FormDefinitionError(
            source, f"{path}.type", f"okänd fälttyp ”{raw_type}” (kända: {known})"
        ) from None
    options = tuple(
        _option(o, source, f"{path}.options[{i}]") for i, o in enumerate(data.get("options", []))
    )
    options_from = _opt_str(data, "options_from", source, f"{path}.options_from")
    if kind in (FieldType.CHOICE, FieldType.MULTI_CHOICE) and not options and not options_from:
        raise FormDefinitionError(source, f"{path}.options", "ett valfält behöver alternativ")
    motivation = data.get("motivation_when")
    if motivation is not None and (kind is not FieldType.YES_NO or motivation not in (YES, NO)):
        raise FormDefinitionError(
            source, f"{path}.motivation_when", "gäller ja/nej-fält och ska vara ”ja” eller ”nej”"
        )
    sub_fields: tuple[FieldDef, ...] = ()
    if kind is FieldType.GROUP:
        if in_group:
            raise FormDefinitionError(source, path, "en upprepad grupp kan inte ligga i en annan")
        raw = data.get("fields")
        if not isinstance(raw, list) or not raw:
            raise FormDefinitionError(source, f"{path}.fields", "en grupp behöver kolumner")
        sub_fields = tuple(
            _field(f, source, f"{path}.fields[{i}]", in_group=True) for i, f in enumerate(raw)
        )
    scale_min, scale_max = int(data.get("min", 1)), int(data.get("max", 5))
    if kind is FieldType.SCALE and scale_min >= scale_max:
        raise FormDefinitionError(source, f"{path}.max", "skalans max ska vara större än min")
    labels = data.get("labels", [])
    if kind is FieldType.SCALE and labels and len(labels) != scale_max - scale_min + 1:
        raise FormDefinitionError(source, f"{path}.labels", "en benämning per steg i skalan")
    condition = None
    if "show_if" in data:
        raw_if = data["show_if"]
        if not isinstance(raw_if, dict) or "field" not in raw_if:
            raise FormDefinitionError(source, f"{path}.show_if", "ange field och equals")
        equals = raw_if.get("equals")
        values = tuple(str(v) for v in (equals if isinstance(equals, list) else [equals]))
        if not values or values == ("None",):
            raise FormDefinitionError(source, f"{path}.show_if.equals", "saknas")
        condition = Condition(str(raw_if["field"]), values)
    return FieldDef(
        id=field_id,
        type=kind,
        label=_str(data, "label", source, f"{path}.label"),
        help=str(data.get("help", "")),
        required=bool(data.get("required", False)),
        show_if=condition,
        options=options,
        options_from=options_from,
        motivation_when=motivation,
        scale_min=scale_min,
        scale_max=scale_max,
        scale_labels=tuple(str(x) for x in labels),
        fields=sub_fields,
        min_rows=int(data.get("min_rows", 0)),
        reference=_opt_str(data, "reference", source, f"{path}.reference"),
    )


def _option(data: Any, source: str, path: str) -> Option:
    if isinstance(data, str):
        return Option(data, data)
    if isinstance(data, dict) and "value" in data:
        return Option(str(data["value"]), str(data.get("label", data["value"])))
    raise FormDefinitionError(source, path, "ett alternativ är text eller {value, label}")


def _check_ids_and_conditions(form: FormDef) -> None:
    seen: set[str] = set()
    for i, section in enumerate(form.sections):
        for j, f in enumerate(section.fields):
            if f.id in seen:
                raise FormDefinitionError(
                    form.source, f"sections[{i}].fields[{j}].id", f"”{f.id}” finns redan"
                )
            seen.add(f.id)
    for i, section in enumerate(form.sections):
        for j, f in enumerate(section.fields):
            if f.show_if and f.show_if.field not in seen:
                raise FormDefinitionError(
                    form.source,
                    f"sections[{i}].fields[{j}].show_if.field",
                    f"fältet ”{f.show_if.field}” finns inte i formuläret",
                )


# --- answers ---------------------------------------------------------------------------------


def is_visible(f: FieldDef, values: Mapping[str, Any]) -> bool:
    return f.show_if is None or f.show_if.holds(values.get(f.show_if.field))


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        if isinstance(value, dict) and "svar" in value:
            return is_empty(value.get("svar"))
        return len(value) == 0
    return False


def validate_answers(
    form: FormDef,
    answers: FormAnswers,
    dynamic_options: Mapping[str, Sequence[str]] | None = None,
    *,
    require_complete: bool = True,
) -> list[FieldError]:
    """Every problem with ``answers``; field keys are field ids (``group.row.column`` inside
    repeating groups, ``<id>.motivering`` and ``<id>.provenance`` for those parts).

    With ``require_complete=False`` (saving a draft) only malformed values are reported.
    """
    errors: list[FieldError] = []
    values = answers.values
    for section, f in form.fields():
        if not is_visible(f, values):
            continue
        value = values.get(f.id)
        errors += _check_value(f, f.id, value, dynamic_options or {}, require_complete)
        if section.provenance and not is_empty(value) and require_complete:
            if f.id not in answers.provenance:
                errors.append(
                    FieldError(
                        f"{f.id}.provenance",
                        f"{f.label}: ange datum, källa, om det är fakta eller bedömning och vem "
                        "som dokumenterade.",
                    )
                )
            else:
                errors += _check_provenance(f, answers.provenance[f.id])
    return errors


def _check_provenance(f: FieldDef, item: Provenance) -> list[FieldError]:
    for part in (item.documented_on, item.source, item.documented_by):
        if not isinstance(part, str):
            return [FieldError(f"{f.id}.provenance", f"{f.label}: ogiltig dokumentation.")]
        problem = text_problem(part, TextKind.MEDIUM)
        if problem:
            return [FieldError(f"{f.id}.provenance", f"{f.label}: {problem}")]
    problems = []
    if _parse_date(item.documented_on) is None:
        problems.append("datum (ÅÅÅÅ-MM-DD)")
    if not item.source.strip():
        problems.append("källa")
    if not item.documented_by.strip():
        problems.append("vem som dokumenterade (namn och titel)")
    if not problems:
        return []
    return [FieldError(f"{f.id}.provenance", f"{f.label}: ange {', '.join(problems)}.")]


def _check_value(
    f: FieldDef,
    key: str,
    value: Any,
    dynamic: Mapping[str, Sequence[str]],
    require_complete: bool,
) -> list[FieldError]:
    if is_empty(value):
        if f.required and require_complete:
            return [FieldError(key, f"{f.label}: måste fyllas i.")]
        if f.type is FieldType.GROUP and f.min_rows and require_complete:
            return [FieldError(key, f"{f.label}: minst {f.min_rows} rad(er) behövs.")]
        return []
    kind = f.type
    if kind in TEXT_KINDS:
        if not isinstance(value, str):
            return [FieldError(key, f"{f.label}: ska vara text.")]
        problem = text_problem(value, TEXT_KINDS[kind])
        return [FieldError(key, f"{f.label}: {problem}")] if problem else []
    if kind is FieldType.DATE:
        day = _parse_date(value) if isinstance(value, str) else None
        if day is not None:
            return _date_errors(f, key, day)
        return [FieldError(key, f"{f.label}: skriv datumet som ÅÅÅÅ-MM-DD.")]
    if kind is FieldType.DATETIME:
        moment = _parse_datetime(value) if isinstance(value, str) else None
        if moment is not None:
            return _date_errors(f, key, moment.date())
        return [FieldError(key, f"{f.label}: skriv tiden som ÅÅÅÅ-MM-DD TT:MM.")]
    if kind in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
        allowed = _allowed(f, dynamic)
        chosen = value if isinstance(value, list) else [value]
        if kind is FieldType.CHOICE and isinstance(value, list):
            return [FieldError(key, f"{f.label}: välj ett alternativ.")]
        bad = [str(v) for v in chosen if allowed is not None and str(v) not in allowed]
        if bad:
            return [FieldError(key, f"{f.label}: okänt val ”{bad[0]}”.")]
        return []
    if kind is FieldType.YES_NO:
        answer = value.get("svar") if isinstance(value, dict) else value
        if answer not in (YES, NO):
            return [FieldError(key, f"{f.label}: svara ja eller nej.")]
        motivation = value.get("motivering", "") if isinstance(value, dict) else ""
        if not isinstance(motivation, str | None):
            return [FieldError(f"{key}.motivering", f"{f.label}: motiveringen ska vara text.")]
        problem = text_problem(motivation, TextKind.LONG) if motivation else None
        if problem:
            return [FieldError(f"{key}.motivering", f"{f.label}: {problem}")]
        if f.motivation_when == answer and not str(motivation or "").strip() and require_complete:
            return [FieldError(f"{key}.motivering", f"{f.label}: motivera svaret ”{answer}”.")]
        return []
    if kind is FieldType.SCALE:
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and f.scale_min <= value <= f.scale_max
        ):
            return []
        return [FieldError(key, f"{f.label}: välj ett värde {f.scale_min}–{f.scale_max}.")]
    if kind is FieldType.INDIVIDUAL:
        if isinstance(value, str) and (value in INDIVIDUAL_SPECIAL or valid_individual_code(value)):
            return []
        return [
            FieldError(
                key,
                f"{f.label}: ange en pseudonymiserad kod (aldrig personnummer), ”flera” eller "
                "”okänd”.",
            )
        ]
    # group
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        return [FieldError(key, f"{f.label}: ogiltiga rader.")]
    errors: list[FieldError] = []
    if require_complete and len(value) < f.min_rows:
        errors.append(FieldError(key, f"{f.label}: minst {f.min_rows} rad(er) behövs."))
    for n, row in enumerate(value):
        for column in f.fields:
            if is_visible(column, row):
                errors += _check_value(
                    column, f"{key}.{n}.{column.id}", row.get(column.id), dynamic, require_complete
                )
    return errors


def _date_errors(f: FieldDef, key: str, day: date) -> list[FieldError]:
    problem = date_problem(day)
    return [FieldError(key, f"{f.label}: {problem}")] if problem else []


def _allowed(f: FieldDef, dynamic: Mapping[str, Sequence[str]]) -> set[str] | None:
    if f.options_from:
        extra = dynamic.get(f.options_from)
        if extra is None:
            return None  # the list is not known here; the service checks it
        return {*extra, *(o.value for o in f.options)}
    return {o.value for o in f.options}


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def _parse_datetime(text: str) -> datetime | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}", text):
        return None
    try:
        return datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        return None


# --- lookups for rendering -------------------------------------------------------------------


@dataclass(frozen=True)
class FormLookups:
    """What a renderer (GUI form or PDF) needs besides the definition and the answers.

    ``users`` and ``units`` are (id, name) pairs for user and unit fields; ``lists`` holds the
    editable lists named by ``options_from``; ``documented_by`` is the default "documented by"
    text of provenance (the current user's name and title).
    """

    users: tuple[tuple[str, str], ...] = ()
    units: tuple[tuple[str, str], ...] = ()
    lists: Mapping[str, Sequence[str]] = field(default_factory=dict)
    documented_by: str = ""

    def user_name(self, user_id: str) -> str | None:
        return next((name for uid, name in self.users if uid == user_id), None)

    def unit_name(self, unit_id: str) -> str | None:
        return next((name for uid, name in self.units if uid == unit_id), None)

    def options_for(self, f: FieldDef) -> tuple[Option, ...]:
        """The field's own options followed by the entries of its ``options_from`` list."""
        options = list(f.options)
        if f.options_from:
            known = {o.value for o in options}
            for entry in self.lists.get(f.options_from, ()):
                if entry not in known:
                    known.add(entry)
                    options.append(Option(entry, entry))
        return tuple(options)

    def option_label(self, f: FieldDef, value: str) -> str:
        for option in self.options_for(f):
            if option.value == value:
                return option.label
        return value


def individual_answers(form: FormDef, answers: FormAnswers) -> list[tuple[str, str]]:
    """Every code answered in the form's "individual" fields, with its field key (as
    ``validate_answers`` names it), so a service can check each against a register."""
    found: list[tuple[str, str]] = []
    values = answers.values
    for _, f in form.fields():
        value = values.get(f.id)
        if f.type is FieldType.INDIVIDUAL and isinstance(value, str) and value.strip():
            found.append((f.id, value))
        elif f.type is FieldType.GROUP and isinstance(value, list):
            for n, row in enumerate(value):
                for column in f.fields:
                    cell = row.get(column.id) if isinstance(row, dict) else None
                    is_code = column.type is FieldType.INDIVIDUAL and isinstance(cell, str)
                    if is_code and str(cell).strip():
                        found.append((f"{f.id}.{n}.{column.id}", str(cell)))
    return found
