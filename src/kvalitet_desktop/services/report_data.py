"""Builds the report dataclasses from the database; the reports package draws them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kvalitet_desktop.domain.dates import month_name
from kvalitet_desktop.domain.errors import NotFound, RuleViolation
from kvalitet_desktop.domain.followup import Dimension, FollowUpStatus, rating_label
from kvalitet_desktop.domain.forms import FormAnswers, FormLookups, is_empty
from kvalitet_desktop.domain.lex_sarah import CaseStatus, CauseLevel, ReportForm
from kvalitet_desktop.domain.measures import LinkKind, MeasureStatus
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
from kvalitet_desktop.services import (
    followups,
    forms,
    lexsarah,
    measures,
    organisation,
    references,
    risk,
    settings,
)
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import FollowUp, Measure, Municipality, Unit, User

LEX_SARAH_KINDS = ("lexsarah-rapport", "lexsarah-utredning", "ivo-anmalan", "lexsarah-apt")
REPORT_KINDS = ("riskanalys", "uppfoljning", "atgardsplan", *LEX_SARAH_KINDS)


def _header(ctx: Context, title: str, unit: str | None, *, personal: bool) -> ReportHeader:
    return ReportHeader(
        municipality=organisation.municipality(ctx).name,
        unit=unit,
        title=title,
        printed_on=date.today(),
        printed_by=ctx.actor.name,
        confidentiality=settings.confidentiality_line(ctx) if personal else None,
    )


def build_report(
    ctx: Context, kind: str, record_id: str | None = None, unit_id: str | None = None
) -> Report:
    """``kind``: "riskanalys", "uppfoljning" or one of ``LEX_SARAH_KINDS`` (need
    ``record_id``; for lex Sarah the case id) or "atgardsplan"."""
    if kind == "riskanalys":
        return risk_analysis_report(ctx, _need(record_id))
    if kind == "uppfoljning":
        return follow_up_report(ctx, _need(record_id))
    if kind == "atgardsplan":
        return measure_plan_report(ctx, unit_id)
    if kind == "lexsarah-rapport":
        return lex_sarah_form_report(ctx, _need(record_id), ReportForm.REPORT)
    if kind == "lexsarah-utredning":
        return lex_sarah_form_report(ctx, _need(record_id), ReportForm.INVESTIGATION)
    if kind == "ivo-anmalan":
        return ivo_notification_report(ctx, _need(record_id))
    if kind == "lexsarah-apt":
        return lex_sarah_apt_report(ctx, _need(record_id))
    raise NotFound(f"Okänd rapport: {kind}. Välj någon av {', '.join(REPORT_KINDS)}.")


def _need(record_id: str | None) -> str:
    if not record_id:
        raise NotFound("Ange vilken post rapporten gäller (--id).")
    return record_id


def risk_analysis_report(ctx: Context, analysis_id: str) -> RiskAnalysisReport:
    view = risk.get_analysis(ctx, analysis_id)
    matrix = settings.risk_matrix(ctx)
    numbers = {e.id: e.number for e in view.events}
    measure_lines: list[MeasureLine] = []
    for measure_id in dict.fromkeys(m.id for m in view.measures):
        m = measures.get_measure(ctx, measure_id)
        answers = [
            f"Händelse {numbers[link.target_id]}"
            for link in m.links
            if link.kind is LinkKind.RISK_EVENT and link.target_id in numbers
        ]
        measure_lines.append(_measure_line(m, ", ".join(answers) or "Hela analysen"))
    return RiskAnalysisReport(
        header=_header(
            ctx, "Riskanalys", view.unit_name, personal=view.individual_code is not None
        ),
        matrix=matrix,
        title=view.title,
        status=view.status.value,
        scope_kind=view.scope_kind.value,
        scope_description=view.scope_description,
        trigger=view.trigger.value,
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
    )


def _measure_line(m: measures.MeasureView, answers_to: str | None) -> MeasureLine:
    planned = [f.planned_on for f in m.follow_ups if f.status.value == "planerad"]
    return MeasureLine(
        title=m.title,
        responsible=m.responsible_name,
        due_date=m.due_date,
        status=m.status.value,
        answers_to=answers_to,
        follow_up_on=min(planned) if planned else None,
        overdue=m.overdue,
    )


def measure_plan_report(ctx: Context, unit_id: str | None = None) -> MeasurePlanReport:
    """Every current measure per unit the user may see (one unit if ``unit_id``).

    One session and a handful of queries, however many measures there are.
    """
    if unit_id is not None:
        ctx.require_unit(unit_id)
    visible = ctx.visible_units()
    today = date.today()
    with ctx.reading() as session:
        unit_title = None
        if unit_id is not None:
            unit = session.get(Unit, unit_id)
            if unit is None:
                raise NotFound("Enheten finns inte.")
            unit_title = unit.name
        next_follow_up = (
            select(FollowUp.measure_id.label("mid"), func.min(FollowUp.planned_on).label("next"))
            .where(FollowUp.archived_at.is_(None), FollowUp.status == FollowUpStatus.PLANNED.value)
            .group_by(FollowUp.measure_id)
            .subquery()
        )
        query = (
            select(Measure, Unit.name, User.name, next_follow_up.c.next)
            .join(Unit, Unit.id == Measure.unit_id)
            .outerjoin(User, User.id == Measure.responsible_id)
            .outerjoin(next_follow_up, next_follow_up.c.mid == Measure.id)
            .where(Measure.archived_at.is_(None))
            .options(selectinload(Measure.links))
            .order_by(Unit.name, Measure.due_date.is_(None), Measure.due_date, Measure.title)
        )
        if unit_id is not None:
            query = query.where(Measure.unit_id == unit_id)
        elif visible is not None:
            query = query.where(Measure.unit_id.in_(visible))
        grouped: dict[str, list[MeasureLine]] = {}
        for m, unit_name, responsible, follow_up_on in session.execute(query):
            status = MeasureStatus(m.status)
            answers = "; ".join(
                measures.describe_link(session, LinkKind(link.kind), link.target_id).text
                for link in m.links
            )
            grouped.setdefault(unit_name, []).append(
                MeasureLine(
                    title=m.title,
                    responsible=responsible,
                    due_date=m.due_date,
                    status=status.value,
                    answers_to=answers or None,
                    follow_up_on=follow_up_on,
                    overdue=status.is_open and m.due_date is not None and m.due_date < today,
                )
            )
    return MeasurePlanReport(
        header=_header(ctx, "Åtgärdsplan", unit_title, personal=False),
        units=tuple(UnitMeasures(name, tuple(lines)) for name, lines in grouped.items()),
    )


def follow_up_report(ctx: Context, follow_up_id: str) -> FollowUpReport:
    view = followups.get_follow_up(ctx, follow_up_id)
    return FollowUpReport(
        header=_header(ctx, "Uppföljning", view.unit_name, personal=bool(view.voices)),
        measure_title=view.measure_title,
        measure_description=view.measure_description,
        measure_status=view.measure_status,
        answers_to="; ".join(view.answers_to) or None,
        planned_on=view.planned_on,
        performed_on=view.performed_on,
        method=view.method,
        responsible=view.responsible_name,
        status=view.status.value,
        result=view.result,
        effect=view.effect.value if view.effect else None,
        effect_comment=view.effect_comment,
        outcome=view.outcome.value if view.outcome else None,
        outcome_text=view.outcome_text,
        voices=tuple(
            VoiceLine(
                individual_code=v.individual_code,
                gathered_by=v.gathered_by.value,
                comment=v.comment,
                ratings=tuple(
                    RatingLine(
                        d.value,
                        d.question,
                        rating_label(v.ratings[d].rating if d in v.ratings else None),
                        v.ratings[d].comment if d in v.ratings else None,
                    )
                    for d in Dimension
                ),
            )
            for v in view.voices
        ),
    )


# --------------------------------------------------------------------------- lex Sarah

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
            ("Utredare", _user_answer(answers, "utredare", lookups) or view.investigator_name),
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
    )


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
    elif not view.may_notify_ivo and view.ivo_notified_on is None:
        raise RuleViolation(
            "Anmälan till IVO skrivs bara ut för ärenden som bedöms som allvarliga – ett "
            "allvarligt missförhållande eller en påtaglig risk för ett allvarligt "
            "missförhållande."
        )
    with ctx.reading() as session:
        county = session.scalar(select(Municipality.county))
    department = references.department_for_county(ctx, county)
    return IvoNotificationReport(
        header=_header(ctx, f"Anmälan till IVO {view.number}", view.unit_name, personal=True),
        case_number=view.number,
        form=form,
        answers=answers,
        lookups=form_lookups(ctx),
        department=department.name if department else None,
        department_address=department.postal_address if department else None,
        references=_reference_lines(ctx, _case_law(ctx, case_id, answers), form.reference),
    )


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
        ("Utredare", view.investigator_name),
        ("Bedömning", view.seriousness.value if view.seriousness else "Inte bedömd än"),
    ]
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
    """The references as printed (unverified ones marked), from the reference table.

    The law the activity is run under (both when unknown), the form's own reference and the
    regulations; historical references (replaced laws) and unknown codes are left out."""
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
    return [table[c].display for c in codes if c in table and not table[c].historical]


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
