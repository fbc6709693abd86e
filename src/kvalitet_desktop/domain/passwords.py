"""What a password must be, and how failed log-ins slow down and lock an account."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from importlib import resources

MIN_LENGTH = 12
# After this many failed attempts in a row each new attempt waits, longer each time …
SLOW_DOWN_AFTER = 3
MAX_DELAY_SECONDS = 30
# … and after this many the account is locked for a while (an attempt then is refused
# without trying the password).
LOCK_AFTER = 10
LOCK_FOR = timedelta(minutes=15)


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("kvalitet_desktop.domain.data").joinpath("common-passwords.txt")
    return frozenset(
        line.strip().casefold()
        for line in text.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def _core(password: str) -> str:
    """The password without the digits and marks people add to a word to pass a rule."""
    return password.casefold().strip("0123456789!?.#*@ -_")


def password_problem(password: str, *, login: str = "", name: str = "") -> str | None:
    """Why ``password`` may not be chosen, in Swedish; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Lösenordet ska ha minst {MIN_LENGTH} tecken."
    folded = password.casefold()
    if folded in common_passwords() or _core(password) in common_passwords():
        return "Lösenordet är ett av de vanligaste lösenorden. Välj ett annat."
    if len(set(folded)) <= 3:
        return "Lösenordet består av för få olika tecken."
    words = [login.casefold()] + [part.casefold() for part in name.split()]
    if any(len(word) >= 3 and word in folded for word in words):
        return "Lösenordet får inte innehålla ditt namn eller din inloggning."
    return None


def delay_before_attempt(failures: int) -> float:
    """Seconds an attempt waits after ``failures`` failed ones in a row."""
    if failures < SLOW_DOWN_AFTER:
        return 0.0
    return float(min(MAX_DELAY_SECONDS, 2 ** (failures - SLOW_DOWN_AFTER)))


def locked_until(failures: int, last_failure: datetime | None) -> datetime | None:
    """When a locked account opens again; None when it is not locked."""
    if failures < LOCK_AFTER or last_failure is None:
        return None
    return last_failure + LOCK_FOR
