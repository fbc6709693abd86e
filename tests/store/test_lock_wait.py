"""The write lock's waiter (``Database.set_write_timeout(ms, waiter)``): called only when the
lock stays taken, its attempts take the lock once it is free, and a wait it gives up on ends
in the named "locked" error."""

from __future__ import annotations

import sqlite3

import pytest

from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database, LockAttempt, LockWaitEnded
from kvalitet_desktop.store.errors import DatabaseLocked
from kvalitet_desktop.workflows.risk import service as risk


def _admin(db: Database) -> tuple[Context, str]:
    organisation.setup_municipality(
        db,
        organisation.SetupInput(
            municipality="Exempelå kommun",
            org_number="212000-0142",
            admin_login="admin",
            admin_name="Åsa Administratör",
        ),
    )
    admin = Context.for_login(db, "admin")
    area = organisation.organisation_tree(admin)[0].areas[0]
    return admin, organisation.add_unit(admin, area.id, "Daglig verksamhet Solrosen")


def test_the_waiter_is_not_called_while_the_lock_is_free(db: Database) -> None:
    admin, unit_id = _admin(db)
    calls: list[LockAttempt] = []

    def waiter(attempt: LockAttempt) -> LockWaitEnded | None:
        calls.append(attempt)
        return None

    db.set_write_timeout(20, waiter)
    risk.save_analysis(admin, risk.RiskAnalysisInput("Helgbemanning", unit_id))
    assert calls == []


def test_the_waiters_attempt_takes_the_lock_once_the_other_program_lets_go(
    db: Database,
) -> None:
    admin, unit_id = _admin(db)
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    results: list[bool] = []

    def waiter(attempt: LockAttempt) -> LockWaitEnded | None:
        results.append(attempt(10))  # still held
        other.rollback()
        results.append(attempt(10))
        return None

    db.set_write_timeout(20, waiter)
    try:
        saved = risk.save_analysis(admin, risk.RiskAnalysisInput("Helgbemanning", unit_id))
    finally:
        other.close()
    assert results == [False, True]
    assert risk.get_analysis(admin, saved.id).title == "Helgbemanning"


@pytest.mark.parametrize(
    ("ended", "said"),
    [(LockWaitEnded(1200, True), "avbröts"), (LockWaitEnded(30_000, False), "efter 30 sekunder")],
)
def test_a_wait_given_up_on_is_the_named_error_and_nothing_is_saved(
    db: Database, ended: LockWaitEnded, said: str
) -> None:
    admin, unit_id = _admin(db)
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    db.set_write_timeout(20, lambda _attempt: ended)
    try:
        with pytest.raises(DatabaseLocked) as raised:
            risk.save_analysis(admin, risk.RiskAnalysisInput("Helgbemanning", unit_id))
    finally:
        other.rollback()
        other.close()
    assert said in str(raised.value) and "Helgbemanning" not in str(raised.value)
    con = sqlite3.connect(db.path)
    try:
        assert con.execute("SELECT count(*) FROM risk_analyses").fetchone()[0] == 0
    finally:
        con.close()
