"""What users type that the PDF must survive: emoji and other characters the embedded font
lacks, and fields of megabytes (a pasted log). Completion is asserted, never timing."""

from __future__ import annotations

import dataclasses
from typing import Any

from reportlab.graphics import renderPDF

from kvalitet_desktop.reports.charts import bar_chart, horizontal_bars, pareto_chart
from kvalitet_desktop.reports.template import CLIP_LIMIT, MISSING_GLYPH, clip, printable
from kvalitet_desktop.workflows.followups.report import build_follow_up_pdf
from kvalitet_desktop.workflows.measures.report import build_measure_plan_pdf
from kvalitet_desktop.workflows.measures.report_model import UnitMeasures
from kvalitet_desktop.workflows.risk.report import build_risk_analysis_pdf

EMOJI_TITLE = "Fallrisk i trappan 🚨 – åtgärda 👍🏽 snart"  # neither is in DejaVu Sans
HUGE = (
    "Personalen beskriver händelsen utförligt och återkommer till samma sak. " * 30 + "\n\n"
) * (1000)  # about 2 MB
CLIPPED = "Texten är avkortad i utskriften"


def test_characters_the_font_lacks_print_as_a_visible_mark() -> None:
    assert printable("Åsa Öberg ☒ ☐ – ”citat”") == "Åsa Öberg ☒ ☐ – ”citat”"  # all in DejaVu
    assert (
        printable(EMOJI_TITLE)
        == f"Fallrisk i trappan {MISSING_GLYPH} – åtgärda {MISSING_GLYPH} snart"
    )
    family = printable("👨‍👩‍👧")  # three emoji and two (invisible) joiners
    assert family.count(MISSING_GLYPH) == 3 and "👨" not in family


def test_emoji_in_a_risk_analysis_and_a_plan(risk_report: Any, measure_plan: Any, pages) -> None:
    report = dataclasses.replace(risk_report, title=EMOJI_TITLE, scope_description="Se 📎 bilaga")
    text = " ".join(pages(build_risk_analysis_pdf(report)))
    assert "Fallrisk i trappan [?] – åtgärda [?] snart" in text
    assert "Se [?] bilaga" in text
    unit = measure_plan.units[0]
    first = dataclasses.replace(unit.measures[0], title=EMOJI_TITLE)
    plan = dataclasses.replace(
        measure_plan, units=(UnitMeasures(unit.unit, (first, *unit.measures[1:])),)
    )
    assert "åtgärda [?] snart" in " ".join(pages(build_measure_plan_pdf(plan)))


def test_a_long_text_is_cut_with_a_note() -> None:
    assert clip("kort") == "kort"
    cut = clip(HUGE)
    assert len(cut) < CLIP_LIMIT + 200
    assert "de första 50\u00a0000 av 2\u00a0162\u00a0000 tecken visas" in cut


def test_a_2_mb_field_prints_with_a_note(risk_report: Any, measure_plan: Any, pages) -> None:
    texts = pages(build_risk_analysis_pdf(dataclasses.replace(risk_report, scope_description=HUGE)))
    assert any(CLIPPED in t for t in texts)
    assert "Uppdrag och analysteam" in " ".join(texts)  # the rest of the report follows
    unit = measure_plan.units[0]
    first = dataclasses.replace(unit.measures[0], answers_to=HUGE)
    plan = dataclasses.replace(measure_plan, units=(UnitMeasures(unit.unit, (first,)),))
    assert CLIPPED in " ".join(pages(build_measure_plan_pdf(plan)))


def test_a_2_mb_follow_up_result_prints_with_a_note(follow_up: Any, pages) -> None:
    texts = pages(build_follow_up_pdf(dataclasses.replace(follow_up, result=HUGE)))
    assert any(CLIPPED in t for t in texts)


def test_labels_drawn_on_the_risk_matrix_get_the_same_mark(risk_report: Any, pages) -> None:
    labels = ("Liten 🙂", "Viss", "Stor", "Mycket stor 🔥")
    matrix = dataclasses.replace(
        risk_report.matrix, probability_labels=labels, consequence_labels=labels
    )
    text = " ".join(pages(build_risk_analysis_pdf(dataclasses.replace(risk_report, matrix=matrix))))
    assert "Liten [?] (1)" in text and "Mycket stor [?] (4)" in text
    assert "🙂" not in text and "🔥" not in text


def _chart_text(drawing: Any, pages: Any) -> str:
    return " ".join(pages(renderPDF.drawToString(drawing)))


def test_names_on_the_charts_get_the_same_mark(pages) -> None:
    few = bar_chart(["Solrosen 🌻", "Björken"], [[3, 1], [2, 0]], 400, legend=["2025 🎉", "2026"])
    text = _chart_text(few, pages)
    assert "Solrosen [?]" in text and "2025 [?]" in text
    many = bar_chart([f"Enhet {n} 🌻" for n in range(9)], [[1] * 9], 400)
    assert "Enhet 0 [?]" in _chart_text(many, pages)
    pareto = pareto_chart(["Fall 🚑", "Läkemedel"], [4, 1], [80.0, 100.0], 400)
    assert "Fall [?]" in _chart_text(pareto, pages)
    bars = horizontal_bars(["Hemtjänst Öster 🏠", "Gruppbostad Eken"], [5, 2], 400)
    text = _chart_text(bars, pages)
    assert "Hemtjänst Öster [?]" in text and "Gruppbostad Eken" in text
    for drawn in (few, many, pareto, bars):
        assert not any(c in _chart_text(drawn, pages) for c in "🌻🎉🚑🏠")


def test_the_confidentiality_footer_gets_the_same_mark(make_risk_report: Any, pages) -> None:
    report = make_risk_report(events=2, measures=1, confidentiality="Sekretess 🔒 enligt OSL")
    texts = pages(build_risk_analysis_pdf(report))
    assert all("Sekretess [?] enligt OSL" in t for t in texts)
    assert "🔒" not in " ".join(texts)
