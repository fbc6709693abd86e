"""The PDFs of a förändring i insatser: the group follow-up, and one person's record for the
social documentation. Individuals are named by their code only."""

from __future__ import annotations

from datetime import date

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
    render,
    section,
    styles,
)
from kvalitet_desktop.workflows.changes.report_model import (
    ChangeReport,
    PersonLine,
    PersonReport,
)

NO_PEOPLE_TEXT = "Inga berörda personer är registrerade."
NO_CONTACTS_TEXT = "Ingen kontakt är dokumenterad."
OVERDUE = "FÖRSENAD"


def _yes(value: bool | None) -> str:
    if value is None:
        return "–"
    return "ja" if value else "nej"


def _share(part: int, total: int) -> str:
    return f"{part} av {total}"


def _due(day: date | None, overdue: bool) -> str:
    if day is None:
        return "–"
    return f"{OVERDUE} {fmt_date(day)}" if overdue else fmt_date(day)


def _person_row(p: PersonLine, *, with_unit: bool) -> list[Cell]:
    last = fmt_date(p.last_contact) if p.last_contact else "Ingen"
    days = "" if p.days_since is None else str(p.days_since)
    return [
        p.code,
        *([p.unit] if with_unit else []),
        p.risk,
        last,
        days,
        _yes(p.took_part),
        _yes(p.followed_up),
        p.needs_met or "–",
        _due(p.next_due, p.overdue),
    ]


def build_change_pdf(report: ChangeReport) -> bytes:
    st = styles()
    width = content_width()
    story: list[Flowable] = [
        Paragraph(markup(f"{report.number} {report.title}"), st.title),
        Paragraph(
            markup(
                f"{report.header.title} · Från {fmt_date(report.starts_on)} · "
                f"Status: {report.status}"
            ),
            st.subtitle,
        ),
        section("Förändringen"),
        key_value_table(
            [
                ("Vad som förändras", ", ".join(report.what_changes)),
                ("Enheter", ", ".join(report.units)),
                ("Insatser", report.insatser),
                ("Varför", report.reason),
                ("Från", fmt_date(report.starts_on)),
                ("Planerat slut", fmt_date(report.planned_end_on)),
                ("Beslutad av", report.decided_by),
                ("Riskanalys på gruppnivå", report.risk_analysis or "Ingen kopplad"),
            ],
            width,
        ),
        section("Sammanfattning"),
        key_value_table(
            [
                ("Berörda", str(report.total)),
                ("Kontaktade före förändringen", _share(report.contacted_before, report.total)),
                ("Delaktiga i planeringen", _share(report.took_part, report.total)),
                ("Uppföljda", _share(report.followed_up, report.total)),
                ("Behoven tillgodosedda", _share(report.needs_met, report.total)),
                ("Försenade kontakter", str(report.overdue)),
            ],
            width,
            label_width=70 * mm,
        ),
        section("De berörda"),
    ]
    if report.people:
        # One unit: its name on every row would only crowd the dates out.
        with_unit = len(report.units) > 1
        headers = (
            "Kod",
            *(["Enhet"] if with_unit else []),
            "Risk",
            "Senaste kontakt",
            "Dagar sedan",
            "Delaktig",
            "Uppföljd",
            "Behov mötta",
            "Nästa kontakt",
        )
        widths = [
            20 * mm,
            *([28 * mm] if with_unit else []),
            28 * mm,
            23 * mm,
            15 * mm,
            17 * mm,
            18 * mm,
            16 * mm,
            0.0,
        ]
        widths[-1] = width - sum(widths)
        rows = [_person_row(p, with_unit=with_unit) for p in report.people]
        story.append(data_table(headers, rows, widths))
    else:
        story.append(empty_state(NO_PEOPLE_TEXT))
    if report.hidden_people:
        story.append(
            Paragraph(
                markup(
                    f"Ytterligare {report.hidden_people} berörda finns på enheter som "
                    "utskriften inte omfattar; de ingår i sammanfattningen."
                ),
                st.body,
            )
        )
    if report.closed_on is not None:
        story += [
            section("Avslut"),
            key_value_table(
                [
                    ("Avslutad", fmt_date(report.closed_on)),
                    ("Lärdomar", report.lessons),
                    ("Varför avslutad ändå", report.unfinished_reason),
                ],
                width,
            ),
        ]
    return render(report.header, story)


def build_person_pdf(report: PersonReport) -> bytes:
    st = styles()
    width = content_width()
    story: list[Flowable] = [
        Paragraph(markup(f"Person {report.code}"), st.title),
        Paragraph(
            markup(f"{report.change_number} {report.change_title} · {report.unit}"), st.subtitle
        ),
        section("Förändringen för personen"),
        key_value_table(
            [
                ("Insats", report.insats),
                ("Vad som förändras", report.what_changes_for_them),
                ("Uppehåll på egen begäran", _yes(report.paused_self)),
                ("Individuell riskbedömning", report.risk),
                ("Risker", ", ".join(report.risks) or None),
                ("Individuell plan", report.plan),
                ("Ansvarig medarbetare", report.responsible_staff),
                ("Närstående eller företrädare", report.representative),
                ("Hur personen vill bli kontaktad", report.contact_preference),
                ("Nästa kontakt", _due(report.next_due, report.overdue)),
            ],
            width,
            label_width=55 * mm,
        ),
        section("Kontakter"),
    ]
    if report.contacts:
        widths = [23 * mm, 25 * mm, 16 * mm, 21 * mm, 25 * mm, 0.0, 17 * mm]
        widths[5] = width - sum(widths)
        rows: list[list[Cell]] = []
        for c in report.contacts:
            said = c.said or ("Nådde inte fram" if not c.reached else None)
            if c.wishes:
                said = f"{said or ''}\nÖnskemål: {c.wishes}".strip()
            if c.next_contact_on:
                said = f"{said or ''}\nNästa kontakt: {fmt_date(c.next_contact_on)}".strip()
            rows.append(
                [
                    fmt_date(c.contacted_on),
                    c.phase,
                    c.channel,
                    c.with_whom,
                    c.staff,
                    said,
                    _yes(c.took_part),
                ]
            )
        story.append(
            data_table(
                (
                    "Datum",
                    "Skede",
                    "Kanal",
                    "Med vem",
                    "Från kommunen",
                    "Vad som sades",
                    "Delaktig",
                ),
                rows,
                widths,
            )
        )
    else:
        story.append(empty_state(NO_CONTACTS_TEXT))
    story.append(section("Uppföljning"))
    if report.followed_up_on is None:
        story.append(empty_state("Personen är inte uppföljd ännu."))
    else:
        story.append(
            key_value_table(
                [
                    ("Uppföljd", fmt_date(report.followed_up_on)),
                    ("Behoven tillgodosedda", report.needs_met),
                    *((r.question, r.rating) for r in report.ratings),
                    ("Kommentar", report.follow_up_comment),
                ],
                width,
                label_width=75 * mm,
            )
        )
    return render(report.header, story)
