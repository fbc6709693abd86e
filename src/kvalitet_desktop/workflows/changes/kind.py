"""Förändringar i insatser as a record kind: what the shared code needs to know of it.

Besides the table, the service shows a person's details only to users of that person's unit
(the units concerned), however many units the change spans."""

from __future__ import annotations

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import Nouns, RecordKind, ReportSpec, ViewEntry
from kvalitet_desktop.domain.retention import RetentionSpec
from kvalitet_desktop.domain.roles import EVERY_ROLE, Role, action
from kvalitet_desktop.workflows.changes.domain import PERSON_LINK

KEY = "insatsforandring"
PERSON_REPORT = "insatsforandring-individ"
_PKG = "kvalitet_desktop.workflows.changes"
_CONTEXT = "RecordKind"
_PERMISSIONS = "Permissions"

_MANAGERS = (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.UNIT_MANAGER)
CREATE = action(
    f"{KEY}.create",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Registrera förändringar i insatser"),
    _MANAGERS,
)
READ = action(
    f"{KEY}.read", QT_TRANSLATE_NOOP(_PERMISSIONS, "Läsa förändringar i insatser"), EVERY_ROLE
)
UPDATE = action(
    f"{KEY}.update",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Ändra förändringar i insatser och vilka som berörs"),
    _MANAGERS,
)
CONTACT = action(
    f"{KEY}.contact",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Dokumentera kontakter och uppföljningar med berörda"),
    EVERY_ROLE,
)
CLOSE = action(
    f"{KEY}.close", QT_TRANSLATE_NOOP(_PERMISSIONS, "Avsluta förändringar i insatser"), _MANAGERS
)


_GALLRING = "Gallring"
RETENTION = RetentionSpec(
    closed_when=QT_TRANSLATE_NOOP(_GALLRING, "förändringen är avslutad (avslutsdatum)"),
    personal=(
        QT_TRANSLATE_NOOP(_GALLRING, "de berördas koder"),
        QT_TRANSLATE_NOOP(_GALLRING, "vad som sades och önskades i kontakterna"),
        QT_TRANSLATE_NOOP(
            _GALLRING, "planer, närstående, kontaktönskemål och andra fria texter om personerna"
        ),
        QT_TRANSLATE_NOOP(_GALLRING, "förändringens motivering och lärdomar"),
    ),
    kept=(
        QT_TRANSLATE_NOOP(_GALLRING, "nummer, rubrik, enheter och datum"),
        QT_TRANSLATE_NOOP(_GALLRING, "kontakternas datum, skeden, kanaler och delaktighet"),
        QT_TRANSLATE_NOOP(_GALLRING, "antal berörda, risker, riskmatrisens värden och betyg"),
    ),
    # UNCONFIRMED: no national period; check against the municipality's plan.
    default_years=2,
    candidates=f"{_PKG}.retention:candidates",
    clear=f"{_PKG}.retention:clear",
)


def _report(key: str, title: str, data: str, pdf: str, model: str) -> ReportSpec:
    return ReportSpec(
        key=key,
        title=title,
        data=f"{_PKG}.report_data:{data}",
        pdf=f"{_PKG}.report:{pdf}",
        model=f"{_PKG}.report_model:{model}",
    )


