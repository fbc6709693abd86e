"""What the shared code knows of a record kind: one ``RecordKind`` per workflow.

Each workflow package describes itself in its ``kind.py`` with plain data; the registry
(``kvalitet_desktop.registry``) lists them. Code that belongs to a layer above the domain (the
list query, the editor, the report builders …) is named by a "module:attribute" path and loaded
only when it is used, so start-up imports nothing a screen does not need and the shared layers
never import a workflow.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kvalitet_desktop.domain.retention import RetentionSpec
from kvalitet_desktop.domain.roles import Action


def load(path: str) -> Any:
    """The object named by ``"package.module:attribute"``."""
    module_name, _, attribute = path.partition(":")
    if not attribute:
        raise ValueError(f"not a 'module:attribute' path: {path!r}")
    return getattr(importlib.import_module(module_name), attribute)


@dataclass(frozen=True)
class Nouns:
    """How the interface names records of the kind (Swedish, lower case unless a title)."""

    one: str  # e.g. riskanalys
    many: str  # "riskanalyser"
    title: str  # "Riskanalys": headings, the history dialog
    empty: str  # what an empty list says, with the way to the first record


class ReportScope(StrEnum):
    RECORD = "record"  # one record: needs its id
    UNITS = "units"  # every visible unit, or one chosen unit
    UNIT_YEAR = "unit_year"  # one chosen unit's calendar year: needs a unit id and a year
    # A period (from, to) over every visible unit or one chosen unit: its data function is
    # (ctx, unit_id | None, start, end).
    PERIOD = "period"


@dataclass(frozen=True)
class ReportSpec:
    """A PDF the kind prints. ``key`` is the name used by ``kvalitet report``."""

    key: str
    title: str  # "Åtgärdsplan": the button, the preview window
    # "module:function" (ctx, record_id | unit_id | (unit_id, year)) -> the report dataclass
    data: str
    pdf: str  # "module:function" (report dataclass) -> PDF bytes
    model: str  # "module:Class" of the report dataclass
    scope: ReportScope = ReportScope.RECORD


@dataclass(frozen=True)
class ViewEntry:
    """The kind's page in the main window's navigation."""

    key: str  # "riskanalyser": ``--view`` and the remembered last view
    label: str
    # "module:callable" (ctx, remember=…) -> QWidget; None: the shared list page of the kind.
    factory: str | None = None
    order: int = 100  # place in the navigation among the shared pages


@dataclass(frozen=True)
class RecordKind:
    """A record kind as the shared code sees it. Paths are "module:attribute"."""

    key: str  # the name the CLI and the JSON use (riskanalys …), kept stable
    nouns: Nouns
    # services.listing.ListSpec of the kind's list, or None if it has no list.
    listing: str | None = None
    # QDialog class opened as ``Editor(parent, ctx, record_id)``; None: not opened alone.
    editor: str | None = None
    # A new record from the list page: the editor opened as ``Editor(parent, ctx, None)``.
    create_label: str | None = None
    # What the new-record button needs (one of ``actions``); None: anyone may start one.
    create_action: Action | None = None
    # The kind's rows of the role × action table, with the roles that hold them by default
    # (``registry.permission_table()`` gathers them); the kind's service checks them.
    actions: tuple[Action, ...] = ()
    # The action that lets a user see the kind's records (list, open, history, reports);
    # None when the kind's own service decides record by record.
    read_action: Action | None = None
    # What the kind's service allows besides the table (shown under it in Inställningar).
    permission_note: str | None = None
    # (ctx, session, record_id) -> ids of the record and its parts, for the history.
    history_records: str | None = None
    # Audit-log table names of the kind, and the words the history and the Granskningslogg
    # use for them and for its fields.
    history_tables: Mapping[str, str] = field(default_factory=dict)
    history_fields: Mapping[str, str] = field(default_factory=dict)
    # The values of measure_links.kind that point at this kind's records, and
    # (session, link_kind, target_id) -> services' LinkTarget | None that describes one.
    link_kinds: tuple[str, ...] = ()
    describe_link: str | None = None
    reports: tuple[ReportSpec, ...] = ()
    # (ctx, session, today) -> services.dashboard.DashboardPart: what is due, overdue, waiting.
    dashboard: str | None = None
    # Place of its sections and unit columns on the dashboard: what users act on comes first.
    dashboard_order: int = 100
    view: ViewEntry | None = None
    # (session, record_id) -> the record's title, or None if it does not exist.
    record_title: str | None = None
    # (session, unit_id, title, reason) -> id of a new draft, started from another record
    # inside its unit of work (a follow-up's outcome "ny riskanalys").
    start_draft: str | None = None
    # Linked records (``domain.linked_records``). (ctx, record_id) -> SourceFacts: what a
    # record of this kind offers to a record of another kind made from it.
    source_facts: str | None = None
    # UI "module:callable" (parent, ctx, SourceFacts) -> id of the saved record or None: this
    # kind's editor opened prefilled from another record; what it saves is linked to it.
    create_from: str | None = None
    # (ctx, session, record_id) -> LinkedSummary | None: number and status of a record seen
    # through a link, or None when the actor may not read it (or it does not exist).
    linked_summary: str | None = None
    # The kind's tables, imported by what needs every table (the database check).
    models: str | None = None
    # The kind's tab in Inställningar: "module:Class" (ctx) -> QWidget, for administrators.
    settings_tab: str | None = None
    # Its gallring rule: which personal data is removed from closed records, and how.
    retention: RetentionSpec | None = None
    # Full-text search (``domain.search``): (session, record_ids) -> list[SearchDocument] of
    # those records that are searchable (an archived record, or one gone, gives none).
    search_documents: str | None = None
    # The tables whose rows make up a record's searchable text, each with the column that
    # holds the record's id: the unit of work re-indexes a record when one of them changes.
    # The first is the table of the records themselves (its "id").
    search_tables: Mapping[str, str] = field(default_factory=dict)
    # Other tables a record's searchable text reads (a check's plan item, a follow-up's
    # measure, answers kept in form_records), each with "module:function" (session, ids of
    # rows of that table written in the transaction) -> ids of this kind's records whose text
    # they are part of: those are indexed again before the commit. (A row deleted in the
    # transaction resolves to none: what reads it is deleted or written with it.)
    search_dependents: Mapping[str, str] = field(default_factory=dict)
    # (ctx, session, target_kind, target_id) -> tuple of domain.individual_assessments'
    # IndividualAssessmentSummary: the individual assessments made in this kind's records
    # that belong to a record of another kind (a change's people, for its risk analysis).
    linked_assessments: str | None = None
    # Whether its records name individuals or other people (a warning before they leave the
    # program in a file); None: those with personal data that gallring removes.
    names_individuals: bool | None = None

    @property
    def holds_personal_data(self) -> bool:
        if self.names_individuals is not None:
            return self.names_individuals
        return self.retention is not None and bool(self.retention.personal)

    # Records brought in from a sheet (CSV, XLSX): "module:attribute" of the kind's
    # ``services.imports.ImportTarget`` (its fields, lists and how a row becomes a record).
    importer: str | None = None
    # Its part of Sammanställning och analys: (ctx, session, period, unit_ids) ->
    # domain.compilation.KindFigures | None (None: the actor may not see any of it).
    # ``unit_ids`` are the units compiled, already limited to those the actor sees.
    compilation: str | None = None

    def report(self, key: str) -> ReportSpec | None:
        return next((r for r in self.reports if r.key == key), None)
