"""Individual consequence assessments made in one record, seen from the group-level analysis
they belong to (a förändring's people assessed on the 4×4 matrix, shown in the overview of
the risk analysis the change is linked to).

A kind that makes such assessments offers them through ``RecordKind.linked_assessments``; the
analysis asks the registry, so neither kind imports the other. The figures cover everyone
assessed; who they are (``individuals``) only those the reader may see."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig, on_scale


@dataclass(frozen=True)
class AssessedIndividual:
    code: str
    probability: int | None
    consequence: int | None
    risks: tuple[str, ...]


@dataclass(frozen=True)
class IndividualAssessmentSummary:
    source: str  # the record the assessments were made in: "IF-2026-0001 Solrosen stängs"
    people: int  # everyone affected in it
    assessed: int  # of whom assessed on the matrix (both values given)
    cells: tuple[tuple[int, int, int], ...]  # (probability, consequence, how many), non-empty
    risks: tuple[tuple[str, int], ...]  # (risk, how many people), most common first
    individuals: tuple[AssessedIndividual, ...] = ()  # only those the reader may see

    def cell_count(self, probability: int, consequence: int) -> int:
        return next((n for p, c, n in self.cells if (p, c) == (probability, consequence)), 0)

    def band_counts(self, matrix: RiskMatrixConfig) -> tuple[tuple[str, int], ...]:
        """(band label, how many) for every band of ``matrix``, lowest first."""
        counts: Counter[str] = Counter()
        for p, c, n in self.cells:
            counts[matrix.band_for(p * c).key] += n
        bands = sorted(matrix.bands, key=lambda b: b.min_score)
        return tuple((band.label, counts[band.key]) for band in bands)


def summarise(
    source: str,
    assessments: Iterable[tuple[int | None, int | None, Iterable[str]]],
    individuals: tuple[AssessedIndividual, ...] = (),
) -> IndividualAssessmentSummary:
    """The counts of ``assessments`` ((probability, consequence, risks) per person)."""
    cells: Counter[tuple[int, int]] = Counter()
    risks: Counter[str] = Counter()
    people = 0
    for probability, consequence, person_risks in assessments:
        people += 1
        if on_scale(probability) and on_scale(consequence):
            cells[(probability, consequence)] += 1
        risks.update(set(person_risks))
    return IndividualAssessmentSummary(
        source=source,
        people=people,
        assessed=sum(cells.values()),
        cells=tuple((p, c, n) for (p, c), n in sorted(cells.items())),
        risks=tuple(sorted(risks.items(), key=lambda item: (-item[1], item[0]))),
        individuals=individuals,
    )
