"""Municipality-wide settings kept in the database (editable data, never hard-coded rules)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import FieldError, ValidationFailed
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig
from kvalitet_desktop.domain.roles import SECURITY_CHANGE, SETTINGS_CHANGE
from kvalitet_desktop.domain.text_rules import TextKind, clean_text
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.base import utcnow
from kvalitet_desktop.store.models import Setting

T = TypeVar("T")

RISK_MATRIX = "risk_matrix"
CONFIDENTIALITY = "confidentiality_line"
DEFAULT_CONFIDENTIALITY = (
    "Sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen (2009:400)"
)
# Minutes without input before the program locks itself (an administrator's choice).
AUTO_LOCK = "auto_lock_minutes"
DEFAULT_AUTO_LOCK_MINUTES = 10
AUTO_LOCK_MIN_MINUTES = 1
AUTO_LOCK_MAX_MINUTES = 60  # a laptop left open longer than this must not stay readable
_CONTEXT = "settings"


def read_setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return None if row is None else json.loads(row.value)


def read_rules(
    session: Session, key: str, from_dict: Callable[[dict[str, Any]], T], default: T
) -> T:
    """A kind's rules kept as a setting (deadline days and the like): ``default`` when none is
    stored, or when the stored value is damaged (that must not stop the program)."""
    data = read_setting(session, key)
    try:
        return from_dict(data) if isinstance(data, dict) else default
    except (TypeError, ValueError):
        return default


def risk_matrix(ctx: Context) -> RiskMatrixConfig:
    with ctx.reading() as session:
        return risk_matrix_in(session)


def risk_matrix_in(session: Session) -> RiskMatrixConfig:
    data = read_setting(session, RISK_MATRIX)
    if not data:
        return RiskMatrixConfig()
    try:
        return RiskMatrixConfig.from_dict(data)
    except (ValidationFailed, KeyError, TypeError, ValueError):
        # A damaged setting must not stop the program; the defaults apply until it is fixed.
        return RiskMatrixConfig()


def confidentiality_line(ctx: Context) -> str:
    with ctx.reading() as session:
        value = read_setting(session, CONFIDENTIALITY)
    return DEFAULT_CONFIDENTIALITY if value is None else str(value)


def write_setting(ctx: Context, key: str, value: Any) -> None:
    ctx.require(SETTINGS_CHANGE)
    with ctx.unit_of_work() as uow:
        store_setting(uow.session, ctx.actor.id, key, value)


def store_setting(session: Session, actor_id: str, key: str, value: Any) -> None:
    """``write_setting``'s write inside the caller's unit of work, for a caller that checked
    the right to it itself (an import remembering the mapping it used)."""
    text = json.dumps(value, ensure_ascii=False)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text, updated_by=actor_id))
    elif row.value != text:
        row.value = text
        row.updated_at = utcnow()
        row.updated_by = actor_id


def set_risk_matrix(ctx: Context, config: RiskMatrixConfig) -> None:
    config.validate()
    write_setting(ctx, RISK_MATRIX, config.to_dict())


def set_confidentiality_line(ctx: Context, text: str) -> None:
    """The line printed on every page: one line of at most ``TextKind.SHORT``'s limit."""
    write_setting(ctx, CONFIDENTIALITY, clean_text(CONFIDENTIALITY, text, TextKind.SHORT).strip())


def auto_lock_minutes(ctx: Context) -> int:
    """Minutes without input before the program locks (the default if none or a bad one)."""
    with ctx.reading() as session:
        value = read_setting(session, AUTO_LOCK)
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and AUTO_LOCK_MIN_MINUTES <= value <= AUTO_LOCK_MAX_MINUTES
    ):
        return value
    return DEFAULT_AUTO_LOCK_MINUTES


def set_auto_lock_minutes(ctx: Context, minutes: int) -> None:
    """The lock is a security rule: only those who administer the users may change it."""
    ctx.require(SECURITY_CHANGE)
    is_number = isinstance(minutes, int) and not isinstance(minutes, bool)
    if not is_number or not AUTO_LOCK_MIN_MINUTES <= minutes <= AUTO_LOCK_MAX_MINUTES:
        message = QT_TRANSLATE_NOOP(
            _CONTEXT, "Ange ett antal minuter mellan {low} och {high}."
        ).format(low=AUTO_LOCK_MIN_MINUTES, high=AUTO_LOCK_MAX_MINUTES)
        raise ValidationFailed([FieldError(AUTO_LOCK, message)])
    write_setting(ctx, AUTO_LOCK, minutes)
