"""The audit trail of the program's lock: locked (by hand or after idle time), unlocked, and
each wrong answer on the lock screen (logged as a failed log-in, where: "lås")."""

from __future__ import annotations

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.audit import AuditAction

LOCK_PLACE = "lås"


def locked(ctx: Context, *, idle: bool) -> None:
    ctx.log_event(AuditAction.LOCK, details={"how": "inaktivitet" if idle else "manuellt"})


def unlocked(ctx: Context) -> None:
    ctx.log_event(AuditAction.UNLOCK)


def unlock_refused(ctx: Context) -> None:
    ctx.log_event(AuditAction.LOGIN_FAILED, details={"where": LOCK_PLACE})
