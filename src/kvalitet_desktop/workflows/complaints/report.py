"""Klagomål och synpunkter: what came in, how it was investigated, the reply and the close."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from kvalitet_desktop.reports.template import (
    Cell,
    content_width,
    data_table,
    empty_state,
    fmt_date,
    key_value_table,
    markup,
    phrase,
    render,
    section,
    styles,
)
from kvalitet_desktop.workflows.complaints.report_model import ComplaintReport

NO_MEASURES_TEXT = "Inga åtgärder är kopplade till klagomålet."
ANONYMOUS_TEXT = "Anonym avsändare: inga uppgifter om vem som lämnat det, och inget svar."


def _submitter(report: ComplaintReport) -> list[tuple[str, Cell]]:
    rows: list[tuple[str, Cell]] = [("Avsändare", phrase(report.submitter_type))]
    if not report.anonymous:
        rows += [("Namn", report.submitter_name), ("Kontakt", report.submitter_contact)]
    return rows


def _reply(report: ComplaintReport, width: float) -> list[Flowable]:
    if report.anonymous:
        return [empty_state(ANONYMOUS_TEXT)]
    return [
        key_value_table(
            [
                ("Svar senast", fmt_date(report.reply_due)),
                ("Besvarat", fmt_date(report.replied_on)),
                ("Hur", phrase(report.reply_method)),
                ("Vad som sades", report.reply_text),
                ("Svarstid", report.response_text),
            ],
            width,
        )
    ]


def _measures(report: ComplaintReport, width: float) -> list[Flowable]:
    if not report.measures:
        return [empty_state(NO_MEASURES_TEXT)]
    rows: list[list[Cell]] = [
        [m.title, phrase(m.status), fmt_date(m.due_date), m.follow_up] for m in report.measures
    ]
    widths = [0.0, 24 * mm, 24 * mm, 60 * mm]  # "Uppföljd 2026-08-11 · effekt: delvis"
    widths[0] = width - sum(widths)
    return [data_table(("Åtgärd", "Status", "Klart senast", "Uppföljning"), rows, widths)]


def build_complaint_pdf(report: ComplaintReport) -> bytes:
    st = styles()
    width = content_width()
    header = report.header
    if report.archive_reason:
        header = replace(header, watermark="MAKULERAD")
    story: list[Flowable] = [
        Paragraph(markup(f"{report.number} {report.title}"), st.title),
        Paragraph(
            markup(
                f"{phrase(report.complaint_kind)} · {phrase(report.topic)} · "
                f"Mottaget {fmt_date(report.received_on)} · Status: {phrase(report.status)}"
            ),
            st.subtitle,
        ),
    ]
    if report.archive_reason:
        story.append(Paragraph(markup(f"Makulerat: {report.archive_reason}"), st.body))
    story += [
        section("Det som kom in"),
        key_value_table(
            [
                ("Typ", phrase(report.complaint_kind)),
                ("Ämne", phrase(report.topic)),
                ("Mottaget", fmt_date(report.received_on)),
                ("Kanal", phrase(report.channel)),
                ("Mottaget av", report.received_by),
                *_submitter(report),
                ("Vad som framförs", report.description),
            ],
            width,
        ),
        section("Utredning"),
        key_value_table(
            [("Handläggare", report.handler), ("Utredning", report.investigation)], width
        ),
        section("Åtgärder"),
        *_measures(report, width),
        section("Svar till avsändaren"),
        *_reply(report, width),
        section("Avslut"),
        key_value_table(
            [
                ("Avslutat", fmt_date(report.closed_on)),
                ("Avslutat av", report.closed_by),
                ("Sammanfattning", report.conclusion),
            ],
            width,
        ),
    ]
    return render(header, story)
