"""The municipality's own data: name, organisationsnummer, län and address."""

from __future__ import annotations

import pytest

from kvalitet_desktop.domain.errors import PermissionDenied, ValidationFailed
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation, references
from kvalitet_desktop.services.context import Context


def test_new_municipality_has_no_county_or_address(admin: Context) -> None:
    info = organisation.municipality(admin)
    assert (info.name, info.org_number) == ("Exempelå kommun", "212000-0142")
    assert info.county is None and info.address is None


def test_administrator_updates_the_municipality(admin: Context) -> None:
    organisation.update_municipality(
        admin,
        "  Exempelå kommun ",
        "2120000142",
        "västra götalands län",
        "Kommunhuset\n  Storgatan 1 \n\n123 45 Exempelå",
    )
    info = organisation.municipality(admin)
    assert info.name == "Exempelå kommun"
    assert info.org_number == "212000-0142"  # normalised
    assert info.county == "Västra Götalands län"  # spelt as the departments spell it
    assert info.address == "Kommunhuset\nStorgatan 1\n123 45 Exempelå"
    department = references.department_for_county(admin, info.county)
    assert department is not None and department.name == "IVO avdelning väst"

    organisation.update_municipality(admin, "Exempelå kommun", "212000-0142", None, "")
    info = organisation.municipality(admin)
    assert info.county is None and info.address is None


def test_every_problem_is_reported_at_its_field(admin: Context) -> None:
    with pytest.raises(ValidationFailed) as caught:
        organisation.update_municipality(admin, " ", "212000-0143", "Atlantis län", None)
    errors = caught.value
    assert errors.for_field("name") == ["Ange kommunens namn."]
    assert "kontrollsiffra" in errors.for_field("org_number")[0]
    assert "Atlantis län" in errors.for_field("county")[0]
    assert organisation.municipality(admin).name == "Exempelå kommun"  # nothing stored


def test_only_administrators_may_change_it(admin: Context) -> None:
    organisation.save_user(
        admin,
        organisation.UserInput(
            login="kvalitet", name="Kim Kvalitet", roles=[Role.QUALITY_COORDINATOR]
        ),
    )
    coordinator = Context.for_login(admin.db, "kvalitet")
    with pytest.raises(PermissionDenied):
        organisation.update_municipality(
            coordinator, "Annan kommun", "212000-0142", "Skåne län", None
        )
    assert organisation.municipality(admin).name == "Exempelå kommun"


def test_setup_still_checks_name_and_number() -> None:
    with pytest.raises(ValidationFailed) as caught:
        organisation.validate_setup(
            organisation.SetupInput(
                municipality="", org_number="123", admin_login="a", admin_name=""
            )
        )
    fields = {e.field for e in caught.value.errors}
    assert {"municipality", "org_number", "admin_login", "admin_name"} <= fields
