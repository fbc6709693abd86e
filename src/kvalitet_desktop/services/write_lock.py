"""How a write waits for another program's lock: the store's contract, for the GUI (which
never imports the store itself). See ``store.database.LockWaiter``."""

from __future__ import annotations

from kvalitet_desktop.store.database import Database, LockAttempt, LockWaitEnded, LockWaiter

__all__ = ["Database", "LockAttempt", "LockWaitEnded", "LockWaiter", "wait_for_locks"]


def wait_for_locks(db: Database, first_try_ms: int, waiter: LockWaiter) -> None:
    """Writes on ``db`` first wait ``first_try_ms`` for a lock, then ask ``waiter``."""
    db.set_write_timeout(first_try_ms, waiter)
