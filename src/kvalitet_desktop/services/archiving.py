"""Makulering: a quality record is archived with a reason, never deleted."""

from __future__ import annotations

from kvalitet_desktop.domain.errors import Collector
from kvalitet_desktop.domain.text_rules import TextKind, text_problem
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.base import Archivable, utcnow


def require_reason(reason: str, message: str) -> None:
    """Refuse an empty reason, with ``message`` at the reason field."""
    errors = Collector()
    if not isinstance(reason, str):
        reason = ""
    errors.require("reason", reason, message)
    problem = text_problem(reason, TextKind.MEDIUM) if reason else None
    if problem:
        errors.add("reason", problem)
    errors.raise_if_any()


def mark_archived(row: Archivable, ctx: Context, reason: str) -> None:
    """Archive ``row`` now, by the acting user, for ``reason`` (the audit log records it)."""
    row.archived_at = utcnow()
    row.archived_by = ctx.actor.id
    row.archive_reason = reason.strip()
