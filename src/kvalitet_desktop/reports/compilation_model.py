"""The one data model of a Sammanställning och analys: the view's charts and tables, the PDF
and a signed analysis' frozen figures are all drawn from it.

It is plain frozen data, every text already Swedish and ready to show, and it goes to and
from JSON (``to_json``/``from_json``) so an analysis keeps the figures it was written against.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from kvalitet_desktop.domain.compilation import Fact, Period
from kvalitet_desktop.reports.model import ReportHeader

JSON_VERSION = 1


@dataclass(frozen=True)
class MonthCount:
    year: int
    month: int
    label: str  # "jan 2026"
    count: int


@dataclass(frozen=True)
class ParetoRow:
    category: str
    count: int
    cumulative_percent: float  # of the section's records with a category, this row included


@dataclass(frozen=True)
class UnitCount:
    unit: str
    count: int


@dataclass(frozen=True)
class LevelCount:
    level: str  # "Individ", "Verksamhet", "System"
    count: int


@dataclass(frozen=True)
class KindSection:
    """One contributing kind's figures for the period."""

    title: str
    total: int
    previous: int  # the period of the same length before
    year_earlier: int  # the same period one year earlier
    per_month: tuple[MonthCount, ...]
    pareto: tuple[ParetoRow, ...]
    per_unit: tuple[UnitCount, ...]
    causes: tuple[LevelCount, ...]
    facts: tuple[Fact, ...]
    category_label: str | None
    detail: bool  # False: counts only (the user may not see more of this kind)
    short_title: str = ""  # where room is short (a chart's axis); the title if empty

    @property
    def axis_title(self) -> str:
        return self.short_title or self.title


@dataclass(frozen=True)
class Compilation:
    """The figures of a period, for the chosen units (``scope`` says which, in words)."""

    period: Period
    previous: Period
    year_earlier: Period
    scope: str  # "Alla enheter", "Enhet: Solgården", "Verksamhetsområde: Äldreomsorg"
    sections: tuple[KindSection, ...]
    causes: tuple[LevelCount, ...]  # every section's causes by level, added up
    compiled_on: date


@dataclass(frozen=True)
class CompilationReport:
    """The PDF's input: the figures, and a signed analysis' text when printed with one."""

    header: ReportHeader
    compilation: Compilation
    analysis: AnalysisText | None = None


@dataclass(frozen=True)
class AnalysisText:
    """What the coordinator wrote against the figures, and who signed it when."""

    number: str
    analysis: str
    improvements: str
    signed_by: str | None
    signed_on: date | None
    frozen_note: str | None = None  # e.g. "Siffrorna är de som gällde när analysen skrevs."


# --- to and from JSON --------------------------------------------------------------------


def to_json(compilation: Compilation) -> str:
    data = asdict(compilation)
    data["version"] = JSON_VERSION
    return json.dumps(data, default=_encode, ensure_ascii=False, sort_keys=True)


def _encode(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def from_json(text: str) -> Compilation:
    """The compilation stored by ``to_json``; ``ValueError`` if the text is not one."""
    try:
        data = json.loads(text)
        return Compilation(
            period=_period(data["period"]),
            previous=_period(data["previous"]),
            year_earlier=_period(data["year_earlier"]),
            scope=str(data["scope"]),
            sections=tuple(_section(s) for s in data["sections"]),
            causes=tuple(LevelCount(**c) for c in data["causes"]),
            compiled_on=date.fromisoformat(data["compiled_on"]),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a stored compilation: {exc}") from exc


def _period(data: dict[str, Any]) -> Period:
    return Period(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]))


def _section(data: dict[str, Any]) -> KindSection:
    return KindSection(
        title=str(data["title"]),
        total=int(data["total"]),
        previous=int(data["previous"]),
        year_earlier=int(data["year_earlier"]),
        per_month=tuple(MonthCount(**m) for m in data["per_month"]),
        pareto=tuple(ParetoRow(**p) for p in data["pareto"]),
        per_unit=tuple(UnitCount(**u) for u in data["per_unit"]),
        causes=tuple(LevelCount(**c) for c in data["causes"]),
        facts=tuple(Fact(**f) for f in data["facts"]),
        category_label=data["category_label"],
        detail=bool(data["detail"]),
        # Figures frozen before short titles existed: the title.
        short_title=str(data.get("short_title") or ""),
    )
