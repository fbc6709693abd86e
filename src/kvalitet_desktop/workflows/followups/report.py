"""Uppföljning: a measure's follow-up, its effect and the individuals' own experience."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from kvalitet_desktop.reports.template import (
    Cell,
    closing,
    content_width,
    data_table,
    empty_state,
    fmt_date,
    key_value_table,
    markup,
    phrase,
    render,
    section,
    signature_block,
    styles,
)
from kvalitet_desktop.workflows.followups.report_model import FollowUpReport, VoiceLine

NO_VOICES_TEXT = "Ingen enskilds upplevelse är dokumenterad."


def _voice_title(voice: VoiceLine) -> str:
    if voice.individual_code and voice.individual_code.strip():
        return f"Person {voice.individual_code.strip()}"
    return "Gruppen"


def _voice(voice: VoiceLine, width: float) -> list[Flowable]:
    st = styles()
    head: list[Flowable] = [
        Paragraph(markup(_voice_title(voice)), st.h3),
        Paragraph(markup(f"Hur upplevelsen togs fram: {phrase(voice.gathered_by)}"), st.body),
    ]
    if voice.comment and voice.comment.strip():
        head.append(Paragraph(f"<b>Kommentar:</b> {markup(voice.comment)}", st.body))
    if not voice.ratings:
        return [*head, Paragraph(markup("Inga svar är registrerade."), st.empty)]
    rows: list[list[Cell]] = [
        [r.dimension[:1].upper() + r.dimension[1:], r.question, r.rating, r.comment]
        for r in voice.ratings
    ]
    widths = [26 * mm, width * 0.34, 26 * mm, 0.0]
    widths[3] = width - sum(widths)
    table = data_table(("Dimension", "Fråga", "Svar", "Kommentar"), rows, widths)
    # Keep the heading with the start of the table; the table itself may still split.
    return [KeepTogether([*head, Spacer(1, 1.5 * mm), table]), Spacer(1, 2 * mm)]


def build_follow_up_pdf(report: FollowUpReport) -> bytes:
    st = styles()
    width = content_width()
    story: list[Flowable] = [
        Paragraph(markup(report.measure_title), st.title),
        Paragraph(
            markup(
                f"{report.header.title} · Planerad {fmt_date(report.planned_on)} · "
                f"Status: {phrase(report.status)}"
            ),
            st.subtitle,
        ),
        section("Åtgärden som följs upp"),
        key_value_table(
            [
                ("Åtgärd", report.measure_title),
                ("Beskrivning", report.measure_description),
                ("Åtgärdens status", phrase(report.measure_status)),
                ("Svarar mot", report.answers_to),
            ],
            width,
        ),
        section("Plan för uppföljningen"),
        key_value_table(
            [
                ("Planerad till", fmt_date(report.planned_on)),
                ("Metod", report.method),
                ("Ansvarig", report.responsible),
                ("Status", phrase(report.status)),
                ("Genomförd", fmt_date(report.performed_on)),
            ],
            width,
        ),
        section("Resultat och effekt"),
        key_value_table(
            [
                ("Resultat", report.result),
                ("Fick åtgärden avsedd effekt?", phrase(report.effect)),
                ("Om effekten", report.effect_comment),
            ],
            width,
        ),
        section("Den enskildes upplevelse"),
    ]
    if report.voices:
        for voice in report.voices:
            story += _voice(voice, width)
    else:
        story.append(empty_state(NO_VOICES_TEXT))
    story += [
        closing(
            [
                section("Utfall"),
                key_value_table(
                    [
                        ("Utfall", phrase(report.outcome)),
                        ("Vad som händer nu", report.outcome_text),
                    ],
                    width,
                ),
            ],
            signature_block(
                [("Ansvarig för uppföljningen", report.responsible)], width, title="Underskrift"
            ),
        ),
    ]
    return render(report.header, story)
