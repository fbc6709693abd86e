"""The risk analysis as a record kind: what the shared code needs to know of it."""

from __future__ import annotations

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import Nouns, RecordKind, ReportSpec, ViewEntry
from kvalitet_desktop.domain.retention import RetentionSpec
from kvalitet_desktop.domain.roles import EVERY_ROLE, Role, action
from kvalitet_desktop.workflows.risk.domain import ANALYSIS_LINK, EVENT_LINK

KEY = "riskanalys"
_PKG = "kvalitet_desktop.workflows.risk"
_CONTEXT = "RecordKind"
_PERMISSIONS = "Permissions"

_WORKERS = (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.UNIT_MANAGER, Role.INVESTIGATOR)
CREATE = action(f"{KEY}.create", QT_TRANSLATE_NOOP(_PERMISSIONS, "Starta riskanalyser"), _WORKERS)
READ = action(f"{KEY}.read", QT_TRANSLATE_NOOP(_PERMISSIONS, "Läsa riskanalyser"), EVERY_ROLE)
UPDATE = action(
    f"{KEY}.update",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Ändra riskanalyser"),
    _WORKERS,
)
DECIDE = action(
    f"{KEY}.decide",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Besluta om och avsluta riskanalyser"),
    (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.UNIT_MANAGER),
)
VOID = action(f"{KEY}.void", QT_TRANSLATE_NOOP(_PERMISSIONS, "Makulera riskanalyser"), _WORKERS)

_GALLRING = "Gallring"
RETENTION = RetentionSpec(
    closed_when=QT_TRANSLATE_NOOP(
        _GALLRING, "en riskanalys på individnivå är avslutad (dagen den avslutades)"
    ),
    personal=(
        QT_TRANSLATE_NOOP(_GALLRING, "kopplingen till den enskilde (koden)"),
        QT_TRANSLATE_NOOP(_GALLRING, "rubrik"),
        QT_TRANSLATE_NOOP(_GALLRING, "fritexter om omfattning, anledning, underlag och beslut"),
        QT_TRANSLATE_NOOP(_GALLRING, "händelsernas beskrivningar, orsaker och förslag"),
        QT_TRANSLATE_NOOP(_GALLRING, "bedömningarnas kommentarer"),
    ),
    kept=(
        QT_TRANSLATE_NOOP(_GALLRING, "enhet och nivå"),
        QT_TRANSLATE_NOOP(_GALLRING, "anledningens kategori"),
        QT_TRANSLATE_NOOP(_GALLRING, "bedömningarnas sannolikhet, konsekvens och riskvärde"),
        QT_TRANSLATE_NOOP(_GALLRING, "datum och status"),
    ),
    # UNCONFIRMED: no national period; check against the municipality's plan.
    default_years=5,
    candidates=f"{_PKG}.retention:candidates",
    clear=f"{_PKG}.retention:clear",
)

KIND = RecordKind(
    key=KEY,
    retention=RETENTION,
    nouns=Nouns(
        one=QT_TRANSLATE_NOOP(_CONTEXT, "riskanalys"),
        many=QT_TRANSLATE_NOOP(_CONTEXT, "riskanalyser"),
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalys"),
        empty=QT_TRANSLATE_NOOP(_CONTEXT, "Inga riskanalyser ännu. Börja med ”Ny riskanalys”."),
    ),
    models=f"{_PKG}.models",
    listing=f"{_PKG}.listing:SPEC",
    editor=f"{_PKG}.ui.editor:RiskAnalysisEditor",
    create_label=QT_TRANSLATE_NOOP(_CONTEXT, "Ny riskanalys"),
    create_action=CREATE,
    actions=(CREATE, READ, UPDATE, DECIDE, VOID),
    read_action=READ,
    history_records=f"{_PKG}.service:history_records",
    history_tables={
        "risk_analyses": "Riskanalys",
        "risk_events": "Händelse",
        "risk_assessments": "Bedömning",
        "risk_team_members": "Analysteam",
    },
    history_fields={
        "change_reason": "Motivering",
        "scope_kind": "Omfattning",
        "scope_description": "Process/område",
        "trigger": "Anledning",
        "trigger_description": "Beskrivning av anledningen",
        "level": "Nivå",
        "individual_id": "Enskild",
        "commissioned_by": "Uppdragsgivare",
        "commissioned_on": "Uppdragsdatum",
        "leader_id": terms.ANALYSIS_LEADER,
        "fact_sources": "Faktaunderlag",
        "decision_text": "Beslut",
        "decided_by_id": "Beslutsfattare",
        "decided_on": "Beslutsdatum",
        "follow_up_on": "Uppföljningsdatum",
        "follow_up_method": "Uppföljningsmetod",
        "wizard_step": "Steg i guiden",
        "causes": "Orsaker",
        "proposed_measures": "Förslag till åtgärder",
        "probability": "Sannolikhet",
        "consequence": "Konsekvens",
        "score": "Riskvärde",
        "current_score": "Aktuellt riskvärde",
        "kind": "Typ",
        "role_text": "Roll",
        "assessed_on": "Bedömd",
    },
    link_kinds=(EVENT_LINK, ANALYSIS_LINK),
    describe_link=f"{_PKG}.service:describe_link",
    reports=(
        ReportSpec(
            key=KEY,
            title=QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalys"),
            data=f"{_PKG}.report_data:risk_analysis_report",
            pdf=f"{_PKG}.report:build_risk_analysis_pdf",
            model=f"{_PKG}.report_model:RiskAnalysisReport",
        ),
    ),
    record_title=f"{_PKG}.service:record_title",
    start_draft=f"{_PKG}.service:start_draft",
    dashboard=f"{_PKG}.dashboard:dashboard_part",
    dashboard_order=30,
    view=ViewEntry("riskanalyser", QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalyser"), order=10),
    search_documents=f"{_PKG}.search:search_documents",
    search_tables={"risk_analyses": "id", "risk_events": "analysis_id"},
)
