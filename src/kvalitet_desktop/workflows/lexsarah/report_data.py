"""The lex Sarah PDFs' data: rapport, utredning, the IVO notification, the APT sheet."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, select

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.causes import CauseLevel
from kvalitet_desktop.domain.dates import month_name
from kvalitet_desktop.domain.errors import NotFound, RuleViolation
from kvalitet_desktop.domain.forms import FormAnswers, FormLookups, is_empty
from kvalitet_desktop.reports.model import ReportHeader
from kvalitet_desktop.services import forms, organisation, references
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import header as _header
from kvalitet_desktop.store.models import Municipality, Unit, User
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import (
    CaseStatus,
    ReportForm,
    investigation_finished,
)
from kvalitet_desktop.workflows.lexsarah.report_model import (
    AptCauseLine,
    AptMeasureLine,
    IvoNotificationReport,
    LexSarahAptReport,
    LexSarahFormReport,
)
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.models import Measure
from kvalitet_desktop.workflows.measures.report_data import follow_up_texts
from kvalitet_desktop.workflows.measures.report_model import (
    MeasureLine,
)

# Legal reference codes (rows of the reference table, services/references.py) by the law the
# activity is run under; the paragraphs themselves are data.
LAW_REFERENCES = {"sol": "sol_2025_400", "lss": "lss_24a_24g"}


GENERAL_REFERENCE = "sosfs_2011_5"


LAW_FIELD = "lagrum"


_FORM_TITLES = {
    ReportForm.REPORT: ("Rapport enligt lex Sarah", "Lex Sarah-rapport"),
    ReportForm.INVESTIGATION: ("Utredning enligt lex Sarah", "Lex Sarah-utredning"),
}


# Causes on the APT sheet: the organisation's, never a person's.
APT_CAUSE_LEVELS = (CauseLevel.SYSTEM, CauseLevel.ACTIVITY)


def form_lookups(ctx: Context) -> FormLookups:
    """Names for the user and unit ids in form answers, and the editable lists.

    Every user and unit, also inactive and archived ones: a record filled in years ago must
    still print the names it was filled in with. Only names are read (no roles, no units)."""
    with ctx.reading() as session:
        users = tuple((uid, name) for uid, name in session.execute(select(User.id, User.name)))
        units = tuple((uid, name) for uid, name in session.execute(select(Unit.id, Unit.name)))
    return FormLookups(users=users, units=units, lists=forms.editable_lists(ctx))


def lex_sarah_form_report(ctx: Context, case_id: str, which: ReportForm) -> LexSarahFormReport:
    """The rapport or the utredning of a case, as filled in, with the case facts.

    Only lex Sarah-ansvariga, the appointed investigator and administrators get it (the
    services refuse everyone else); the opening is logged."""
    if which is ReportForm.NOTIFICATION:
        raise NotFound("Anmälan till IVO skrivs ut med rapporten ivo-anmalan.")
    view = lexsarah.get_case(ctx, case_id)
    form, answers = lexsarah.case_answers(ctx, case_id, which.value)
    lookups = form_lookups(ctx)
    title, short = _FORM_TITLES[which]
    law = _case_law(ctx, case_id, answers)
    report_measures: tuple[MeasureLine, ...] | None = None
    signers: tuple[tuple[str, str | None], ...] = ()
    if which is ReportForm.INVESTIGATION:
        report_measures = _cause_measures(ctx, view, answers)
        signers = (
            (
                terms.INVESTIGATOR,
                _user_answer(answers, "utredare", lookups) or view.investigator_name,
            ),
            ("Beslut eller ställningstagande", _user_answer(answers, "avslut_av", lookups)),
        )
    return LexSarahFormReport(
        header=_header(ctx, f"{short} {view.number}", view.unit_name, personal=True),
        title=title,
        case_number=view.number,
        form=form,
        answers=answers,
        lookups=lookups,
        case_facts=_case_facts(view, with_reporter=which is ReportForm.REPORT),
        references=_reference_lines(ctx, law, form.reference),
        measures=report_measures,
        signers=signers,
        draft=which is ReportForm.INVESTIGATION and not _investigation_finished(view),
    )


def _investigation_finished(view: lexsarah.CaseView) -> bool:
    """Marked finished, closed with its decision, or sent to IVO as finished."""
    return investigation_finished(view) or view.closed_on is not None


EVENT_TIME = "intraffade"  # the notification's "När inträffade det?"
EVENT_TIME_WORDS = "intraffade_beskrivning"  # the same in words (form version 2)


def ivo_notification_report(
    ctx: Context, case_id: str, answers: FormAnswers | None = None
) -> IvoNotificationReport:
    """The notification to IVO, addressed to the regional department that supervises the
    municipality's county (when known).

    Without ``answers``: as documented in the case (the stored answers). With ``answers``:
    what is filled in but not registered yet, so that it can be printed and posted before
    the date and channel are registered — only for a case that may be notified. Either way
    only users who may open the case get it (the opening is logged)."""
    view = lexsarah.get_case(ctx, case_id)
    form, stored = lexsarah.case_answers(ctx, case_id, ReportForm.NOTIFICATION.value)
    if answers is None:
        answers = stored
        if not any(not is_empty(v) for v in answers.values.values()):
            raise RuleViolation(
                "Ärendet har ingen ifylld anmälan till IVO. Fyll i anmälan i ärendet först."
            )
        answers = _with_prefill(lexsarah.ivo_prefill(ctx, case_id), answers)
    elif not view.may_notify_ivo and view.ivo_notified_on is None:
        raise RuleViolation(
            "Anmälan till IVO skrivs bara ut för ärenden som bedöms som allvarliga – ett "
            "allvarligt missförhållande eller en påtaglig risk för ett allvarligt "
            "missförhållande."
        )
    # Version 1 of the form has no field for the time in words: print it in the time's place.
    has_words_field = any(f.id == EVENT_TIME_WORDS for _section, f in form.fields())
    if is_empty(answers.values.get(EVENT_TIME)) and not has_words_field:
        words = lexsarah.event_time_in_words(ctx, case_id)
        if words:  # what the report says, rather than a dash
            answers = FormAnswers({**answers.values, EVENT_TIME: words}, dict(answers.provenance))
    with ctx.reading() as session:
        county = session.scalar(select(Municipality.county))
    department = references.department_for_county(ctx, county)
    checked = department is not None and department.verified_on is not None
    return IvoNotificationReport(
        header=_header(ctx, f"Anmälan till IVO {view.number}", view.unit_name, personal=True),
        case_number=view.number,
        form=form,
        answers=answers,
        lookups=form_lookups(ctx),
        department=department.name if department else None,
        # An address "att verifiera" does not leave the building.
        department_address=department.postal_address if department and checked else None,
        department_address_unchecked=department is not None and not checked,
        references=_reference_lines(ctx, _case_law(ctx, case_id, answers), form.reference),
    )


def _with_prefill(prefill: FormAnswers, stored: FormAnswers) -> FormAnswers:
    """The stored answers, with what the program knows in the fields they leave empty (as
    the case dialog shows the notification)."""
    values = dict(prefill.values)
    values.update({k: v for k, v in stored.values.items() if not is_empty(v)})
    return FormAnswers(values, dict(stored.provenance))


def lex_sarah_apt_report(ctx: Context, case_id: str) -> LexSarahAptReport:
    """The learning sheet of a closed case: only what the investigator wrote for it, the
    causes on system and activity level and the measures against them — no personal data
    (no names, codes, unit or case number; the month and the category only)."""
    view = lexsarah.get_case(ctx, case_id)
    if view.status is not CaseStatus.CLOSED:
        raise RuleViolation("Lärandematerial för APT skrivs ut för avslutade ärenden.")
    if not (view.apt_summary or "").strip() or not view.apt_questions:
        raise RuleViolation(
            "Ärendet har inget lärandematerial. Utredaren skriver en anonymiserad "
            "sammanfattning och väljer diskussionsfrågor först."
        )
    causes = [c for c in view.causes if c.level in APT_CAUSE_LEVELS]
    measure_ids = list(dict.fromkeys(m for c in causes for m in c.measure_ids))
    with ctx.reading() as session:
        rows = session.execute(
            select(Measure.id, Measure.title, Measure.status).where(
                Measure.id.in_(measure_ids), Measure.archived_at.is_(None)
            )
        ).all()
    found = {mid: (title, status) for mid, title, status in rows}
    reported = view.reported_at
    return LexSarahAptReport(
        header=ReportHeader(
            municipality=organisation.municipality(ctx).name,
            unit=None,
            title="Lärande – lex Sarah",
            printed_on=date.today(),
            printed_by="",
            confidentiality=None,
        ),
        month=f"{month_name(reported)} {reported.year}",
        category=view.category,
        summary=view.apt_summary or "",
        causes=tuple(AptCauseLine(c.description, c.level.level_text) for c in causes),
        measures=tuple(AptMeasureLine(found[m][0], found[m][1]) for m in measure_ids if m in found),
        questions=view.apt_questions,
    )


def _case_facts(
    view: lexsarah.CaseView, *, with_reporter: bool
) -> tuple[tuple[str, str | None], ...]:
    facts: list[tuple[str, str | None]] = [
        ("Ärendenummer", view.number),
        ("Rubrik", view.title),
        ("Enhet", view.unit_name),
        ("Status", view.status.value),
        ("Rapporten gäller", view.case_type.value),
        ("Kategori", view.category),
    ]
    if with_reporter:
        reporter = view.reporter_name
        if view.reporter_role:
            reporter += f", {view.reporter_role}"
        facts.append(("Rapportör", reporter))
    facts.append(("Rapporterad", _when(view.reported_at)))
    received = _when(view.received_at)
    if received and view.received_by:
        received += f" av {view.received_by}"
    facts += [
        ("Mottagen", received),
        (terms.INVESTIGATOR, view.investigator_name),
        ("Bedömning", view.seriousness.value if view.seriousness else "Inte bedömd än"),
    ]
    if not with_reporter:  # the investigation's own dates
        finished = view.investigation_finished_on
        facts.append(("Utredningen klar", finished.isoformat() if finished else "Inte klar än"))
    if view.ivo_notified_on is not None:
        notified = view.ivo_notified_on.isoformat()
        if view.ivo_channel is not None:
            notified += f" via {view.ivo_channel.value}"
        if view.ivo_reference:
            notified += f", IVO:s diarienummer {view.ivo_reference}"
        facts.append(("Anmäld till IVO", notified))
        if view.investigation_sent_to_ivo_on is not None:
            facts.append(
                ("Utredningen skickad till IVO", view.investigation_sent_to_ivo_on.isoformat())
            )
        elif view.ivo_investigation_due is not None:
            facts.append(
                ("Utredningen ska vara hos IVO senast", view.ivo_investigation_due.isoformat())
            )
    else:
        facts.append(("Anmäld till IVO", "Nej" if view.may_notify_ivo else "Nej (inte aktuellt)"))
    if view.closed_on is not None:
        closed = view.closed_on.isoformat()
        if view.closing_kind is not None:
            closed += f" ({view.closing_kind.value})"
        facts.append(("Avslutat", closed))
    return tuple(facts)


def _when(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else None


def _user_answer(answers: FormAnswers, field_id: str, lookups: FormLookups) -> str | None:
    value = answers.values.get(field_id)
    if is_empty(value):
        return None
    return lookups.user_name(str(value)) or str(value)


def _case_law(ctx: Context, case_id: str, answers: FormAnswers) -> str | None:
    """ "sol" or "lss": the form's own answer, else the investigation's, else None."""
    law = answers.values.get(LAW_FIELD)
    if isinstance(law, str) and law in LAW_REFERENCES:
        return law
    _, investigation = lexsarah.case_answers(ctx, case_id, ReportForm.INVESTIGATION.value)
    law = investigation.values.get(LAW_FIELD)
    return law if isinstance(law, str) and law in LAW_REFERENCES else None


def _reference_lines(ctx: Context, law: str | None, form_reference: str | None) -> tuple[str, ...]:
    """The references as printed, from the reference table.

    The law the activity is run under (both when unknown), the form's own reference and the
    regulations; historical references (replaced laws), unknown codes and references nobody
    has checked yet ("att verifiera") are left out: these documents leave the building."""
    table = references.reference_map(ctx)
    laws = [LAW_REFERENCES[law]] if law else list(LAW_REFERENCES.values())
    codes: list[str] = [*laws]
    own = table.get(form_reference or "")
    if own is not None and not own.historical:
        codes.append(own.code)
    else:
        codes.append(GENERAL_REFERENCE)
    return tuple(_displays(table, dict.fromkeys(codes)))


def _displays(table: dict[str, references.ReferenceView], codes: Iterable[str]) -> list[str]:
    return [
        table[c].reference
        for c in codes
        if c in table and not table[c].historical and table[c].verified_on is not None
    ]


def _cause_measures(
    ctx: Context, view: lexsarah.CaseView, answers: FormAnswers
) -> tuple[MeasureLine, ...]:
    """The measures against recurrence, each with the causes it answers to ("Orsak 1: …").

    Read directly: the case is already opened with its access check, and an investigator may
    not otherwise see the unit's measures."""
    numbers = _cause_numbers(view, answers)
    answers_to: dict[str, list[str]] = {}
    for cause in view.causes:
        for measure_id in cause.measure_ids:
            answers_to.setdefault(measure_id, []).append(
                f"Orsak {numbers[cause.id]}: {cause.description}"
            )
    if not answers_to:
        return ()
    today = date.today()
    next_follow_up = (
        select(FollowUp.measure_id.label("mid"), func.min(FollowUp.planned_on).label("next"))
        .where(FollowUp.archived_at.is_(None), FollowUp.status == FollowUpStatus.PLANNED.value)
        .group_by(FollowUp.measure_id)
        .subquery()
    )
    with ctx.reading() as session:
        rows = session.execute(
            select(Measure, User.name, next_follow_up.c.next)
            .outerjoin(User, User.id == Measure.responsible_id)
            .outerjoin(next_follow_up, next_follow_up.c.mid == Measure.id)
            .where(Measure.id.in_(list(answers_to)), Measure.archived_at.is_(None))
            .order_by(Measure.due_date.is_(None), Measure.due_date, Measure.title)
        ).all()
        texts = follow_up_texts(ctx, [m.id for m, *_ in rows])
        lines = []
        for m, responsible, follow_up_on in rows:
            status = MeasureStatus(m.status)
            lines.append(
                MeasureLine(
                    title=m.title,
                    responsible=responsible,
                    due_date=m.due_date,
                    status=status.value,
                    answers_to="; ".join(answers_to[m.id]),
                    follow_up_on=follow_up_on,
                    overdue=status.is_open and m.due_date is not None and m.due_date < today,
                    completed_on=m.completed_on if status is MeasureStatus.DONE else None,
                    follow_up=texts.get(m.id, "–"),
                )
            )
    return tuple(lines)


def _cause_numbers(view: lexsarah.CaseView, answers: FormAnswers) -> dict[str, int]:
    """Each cause's row number in the printed table of causes (its row key in the answers)."""
    rows = answers.values.get(lexsarah.CAUSES_FIELD)
    numbers: dict[str, int] = {}
    if isinstance(rows, list):
        for number, row in enumerate(rows, start=1):
            if isinstance(row, dict) and row.get(forms.ROW_KEY):
                numbers[str(row[forms.ROW_KEY])] = number
    for position, cause in enumerate(view.causes, start=1):
        numbers.setdefault(cause.id, position)
    return numbers


def report_form_report(ctx: Context, case_id: str) -> LexSarahFormReport:
    return lex_sarah_form_report(ctx, case_id, ReportForm.REPORT)


def investigation_report(ctx: Context, case_id: str) -> LexSarahFormReport:
    return lex_sarah_form_report(ctx, case_id, ReportForm.INVESTIGATION)
