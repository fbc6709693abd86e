"""The auto-lock time: ten minutes unless an administrator chose otherwise, within limits, and
only an administrator may change it; the lock's audit events."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from kvalitet_desktop.domain.errors import PermissionDenied, ValidationFailed
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import lock, organisation, settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import AuditEntry, Setting


def coordinator(admin: Context) -> Context:
    organisation.save_user(
        admin,
        organisation.UserInput(
            login="samordnare",
            name="Sara Samordnare",
            title="Kvalitetssamordnare",
            roles=[Role.QUALITY_COORDINATOR],
            unit_ids=[],
        ),
    )
    return Context.for_login(admin.db, "samordnare")


def test_ten_minutes_until_an_administrator_chooses(admin: Context) -> None:
    assert settings.auto_lock_minutes(admin) == settings.DEFAULT_AUTO_LOCK_MINUTES == 10
    settings.set_auto_lock_minutes(admin, 3)
    assert settings.auto_lock_minutes(admin) == 3
    with admin.reading() as session:
        stored = session.get(Setting, settings.AUTO_LOCK)
        assert stored is not None and json.loads(stored.value) == 3


@pytest.mark.parametrize("minutes", [0, -5, 61, 999])
def test_a_time_outside_the_limits_is_refused_at_the_field(admin: Context, minutes: int) -> None:
    with pytest.raises(ValidationFailed) as refused:
        settings.set_auto_lock_minutes(admin, minutes)
    assert refused.value.for_field(settings.AUTO_LOCK) == [
        "Ange ett antal minuter mellan 1 och 60."
    ]
    assert settings.auto_lock_minutes(admin) == 10


def test_only_an_administrator_may_change_it(admin: Context, manager: Context) -> None:
    # A quality coordinator may change other settings, but not this security rule.
    for other in (manager, coordinator(admin)):
        with pytest.raises(PermissionDenied, match="ändra säkerhetsinställningarna"):
            settings.set_auto_lock_minutes(other, 30)
        assert settings.auto_lock_minutes(other) == 10  # everyone may read it


def test_a_damaged_value_gives_the_default(admin: Context) -> None:
    for bad in ("fem", 0, 500, True, None):
        settings.write_setting(admin, settings.AUTO_LOCK, bad)
        assert settings.auto_lock_minutes(admin) == 10


def test_lock_events_are_audited(admin: Context) -> None:
    lock.locked(admin, idle=True)
    lock.unlock_refused(admin)
    lock.unlocked(admin)
    lock.locked(admin, idle=False)
    with admin.reading() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "").order_by(AuditEntry.seq)
        ).all()
        events = [(r.action, json.loads(r.changes), r.user_login) for r in rows]
    assert events[-4:] == [
        ("lock", {"how": "inaktivitet"}, "admin"),
        ("login_failed", {"where": "lås"}, "admin"),
        ("unlock", {}, "admin"),
        ("lock", {"how": "manuellt"}, "admin"),
    ]
