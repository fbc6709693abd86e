"""The avvikelse as a record kind: what the shared code needs to know of it."""

from __future__ import annotations

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import Nouns, RecordKind, ReportSpec, ViewEntry
from kvalitet_desktop.domain.retention import RetentionSpec
from kvalitet_desktop.domain.roles import EVERY_ROLE, Role, action
from kvalitet_desktop.workflows.deviations.domain import DEVIATION_LINK

KEY = "avvikelse"
_PKG = "kvalitet_desktop.workflows.deviations"
_CONTEXT = "RecordKind"
_PERMISSIONS = "Permissions"

_MANAGERS = (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.UNIT_MANAGER)
CREATE = action(
    f"{KEY}.create", QT_TRANSLATE_NOOP(_PERMISSIONS, "Registrera avvikelser"), EVERY_ROLE
)
READ = action(f"{KEY}.read", QT_TRANSLATE_NOOP(_PERMISSIONS, "Läsa avvikelser"), EVERY_ROLE)
INVESTIGATE = action(
    f"{KEY}.investigate",
    QT_TRANSLATE_NOOP(
        _PERMISSIONS, "Komplettera och utreda avvikelser (orsaker, åtgärder, återföring)"
    ),
    (*_MANAGERS, Role.INVESTIGATOR),
)
CLOSE = action(
    f"{KEY}.close",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Avsluta avvikelser och öppna dem igen"),
    _MANAGERS,
)
VOID = action(f"{KEY}.void", QT_TRANSLATE_NOOP(_PERMISSIONS, "Makulera avvikelser"), _MANAGERS)

_GALLRING = "Gallring"
RETENTION = RetentionSpec(
    closed_when=QT_TRANSLATE_NOOP(_GALLRING, "avvikelsen är avslutad (avslutsdatum)"),
    personal=(
        QT_TRANSLATE_NOOP(_GALLRING, "rubrik"),
        QT_TRANSLATE_NOOP(_GALLRING, "rapportören (namnet och kopplingen till användaren)"),
        QT_TRANSLATE_NOOP(_GALLRING, "de enskildas koder"),
        QT_TRANSLATE_NOOP(
            _GALLRING, "fritexter om händelsen, följderna, analysen, orsakerna och avslutet"
        ),
        QT_TRANSLATE_NOOP(_GALLRING, "vilka återföringen gavs till"),
    ),
    kept=(
        QT_TRANSLATE_NOOP(_GALLRING, "nummer, enhet och plats"),
        QT_TRANSLATE_NOOP(_GALLRING, "lagrum, kategori och riskbedömning"),
        QT_TRANSLATE_NOOP(_GALLRING, "orsakernas nivåer och områden"),
        QT_TRANSLATE_NOOP(_GALLRING, "hur återföringen gavs, och alla datum"),
    ),
    # UNCONFIRMED: no national period; check against the municipality's plan.
    default_years=5,
    candidates=f"{_PKG}.retention:candidates",
    clear=f"{_PKG}.retention:clear",
)

