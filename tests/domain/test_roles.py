"""Who may do what: the role × action table, read as the services read it."""

from __future__ import annotations

import pytest

from kvalitet_desktop.domain.roles import ROLE_PERMISSIONS, Permission, Role, permissions_for

P = Permission

EXPECTED: dict[Role, set[Permission]] = {
    Role.ADMIN: set(Permission),
    Role.QUALITY_COORDINATOR: {
        P.SEE_ALL_UNITS,
        P.EDIT_RISK,
        P.DECIDE_RISK,
        P.EDIT_MEASURES,
        P.EDIT_FOLLOWUPS,
        P.READ_QUALITY,
        P.REPORT_LEX_SARAH,
        P.EDIT_SETTINGS,
    },
    Role.UNIT_MANAGER: {
        P.EDIT_RISK,
        P.DECIDE_RISK,
        P.EDIT_MEASURES,
        P.EDIT_FOLLOWUPS,
        P.READ_QUALITY,
        P.REPORT_LEX_SARAH,
    },
    Role.INVESTIGATOR: {
        P.EDIT_RISK,
        P.EDIT_MEASURES,
        P.EDIT_FOLLOWUPS,
        P.READ_QUALITY,
        P.REPORT_LEX_SARAH,
    },
    Role.LEX_SARAH: {
        P.HANDLE_LEX_SARAH,
        P.REPORT_LEX_SARAH,
        P.SEE_ALL_UNITS,
        P.EDIT_MEASURES,
        P.EDIT_FOLLOWUPS,
        P.READ_QUALITY,
    },
    Role.STAFF: {P.READ_QUALITY, P.EDIT_FOLLOWUPS, P.REPORT_LEX_SARAH},
}


def test_every_role_has_a_row() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_permissions_per_role(role: Role) -> None:
    assert permissions_for({role}) == EXPECTED[role]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", list(Permission))
def test_each_cell_of_the_table(role: Role, permission: Permission) -> None:
    assert (permission in permissions_for({role})) == (permission in EXPECTED[role])


def test_only_those_who_decide_risks_may_decide_them() -> None:
    deciders = {r for r in Role if P.DECIDE_RISK in permissions_for({r})}
    assert deciders == {Role.ADMIN, Role.QUALITY_COORDINATOR, Role.UNIT_MANAGER}


def test_everyone_may_file_a_lex_sarah_report() -> None:
    assert all(P.REPORT_LEX_SARAH in permissions_for({r}) for r in Role)


def test_several_roles_add_up_and_no_role_gives_nothing() -> None:
    both = permissions_for({Role.STAFF, Role.INVESTIGATOR})
    assert both == EXPECTED[Role.STAFF] | EXPECTED[Role.INVESTIGATOR]
    assert permissions_for(set()) == frozenset()
