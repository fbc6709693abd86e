"""Roles, and the one role × action table of what each may do.

Every action is declared once, with the roles that hold it by default: the shared ones here,
each record kind's own in its ``kind.py``. ``registry.permission_table()`` puts them together;
the services check that table for every use case (reads too), and Inställningar shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP


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

EVERY_ROLE = frozenset(Role)
_CONTEXT = "Permissions"
# Why a service refused, built from the action's label ("… att besluta om riskanalyser.").
REFUSAL = QT_TRANSLATE_NOOP(_CONTEXT, "Du har inte behörighet att {what}.")
UNIT_REFUSAL = QT_TRANSLATE_NOOP(_CONTEXT, "Du har inte behörighet till den enheten.")


@dataclass(frozen=True)
class Action:
    """One row of the table: something a user may do, and who may by default.

    ``key`` is stable ("riskanalys.decide"), written in the audit log when a refusal is
    logged. ``label`` is the row's Swedish text, a verb phrase that also completes the
    refusal ("Besluta om riskanalyser" → "Du har inte behörighet att besluta om …")."""

    key: str
    label: str
    roles: frozenset[Role]

    @property
    def refusal(self) -> str:
        return REFUSAL.format(what=self.label[:1].lower() + self.label[1:])


def action(key: str, label: str, roles: Iterable[Role]) -> Action:
    return Action(key, label, frozenset(roles))


# --- the shared actions ------------------------------------------------------------------------

_ADMIN = (Role.ADMIN,)

USERS_ADMINISTER = action(
    "users.administer",
    QT_TRANSLATE_NOOP(_CONTEXT, "Administrera användare, deras roller och enheter"),
    _ADMIN,
)
ORGANISATION_ADMINISTER = action(
    "organisation.administer",
    QT_TRANSLATE_NOOP(_CONTEXT, "Ändra kommunens uppgifter, organisationen och formulärmappen"),
    _ADMIN,
)
SETTINGS_CHANGE = action(
    "settings.change",
    QT_TRANSLATE_NOOP(_CONTEXT, "Ändra inställningarna"),
    (Role.ADMIN, Role.QUALITY_COORDINATOR),
)
# Without it a user sees and works with the records of their own units only.
ALL_UNITS = action(
    "units.all",
    QT_TRANSLATE_NOOP(_CONTEXT, "Se och arbeta med alla enheters poster"),
    (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.LEX_SARAH),
)
SECURITY_CHANGE = action(
    "security.change",
    QT_TRANSLATE_NOOP(_CONTEXT, "Ändra säkerhetsinställningarna (när programmet låses)"),
    _ADMIN,
)
AUDIT_READ = action(
    "audit.read",
    QT_TRANSLATE_NOOP(_CONTEXT, "Läsa och exportera granskningsloggen"),
    _ADMIN,
)
EXPORT = action(
    "export",
    QT_TRANSLATE_NOOP(_CONTEXT, "Spara rapporter och listor som filer (PDF, Excel, CSV)"),
    EVERY_ROLE - {Role.STAFF},
)
BACKUP = action(
    "backup",
    QT_TRANSLATE_NOOP(_CONTEXT, "Säkerhetskopiera hela databasen"),
    _ADMIN,
)
GALLRING = action(
    "gallring",
    QT_TRANSLATE_NOOP(_CONTEXT, "Gallra personuppgifter ur avslutade ärenden"),
    _ADMIN,
)
RESTORE = action(
    "restore",
    QT_TRANSLATE_NOOP(_CONTEXT, "Återställa databasen från en säkerhetskopia"),
    _ADMIN,
)

# The register of the individuals a unit serves (codes, insatser): in the user's own units.
INDIVIDUALS_ADMINISTER = action(
    "individuals.administer",
    QT_TRANSLATE_NOOP(_CONTEXT, "Föra enhetens register över enskilda (koder och insatser)"),
    (Role.ADMIN, Role.UNIT_MANAGER),
)
# Bringing many records in at once from another program's sheet (CSV, XLSX); each record also
# needs its kind's own right to register it.
IMPORT = action(
    "import",
    QT_TRANSLATE_NOOP(_CONTEXT, "Importera poster från kalkylark (CSV och Excel)"),
    (Role.ADMIN, Role.QUALITY_COORDINATOR),
)

# Sammanställning och analys over every kind the user may read (in their own units without
# "alla enheter").
COMPILE = action(
    "compilation.read",
    QT_TRANSLATE_NOOP(
        _CONTEXT, "Sammanställa kvalitetsarbetet för en period (mönster och trender)"
    ),
    (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.UNIT_MANAGER),
)

# ``kvalitet check``: its findings name records (lex Sarah cases too) and their fields, so
# only those who answer for the whole register run it. SQLite's own check of a damaged file
# runs before log-in and is shown to anyone (it names pages, not records).
MAINTENANCE_CHECK = action(
    "maintenance.check",
    QT_TRANSLATE_NOOP(_CONTEXT, "Kontrollera databasen (loggkedjan och posterna mot loggen)"),
    (Role.ADMIN, Role.QUALITY_COORDINATOR),
)
# Rebuilding the search index rewrites it from every record in one long write.
SEARCH_REPAIR = action(
    "search.repair",
    QT_TRANSLATE_NOOP(_CONTEXT, "Bygga om sökindexet"),
    _ADMIN,
)

SHARED_ACTIONS: tuple[Action, ...] = (
    USERS_ADMINISTER,
    ORGANISATION_ADMINISTER,
    INDIVIDUALS_ADMINISTER,
    SETTINGS_CHANGE,
    SECURITY_CHANGE,
    AUDIT_READ,
    ALL_UNITS,
    EXPORT,
    BACKUP,
    GALLRING,
    RESTORE,
    IMPORT,
    COMPILE,
    MAINTENANCE_CHECK,
    SEARCH_REPAIR,
)
SHARED_GROUP = QT_TRANSLATE_NOOP(_CONTEXT, "Administration")


@dataclass(frozen=True)
class ActionGroup:
    """Rows under one heading: a record kind's actions, or the shared ones."""

    title: str
    actions: tuple[Action, ...]


class UnknownAction(LookupError):
    """An action checked but not in the table: a programming error, never a user's."""


@dataclass(frozen=True)
class PermissionTable:
    groups: tuple[ActionGroup, ...]

    def __post_init__(self) -> None:
        keys = [a.key for a in self.actions]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"actions declared twice: {duplicates}")

    @property
    def actions(self) -> tuple[Action, ...]:
        return tuple(a for group in self.groups for a in group.actions)

    def get(self, key: str) -> Action:
        for found in self.actions:
            if found.key == key:
                return found
        raise UnknownAction(key)

    def allows(self, roles: Iterable[Role], wanted: Action) -> bool:
        """Whether any of ``roles`` holds ``wanted`` (no role gives nothing)."""
        return bool(self.get(wanted.key).roles & frozenset(roles))

    def actions_for(self, roles: Iterable[Role]) -> frozenset[str]:
        held = frozenset(roles)
        return frozenset(a.key for a in self.actions if a.roles & held)
