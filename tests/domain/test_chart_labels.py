"""Chart labels on two short lines: whole words, a long word broken only at its soft hyphen,
and frozen figures from before short titles still reading as their titles."""

from __future__ import annotations

import json
from datetime import date

from kvalitet_desktop.domain.chart_labels import label_lines
from kvalitet_desktop.domain.compilation import Period
from kvalitet_desktop.reports.compilation_model import (
    Compilation,
    KindSection,
    from_json,
    to_json,
)


def test_short_labels_stay_on_one_line() -> None:
    assert label_lines("Avvikelser", 11) == ["Avvikelser"]
    assert label_lines("Egen\u00adkontroller", 20) == ["Egenkontroller"]


def test_words_are_kept_whole_on_two_lines() -> None:
    assert label_lines("Klagomål och synpunkter", 14) == ["Klagomål och", "synpunkter"]
    assert label_lines("Bristande bemötande av närstående", 14) == [
        "Bristande",
        "bemötande av …",
    ]


def test_a_long_word_breaks_only_at_its_soft_hyphen() -> None:
    assert label_lines("Egen\u00adkontroller", 11) == ["Egen-", "kontroller"]
    assert label_lines("Upp\u00adföljningar", 11) == ["Upp-", "följningar"]
    assert label_lines("Läkemedelshantering", 11) == ["Läkemedels…"]


def _section(title: str, short: str = "") -> KindSection:
    return KindSection(title, 3, 2, 1, (), (), (), (), (), None, True, short)


def test_frozen_figures_without_short_titles_read_their_titles() -> None:
    period = Period(date(2025, 1, 1), date(2025, 12, 31))
    compilation = Compilation(
        period,
        period,
        period,
        "Alla enheter",
        (_section("Klagomål och synpunkter", "Klagomål"),),
        (),
        date(2026, 1, 10),
    )
    data = json.loads(to_json(compilation))
    assert from_json(json.dumps(data)).sections[0].axis_title == "Klagomål"
    del data["sections"][0]["short_title"]  # as frozen by the first release of analyses
    assert from_json(json.dumps(data)).sections[0].axis_title == "Klagomål och synpunkter"
