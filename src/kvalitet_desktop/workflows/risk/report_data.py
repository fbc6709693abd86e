"""The risk analysis PDF's data, built from the database."""

from __future__ import annotations

from kvalitet_desktop.services import settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import header as _header
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.report_data import follow_up_texts
from kvalitet_desktop.workflows.measures.report_data import measure_line as _measure_line
from kvalitet_desktop.workflows.measures.report_model import (
    MeasureLine,
)
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import EVENT_LINK
from kvalitet_desktop.workflows.risk.report_model import (
    AssessmentLine,
    RiskAnalysisReport,
    RiskEventLine,
    TeamMemberLine,
)


def risk_analysis_report(ctx: Context, analysis_id: str) -> RiskAnalysisReport:
    view = risk.get_analysis(ctx, analysis_id)
    matrix = settings.risk_matrix(ctx)
    assessments = risk.individual_assessments(ctx, analysis_id)
    personal = view.individual_code is not None or any(a.individuals for a in assessments)
    numbers = {e.id: e.number for e in view.events}
    measure_lines: list[MeasureLine] = []
    measure_ids = list(dict.fromkeys(m.id for m in view.measures))
    texts = follow_up_texts(ctx, measure_ids)
    for measure_id in measure_ids:
        m = measures.get_measure(ctx, measure_id)
        answers = [
            f"Händelse {numbers[link.target_id]}"
            for link in m.links
            if link.kind == EVENT_LINK and link.target_id in numbers
        ]
        answers_to = ", ".join(answers) or "Hela analysen"
        measure_lines.append(_measure_line(m, answers_to, texts.get(measure_id, "–")))
    return RiskAnalysisReport(
        header=_header(ctx, "Riskanalys", view.unit_name, personal=personal),
        matrix=matrix,
        title=view.title,
        status=view.status.value,
        scope_kind=view.scope_kind.value,
        scope_description=view.scope_description,
        trigger=view.trigger.term,
        trigger_description=view.trigger_description,
        level=view.level.value,
        individual_code=view.individual_code,
        commissioned_by=view.commissioned_by,
        commissioned_on=view.commissioned_on,
        leader=view.leader_name,
        team=tuple(TeamMemberLine(m.name, m.role) for m in view.team),
        fact_sources=view.fact_sources,
        events=tuple(
            RiskEventLine(
                number=e.number,
                description=e.description,
                causes=e.causes,
                proposed_measures=e.proposed_measures,
                assessments=tuple(
                    AssessmentLine(
                        a.kind.value,
                        a.probability,
                        a.consequence,
                        a.score,
                        a.assessed_on,
                        a.comment,
                    )
                    for a in e.assessments
                ),
            )
            for e in view.events
        ),
        measures=tuple(measure_lines),
        decision_text=view.decision_text,
        decided_by=view.decided_by_name,
        decided_on=view.decided_on,
        follow_up_on=view.follow_up_on,
        follow_up_method=view.follow_up_method,
        individual_assessments=assessments,
    )