KIND = RecordKind(
    retention=RETENTION,
    key=KEY,
    nouns=Nouns(
        one=QT_TRANSLATE_NOOP(_CONTEXT, "avvikelse"),
        many=QT_TRANSLATE_NOOP(_CONTEXT, "avvikelser"),
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Avvikelse"),
        empty=QT_TRANSLATE_NOOP(
            _CONTEXT, "Inga avvikelser. Har något gått fel? Välj ”Ny avvikelse”."
        ),
    ),
    models=f"{_PKG}.models",
    listing=f"{_PKG}.listing:SPEC",
    editor=f"{_PKG}.ui.editor:DeviationEditor",
    create_label=QT_TRANSLATE_NOOP(_CONTEXT, "Ny avvikelse"),
    create_action=CREATE,
    actions=(CREATE, READ, INVESTIGATE, CLOSE, VOID),
    read_action=READ,
    history_records=f"{_PKG}.service:history_records",
    history_tables={
        "deviations": QT_TRANSLATE_NOOP(_CONTEXT, "Avvikelse"),
        "deviation_causes": QT_TRANSLATE_NOOP(_CONTEXT, "Orsak till avvikelse"),
    },
    history_fields={
        "occurred_at": QT_TRANSLATE_NOOP(_CONTEXT, "Inträffade"),
        "place": QT_TRANSLATE_NOOP(_CONTEXT, "Plats"),
        "reported_at": QT_TRANSLATE_NOOP(_CONTEXT, "Rapporterad"),
        "reporter_user_id": QT_TRANSLATE_NOOP(_CONTEXT, "Rapportör bland användarna"),
        "reporter_name": QT_TRANSLATE_NOOP(_CONTEXT, "Rapportör"),
        "registered_by_id": QT_TRANSLATE_NOOP(_CONTEXT, "Registrerad av"),
        "legal_basis": QT_TRANSLATE_NOOP(_CONTEXT, "Lagrum"),
        "individual": QT_TRANSLATE_NOOP(_CONTEXT, "Enskild (kod)"),
        "individuals": QT_TRANSLATE_NOOP(_CONTEXT, "Berörda enskilda (koder)"),
        # "consequence" (the text of what followed) reads as the risk analyses' "Konsekvens".
        "immediate_measures": QT_TRANSLATE_NOOP(_CONTEXT, "Omedelbara åtgärder"),
        "probability": QT_TRANSLATE_NOOP(_CONTEXT, "Sannolikhet"),
        "consequence_level": QT_TRANSLATE_NOOP(_CONTEXT, "Konsekvens (riskmatris)"),
        "score": QT_TRANSLATE_NOOP(_CONTEXT, "Riskvärde"),
        "investigator_id": terms.INVESTIGATOR,
        "investigation_started_on": QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen påbörjades"),
        "analysis": QT_TRANSLATE_NOOP(_CONTEXT, "Utredning"),
        "start_due": QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen påbörjas senast"),
        "close_due": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutas senast"),
        "feedback_on": QT_TRANSLATE_NOOP(_CONTEXT, "Återföring, datum"),
        "feedback_how": QT_TRANSLATE_NOOP(_CONTEXT, "Återföring, hur"),
        "feedback_to": QT_TRANSLATE_NOOP(_CONTEXT, "Återföring, till vem"),
        "conclusion": QT_TRANSLATE_NOOP(_CONTEXT, "Slutsats"),
        "closed_on": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutad"),
        "closed_by_id": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutad av"),
        "reopen_reason": QT_TRANSLATE_NOOP(_CONTEXT, "Motivering till ändring"),
        "level": QT_TRANSLATE_NOOP(_CONTEXT, "Nivå"),
        "area": QT_TRANSLATE_NOOP(_CONTEXT, "Område"),
    },
    link_kinds=(DEVIATION_LINK,),
    describe_link=f"{_PKG}.service:describe_link",
    reports=(
        ReportSpec(
            key=KEY,
            title=QT_TRANSLATE_NOOP(_CONTEXT, "Avvikelse"),
            data=f"{_PKG}.report_data:deviation_report",
            pdf=f"{_PKG}.report:build_deviation_pdf",
            model=f"{_PKG}.report_model:DeviationReport",
        ),
    ),
    dashboard=f"{_PKG}.dashboard:dashboard_part",
    dashboard_order=50,
    view=ViewEntry("avvikelser", QT_TRANSLATE_NOOP(_CONTEXT, "Avvikelser"), order=50),
    settings_tab=f"{_PKG}.ui.settings_tab:DeviationsTab",
    source_facts=f"{_PKG}.service:source_facts",
    create_from=f"{_PKG}.ui.editor:deviation_from",
    linked_summary=f"{_PKG}.service:linked_summary",
    search_documents=f"{_PKG}.search:search_documents",
    search_tables={"deviations": "id", "deviation_causes": "deviation_id"},
    importer=f"{_PKG}.imports:TARGET",
    compilation=f"{_PKG}.compilation:figures",
)
