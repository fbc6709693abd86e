"""Roles and what each may do. Permissions are checked in the services, not only in the GUI."""

from __future__ import annotations

from enum import StrEnum

from kvalitet_desktop.domain import terms


class Role(StrEnum):
    ADMIN = "administratör"
    QUALITY_COORDINATOR = "kvalitetssamordnare"
    UNIT_MANAGER = "enhetschef"
    INVESTIGATOR = "utredare"
    LEX_SARAH = "lex sarah-ansvarig"
    STAFF = "medarbetare"

    @property
    def label(self) -> str:
        """The role as the interface writes it (``terms``; e.g. "Lex Sarah-ansvarig")."""
        return _ROLE_LABELS[self]


_ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: terms.ADMIN,
    Role.QUALITY_COORDINATOR: terms.QUALITY_COORDINATOR,
    Role.UNIT_MANAGER: terms.UNIT_MANAGER,
    Role.INVESTIGATOR: terms.INVESTIGATOR,
    Role.LEX_SARAH: terms.LEX_SARAH_RESPONSIBLE,
    Role.STAFF: terms.STAFF,
}


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_ORGANISATION = "manage_organisation"
    SEE_ALL_UNITS = "see_all_units"
    EDIT_RISK = "edit_risk"
    DECIDE_RISK = "decide_risk"
    EDIT_MEASURES = "edit_measures"
    EDIT_FOLLOWUPS = "edit_followups"
    READ_QUALITY = "read_quality"
    EDIT_SETTINGS = "edit_settings"
    # Anyone may file a lex Sarah report; handling the cases is for the responsible role.
    REPORT_LEX_SARAH = "report_lex_sarah"
    HANDLE_LEX_SARAH = "handle_lex_sarah"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.QUALITY_COORDINATOR: frozenset(
        {
            Permission.SEE_ALL_UNITS,
            Permission.EDIT_RISK,
            Permission.DECIDE_RISK,
            Permission.EDIT_MEASURES,
            Permission.EDIT_FOLLOWUPS,
            Permission.READ_QUALITY,
            Permission.REPORT_LEX_SARAH,
            Permission.EDIT_SETTINGS,
        }
    ),
    Role.UNIT_MANAGER: frozenset(
        {
            Permission.EDIT_RISK,
            Permission.DECIDE_RISK,
            Permission.EDIT_MEASURES,
            Permission.EDIT_FOLLOWUPS,
            Permission.READ_QUALITY,
            Permission.REPORT_LEX_SARAH,
        }
    ),
    Role.INVESTIGATOR: frozenset(
        {
            Permission.EDIT_RISK,
            Permission.EDIT_MEASURES,
            Permission.EDIT_FOLLOWUPS,
            Permission.READ_QUALITY,
            Permission.REPORT_LEX_SARAH,
        }
    ),
    Role.LEX_SARAH: frozenset(
        {
            Permission.HANDLE_LEX_SARAH,
            Permission.REPORT_LEX_SARAH,
            Permission.SEE_ALL_UNITS,
            Permission.EDIT_MEASURES,
            Permission.EDIT_FOLLOWUPS,
            Permission.READ_QUALITY,
        }
    ),
    Role.STAFF: frozenset(
        {Permission.READ_QUALITY, Permission.EDIT_FOLLOWUPS, Permission.REPORT_LEX_SARAH}
    ),
}


def permissions_for(roles: frozenset[Role] | set[Role]) -> frozenset[Permission]:
    result: set[Permission] = set()
    for role in roles:
        result |= ROLE_PERMISSIONS[role]
    return frozenset(result)
