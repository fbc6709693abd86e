"""Command-line tests log in like a user: the password comes from KVALITET_PASSWORD.

Databases built here by the service fixtures are plain files, so these tests use the
development switch KVALITET_UNENCRYPTED=1; the encrypted paths have their own tests
(test_cli_security.py), where the switch is removed again.
"""

from __future__ import annotations

import pytest
from cli_helpers import PASSWORD

from kvalitet_desktop.services import accounts


@pytest.fixture(autouse=True)
def logging_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVALITET_PASSWORD", PASSWORD)
    monkeypatch.setenv(accounts.UNENCRYPTED_ENV, "1")
