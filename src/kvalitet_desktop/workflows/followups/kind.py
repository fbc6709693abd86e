"""The follow-up (uppföljning) as a record kind."""

from __future__ import annotations

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import Nouns, RecordKind, ReportSpec, ViewEntry
from kvalitet_desktop.domain.retention import RetentionSpec
from kvalitet_desktop.domain.roles import EVERY_ROLE, action
from kvalitet_desktop.workflows.followups.domain import FOLLOW_UP_LINK

KEY = "uppfoljning"
_PKG = "kvalitet_desktop.workflows.followups"
_CONTEXT = "RecordKind"
_PERMISSIONS = "Permissions"
_GALLRING = "Gallring"

# Everyone may follow up: the people closest to the individuals often gather their voices.
CREATE = action(
    f"{KEY}.create", QT_TRANSLATE_NOOP(_PERMISSIONS, "Planera uppföljningar"), EVERY_ROLE
)
READ = action(f"{KEY}.read", QT_TRANSLATE_NOOP(_PERMISSIONS, "Läsa uppföljningar"), EVERY_ROLE)
UPDATE = action(
    f"{KEY}.update",
    QT_TRANSLATE_NOOP(_PERMISSIONS, "Ändra och dokumentera uppföljningar"),
    EVERY_ROLE,
)
VOID = action(f"{KEY}.void", QT_TRANSLATE_NOOP(_PERMISSIONS, "Makulera uppföljningar"), EVERY_ROLE)

RETENTION = RetentionSpec(
    closed_when=QT_TRANSLATE_NOOP(_GALLRING, "en uppföljning är genomförd (dagen den genomfördes)"),
    personal=(
        QT_TRANSLATE_NOOP(_GALLRING, "kopplingen till de enskilda vars röster hämtades (koden)"),
        QT_TRANSLATE_NOOP(_GALLRING, "kommentarerna om vad förändringen betydde för dem"),
    ),
    kept=(
        QT_TRANSLATE_NOOP(_GALLRING, "enhet, datum och status"),
        QT_TRANSLATE_NOOP(_GALLRING, "resultat, effekt och hur uppföljningen avslutades"),
        QT_TRANSLATE_NOOP(_GALLRING, "svarens värden och vem som hämtade dem"),
    ),
    default_years=5,  # UNCONFIRMED: the municipality's informationshanteringsplan decides
    candidates=f"{_PKG}.retention:candidates",
    clear=f"{_PKG}.retention:clear",
)

KIND = RecordKind(
    key=KEY,
    retention=RETENTION,
    nouns=Nouns(
        one=QT_TRANSLATE_NOOP(_CONTEXT, "uppföljning"),
        many=QT_TRANSLATE_NOOP(_CONTEXT, "uppföljningar"),
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljning"),
        empty=QT_TRANSLATE_NOOP(
            _CONTEXT, "Inga uppföljningar ännu. En uppföljning planeras från sin åtgärd."
        ),
    ),
    models=f"{_PKG}.models",
    listing=f"{_PKG}.listing:SPEC",
    editor=f"{_PKG}.ui.editor:FollowUpDialog",
    actions=(CREATE, READ, UPDATE, VOID),
    read_action=READ,
    history_records=f"{_PKG}.service:history_records",
    history_tables={
        "follow_ups": "Uppföljning",
        "follow_up_voices": "Den enskildes upplevelse",
        "experience_ratings": "Svar",
    },
    history_fields={
        "planned_on": "Planerad",
        "method": "Metod",
        "performed_on": "Genomförd",
        "result": "Resultat",
        "effect": "Effekt",
        "effect_comment": "Kommentar om effekten",
        "outcome": "Utfall",
        "rating": "Svar",
        "gathered_by": "Insamlad genom",
        "dimension": "Dimension",
    },
    link_kinds=(FOLLOW_UP_LINK,),
    describe_link=f"{_PKG}.service:describe_link",
    reports=(
        ReportSpec(
            key=KEY,
            title=QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljning"),
            data=f"{_PKG}.report_data:follow_up_report",
            pdf=f"{_PKG}.report:build_follow_up_pdf",
            model=f"{_PKG}.report_model:FollowUpReport",
        ),
    ),
    dashboard=f"{_PKG}.dashboard:dashboard_part",
    dashboard_order=20,
    view=ViewEntry("uppfoljningar", QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljningar"), order=30),
    search_documents=f"{_PKG}.search:search_documents",
    search_tables={"follow_ups": "id"},
    search_dependents={"measures": f"{_PKG}.search:follow_ups_of_measures"},
    compilation=f"{_PKG}.compilation:figures",
)
