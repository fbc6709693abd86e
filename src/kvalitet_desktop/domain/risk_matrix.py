"""The 4×4 risk matrix (SOSFS 2011:9 5 kap. 1 §): scale, bands, score.

Scale labels and colour bands are data (``RiskMatrixConfig``): the defaults below are common
municipal practice, not law, and a municipality can change them in the settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeGuard

from kvalitet_desktop.domain.errors import Collector

SCALE = (1, 2, 3, 4)
SCALE_MIN, SCALE_MAX = SCALE[0], SCALE[-1]
SCALE_TEXT = f"{SCALE_MIN}–{SCALE_MAX}"  # how messages name the scale


def on_scale(value: object) -> TypeGuard[int]:
    """True for a probability or consequence the matrix has (bools are not steps)."""
    return isinstance(value, int) and not isinstance(value, bool) and value in SCALE


def clamp_to_scale(value: int) -> int:
    return min(max(value, SCALE_MIN), SCALE_MAX)


def check_cell(probability: int, consequence: int) -> None:
    """Raise ``ValueError`` (a bug, not a user error) for a cell outside the matrix."""
    if not (on_scale(probability) and on_scale(consequence)):
        raise ValueError(
            f"probability and consequence must be {SCALE_TEXT}, got {probability}, {consequence}"
        )


@dataclass(frozen=True)
class RiskBand:
    key: str
    label: str
    min_score: int
    max_score: int
    color: str  # "#rrggbb"

    def contains(self, score: int) -> bool:
        return self.min_score <= score <= self.max_score


@dataclass(frozen=True)
class RiskMatrixConfig:
    """Labels for probability (rows) and consequence (columns) 1–4, and the colour bands."""

    probability_labels: tuple[str, str, str, str] = ("Mycket liten", "Liten", "Stor", "Mycket stor")
    consequence_labels: tuple[str, str, str, str] = (
        "Mindre",
        "Måttlig",
        "Betydande",
        "Katastrofal",
    )
    bands: tuple[RiskBand, ...] = field(
        default_factory=lambda: (
            RiskBand("low", "Låg risk", 1, 3, "#8fd18f"),
            RiskBand("medium", "Medelhög risk", 4, 6, "#f3e27a"),
            RiskBand("high", "Hög risk", 8, 9, "#f4a95c"),
            RiskBand("very_high", "Mycket hög risk", 12, 16, "#e86a6a"),
        )
    )
    # Events scoring at least this need a measure (shown on the dashboard when they lack one).
    action_threshold: int = 8

    def band_for(self, score: int) -> RiskBand:
        for band in self.bands:
            if band.contains(score):
                return band
        # Scores that fall between configured bands take the nearest lower band.
        lower = [b for b in self.bands if b.max_score < score]
        if lower:
            return max(lower, key=lambda b: b.max_score)
        return min(self.bands, key=lambda b: b.min_score)

    def probability_label(self, value: int) -> str:
        return self.probability_labels[value - 1]

    def consequence_label(self, value: int) -> str:
        return self.consequence_labels[value - 1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "probability_labels": list(self.probability_labels),
            "consequence_labels": list(self.consequence_labels),
            "bands": [
                {
                    "key": b.key,
                    "label": b.label,
                    "min_score": b.min_score,
                    "max_score": b.max_score,
                    "color": b.color,
                }
                for b in self.bands
            ],
            "action_threshold": self.action_threshold,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RiskMatrixConfig:
        config = cls(
            probability_labels=_four(data.get("probability_labels"), cls().probability_labels),
            consequence_labels=_four(data.get("consequence_labels"), cls().consequence_labels),
            bands=tuple(
                RiskBand(
                    str(b["key"]),
                    str(b["label"]),
                    int(b["min_score"]),
                    int(b["max_score"]),
                    str(b["color"]),
                )
                for b in data.get("bands", [])
            )
            or cls().bands,
            action_threshold=int(data.get("action_threshold", 8)),
        )
        config.validate()
        return config

    def validate(self) -> None:
        errors = Collector()
        for i, label in enumerate((*self.probability_labels, *self.consequence_labels)):
            if not label.strip():
                errors.add(f"label_{i}", "Varje steg i skalan behöver en benämning.")
        for band in self.bands:
            if band.min_score > band.max_score:
                errors.add(band.key, f"Riskzonen ”{band.label}” har lägre gräns över övre gräns.")
            if not (len(band.color) == 7 and band.color.startswith("#")):
                errors.add(band.key, f"Riskzonen ”{band.label}” har ogiltig färg ({band.color}).")
        possible = {p * c for p in SCALE for c in SCALE}
        uncovered = sorted(s for s in possible if not any(b.contains(s) for b in self.bands))
        if uncovered:
            errors.add(
                "bands",
                "Riskzonerna täcker inte alla möjliga riskvärden: "
                + ", ".join(str(s) for s in uncovered)
                + ".",
            )
        errors.raise_if_any()


def _four(value: Any, default: tuple[str, str, str, str]) -> tuple[str, str, str, str]:
    if isinstance(value, list | tuple) and len(value) == 4:
        return (str(value[0]), str(value[1]), str(value[2]), str(value[3]))
    return default


def risk_score(probability: int, consequence: int) -> int:
    """Riskvärde = sannolikhet × konsekvens (1–16)."""
    check_cell(probability, consequence)
    return probability * consequence


@dataclass(frozen=True)
class Assessment:
    probability: int
    consequence: int

    @property
    def score(self) -> int:
        return risk_score(self.probability, self.consequence)
