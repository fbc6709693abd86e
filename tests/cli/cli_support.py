"""What command-line tests share: the password every test account gets."""

from __future__ import annotations

from kvalitet_desktop.services import accounts
from kvalitet_desktop.store.database import Database

PASSWORD = accounts.DEMO_PASSWORD


def with_passwords(db: Database) -> None:
    """Every account of a fixture database gets the test password."""
    accounts.give_every_account(db, PASSWORD)
