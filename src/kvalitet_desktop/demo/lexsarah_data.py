"""The lex Sarah cases of the demo municipality "Demokommun Norrvik": texts and timelines.

Everything here is fictional and written for this program. ``demo.lexsarah`` turns the
templates into cases through the services. Strings may hold placeholders that are filled in per
demo:

* ``{name}`` — a named day of the case's timeline (``CaseT.days``, days before today) as
  ÅÅÅÅ-MM-DD, and ``{name_sv}`` the same day in words ("14 mars");
* ``{reporter}``, ``{manager}`` — the reporter's and the unit's enhetschef's names;
* ``{code}``, ``{code2}``, ``{code3}`` — pseudonymous codes of individuals of the unit (never
  personnummer);
* ``{ivo_due}``, ``{ivo_ref}`` — the day the investigation is due at IVO and IVO's reference.

Values of user and unit fields (ids) are set by the builder, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from kvalitet_desktop.domain.forms import Nature
from kvalitet_desktop.workflows.followups.domain import Dimension, Effect, GatheredBy

FACT = Nature.FACT
ASSESSMENT = Nature.ASSESSMENT


class CaseStage(Enum):
    """How far a demo case has come."""

    REPORTED = "rapporterad, inte mottagen"
    INVESTIGATING = "under utredning"
    NOTIFIED = "allvarligt, anmält till IVO, utredningen ska skickas"
    CLOSED_POSITION = "avslutad med ställningstagande: inte ett missförhållande"
    CLOSED_FOLLOWED_UP = "avslutad med beslut, åtgärden genomförd och uppföljd"


@dataclass(frozen=True)
class Prov:
    """Provenance of one investigation item: source, fakta/bedömning and the named day of the
    timeline it was documented on (the investigator signs it)."""

    source: str
    nature: Nature = FACT
    on: str = "start"


@dataclass(frozen=True)
class ReceiptT:
    time: str  # HH:MM on the day "received"
    protected: bool
    protection_note: str | None
    serious: bool | None
    serious_note: str | None


@dataclass(frozen=True)
class FollowUpT:
    """The follow-up of a preventive measure; with ``result`` it has been carried out."""

    planned: str  # named day
    method: str
    responsible: str  # key in demo.data.STAFF
    performed: str | None = None  # named day
    result: str | None = None
    effect: Effect | None = None
    effect_comment: str | None = None
    voice_comment: str | None = None
    gathered_by: GatheredBy = GatheredBy.CONVERSATION
    ratings: tuple[tuple[Dimension, int | None, str | None], ...] = ()


@dataclass(frozen=True)
class PreventiveT:
    """A measure against recurrence, tied to causes (positions in the investigation's list)."""

    title: str
    description: str
    responsible: str  # key in demo.data.STAFF
    due: str  # named day
    causes: tuple[int, ...]
    follow_up: FollowUpT
    completed: str | None = None  # named day; None: not yet carried out


@dataclass(frozen=True)
class CaseT:
    key: str
    title: str
    unit: str
    filer: str  # key in demo.data.STAFF of who files the report
    stage: CaseStage
    days: Mapping[str, int]  # named days, days before today (negative: ahead)
    reported_time: str  # HH:MM on the day "reported"
    report: Mapping[str, Any]
    # An oral report registered by the filer for someone who is not a user: (title).
    oral_reporter_title: str | None = None
    receipt: ReceiptT | None = None
    investigator: str | None = None  # key in demo.data.STAFF
    investigation: Mapping[str, Any] | None = None
    provenance: Mapping[str, Prov] | None = None
    closing: Mapping[str, Any] | None = None  # avslut_* fields, written by the lex Sarah user
    notification: Mapping[str, Any] | None = None
    # For a notified case: days after today within which the investigation is due at IVO;
    # the timeline is shifted to fit the deadline rules.
    ivo_due_within: int | None = None
    measure: PreventiveT | None = None
    learning: tuple[str, tuple[str, ...]] | None = None


D = Dimension

# --- closed and followed up: a granted shower that was never planned ---------------------------

SHOWER = CaseT(
    key="dusch",
    title="Beviljad dusch har inte utförts på fyra veckor",
    unit="Hemtjänst Centrum",
    filer="st_home",
    stage=CaseStage.CLOSED_FOLLOWED_UP,
    days={
        "decision": 178,
        "reported": 150,
        "received": 150,
        "nurse": 149,
        "start": 149,
        "talk1": 147,
        "informed": 146,
        "talk2": 145,
        "review": 144,
        "closed": 131,
        "completed": 104,
        "due": 100,
        "follow_up": 62,
        "performed": 60,
    },
    reported_time="11:05",
    report={
        "rapportor_befattning": "Undersköterska",
        "rapportor_kontakt": "Via hemtjänstens planeringstelefon",
        "mottagen_tid": "{received} 13:40",
        "rapportsatt": "skriftlig",
        "enskild": "{code}",
        "typ": "missförhållande",
        "beskrivning": "Jag besökte den enskilde i morse och fick frågan när hen skulle få "
        "duscha igen. Enligt beslutet från biståndshandläggaren och genomförandeplanen ska hen "
        "få hjälp med dusch två gånger i veckan sedan förra månaden, men duschen finns inte med "
        "i körlistan. Den enskilde säger att ingen har hjälpt hen att duscha sedan beslutet "
        "kom.",
        "intraffade_beskrivning": "Från den {decision_sv} fram till i dag, ungefär fyra veckor",
        "uppmarksammat_tid": "{reported} 08:50",
        "uppmarksammat_hur": "Den enskilde tog själv upp det under morgonbesöket. Jag jämförde "
        "sedan körlistan med beslutet i journalen.",
        "konsekvenser": "Den enskilde har inte fått den hjälp med hygienen som hen har rätt "
        "till. Hen säger att hen skäms och har slutat gå till träffpunkten. Huden i "
        "ljumskarna är röd och irriterad.",
        "kategori": "beviljad insats ej utförd",
        "atgarder_vidtagna": {"svar": "ja", "motivering": ""},
        "omedelbara_atgarder": "Jag hjälpte den enskilde att duscha direkt och ringde "
        "planeraren, som lade in duschen i körlistan från och med i morgon. Distriktssköterskan "
        "är informerad om huden.",
        "atgarder_av": "{reporter}, {reported_sv} på förmiddagen",
    },
    receipt=ReceiptT(
        "13:40",
        True,
        "Duschen är inplanerad två gånger i veckan och sjuksköterskan tittar på huden i morgon.",
        False,
        "Insatsen har uteblivit men den enskilde är nu skyddad. Inget tyder hittills på ett "
        "allvarligt missförhållande.",
    ),
    investigator="inv_elderly",
    investigation={
        "lagrum": "sol",
        "bakgrund": "En undersköterska rapporterade att den enskilde inte hade fått den dusch "
        "som beviljades i ett nytt beslut. Utredningen bygger på samtal med den enskilde och "
        "dottern, undersköterskan, planeraren och enhetschefen samt genomgång av beslut, "
        "genomförandeplan och körlistor för perioden.",
        "underlag": [
            "samtal med den enskilde",
            "samtal med närstående eller företrädare",
            "samtal med personal",
            "journal eller akt",
            "avvikelser och tidigare rapporter",
            "rutiner och riktlinjer",
        ],
        "handelse_beskrivning": "Biståndshandläggaren beslutade den {decision_sv} att utöka "
        "insatserna med dusch två gånger i veckan. Beslutet skickades till enhetens "
        "gemensamma brevlåda i verksamhetssystemet. Kontaktpersonen uppdaterade "
        "genomförandeplanen, men ändringen nådde aldrig planeraren och duschen lades inte in i "
        "körlistan. Under fyra veckor utfördes ingen dusch.",
        "konsekvenser": "Den enskilde fick inte hjälp med sin hygien under fyra veckor och fick "
        "en hudirritation som distriktssköterskan behandlade i en vecka. Den enskilde beskriver "
        "att hen kände sig ovårdad och drog sig undan från andra.",
        "intraffade_beskrivning": "Från den {decision_sv} till den {reported_sv}",
        "uppmarksammat_tid": "{reported} 08:50",
        "uppmarksammat_hur": "Undersköterskan som rapporterade var hos den enskilde för första "
        "gången på flera veckor och frågade vidare när den enskilde tog upp duschen. Den "
        "ordinarie personalen följde körlistan och kände inte till det nya beslutet.",
        "orsaker": [
            {
                "beskrivning": "Nya och ändrade beslut kommer till en gemensam brevlåda som "
                "ingen har ett utpekat ansvar för att bevaka. Rutinen säger inte vem som för "
                "över ändringen till planeringen.",
                "niva": "verksamhet",
                "omrade": "rutiner",
            },
            {
                "beskrivning": "Körlistan stäms inte av mot genomförandeplanen när planen "
                "ändras, så skillnaden syntes inte.",
                "niva": "verksamhet",
                "omrade": "kommunikation",
            },
            {
                "beskrivning": "Biståndshandläggaren får ingen återkoppling på att ett beslut "
                "har börjat verkställas.",
                "niva": "system",
                "omrade": "samverkan",
            },
        ],
        "hant_tidigare": {"svar": "ja", "motivering": ""},
        "varfor_igen": "Förra året kom en utökad tillsyn i gång en vecka för sent av samma "
        "skäl. Den avvikelsen hanterades som en engångshändelse och rutinen för nya beslut "
        "ändrades inte.",
        "risk_upprepning": 2,
        "risk_upprepning_motivering": "Den enskildes insatser är nu rätt planerade och "
        "planeraren stämmer tills vidare av alla nya beslut varje vecka. Risken finns kvar tills "
        "en fast rutin är införd.",
        "avhjalpande": [
            {
                "atgard": "Duschen lades in i körlistan två gånger i veckan.",
                "datum": "{reported}",
                "utford_av": "Planeraren",
            },
            {
                "atgard": "Distriktssköterskan bedömde och behandlade huden.",
                "datum": "{nurse}",
                "utford_av": "Distriktssköterskan",
            },
            {
                "atgard": "Alla beslut från de senaste tre månaderna stämdes av mot körlistorna. "
                "Inga fler insatser saknades.",
                "datum": "{review}",
                "utford_av": "Planeraren och {manager}, enhetschef",
            },
        ],
        "ovrigt": "I den gemensamma brevlådan fanns också olästa meddelanden från hemsjukvården. "
        "Enhetschefen hanterar det som en egen avvikelse.",
        "informerad": {"svar": "ja", "motivering": ""},
        "informerad_vem": ["den enskilde", "närstående"],
        "informerad_datum": "{informed}",
        "synpunkter": "Den enskilde är nöjd med att duschen fungerar nu men undrar varför ingen "
        "frågade tidigare. Dottern vill bli kontaktad när insatserna ändras.",
        "bedomning": "missförhållande",
        "bedomning_motivering": "Beviljade insatser utfördes inte under flera veckor, vilket "
        "påverkade den enskildes hälsa och värdighet. Bristen är avhjälpt och följderna blev "
        "inte allvarliga, så det bedöms inte som ett allvarligt missförhållande.",
    },
    provenance={
        "handelse_beskrivning": Prov(
            "Genomgång av beslut, genomförandeplan och körlistor {start}", FACT, "start"
        ),
        "konsekvenser": Prov(
            "Samtal med den enskilde {informed} och distriktssköterskans journalanteckning",
            FACT,
            "informed",
        ),
        "intraffade_beskrivning": Prov("Beslut och körlistor i verksamhetssystemet", FACT),
        "uppmarksammat_tid": Prov("Undersköterskans rapport {reported}", FACT),
        "uppmarksammat_hur": Prov("Samtal med undersköterskan {talk1}", FACT, "talk1"),
        "orsaker": Prov("Samtal med planeraren och enhetschefen {talk2}", ASSESSMENT, "talk2"),
        "hant_tidigare": Prov(
            "Genomgång av avvikelser och lex Sarah-rapporter de senaste två åren", FACT, "talk2"
        ),
        "varfor_igen": Prov("Avvikelserapport och samtal med enhetschefen {talk2}", FACT, "talk2"),
        "risk_upprepning": Prov("Utredarens bedömning efter samtalen", ASSESSMENT, "review"),
        "risk_upprepning_motivering": Prov(
            "Utredarens bedömning efter samtalen", ASSESSMENT, "review"
        ),
        "avhjalpande": Prov("Körlistor och journalanteckningar", FACT, "review"),
        "ovrigt": Prov("Genomgång av den gemensamma brevlådan {start}", FACT),
        "informerad": Prov("Samtal med den enskilde och dottern {informed}", FACT, "informed"),
        "informerad_vem": Prov("Samtal med den enskilde och dottern {informed}", FACT, "informed"),
        "informerad_datum": Prov(
            "Samtal med den enskilde och dottern {informed}", FACT, "informed"
        ),
        "synpunkter": Prov("Samtal med den enskilde och dottern {informed}", FACT, "informed"),
    },
    closing={
        "avslut_form": "beslut",
        "avslut_text": "Utredningen avslutas. Missförhållandet är avhjälpt. Enhetschefen inför "
        "en rutin för hur nya och ändrade beslut förs över till planeringen; rutinen följs upp "
        "med den enskilde och med stickprov.",
        "avslut_datum": "{closed}",
    },
    measure=PreventiveT(
        title="Rutin för nya och ändrade beslut till planeringen",
        description="Den planerare som har dagens bevakning läser den gemensamma brevlådan varje "
        "förmiddag och lägger in nya och ändrade beslut i planeringen samma dag. Körlistan "
        "stäms av mot genomförandeplanen inom två arbetsdagar, och kontaktpersonen bekräftar "
        "till biståndshandläggaren att insatsen har börjat.",
        responsible="ec_home",
        due="due",
        causes=(0, 1),
        completed="completed",
        follow_up=FollowUpT(
            planned="follow_up",
            method="Samtal med den enskilde och stickprov på tio nya beslut mot körlistorna.",
            responsible="ec_home",
            performed="performed",
            result="Stickprovet visade att alla tio nya beslut fanns i körlistan inom två "
            "arbetsdagar. Den enskilde får sin dusch som planerat och har börjat gå till "
            "träffpunkten igen.",
            effect=Effect.YES,
            effect_comment="Rutinen följs och har blivit en del av veckoplaneringen.",
            voice_comment="Nu kommer de när de ska, och jag behöver inte påminna någon.",
            ratings=(
                (D.SAFETY, 4, "Jag vet att de kommer på tisdagar och fredagar."),
                (D.TREATMENT, 5, "De frågar hur jag vill ha det."),
                (D.STRESS, 4, None),
                (D.CONTINUITY, 3, "Det är ofta någon ny på fredagarna."),
                (D.PARTICIPATION, 4, "Jag fick välja vilka dagar."),
            ),
        ),
    ),
    learning=(
        "En person med hemtjänst fick inte den dusch som hade beviljats, eftersom det nya "
        "beslutet aldrig nådde planeringen. Det upptäcktes först när en kollega som sällan "
        "besökte personen frågade vidare. Orsaken var att ingen hade ansvar för att bevaka nya "
        "beslut och att körlistan inte stämdes av mot genomförandeplanen.",
        (
            "Hur vet vi att ett nytt beslut verkligen har kommit in i planeringen?",
            "Vad gör du när det den enskilde berättar inte stämmer med körlistan?",
            "Vilka andra meddelanden riskerar att fastna i en gemensam brevlåda hos oss?",
        ),
    ),
)

# --- serious, notified to IVO, the investigation still to be sent -----------------------------

NIGHT_EXIT = CaseT(
    key="nodutgang",
    title="Boende lämnade huset nattetid genom en olarmad nödutgång",
    unit="Särskilt boende Björkgården",
    filer="ec_nursing",
    oral_reporter_title="Undersköterska, nattpersonal",
    stage=CaseStage.NOTIFIED,
    # Shifted so that the investigation is due at IVO within ``ivo_due_within`` days.
    days={
        "works": 68,
        "event": 59,
        "reported": 59,
        "received": 59,
        "start": 58,
        "talk1": 58,
        "informed": 57,
        "ivo": 56,
        "talk2": 52,
        "draft": 45,
    },
    ivo_due_within=4,
    reported_time="07:35",
    report={
        "rapportor_befattning": "Undersköterska, nattpersonal",
        "rapportor_kontakt": "Nås via enhetschefen",
        "mottagen_tid": "{received} 08:55",
        "rapportsatt": "muntlig",
        "enskild": "{code}",
        "typ": "missförhållande",
        "beskrivning": "Vid tillsynen klockan 03.00 var den enskilde inte i sin lägenhet. Vi "
        "letade på avdelningen och i trapphuset. Nödutgången mot parken stod på glänt; "
        "dörrlarmet har varit avstängt sedan hantverkarna började byta fönster. En "
        "förbipasserande hittade den enskilde vid busshållplatsen på Björkvägen strax före "
        "klockan 03.40 och ringde 112. Den enskilde hade bara nattlinne och tofflor på sig.",
        "intraffade_beskrivning": "Natten mot den {event_sv}, mellan klockan 01.00 och 03.00",
        "uppmarksammat_tid": "{event} 03:00",
        "uppmarksammat_hur": "Vid den planerade tillsynen klockan 03.00 var lägenheten tom.",
        "konsekvenser": "Den enskilde var nedkyld och hade skrapsår på båda händerna. "
        "Ambulansen körde hen till akuten, där hen stannade ett dygn. Det var mörkt och kallt, "
        "och busshållplatsen ligger vid en väg med mycket trafik.",
        "kategori": "brister i omsorg och tillsyn",
        "atgarder_vidtagna": {"svar": "ja", "motivering": ""},
        "omedelbara_atgarder": "Dörrlarmet kopplades in igen samma natt av fastighetsjouren. "
        "Den enskilde har tillsyn varje halvtimme nattetid, och en extra nattpersonal är "
        "inbokad så länge fönsterbytet pågår.",
        "atgarder_av": "{manager}, enhetschef, den {event_sv}",
    },
    receipt=ReceiptT(
        "08:55",
        True,
        "Dörrlarmet är inkopplat och testat, och den enskilde har tillsyn varje halvtimme "
        "nattetid tills vidare.",
        True,
        "Den enskilde utsattes för ett allvarligt hot mot liv och hälsa. Anmälan till IVO görs "
        "snarast, utan att vänta på utredningen.",
    ),
    investigator="inv_elderly",
    investigation={
        "lagrum": "sol",
        "bakgrund": "Rapporten gällde en boende som lämnade huset ensam nattetid. IVO "
        "underrättades den {ivo_sv}, innan utredningen var klar. Samtal med nattpersonalen, "
        "enhetschefen och fastighetsförvaltaren är gjorda. Samtal med hantverkarfirman och "
        "genomgång av larmloggen återstår.",
        "underlag": [
            "samtal med personal",
            "samtal med närstående eller företrädare",
            "journal eller akt",
            "observation på plats",
        ],
        "handelse_beskrivning": "Den enskilde har en demenssjukdom och beslut om tillsyn "
        "varannan timme nattetid. Efter tillsynen klockan 01.00 lämnade hen lägenheten och gick "
        "ut genom nödutgången mot parken. Dörrlarmet på nödutgången hade kopplats ur när "
        "fönsterbytet började den {works_sv}. En förbipasserande hittade den enskilde vid "
        "busshållplatsen på Björkvägen.",
        "konsekvenser": "Den enskilde var nedkyld, hade skrapsår och vårdades ett dygn på "
        "sjukhus. Hen har sedan dess varit oroligare på nätterna. Utan den förbipasserande hade "
        "hen kunnat bli påkörd eller allvarligt nedkyld.",
        "intraffade_beskrivning": "Natten mot den {event_sv}, mellan klockan 01.00 och 03.00",
        "uppmarksammat_tid": "{event} 03:00",
        "uppmarksammat_hur": "Nattpersonalen upptäckte vid tillsynen klockan 03.00 att "
        "lägenheten var tom. Ingen hade berättat för nattpersonalen att dörrlarmet var "
        "urkopplat, och de utgick från att nödutgången var larmad.",
        "orsaker": [
            {
                "beskrivning": "Dörrlarmet kopplades ur inför fönsterbytet utan att enheten "
                "fick veta det, och ingen annan bevakning av nödutgången ordnades.",
                "niva": "verksamhet",
                "omrade": "kommunikation",
            },
            {
                "beskrivning": "Det saknas en överenskommelse med fastighetsägaren om hur "
                "arbeten som påverkar larm och dörrar planeras tillsammans med verksamheten.",
                "niva": "system",
                "omrade": "samverkan",
            },
            {
                "beskrivning": "Den enskildes ökade oro nattetid veckorna före händelsen fanns "
                "i journalen men ledde inte till att tillsynen sågs över.",
                "niva": "verksamhet",
                "omrade": "rutiner",
            },
        ],
        "hant_tidigare": {"svar": "nej", "motivering": ""},
        "risk_upprepning": 2,
        "risk_upprepning_motivering": "Larmet är inkopplat igen och fastighetsförvaltaren har "
        "lovat att meddela enheten innan larm kopplas ur. Så länge det inte finns en skriftlig "
        "överenskommelse finns risken kvar.",
        "avhjalpande": [
            {
                "atgard": "Dörrlarmet på nödutgången kopplades in och testades.",
                "datum": "{event}",
                "utford_av": "Fastighetsjouren",
            },
            {
                "atgard": "Tillsynen av den enskilde utökades till varje halvtimme nattetid.",
                "datum": "{event}",
                "utford_av": "{manager}, enhetschef",
            },
            {
                "atgard": "En extra nattpersonal under resten av fönsterbytet.",
                "datum": "{start}",
                "utford_av": "{manager}, enhetschef",
            },
        ],
        "informerad": {"svar": "ja", "motivering": ""},
        "informerad_vem": ["den enskilde", "närstående", "god man eller förvaltare"],
        "informerad_datum": "{informed}",
        "synpunkter": "Sonen, som också är god man, är upprörd över att ingen berättade om "
        "fönsterbytet och vill veta hur det ska förhindras framöver. Den enskilde minns inte "
        "händelsen.",
        "bedomning": "allvarligt missförhållande",
        "bedomning_motivering": "Den enskilde utsattes för ett allvarligt hot mot liv och hälsa "
        "och behövde vård på sjukhus. Bedömningen kan komma att kompletteras när utredningen är "
        "klar.",
    },
    provenance={
        "handelse_beskrivning": Prov("Samtal med nattpersonalen {talk1}", FACT, "talk1"),
        "konsekvenser": Prov(
            "Journalanteckningar och samtal med sjuksköterskan {informed}", FACT, "informed"
        ),
        "intraffade_beskrivning": Prov("Tillsynslistan för natten mot den {event_sv}", FACT),
        "uppmarksammat_tid": Prov("Tillsynslistan och samtal med nattpersonalen", FACT, "talk1"),
        "uppmarksammat_hur": Prov("Samtal med nattpersonalen {talk1}", FACT, "talk1"),
        "orsaker": Prov(
            "Samtal med enhetschefen och fastighetsförvaltaren {talk2}", ASSESSMENT, "talk2"
        ),
        "hant_tidigare": Prov(
            "Genomgång av avvikelser och rapporter för boendet de senaste tre åren", FACT, "talk2"
        ),
        "risk_upprepning": Prov("Utredarens bedömning", ASSESSMENT, "draft"),
        "risk_upprepning_motivering": Prov(
            "Samtal med fastighetsförvaltaren {talk2}", ASSESSMENT, "draft"
        ),
        "avhjalpande": Prov("Larmloggen och bemanningsschemat", FACT, "talk2"),
        "informerad": Prov("Telefonsamtal med sonen {informed}", FACT, "informed"),
        "informerad_vem": Prov("Telefonsamtal med sonen {informed}", FACT, "informed"),
        "informerad_datum": Prov("Telefonsamtal med sonen {informed}", FACT, "informed"),
        "synpunkter": Prov("Telefonsamtal med sonen {informed}", FACT, "informed"),
    },
    notification={
        "verksamhetstyp": "Särskilt boende för äldre",
        "lagrum": "sol",
        "verksamhetens_kommun": "Norrvik",
        "kontakt_telefon": "0123-456 70",
        "kontakt_epost": "lexsarah@norrvik.example",
        "kategori": "allvarligt missförhållande",
        "allvarlighet_motivering": "En person med demenssjukdom lämnade boendet ensam nattetid "
        "och hittades nedkyld vid en väg med mycket trafik. Händelsen innebar ett allvarligt hot "
        "mot den enskildes liv och hälsa.",
        "enskild": "{code}",
        "beskrivning": "Den enskilde lämnade sin lägenhet efter tillsynen klockan 01.00 och gick "
        "ut genom en nödutgång vars dörrlarm var urkopplat under ett fönsterbyte. Hen hittades "
        "av en förbipasserande vid en busshållplats ungefär 500 meter från boendet.",
        "intraffade_beskrivning": "Natten mot den {event_sv}, mellan klockan 01.00 och 03.00",
        "uppmarksammat": "{event} 03:00",
        "konsekvenser": "Nedkylning och skrapsår; ett dygn på sjukhus. Hen kunde ha blivit "
        "påkörd eller allvarligt nedkyld.",
        "vidtagna_atgarder": "Dörrlarmet kopplades in samma natt. Tillsynen av den enskilde "
        "utökades till varje halvtimme nattetid, och en extra nattpersonal är inbokad under "
        "fönsterbytet.",
        "planerade_atgarder": "Utredningen pågår. En överenskommelse med fastighetsägaren om "
        "arbeten som påverkar larm och dörrar tas fram.",
        "utredning_bifogas": {
            "svar": "nej",
            "motivering": "Utredningen pågår. Samtal med hantverkarfirman och genomgång av "
            "larmloggen återstår.",
        },
        "utredning_skickas": "{ivo_due}",
        "bilagor": ["tidslinje över händelsen"],
        "satt": "e-tjänst",
        "anmald_datum": "{ivo}",
        "ivo_diarienummer": "{ivo_ref}",
    },
)

# --- closed by ställningstagande: not a missförhållande ---------------------------------------

REST_ROOM = CaseT(
    key="vilorum",
    title="Deltagare satt ensam i vilorummet under lunchen",
    unit="Daglig verksamhet Solrosen",
    filer="st_day",
    stage=CaseStage.CLOSED_POSITION,
    days={"event": 41, "reported": 41, "received": 41, "start": 40, "talk1": 40, "closed": 37},
    reported_time="14:20",
    report={
        "rapportor_befattning": "Stödpedagog",
        "mottagen_tid": "{received} 15:05",
        "rapportsatt": "skriftlig",
        "enskild": "{code}",
        "typ": "påtaglig risk för missförhållande",
        "beskrivning": "Under lunchen satt en deltagare ensam i vilorummet med stängd dörr i "
        "ungefär 40 minuter. Jag såg ingen personal i närheten. Deltagaren behöver stöd för att "
        "förflytta sig och kan inte ropa på hjälp.",
        "intraffade": "{event} 12:05",
        "uppmarksammat_tid": "{event} 12:45",
        "uppmarksammat_hur": "Jag gick förbi vilorummet efter lunchen och öppnade dörren.",
        "konsekvenser": "Deltagaren verkade lugn, men hade kunnat behöva hjälp utan att kunna "
        "få den.",
        "kategori": "brister i omsorg och tillsyn",
        "atgarder_vidtagna": {
            "svar": "nej",
            "motivering": "Deltagaren var lugn och ville stanna kvar. Jag satt hos hen tills "
            "kollegorna kom tillbaka från lunchen.",
        },
    },
    receipt=ReceiptT("15:05", True, None, False, None),
    investigator="inv_social",
    investigation={
        "lagrum": "lss",
        "bakgrund": "Rapporten gällde en deltagare som satt ensam i vilorummet under lunchen. "
        "Utredningen gjordes som en snabb genomgång av genomförandeplanen och tillsynslistan "
        "och samtal med deltagaren och personalen.",
        "underlag": ["samtal med den enskilde", "samtal med personal", "journal eller akt"],
        "handelse_beskrivning": "Enligt genomförandeplanen vilar deltagaren ensam i vilorummet "
        "efter lunchen, med larmknapp inom räckhåll och tillsyn var tionde minut. "
        "Tillsynslistan visar tillsyn klockan 12.10, 12.20 och 12.30. Deltagaren hade själv bett "
        "om att få dörren stängd.",
        "konsekvenser": "Deltagaren fick den vila hen hade bett om. Det uppstod inga följder och "
        "ingen risk utöver det som genomförandeplanen redan tar hänsyn till.",
        "intraffade": "{event} 12:05",
        "uppmarksammat_tid": "{event} 12:45",
        "uppmarksammat_hur": "Stödpedagogen hade just kommit tillbaka efter en längre ledighet "
        "och kände inte till att genomförandeplanen hade ändrats.",
        "informerad": {"svar": "ja", "motivering": ""},
        "informerad_vem": ["den enskilde"],
        "informerad_datum": "{talk1}",
        "synpunkter": "Deltagaren vill få vara ifred en stund efter maten och tycker att det "
        "fungerar bra som det är.",
        "bedomning": "inte missförhållande",
        "bedomning_motivering": "Deltagaren fick stöd och tillsyn enligt sin genomförandeplan, "
        "som hen själv har varit med och tagit fram. Det som rapporterades var varken ett "
        "missförhållande eller en påtaglig risk för ett missförhållande.",
    },
    provenance={
        "handelse_beskrivning": Prov(
            "Genomförandeplanen och tillsynslistan för {event}", FACT, "start"
        ),
        "konsekvenser": Prov("Samtal med deltagaren {talk1}", ASSESSMENT, "talk1"),
        "intraffade": Prov("Tillsynslistan för {event}", FACT),
        "uppmarksammat_tid": Prov("Stödpedagogens rapport {reported}", FACT),
        "uppmarksammat_hur": Prov("Samtal med stödpedagogen {talk1}", FACT, "talk1"),
        "informerad": Prov("Samtal med deltagaren {talk1}", FACT, "talk1"),
        "informerad_vem": Prov("Samtal med deltagaren {talk1}", FACT, "talk1"),
        "informerad_datum": Prov("Samtal med deltagaren {talk1}", FACT, "talk1"),
        "synpunkter": Prov("Samtal med deltagaren {talk1}", FACT, "talk1"),
    },
    closing={
        "avslut_form": "ställningstagande",
        "avslut_text": "Utredningen avslutas med ett ställningstagande: det rapporterade är inte "
        "ett missförhållande. Det var rätt att rapportera. Enhetschefen ser till att den som "
        "kommer tillbaka efter ledighet går igenom de genomförandeplaner som har ändrats.",
        "avslut_datum": "{closed}",
    },
)

# --- under investigation, with a preventive measure planned ------------------------------------

APPEALS = CaseT(
    key="besvarshanvisning",
    title="Avslagsbeslut skickades utan besvärshänvisning",
    unit="Försörjningsstöd",
    filer="st_income",
    stage=CaseStage.INVESTIGATING,
    days={
        "template": 33,
        "reported": 12,
        "received": 12,
        "start": 11,
        "talk1": 10,
        "resent": 9,
        "talk2": 8,
        "due": -20,
        "follow_up": -50,
    },
    reported_time="10:45",
    report={
        "rapportor_befattning": "Socialsekreterare",
        "rapportor_kontakt": "Ankn. 4412",
        "mottagen_tid": "{received} 14:10",
        "rapportsatt": "skriftlig",
        "enskild": "flera",
        "enskilda": [{"kod": "{code}"}, {"kod": "{code2}"}, {"kod": "{code3}"}],
        "typ": "missförhållande",
        "beskrivning": "En sökande ringde och ville överklaga ett avslag på försörjningsstöd men "
        "visste inte hur. När jag tittade på beslutet saknades besvärshänvisningen. Jag "
        "kontrollerade fler beslut, och den saknas i alla avslag som har skickats sedan den nya "
        "beslutsmallen infördes.",
        "intraffade_beskrivning": "Sedan den nya beslutsmallen infördes den {template_sv}",
        "uppmarksammat_tid": "{reported} 10:20",
        "uppmarksammat_hur": "Ett telefonsamtal från en sökande som ville överklaga.",
        "konsekvenser": "De som har fått avslag har inte fått veta att de kan överklaga eller "
        "hur de gör. Några kan ha missat tiden för att överklaga.",
        "kategori": "rättssäkerhet",
        "atgarder_vidtagna": {"svar": "ja", "motivering": ""},
        "omedelbara_atgarder": "Vi slutade använda den nya mallen och skickar avslag med den "
        "gamla mallen tills felet är rättat.",
        "atgarder_av": "{manager}, enhetschef, samma dag",
    },
    receipt=ReceiptT(
        "14:10",
        False,
        "De som har fått avslag utan besvärshänvisning har ännu inte fått nya beslut. Alla ska "
        "få ett nytt beslut med besvärshänvisning inom en vecka.",
        False,
        "Rättssäkerheten är allvarligt påverkad, men inget tyder på allvarliga följder för liv "
        "eller hälsa. Bedöms på nytt när utredningen är klar.",
    ),
    investigator="inv_social",
    investigation={
        "lagrum": "sol",
        "bakgrund": "En socialsekreterare rapporterade att avslagsbeslut hade skickats utan "
        "information om hur man överklagar. Utredningen pågår; samtal med handläggarna, "
        "enhetschefen och systemförvaltaren är gjorda.",
        "underlag": [
            "samtal med personal",
            "journal eller akt",
            "rutiner och riktlinjer",
            "andra handlingar",
        ],
        "handelse_beskrivning": "Beslutsmallen för försörjningsstöd byttes ut i "
        "verksamhetssystemet den {template_sv}. I den nya mallen saknades avsnittet om hur man "
        "överklagar. Under tre veckor skickades 14 avslagsbeslut utan besvärshänvisning.",
        "konsekvenser": "De 14 sökande fick inte veta hur de kunde överklaga. För tre av dem "
        "hade tiden för att överklaga gått ut när felet upptäcktes.",
        "intraffade_beskrivning": "Från den {template_sv} till den {reported_sv}",
        "uppmarksammat_tid": "{reported} 10:20",
        "uppmarksammat_hur": "En sökande ringde och frågade hur man överklagar. Socialsekreteraren "
        "såg att besvärshänvisningen saknades och kontrollerade fler beslut.",
        "orsaker": [
            {
                "beskrivning": "Den nya mallen kontrollerades inte mot vad ett beslut ska "
                "innehålla innan den togs i bruk.",
                "niva": "system",
                "omrade": "rutiner",
            },
            {
                "beskrivning": "Handläggarna fick inte veta att mallen skulle bytas och visste "
                "därför inte att de behövde granska de första besluten extra noga.",
                "niva": "verksamhet",
                "omrade": "kommunikation",
            },
        ],
        "hant_tidigare": {"svar": "nej", "motivering": ""},
        "risk_upprepning": 3,
        "risk_upprepning_motivering": "Flera mallar ska bytas i höst och det finns ännu ingen "
        "kontroll innan en mall tas i bruk.",
        "avhjalpande": [
            {
                "atgard": "Den nya mallen rättades.",
                "datum": "{start}",
                "utford_av": "Systemförvaltaren",
            },
            {
                "atgard": "Nya beslut med besvärshänvisning skickades till alla 14 sökande, med "
                "information om att överklagandet prövas även om tiden har gått ut.",
                "datum": "{resent}",
                "utford_av": "Socialsekreterarna",
            },
        ],
        "informerad": {"svar": "ja", "motivering": ""},
        "informerad_vem": ["den enskilde"],
        "informerad_datum": "{resent}",
        "synpunkter": "Två av de sökande har hört av sig och vill överklaga. Övriga har inte "
        "lämnat några synpunkter.",
    },
    provenance={
        "handelse_beskrivning": Prov(
            "Genomgång av skickade beslut i verksamhetssystemet {start}", FACT
        ),
        "konsekvenser": Prov("Genomgång av beslutsdatum och delgivning {talk1}", FACT, "talk1"),
        "intraffade_beskrivning": Prov("Verksamhetssystemets logg över mallbytet", FACT),
        "uppmarksammat_tid": Prov("Socialsekreterarens rapport {reported}", FACT),
        "uppmarksammat_hur": Prov("Samtal med socialsekreteraren {talk1}", FACT, "talk1"),
        "orsaker": Prov(
            "Samtal med systemförvaltaren och enhetschefen {talk2}", ASSESSMENT, "talk2"
        ),
        "hant_tidigare": Prov("Genomgång av avvikelser och tidigare rapporter", FACT, "talk2"),
        "risk_upprepning": Prov("Utredarens bedömning", ASSESSMENT, "talk2"),
        "risk_upprepning_motivering": Prov(
            "Systemförvaltarens plan för mallbyten", ASSESSMENT, "talk2"
        ),
        "avhjalpande": Prov("Verksamhetssystemets logg och utskickslistan", FACT, "resent"),
        "informerad": Prov("Utskickslistan {resent}", FACT, "resent"),
        "informerad_vem": Prov("Utskickslistan {resent}", FACT, "resent"),
        "informerad_datum": Prov("Utskickslistan {resent}", FACT, "resent"),
        "synpunkter": Prov("Telefonsamtal med två av de sökande", FACT, "talk2"),
    },
    measure=PreventiveT(
        title="Kontroll av beslutsmallar innan de tas i bruk",
        description="Varje ny eller ändrad beslutsmall granskas av en socialsekreterare och "
        "systemförvaltaren mot en checklista över vad ett beslut ska innehålla, och "
        "handläggarna informeras innan mallen tas i bruk.",
        responsible="ec_income",
        due="due",
        causes=(0,),
        follow_up=FollowUpT(
            planned="follow_up",
            method="Genomgång av checklistan för de mallar som har ändrats och stickprov på tio "
            "skickade beslut.",
            responsible="ec_income",
        ),
    ),
)

# --- just reported --------------------------------------------------------------------------

NIGHT_TRANSFER = CaseT(
    key="forflyttning",
    title="Ensam nattpersonal vid förflyttningar som kräver två",
    unit="LSS-boende Tallbacken",
    filer="st_lss",
    stage=CaseStage.REPORTED,
    days={"reported": 1},
    reported_time="21:40",
    report={
        "rapportor_befattning": "Stödassistent",
        "rapportor_kontakt": "Nås på boendets telefon kvällstid",
        "mottagen_tid": "{reported} 21:40",
        "rapportsatt": "skriftlig",
        "enskild": "{code}",
        "typ": "påtaglig risk för missförhållande",
        "beskrivning": "Sedan det nya nattschemat började är vi en stödassistent i tjänst på "
        "natten i stället för två. En av de boende behöver två personer vid förflyttning enligt "
        "sin förflyttningsplan. Två nätter den senaste veckan har hen behövt hjälp till "
        "toaletten, och då har jag fått välja mellan att förflytta hen ensam och att låta hen "
        "vänta tills morgonpersonalen kommer.",
        "intraffade_beskrivning": "Varje natt sedan det nya schemat började för två veckor sedan",
        "uppmarksammat_tid": "{reported} 21:15",
        "uppmarksammat_hur": "Jag såg att jag åter stod ensam på nattens schema och tog upp det "
        "med kvällspersonalen.",
        "konsekvenser": "Den boende kan falla och skada sig vid en förflyttning som görs av en "
        "person, och personalen kan skada sig. Att ligga kvar i sängen till morgonen är "
        "förnedrande och kan ge sår.",
        "kategori": "brister i omsorg och tillsyn",
        "atgarder_vidtagna": {"svar": "ja", "motivering": ""},
        "omedelbara_atgarder": "Jag ringde bemanningsenheten, som skickar en extra nattpersonal i "
        "natt.",
        "atgarder_av": "{reporter}, den {reported_sv} klockan 21.30",
    },
)

# In the order the reports were made (the case numbers follow it).
CASES: tuple[CaseT, ...] = (SHOWER, NIGHT_EXIT, REST_ROOM, APPEALS, NIGHT_TRANSFER)
