"""Uppföljning PDF: the measure, plan, effect, the individuals' experience and the outcome."""

from __future__ import annotations

import dataclasses

from kvalitet_desktop.workflows.followups.report import build_follow_up_pdf

VOICE_HEADER = "Dimension Fråga Svar Kommentar"


def test_page_furniture(follow_up, pages) -> None:
    texts = pages(build_follow_up_pdf(follow_up))
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert "Exempelkommun Älvsåker" in text
        assert "Daglig verksamhet Solrosen – Öster" in text
        assert "Uppföljning" in text
        assert "Utskriven 2024-05-17" in text
        assert follow_up.header.confidentiality in text
        assert f"Sida {number} av {len(texts)}" in text


def test_measure_plan_result_and_outcome(follow_up, pages) -> None:
    text = " ".join(pages(build_follow_up_pdf(follow_up)))
    for expected in (
        follow_up.measure_title,
        "rutinen <överlämning> inte följs",
        "Händelse 3: Läkemedel överlämnas inte vid skiftbyte",
        "Planerad till 2024-09-02",
        "Genomförd 2024-09-05",
        "Stickprov i överlämningspärmen och samtal med deltagare och närstående.",
        "Märta Öhman",
        "Checklistan används vid 27 av 30 överlämningar (90 %).",
        "Fick åtgärden avsedd effekt? Delvis",  # a Swedish phrase, not the stored word
        "måltidssituationen är fortfarande stökig.",
        "Utfall Ny åtgärd",
        "Ny åtgärd skapad: Introduktion i överlämningsrutinen för alla vikarier.",
        "Ansvarig för uppföljningen",
        "Namnförtydligande",
    ):
        assert expected in text, expected


def test_each_voice_with_its_ratings(follow_up, pages) -> None:
    texts = pages(build_follow_up_pdf(follow_up))
    text = " ".join(texts)
    assert "Den enskildes upplevelse" in text
    assert text.count(VOICE_HEADER) == len(follow_up.voices)
    assert "Person DV-Ö17" in text
    assert "Person DV-Å03" in text
    assert "Gruppen" in text
    for gathered in ("Samtal", "Enkät", "Via närstående"):
        assert f"Hur upplevelsen togs fram: {gathered}" in text
    assert "Samtalet fördes med stöd av bildkartor." in text
    for rating in follow_up.voices[0].ratings:
        assert rating.question in text
        assert rating.rating in text
        assert rating.dimension.capitalize() in text
    assert "Ej besvarad" in text
    assert "Stökigt i matsalen & i kapprummet <särskilt på måndagar>." in text
    assert "Ingen enskilds upplevelse är dokumenterad." not in text


def test_empty_voices_and_no_confidentiality(follow_up_without_voices, pages) -> None:
    report = dataclasses.replace(
        follow_up_without_voices,
        header=dataclasses.replace(follow_up_without_voices.header, confidentiality=None),
        performed_on=None,
        result=None,
        effect=None,
        effect_comment=None,
        outcome=None,
        outcome_text=None,
    )
    texts = pages(build_follow_up_pdf(report))
    text = " ".join(texts)
    assert "Ingen enskilds upplevelse är dokumenterad." in text
    assert VOICE_HEADER not in text
    assert "Genomförd –" in text
    assert "Resultat –" in text
    assert all("Sekretess" not in t for t in texts)
