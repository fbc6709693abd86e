"""Creating a database or an account says every problem at once: the fields and the password."""

from __future__ import annotations

from pathlib import Path

import pytest

from kvalitet_desktop.domain.errors import ValidationFailed
from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.keyring import key_file_for


def test_first_run_reports_the_municipality_and_the_password_together(tmp_path: Path) -> None:
    path = tmp_path / "ny.sqlite"
    setup = organisation.SetupInput(
        municipality="", org_number="212000-0142", admin_login="asa", admin_name="Åsa"
    )
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_database(path, setup, "kort", "kort")
    assert caught.value.for_field("municipality") == ["Ange kommunens namn."]
    assert caught.value.for_field("password") == ["Lösenordet ska ha minst 12 tecken."]
    assert not path.exists()
    assert not key_file_for(path).exists()


def test_a_new_account_reports_its_fields_and_the_password_together(admin: Context) -> None:
    data = organisation.UserInput(login="Märta", name="", title=None, roles=[], unit_ids=[])
    with pytest.raises(ValidationFailed) as caught:
        accounts.save_account(admin, data, password="", repeated="")
    fields = {error.field for error in caught.value.errors}
    assert fields == {"login", "name", "roles", "password"}
    assert [u.login for u in organisation.list_users(admin)] == ["admin"]
