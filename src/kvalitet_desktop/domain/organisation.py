"""Organisation vocabulary and checks: kommun → nämnd → verksamhetsområde → enhet."""

from __future__ import annotations

import re

from kvalitet_desktop.domain.text_rules import TextKind, personal_numbers

# The kinds of the organisation's and the users' text fields.
SETUP_LIMITS = {
    "municipality": TextKind.SHORT,
    "org_number": TextKind.CODE,
    "admin_login": TextKind.CODE,
    "admin_name": TextKind.SHORT,
    "admin_title": TextKind.SHORT,
    "board": TextKind.SHORT,
}
USER_LIMITS = {
    "login": TextKind.CODE,
    "name": TextKind.SHORT,
    "title": TextKind.SHORT,
    "unit_ids": TextKind.CODE,
}
NAME_KIND = TextKind.SHORT  # a board's, an area's or a unit's name
ADDRESS_KIND = TextKind.MEDIUM  # a postal address, a few lines

DEFAULT_AREAS = ("Äldreomsorg", "Funktionshinderomsorg", "Individ- och familjeomsorg")

_ORG_NR = re.compile(r"^(\d{6})-?(\d{4})$")
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
_INDIVIDUAL_CODE = re.compile(r"^[A-ZÅÄÖ0-9][A-ZÅÄÖ0-9-]{2,19}$")


def normalise_org_number(value: str) -> str | None:
    """Return ``NNNNNN-NNNN`` if ``value`` is a valid Swedish organisationsnummer, else None."""
    match = _ORG_NR.match(value.strip())
    if not match:
        return None
    digits = match.group(1) + match.group(2)
    if not _luhn_ok(digits):
        return None
    return f"{match.group(1)}-{match.group(2)}"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def valid_login(value: str) -> bool:
    return bool(_LOGIN.match(value))


def valid_individual_code(value: str) -> bool:
    """Pseudonymous codes: capitals, digits and dashes, 3–20 characters (never a personnummer)."""
    if re.fullmatch(r"\d{6,8}-?\d{4}", value) or personal_numbers(value):
        return False  # a personnummer, bare or behind a prefix (PNR-19121212-1212)
    return bool(_INDIVIDUAL_CODE.match(value))