KIND = RecordKind(
    key=KEY,
    nouns=Nouns(
        one=QT_TRANSLATE_NOOP(_CONTEXT, "förändring i insatser"),
        many=QT_TRANSLATE_NOOP(_CONTEXT, "förändringar i insatser"),
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Förändring i insatser"),
        empty=QT_TRANSLATE_NOOP(
            _CONTEXT, "Inga förändringar i insatser ännu. Börja med ”Ny förändring”."
        ),
    ),
    models=f"{_PKG}.models",
    listing=f"{_PKG}.listing:SPEC",
    editor=f"{_PKG}.ui.editor:ChangeEditor",
    create_label=QT_TRANSLATE_NOOP(_CONTEXT, "Ny förändring"),
    create_action=CREATE,
    actions=(CREATE, READ, UPDATE, CONTACT, CLOSE),
    read_action=READ,
    permission_note=QT_TRANSLATE_NOOP(
        _PERMISSIONS,
        "Utöver tabellen ser bara den som arbetar på en berörd persons enhet personens "
        "uppgifter, kontakter och uppföljning.",
    ),
    history_records=f"{_PKG}.service:history_records",
    history_tables={
        "insats_changes": "Förändring i insatser",
        "insats_change_units": "Berörd enhet",
        "insats_change_people": "Berörd person",
        "insats_change_contacts": "Kontakt",
    },
    history_fields={
        "what_changes": QT_TRANSLATE_NOOP(_CONTEXT, "Vad som förändras"),
        "insatser": QT_TRANSLATE_NOOP(_CONTEXT, "Insatser"),
        "reason": QT_TRANSLATE_NOOP(_CONTEXT, "Varför"),
        "starts_on": QT_TRANSLATE_NOOP(_CONTEXT, "Från"),
        "planned_end_on": QT_TRANSLATE_NOOP(_CONTEXT, "Planerat slut"),
        "decided_by": QT_TRANSLATE_NOOP(_CONTEXT, "Beslutad av"),
        "risk_analysis_id": QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalys på gruppnivå"),
        "contact_interval_days": QT_TRANSLATE_NOOP(_CONTEXT, "Kontaktintervall (dagar)"),
        "lessons": QT_TRANSLATE_NOOP(_CONTEXT, "Lärdomar"),
        "unfinished_reason": QT_TRANSLATE_NOOP(_CONTEXT, "Varför avslutad ändå"),
        "what_changes_for_them": QT_TRANSLATE_NOOP(_CONTEXT, "Vad som förändras för personen"),
        "paused_self": QT_TRANSLATE_NOOP(_CONTEXT, "Uppehåll på egen begäran"),
        "risks": QT_TRANSLATE_NOOP(_CONTEXT, "Risker"),
        "plan": QT_TRANSLATE_NOOP(_CONTEXT, "Individuell plan"),
        "responsible_staff": QT_TRANSLATE_NOOP(_CONTEXT, "Ansvarig medarbetare"),
        "representative": QT_TRANSLATE_NOOP(_CONTEXT, "Närstående eller företrädare"),
        "contact_preference": QT_TRANSLATE_NOOP(_CONTEXT, "Hur personen vill bli kontaktad"),
        "needs_met": QT_TRANSLATE_NOOP(_CONTEXT, "Behoven tillgodosedda"),
        "followed_up_on": QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljd"),
        "contacted_on": QT_TRANSLATE_NOOP(_CONTEXT, "Kontaktdag"),
        "phase": QT_TRANSLATE_NOOP(_CONTEXT, "Skede"),
        "channel": QT_TRANSLATE_NOOP(_CONTEXT, "Kanal"),
        "with_whom": QT_TRANSLATE_NOOP(_CONTEXT, "Med vem"),
        "staff": QT_TRANSLATE_NOOP(_CONTEXT, "Från kommunen"),
        "reached": QT_TRANSLATE_NOOP(_CONTEXT, "Nådde fram"),
        "said": QT_TRANSLATE_NOOP(_CONTEXT, "Vad som sades"),
        "took_part": QT_TRANSLATE_NOOP(_CONTEXT, "Delaktig i planeringen"),
        "wishes": QT_TRANSLATE_NOOP(_CONTEXT, "Önskemål"),
        "next_contact_on": QT_TRANSLATE_NOOP(_CONTEXT, "Nästa kontakt överenskommen"),
    },
    link_kinds=(PERSON_LINK,),
    describe_link=f"{_PKG}.service:describe_link",
    reports=(
        _report(
            KEY,
            QT_TRANSLATE_NOOP(_CONTEXT, "Förändring i insatser – uppföljning"),
            "change_report",
            "build_change_pdf",
            "ChangeReport",
        ),
        _report(
            PERSON_REPORT,
            QT_TRANSLATE_NOOP(_CONTEXT, "Förändring i insatser – den enskilde"),
            "person_report",
            "build_person_pdf",
            "PersonReport",
        ),
    ),
    dashboard=f"{_PKG}.dashboard:dashboard_part",
    dashboard_order=80,
    view=ViewEntry(
        "insatsforandringar",
        QT_TRANSLATE_NOOP(_CONTEXT, "Förändringar i insatser"),
        factory=f"{_PKG}.ui.page:ChangesPage",
        order=80,
    ),
    source_facts=f"{_PKG}.service:source_facts",
    linked_summary=f"{_PKG}.service:linked_summary",
    search_documents=f"{_PKG}.search:search_documents",
    search_tables={"insats_changes": "id"},
    linked_assessments=f"{_PKG}.service:linked_assessments",
    retention=RETENTION,
)
