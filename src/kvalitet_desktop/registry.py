"""The record kinds of the program, one line per workflow.

Shared code asks this module about a kind (its list, editor, reports, dashboard items, history
and measure links) and never tests a kind's name. Adding a workflow adds one line here.
"""

from __future__ import annotations

import importlib
from functools import cache

from kvalitet_desktop.domain.errors import NotFound
from kvalitet_desktop.domain.record_kind import RecordKind, ReportSpec
from kvalitet_desktop.domain.roles import (
    SHARED_ACTIONS,
    SHARED_GROUP,
    ActionGroup,
    PermissionTable,
)
from kvalitet_desktop.workflows.analysis.kind import KIND as ANALYSIS
from kvalitet_desktop.workflows.changes.kind import KIND as CHANGES
from kvalitet_desktop.workflows.complaints.kind import KIND as COMPLAINTS
from kvalitet_desktop.workflows.deviations.kind import KIND as DEVIATIONS
from kvalitet_desktop.workflows.followups.kind import KIND as FOLLOWUPS
from kvalitet_desktop.workflows.lexsarah.kind import KIND as LEXSARAH
from kvalitet_desktop.workflows.measures.kind import KIND as MEASURES
from kvalitet_desktop.workflows.risk.kind import KIND as RISK
from kvalitet_desktop.workflows.selfinspection.kind import KIND as SELFINSPECTION

# The order is the order of the navigation, the dashboard's sections and the CLI's choices.
KINDS: tuple[RecordKind, ...] = (
    RISK,
    MEASURES,
    FOLLOWUPS,
    LEXSARAH,
    DEVIATIONS,
    COMPLAINTS,
    SELFINSPECTION,
    CHANGES,
    ANALYSIS,
)


def kind(key: str) -> RecordKind:
    for record_kind in KINDS:
        if record_kind.key == key:
            return record_kind
    raise NotFound(f"Okänd posttyp: {key}.")


def listed_keys() -> tuple[str, ...]:
    """The kinds with a list (``kvalitet list``)."""
    return tuple(k.key for k in KINDS if k.listing)


def reports() -> tuple[ReportSpec, ...]:
    return tuple(report for k in KINDS for report in k.reports)


def report(key: str) -> ReportSpec:
    """The report named ``key`` (``kvalitet report``'s name)."""
    for spec in reports():
        if spec.key == key:
            return spec
    known = ", ".join(r.key for r in reports())
    raise NotFound(f"Okänd rapport: {key}. Välj någon av {known}.")


def history_table_labels() -> dict[str, str]:
    return {table: label for k in KINDS for table, label in k.history_tables.items()}


def record_tables() -> tuple[tuple[str, str], ...]:
    """Each kind's records table and its plural noun ("riskanalyser"): a kind's first history
    table is the table of its records (the rest hold their parts)."""
    return tuple((next(iter(k.history_tables)), k.nouns.many) for k in KINDS if k.history_tables)


def history_field_labels() -> dict[str, str]:
    return {field: label for k in KINDS for field, label in k.history_fields.items()}


def import_models() -> None:
    """Import every kind's tables, for what must see them all (the database check)."""
    for record_kind in KINDS:
        if record_kind.models:
            importlib.import_module(record_kind.models)


@cache
def permission_table() -> PermissionTable:
    """The role × action table: each kind's actions under its page's name (else its title),
    then the shared ones."""
    groups = [ActionGroup(_group_title(k), k.actions) for k in KINDS if k.actions]
    return PermissionTable((*groups, ActionGroup(SHARED_GROUP, SHARED_ACTIONS)))


def _group_title(record_kind: RecordKind) -> str:
    return record_kind.view.label if record_kind.view else record_kind.nouns.title


def assessment_sources() -> tuple[RecordKind, ...]:
    """The kinds whose records hold individual assessments belonging to another record."""
    return tuple(k for k in KINDS if k.linked_assessments)
