"""Organisation vocabulary and checks: kommun → nämnd → verksamhetsområde → enhet."""

from __future__ import annotations

import re

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
    if re.fullmatch(r"\d{6,8}-?\d{4}", value):
        return False
    return bool(_INDIVIDUAL_CODE.match(value))
