"""The demo's signed analysis of last year: the quality coordinator compiled the year, wrote
what the figures show and what was decided, and signed it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kvalitet_desktop.workflows.analysis import service as analyses

if TYPE_CHECKING:
    from kvalitet_desktop.demo.world import World

ANALYSIS_TEXT = (
    "Genomgången av årets avvikelser, klagomål och egenkontroller visar samma mönster på "
    "flera enheter: orsakerna ligger oftast i hur arbetet är organiserat (överlämningar mellan "
    "arbetspass, vikarier utan introduktion) och i några fall ovanför enheten (bemanningen "
    "under semesterperioden). Klagomålen gällde främst bemötande och information. "
    "Uppföljningarna visar att de flesta åtgärder gav effekt, men inte alla."
)
IMPROVEMENTS_TEXT = (
    "1. En gemensam rutin för överlämning vid varje arbetspass, införd av enhetscheferna "
    "under första kvartalet.\n"
    "2. Introduktion med checklista för alla vikarier före första passet.\n"
    "3. Bemanningen under semesterperioden tas upp med förvaltningsledningen i mars.\n"
    "4. Klagomål om bemötande återkopplas på arbetsplatsträffar varje månad."
)


def create_analysis(world: World) -> None:
    coordinator = world.contexts[world.login_of("coordinator")]
    year = world.today.year - 1
    draft = analyses.start_analysis(
        coordinator,
        analyses.AnalysisInput(
            f"Sammanställning och analys {year}",
            date(year, 1, 1),
            date(year, 12, 31),
            analysis=ANALYSIS_TEXT,
            improvements=IMPROVEMENTS_TEXT,
        ),
    )
    analyses.sign(coordinator, draft.id)
