"""The one way the tests run the ``kvalitet`` command as a user.

Every invocation that acts as someone goes through ``run_as``, so that how a user proves who
they are is written in one place: the login here, the password in ``KVALITET_PASSWORD`` (set for
every command-line test by conftest.py), which ``with_passwords`` gives every fixture account.
"""

from __future__ import annotations

import pytest

from kvalitet_desktop.cli import main
from kvalitet_desktop.services import accounts
from kvalitet_desktop.store.database import Database

PASSWORD = accounts.DEMO_PASSWORD


def with_passwords(db: Database) -> None:
    """Every account of a fixture database gets the test password."""
    accounts.give_every_account(db, PASSWORD)


def run_as(
    capsys: pytest.CaptureFixture[str], login: str | None, *args: str
) -> tuple[int, str, str]:
    """``kvalitet ARGS --user LOGIN`` (no ``--user`` when ``login`` is None): the exit code,
    stdout and stderr."""
    argv = [*args, "--user", login] if login is not None else list(args)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err
