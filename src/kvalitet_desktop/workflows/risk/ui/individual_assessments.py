"""The individual assessments other records made for a group-level analysis (a change's
people), as a part of the analysis' summary: counts per band, per matrix cell and per risk,
and the codes only of the people the reader may see."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from kvalitet_desktop.domain.individual_assessments import IndividualAssessmentSummary
from kvalitet_desktop.domain.risk_matrix import SCALE, RiskMatrixConfig


def _t(text: str) -> str:
    return QCoreApplication.translate("RiskSummary", text)


def assessments_html(
    summaries: Sequence[IndividualAssessmentSummary], config: RiskMatrixConfig
) -> str:
    if not summaries:
        return ""
    parts = [f"<h3>{_t('Individuella bedömningar')}</h3>"]
    for summary in summaries:
        parts.append(
            "<p><b>"
            + html.escape(summary.source)
            + "</b>: "
            + _t("{assessed} av {people} berörda bedömda i riskmatrisen.").format(
                assessed=summary.assessed, people=summary.people
            )
            + "</p>"
        )
        if summary.assessed:
            bands = ", ".join(
                f"{html.escape(label)} {count}" for label, count in summary.band_counts(config)
            )
            parts.append(f"<p style='margin-left:16px'>{_t('Per riskzon:')} {bands}</p>")
            parts.append(_grid(summary, config))
        if summary.risks:
            risks = ", ".join(f"{html.escape(risk)} {n}" for risk, n in summary.risks)
            parts.append(f"<p style='margin-left:16px'>{_t('Risker:')} {risks}</p>")
        if summary.individuals:
            codes = ", ".join(
                html.escape(person.code)
                + (
                    f" (S{person.probability}×K{person.consequence})"
                    if person.probability and person.consequence
                    else ""
                )
                for person in summary.individuals
            )
            parts.append(f"<p style='margin-left:16px'>{_t('Personer:')} {codes}</p>")
    return "".join(parts)


def _grid(summary: IndividualAssessmentSummary, config: RiskMatrixConfig) -> str:
    """How many people in each cell: probability 4 at the top, consequence 1–4 across."""
    header = "".join(f"<th>K{c}</th>" for c in SCALE)
    rows = []
    for p in reversed(SCALE):
        cells = []
        for c in SCALE:
            count = summary.cell_count(p, c)
            colour = config.band_for(p * c).color
            cells.append(
                f"<td align='center' style='background:{colour}; color:#1b1f23'>{count or ''}</td>"
            )
        rows.append(f"<tr><th>S{p}</th>{''.join(cells)}</tr>")
    return (
        "<table style='margin-left:16px' cellspacing='1' cellpadding='4' border='0'>"
        f"<tr><th></th>{header}</tr>{''.join(rows)}</table>"
    )
