"""The one way the tests run the ``kvalitet`` command as a user.

Every invocation that acts as someone goes through ``run_as``, so that how a user proves who
they are (the login, and later its password) is written in one place.
"""

from __future__ import annotations

import pytest

from kvalitet_desktop.cli import main


def run_as(
    capsys: pytest.CaptureFixture[str], login: str | None, *args: str
) -> tuple[int, str, str]:
    """``kvalitet ARGS --user LOGIN`` (no ``--user`` when ``login`` is None): the exit code,
    stdout and stderr."""
    argv = [*args, "--user", login] if login is not None else list(args)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err
