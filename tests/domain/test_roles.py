"""Who may do what: the role × action table, read as the services read it."""

from __future__ import annotations

import pytest

from kvalitet_desktop import registry
from kvalitet_desktop.domain.roles import (
    ALL_UNITS,
    BACKUP,
    EXPORT,
    RESTORE,
    SHARED_ACTIONS,
    ActionGroup,
    PermissionTable,
    Role,
    UnknownAction,
    action,
)

A, Q, U, INV, L, S = (
    Role.ADMIN,
    Role.QUALITY_COORDINATOR,
    Role.UNIT_MANAGER,
    Role.INVESTIGATOR,
    Role.LEX_SARAH,
    Role.STAFF,
)
EVERYONE = {A, Q, U, INV, L, S}

# The default table, written out cell by cell: a change to it must be a change here too.
EXPECTED: dict[str, set[Role]] = {
    "riskanalys.create": {A, Q, U, INV},
    "riskanalys.read": EVERYONE,
    "riskanalys.update": {A, Q, U, INV},
    "riskanalys.decide": {A, Q, U},
    "riskanalys.void": {A, Q, U, INV},
    "atgard.create": {A, Q, U, INV, L},
    "atgard.read": EVERYONE,
    "atgard.update": {A, Q, U, INV, L},
    "atgard.void": {A, Q, U, INV, L},
    "uppfoljning.create": EVERYONE,
    "uppfoljning.read": EVERYONE,
    "uppfoljning.update": EVERYONE,
    "uppfoljning.void": EVERYONE,
    "lexsarah.file": EVERYONE,
    "lexsarah.receive": {A, L},
    "lexsarah.investigate": {A, L},
    "lexsarah.assess": {A, L},
    "lexsarah.notify": {A, L},
    "lexsarah.close": {A, L},
    "lexsarah.read": {A, L},
    "lexsarah.count": {A, Q, L},
    "avvikelse.create": EVERYONE,
    "avvikelse.read": EVERYONE,
    "avvikelse.investigate": {A, Q, U, INV},
    "avvikelse.close": {A, Q, U},
    "avvikelse.void": {A, Q, U},
    "klagomal.register": EVERYONE,
    "klagomal.read": {A, Q, U, INV},
    "klagomal.handle": {A, Q, U, INV},
    "klagomal.close": {A, Q, U},
    "klagomal.void": {A, Q, U},
    "egenkontroll.plan": {A, Q, U},
    "egenkontroll.perform": EVERYONE,
    "egenkontroll.read": EVERYONE,
    "egenkontroll.void": {A, Q, U},
    "insatsforandring.create": {A, Q, U},
    "insatsforandring.read": EVERYONE,
    "insatsforandring.update": {A, Q, U},
    "insatsforandring.contact": EVERYONE,
    "insatsforandring.close": {A, Q, U},
    "analys.read": {A, Q, U},
    "analys.write": {A, Q},
    "analys.sign": {A, Q},
    "analys.void": {A, Q},
    "users.administer": {A},
    "organisation.administer": {A},
    "individuals.administer": {A, U},
    "settings.change": {A, Q},
    "security.change": {A},
    "audit.read": {A},
    "units.all": {A, Q, L},
    "export": {A, Q, U, INV, L},
    "backup": {A},
    "gallring": {A},
    "restore": {A},
    "import": {A, Q},
    "compilation.read": {A, Q, U},
    "maintenance.check": {A, Q},
    "search.repair": {A},
}

TABLE = registry.permission_table()


def test_the_table_holds_exactly_the_expected_actions() -> None:
    assert [a.key for a in TABLE.actions] == list(EXPECTED)


@pytest.mark.parametrize("key", list(EXPECTED))
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_cell_of_the_table(role: Role, key: str) -> None:
    assert TABLE.allows({role}, TABLE.get(key)) == (role in EXPECTED[key])


def test_every_role_may_do_something_and_only_administrators_everything() -> None:
    for role in Role:
        assert TABLE.actions_for({role})
    assert TABLE.actions_for({A}) == frozenset(EXPECTED)
    assert all(TABLE.actions_for({r}) < TABLE.actions_for({A}) for r in set(Role) - {A})


def test_the_shared_actions_come_last_under_their_own_heading() -> None:
    assert TABLE.groups[-1].actions == SHARED_ACTIONS
    kinds = [k for k in registry.KINDS if k.actions]
    assert [g.title for g in TABLE.groups[:-1]] == [
        k.view.label if k.view else k.nouns.title for k in kinds
    ]
    assert [g.title for g in TABLE.groups] == [
        "Riskanalyser",
        "Åtgärder",
        "Uppföljningar",
        "Lex Sarah",
        "Avvikelser",
        "Klagomål",
        "Egenkontroll",
        "Förändringar i insatser",
        "Analys",
        "Administration",
    ]


def test_a_backup_copies_everything_so_only_administrators_may_take_one() -> None:
    assert {r for r in Role if TABLE.allows({r}, BACKUP)} == {A}


def test_a_restore_replaces_everything_so_only_administrators_may_make_one() -> None:
    assert {r for r in Role if TABLE.allows({r}, RESTORE)} == {A}
    assert RESTORE.refusal == (
        "Du har inte behörighet att återställa databasen från en säkerhetskopia."
    )


def test_the_whole_check_names_records_so_staff_may_not_run_it() -> None:
    check = TABLE.get("maintenance.check")
    assert {r for r in Role if TABLE.allows({r}, check)} == {A, Q}
    assert check.refusal == (
        "Du har inte behörighet att kontrollera databasen (loggkedjan och posterna mot loggen)."
    )
    assert TABLE.get("search.repair").refusal == "Du har inte behörighet att bygga om sökindexet."


def test_staff_see_their_own_units_and_keep_reports_inside_the_program() -> None:
    assert not TABLE.allows({S}, ALL_UNITS)
    assert not TABLE.allows({S}, EXPORT)


def test_several_roles_add_up_and_no_role_gives_nothing() -> None:
    both = TABLE.actions_for({S, INV})
    assert both == TABLE.actions_for({S}) | TABLE.actions_for({INV})
    assert TABLE.actions_for(set()) == frozenset()
    assert not TABLE.allows(set(), TABLE.get("lexsarah.file"))


def test_an_action_outside_the_table_is_a_bug_not_a_refusal() -> None:
    stray = action("risk.teleport", "Teleportera riskanalyser", {A})
    with pytest.raises(UnknownAction):
        TABLE.allows({A}, stray)


def test_an_action_declared_twice_is_refused() -> None:
    twice = action("x.y", "Göra något", {A})
    with pytest.raises(ValueError, match="twice"):
        PermissionTable((ActionGroup("Ett", (twice,)), ActionGroup("Två", (twice,))))


def test_the_refusal_reads_as_a_sentence_from_the_label() -> None:
    assert TABLE.get("riskanalys.decide").refusal == (
        "Du har inte behörighet att besluta om och avsluta riskanalyser."
    )
    assert BACKUP.refusal == "Du har inte behörighet att säkerhetskopiera hela databasen."
