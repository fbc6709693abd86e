"""Complete answers for the shipped lex Sarah forms, for tests."""

from __future__ import annotations

from typing import Any

from kvalitet_desktop.domain.forms import FormAnswers, Nature, Provenance

PROVENANCE_FIELDS = (
    "handelse_beskrivning",
    "konsekvenser",
    "intraffade",
    "intraffade_beskrivning",
    "uppmarksammat_tid",
    "uppmarksammat_hur",
    "orsaker",
    "hant_tidigare",
    "varfor_igen",
    "risk_upprepning",
    "risk_upprepning_motivering",
    "avhjalpande",
    "ovrigt",
    "informerad",
    "informerad_vem",
    "informerad_datum",
    "synpunkter",
)


def report_answers(unit_id: str, receiver_id: str, **changes: Any) -> FormAnswers:
    values: dict[str, Any] = {
        "rapportor_namn": "Åsa Öberg",
        "rapportor_befattning": "Undersköterska",
        "rapportor_enhet": unit_id,
        "mottagen_av": receiver_id,
        "mottagen_tid": "2026-03-02 09:15",
        "rapportsatt": "skriftlig",
        "enhet": unit_id,
        "enskild": "SB-0312",
        "typ": "missförhållande",
        "beskrivning": "Trygghetslarmet hos den enskilde fungerade inte under natten.",
        "uppmarksammat_tid": "2026-03-02 07:30",
        "uppmarksammat_hur": "Morgonpersonalen fann den enskilde på golvet.",
        "konsekvenser": "Den enskilde låg på golvet i flera timmar och var rädd.",
        "kategori": "fysisk miljö och teknik",
        "atgarder_vidtagna": {"svar": "ja", "motivering": ""},
        "omedelbara_atgarder": "Larmet byttes samma dag; extra tillsyn natten efter.",
    }
    values.update(changes)
    return FormAnswers(values)


def investigation_answers(
    investigator_id: str, closer_id: str, seriousness: str, **changes: Any
) -> FormAnswers:
    values: dict[str, Any] = {
        "utredare": investigator_id,
        "utredare_befattning": "Kvalitetsutredare",
        "paborjad": "2026-03-03",
        "lagrum": "sol",
        "handelse_beskrivning": "Larmet var urkopplat efter ett batteribyte.",
        "konsekvenser": "Den enskilde fick ingen hjälp under natten.",
        "uppmarksammat_tid": "2026-03-02 07:30",
        "uppmarksammat_hur": "Vid morgonbesöket.",
        "orsaker": [
            {
                "beskrivning": "Ingen rutin för att testa larmet efter batteribyte",
                "niva": "system",
                "omrade": "rutiner",
            },
        ],
        "hant_tidigare": {"svar": "nej", "motivering": ""},
        "risk_upprepning": 2,
        "risk_upprepning_motivering": "Rutinen är nu införd men inte följd upp.",
        "avhjalpande": [{"atgard": "Nytt larm installerat", "datum": "2026-03-02"}],
        "informerad": {"svar": "ja", "motivering": ""},
        "informerad_vem": ["den enskilde"],
        "bedomning": seriousness,
        "bedomning_motivering": "Den enskilde utsattes för en allvarlig risk för sin hälsa.",
        "avslut_form": "beslut",
        "avslut_text": "Utredningen avslutas; åtgärderna följs upp i juni.",
        "avslut_av": closer_id,
        "avslut_av_befattning": "Lex Sarah-ansvarig",
        "avslut_datum": "2026-03-20",
    }
    values.update(changes)
    provenance = {
        key: Provenance(
            "2026-03-05", "Samtal med nattpersonal", Nature.FACT, "Eva Ek, kvalitetsutredare"
        )
        for key in PROVENANCE_FIELDS
        if key in values
    }
    return FormAnswers(values, provenance)


def notification_answers(unit_id: str, signer_id: str, *, attached: bool) -> FormAnswers:
    values: dict[str, Any] = {
        "kommun": "Exempelå kommun",
        "namnd": "Socialnämnden",
        "organisationsnummer": "212000-0142",
        "postadress": "Box 1, 123 45 Exempelå",
        "enhet": unit_id,
        "verksamhetstyp": "Särskilt boende",
        "lagrum": "sol",
        "besoksadress": "Storgatan 1, Exempelå",
        "verksamhetens_kommun": "Exempelå",
        "kontakt_namn": "Lena Lind",
        "kontakt_befattning": "Lex Sarah-ansvarig",
        "kontakt_telefon": "010-123 45 67",
        "kategori": "allvarligt missförhållande",
        "allvarlighet_motivering": "Risk för liv och hälsa.",
        "enskild": "SB-0312",
        "beskrivning": "Larmet fungerade inte under en natt.",
        "uppmarksammat": "2026-03-02 07:30",
        "konsekvenser": "Den enskilde låg på golvet i flera timmar.",
        "vidtagna_atgarder": "Nytt larm; rutin för test efter batteribyte.",
        "utredning_bifogas": {
            "svar": "ja" if attached else "nej",
            "motivering": "" if attached else "Utredningen pågår.",
        },
        "satt": "e-tjänst",
        "anmald_av": signer_id,
        "anmald_av_befattning": "Lex Sarah-ansvarig",
        "anmald_datum": "2026-03-06",
    }
    if not attached:
        values["utredning_skickas"] = "2026-04-15"
    return FormAnswers(values)
