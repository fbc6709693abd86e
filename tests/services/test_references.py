"""Legal references and IVO departments as editable data."""

from __future__ import annotations

from datetime import date

import pytest

from kvalitet_desktop.domain.errors import PermissionDenied, ValidationFailed
from kvalitet_desktop.services import references
from kvalitet_desktop.services.context import Context


def test_defaults_are_marked_unverified_until_checked(admin: Context) -> None:
    refs = references.reference_map(admin)
    assert {"sosfs_2011_5", "sol_2025_400", "lss_24a_24g"} <= set(refs)
    assert refs["sol_2025_400"].display.endswith("(att verifiera)")
    references.save_reference(
        admin, "sol_2025_400", "Socialtjänstlag", "SFS 2025:400", verified_on=date(2026, 11, 1)
    )
    assert references.reference_map(admin)["sol_2025_400"].display == "SFS 2025:400"


def test_a_reference_added_first_does_not_block_the_defaults(admin: Context) -> None:
    references.save_reference(admin, "lokal_riktlinje", "Lokal riktlinje", "Riktlinje 2026:1")
    codes = set(references.reference_map(admin))
    assert {"lokal_riktlinje", "sosfs_2011_5", "osl_26_1"} <= codes


def test_department_for_county(admin: Context) -> None:
    department = references.department_for_county(admin, "skåne län")
    assert department is not None and department.name == "IVO avdelning syd"
    assert references.department_for_county(admin, "Okänt län") is None


def test_only_settings_editors_change_references(manager: Context, admin: Context) -> None:
    with pytest.raises(PermissionDenied):
        references.save_reference(manager, "x", "y", "z")
    with pytest.raises(ValidationFailed):
        references.save_reference(admin, "x", "", "")
