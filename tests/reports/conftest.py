"""Realistic Swedish sample reports for the PDF tests (and for looking at the output)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig
from kvalitet_desktop.reports.model import ReportHeader
from kvalitet_desktop.workflows.followups.report_model import FollowUpReport, RatingLine, VoiceLine
from kvalitet_desktop.workflows.measures.report_model import (
    MeasureLine,
    MeasurePlanReport,
    UnitMeasures,
)
from kvalitet_desktop.workflows.risk.report_model import (
    AssessmentLine,
    RiskAnalysisReport,
    RiskEventLine,
    TeamMemberLine,
)

CONFIDENTIAL = "Sekretess enligt 26 kap. 1 § OSL – får inte lämnas ut utan sekretessprövning"
MUNICIPALITY = "Exempelkommun Älvsåker"
UNIT = "Daglig verksamhet Solrosen – Öster"
PRINTED_BY = "Åsa Öberg-Lindqvist"
PRINTED_ON = date(2024, 5, 17)

LONG_TEXT = (
    "Under sommarmånaderna är ordinarie personal på semester och vikarier som inte känner "
    "deltagarna arbetar ensamma på eftermiddagarna. Det har hänt att överlämningen mellan "
    "förmiddags- och eftermiddagspersonal inte blir av, vilket gör att viktig information om "
    "mående, måltider och läkemedel går förlorad & att rutinen <överlämning> inte följs. "
    "Några deltagare har uttryckt oro över att inte veta vem som kommer, och en närstående "
    "har hört av sig till enhetschefen om att hennes son blivit orolig och sover dåligt."
)

EVENT_TOPICS = [
    "Deltagare blir isolerade när aktiviteter ställs in",
    "Vikarier känner inte till deltagarnas kommunikationsstöd",
    "Läkemedel överlämnas inte vid skiftbyte",
    "Brister i dokumentationen av genomförandeplaner",
    "Fallrisk i trappan till snickeriverksamheten",
    "Måltidssituationen blir stökig och högljudd",
    "Närstående får inte återkoppling på synpunkter",
    "Färdtjänst kommer för sent och deltagare väntar ute",
]


def header(
    title: str, *, unit: str | None = UNIT, confidentiality: str | None = CONFIDENTIAL
) -> ReportHeader:
    return ReportHeader(
        municipality=MUNICIPALITY,
        unit=unit,
        title=title,
        printed_on=PRINTED_ON,
        printed_by=PRINTED_BY,
        confidentiality=confidentiality,
    )


def make_events(count: int) -> tuple[RiskEventLine, ...]:
    events: list[RiskEventLine] = []
    for i in range(1, count + 1):
        topic = EVENT_TOPICS[(i - 1) % len(EVENT_TOPICS)]
        p = (i * 3) % 4 + 1
        c = (i * 5 + 1) % 4 + 1
        initial = AssessmentLine(
            kind="ursprunglig",
            probability=p,
            consequence=c,
            score=p * c,
            assessed_on=date(2024, 2, 1) + timedelta(days=i),
            comment="Bedömt av analysteamet på arbetsplatsträffen i Växjö." if i == 2 else None,
        )
        assessments: tuple[AssessmentLine, ...] = (initial,)
        if i % 3 == 0:  # a residual assessment after the measures
            rp, rc = max(1, p - 2), max(1, c - 1)
            assessments = (
                initial,
                AssessmentLine(
                    kind="kvarstående",
                    probability=rp,
                    consequence=rc,
                    score=rp * rc,
                    assessed_on=date(2024, 4, 10),
                    comment="Risken minskade efter införd överlämningsrutin." if i == 3 else None,
                ),
            )
        events.append(
            RiskEventLine(
                number=i,
                description=f"{topic} (händelse {i})" + (f" – {LONG_TEXT}" if i == 1 else ""),
                causes="Hög personalomsättning, få introduktionsdagar och otydliga rutiner för "
                "överlämning mellan arbetslagen på förmiddag och eftermiddag."
                if i % 2
                else None,
                proposed_measures=f"Ta fram checklista för överlämning; öva på APT (förslag {i})."
                if i % 4
                else None,
                assessments=assessments,
            )
        )
    return tuple(events)


def make_measures(count: int, prefix: str = "Åtgärd") -> tuple[MeasureLine, ...]:
    statuses = ["planerad", "pågående", "genomförd", "avbruten"]
    measures = []
    for i in range(1, count + 1):
        status = statuses[i % 4]
        measures.append(
            MeasureLine(
                title=f"{prefix} {i}: Införa skriftlig överlämning med checklista för "
                f"läkemedel, måltider och mående – gäller även helgpersonal",
                responsible="Göran Ågren, enhetschef" if i % 2 else "Märta Öhman",
                due_date=date(2024, 3, 1) + timedelta(days=7 * i) if i % 5 else None,
                status=status,
                answers_to=f"Händelse {i}: {EVENT_TOPICS[i % len(EVENT_TOPICS)]}",
                follow_up_on=date(2024, 9, 1) + timedelta(days=i) if i % 3 else None,
                overdue=status in ("planerad", "pågående") and i % 2 == 1,
            )
        )
    return tuple(measures)


def make_risk_report(
    events: int = 32, measures: int = 31, confidentiality: str | None = CONFIDENTIAL
) -> RiskAnalysisReport:
    return RiskAnalysisReport(
        header=header("Riskanalys", confidentiality=confidentiality),
        matrix=RiskMatrixConfig(),
        title="Sommarbemanning på Solrosen – risker för deltagarnas trygghet",
        status="beslutad",
        scope_kind="enhet",
        scope_description="Hela verksamheten på Solrosen, inklusive snickeriet och caféet på "
        "Ängsvägen 4 & trädgårdsgruppen.",
        trigger="förändring i personalsammansättning",
        trigger_description="Fyra av åtta ordinarie medarbetare går på föräldraledighet under "
        "hösten och ersätts av timanställda vikarier.",
        level="gruppnivå",
        individual_code=None,
        commissioned_by="Björn Söderström, verksamhetschef",
        commissioned_on=date(2024, 1, 15),
        leader="Åsa Öberg-Lindqvist",
        team=(
            TeamMemberLine("Åsa Öberg-Lindqvist", "Analysledare, enhetschef"),
            TeamMemberLine("Jörgen Ärlig", "Stödpedagog"),
            TeamMemberLine("Lisa Wåhlin", "Medarbetare, skyddsombud"),
            TeamMemberLine("Özlem Yılmaz", None),
        ),
        fact_sources="Avvikelserapporter 2023 (12 st), synpunkter från närstående, "
        "samtal med deltagare på husmöte den 3 februari och schemaunderlag för juni–augusti.\n"
        "Dessutom: IVO:s tillsynsrapport från 2022.",
        events=make_events(events),
        measures=make_measures(measures),
        decision_text="Åtgärderna 1–5 genomförs före den 1 juni. Enhetschefen ansvarar för att "
        "vikarier får introduktion på minst två dagar & att överlämningen dokumenteras.",
        decided_by="Björn Söderström",
        decided_on=date(2024, 4, 22),
        follow_up_on=date(2024, 10, 1),
        follow_up_method="Genomgång av avvikelser under sommaren och samtal med deltagarna på "
        "husmötet i september.",
    )


def make_empty_risk_report() -> RiskAnalysisReport:
    full = make_risk_report()
    return RiskAnalysisReport(
        **{
            **full.__dict__,
            "events": (),
            "measures": (),
            "team": (),
            "fact_sources": None,
            "decision_text": None,
            "decided_by": None,
            "decided_on": None,
            "title": "Ny riskanalys för höstens schema",
            "status": "utkast",
        }
    )


def make_measure_plan(confidentiality: str | None = None) -> MeasurePlanReport:
    return MeasurePlanReport(
        header=header("Åtgärdsplan", unit=None, confidentiality=confidentiality),
        units=(
            UnitMeasures("Daglig verksamhet Solrosen", make_measures(34, "Solrosåtgärd")),
            UnitMeasures("Gruppbostad Källängen", make_measures(5, "Källängsåtgärd")),
            UnitMeasures("Korttidsboende Björkö", ()),
        ),
    )


def make_follow_up(
    voices: bool = True, confidentiality: str | None = CONFIDENTIAL
) -> FollowUpReport:
    dims = [
        (
            "trygghet",
            "Känner sig personen trygg?",
            "4 – Oftast",
            "Tryggare när samma personal är på plats; orolig på fredagar.",
        ),
        ("bemötande", "Upplever personen ett gott bemötande?", "5 – Helt", None),
        (
            "stress",
            "Upplever personen lugn, utan onödig stress?",
            "2 – Sällan",
            "Stökigt i matsalen & i kapprummet <särskilt på måndagar>.",
        ),
        ("kontinuitet", "Har personen kontinuitet i personal och kontakter?", "Ej besvarad", None),
        (
            "delaktighet",
            "Känner sig personen delaktig och lyssnad på?",
            "3 – Ibland",
            "Vill själv få välja aktivitet på eftermiddagen.",
        ),
    ]
    ratings = tuple(RatingLine(d, q, r, c) for d, q, r, c in dims)
    voice_lines = (
        VoiceLine("DV-Ö17", "samtal", "Samtalet fördes med stöd av bildkartor.", ratings),
        VoiceLine(None, "enkät", None, ratings[:3]),
        VoiceLine("DV-Å03", "via närstående", "Pappan svarade tillsammans med sonen.", ratings),
    )
    return FollowUpReport(
        header=header("Uppföljning", confidentiality=confidentiality),
        measure_title="Införa skriftlig överlämning med checklista för läkemedel och måltider",
        measure_description=LONG_TEXT,
        measure_status="genomförd",
        answers_to="Händelse 3: Läkemedel överlämnas inte vid skiftbyte",
        planned_on=date(2024, 9, 2),
        performed_on=date(2024, 9, 5),
        method="Stickprov i överlämningspärmen och samtal med deltagare och närstående.",
        responsible="Märta Öhman",
        status="genomförd",
        result="Checklistan används vid 27 av 30 överlämningar (90 %). Två vikarier hade inte "
        "fått introduktion i rutinen.",
        effect="delvis",
        effect_comment="Färre avvikelser om läkemedel, men måltidssituationen är fortfarande "
        "stökig.",
        outcome="ny åtgärd",
        outcome_text="Ny åtgärd skapad: Introduktion i överlämningsrutinen för alla vikarier.",
        voices=voice_lines if voices else (),
    )


def pdf_pages(pdf: bytes) -> list[str]:
    """The extracted text of every page."""
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text() or "" for page in reader.pages]


PageTexts = Callable[[bytes], list[str]]


@pytest.fixture
def pages() -> PageTexts:
    """Extracts the text of every page of a PDF, whitespace collapsed to single spaces."""

    def extract(pdf: bytes) -> list[str]:
        return [" ".join(text.split()) for text in pdf_pages(pdf)]

    return extract


@pytest.fixture(name="make_risk_report")
def make_risk_report_fixture() -> Callable[..., RiskAnalysisReport]:
    """The sample factory: make_risk_report(events=…, measures=…, confidentiality=…)."""
    return make_risk_report


@pytest.fixture
def risk_report() -> RiskAnalysisReport:
    return make_risk_report()


@pytest.fixture
def empty_risk_report() -> RiskAnalysisReport:
    return make_empty_risk_report()


@pytest.fixture
def measure_plan() -> MeasurePlanReport:
    return make_measure_plan(confidentiality=CONFIDENTIAL)


@pytest.fixture
def empty_measure_plan() -> MeasurePlanReport:
    return MeasurePlanReport(
        header=header("Åtgärdsplan", unit=None, confidentiality=None), units=()
    )


@pytest.fixture
def follow_up() -> FollowUpReport:
    return make_follow_up()


@pytest.fixture
def follow_up_without_voices() -> FollowUpReport:
    return make_follow_up(voices=False)
