"""The lex Sarah case as a record kind.

Its actions are for the lex Sarah role and administrators; besides the table, the service lets
the investigator appointed to a case read and investigate that case, and a reporter see where
their own reports stand (the need-to-know rule)."""

from __future__ import annotations

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import Nouns, RecordKind, ReportSpec, ViewEntry
from kvalitet_desktop.domain.retention import RetentionSpec
from kvalitet_desktop.domain.roles import EVERY_ROLE, Role, action
from kvalitet_desktop.workflows.lexsarah.domain import CAUSE_LINK

KEY = "lexsarah"
_PKG = "kvalitet_desktop.workflows.lexsarah"
_CONTEXT = "RecordKind"
_PERMISSIONS = "Permissions"

_HANDLERS = (Role.ADMIN, Role.LEX_SARAH)
FILE = action(
    f"{KEY}.file", QT_TRANSLATE_NOOP(_PERMISSIONS, "Lämna lex Sarah-rapporter"), EVERY_ROLE
)
RECEIVE = action(
    f"{KEY}.receive",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Ta emot lex Sarah-rapporter och utse utredare"),
    _HANDLERS,
)
INVESTIGATE = action(
    f"{KEY}.investigate",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Utreda lex Sarah-ärenden"),
    _HANDLERS,
)
ASSESS = action(
    f"{KEY}.assess",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Bedöma hur allvarligt ett lex Sarah-ärende är"),
    _HANDLERS,
)
NOTIFY = action(
    f"{KEY}.notify",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Registrera anmälan och utredning till IVO"),
    _HANDLERS,
)
CLOSE = action(
    f"{KEY}.close",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Avsluta lex Sarah-ärenden och öppna dem igen"),
    _HANDLERS,
)
READ = action(f"{KEY}.read", QT_TRANSLATE_NOOP(_PERMISSIONS, "Läsa lex Sarah-ärenden"), _HANDLERS)
# How many cases a period had, month by month, without anything of the cases themselves:
# for those who compile the year but may not read the cases.
COUNT = action(
    f"{KEY}.count",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Se antalet lex Sarah-ärenden i sammanställningen"),
    (Role.ADMIN, Role.QUALITY_COORDINATOR, Role.LEX_SARAH),
)


def _report(key: str, title: str, data: str, pdf: str, model: str) -> ReportSpec:
    return ReportSpec(
        key=key,
        title=title,
        data=f"{_PKG}.report_data:{data}",
        pdf=f"{_PKG}.report:{pdf}",
        model=f"{_PKG}.report_model:{model}",
    )


_GALLRING = "Gallring"
RETENTION = RetentionSpec(
    closed_when=QT_TRANSLATE_NOOP(_GALLRING, "ärendet är avslutat (avslutsdatum)"),
    personal=(
        QT_TRANSLATE_NOOP(_GALLRING, "rubrik"),
        QT_TRANSLATE_NOOP(_GALLRING, "rapportörens namn och konto"),
        QT_TRANSLATE_NOOP(_GALLRING, "fritexter om bedömning, skydd och avslut"),
        QT_TRANSLATE_NOOP(_GALLRING, "orsakernas beskrivningar"),
        QT_TRANSLATE_NOOP(_GALLRING, "svaren i rapport, utredning och anmälan"),
    ),
    kept=(
        QT_TRANSLATE_NOOP(_GALLRING, "ärendenummer"),
        QT_TRANSLATE_NOOP(_GALLRING, "enhet"),
        QT_TRANSLATE_NOOP(_GALLRING, "typ, kategori och allvarlighet"),
        QT_TRANSLATE_NOOP(_GALLRING, "datum och frister"),
        QT_TRANSLATE_NOOP(_GALLRING, "IVO:s diarienummer"),
        QT_TRANSLATE_NOOP(_GALLRING, "sammanfattning för APT"),
    ),
    # UNCONFIRMED: no national period; check against the municipality's plan.
    default_years=5,
    candidates=f"{_PKG}.retention:candidates",
    clear=f"{_PKG}.retention:clear",
)

