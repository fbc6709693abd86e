"""Follow-ups (uppföljningar): method, effect and the individuals' own experience."""

from __future__ import annotations

from enum import StrEnum


class FollowUpStatus(StrEnum):
    PLANNED = "planerad"
    DONE = "genomförd"


class Effect(StrEnum):
    YES = "ja"
    PARTLY = "delvis"
    NO = "nej"
    UNKNOWN = "går inte att bedöma"


class Outcome(StrEnum):
    CLOSED = "avslutad"
    NEW_MEASURE = "ny åtgärd"
    NEW_RISK_ANALYSIS = "ny riskanalys"


class GatheredBy(StrEnum):
    CONVERSATION = "samtal"
    SURVEY = "enkät"
    RELATIVE = "via närstående"


class Dimension(StrEnum):
    """The five dimensions of the individual's own experience."""

    SAFETY = "trygghet"
    TREATMENT = "bemötande"
    STRESS = "stress"
    CONTINUITY = "kontinuitet"
    PARTICIPATION = "delaktighet"

    @property
    def question(self) -> str:
        return DIMENSION_QUESTIONS[self]


DIMENSION_QUESTIONS: dict[Dimension, str] = {
    Dimension.SAFETY: "Känner sig personen trygg?",
    Dimension.TREATMENT: "Upplever personen ett gott bemötande?",
    Dimension.STRESS: "Upplever personen lugn, utan onödig stress?",
    Dimension.CONTINUITY: "Har personen kontinuitet i personal och kontakter?",
    Dimension.PARTICIPATION: "Känner sig personen delaktig och lyssnad på?",
}

# 1–5: how well the statement behind the dimension holds, in the individual's own words.
RATING_LABELS: dict[int, str] = {
    1: "Inte alls",
    2: "Sällan",
    3: "Ibland",
    4: "Oftast",
    5: "Helt",
}


def rating_label(value: int | None) -> str:
    if value is None:
        return "Ej besvarad"
    return f"{value} – {RATING_LABELS[value]}"


# A measure decided after a follow-up answers to it (measure_links.kind).
FOLLOW_UP_LINK = "uppföljning"
