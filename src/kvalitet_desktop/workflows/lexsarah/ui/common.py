"""What the lex Sarah screens share: form lookups, readable statuses and due dates, tables."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel

from kvalitet_desktop.domain.forms import FormLookups
from kvalitet_desktop.services import forms, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.common import ERROR_COLOUR
from kvalitet_desktop.ui.widgets.overdue import overdue_text
from kvalitet_desktop.workflows.lexsarah.domain import CaseStatus, Deadline

KIND = "lexsarah"
_CONTEXT = "LexSarah"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def form_lookups(ctx: Context) -> FormLookups:
    """Users (active ones) and every unit – a reporter may report about any unit – for the
    forms, the editable lists, and the user's name as "documented by"."""
    return FormLookups(
        users=tuple(organisation.user_choices(ctx)),
        units=tuple((u.id, u.name) for u in organisation.units(ctx, only_visible=False)),
        lists=forms.editable_lists(ctx),
        documented_by=ctx.actor.name,
    )


def status_text(status: CaseStatus) -> str:
    return status.value[:1].upper() + status.value[1:]


def when_text(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def capitalised(text: str | None) -> str:
    text = (text or "").strip()
    return text[:1].upper() + text[1:]


def due_label(text: str) -> QLabel:
    """A label for a deadline, shown with ``set_due``."""
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    set_due(label, text, None)
    return label


def set_due(label: QLabel, text: str, deadline: Deadline | None) -> None:
    """ "<text> <date>", red and bold with the lists' mark ("– försenad") when the domain
    finds it late."""
    if deadline is None or deadline.due is None:
        label.setText(f"{text} –")
        label.setStyleSheet("")
        label.setAccessibleName(label.text())
        return
    late = deadline.late
    shown = f"{text} {deadline.due.isoformat()}"
    if late:
        shown = overdue_text(shown)
    label.setText(shown)
    label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;" if late else "")
    label.setAccessibleName(shown)


# Discussion questions an investigator may pick for the APT sheet (or write their own).
SUGGESTED_QUESTIONS: tuple[str, ...] = (
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Vad i våra rutiner gjorde att detta kunde hända?")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Kan något liknande hända hos oss? Var, och när?")),
    str(
        QT_TRANSLATE_NOOP(_CONTEXT, "Vilka signaler fanns innan, och varför fångades de inte upp?")
    ),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Hur vet vi att de nya rutinerna följs i vardagen?")),
    str(
        QT_TRANSLATE_NOOP(
            _CONTEXT, "Hur säger vi till när något inte fungerar – och hur tas det emot?"
        )
    ),
    str(
        QT_TRANSLATE_NOOP(
            _CONTEXT, "Vad behöver nya medarbetare och vikarier veta för att undvika detta?"
        )
    ),
    str(
        QT_TRANSLATE_NOOP(
            _CONTEXT, "Hur kan vi fråga den enskilde hur stödet upplevs efter det som hände?"
        )
    ),
)
