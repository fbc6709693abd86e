"""Klagomål och synpunkter brought in from a sheet: the fields a column may fill, the lists
their values come from, and a row registered through the service as any complaint is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import FieldError, ValidationFailed
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import TextKind
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.imports import Choice, FieldType, ImportField, ImportTarget
from kvalitet_desktop.workflows.complaints.domain import (
    FIELD_LIMITS,
    Channel,
    ComplaintKind,
    ComplaintStatus,
    ReplyMethod,
    SubmitterType,
)
from kvalitet_desktop.workflows.complaints.earlier import (
    EarlierHandling,
    earlier_problems,
    register_earlier_in,
)
from kvalitet_desktop.workflows.complaints.kind import KEY, REGISTER
from kvalitet_desktop.workflows.complaints.service import (
    ComplaintInput,
    topics_in,
    validate_complaint,
)

_CONTEXT = "Imports"
E = TypeVar("E", bound=StrEnum)


def _text(key: str, label: str, *synonyms: str, required: bool = False) -> ImportField:
    kind = FIELD_LIMITS.get(key, TextKind.LONG)
    return ImportField(key, label, FieldType.TEXT, required, kind, synonyms)


def _choice(key: str, label: str, *synonyms: str) -> ImportField:
    return ImportField(key, label, FieldType.CHOICE, True, synonyms=synonyms)


FIELDS = (
    _text("title", QT_TRANSLATE_NOOP(_CONTEXT, "Rubrik"), "titel", "ärende", required=True),
    ImportField(
        "unit_id",
        QT_TRANSLATE_NOOP(_CONTEXT, "Enhet"),
        FieldType.UNIT,
        True,
        synonyms=("verksamhet", "enhetsnamn", "gäller enhet", "enhet id"),
    ),
    ImportField(
        "received_on",
        QT_TRANSLATE_NOOP(_CONTEXT, "Mottaget"),
        FieldType.DATE,
        True,
        synonyms=("datum", "inkom", "inkommet", "mottagen", "mottagningsdatum", "ankomstdatum"),
    ),
    _choice(
        "complaint_kind", QT_TRANSLATE_NOOP(_CONTEXT, "Typ"), "slag", "klagomål eller synpunkt"
    ),
    _choice("channel", QT_TRANSLATE_NOOP(_CONTEXT, "Kanal"), "inkom via", "sätt", "hur"),
    _choice(
        "submitter_type",
        QT_TRANSLATE_NOOP(_CONTEXT, "Avsändare"),
        "från",
        "lämnat av",
        "avsändartyp",
        "vem",
    ),
    _choice("topic", QT_TRANSLATE_NOOP(_CONTEXT, "Ämne"), "område", "kategori"),
    _text(
        "description",
        QT_TRANSLATE_NOOP(_CONTEXT, "Beskrivning"),
        "vad gäller det",
        "synpunkt",
        "klagomål",
        "text",
        required=True,
    ),
    _text(
        "submitter_name",
        QT_TRANSLATE_NOOP(_CONTEXT, "Avsändarens namn"),
        "namn",
        "avsändare namn",
    ),
    _text(
        "submitter_contact",
        QT_TRANSLATE_NOOP(_CONTEXT, "Kontaktuppgifter"),
        "kontakt",
        "telefon",
        "e-post",
        "adress",
    ),
    # How the earlier system had got on with it (docs/import-mapping.md, "Historik").
    ImportField(
        "status",
        QT_TRANSLATE_NOOP(_CONTEXT, "Status"),
        FieldType.CHOICE,
        synonyms=("läge", "tillstånd", "handläggningsstatus"),
    ),
    _text("investigation", QT_TRANSLATE_NOOP(_CONTEXT, "Utredning"), "utredning", "handläggning"),
    ImportField(
        "replied_on",
        QT_TRANSLATE_NOOP(_CONTEXT, "Besvarad"),
        FieldType.DATE,
        synonyms=("svarsdatum", "besvarat", "svarat", "svar datum", "datum för svar"),
    ),
    ImportField(
        "reply_method",
        QT_TRANSLATE_NOOP(_CONTEXT, "Svarssätt"),
        FieldType.CHOICE,
        synonyms=("svar via", "hur besvarat", "besvarat via", "svarsform"),
    ),
    _text("reply_text", QT_TRANSLATE_NOOP(_CONTEXT, "Svar"), "svaret", "svarstext", "svar text"),
    _text("conclusion", QT_TRANSLATE_NOOP(_CONTEXT, "Slutsats"), "resultat", "avslutskommentar"),
    ImportField(
        "closed_on",
        QT_TRANSLATE_NOOP(_CONTEXT, "Avslutat"),
        FieldType.DATE,
        synonyms=("avslutad", "avslutsdatum", "avslutat datum", "stängt", "klart"),
    ),
)


def _enum_choices(values: type[StrEnum]) -> list[Choice]:
    return [Choice(v.value, v.value) for v in values]


def _choices(session: Session) -> Mapping[str, Sequence[Choice]]:
    return {
        "complaint_kind": _enum_choices(ComplaintKind),
        "channel": _enum_choices(Channel),
        "submitter_type": _enum_choices(SubmitterType),
        "topic": [Choice(t, t) for t in topics_in(session)],
        "status": _enum_choices(ComplaintStatus),
        "reply_method": _enum_choices(ReplyMethod),
    }


def _enum(values: type[E], value: Any) -> E | None:
    try:
        return values(value)
    except ValueError:
        return None


def _input(values: Mapping[str, Any]) -> ComplaintInput:
    received = values.get("received_on")
    return ComplaintInput(
        title=values.get("title") or "",
        unit_id=values.get("unit_id") or "",
        received_on=received if isinstance(received, date) else None,
        # The import's lists hold only the enums' values; a missing one fails the check.
        channel=_enum(Channel, values.get("channel")),  # type: ignore[arg-type]
        submitter_type=_enum(SubmitterType, values.get("submitter_type")),  # type: ignore[arg-type]
        complaint_kind=_enum(ComplaintKind, values.get("complaint_kind")),  # type: ignore[arg-type]
        topic=values.get("topic") or "",
        description=values.get("description") or "",
        submitter_name=values.get("submitter_name"),
        submitter_contact=values.get("submitter_contact"),
        investigation=values.get("investigation"),
    )


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _earlier(values: Mapping[str, Any]) -> EarlierHandling:
    return EarlierHandling(
        status=_enum(ComplaintStatus, values.get("status")),
        replied_on=_day(values.get("replied_on")),
        reply_method=_enum(ReplyMethod, values.get("reply_method")),
        reply_text=values.get("reply_text"),
        conclusion=values.get("conclusion"),
        closed_on=_day(values.get("closed_on")),
    )


def _check(session: Session, values: Mapping[str, Any]) -> list[FieldError]:
    del session  # a complaint's rules need nothing stored
    try:
        data = validate_complaint(_input(values))
    except ValidationFailed as failed:
        return list(failed.errors)
    return earlier_problems(data, _earlier(values), date.today())


def _create_in(session: Session, ctx: Context, values: Mapping[str, Any]) -> str:
    return register_earlier_in(session, ctx, _input(values), _earlier(values)).id


TARGET = ImportTarget(
    kind=KEY,
    fields=FIELDS,
    create_action=REGISTER,
    choices=_choices,
    check=_check,
    create_in=_create_in,
)
