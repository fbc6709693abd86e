"""Avvikelser brought in from a sheet: the fields a column may fill, and a row registered
through the service as any avvikelse is (its number, deadlines and audit trail)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import FieldError
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import TextKind
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.imports import Choice, FieldType, ImportField, ImportTarget
from kvalitet_desktop.workflows.deviations.domain import FIELD_LIMITS, DeviationStatus
from kvalitet_desktop.workflows.deviations.earlier import (
    EarlierHandling,
    earlier_problems,
    register_earlier_in,
)
from kvalitet_desktop.workflows.deviations.kind import CREATE, KEY
from kvalitet_desktop.workflows.deviations.service import (
    RegistrationInput,
    lists_in,
    registration_problems,
)

_CONTEXT = "Imports"


def _text(key: str, label: str, *synonyms: str, required: bool = False) -> ImportField:
    kind = FIELD_LIMITS.get(key, TextKind.LONG)
    return ImportField(key, label, FieldType.TEXT, required, kind, synonyms)


FIELDS = (
    _text("title", QT_TRANSLATE_NOOP(_CONTEXT, "Rubrik"), "titel", "händelse", required=True),
    ImportField(
        "unit_id",
        QT_TRANSLATE_NOOP(_CONTEXT, "Enhet"),
        FieldType.UNIT,
        True,
        synonyms=("verksamhet", "enhetsnamn", "arbetsplats", "enhet id"),
    ),
    ImportField(
        "occurred_at",
        QT_TRANSLATE_NOOP(_CONTEXT, "Inträffade"),
        FieldType.DATETIME,
        True,
        synonyms=("datum", "händelsedatum", "tidpunkt", "inträffad", "när"),
    ),
    _text(
        "description",
        QT_TRANSLATE_NOOP(_CONTEXT, "Beskrivning"),
        "vad hände",
        "händelsebeskrivning",
        "beskrivning av händelsen",
        required=True,
    ),
    _text("place", QT_TRANSLATE_NOOP(_CONTEXT, "Plats"), "var"),
    _text(
        "reporter_name",
        QT_TRANSLATE_NOOP(_CONTEXT, "Rapportör"),
        "rapporterad av",
        "rapportör namn",
        "anmälare",
        "inrapporterad av",
    ),
    ImportField(
        "legal_basis", QT_TRANSLATE_NOOP(_CONTEXT, "Lagrum"), FieldType.CHOICE, synonyms=("lag",)
    ),
    ImportField(
        "category",
        QT_TRANSLATE_NOOP(_CONTEXT, "Kategori"),
        FieldType.CHOICE,
        synonyms=("typ", "avvikelsetyp", "typ av avvikelse"),
    ),
    _text("individual", QT_TRANSLATE_NOOP(_CONTEXT, "Enskild (kod)"), "kod", "brukarkod"),
    _text("consequence", QT_TRANSLATE_NOOP(_CONTEXT, "Följder"), "konsekvens", "följd"),
    _text(
        "immediate_measures",
        QT_TRANSLATE_NOOP(_CONTEXT, "Omedelbara åtgärder"),
        "åtgärd",
        "vidtagna åtgärder",
        "omedelbar åtgärd",
    ),
    # How the earlier system had got on with it (docs/import-mapping.md, "Historik").
    ImportField(
        "reported_at",
        QT_TRANSLATE_NOOP(_CONTEXT, "Registrerad"),
        FieldType.DATETIME,
        synonyms=("rapporterad", "registreringsdatum", "rapportdatum", "inrapporterad"),
    ),
    ImportField(
        "status",
        QT_TRANSLATE_NOOP(_CONTEXT, "Status"),
        FieldType.CHOICE,
        synonyms=("läge", "tillstånd", "handläggningsstatus"),
    ),
    _text(
        "analysis",
        QT_TRANSLATE_NOOP(_CONTEXT, "Utredning"),
        "analys",
        "orsaksanalys",
        "utredning och analys",
    ),
    _text(
        "conclusion",
        QT_TRANSLATE_NOOP(_CONTEXT, "Slutsats"),
        "resultat",
        "vad gjordes",
        "beslut",
        "avslutskommentar",
    ),
    ImportField(
        "closed_on",
        QT_TRANSLATE_NOOP(_CONTEXT, "Avslutad"),
        FieldType.DATE,
        synonyms=("avslutsdatum", "avslutad datum", "stängd", "klar"),
    ),
)


def _choices(session: Session) -> Mapping[str, Sequence[Choice]]:
    lists = lists_in(session)
    return {
        "legal_basis": [Choice(v, v) for v in lists.legal_bases],
        "category": [Choice(v, v) for v in lists.categories],
        "status": [Choice(v.value, v.value) for v in DeviationStatus],
    }


def _input(values: Mapping[str, Any]) -> RegistrationInput:
    reporter = values.get("reporter_name")
    occurred = values.get("occurred_at")
    return RegistrationInput(
        title=values.get("title") or "",
        unit_id=values.get("unit_id") or "",
        occurred_at=occurred if isinstance(occurred, datetime) else None,
        description=values.get("description") or "",
        place=values.get("place"),
        # Without a reporter in the sheet, the one importing it reported it.
        own_report=not reporter,
        reporter_name=reporter,
        legal_basis=values.get("legal_basis"),
        individual=values.get("individual"),
        consequence=values.get("consequence"),
        immediate_measures=values.get("immediate_measures"),
        category=values.get("category"),
    )


def _earlier(values: Mapping[str, Any]) -> EarlierHandling:
    reported = values.get("reported_at")
    closed = values.get("closed_on")
    status = values.get("status")
    return EarlierHandling(
        reported_at=reported if isinstance(reported, datetime) else None,
        status=DeviationStatus(status) if status else None,
        analysis=values.get("analysis"),
        conclusion=values.get("conclusion"),
        closed_on=closed if isinstance(closed, date) else None,
    )


def _check(session: Session, values: Mapping[str, Any]) -> list[FieldError]:
    data = _input(values)
    found = registration_problems(session, data)
    return found + earlier_problems(data, _earlier(values), date.today())


def _create_in(session: Session, ctx: Context, values: Mapping[str, Any]) -> str:
    return register_earlier_in(session, ctx, _input(values), _earlier(values)).id


TARGET = ImportTarget(
    kind=KEY,
    fields=FIELDS,
    create_action=CREATE,
    choices=_choices,
    check=_check,
    create_in=_create_in,
)
