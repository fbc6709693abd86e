"""Rules every text and date typed into the program obeys, whichever record it belongs to.

A text field is of one ``TextKind`` (its length limit, and whether it may hold line breaks);
a record kind names the kind of each of its fields in its own ``domain.py``. ``clean_input``
walks an input dataclass, normalises every text to NFC and collects a Swedish message per
field that breaks a rule, so a service refuses the whole input at once.
"""

from __future__ import annotations

import dataclasses
import re
import typing
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from kvalitet_desktop.domain.errors import Collector, FieldError, NotFound, ValidationFailed
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "TextRules"


class TextKind(Enum):
    """(limit in characters, line breaks and tabs allowed)."""

    CODE = (40, False)  # codes, logins, keys
    SHORT = (200, False)  # titles, names
    MEDIUM = (2_000, True)  # a line or a paragraph: reasons, addresses, short answers
    LONG = (100_000, True)  # descriptions, investigations

    @property
    def limit(self) -> int:
        return self.value[0]

    @property
    def multiline(self) -> bool:
        return self.value[1]


EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

_TOO_LONG = QT_TRANSLATE_NOOP(
    _CONTEXT, "Texten är för lång: högst {limit} tecken (den har {length})."
)
_NUL = QT_TRANSLATE_NOOP(_CONTEXT, "Texten innehåller ett nolltecken (NUL); ta bort det.")
_CONTROL = QT_TRANSLATE_NOOP(
    _CONTEXT, "Texten innehåller ett osynligt styrtecken (position {position}); ta bort det."
)
_LINE_BREAK = QT_TRANSLATE_NOOP(
    _CONTEXT, "Fältet ska vara en rad: ta bort radbrytningar och tabbar (högst {limit} tecken)."
)
_SURROGATE = QT_TRANSLATE_NOOP(
    _CONTEXT, "Texten innehåller ett trasigt tecken (position {position}); skriv om det."
)
_NOT_TEXT = QT_TRANSLATE_NOOP(_CONTEXT, "Ogiltigt värde: här ska stå en text.")
_NOT_DATE = QT_TRANSLATE_NOOP(_CONTEXT, "Ogiltigt datum: ange ett datum (ÅÅÅÅ-MM-DD).")
_OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    _CONTEXT, "Datumet {day} ligger utanför det rimliga: mellan {earliest} och {latest}."
)
_NOT_NUMBER = QT_TRANSLATE_NOOP(_CONTEXT, "Ogiltigt värde: här ska stå ett heltal.")
_NOT_CHOICE = QT_TRANSLATE_NOOP(_CONTEXT, "Ogiltigt värde: välj ett av alternativen.")
_PERSONAL_NUMBER_FOUND = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Texten ser ut att innehålla ett personnummer eller samordningsnummer ({found}). "
    "Ta bort det: skriv aldrig personnummer här.",
)

