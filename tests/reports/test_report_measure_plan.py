"""Åtgärdsplan PDF: one section per unit, overdue marking, counts and empty states."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

from pypdf import PdfReader

from kvalitet_desktop.workflows.measures.report import build_measure_plan_pdf, status_summary
from kvalitet_desktop.workflows.measures.report_model import (
    MeasureLine,
    MeasurePlanReport,
    UnitMeasures,
)

TABLE_HEADER = "Åtgärd Ansvarig Klart senast Status Svarar mot Uppföljning"


def test_each_unit_and_its_measures_are_listed(measure_plan, pages) -> None:
    texts = pages(build_measure_plan_pdf(measure_plan))
    text = " ".join(texts)
    assert len(texts) >= 3
    for unit in measure_plan.units:
        assert unit.unit in text
        for measure in unit.measures:
            assert measure.title in text, measure.title
            assert measure.answers_to is not None
            assert measure.answers_to in text
    assert "Enheten har inga åtgärder att visa." in text  # Korttidsboende Björkö
    # The table header repeats on every page of a long table.
    assert sum(TABLE_HEADER in t for t in texts) >= 3
    assert "Märta Öhman" in text
    assert "Göran Ågren, enhetschef" in text


def test_page_furniture_in_landscape(measure_plan, pages) -> None:
    pdf = build_measure_plan_pdf(measure_plan)
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)
    texts = pages(pdf)
    for number, text in enumerate(texts, start=1):
        assert "Exempelkommun Älvsåker" in text
        assert "Åtgärdsplan" in text
        assert "Utskriven 2024-05-17 av Åsa Öberg-Lindqvist" in text
        assert measure_plan.header.confidentiality in text
        assert f"Sida {number} av {len(texts)}" in text


def test_no_confidentiality_line_when_none(measure_plan, pages) -> None:
    header = dataclasses.replace(measure_plan.header, confidentiality=None)
    texts = pages(build_measure_plan_pdf(dataclasses.replace(measure_plan, header=header)))
    assert all("Sekretess" not in t for t in texts)


def test_overdue_measures_are_marked(measure_plan, pages) -> None:
    text = " ".join(pages(build_measure_plan_pdf(measure_plan)))
    overdue = [m for u in measure_plan.units for m in u.measures if m.overdue]
    assert overdue
    marked = text.count("Planerad (försenad)") + text.count("Pågående (försenad)")
    assert marked == len(overdue)


def test_counts_per_status(measure_plan, pages) -> None:
    text = " ".join(pages(build_measure_plan_pdf(measure_plan)))
    solrosen = measure_plan.units[0].measures
    summary = status_summary(solrosen)
    assert summary.startswith(f"Totalt {len(solrosen)} åtgärder: ")
    assert summary in text
    assert status_summary(measure_plan.units[1].measures) in text
    counted = {s: sum(m.status == s for m in solrosen) for s in ("planerad", "genomförd")}
    assert f"{counted['planerad']} planerade" in summary
    assert f"{counted['genomförd']} genomförda" in summary


def test_status_summary_wording() -> None:
    one = MeasureLine("Åtgärd", None, None, "genomförd", None, None)
    late = MeasureLine("Sen", None, None, "planerad", None, None, overdue=True)
    assert status_summary([one]) == (
        "Totalt 1 åtgärd: 0 planerade, 0 pågående, 1 genomförd, 0 avbrutna."
    )
    assert status_summary([one, late]).endswith(
        "1 planerad, 0 pågående, 1 genomförd, 0 avbrutna. 1 är försenad."
    )


def test_empty_plan(empty_measure_plan, pages) -> None:
    texts = pages(build_measure_plan_pdf(empty_measure_plan))
    assert len(texts) == 1
    assert "Det finns inga åtgärder att visa." in texts[0]
    assert "Sida 1 av 1" in texts[0]
    units_without_measures = MeasurePlanReport(
        header=empty_measure_plan.header, units=(UnitMeasures("Gruppbostad Ängen", ()),)
    )
    text = pages(build_measure_plan_pdf(units_without_measures))[0]
    assert "Det finns inga åtgärder att visa." in text


def test_units_follow_one_another_without_a_page_each(measure_plan, pages) -> None:
    """Eight units of six measures fill fewer pages than there are units: a unit starts on
    the page where the one before it ends."""
    sample = measure_plan.units[0].measures
    units = [
        UnitMeasures(
            f"Enhet {n}",
            tuple(
                dataclasses.replace(m, title=f"Åtgärd {n}.{i}") for i, m in enumerate(sample[:6])
            ),
        )
        for n in range(1, 9)
    ]
    texts = pages(build_measure_plan_pdf(dataclasses.replace(measure_plan, units=tuple(units))))
    assert len(texts) < len(units)
    starts = [
        next(i for i, t in enumerate(texts) if f"Enhet {n} Totalt 6 åtgärder" in t)
        for n in range(1, 9)
    ]
    assert len(set(starts)) < len(starts)  # some page starts a second unit
    for unit in units:
        for measure in unit.measures:
            assert any(measure.title in t for t in texts), measure.title
    assert sum(t.count(TABLE_HEADER) for t in texts) >= len(units)


def test_completion_dates_follow_ups_and_signatures(measure_plan, pages) -> None:
    done = MeasureLine(
        "Veckobrev till närstående",
        "Tove Sundberg",
        date(2026, 6, 27),
        "genomförd",
        "Händelse 4",
        None,
        completed_on=date(2026, 6, 20),
        follow_up="Uppföljd 2026-08-16 · effekt: delvis",
    )
    planned = dataclasses.replace(
        done,
        title="Fast telefontid",
        status="pågående",
        completed_on=None,
        follow_up="Planerad 2026-12-01",
    )
    plan = dataclasses.replace(measure_plan, units=(UnitMeasures("Björkgården", (done, planned)),))
    texts = pages(build_measure_plan_pdf(plan))
    text = " ".join(texts)
    assert "Genomförd 2026-06-20" in text
    assert "Uppföljd 2026-08-16 · effekt: delvis" in text
    assert "Planerad 2026-12-01" in text
    assert "Pågående" in text and " pågående 2026" not in text
    last = texts[-1]
    assert "Underskrifter" in last and "Upprättad av" in last and "Fastställd av" in last
    assert "Fast telefontid" in last  # the last row stays with the signature lines


def test_a_long_plan_ends_with_its_last_rows_and_the_signatures(measure_plan, pages) -> None:
    plan = dataclasses.replace(measure_plan, units=measure_plan.units[:1])  # 34 measures
    texts = pages(build_measure_plan_pdf(plan))
    assert len(texts) >= 3
    last = plan.units[0].measures[-1]
    assert last.title in texts[-1] and "Fastställd av" in texts[-1]