KIND = RecordKind(
    key=KEY,
    nouns=Nouns(
        one=QT_TRANSLATE_NOOP(_CONTEXT, "lex Sarah-ärende"),
        many=QT_TRANSLATE_NOOP(_CONTEXT, "lex Sarah-ärenden"),
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Lex Sarah-ärende"),
        empty=QT_TRANSLATE_NOOP(_CONTEXT, "Inga lex Sarah-ärenden."),
    ),
    models=f"{_PKG}.models",
    listing=f"{_PKG}.listing:SPEC",
    editor=f"{_PKG}.ui.editor:CaseDialog",
    actions=(FILE, RECEIVE, INVESTIGATE, ASSESS, NOTIFY, CLOSE, READ, COUNT),
    permission_note=QT_TRANSLATE_NOOP(
        _PERMISSIONS,
        "Utöver tabellen får den utredare som utsetts för ett lex Sarah-ärende läsa, utreda och "
        "bedöma just det ärendet, och den som lämnat en rapport ser hur den går.",
    ),
    history_records=f"{_PKG}.service:history_records",
    history_tables={
        "lex_sarah_cases": "Lex Sarah-ärende",
        "lex_sarah_causes": "Orsak",
    },
    history_fields={
        "reopen_reason": QT_TRANSLATE_NOOP(_CONTEXT, "Motivering till ändring"),
        "number": QT_TRANSLATE_NOOP(_CONTEXT, "Ärendenummer"),
        "case_type": QT_TRANSLATE_NOOP(_CONTEXT, "Typ"),
        "category": QT_TRANSLATE_NOOP(_CONTEXT, "Kategori"),
        "reporter_name": QT_TRANSLATE_NOOP(_CONTEXT, "Rapportör"),
        "reporter_role": QT_TRANSLATE_NOOP(_CONTEXT, "Rapportörens roll"),
        "reporter_user_id": QT_TRANSLATE_NOOP(_CONTEXT, "Rapportör bland användarna"),
        "registered_by_id": QT_TRANSLATE_NOOP(_CONTEXT, "Registrerad av"),
        "reported_at": QT_TRANSLATE_NOOP(_CONTEXT, "Rapporterad"),
        "received_by_id": QT_TRANSLATE_NOOP(_CONTEXT, "Mottagen av"),
        "received_at": QT_TRANSLATE_NOOP(_CONTEXT, "Mottagen"),
        "individual_protected": QT_TRANSLATE_NOOP(_CONTEXT, "Den enskilde skyddad"),
        "protection_note": QT_TRANSLATE_NOOP(_CONTEXT, "Hur den enskilde skyddats"),
        "investigator_id": terms.INVESTIGATOR,
        "first_assessment_serious": QT_TRANSLATE_NOOP(_CONTEXT, "Första bedömning: allvarligt"),
        "first_assessment_note": QT_TRANSLATE_NOOP(_CONTEXT, "Första bedömning"),
        "start_due": QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen påbörjas senast"),
        "finish_due": QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen klar senast"),
        "investigation_started_on": QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen påbörjades"),
        "investigation_finished_on": QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen klar"),
        "seriousness": QT_TRANSLATE_NOOP(_CONTEXT, "Allvarlighet"),
        "seriousness_motivation": QT_TRANSLATE_NOOP(_CONTEXT, "Motivering av allvarligheten"),
        "ivo_notified_on": QT_TRANSLATE_NOOP(_CONTEXT, "Anmäld till IVO"),
        "ivo_channel": QT_TRANSLATE_NOOP(_CONTEXT, "Kanal till IVO"),
        "ivo_reference": QT_TRANSLATE_NOOP(_CONTEXT, "IVO:s diarienummer"),
        "investigation_attached": QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen bifogad anmälan"),
        "ivo_investigation_due": QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen till IVO senast"),
        "investigation_sent_to_ivo_on": QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen skickad till IVO"),
        "closed_on": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutad"),
        "closing_kind": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutad genom"),
        "closing_text": QT_TRANSLATE_NOOP(_CONTEXT, "Beslut eller ställningstagande"),
        "closed_by_id": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutad av"),
        "apt_summary": QT_TRANSLATE_NOOP(_CONTEXT, "Sammanfattning för APT"),
        "apt_questions": QT_TRANSLATE_NOOP(_CONTEXT, "Frågor för APT"),
        "level": QT_TRANSLATE_NOOP(_CONTEXT, "Nivå"),
        "area": QT_TRANSLATE_NOOP(_CONTEXT, "Område"),
    },
    retention=RETENTION,
    link_kinds=(CAUSE_LINK,),
    describe_link=f"{_PKG}.service:describe_link",
    reports=(
        _report(
            "lexsarah-rapport",
            QT_TRANSLATE_NOOP(_CONTEXT, "Lex Sarah-rapport"),
            "report_form_report",
            "build_lex_sarah_form_pdf",
            "LexSarahFormReport",
        ),
        _report(
            "lexsarah-utredning",
            QT_TRANSLATE_NOOP(_CONTEXT, "Lex Sarah-utredning"),
            "investigation_report",
            "build_lex_sarah_form_pdf",
            "LexSarahFormReport",
        ),
        _report(
            "ivo-anmalan",
            QT_TRANSLATE_NOOP(_CONTEXT, "Anmälan till IVO"),
            "ivo_notification_report",
            "build_ivo_notification_pdf",
            "IvoNotificationReport",
        ),
        _report(
            "lexsarah-apt",
            QT_TRANSLATE_NOOP(_CONTEXT, "Lärande på APT"),
            "lex_sarah_apt_report",
            "build_lex_sarah_apt_pdf",
            "LexSarahAptReport",
        ),
    ),
    dashboard=f"{_PKG}.dashboard:dashboard_part",
    dashboard_order=40,
    view=ViewEntry(
        "lexsarah",
        QT_TRANSLATE_NOOP(_CONTEXT, "Lex Sarah"),
        factory=f"{_PKG}.ui.page:LexSarahPage",
        order=40,
    ),
    settings_tab=f"{_PKG}.ui.settings_tab:LexSarahTab",
    create_from=f"{_PKG}.ui.new_report:report_from",
    linked_summary=f"{_PKG}.service:linked_summary",
    search_documents=f"{_PKG}.search:search_documents",
    search_tables={
        "lex_sarah_cases": "id",
        "lex_sarah_causes": "case_id",
        "form_records": "owner_id",
    },
    compilation=f"{_PKG}.compilation:figures",
)
