"""PDF reports: plain dataclasses in, PDF bytes out (reportlab; no Qt, no database).

Importing this package is cheap: the dataclasses load at once, reportlab only when a PDF is built,
so services can build report data without paying for reportlab at start-up.
"""

from __future__ import annotations

from typing import Any

from kvalitet_desktop.reports.model import (
    AptCauseLine,
    AptMeasureLine,
    AssessmentLine,
    FollowUpReport,
    IvoNotificationReport,
    LexSarahAptReport,
    LexSarahFormReport,
    MeasureLine,
    MeasurePlanReport,
    RatingLine,
    Report,
    ReportHeader,
    RiskAnalysisReport,
    RiskEventLine,
    TeamMemberLine,
    UnitMeasures,
    VoiceLine,
)

_BUILDERS = {
    "build_follow_up_pdf": "kvalitet_desktop.reports.follow_up",
    "build_ivo_notification_pdf": "kvalitet_desktop.reports.lex_sarah",
    "build_lex_sarah_apt_pdf": "kvalitet_desktop.reports.lex_sarah",
    "build_lex_sarah_form_pdf": "kvalitet_desktop.reports.lex_sarah",
    "build_measure_plan_pdf": "kvalitet_desktop.reports.measure_plan",
    "build_risk_analysis_pdf": "kvalitet_desktop.reports.risk_analysis",
}


def render_report(report: Report) -> bytes:
    """The PDF for any report dataclass: the one entry point the GUI and the CLI use."""
    if isinstance(report, RiskAnalysisReport):
        from kvalitet_desktop.reports.risk_analysis import build_risk_analysis_pdf

        return build_risk_analysis_pdf(report)
    if isinstance(report, MeasurePlanReport):
        from kvalitet_desktop.reports.measure_plan import build_measure_plan_pdf

        return build_measure_plan_pdf(report)
    if isinstance(report, LexSarahFormReport):
        from kvalitet_desktop.reports.lex_sarah import build_lex_sarah_form_pdf

        return build_lex_sarah_form_pdf(report)
    if isinstance(report, IvoNotificationReport):
        from kvalitet_desktop.reports.lex_sarah import build_ivo_notification_pdf

        return build_ivo_notification_pdf(report)
    if isinstance(report, LexSarahAptReport):
        from kvalitet_desktop.reports.lex_sarah import build_lex_sarah_apt_pdf

        return build_lex_sarah_apt_pdf(report)
    from kvalitet_desktop.reports.follow_up import build_follow_up_pdf

    return build_follow_up_pdf(report)


def __getattr__(name: str) -> Any:
    if name in _BUILDERS:
        import importlib

        return getattr(importlib.import_module(_BUILDERS[name]), name)
    raise AttributeError(name)


__all__ = [
    "AptCauseLine",
    "AptMeasureLine",
    "AssessmentLine",
    "FollowUpReport",
    "IvoNotificationReport",
    "LexSarahAptReport",
    "LexSarahFormReport",
    "MeasureLine",
    "MeasurePlanReport",
    "RatingLine",
    "Report",
    "ReportHeader",
    "RiskAnalysisReport",
    "RiskEventLine",
    "TeamMemberLine",
    "UnitMeasures",
    "VoiceLine",
    "build_follow_up_pdf",
    "build_ivo_notification_pdf",
    "build_lex_sarah_apt_pdf",
    "build_lex_sarah_form_pdf",
    "build_measure_plan_pdf",
    "build_risk_analysis_pdf",
    "render_report",
]
