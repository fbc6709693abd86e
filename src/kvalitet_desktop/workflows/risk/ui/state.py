"""The risk analysis form as data: from the stored view, to the services' inputs.

The form state is a ``RiskFormState`` (``form_types``): JSON-compatible (dates as ``YYYY-MM-DD``
text, exactly as typed), so the same dict serves the draft, the "unsaved changes" check and
the service calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication

from kvalitet_desktop.domain.errors import FieldError, ValidationFailed
from kvalitet_desktop.ui.toolkit.fields import iso, parse_date, with_service_checks
from kvalitet_desktop.workflows.measures.service import LinkRef, MeasureInput
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import (
    ANALYSIS_LINK,
    EVENT_LINK,
    AnalysisLevel,
    ScopeKind,
    Trigger,
)
from kvalitet_desktop.workflows.risk.service import (
    DecisionInput,
    EventInput,
    RiskAnalysisInput,
    RiskAnalysisView,
    TeamMemberInput,
)
from kvalitet_desktop.workflows.risk.ui.events import EventRow, short
from kvalitet_desktop.workflows.risk.ui.form_types import DecisionState, RiskFormState


def _tr(text: str) -> str:
    return QCoreApplication.translate("RiskAnalysisEditor", text)


def state_from_view(view: RiskAnalysisView) -> RiskFormState:
    data = view.to_input()
    return {
        "title": data.title,
        "unit_id": data.unit_id,
        "scope_kind": data.scope_kind.value,
        "scope_description": data.scope_description or "",
        "trigger": data.trigger.value,
        "trigger_description": data.trigger_description or "",
        "level": data.level.value,
        "individual_code": data.individual_code or "",
        "commissioned_by": data.commissioned_by or "",
        "commissioned_on": iso(data.commissioned_on),
        "leader_id": data.leader_id,
        "team": [{"name": m.name, "role": m.role or "", "user_id": m.user_id} for m in data.team],
        "fact_sources": data.fact_sources or "",
        "events": [EventRow.from_view(e).state() for e in view.events],
        "decision_text": view.decision_text or "",
        "decided_by_id": view.decided_by_id,
        "decided_on": iso(view.decided_on),
        "follow_up_on": iso(view.follow_up_on),
        "follow_up_method": view.follow_up_method or "",
    }


def _dates(texts: dict[str, str], problems: list[FieldError]) -> dict[str, date | None]:
    """Typed dates by key; an unreadable one is None and a message at its field."""
    dates: dict[str, date | None] = {}
    for key, text in texts.items():
        try:
            dates[key] = parse_date(text)
        except ValueError:
            problems.append(FieldError(key, _tr("Skriv datumet som ÅÅÅÅ-MM-DD.")))
            dates[key] = None
    return dates


def analysis_input(
    state: RiskFormState, events: Sequence[EventRow], step: int
) -> RiskAnalysisInput:
    """The service input; every problem (the form's and the service's) raised together."""
    problems: list[FieldError] = []
    dates = _dates(
        {
            "commissioned_on": state["commissioned_on"],
            "follow_up_on": state["follow_up_on"],
            "decided_on": state["decided_on"],
        },
        problems,
    )
    data = RiskAnalysisInput(
        title=state["title"],
        unit_id=state["unit_id"] or "",
        scope_kind=ScopeKind(state["scope_kind"]),
        scope_description=state["scope_description"],
        trigger=Trigger(state["trigger"]),
        trigger_description=state["trigger_description"],
        level=AnalysisLevel(state["level"]),
        individual_code=state["individual_code"],
        commissioned_by=state["commissioned_by"],
        commissioned_on=dates["commissioned_on"],
        leader_id=state["leader_id"],
        team=[TeamMemberInput(m["name"], m["role"], m["user_id"]) for m in state["team"]],
        fact_sources=state["fact_sources"],
        events=[
            EventInput(
                e.description, e.causes, e.proposed_measures, e.probability, e.consequence, e.id
            )
            for e in events
        ],
        follow_up_on=dates["follow_up_on"],
        follow_up_method=state["follow_up_method"],
        wizard_step=step,
        decision_text=state["decision_text"],
        decided_by_id=state["decided_by_id"],
        decided_on=dates["decided_on"],
    )
    with_service_checks(problems, lambda: risk.validate_analysis(data))
    return data


def decision_input(state: DecisionState) -> DecisionInput:
    problems: list[FieldError] = []
    dates = _dates(
        {"decided_on": state["decided_on"], "follow_up_on": state["follow_up_on"]}, problems
    )
    if problems:
        raise ValidationFailed(problems)
    return DecisionInput(
        decision_text=state["decision_text"],
        decided_by_id=state["decided_by_id"],
        decided_on=dates["decided_on"],
        follow_up_on=dates["follow_up_on"],
        follow_up_method=state["follow_up_method"],
    )


def measure_prefill(
    analysis_id: str, title: str, unit_id: str, events: Sequence[EventRow], index: int
) -> tuple[MeasureInput, str]:
    """A new measure for event ``index`` (or, with -1, the whole analysis): the input to
    start from, titled after the first proposal, and the text of what it answers to."""
    if 0 <= index < len(events):
        event = events[index]
        assert event.id is not None
        proposal = next(
            (line.strip(" -•*\t") for line in event.proposed_measures.splitlines() if line.strip()),
            "",
        )
        text = _tr("Riskanalys ”{title}”, händelse {n}: {event}").format(
            title=title, n=index + 1, event=event.description
        )
        link = LinkRef(EVENT_LINK, event.id)
    else:
        proposal = ""
        text = _tr("Riskanalys ”{title}”").format(title=title)
        link = LinkRef(ANALYSIS_LINK, analysis_id)
    return MeasureInput(title=short(proposal, 120), unit_id=unit_id, links=[link]), text
