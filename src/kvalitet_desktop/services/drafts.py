"""Autosaved drafts of open forms: what the user typed survives a crash."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.base import utcnow
from kvalitet_desktop.store.models import Draft


@dataclass(frozen=True)
class DraftInfo:
    form_key: str
    title: str
    saved_at: datetime
    payload: dict[str, Any]


def save_draft(ctx: Context, form_key: str, title: str, payload: dict[str, Any]) -> None:
    """Store (or replace) the actor's draft for ``form_key``. Drafts are not audited."""
    text = json.dumps(payload, ensure_ascii=False, default=str)
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = session.scalar(
            select(Draft).where(Draft.user_id == ctx.actor.id, Draft.form_key == form_key)
        )
        if row is None:
            session.add(Draft(user_id=ctx.actor.id, form_key=form_key, title=title, payload=text))
        else:
            row.title, row.payload, row.saved_at = title, text, utcnow()


def load_draft(ctx: Context, form_key: str) -> DraftInfo | None:
    with ctx.reading() as session:
        row = session.scalar(
            select(Draft).where(Draft.user_id == ctx.actor.id, Draft.form_key == form_key)
        )
        return None if row is None else _info(row)


def list_drafts(ctx: Context) -> list[DraftInfo]:
    with ctx.reading() as session:
        rows = session.scalars(
            select(Draft).where(Draft.user_id == ctx.actor.id).order_by(Draft.saved_at.desc())
        ).all()
        return [_info(r) for r in rows]


def discard_draft(ctx: Context, form_key: str) -> None:
    with ctx.unit_of_work() as uow:
        row = uow.session.scalar(
            select(Draft).where(Draft.user_id == ctx.actor.id, Draft.form_key == form_key)
        )
        if row is not None:
            uow.session.delete(row)


def _info(row: Draft) -> DraftInfo:
    try:
        payload = json.loads(row.payload)
    except json.JSONDecodeError:
        payload = {}
    return DraftInfo(
        row.form_key, row.title, row.saved_at, payload if isinstance(payload, dict) else {}
    )
