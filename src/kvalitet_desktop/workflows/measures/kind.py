"""The measure (åtgärd) as a record kind: the target every source points at."""

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

KEY = "atgard"
_PKG = "kvalitet_desktop.workflows.measures"
_CONTEXT = "RecordKind"
_PERMISSIONS = "Permissions"

_DECIDERS = EVERY_ROLE - {Role.STAFF}
CREATE = action(f"{KEY}.create", QT_TRANSLATE_NOOP(_PERMISSIONS, "Besluta åtgärder"), _DECIDERS)
READ = action(f"{KEY}.read", QT_TRANSLATE_NOOP(_PERMISSIONS, "Läsa åtgärder"), EVERY_ROLE)
UPDATE = action(
    f"{KEY}.update",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Ändra åtgärder"),
    _DECIDERS,
)
VOID = action(f"{KEY}.void", QT_TRANSLATE_NOOP(_PERMISSIONS, "Makulera åtgärder"), _DECIDERS)

# No gallring rule (``retention``): a measure is about the activity, not about anyone; the
# individuals' voices are in its follow-ups, which have one.
KIND = RecordKind(
    key=KEY,
    nouns=Nouns(
        one=QT_TRANSLATE_NOOP(_CONTEXT, "åtgärd"),
        many=QT_TRANSLATE_NOOP(_CONTEXT, "åtgärder"),
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Åtgärd"),
        empty=QT_TRANSLATE_NOOP(
            _CONTEXT,
            "Inga åtgärder ännu. Åtgärder beslutas i en riskanalys eller efter en uppföljning.",
        ),
    ),
    models=f"{_PKG}.models",
    listing=f"{_PKG}.listing:SPEC",
    editor=f"{_PKG}.ui.editor:MeasureDialog",
    actions=(CREATE, READ, UPDATE, VOID),
    read_action=READ,
    history_records=f"{_PKG}.service:history_records",
    history_tables={"measures": "Åtgärd", "measure_links": "Koppling"},
    history_fields={
        "responsible_id": "Ansvarig",
        "due_date": "Klart senast",
        "cancel_reason": "Skäl till avbrott",
        "completed_on": "Genomförd",
    },
    reports=(
        ReportSpec(
            key="atgardsplan",
            title=QT_TRANSLATE_NOOP(_CONTEXT, "Åtgärdsplan"),
            data=f"{_PKG}.report_data:measure_plan_report",
            pdf=f"{_PKG}.report:build_measure_plan_pdf",
            model=f"{_PKG}.report_model:MeasurePlanReport",
            scope=ReportScope.UNITS,
        ),
    ),
    dashboard=f"{_PKG}.dashboard:dashboard_part",
    dashboard_order=10,
    view=ViewEntry("atgarder", QT_TRANSLATE_NOOP(_CONTEXT, "Åtgärder"), order=20),
    search_documents=f"{_PKG}.search:search_documents",
    search_tables={"measures": "id"},
    compilation=f"{_PKG}.compilation:figures",
)
