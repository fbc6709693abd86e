"""The register of the individuals a unit serves: a pseudonymous code, the insats and when
it runs. Every workflow that names individuals picks a code from it rather than retyping it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kvalitet_desktop.domain.errors import Collector
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.organisation import valid_individual_code
from kvalitet_desktop.domain.text_rules import TextKind, clean_input, order_problem

_CONTEXT = "Individuals"

FIELD_LIMITS = {
    "code": TextKind.CODE,
    "unit_id": TextKind.CODE,
    "insats": TextKind.SHORT,
}

BAD_CODE = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Ange en pseudonymiserad kod (3–20 tecken: A–Ö, siffror, bindestreck), aldrig ett "
    "personnummer eller ett namn.",
)
CODE_TAKEN = QT_TRANSLATE_NOOP(_CONTEXT, "Koden {code} finns redan i registret.")
NO_UNIT = QT_TRANSLATE_NOOP(_CONTEXT, "Välj enhet.")
ENDS_BEFORE_START = QT_TRANSLATE_NOOP(
    _CONTEXT, "Insatsen kan inte sluta ({later}) innan den börjar ({earlier})."
)


@dataclass(frozen=True)
class IndividualInput:
    code: str
    unit_id: str
    insats: str | None = None
    from_on: date | None = None
    to_on: date | None = None


def normal_code(code: str) -> str:
    """How a code is stored: trimmed, upper case (so "sol-07" and "SOL-07" are one person)."""
    return code.strip().upper()


def validate_individual(data: IndividualInput) -> IndividualInput:
    """``data`` cleaned, or ``ValidationFailed`` naming every field that is wrong."""
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    if not valid_individual_code(normal_code(data.code)):
        errors.add("code", BAD_CODE)
    errors.require("unit_id", data.unit_id, NO_UNIT)
    late = order_problem(data.from_on, data.to_on, ENDS_BEFORE_START)
    if late:
        errors.add("to_on", late)
    errors.raise_if_any()
    return IndividualInput(
        normal_code(data.code),
        data.unit_id,
        (data.insats or "").strip() or None,
        data.from_on,
        data.to_on,
    )


def served_on(from_on: date | None, to_on: date | None, day: date) -> bool:
    """Whether an insats running ``from_on``–``to_on`` (either open) runs on ``day``."""
    return (from_on is None or from_on <= day) and (to_on is None or day <= to_on)


NOT_IN_REGISTER = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Koden {code} finns inte i enhetens register. Välj en kod ur registret, skriv ”okänd” "
    "eller be enhetschefen lägga till personen.",
)
NOT_IN_REGISTER_NO_UNKNOWN = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Koden {code} finns inte i enhetens register. Välj en kod ur registret eller be "
    "enhetschefen lägga till personen.",
)


def register_problem(
    code: str,
    registered: set[str],
    accepted: set[str],
    specials: tuple[str, ...] = (),
) -> str | None:
    """Why ``code`` may not name a person in a record, or None.

    ``registered`` are the codes in the unit's register, ``accepted`` those the record already
    holds or a linked source record passed on, ``specials`` the words the kind allows instead
    of a code ("okänd", "flera"). A malformed code gets ``BAD_CODE``."""
    if code.strip().lower() in {s.lower() for s in specials}:
        return None
    normal = normal_code(code)
    if normal in accepted:
        return None
    if not valid_individual_code(normal):
        return BAD_CODE
    if normal in registered:
        return None
    text = NOT_IN_REGISTER if "okänd" in specials else NOT_IN_REGISTER_NO_UNKNOWN
    return text.format(code=normal)
