"""Egenkontroll as a record kind: its list holds the scheduled and performed checks; its page
also shows each unit's yearly plan."""

from __future__ import annotations

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import (
    Nouns,
    RecordKind,
    ReportScope,
    ReportSpec,
    ViewEntry,
)
from kvalitet_desktop.domain.roles import EVERY_ROLE, Role, action
from kvalitet_desktop.workflows.selfinspection.domain import SELF_INSPECTION_LINK

KEY = "egenkontroll"
PLAN_REPORT = "egenkontrollplan"
_PKG = "kvalitet_desktop.workflows.selfinspection"
_CONTEXT = "RecordKind"
_PERMISSIONS = "Permissions"

_PLANNERS = (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.UNIT_MANAGER)
PLAN = action(
    f"{KEY}.plan",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Planera egenkontroller, ställa in och öppna dem igen"),
    _PLANNERS,
)
# Whoever the plan names may carry a check out; staff often do the record reviews.
PERFORM = action(
    f"{KEY}.perform", QT_TRANSLATE_NOOP(_PERMISSIONS, "Genomföra egenkontroller"), EVERY_ROLE
)
READ = action(f"{KEY}.read", QT_TRANSLATE_NOOP(_PERMISSIONS, "Läsa egenkontroller"), EVERY_ROLE)
VOID = action(
    f"{KEY}.void",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Makulera egenkontroller och punkter i planen"),
    _PLANNERS,
)

KIND = RecordKind(
    key=KEY,
    nouns=Nouns(
        one=QT_TRANSLATE_NOOP(_CONTEXT, "egenkontroll"),
        many=QT_TRANSLATE_NOOP(_CONTEXT, "egenkontroller"),
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontroll"),
        empty=QT_TRANSLATE_NOOP(
            _CONTEXT,
            "Inga egenkontroller ännu. Lägg till en punkt i enhetens egenkontrollplan, så "
            "planeras kontrollerna för året.",
        ),
    ),
    models=f"{_PKG}.models",
    listing=f"{_PKG}.listing:SPEC",
    editor=f"{_PKG}.ui.check_dialog:CheckDialog",
    actions=(PLAN, PERFORM, READ, VOID),
    read_action=READ,
    history_records=f"{_PKG}.service:history_records",
    history_tables={
        "selfinspection_checks": "Egenkontroll",
        "selfinspection_plan_items": "Punkt i egenkontrollplanen",
    },
    history_fields={
        "plan_item_id": QT_TRANSLATE_NOOP(_CONTEXT, "Punkt i planen"),
        "year": QT_TRANSLATE_NOOP(_CONTEXT, "År"),
        "frequency": QT_TRANSLATE_NOOP(_CONTEXT, "Hur ofta"),
        "chosen_dates": QT_TRANSLATE_NOOP(_CONTEXT, "Valda datum"),
        "on_failure": QT_TRANSLATE_NOOP(_CONTEXT, "Om kraven inte uppfylls"),
        "form_id": QT_TRANSLATE_NOOP(_CONTEXT, "Checklista"),
        "performed_by_id": QT_TRANSLATE_NOOP(_CONTEXT, "Genomförd av"),
        "reviewed": QT_TRANSLATE_NOOP(_CONTEXT, "Granskat underlag"),
        "reviewed_note": QT_TRANSLATE_NOOP(_CONTEXT, "Om underlaget"),
        "summary": QT_TRANSLATE_NOOP(_CONTEXT, "Sammanfattning"),
        "status_reason": QT_TRANSLATE_NOOP(_CONTEXT, "Skäl"),
    },
    link_kinds=(SELF_INSPECTION_LINK,),
    describe_link=f"{_PKG}.service:describe_link",
    record_title=f"{_PKG}.service:record_title",
    source_facts=f"{_PKG}.service:source_facts",
    linked_summary=f"{_PKG}.service:linked_summary",
    reports=(
        ReportSpec(
            key=KEY,
            title=QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontroll"),
            data=f"{_PKG}.report_data:check_report",
            pdf=f"{_PKG}.report:build_check_pdf",
            model=f"{_PKG}.report_model:CheckReport",
        ),
        ReportSpec(
            key=PLAN_REPORT,
            title=QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontrollplan"),
            data=f"{_PKG}.report_data:plan_report",
            pdf=f"{_PKG}.report:build_plan_pdf",
            model=f"{_PKG}.report_model:PlanReport",
            scope=ReportScope.UNIT_YEAR,
        ),
    ),
    dashboard=f"{_PKG}.dashboard:dashboard_part",
    dashboard_order=70,
    view=ViewEntry(
        "egenkontroll",
        QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontroll"),
        factory=f"{_PKG}.ui.page:SelfInspectionPage",
        order=70,
    ),
    settings_tab=f"{_PKG}.ui.settings_tab:SelfInspectionTab",
    search_documents=f"{_PKG}.search:search_documents",
    search_tables={"selfinspection_checks": "id"},
    search_dependents={
        "selfinspection_plan_items": f"{_PKG}.search:checks_of_plan_items",
        "form_records": f"{_PKG}.search:checks_answered",
    },
    compilation=f"{_PKG}.compilation:figures",
)
