"""Sammanställning och analys as a record kind: the period's figures (compiled by the shared
service from every kind that contributes) and the signed analysis written against them.

Reading analyses is for those who compile; writing and signing them for the quality
coordinator (and administrators). An analysis of several units needs "alla enheter"."""

from __future__ import annotations

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import (
    Nouns,
    RecordKind,
    ReportScope,
    ReportSpec,
    ViewEntry,
)
from kvalitet_desktop.domain.roles import Role, action

KEY = "analys"
_PKG = "kvalitet_desktop.workflows.analysis"
_CONTEXT = "RecordKind"
_PERMISSIONS = "Permissions"
COMPILATION_REPORT = "sammanstallning"

_WRITERS = (Role.ADMIN, Role.QUALITY_COORDINATOR)
READ = action(
    f"{KEY}.read",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Läsa analyser av sammanställningen"),
    (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.UNIT_MANAGER),
)
WRITE = action(
    f"{KEY}.write",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Skriva analyser och beslutade förbättringar"),
    _WRITERS,
)
SIGN = action(
    f"{KEY}.sign",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Signera analyser och ändra signerade med motivering"),
    _WRITERS,
)
VOID = action(f"{KEY}.void", QT_TRANSLATE_NOOP(_PERMISSIONS, "Makulera analyser"), _WRITERS)

_FIGURES = "kvalitet_desktop.reports.compilation"

KIND = RecordKind(
    key=KEY,
    nouns=Nouns(
        one=QT_TRANSLATE_NOOP(_CONTEXT, "analys"),
        many=QT_TRANSLATE_NOOP(_CONTEXT, "analyser"),
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Analys"),
        empty=QT_TRANSLATE_NOOP(
            _CONTEXT, "Inga analyser ännu. Sammanställ en period och skriv analysen."
        ),
    ),
    models=f"{_PKG}.models",
    listing=f"{_PKG}.listing:SPEC",
    editor=f"{_PKG}.ui.editor:AnalysisEditor",
    actions=(READ, WRITE, SIGN, VOID),
    read_action=READ,
    history_records=f"{_PKG}.service:history_records",
    history_tables={"analyses": QT_TRANSLATE_NOOP(_CONTEXT, "Analys")},
    history_fields={
        "period_start": QT_TRANSLATE_NOOP(_CONTEXT, "Periodens första dag"),
        "period_end": QT_TRANSLATE_NOOP(_CONTEXT, "Periodens sista dag"),
        "area_id": QT_TRANSLATE_NOOP(_CONTEXT, "Verksamhetsområde"),
        "scope": QT_TRANSLATE_NOOP(_CONTEXT, "Sammanställda enheter"),
        "figures": QT_TRANSLATE_NOOP(_CONTEXT, "Frysta siffror"),
        "improvements": QT_TRANSLATE_NOOP(_CONTEXT, "Beslutade förbättringar"),
        "signed_at": QT_TRANSLATE_NOOP(_CONTEXT, "Signerad"),
        "signed_by_id": QT_TRANSLATE_NOOP(_CONTEXT, "Signerad av"),
        "signed_by_name": QT_TRANSLATE_NOOP(_CONTEXT, "Signerad av (namn)"),
    },
    reports=(
        ReportSpec(
            key=COMPILATION_REPORT,
            title=QT_TRANSLATE_NOOP(_CONTEXT, "Sammanställning och analys"),
            data="kvalitet_desktop.services.compilation:compilation_report",
            pdf=f"{_FIGURES}:build_compilation_pdf",
            model="kvalitet_desktop.reports.compilation_model:CompilationReport",
            scope=ReportScope.PERIOD,
        ),
        ReportSpec(
            key=KEY,
            title=QT_TRANSLATE_NOOP(_CONTEXT, "Analys"),
            data=f"{_PKG}.service:analysis_report",
            pdf=f"{_FIGURES}:build_compilation_pdf",
            model="kvalitet_desktop.reports.compilation_model:CompilationReport",
        ),
    ),
    record_title=f"{_PKG}.service:record_title",
    view=ViewEntry(
        "analys",
        QT_TRANSLATE_NOOP(_CONTEXT, "Analys"),
        factory=f"{_PKG}.ui.page:AnalysisPage",
        order=85,
    ),
    search_documents=f"{_PKG}.search:search_documents",
    search_tables={"analyses": "id"},
)
