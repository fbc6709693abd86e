"""Klagomål och synpunkter as a record kind: what the shared code needs to know of it.

Anyone may register a complaint received by phone, letter or at the counter; reading and
handling them is for those who work with the quality of the unit (the submitter's name and
contact details are personal data)."""

from __future__ import annotations

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import Nouns, RecordKind, ReportSpec, ViewEntry
from kvalitet_desktop.domain.retention import RetentionSpec
from kvalitet_desktop.domain.roles import EVERY_ROLE, Role, action
from kvalitet_desktop.workflows.complaints.domain import COMPLAINT_LINK

KEY = "klagomal"
_PKG = "kvalitet_desktop.workflows.complaints"
_CONTEXT = "RecordKind"
_PERMISSIONS = "Permissions"

_HANDLERS = (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.UNIT_MANAGER, Role.INVESTIGATOR)
_DECIDERS = (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.UNIT_MANAGER)
REGISTER = action(
    f"{KEY}.register",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Registrera klagomål och synpunkter"),
    EVERY_ROLE,
)
READ = action(
    f"{KEY}.read", QT_TRANSLATE_NOOP(_PERMISSIONS, "Läsa klagomål och synpunkter"), _HANDLERS
)
HANDLE = action(
    f"{KEY}.handle",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Utreda och besvara klagomål och synpunkter"),
    _HANDLERS,
)
CLOSE = action(
    f"{KEY}.close",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Avsluta klagomål och öppna dem igen"),
    _DECIDERS,
)
VOID = action(f"{KEY}.void", QT_TRANSLATE_NOOP(_PERMISSIONS, "Makulera klagomål"), _DECIDERS)

_GALLRING = "Gallring"
RETENTION = RetentionSpec(
    closed_when=QT_TRANSLATE_NOOP(_GALLRING, "klagomålet är avslutat (avslutsdatum)"),
    personal=(
        QT_TRANSLATE_NOOP(_GALLRING, "rubrik"),
        QT_TRANSLATE_NOOP(_GALLRING, "avsändarens namn och kontaktuppgifter"),
        QT_TRANSLATE_NOOP(_GALLRING, "beskrivning, utredning och avslut"),
        QT_TRANSLATE_NOOP(_GALLRING, "vad som sades i svaret"),
    ),
    kept=(
        QT_TRANSLATE_NOOP(_GALLRING, "nummer och enhet"),
        QT_TRANSLATE_NOOP(_GALLRING, "typ, ämne, kanal och typ av avsändare"),
        QT_TRANSLATE_NOOP(_GALLRING, "datum, svarssätt och svarstid"),
    ),
    # UNCONFIRMED: no national period; check against the municipality's plan.
    default_years=2,
    candidates=f"{_PKG}.retention:candidates",
    clear=f"{_PKG}.retention:clear",
)

KIND = RecordKind(
    key=KEY,
    nouns=Nouns(
        one=QT_TRANSLATE_NOOP(_CONTEXT, "klagomål"),
        many=QT_TRANSLATE_NOOP(_CONTEXT, "klagomål och synpunkter"),
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Klagomål och synpunkter"),
        empty=QT_TRANSLATE_NOOP(
            _CONTEXT, "Inga klagomål eller synpunkter ännu. Börja med ”Nytt klagomål”."
        ),
    ),
    models=f"{_PKG}.models",
    listing=f"{_PKG}.listing:SPEC",
    editor=f"{_PKG}.ui.editor:ComplaintEditor",
    create_label=QT_TRANSLATE_NOOP(_CONTEXT, "Nytt klagomål"),
    create_action=REGISTER,
    actions=(REGISTER, READ, HANDLE, CLOSE, VOID),
    read_action=READ,
    history_records=f"{_PKG}.service:history_records",
    history_tables={"complaints": "Klagomål"},
    history_fields={
        "number": QT_TRANSLATE_NOOP(_CONTEXT, "Ärendenummer"),
        "received_on": QT_TRANSLATE_NOOP(_CONTEXT, "Mottaget"),
        "channel": QT_TRANSLATE_NOOP(_CONTEXT, "Kanal"),
        "received_by_id": QT_TRANSLATE_NOOP(_CONTEXT, "Mottagen av"),
        "submitter_type": QT_TRANSLATE_NOOP(_CONTEXT, "Avsändare"),
        "submitter_name": QT_TRANSLATE_NOOP(_CONTEXT, "Avsändarens namn"),
        "submitter_contact": QT_TRANSLATE_NOOP(_CONTEXT, "Avsändarens kontaktuppgifter"),
        "complaint_kind": QT_TRANSLATE_NOOP(_CONTEXT, "Typ"),
        "topic": QT_TRANSLATE_NOOP(_CONTEXT, "Ämne"),
        "handler_id": QT_TRANSLATE_NOOP(_CONTEXT, "Handläggare"),
        "investigation": QT_TRANSLATE_NOOP(_CONTEXT, "Utredning"),
        "reply_due": QT_TRANSLATE_NOOP(_CONTEXT, "Svar senast"),
        "replied_on": QT_TRANSLATE_NOOP(_CONTEXT, "Besvarat"),
        "reply_method": QT_TRANSLATE_NOOP(_CONTEXT, "Svaret gavs via"),
        "reply_text": QT_TRANSLATE_NOOP(_CONTEXT, "Vad som sades i svaret"),
        "response_days": QT_TRANSLATE_NOOP(_CONTEXT, "Svarstid (dagar)"),
        "conclusion": QT_TRANSLATE_NOOP(_CONTEXT, "Slutsats"),
        "closed_on": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutad"),
        "closed_by_id": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutad av"),
    },
    link_kinds=(COMPLAINT_LINK,),
    describe_link=f"{_PKG}.service:describe_link",
    reports=(
        ReportSpec(
            key=KEY,
            title=QT_TRANSLATE_NOOP(_CONTEXT, "Klagomål"),
            data=f"{_PKG}.report_data:complaint_report",
            pdf=f"{_PKG}.report:build_complaint_pdf",
            model=f"{_PKG}.report_model:ComplaintReport",
        ),
    ),
    record_title=f"{_PKG}.service:record_title",
    # A complaint can become an avvikelse or a lex Sarah rapport in one step, linked.
    source_facts=f"{_PKG}.service:source_facts",
    linked_summary=f"{_PKG}.service:linked_summary",
    dashboard=f"{_PKG}.dashboard:dashboard_part",
    dashboard_order=60,
    view=ViewEntry("klagomal", QT_TRANSLATE_NOOP(_CONTEXT, "Klagomål"), order=60),
    settings_tab=f"{_PKG}.ui.settings_tab:ComplaintsTab",
    retention=RETENTION,
    search_documents=f"{_PKG}.search:search_documents",
    search_tables={"complaints": "id"},
    importer=f"{_PKG}.imports:TARGET",
    compilation=f"{_PKG}.compilation:figures",
)