# Controls other than line breaks and tabs; DEL and the C1 block too.
_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_CONTROLS = re.compile(r"[\t\n\r]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def text_problem(value: str, kind: TextKind) -> str | None:
    """Why ``value`` may not be stored in a field of ``kind``, or None. Checked before NFC
    normalisation, since a lone surrogate cannot be normalised."""
    if not isinstance(value, str):
        return _NOT_TEXT
    if "\x00" in value:
        return _NUL
    if match := _SURROGATES.search(value):
        return _SURROGATE.format(position=match.start() + 1)
    if match := _CONTROLS.search(value):
        return _CONTROL.format(position=match.start() + 1)
    if not kind.multiline and _LINE_CONTROLS.search(value):
        return _LINE_BREAK.format(limit=kind.limit)
    length = len(unicodedata.normalize("NFC", value))
    if length > kind.limit:
        return _TOO_LONG.format(limit=kind.limit, length=length)
    return None


def normalise(value: str) -> str:
    """The text as stored: NFC (so "å" typed two ways is one string to search and compare)."""
    return unicodedata.normalize("NFC", value)


def date_problem(value: object) -> str | None:
    """Why ``value`` is not a date the program keeps, or None."""
    if not isinstance(value, date):
        return _NOT_DATE
    if isinstance(value, datetime):
        value = value.date()
    if not EARLIEST <= value <= LATEST:
        return _OUT_OF_RANGE.format(
            day=value.isoformat(), earliest=EARLIEST.isoformat(), latest=LATEST.isoformat()
        )
    return None


def order_problem(earlier: date | None, later: date | None, message: str) -> str | None:
    """``message`` formatted with both dates when ``later`` lies before ``earlier``. The
    message names them as ``{earlier}`` and ``{later}``."""
    if earlier is None or later is None or later >= earlier:
        return None
    return message.format(earlier=earlier.isoformat(), later=later.isoformat())


def not_future_problem(day: date | None, today: date, message: str) -> str | None:
    """``message`` (with ``{day}`` and ``{today}``) when ``day`` lies after ``today``."""
    if day is None or day <= today:
        return None
    return message.format(day=day.isoformat(), today=today.isoformat())


# --- personnummer and samordningsnummer -----------------------------------------------------

# (century)? YYMMDD, then - or + or nothing (or a space), then NNNC.
_NUMBER = re.compile(r"(?<!\d)(\d{2})?(\d{2})(\d{2})(\d{2})\s?([-+]?)\s?(\d{3})(\d)(?!\d)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(digits):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _plausible_day(year: int, month: int, day: int) -> bool:
    if day > 60:  # a samordningsnummer: the day of birth plus 60
        day -= 60
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def personal_numbers(text: str) -> list[str]:
    """Every personnummer or samordningsnummer in ``text`` as written there: ten or twelve
    digits, with or without a dash or plus, a possible date of birth and a right Luhn check
    digit. Digits glued to letters count too, so a code like ``T121212-1212`` is caught."""
    found: list[str] = []
    for match in _NUMBER.finditer(text):
        century, yy, mm, dd, _sign, serial, check = match.groups()
        year = int((century or "19") + yy)
        if century and not 18 <= int(century) <= 20:
            continue
        if not _plausible_day(year, int(mm), int(dd)):
            continue
        if _luhn_ok(yy + mm + dd + serial + check):
            found.append(match.group(0).strip())
    return found


def personal_number_problem(text: str | None) -> str | None:
    """A refusal or a warning naming the personnummer ``text`` holds, or None."""
    found = personal_numbers(text or "")
    if not found:
        return None
    return _PERSONAL_NUMBER_FOUND.format(found=", ".join(f"”{f}”" for f in found))


# --- whole inputs ---------------------------------------------------------------------------

T = TypeVar("T")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _kinds_of(hint: Any) -> set[type]:
    """The plain types a field's annotation admits (``str | None`` -> {str, NoneType})."""
    if hint is Any:
        return set()  # anything goes; only the texts inside are checked
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (list, tuple, set, frozenset, dict) or origin is None:
        return {origin or hint}
    return {t for a in args for t in _kinds_of(a)}


def _item_type(hint: Any) -> Any:
    for option in typing.get_args(hint) or (hint,):
        if typing.get_origin(option) in (list, tuple):
            inner = typing.get_args(option)
            return inner[0] if inner else None
    return None


def _dict_types(hint: Any) -> tuple[Any, Any]:
    for option in typing.get_args(hint) or (hint,):
        if typing.get_origin(option) is dict:
            inner = typing.get_args(option)
            if inner:
                return inner[0], inner[1]
    return None, None


def clean_input(
    data: T,
    limits: Mapping[str, TextKind],
    *,
    default: TextKind = TextKind.LONG,
    prefix: str = "",
    errors: Collector | None = None,
) -> T:
    """``data`` (a dataclass) with every text NFC-normalised; raises ``ValidationFailed``
    naming each field whose text breaks its kind's rules, whose date lies outside
    1900–2100, or whose value is of the wrong type. ``limits`` gives a field's kind by name
    (a nested dataclass's fields as ``"outer.inner"``); fields not named are ``default``."""
    own = errors is None
    collector = errors if errors is not None else Collector()
    changes: dict[str, Any] = {}
    hints = _hints(type(data))  # type: ignore[arg-type]
    for item in dataclasses.fields(data):  # type: ignore[arg-type]
        name = f"{prefix}{item.name}"
        value = getattr(data, item.name)
        kind = limits.get(name, default)
        cleaned = _clean_value(value, hints.get(item.name), name, kind, limits, collector)
        if cleaned is not value:
            changes[item.name] = cleaned
    if own:
        collector.raise_if_any()
    return dataclasses.replace(data, **changes) if changes else data  # type: ignore[type-var]


def _clean_value(
    value: Any,
    hint: Any,
    name: str,
    kind: TextKind,
    limits: Mapping[str, TextKind],
    errors: Collector,
) -> Any:
    admitted = _kinds_of(hint) if hint is not None else set()
    if value is None:
        if admitted and type(None) not in admitted:
            if str in admitted:
                return ""  # an empty text: the field's own "ange …" message follows
            errors.add(name, _wrong_type(admitted))
        return value
    if isinstance(value, str):
        enums: list[type[Enum]] = [t for t in admitted if _is_enum(t)]
        if admitted and str not in admitted:
            for enum in enums:
                if isinstance(value, enum):
                    return value
                if value in {m.value for m in list(enum)}:
                    return enum(value)  # the enum's value given as plain text
            errors.add(name, _wrong_type(admitted))
            return value
        problem = text_problem(value, kind)
        if problem:
            errors.add(name, problem)
            return value
        normal = normalise(value)
        return value if normal == value else normal
    if isinstance(value, date):
        problem = date_problem(value)
        if problem:
            errors.add(name, problem)
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if admitted and int not in admitted and float not in admitted:
            errors.add(name, _wrong_type(admitted))
        return value
    if isinstance(value, list | tuple):
        if admitted and not admitted & {list, tuple}:
            errors.add(name, _wrong_type(admitted))
            return value
        item_hint = _item_type(hint)
        items = [_clean_value(v, item_hint, name, kind, limits, errors) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        key_hint, value_hint = _dict_types(hint)
        cleaned = {
            _clean_value(k, key_hint, name, kind, limits, errors): _clean_value(
                v, value_hint, name, kind, limits, errors
            )
            for k, v in value.items()
        }
        same = list(cleaned.items()) == list(value.items())
        return value if same else cleaned
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return clean_input(value, limits, default=kind, prefix=f"{name}.", errors=errors)
    if admitted and type(value) not in admitted and not _admitted_by_base(value, admitted):
        errors.add(name, _wrong_type(admitted))
    return value


def _is_enum(candidate: type) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, Enum)


def _admitted_by_base(value: object, admitted: set[type]) -> bool:
    return any(isinstance(t, type) and isinstance(value, t) for t in admitted)


def _wrong_type(admitted: set[type]) -> str:
    if date in admitted:
        return _NOT_DATE
    if int in admitted:
        return _NOT_NUMBER
    if str in admitted:
        return _NOT_TEXT
    return _NOT_CHOICE


def refuse(field: str, message: str | None) -> None:
    """Raise ``ValidationFailed`` for ``field`` when ``message`` is set."""
    if message:
        raise ValidationFailed([FieldError(field, message)])


def known_id(value: object, message: str) -> str:
    """``value`` as a record id to look up; ``NotFound`` with ``message`` when it cannot be
    one (not text, too long, or with characters no id has), before it reaches the database."""
    if not isinstance(value, str) or text_problem(value, TextKind.CODE):
        raise NotFound(message)
    return value


def clean_text(field: str, value: str, kind: TextKind) -> str:
    """One text argument, NFC-normalised; ``ValidationFailed`` for ``field`` if it breaks
    ``kind``'s rules."""
    refuse(field, text_problem(value, kind))
    return normalise(value)


def clean_optional_text(field: str, value: str | None, kind: TextKind) -> str | None:
    return None if value is None else clean_text(field, value, kind)


def clean_day(field: str, value: date | None) -> date | None:
    """One date argument; ``ValidationFailed`` for ``field`` outside 1900–2100 or not a date."""
    if value is not None:
        refuse(field, date_problem(value))
    return value


def personal_number_warnings(
    data: object,
    limits: Mapping[str, TextKind],
    *,
    default: TextKind = TextKind.LONG,
    prefix: str = "",
) -> tuple[FieldError, ...]:
    """A warning per free-text field of ``data`` (a dataclass) that seems to hold a
    personnummer or samordningsnummer; codes and ids (``TextKind.CODE``) are not free text.
    The services return these with what they saved, so the editor shows them at the field."""
    found: list[FieldError] = []
    for item in dataclasses.fields(data):  # type: ignore[arg-type]
        name = f"{prefix}{item.name}"
        found += _warnings_in(getattr(data, item.name), name, limits.get(name, default), limits)
    return tuple(found)


def _warnings_in(
    value: object, name: str, kind: TextKind, limits: Mapping[str, TextKind]
) -> list[FieldError]:
    if isinstance(value, Enum):
        return []
    if isinstance(value, str):
        problem = None if kind is TextKind.CODE else personal_number_problem(value)
        return [FieldError(name, problem)] if problem else []
    if isinstance(value, list | tuple):
        return [w for v in value for w in _warnings_in(v, name, kind, limits)]
    if isinstance(value, dict):
        return [w for v in value.values() for w in _warnings_in(v, name, kind, limits)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return list(personal_number_warnings(value, limits, default=kind, prefix=f"{name}."))
    return []
