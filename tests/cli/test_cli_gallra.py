"""``kvalitet gallra``: lists first, clears only when confirmed, refuses without a terminal."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run_as, with_passwords
from sqlalchemy import func, select

from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services.instance_lock import InstanceLock, lock_file_for
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry, User, UserRole
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase

LONG_AGO = date(2012, 5, 2)  # the demo's cases closed then: well past every default period


@pytest.fixture
def old_demo(demo_copy: Callable[[date], Path]) -> Path:
    path = demo_copy(LONG_AGO)
    database = Database.open(path)
    try:
        with_passwords(database)
    finally:
        database.close()
    return path


def _cleared(path: Path) -> tuple[int, int]:
    """(cases cleared, gallring events)."""
    database = Database.open(path)
    try:
        with database.session() as session:
            cases = session.scalar(select(func.count()).where(LexSarahCase.title == CLEARED))
            events = session.scalar(select(func.count()).where(AuditEntry.action == "gallring"))
    finally:
        database.close()
    return int(cases or 0), int(events or 0)


def test_a_dry_run_lists_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], old_demo: Path
) -> None:
    code, out, _err = run_as(capsys, "admin", "gallra", "--db", str(old_demo), "--dry-run")
    assert code == 0
    assert "Lex Sarah-ärende:" in out and "att gallra" in out
    assert "LS-2012-" in out
    assert _cleared(old_demo) == (0, 0)


def test_without_a_terminal_and_without_yes_it_refuses(
    capsys: pytest.CaptureFixture[str], old_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = run_as(capsys, "admin", "gallra", "--db", str(old_demo))
    assert code != 0 and "--yes" in err
    assert "LS-2012-" in out  # the list was shown first
    assert _cleared(old_demo) == (0, 0)


def test_with_yes_it_clears_and_the_check_stays_clean(
    capsys: pytest.CaptureFixture[str], old_demo: Path
) -> None:
    code, out, err = run_as(capsys, "admin", "gallra", "--db", str(old_demo), "--yes")
    assert code == 0, err
    assert "Gallrat:" in out
    cases, events = _cleared(old_demo)
    assert cases > 0 and events == 1
    code, out, err = run_as(capsys, "admin", "check", "--db", str(old_demo))
    assert code == 0, out + err
    code, out, _err = run_as(capsys, "admin", "gallra", "--db", str(old_demo), "--dry-run")
    assert "Inget att gallra." in out


def test_only_administrators_may_gallra(capsys: pytest.CaptureFixture[str], old_demo: Path) -> None:
    database = Database.open(old_demo)
    try:
        with database.session() as session:
            coordinator = session.scalars(
                select(User.login)
                .join(UserRole, UserRole.user_id == User.id)
                .where(UserRole.role == Role.QUALITY_COORDINATOR.value)
            ).first()
    finally:
        database.close()
    assert coordinator
    code, _out, err = run_as(capsys, coordinator, "gallra", "--db", str(old_demo), "--dry-run")
    assert code != 0 and "behörighet att gallra" in err


def test_while_the_program_has_the_database_open_only_the_list_is_given(
    capsys: pytest.CaptureFixture[str], old_demo: Path
) -> None:
    with InstanceLock.acquire(old_demo):
        # The lock of this very process counts as free: take it as another program's.
        lock = lock_file_for(old_demo)
        data = json.loads(lock.read_text(encoding="utf-8"))
        lock.write_text(json.dumps({**data, "pid": os.getppid()}), encoding="utf-8")
        code, out, _err = run_as(capsys, "admin", "gallra", "--db", str(old_demo), "--dry-run")
        assert code == 0 and "LS-2012-" in out
        code, _out, err = run_as(capsys, "admin", "gallra", "--db", str(old_demo), "--yes")
        assert code != 0 and "redan öppen i ett annat fönster" in err
        lock.unlink()
    assert _cleared(old_demo) == (0, 0)
