"""Sammanställning och analys as a record kind: the period's figures (compiled by the shared
service from every kind that contributes) and the signed analysis written against them."""

from __future__ import annotations

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import (
    Nouns,
    RecordKind,
    ReportScope,
    ReportSpec,
    ViewEntry,
)
from kvalitet_desktop.domain.roles import COMPILE

KEY = "analys"
_PKG = "kvalitet_desktop.workflows.analysis"
_CONTEXT = "RecordKind"
COMPILATION_REPORT = "sammanstallning"

KIND = RecordKind(
    key=KEY,
    nouns=Nouns(
        one=QT_TRANSLATE_NOOP(_CONTEXT, "analys"),
        many=QT_TRANSLATE_NOOP(_CONTEXT, "analyser"),
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Sammanställning och analys"),
        empty=QT_TRANSLATE_NOOP(
            _CONTEXT, "Inga analyser ännu. Välj en period, sammanställ och skriv analysen."
        ),
    ),
    reports=(
        ReportSpec(
            key=COMPILATION_REPORT,
            title=QT_TRANSLATE_NOOP(_CONTEXT, "Sammanställning och analys"),
            data="kvalitet_desktop.services.compilation:compilation_report",
            pdf="kvalitet_desktop.reports.compilation:build_compilation_pdf",
            model="kvalitet_desktop.reports.compilation_model:CompilationReport",
            scope=ReportScope.PERIOD,
        ),
    ),
    # The page compiles first: who may compile sees it.
    read_action=COMPILE,
    view=ViewEntry(
        "analys",
        QT_TRANSLATE_NOOP(_CONTEXT, "Analys"),
        factory=f"{_PKG}.ui.page:AnalysisPage",
        order=85,
    ),
)
