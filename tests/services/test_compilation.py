"""Sammanställning och analys: the figures checked against a hand-made database (months,
Pareto order, the comparisons, response times, causes, measures) and who sees what."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from kvalitet_desktop.domain.compilation import Period, check_period
from kvalitet_desktop.domain.errors import PermissionDenied, ValidationFailed
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.reports import render_report
from kvalitet_desktop.reports.compilation_model import (
    Compilation,
    KindSection,
    from_json,
    to_json,
)
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.compilation import (
    compilation_report,
    compile_period,
    pareto_rows,
)
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.complaints.models import Complaint
from kvalitet_desktop.workflows.deviations.models import Deviation, DeviationCause
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase
from kvalitet_desktop.workflows.measures.models import Measure

YEAR = 2025


def _deviation(unit_id: str, day: date, category: str | None, n: int) -> Deviation:
    moment = datetime(day.year, day.month, day.day, 14, 30)
    return Deviation(
        number=f"AV-{day.year}-{n:04d}",
        title=f"Avvikelse {n}",
        unit_id=unit_id,
        status="registrerad",
        occurred_at=moment,
        reported_at=moment,
        reporter_name="Test Testsson",
        description="Något hände.",
        category=category,
    )


def _complaint(unit_id: str, received: date, replied: date | None, n: int) -> Complaint:
    return Complaint(
        number=f"KL-{received.year}-{n:04d}",
        title=f"Klagomål {n}",
        unit_id=unit_id,
        status="besvarad" if replied else "mottagen",
        received_on=received,
        channel="telefon",
        submitter_type="anhörig",
        complaint_kind="klagomål",
        topic="Bemötande" if n % 2 else "Mat",
        description="Synpunkt.",
        reply_due=received + timedelta(days=14),
        replied_on=replied,
        response_days=(replied - received).days if replied else None,
    )


def _lexsarah(unit_id: str, day: date, n: int) -> LexSarahCase:
    return LexSarahCase(
        number=f"LS-{day.year}-{n:04d}",
        title=f"Missförhållande {n}",
        unit_id=unit_id,
        status="rapporterad",
        case_type="missförhållande",
        category="Bemötande",
        reporter_name="Rapportör",
        reported_at=datetime(day.year, day.month, day.day, 9),
    )


@pytest.fixture
def filled(admin: Context, unit_id: str, other_unit_id: str) -> Context:
    """Deviations in 2025 (Jan 3, Feb 2, Mar 1), one in December 2024 (the period before)
    and two in Jan–Mar 2024 (a year earlier); complaints with known response times; causes;
    a lex Sarah case; an open measure whose follow-up found no effect."""
    with admin.unit_of_work() as uow:
        s = uow.session
        rows: list[object] = []
        plan = [
            (date(YEAR, 1, 5), "Läkemedel", unit_id),
            (date(YEAR, 1, 9), "Läkemedel", unit_id),
            (date(YEAR, 1, 30), "Fall", other_unit_id),
            (date(YEAR, 2, 2), "Läkemedel", unit_id),
            (date(YEAR, 2, 28), None, unit_id),
            (date(YEAR, 3, 31), "Fall", unit_id),
            (date(YEAR - 1, 12, 20), "Fall", unit_id),  # the period before
            (date(YEAR - 1, 2, 1), "Fall", unit_id),  # a year earlier
            (date(YEAR - 1, 3, 1), "Fall", unit_id),
            (date(YEAR, 4, 1), "Fall", unit_id),  # after the period
        ]
        for n, (day, category, unit) in enumerate(plan, start=1):
            rows.append(_deviation(unit, day, category, n))
        s.add_all(rows)
        s.flush()
        first = rows[0]
        assert isinstance(first, Deviation)
        s.add_all(
            [
                DeviationCause(deviation_id=first.id, description="Rutin saknas", level="system"),
                DeviationCause(deviation_id=first.id, description="Stress", level="individ"),
            ]
        )
        s.add_all(
            [
                _complaint(unit_id, date(YEAR, 1, 10), date(YEAR, 1, 14), 1),  # 4 days
                _complaint(unit_id, date(YEAR, 2, 1), date(YEAR, 2, 21), 2),  # 20: late
                _complaint(unit_id, date(YEAR, 3, 1), date(YEAR, 3, 11), 3),  # 10 days
                _complaint(unit_id, date(YEAR, 3, 20), None, 4),
            ]
        )
        s.add(_lexsarah(unit_id, date(YEAR, 2, 10), 1))
        measure = Measure(unit_id=unit_id, title="Ny rutin för läkemedel", status="pågående")
        s.add(measure)
        s.flush()
        s.add(
            FollowUp(
                measure_id=measure.id,
                unit_id=unit_id,
                planned_on=date(YEAR, 3, 1),
                status="genomförd",
                performed_on=date(YEAR, 3, 2),
                effect="nej",
            )
        )
    return admin


def _section(compilation: Compilation, title: str) -> KindSection:
    return next(s for s in compilation.sections if s.title == title)


def _facts(section: KindSection) -> dict[str, str]:
    return {f.label: f.value for f in section.facts}


def test_deviations_per_month_pareto_and_comparisons(filled: Context) -> None:
    result = compile_period(filled, date(YEAR, 1, 1), date(YEAR, 3, 31))
    deviations = _section(result, "Avvikelser")
    assert deviations.total == 6
    assert [(m.label, m.count) for m in deviations.per_month] == [
        ("jan 2025", 3),
        ("feb 2025", 2),
        ("mar 2025", 1),
    ]
    assert result.previous == Period(date(YEAR - 1, 10, 1), date(YEAR - 1, 12, 31))
    assert deviations.previous == 1
    assert deviations.year_earlier == 2
    assert [(p.category, p.count, p.cumulative_percent) for p in deviations.pareto] == [
        ("Läkemedel", 3, 50.0),
        ("Fall", 2, 83.3),
        ("Ingen angiven", 1, 100.0),
    ]
    assert [(u.unit, u.count) for u in deviations.per_unit] == [
        ("Daglig verksamhet Solrosen", 5),
        ("Hemtjänst Öster", 1),
    ]
    assert [(c.level, c.count) for c in deviations.causes] == [
        ("Individnivå", 1),
        ("Verksamhetsnivå", 0),
        ("Systemnivå", 1),
    ]
    assert [(c.level, c.count) for c in result.causes][2] == ("Systemnivå", 1)


def test_one_unit_only(filled: Context, other_unit_id: str) -> None:
    result = compile_period(filled, date(YEAR, 1, 1), date(YEAR, 3, 31), [other_unit_id])
    assert _section(result, "Avvikelser").total == 1
    assert _section(result, "Klagomål och synpunkter").total == 0
    assert result.scope == "Enheter: Hemtjänst Öster"


def test_complaint_response_times(filled: Context) -> None:
    result = compile_period(filled, date(YEAR, 1, 1), date(YEAR, 3, 31))
    complaints = _section(result, "Klagomål och synpunkter")
    facts = _facts(complaints)
    assert complaints.total == 4
    assert facts["Median svarstid"] == "10 dagar"
    assert facts["Besvarade inom svarsmålet"] == "50 % (2 av 4)"
    assert facts["Ännu obesvarade"] == "1"
    assert [(p.category, p.count) for p in complaints.pareto] == [("Bemötande", 2), ("Mat", 2)]


def test_measures_open_and_without_effect(filled: Context) -> None:
    result = compile_period(filled, date(YEAR, 1, 1), date(YEAR, 3, 31))
    follow_ups = dict(
        (f.label, f.value) for f in _section(result, "Uppföljningar (genomförda)").facts
    )
    assert follow_ups["Åtgärder vars uppföljning inte visade effekt"] == "1"
    assert follow_ups["Utan effekt"] == "Ny rutin för läkemedel"
    measures = _facts(_section(result, "Åtgärder (påbörjade)"))
    assert measures["Öppna åtgärder i dag (alla)"] == "1"


def _user(admin: Context, login: str, role: Role, unit_id: str) -> Context:
    organisation.save_user(
        admin, organisation.UserInput(login, login.title(), None, [role], [unit_id])
    )
    return Context.for_login(admin.db, login)


def test_lex_sarah_in_full_for_readers_counts_for_coordinators(
    filled: Context, unit_id: str
) -> None:
    period = (date(YEAR, 1, 1), date(YEAR, 3, 31))
    full = _section(compile_period(filled, *period), "Lex Sarah-ärenden")
    assert full.detail and full.total == 1 and full.pareto[0].category == "Bemötande"

    coordinator = _user(filled, "samordnare", Role.QUALITY_COORDINATOR, unit_id)
    counted = _section(compile_period(coordinator, *period), "Lex Sarah-ärenden")
    assert not counted.detail
    assert counted.total == 1
    assert [m.count for m in counted.per_month] == [0, 1, 0]
    assert counted.pareto == () and counted.per_unit == () and counted.causes == ()

    chef = _user(filled, "chef", Role.UNIT_MANAGER, unit_id)
    titles = [s.title for s in compile_period(chef, *period).sections]
    assert "Lex Sarah-ärenden" not in titles
    assert "Avvikelser" in titles


def test_unit_manager_sees_own_units_only(
    filled: Context, unit_id: str, other_unit_id: str
) -> None:
    chef = _user(filled, "chef", Role.UNIT_MANAGER, unit_id)
    result = compile_period(chef, date(YEAR, 1, 1), date(YEAR, 3, 31))
    assert _section(result, "Avvikelser").total == 5
    with pytest.raises(PermissionDenied):
        compile_period(chef, date(YEAR, 1, 1), date(YEAR, 3, 31), [other_unit_id])


def test_staff_may_not_compile(filled: Context, unit_id: str) -> None:
    staff = _user(filled, "medarbetare", Role.STAFF, unit_id)
    with pytest.raises(PermissionDenied):
        compile_period(staff, date(YEAR, 1, 1), date(YEAR, 3, 31))


def test_area_compiles_its_units(filled: Context) -> None:
    tree = organisation.organisation_tree(filled)
    area = tree[0].areas[1]
    result = compile_period(filled, date(YEAR, 1, 1), date(YEAR, 3, 31), area_id=area.id)
    assert result.scope == f"Verksamhetsområde: {area.name}"
    assert _section(result, "Avvikelser").total == 1


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (None, date(YEAR, 1, 1), "start"),
        (date(YEAR, 2, 1), date(YEAR, 1, 1), "end"),
        (date(1800, 1, 1), date(YEAR, 1, 1), "start"),
        (date(2000, 1, 1), date(YEAR, 1, 1), "end"),  # longer than 60 months
    ],
)
def test_bad_periods_are_refused_at_their_field(start: object, end: object, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_period(start, end)
    assert [e.field for e in caught.value.errors] == [field]


def test_previous_period_of_days_and_of_whole_months() -> None:
    assert Period(date(2025, 1, 10), date(2025, 1, 19)).previous() == Period(
        date(2024, 12, 31), date(2025, 1, 9)
    )
    assert Period(date(2025, 1, 1), date(2025, 12, 31)).previous() == Period(
        date(2024, 1, 1), date(2024, 12, 31)
    )
    assert Period(date(2025, 2, 1), date(2025, 3, 31)).previous() == Period(
        date(2024, 12, 1), date(2025, 1, 31)
    )


def test_year_earlier_of_a_leap_day() -> None:
    assert Period(date(2024, 2, 29), date(2024, 2, 29)).year_earlier() == Period(
        date(2023, 2, 28), date(2023, 2, 28)
    )


def test_pareto_ties_by_name() -> None:
    rows = pareto_rows(["b", "a", "b", "a", "c"])
    assert [r.category for r in rows] == ["a", "b", "c"]
    assert rows[-1].cumulative_percent == 100.0


def test_the_model_goes_to_json_and_back(filled: Context) -> None:
    result = compile_period(filled, date(YEAR, 1, 1), date(YEAR, 3, 31))
    assert from_json(to_json(result)) == result
    with pytest.raises(ValueError):
        from_json('{"period": 1}')


def _pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def test_the_pdf_holds_the_figures(filled: Context) -> None:
    report = compilation_report(filled, None, date(YEAR, 1, 1), date(YEAR, 3, 31))
    text = _pdf_text(render_report(report))
    assert "Sammanställning och analys" in text
    assert "2025-01-01 – 2025-03-31 · Alla enheter" in text
    # The overview row of the deviations: 6 now, 1 the quarter before, 2 a year earlier.
    assert "Avvikelser 6 1 +5 (+500 %) 2 +4 (+200 %)" in text
    # The months as a table, the Pareto with its cumulative share, the units.
    assert "Antal 3 2 1" in text
    assert "Läkemedel 3 50,0 %" in text
    assert "Fall 2 83,3 %" in text
    assert "Daglig verksamhet Solrosen 5" in text
    assert "Median svarstid 10 dagar" in text
    assert "Systemnivå 1" in text
    assert "Ny rutin för läkemedel" in text


def test_the_pdf_of_counts_only_says_so(filled: Context, unit_id: str) -> None:
    coordinator = _user(filled, "samordnare", Role.QUALITY_COORDINATOR, unit_id)
    report = compilation_report(coordinator, None, date(YEAR, 1, 1), date(YEAR, 3, 31))
    text = _pdf_text(render_report(report))
    assert "Du ser bara hur många ärendena var och när" in text
    assert "Anmälda till IVO" not in text
