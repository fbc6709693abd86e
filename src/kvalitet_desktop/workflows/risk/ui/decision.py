"""Steps 7 and 8 of the risk analysis: the decision with its follow-up, and the summary."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.individual_assessments import IndividualAssessmentSummary
from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig
from kvalitet_desktop.ui.toolkit.fields import (
    Binding,
    DateField,
    ErrorLabel,
    UserCombo,
    add_row,
    bare_column,
    button_row,
    help_label,
    iso,
    name_widget,
    text_edit,
)
from kvalitet_desktop.workflows.risk.domain import (
    AnalysisLevel,
    RiskAnalysisStatus,
    ScopeKind,
    Trigger,
)
from kvalitet_desktop.workflows.risk.service import MeasureSummary, RiskAnalysisView
from kvalitet_desktop.workflows.risk.ui.events import EventRow, assessment_text
from kvalitet_desktop.workflows.risk.ui.form_types import DecisionState, RiskFormState
from kvalitet_desktop.workflows.risk.ui.individual_assessments import assessments_html
from kvalitet_desktop.workflows.risk.ui.steps import name_calendar, trigger_labels


class DecisionStep(QWidget):
    """7 Beslut och uppföljning: who decides what, when, and when the analysis is followed up."""

    decide_requested = Signal()
    close_requested = Signal()

    def __init__(self, users: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._decided = False
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.decision_text = text_edit(
            4, self.tr("Till exempel: Åtgärderna 1–3 genomförs enligt handlingsplanen.")
        )
        self.decided_by = UserCombo(users)
        self.decided_on = DateField()
        self.follow_up_on = DateField()
        self.follow_up_method = text_edit(
            3, self.tr("Till exempel: analysteamet går igenom händelserna och bedömer dem på nytt.")
        )
        self.decide_button = QPushButton(self.tr("Fatta be&slut"))
        self.close_button = QPushButton(self.tr("&Avsluta riskanalysen"))
        self.close_button.setToolTip(
            self.tr("När riskanalysen är uppföljd och inget mer återstår.")
        )
        self.decide_button.clicked.connect(self.decide_requested)
        self.close_button.clicked.connect(self.close_requested)

        self.errors = {
            key: ErrorLabel()
            for key in ("events", "decision_text", "decided_by_id", "decided_on", "follow_up_on")
        }
        decision = QGroupBox(self.tr("Beslut"))
        form = QFormLayout(decision)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_row(form, self.tr("&Beslut:"), self.decision_text, error=self.errors["decision_text"])
        add_row(
            form,
            self.tr("B&eslutsfattare:"),
            self.decided_by,
            error=self.errors["decided_by_id"],
        )
        add_row(form, self.tr("Beslu&tsdatum:"), self.decided_on, error=self.errors["decided_on"])
        follow = QGroupBox(self.tr("Uppföljning av riskanalysen"))
        follow_form = QFormLayout(follow)
        follow_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_row(
            follow_form,
            self.tr("Uppföljnings&datum:"),
            self.follow_up_on,
            error=self.errors["follow_up_on"],
            help_text=self.tr("När ser ni över om åtgärderna gav effekt och om risker kvarstår?"),
        )
        add_row(follow_form, self.tr("Hur följs analysen u&pp:"), self.follow_up_method)
        name_calendar(self.decided_on, self.tr("Beslutsdatum"))
        name_calendar(self.follow_up_on, self.tr("Uppföljningsdatum"))
        buttons = button_row([self.decide_button, self.close_button], [])
        self.note = help_label(
            self.tr(
                "Beslutet sparas som förslag med utkastet och blir gällande när du klickar på "
                "”Fatta beslut”; alla händelser behöver då vara bedömda."
            )
        )
        layout = bare_column(self)
        layout.addWidget(self.status)
        layout.addWidget(self.errors["events"])
        layout.addWidget(decision)
        layout.addWidget(follow)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.set_view(None)

    def bindings(self) -> list[Binding]:
        focus: dict[str, QWidget | None] = {
            "events": None,
            "decision_text": self.decision_text,
            "decided_by_id": self.decided_by,
            "decided_on": self.decided_on,
            "follow_up_on": self.follow_up_on,
        }
        return [(key, label, focus[key]) for key, label in self.errors.items()]

    def is_complete(self) -> bool:
        """Decided: the decision is stored (set by ``set_view``)."""
        return self._decided

    def set_view(self, view: RiskAnalysisView | None) -> None:
        """Show the status; a decided analysis keeps its decision read-only."""
        status = view.status if view else RiskAnalysisStatus.DRAFT
        decided = status is not RiskAnalysisStatus.DRAFT
        self._decided = decided
        if view is None:
            text = self.tr("Status: utkast (inte sparad ännu).")
        elif not decided:
            text = self.tr("Status: utkast – inte beslutad.")
        else:
            text = self.tr("Status: {status}. Beslutad {date} av {who}.").format(
                status=status.value,
                date=iso(view.decided_on),
                who=view.decided_by_name or "–",
            )
        if view is not None and view.archived:
            text += " " + self.tr("Makulerad: {reason}").format(reason=view.archive_reason or "–")
        self.status.setText(f"<b>{html.escape(text)}</b>")
        self.decision_text.setReadOnly(decided)
        self.decided_by.setEnabled(not decided)
        self.decided_on.set_read_only(decided)
        self.decide_button.setVisible(not decided)
        self.close_button.setVisible(status is RiskAnalysisStatus.DECIDED)
        self.note.setVisible(not decided)

    def state(self) -> DecisionState:
        return {
            "decision_text": self.decision_text.toPlainText(),
            "decided_by_id": self.decided_by.user_id(),
            "decided_on": self.decided_on.text(),
            "follow_up_on": self.follow_up_on.text(),
            "follow_up_method": self.follow_up_method.toPlainText(),
        }

    def set_state(self, state: DecisionState, decided_by_name: str | None = None) -> None:
        self.decision_text.setPlainText(state["decision_text"])
        self.decided_by.set_user_id(state["decided_by_id"], decided_by_name)
        self.decided_on.set_text(state["decided_on"])
        self.follow_up_on.set_text(state["follow_up_on"])
        self.follow_up_method.setPlainText(state["follow_up_method"])


class SummaryStep(QWidget):
    """8 Sammanfattning: everything on one read-only page, and the print button."""

    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(self.tr("Sammanfattning"))
        self.print_button = QPushButton(self.tr("Skriv ut riskanalysen…"))
        name_widget(self.print_button, self.print_button.text())
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_requested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.print_button)
        layout = bare_column(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)

    def bindings(self) -> list[Binding]:
        return []

    def is_complete(self) -> bool:
        """Nothing to fill in here: the editor counts the summary complete with the others."""
        return True

    def show_summary(self, summary: str) -> None:
        """Show ``summary_html(…)``."""
        self.browser.setHtml(summary)


def _t(text: str) -> str:
    return QCoreApplication.translate("RiskSummary", text)


def _lines(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.splitlines() if line.strip()) or "–"


def _e(value: object) -> str:
    return html.escape(str(value)) if value not in (None, "") else "–"


def _paragraphs(text: str) -> str:
    if not text.strip():
        return "<p>–</p>"
    return "".join(f"<p>{html.escape(p)}</p>" for p in text.strip().split("\n") if p.strip())


def summary_html(
    state: RiskFormState,
    events: Sequence[EventRow],
    view: RiskAnalysisView | None,
    config: RiskMatrixConfig,
    names: dict[str, str],
    unit_names: dict[str, str],
    assessments: Sequence[IndividualAssessmentSummary] = (),
) -> str:
    """The analysis as the user currently sees it (saved or not), as simple HTML, with the
    individual assessments other records made for it."""
    status = view.status.value if view else RiskAnalysisStatus.DRAFT.value
    scope = (
        _t("En process")
        if state["scope_kind"] == ScopeKind.PROCESS.value
        else _t("Verksamheten (hela enheten)")
    )
    trigger = trigger_labels().get(Trigger(state["trigger"] or Trigger.OTHER.value))
    level = (state["level"] or AnalysisLevel.GROUP.value).capitalize()
    if state["level"] == AnalysisLevel.INDIVIDUAL.value:
        level += f" ({state['individual_code'] or '–'})"
    parts = [f"<h2>{_e(state['title'] or _t('Ny riskanalys'))}</h2>"]
    facts: list[tuple[str, object]] = [
        (_t("Enhet"), unit_names.get(str(state["unit_id"]), "–")),
        (_t("Status"), status.capitalize()),
        (_t("Omfattning"), scope),
        (_t("Beskrivning"), state["scope_description"]),
        (_t("Anledning"), trigger),
        (_t("Om anledningen"), state["trigger_description"]),
        (_t("Nivå"), level),
        (_t("Uppdragsgivare"), state["commissioned_by"]),
        (_t("Uppdragsdatum"), state["commissioned_on"]),
        (_term(terms.ANALYSIS_LEADER), names.get(str(state["leader_id"]))),
    ]
    parts.append(_table(facts))
    team = [m for m in state["team"] if m["name"].strip()]
    parts.append(f"<h3>{_t('Analysteam')}</h3>")
    if team:
        parts.append(
            "<ul>"
            + "".join(
                f"<li>{_e(m['name'])}" + (f" – {_e(m['role'])}" if m["role"] else "") + "</li>"
                for m in team
            )
            + "</ul>"
        )
    else:
        parts.append("<p>–</p>")
    parts.append(f"<h3>{_t('Faktaunderlag')}</h3>" + _paragraphs(state["fact_sources"]))
    parts.append(f"<h3>{_t('Händelser')}</h3>")
    if not events:
        parts.append(f"<p>{_t('Inga händelser.')}</p>")
    for number, event in enumerate(events, start=1):
        score = event.score
        if score is not None:
            band = config.band_for(score)
            badge = (
                f"<span style='background:{band.color}; color:#1b1f23'>&nbsp;"
                f"S{event.probability}×K{event.consequence} = {score} {html.escape(band.label)}"
                "&nbsp;</span>"
            )
        else:
            badge = f"<i>{_t('ej bedömd')}</i>"
        parts.append(f"<p><b>{number}. {_e(event.description)}</b> {badge}</p>")
        earlier = event.assessments[:-1]
        if earlier:
            text = "; ".join(html.escape(assessment_text(a)) for a in earlier)
            parts.append(f"<p style='margin-left:16px'>{_t('Tidigare bedömningar:')} {text}</p>")
        parts.append(
            f"<p style='margin-left:16px'><b>{_t('Orsaker:')}</b> {_lines(event.causes)}<br>"
            f"<b>{_t('Förslag:')}</b> {_lines(event.proposed_measures)}</p>"
        )
        parts.append(_measure_list(event.measures))
    if view is not None:
        event_ids = {m.id for e in events for m in e.measures}
        whole = [m for m in view.measures if m.id not in event_ids]
        if whole:
            parts.append(f"<p><b>{_t('Åtgärder för hela analysen')}</b></p>" + _measure_list(whole))
    parts.append(assessments_html(assessments, config))
    parts.append(f"<h3>{_t('Beslut och uppföljning')}</h3>")
    decision: list[tuple[str, object]] = [
        (_t("Beslut"), state["decision_text"]),
        (_t("Beslutsfattare"), names.get(str(state["decided_by_id"]))),
        (_t("Beslutsdatum"), state["decided_on"]),
        (_t("Uppföljning"), state["follow_up_on"]),
        (_t("Hur"), state["follow_up_method"]),
    ]
    parts.append(_table(decision))
    return "".join(parts)


def _table(rows: Sequence[tuple[str, object]]) -> str:
    """Label–value rows as a borderless HTML table (empty values as "–")."""
    cells = "".join(
        f"<tr><td><b>{label}</b></td><td>{_e(value)}</td></tr>" for label, value in rows
    )
    return f"<table cellspacing='0' cellpadding='3'>{cells}</table>"


def _measure_list(measures: Sequence[MeasureSummary]) -> str:
    if not measures:
        return f"<p style='margin-left:16px'><i>{_t('Ingen åtgärd beslutad.')}</i></p>"
    items = "".join(
        "<li>"
        + _t("{title} – {status}, ansvarig {who}, klart senast {due}").format(
            title=_e(m.title), status=_e(m.status), who=_e(m.responsible), due=_e(iso(m.due_date))
        )
        + "</li>"
        for m in measures
    )
    return f"<ul style='margin-left:16px'>{items}</ul>"


def _term(text: str) -> str:
    return QCoreApplication.translate(terms.TERMS_CONTEXT, text)
