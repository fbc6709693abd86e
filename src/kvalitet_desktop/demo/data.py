"""The texts of the demo municipality "Demokommun Norrvik": units, people and risk analyses.

Everything here is fictional and written for this program. ``demo.world`` turns these
templates into records; the curated analyses (``CURATED``) make up the demo at scale 1 and every
scenario (``SCENARIOS``) is reused, with variations, when the demo is scaled up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kvalitet_desktop.workflows.followups.domain import Dimension, Effect, GatheredBy
from kvalitet_desktop.workflows.risk.domain import ScopeKind, Trigger

MUNICIPALITY = "Demokommun Norrvik"
ORG_NUMBER = "212000-0142"
COUNTY = "Västerbottens län"
MUNICIPALITY_ADDRESS = "Socialförvaltningen, Rådhusgatan 1, 931 30 Norrvik"
BOARD = "Socialnämnden"

ELDERLY = "Äldreomsorg"
DISABILITY = "Funktionshinderomsorg"
IFO = "Individ- och familjeomsorg"


class UnitKind(Enum):
    HOME_CARE = "hemtjänst"
    NURSING_HOME = "särskilt boende"
    LSS_HOME = "LSS-boende"
    DAY_ACTIVITY = "daglig verksamhet"
    INCOME_SUPPORT = "försörjningsstöd"
    CHILDREN = "barn och unga"


AREA_OF_KIND: dict[UnitKind, str] = {
    UnitKind.HOME_CARE: ELDERLY,
    UnitKind.NURSING_HOME: ELDERLY,
    UnitKind.LSS_HOME: DISABILITY,
    UnitKind.DAY_ACTIVITY: DISABILITY,
    UnitKind.INCOME_SUPPORT: IFO,
    UnitKind.CHILDREN: IFO,
}


@dataclass(frozen=True)
class UnitT:
    name: str
    kind: UnitKind
    address: str


UNITS: tuple[UnitT, ...] = (
    UnitT("Hemtjänst Centrum", UnitKind.HOME_CARE, "Storgatan 14, Norrvik"),
    UnitT("Hemtjänst Norr", UnitKind.HOME_CARE, "Norra Allén 3, Norrvik"),
    UnitT("Särskilt boende Björkgården", UnitKind.NURSING_HOME, "Björkvägen 5, Norrvik"),
    UnitT("LSS-boende Tallbacken", UnitKind.LSS_HOME, "Tallbacksvägen 8, Norrvik"),
    UnitT("Daglig verksamhet Verkstan", UnitKind.DAY_ACTIVITY, "Industrigatan 4, Norrvik"),
    UnitT("Daglig verksamhet Solrosen", UnitKind.DAY_ACTIVITY, "Solrosvägen 2, Norrvik"),
    UnitT("Försörjningsstöd", UnitKind.INCOME_SUPPORT, "Rådhusgatan 1, Norrvik"),
    UnitT("Barn och unga", UnitKind.CHILDREN, "Rådhusgatan 1, Norrvik"),
)


# Names for the extra units of a scaled-up demo, per kind: (prefix, names).
def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(","))


EXTRA_UNIT_NAMES: dict[UnitKind, tuple[str, tuple[str, ...]]] = {
    UnitKind.HOME_CARE: (
        "Hemtjänst",
        _names(
            "Söder, Väster, Öster, Strand, Älvdalen, Backa, Kvarnby, Hamnen, Furulund, Lillå, "
            "Sörby, Granby, Åsen, Skogsby, Ängby, Lövsta"
        ),
    ),
    UnitKind.NURSING_HOME: (
        "Särskilt boende",
        _names(
            "Linden, Eken, Rönnen, Aspen, Almen, Lärkan, Syrenen, Hasseln, Solgården, "
            "Ängsgården, Sjöglimten, Vallmon, Kastanjen, Enebacken"
        ),
    ),
    UnitKind.LSS_HOME: (
        "LSS-boende",
        _names(
            "Granen, Enen, Furan, Lönnen, Videt, Havren, Blåklinten, Klövern, Näckrosen, "
            "Humlan, Ekorren, Tranan"
        ),
    ),
    UnitKind.DAY_ACTIVITY: (
        "Daglig verksamhet",
        _names(
            "Snickeriet, Trädgården, Caféet, Ateljén, Tvätteriet, Återbruket, Stallet, "
            "Växthuset, Tryckeriet, Bageriet, Sinnesrummet, Gården"
        ),
    ),
    UnitKind.INCOME_SUPPORT: (
        "Ekonomiskt bistånd",
        _names(
            "Söder, Väster, Öster, unga vuxna, mottagning, Norrvik centrum, Hamnen, Älvdalen, "
            "Backa, Kvarnby"
        ),
    ),
    UnitKind.CHILDREN: (
        "Barn och unga",
        _names(
            "mottagning, utredning, familjebehandling, familjehem, Söder, Väster, Öster, "
            "öppenvård, Hamnen, Älvdalen"
        ),
    ),
}
EXTRA_UNIT_STREETS = _names(
    "Skolgatan, Kyrkvägen, Ängsvägen, Sjövägen, Parkgatan, Torggatan, Bruksvägen, Hagvägen, "
    "Älvgatan, Backavägen"
)

# --- people --------------------------------------------------------------------------------

FIRST_NAMES = _names(
    "Karin, Anna, Eva, Maria, Lena, Kerstin, Sara, Emma, Ingrid, Malin, Sofia, Helena, "
    "Johanna, Linnea, Elin, Marie, Annika, Camilla, Åsa, Ylva, Birgitta, Hanna, Therese, "
    "Jenny, Frida, Amira, Leila, Nadia, Sanna, Tove, Lars, Anders, Johan, Per, Mikael, "
    "Erik, Magnus, Peter, Fredrik, Jonas, Henrik, Mattias, Daniel, Göran, Ola, Stefan, "
    "Ahmed, Omar, Jesper, Björn, Kristoffer, Niklas, Tomas, Ali, Emil, Oskar"
)
LAST_NAMES = _names(
    "Lind, Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, "
    "Svensson, Gustafsson, Pettersson, Jonsson, Lindberg, Lindqvist, Berg, Holm, Sandberg, "
    "Forsberg, Sjöberg, Wallin, Engström, Danielsson, Håkansson, Lundgren, Bergström, "
    "Nyström, Ek, Åberg, Hedlund, Strand, Öberg, Falk, Hassan, Mohammed, Ali, Nordin, "
    "Björk, Sundberg, Lundin, Ström, Blom, Hägg, Granlund, Norberg, Vikström, Sjögren, "
    "Moberg, Dahl, Ekström, Fransson, Bergqvist, Isaksson, Kovač, Virtanen"
)


@dataclass(frozen=True)
class StaffT:
    """A user of the demo at scale 1: title, role key and the units they work in."""

    key: str
    title: str
    role: str  # "admin" | "coordinator" | "manager" | "investigator" | "staff" | "lex_sarah"
    units: tuple[str, ...] = ()


STAFF: tuple[StaffT, ...] = (
    StaffT("admin", "Systemförvaltare", "admin"),
    StaffT("coordinator", "Kvalitetssamordnare", "coordinator"),
    StaffT("ec_home", "Enhetschef hemtjänst", "manager", ("Hemtjänst Centrum", "Hemtjänst Norr")),
    StaffT("ec_nursing", "Enhetschef särskilt boende", "manager", ("Särskilt boende Björkgården",)),
    StaffT("ec_lss", "Enhetschef LSS-boende", "manager", ("LSS-boende Tallbacken",)),
    StaffT(
        "ec_day",
        "Enhetschef daglig verksamhet",
        "manager",
        ("Daglig verksamhet Verkstan", "Daglig verksamhet Solrosen"),
    ),
    StaffT("ec_income", "Enhetschef försörjningsstöd", "manager", ("Försörjningsstöd",)),
    StaffT("ec_children", "Enhetschef barn och unga", "manager", ("Barn och unga",)),
    StaffT(
        "inv_elderly",
        "Kvalitetsutredare äldreomsorg",
        "investigator",
        ("Hemtjänst Centrum", "Hemtjänst Norr", "Särskilt boende Björkgården"),
    ),
    StaffT(
        "inv_social",
        "Utredare, kvalitet och utveckling",
        "investigator",
        (
            "LSS-boende Tallbacken",
            "Daglig verksamhet Verkstan",
            "Daglig verksamhet Solrosen",
            "Försörjningsstöd",
            "Barn och unga",
        ),
    ),
    StaffT("st_nursing", "Undersköterska", "staff", ("Särskilt boende Björkgården",)),
    StaffT("st_home", "Undersköterska", "staff", ("Hemtjänst Norr", "Hemtjänst Centrum")),
    StaffT("st_lss", "Stödassistent", "staff", ("LSS-boende Tallbacken",)),
    StaffT("st_day", "Stödpedagog", "staff", ("Daglig verksamhet Solrosen",)),
    StaffT("st_income", "Socialsekreterare", "staff", ("Försörjningsstöd",)),
    StaffT("st_children", "Socialsekreterare", "staff", ("Barn och unga",)),
    StaffT("lex_sarah", "Lex Sarah-ansvarig, socialförvaltningen", "lex_sarah"),
)

MANAGER_TITLES: dict[UnitKind, str] = {
    UnitKind.HOME_CARE: "Enhetschef hemtjänst",
    UnitKind.NURSING_HOME: "Enhetschef särskilt boende",
    UnitKind.LSS_HOME: "Enhetschef LSS-boende",
    UnitKind.DAY_ACTIVITY: "Enhetschef daglig verksamhet",
    UnitKind.INCOME_SUPPORT: "Enhetschef ekonomiskt bistånd",
    UnitKind.CHILDREN: "Enhetschef barn och unga",
}
STAFF_TITLES: dict[UnitKind, tuple[str, ...]] = {
    UnitKind.HOME_CARE: ("Undersköterska", "Vårdbiträde", "Planerare"),
    UnitKind.NURSING_HOME: ("Undersköterska", "Undersköterska", "Aktivitetssamordnare"),
    UnitKind.LSS_HOME: ("Stödassistent", "Stödpedagog"),
    UnitKind.DAY_ACTIVITY: ("Stödpedagog", "Arbetshandledare"),
    UnitKind.INCOME_SUPPORT: ("Socialsekreterare", "Handläggare"),
    UnitKind.CHILDREN: ("Socialsekreterare", "Familjebehandlare"),
}
# Analysis team members who are not users of the program: (role text).
OUTSIDE_TEAM_ROLES: dict[UnitKind, tuple[str, ...]] = {
    UnitKind.HOME_CARE: ("Sjuksköterska", "Arbetsterapeut", "Skyddsombud"),
    UnitKind.NURSING_HOME: ("Sjuksköterska", "Fysioterapeut", "Dietist"),
    UnitKind.LSS_HOME: ("Sjuksköterska", "LSS-handläggare", "Skyddsombud"),
    UnitKind.DAY_ACTIVITY: ("LSS-handläggare", "Arbetsterapeut", "Skyddsombud"),
    UnitKind.INCOME_SUPPORT: ("Receptionist", "Systemförvaltare", "Skyddsombud"),
    UnitKind.CHILDREN: ("Förste socialsekreterare", "Familjebehandlare", "Skyddsombud"),
}
COMMISSIONERS: dict[UnitKind, tuple[str, ...]] = {
    UnitKind.HOME_CARE: ("Verksamhetschef äldreomsorg", "Socialchef"),
    UnitKind.NURSING_HOME: ("Verksamhetschef äldreomsorg", "Socialnämndens arbetsutskott"),
    UnitKind.LSS_HOME: ("Verksamhetschef funktionshinderomsorg", "Socialchef"),
    UnitKind.DAY_ACTIVITY: ("Verksamhetschef funktionshinderomsorg", "Socialchef"),
    UnitKind.INCOME_SUPPORT: ("Verksamhetschef individ- och familjeomsorg", "Socialchef"),
    UnitKind.CHILDREN: ("Verksamhetschef individ- och familjeomsorg", "Socialchef"),
}

# --- what happens to a measure -------------------------------------------------------------


class Fate(Enum):
    """A measure's story in the demo: its status and the follow-ups it gets."""

    DONE = "genomförd, uppföljd och avslutad"
    DONE_NEW_MEASURE = "genomförd, uppföljningen gav en ny åtgärd"
    DONE_NEW_RISK = "genomförd, uppföljningen gav en ny riskanalys"
    DONE_AWAITING = "genomförd, uppföljning inom två veckor"
    DONE_LATE_FOLLOW_UP = "genomförd, uppföljningen är försenad"
    ONGOING = "pågående"
    ONGOING_CHECKED = "pågående, en uppföljning gjord och nästa inom kort"
    ONGOING_LATE_FOLLOW_UP = "pågående, uppföljningen är försenad"
    ONGOING_OVERDUE = "pågående men försenad"
    PLANNED = "planerad, klar inom två veckor"
    PLANNED_LATER = "planerad"
    PLANNED_OVERDUE = "planerad men försenad"
    CANCELLED = "avbruten"


@dataclass(frozen=True)
class VoiceT:
    """One person's own experience; ratings 1–5 (or None) with a comment, per dimension."""

    gathered_by: GatheredBy
    comment: str
    ratings: tuple[tuple[Dimension, int | None, str | None], ...]
    individual: bool = True


@dataclass(frozen=True)
class ResultT:
    result: str
    effect: Effect
    effect_comment: str
    voices: tuple[VoiceT, ...] = ()


@dataclass(frozen=True)
class MeasureT:
    title: str
    description: str
    fate: Fate = Fate.DONE
    method: str = "Samtal med de berörda och genomgång av dokumentationen."
    cancel_reason: str | None = None
    result: ResultT | None = None
    # For DONE_NEW_MEASURE: the measure the follow-up leads to; for DONE_NEW_RISK: the title.
    next_measure: tuple[str, str] | None = None
    next_risk_title: str | None = None


@dataclass(frozen=True)
class EventT:
    description: str
    causes: str
    proposed: str
    probability: int | None
    consequence: int | None
    measures: tuple[MeasureT, ...] = ()
    # A new assessment after the measures: (probability, consequence, comment).
    residual: tuple[int, int, str] | None = None


@dataclass(frozen=True)
class ScenarioT:
    key: str
    kind: UnitKind
    titles: tuple[str, ...]  # the first is the curated one; "{unit}" is the unit's name
    trigger: Trigger
    trigger_description: str
    fact_sources: str
    follow_up_method: str
    decision_text: str
    events: tuple[EventT, ...]
    scope_kind: ScopeKind = ScopeKind.UNIT
    scope_description: str | None = None
    individual: bool = False


V = GatheredBy
D = Dimension


def _r(
    safety: tuple[int | None, str | None],
    treatment: tuple[int | None, str | None],
    stress: tuple[int | None, str | None],
    continuity: tuple[int | None, str | None],
    participation: tuple[int | None, str | None],
) -> tuple[tuple[Dimension, int | None, str | None], ...]:
    return (
        (D.SAFETY, *safety),
        (D.TREATMENT, *treatment),
        (D.STRESS, *stress),
        (D.CONTINUITY, *continuity),
        (D.PARTICIPATION, *participation),
    )


# --- the scenarios ---------------------------------------------------------------------------

SOLROSEN = ScenarioT(
    key="solrosen",
    kind=UnitKind.DAY_ACTIVITY,
    titles=(
        "Stängning av {unit} under pandemin",
        "Tillfällig stängning av {unit} vid smittspridning",
        "Stängning av {unit} under sommarperioden",
    ),
    trigger=Trigger.ACTIVITY_CHANGE,
    trigger_description=(
        "Förvaltningen har beslutat att {unit} håller stängt tills vidare för att minska "
        "smittspridningen. Ett trettiotal deltagare med beslut om daglig verksamhet enligt LSS "
        "berörs."
    ),
    fact_sources=(
        "Deltagarförteckning och genomförandeplaner; samtal med gode män och med personalen i "
        "gruppbostäderna; avvikelser från det senaste halvåret; kommunens pandemiplan; "
        "synpunkter från två närstående."
    ),
    follow_up_method=(
        "Telefonuppföljning med varje deltagare eller företrädare efter sex veckor och en "
        "sammanställning på arbetsplatsträffen."
    ),
    decision_text=(
        "Åtgärderna i handlingsplanen genomförs. Enhetschefen ansvarar för att varje deltagare "
        "har kontakt med verksamheten minst en gång i veckan så länge verksamheten är stängd. "
        "Analysen följs upp när verksamheten öppnar igen."
    ),
    events=(
        EventT(
            "Deltagarna förlorar sin dagliga struktur när verksamheten stänger, vilket kan leda "
            "till oro, sömnproblem och utmanande beteende.",
            "För många deltagare är den dagliga verksamheten veckans viktigaste fasta punkt. "
            "Flera har autism eller intellektuell funktionsnedsättning och behöver "
            "förutsägbarhet. Stängningen kom med kort varsel.",
            "Kontakt med varje deltagare varje vecka. En individuell plan för dagarna hemma, "
            "gjord tillsammans med gode män, närstående och boendepersonal.",
            4,
            3,
            (
                MeasureT(
                    "Ringa varje deltagare varje vecka",
                    "Varje deltagare får ett samtal i veckan av en medarbetare som hen känner. "
                    "Samtalet följer en kort checklista om mående, sömn, mat och aktiviteter och "
                    "dokumenteras i den sociala dokumentationen.",
                    Fate.DONE,
                    method="Telefonsamtal med deltagarna och genomgång av samtalsanteckningarna.",
                    result=ResultT(
                        "Samtliga 31 deltagare har fått minst ett samtal i veckan under "
                        "stängningen, sammanlagt 214 samtal. Fem deltagare har föredragit att "
                        "personalen pratat med boendepersonalen i stället. Samtalen har fångat "
                        "upp två deltagare vars mående försämrats; båda fick kontakt med "
                        "sjuksköterska samma vecka.",
                        Effect.YES,
                        "Deltagarna beskriver samtalen som en trygg punkt i veckan.",
                        (
                            VoiceT(
                                V.CONVERSATION,
                                "Det var skönt att någon ringde varje vecka. Då visste jag att "
                                "de inte hade glömt mig.",
                                _r(
                                    (5, "Jag visste att Lisa skulle ringa på tisdagar."),
                                    (5, "De var snälla och hade tid att prata."),
                                    (4, "Lite stressigt när telefonen ringde tidigt."),
                                    (5, "Det var samma person varje gång."),
                                    (4, "Jag fick berätta vad jag ville göra."),
                                ),
                            ),
                            VoiceT(
                                V.RELATIVE,
                                "Min bror saknade jobbet mycket, men samtalen hjälpte honom att "
                                "förstå att verksamheten skulle komma tillbaka.",
                                _r(
                                    (4, None),
                                    (5, "Personalen var alltid vänlig mot honom och mot mig."),
                                    (3, "Han var orolig de första veckorna."),
                                    (4, None),
                                    (3, "Vi hade gärna fått vara med och bestämma tiden."),
                                ),
                            ),
                        ),
                    ),
                ),
                MeasureT(
                    "Individuell planering för varje deltagare tillsammans med gode män och "
                    "närstående",
                    "En skriftlig plan per deltagare för vad dagarna ska innehålla under "
                    "stängningen, med bildstöd där det behövs. Planen tas fram tillsammans med "
                    "deltagaren, god man och närstående eller boendepersonal.",
                    Fate.DONE,
                    method="Genomgång av planerna och samtal med deltagare och gode män.",
                    result=ResultT(
                        "27 av 31 deltagare har en skriftlig plan. Fyra deltagare ville inte ha "
                        "någon plan men har haft kontakt med verksamheten varje vecka. Planerna "
                        "med bildstöd har använts i gruppbostäderna varje dag.",
                        Effect.PARTLY,
                        "Planerna fungerar bäst där boendepersonalen varit med och tagit fram dem.",
                        (
                            VoiceT(
                                V.CONVERSATION,
                                "Jag hade ett schema på kylskåpet. Då visste jag vad jag skulle "
                                "göra på förmiddagen.",
                                _r(
                                    (4, None),
                                    (4, None),
                                    (4, "Jag blev lugnare när jag hade schemat."),
                                    (3, "Ibland kom det nya personer hem till mig."),
                                    (5, "Jag fick välja vad som skulle stå på schemat."),
                                ),
                            ),
                            VoiceT(
                                V.RELATIVE,
                                "Som god man blev jag inbjuden att vara med, det uppskattade jag.",
                                _r(
                                    (3, None),
                                    (4, None),
                                    (3, "Planen följdes inte alltid på helgerna."),
                                    (3, None),
                                    (4, "Vi fick säga vad vi tyckte innan planen blev klar."),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
            residual=(
                2,
                3,
                "Veckosamtalen och de individuella planerna har gett de flesta en fungerande "
                "vardag. Tre deltagare behöver fortfarande extra stöd.",
            ),
        ),
        EventT(
            "Deltagarna förlorar den sociala kontakten med arbetskamrater och personal, vilket "
            "ökar risken för ensamhet och psykisk ohälsa.",
            "Flera deltagare har få sociala kontakter utanför verksamheten. Råden om att begränsa "
            "kontakter gör att även fritidsaktiviteter ställs in.",
            "Träffar via video i små grupper och aktiviteter utomhus där det går att hålla "
            "avstånd.",
            4,
            3,
            (
                MeasureT(
                    "Digitala fikaträffar",
                    "Två gånger i veckan bjuds deltagarna in till en fikaträff via video i "
                    "grupper om högst sex personer. Personalen hjälper till att koppla upp.",
                    Fate.DONE_NEW_MEASURE,
                    method="Närvarolista för träffarna och korta samtal med deltagarna.",
                    result=ResultT(
                        "Fikaträffarna har hållits 16 gånger. I genomsnitt har nio deltagare "
                        "varit med. De som deltar är nöjda, men elva deltagare har inte kunnat "
                        "vara med eftersom de saknar surfplatta eller dator eller inte klarar "
                        "att koppla upp sig själva.",
                        Effect.PARTLY,
                        "Åtgärden når bara deltagare som har egen utrustning och stöd hemma.",
                        (
                            VoiceT(
                                V.CONVERSATION,
                                "Roligt att se de andra, fast det blev rörigt när alla pratade "
                                "samtidigt.",
                                _r(
                                    (4, None),
                                    (5, "Personalen hjälpte mig att höras."),
                                    (2, "Det blev för mycket ljud ibland."),
                                    (4, None),
                                    (4, "Jag fick visa min katt för alla."),
                                ),
                            ),
                            VoiceT(
                                V.SURVEY,
                                "Har ingen padda så jag kunde inte vara med.",
                                _r(
                                    (3, None),
                                    (3, None),
                                    (3, None),
                                    (2, "Jag saknar mina arbetskamrater."),
                                    (1, "Jag fick inte vara med på fikat."),
                                ),
                                individual=False,
                            ),
                        ),
                    ),
                    next_measure=(
                        "Låna ut surfplattor och ge stöd att komma igång",
                        "Deltagare som saknar egen utrustning får låna en surfplatta med "
                        "förinställd app för fikaträffarna. En medarbetare kommer hem och visar "
                        "hur den används.",
                    ),
                ),
                MeasureT(
                    "Planering på gruppnivå för aktiviteter utomhus",
                    "Promenadgrupper och trädgårdsarbete utomhus i grupper om högst fem "
                    "deltagare. Schemat skickas ut varje fredag, även i lättläst form.",
                    Fate.ONGOING,
                    method="Närvaro i utegrupperna och samtal med deltagarna.",
                ),
            ),
        ),
        EventT(
            "Närstående och personalen i gruppbostäderna får ta ett större ansvar för "
            "deltagarnas dagar och kan bli överbelastade.",
            "Gruppbostäderna är bemannade för att de boende är borta på dagtid. Närstående som "
            "arbetar har svårt att vara hemma.",
            "Stämma av med gruppbostäderna och närstående varannan vecka. Låna ut personal från "
            "daglig verksamhet till gruppbostäderna på dagtid.",
            3,
            2,
        ),
        EventT(
            "Förändringar i deltagarnas hälsa och behov uppmärksammas inte, eftersom personalen "
            "inte träffar dem.",
            "Personalen ser annars deltagarna varje dag och märker tidigt om något förändras. "
            "Ett telefonsamtal ger en begränsad bild, och alla deltagare kan inte uttrycka sig "
            "i telefon.",
            "En checklista vid samtalen och en rutin för att föra vidare signaler till "
            "LSS-handläggare och sjuksköterska samma dag.",
            3,
            3,
            (
                MeasureT(
                    "Checklista och rutin för signaler om förändrade behov",
                    "En kort checklista används vid varje kontakt. Signaler om försämring förs "
                    "samma dag vidare till LSS-handläggaren eller sjuksköterskan.",
                    Fate.ONGOING_OVERDUE,
                ),
            ),
        ),
        EventT(
            "Information om stängningen och om när verksamheten öppnar igen når inte deltagare "
            "med kognitiva funktionsnedsättningar.",
            "Informationen skickas som brev skrivna på myndighetsspråk. Många deltagare läser "
            "inte själva, och informationen går via boendepersonal eller närstående där den kan "
            "falla bort.",
            "Information i lättläst form och med bildstöd, som också berättas muntligt vid "
            "veckosamtalet.",
            3,
            3,
            (
                MeasureT(
                    "Information i lättläst form och med bildstöd",
                    "Informationen om stängningen och om återöppningen skrivs om till lättläst "
                    "text med bilder, skickas hem och gås igenom muntligt vid veckosamtalet.",
                    Fate.DONE,
                ),
            ),
            residual=(
                1,
                3,
                "Lättläst information med bilder är utskickad och genomgången med varje deltagare.",
            ),
        ),
    ),
)

BJORKGARDEN = ScenarioT(
    key="bjorkgarden",
    kind=UnitKind.NURSING_HOME,
    titles=(
        "Besöksförbud på {unit}",
        "Begränsade besök på {unit} under ett smittutbrott",
        "Stängda gemensamma utrymmen på {unit}",
    ),
    trigger=Trigger.ACTIVITY_CHANGE,
    trigger_description=(
        "Besöksförbud på särskilda boenden för äldre. De boende på {unit} kan inte ta emot "
        "närstående i sina lägenheter, och de gemensamma aktiviteterna är inställda."
    ),
    fact_sources=(
        "Genomförandeplaner och levnadsberättelser; vikt- och nutritionsuppgifter från "
        "sjuksköterskorna; fallrapporter; personalens frånvaro; telefonsamtal med närstående."
    ),
    follow_up_method=(
        "Genomgång av vikt, fall och avvikelser varje månad samt samtal med boende och "
        "närstående efter tre månader."
    ),
    decision_text=(
        "Handlingsplanen fastställs. Varje boende ska ha en namngiven kontaktperson och kontakt "
        "med sina närstående minst en gång i veckan. Sjuksköterska och enhetschef följer vikt "
        "och fall varje månad."
    ),
    events=(
        EventT(
            "Boende blir isolerade och ensamma när närstående inte får komma på besök, med risk "
            "för nedstämdhet och försämrad kognition.",
            "Flera boende har en demenssjukdom och förstår inte varför de närstående inte "
            "kommer. De gemensamma aktiviteterna är inställda.",
            "Videosamtal och fönsterbesök, enskilda aktiviteter med personalen och fasta "
            "kontaktpersoner.",
            4,
            3,
            (
                MeasureT(
                    "Fasta kontaktpersoner per brukare",
                    "Varje boende får två namngivna kontaktpersoner i personalgruppen som "
                    "ansvarar för kontakten med närstående och för att den boende får egen tid "
                    "varje dag.",
                    Fate.DONE,
                    method="Samtal med boende och närstående, genomgång av schemat.",
                    result=ResultT(
                        "Alla 24 boende har två kontaktpersoner. Kontaktpersonerna har arbetat "
                        "minst tre pass i veckan hos sina boende i 85 procent av veckorna. "
                        "Närstående vet vem de ska ringa.",
                        Effect.YES,
                        "Både boende och närstående beskriver större trygghet.",
                        (
                            VoiceT(
                                V.CONVERSATION,
                                "Det är Ahmed och Lena som kommer till mig. De vet hur jag vill "
                                "ha mitt kaffe.",
                                _r(
                                    (5, "Jag känner dem som kommer."),
                                    (5, None),
                                    (4, None),
                                    (5, "Nästan alltid samma två."),
                                    (4, "De frågar mig innan de bestämmer."),
                                ),
                            ),
                            VoiceT(
                                V.RELATIVE,
                                "Äntligen vet jag vem jag ska ringa när jag undrar hur mamma mår.",
                                _r(
                                    (4, None),
                                    (5, "Kontaktpersonen ringer tillbaka samma dag."),
                                    (3, "Mamma är fortfarande orolig på kvällarna."),
                                    (4, None),
                                    (4, None),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
            residual=(
                2,
                3,
                "Kontaktpersoner och videosamtal har minskat ensamheten, men några boende med "
                "demenssjukdom är fortfarande oroliga.",
            ),
        ),
        EventT(
            "De boendes rörlighet minskar när promenader och gemensam gymnastik ställs in, vilket "
            "ökar risken för fall.",
            "Promenaderna görs ofta tillsammans med närstående. Sittgympan är inställd och "
            "fysioterapeuten kommer mer sällan.",
            "En daglig rörelsestund för varje boende, ledd av personalen efter fysioterapeutens "
            "program.",
            3,
            3,
            (
                MeasureT(
                    "Daglig promenad eller rörelsestund med personal",
                    "Varje boende erbjuds en promenad utomhus eller en rörelsestund i lägenheten "
                    "varje dag. Fysioterapeuten har tagit fram ett enkelt program.",
                    Fate.DONE,
                ),
            ),
            residual=(2, 3, "Fallen har minskat från sju till tre per månad."),
        ),
        EventT(
            "De boende äter och dricker sämre när måltiderna inte längre är gemensamma, med risk "
            "för undernäring och uttorkning.",
            "Måltiderna serveras i lägenheterna. Närstående som brukade hjälpa till vid "
            "måltiderna kommer inte.",
            "Vägning varje månad, nutritionsbedömning vid viktnedgång och måltidsvärd vid varje "
            "måltid.",
            3,
            4,
            (
                MeasureT(
                    "Vägning varje månad och nutritionsbedömning vid viktnedgång",
                    "Alla boende vägs den första veckan varje månad. Vid viktnedgång gör "
                    "sjuksköterskan en nutritionsbedömning och dietisten kontaktas.",
                    Fate.DONE,
                ),
            ),
            residual=(1, 4, "Ingen boende har gått ned mer än fem procent i vikt på tre månader."),
        ),
        EventT(
            "Närstående blir oroliga när de inte kan se hur deras anhöriga har det och får för "
            "lite information.",
            "Informationen till närstående har gått ut per telefon när personalen hunnit. Det "
            "saknas en samlad kanal.",
            "Ett veckobrev till alla närstående och en fast telefontid.",
            4,
            2,
            (
                MeasureT(
                    "Veckobrev till närstående",
                    "Varje fredag skickas ett brev till alla närstående om hur veckan har varit "
                    "på boendet, vad som gäller för besök och vem de kan ringa.",
                    Fate.DONE,
                ),
            ),
            residual=(2, 2, "Närstående är nöjda med veckobrevet."),
        ),
        EventT(
            "Hög sjukfrånvaro gör att de boende möter många vikarier som inte känner dem.",
            "Personal med symtom ska stanna hemma. Vikarier bokas med kort varsel och får ingen "
            "introduktion.",
            "En gemensam bemanningspool och en kort introduktion för vikarier.",
            3,
            3,
            (
                MeasureT(
                    "Gemensam bemanningspool med Hemtjänst Centrum",
                    "En pool med sex timanställda som introduceras både på boendet och i "
                    "hemtjänsten och kan ta pass med kort varsel.",
                    Fate.CANCELLED,
                    cancel_reason=(
                        "Ersattes av kommunens centrala bemanningsenhet, som startade under "
                        "våren och gör samma sak för hela äldreomsorgen."
                    ),
                ),
            ),
            residual=(2, 3, "Den centrala bemanningsenheten ger vikarier som fått introduktion."),
        ),
    ),
)

HEMTJANST_NORR = ScenarioT(
    key="hemtjanst_norr",
    kind=UnitKind.HOME_CARE,
    titles=(
        "Nytt schemaläggningssystem och färre tillsvidareanställda i {unit}",
        "Fler timanställda och ny planering i {unit}",
        "Omorganisation av arbetslagen i {unit}",
    ),
    trigger=Trigger.STAFFING_CHANGE,
    trigger_description=(
        "Från nästa månad planeras alla besök i ett nytt digitalt planeringssystem. Samtidigt "
        "ersätts fyra tillsvidaretjänster med timanställda efter pensionsavgångar."
    ),
    fact_sources=(
        "Kontinuitetsmätning (antal personal per brukare under 14 dagar); avvikelser om "
        "missade besök; brukarundersökningen; samtal med planerare och skyddsombud."
    ),
    follow_up_method=(
        "Ny kontinuitetsmätning efter tre månader och genomgång av avvikelser om missade och "
        "försenade besök."
    ),
    decision_text=(
        "Åtgärderna genomförs enligt handlingsplanen. Enhetschefen följer kontinuiteten varje "
        "månad och rapporterar till verksamhetschefen."
    ),
    events=(
        EventT(
            "Kontinuiteten minskar: brukarna möter fler olika medarbetare under en vecka.",
            "Fler timanställda och en planering som utgår från körvägar snarare än från vem som "
            "känner brukaren.",
            "Kontaktmannaskap och ett tak för hur många olika medarbetare en brukare möter.",
            4,
            3,
            (
                MeasureT(
                    "Kontaktmannaskap med högst två kontaktpersoner per brukare",
                    "Varje brukare får två kontaktpersoner som planeras in i första hand. "
                    "Planeraren ser kontaktpersonerna direkt i systemet.",
                    Fate.PLANNED,
                ),
                MeasureT(
                    "Kontinuitet som styrande regel i planeringssystemet",
                    "Planeringssystemet ställs in så att samma medarbetare i första hand "
                    "planeras till samma brukare. Planeraren följer antalet personal per "
                    "brukare varje vecka.",
                    Fate.ONGOING_CHECKED,
                    method="Kontinuitetsmätning i planeringssystemet och samtal med brukare.",
                    result=ResultT(
                        "Första mätningen efter ändringen: i genomsnitt 11 olika medarbetare per "
                        "brukare på 14 dagar, jämfört med 15 före. Målet är högst 10. Helgerna "
                        "drar upp antalet.",
                        Effect.PARTLY,
                        "Bättre på vardagar, men helgplaneringen behöver ses över.",
                        (
                            VoiceT(
                                V.CONVERSATION,
                                "Det är bättre nu i veckorna, men på helgen kommer det folk jag "
                                "aldrig sett.",
                                _r(
                                    (3, "Jag vill veta vem som kommer."),
                                    (4, "De är trevliga allihop."),
                                    (3, None),
                                    (2, "För många nya på helgerna."),
                                    (3, "Ingen frågade mig om schemat."),
                                ),
                            ),
                            VoiceT(
                                V.RELATIVE,
                                "Pappa har börjat känna igen dem som kommer på morgonen.",
                                _r(
                                    (4, None),
                                    (4, None),
                                    (4, "Morgnarna är lugnare nu."),
                                    (3, None),
                                    (3, None),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        EventT(
            "Besök missas eller blir kraftigt försenade när de flyttas i det nya systemet.",
            "Personalen är ovan vid systemet. Ändringar under dagen når inte alltid den som har "
            "telefonen.",
            "Avstämning klockan 7 och 15 mellan planeraren och arbetslaget och kontroll av att "
            "alla insatser finns med i planeringen.",
            3,
            4,
        ),
        EventT(
            "Nya och timanställda medarbetare känner inte till brukarnas genomförandeplaner och "
            "rutiner.",
            "Introduktionen är två pass och genomförandeplanerna finns inte i telefonen.",
            "En introduktion med handledare och genomförandeplanerna tillgängliga i telefonen.",
            3,
            3,
            (
                MeasureT(
                    "Introduktion med handledare för alla nyanställda",
                    "Varje nyanställd går minst fyra pass med en erfaren handledare och går "
                    "igenom genomförandeplanerna för de brukare hen ska besöka.",
                    Fate.ONGOING_OVERDUE,
                ),
            ),
        ),
        EventT(
            "Brukare med demenssjukdom blir oroliga och tackar nej till insatser när okända "
            "personer kommer hem till dem.",
            "Brukaren känner inte igen personalen och förstår inte varför de kommer.",
            "Fotolista över arbetslaget hemma hos brukaren och att en känd medarbetare "
            "presenterar nya kollegor.",
            3,
            3,
            (
                MeasureT(
                    "Fotolista över arbetslaget hos brukare med demenssjukdom",
                    "En lista med foto och namn på de medarbetare som kommer, uppsatt hemma hos "
                    "brukaren efter samtycke, och uppdaterad varje månad.",
                    Fate.PLANNED_OVERDUE,
                ),
            ),
        ),
    ),
)

FORSORJNINGSSTOD = ScenarioT(
    key="forsorjningsstod",
    kind=UnitKind.INCOME_SUPPORT,
    titles=(
        "Digitala möten i {unit}",
        "E-tjänst och videomöten i {unit}",
        "Digital ansökan om ekonomiskt bistånd i {unit}",
    ),
    trigger=Trigger.NEW_METHOD,
    trigger_description=(
        "Nybesök och uppföljningsmöten görs i första hand via video, och ansökan lämnas i en "
        "e-tjänst med e-legitimation."
    ),
    fact_sources=(
        "Statistik från e-tjänsten; handläggningstider; synpunkter från receptionen; samtal "
        "med tolkförmedlingen; erfarenheter från en grannkommun."
    ),
    follow_up_method=(
        "Handläggningstider och andel fysiska möten efter fyra månader samt en enkät till de "
        "sökande."
    ),
    decision_text=(
        "Digitala möten införs med de ändringar som föreslås. Ett fysiskt möte ska alltid "
        "erbjudas. Enhetschefen följer upp efter fyra månader."
    ),
    scope_kind=ScopeKind.PROCESS,
    scope_description=(
        "Processen från ansökan till beslut om ekonomiskt bistånd, särskilt möten och "
        "kompletteringar."
    ),
    events=(
        EventT(
            "Sökande som saknar dator, smarttelefon eller e-legitimation kan inte delta i mötet "
            "eller lämna in sin ansökan.",
            "Många sökande har begränsad ekonomi och ingen egen utrustning. E-legitimation "
            "kräver ett bankkonto och en giltig id-handling.",
            "Erbjud alltid fysiskt möte eller telefonmöte. Ordna en datorplats med stöd.",
            3,
            4,
            (
                MeasureT(
                    "Fysiskt möte eller telefonmöte erbjuds alla som önskar",
                    "I kallelsen står att den sökande kan välja fysiskt möte, telefonmöte eller "
                    "videomöte. Receptionen bokar om utan krav på skäl.",
                    Fate.DONE,
                    method="Genomgång av bokningar och en kort enkät till sökande.",
                    result=ResultT(
                        "38 procent av mötena har hållits fysiskt och 14 procent per telefon. "
                        "Ingen sökande har behövt avstå från ett möte för att tekniken saknats.",
                        Effect.YES,
                        "Valfriheten fungerar och efterfrågas.",
                        (
                            VoiceT(
                                V.SURVEY,
                                "Bra att jag fick komma dit. Jag har ingen dator.",
                                _r(
                                    (4, None),
                                    (4, "Handläggaren förklarade allt."),
                                    (3, "Lång väntan i telefon för att boka om."),
                                    (3, None),
                                    (4, None),
                                ),
                                individual=False,
                            ),
                        ),
                    ),
                ),
                MeasureT(
                    "Datorplats med stöd i receptionen",
                    "En dator i receptionen där sökande kan fylla i ansökan och delta i "
                    "videomöten, med stöd av receptionisten två förmiddagar i veckan.",
                    Fate.PLANNED,
                ),
            ),
        ),
        EventT(
            "Sökande med begränsade kunskaper i svenska missförstår information om villkor och "
            "rättigheter i videomötet.",
            "Tolk bokas inte alltid till videomöten, och informationen ges snabbt.",
            "Tolk kopplas in i videomötet och viktig information skickas också skriftligt på "
            "flera språk.",
            3,
            3,
            (
                MeasureT(
                    "Tolk kopplas in i videomötet vid behov",
                    "Behov av tolk noteras redan vid ansökan, och tolken kopplas in i "
                    "videomötet. Villkoren skickas också skriftligt på den sökandes språk.",
                    Fate.ONGOING,
                ),
            ),
        ),
        EventT(
            "Samtalet hörs av andra i hemmet, så att den sökande inte kan tala öppet, till "
            "exempel om våld i nära relation.",
            "Videomötet sker där den sökande bor. Handläggaren ser inte vem som finns i rummet.",
            "Fråga alltid i början av mötet om den sökande kan tala ostört och erbjud en ny tid "
            "på kontoret.",
            2,
            4,
            (
                MeasureT(
                    "Fråga i början av mötet om den sökande kan tala ostört",
                    "Handläggaren inleder varje videomöte med frågan och erbjuder en ny tid på "
                    "kontoret. Frågan finns i mötesmallen.",
                    Fate.DONE_AWAITING,
                ),
            ),
        ),
        EventT(
            "Utbetalningar försenas när kompletteringar inte kommer in i tid.",
            "Den sökande missar meddelanden i e-tjänsten om vad som saknas.",
            "Påminnelse om handlingar som saknas.",
            2,
            3,
            (
                MeasureT(
                    "Påminnelse per sms om saknade handlingar",
                    "Ett sms skickas två dagar innan sista dag för komplettering.",
                    Fate.CANCELLED,
                    cancel_reason=(
                        "Kommunens sms-tjänst uppfyller inte kraven på säker hantering av "
                        "personuppgifter. Påminnelsen skickas i stället med brev."
                    ),
                ),
            ),
        ),
    ),
)

TALLBACKEN = ScenarioT(
    key="tallbacken",
    kind=UnitKind.LSS_HOME,
    titles=(
        "Tillfällig flytt under ombyggnaden av {unit}",
        "Byte av lägenhet inom {unit}",
        "Ny kontaktperson och ändrat schema på {unit}",
    ),
    trigger=Trigger.ACTIVITY_CHANGE,
    trigger_description=(
        "Boendet byggs om under fyra månader och de boende flyttar tillfälligt. Analysen gäller "
        "en boende med autism som har svårt med förändringar."
    ),
    fact_sources=(
        "Genomförandeplan och social dokumentation; samtal med den boende med bildstöd; samtal "
        "med god man och en förälder; sjuksköterskans läkemedelslista."
    ),
    follow_up_method="Samtal med den boende och god man varannan vecka under flytten.",
    decision_text=(
        "Flytten genomförs enligt den individuella planen. Två ordinarie medarbetare följer med "
        "under hela perioden."
    ),
    individual=True,
    events=(
        EventT(
            "Den boende blir orolig och utåtagerande i en ny miljö med nya rutiner.",
            "Den boende har autism och behöver förutsägbarhet. Tidigare förändringar har lett "
            "till sömnsvårigheter och utbrott.",
            "Förbered flytten med bildschema, besök i förväg och kända medarbetare.",
            4,
            3,
            (
                MeasureT(
                    "Bildschema för flytten som gås igenom varje dag",
                    "Ett bildschema visar vad som händer varje dag fram till flytten och de "
                    "första veckorna efter. Det gås igenom varje morgon tillsammans med den "
                    "boende.",
                    Fate.DONE,
                    method="Samtal med den boende med bildstöd och med god man.",
                    result=ResultT(
                        "Flytten genomfördes utan utbrott. Den boende har använt bildschemat "
                        "varje morgon och själv visat det för nya medarbetare. Sömnen var "
                        "orolig den första veckan.",
                        Effect.YES,
                        "God man bedömer att förberedelsen gjorde stor skillnad.",
                        (
                            VoiceT(
                                V.CONVERSATION,
                                "Jag visste när flyttbilen skulle komma. Det var bra.",
                                _r(
                                    (4, "Jag hade mina saker med mig."),
                                    (5, None),
                                    (3, "Första natten var svår."),
                                    (4, "Mikael var med."),
                                    (4, "Jag fick välja var sängen skulle stå."),
                                ),
                            ),
                            VoiceT(
                                V.RELATIVE,
                                "Som god man fick jag vara med vid varje steg. Det kändes tryggt.",
                                _r(
                                    (4, None),
                                    (5, None),
                                    (3, None),
                                    (4, None),
                                    (5, "Vi var med från början."),
                                ),
                            ),
                        ),
                    ),
                ),
                MeasureT(
                    "Två ordinarie medarbetare följer med till det tillfälliga boendet",
                    "Två medarbetare som den boende känner väl arbetar på det tillfälliga "
                    "boendet under hela ombyggnaden, enligt ett schema som den boende får se i "
                    "förväg.",
                    Fate.ONGOING_LATE_FOLLOW_UP,
                ),
            ),
            residual=(2, 3, "Den boende har kommit till ro, men sömnen följs fortsatt."),
        ),
        EventT(
            "Läkemedel ges fel eller vid fel tid när ansvaret för läkemedelshanteringen byter "
            "hand.",
            "Det tillfälliga boendet har en annan sjuksköterska och andra rutiner för signering.",
            "Överlämning av läkemedelslista och signeringslistor mellan sjuksköterskorna.",
            2,
            4,
            (
                MeasureT(
                    "Överlämning av läkemedelslista och signeringslistor",
                    "Sjuksköterskorna går tillsammans igenom läkemedelslistan och "
                    "signeringsrutinen dagen före flytten.",
                    Fate.DONE,
                ),
            ),
        ),
        EventT(
            "Resan till daglig verksamhet blir längre och den boende hinner inte med sina "
            "aktiviteter.",
            "Det tillfälliga boendet ligger i en annan del av kommunen.",
            "Ändrad tid för färdtjänsten och kontakt med daglig verksamhet om schemat.",
            3,
            2,
        ),
    ),
)

SAMMANSLAGNING = ScenarioT(
    key="sammanslagning",
    kind=UnitKind.DAY_ACTIVITY,
    titles=(
        "Sammanslagning av Daglig verksamhet Verkstan och Solrosen",
        "Sammanslagning av {unit} med en annan daglig verksamhet",
        "Ändrad inriktning för {unit}",
    ),
    trigger=Trigger.ACTIVITY_CHANGE,
    trigger_description=(
        "Förvaltningen föreslår att verksamheten slås samman med en annan daglig verksamhet i "
        "gemensamma lokaler från årsskiftet, för att minska lokalkostnaderna."
    ),
    fact_sources=(
        "Deltagarförteckningar; färdtjänstens restider; synpunkter från ett deltagarråd; "
        "lokalernas planritningar."
    ),
    follow_up_method="Samtal med deltagarna tre månader efter sammanslagningen.",
    decision_text=(
        "Sammanslagningen genomförs med de åtgärder som föreslås. Deltagarrådet bjuds in till "
        "planeringen."
    ),
    events=(
        EventT(
            "Deltagare som inte klarar större grupper och mer ljud får svårare att vara på "
            "verksamheten.",
            "Den sammanslagna gruppen blir dubbelt så stor och lokalerna har få avskilda rum.",
            "Avskilda arbetsplatser och mindre grupper med egna tider.",
            3,
            4,
        ),
        EventT(
            "Resan blir längre för deltagare som bor nära den verksamhet som flyttar.",
            "De gemensamma lokalerna ligger i industriområdet i andra änden av tätorten.",
            "Samordnade resor och möjlighet att börja senare.",
            3,
            2,
        ),
        EventT(
            "Deltagarnas arbetsuppgifter försvinner när verksamheterna har olika inriktning.",
            "Verksamheterna har olika inriktning: den ena café och trädgård, den andra snickeri "
            "och montering.",
            "Kartläggning av vilka arbetsuppgifter deltagarna vill behålla.",
            None,
            None,
        ),
    ),
)

BARN_OCH_UNGA = ScenarioT(
    key="barn_och_unga",
    kind=UnitKind.CHILDREN,
    titles=(
        "Ny mottagningsgrupp för orosanmälningar i {unit}",
        "Ändrad arbetsfördelning vid orosanmälningar i {unit}",
        "Ny rutin för förhandsbedömning i {unit}",
    ),
    trigger=Trigger.NEW_METHOD,
    trigger_description=(
        "Orosanmälningar tas sedan i höstas emot av en särskild mottagningsgrupp. Gruppen "
        "består till hälften av nyanställda och inhyrda socialsekreterare."
    ),
    fact_sources=(
        "Ärendestatistik; tid från anmälan till skyddsbedömning; granskning av tio "
        "förhandsbedömningar; samtal med förste socialsekreterare."
    ),
    follow_up_method=(
        "Granskning av tio slumpvis valda förhandsbedömningar och tiden till skyddsbedömning "
        "efter tre månader."
    ),
    decision_text=(
        "Mottagningsgruppen behålls med de åtgärder som föreslås. Förste socialsekreterare "
        "ansvarar för den dagliga genomgången."
    ),
    events=(
        EventT(
            "Skyddsbedömningen görs inte samma dag som anmälan kommer in.",
            "Nyanställda socialsekreterare är osäkra på bedömningen och anmälningar blir "
            "liggande i inkorgen.",
            "Daglig genomgång av alla inkomna anmälningar med förste socialsekreterare.",
            2,
            4,
            (
                MeasureT(
                    "Daglig genomgång av inkomna anmälningar med förste socialsekreterare",
                    "Varje dag klockan 13 går förste socialsekreterare igenom alla anmälningar "
                    "som kommit in sedan föregående dag och ser till att skyddsbedömningen är "
                    "gjord.",
                    Fate.DONE_NEW_RISK,
                    method="Ärendestatistik och granskning av skyddsbedömningar.",
                    result=ResultT(
                        "Skyddsbedömningen har gjorts samma dag i 96 procent av anmälningarna, "
                        "mot 71 procent före. Genomgången är beroende av en enda person, och "
                        "två av de inhyrda socialsekreterarna slutar nästa månad.",
                        Effect.YES,
                        "Effekten är god men sårbar när personal byts ut.",
                        (
                            VoiceT(
                                V.CONVERSATION,
                                "Hon som ringde frågade vad jag själv tyckte. Det har ingen "
                                "gjort förut.",
                                _r(
                                    (4, "Jag visste vad som skulle hända sen."),
                                    (5, None),
                                    (3, "Det var jobbigt att vänta på svar."),
                                    (2, "Jag har pratat med tre olika."),
                                    (4, None),
                                ),
                            ),
                            VoiceT(
                                V.SURVEY,
                                "Snabb kontakt efter anmälan, men vi fick byta handläggare två "
                                "gånger.",
                                _r(
                                    (4, None),
                                    (4, "Vi blev lyssnade på."),
                                    (3, None),
                                    (2, "För många byten."),
                                    (3, None),
                                ),
                                individual=False,
                            ),
                        ),
                    ),
                    next_risk_title="Personalomsättning bland socialsekreterare i Barn och unga",
                ),
            ),
        ),
        EventT(
            "Barnets egen berättelse kommer inte fram i förhandsbedömningen.",
            "Kontakten tas oftast bara med vårdnadshavarna, och det saknas stöd för barnsamtal.",
            "En mall för barnsamtal och utbildning för socialsekreterarna.",
            3,
            3,
            (
                MeasureT(
                    "Mall för barnsamtal i förhandsbedömningen",
                    "En mall med frågor anpassade efter barnets ålder, och en halvdags "
                    "utbildning för hela mottagningsgruppen.",
                    Fate.ONGOING_CHECKED,
                    method="Granskning av förhandsbedömningar.",
                ),
            ),
        ),
        EventT(
            "Familjen får byta handläggare när ärendet går från mottagning till utredning, och "
            "förtroendet behöver byggas upp igen.",
            "Mottagningen och utredningen är skilda grupper.",
            "Ett gemensamt överlämningsmöte med familjen.",
            3,
            2,
            (
                MeasureT(
                    "Gemensamt överlämningsmöte med familjen",
                    "När en utredning inleds träffar familjen både mottagningens och "
                    "utredningens socialsekreterare vid samma tillfälle.",
                    Fate.PLANNED_LATER,
                ),
            ),
        ),
    ),
)

HEMTJANST_CENTRUM = ScenarioT(
    key="hemtjanst_centrum",
    kind=UnitKind.HOME_CARE,
    titles=(
        "Återkommande översyn av larmhanteringen nattetid i {unit}",
        "Översyn av trygghetslarmen i {unit}",
        "Byte av larmleverantör i {unit}",
    ),
    trigger=Trigger.PERIODIC,
    trigger_description=(
        "Årlig översyn enligt ledningssystemet. Under året har tre avvikelser gällt larm som "
        "besvarats sent nattetid."
    ),
    fact_sources=(
        "Larmstatistik från larmcentralen; tre avvikelser om sena larmsvar; nyckelförteckning; "
        "samtal med nattpatrullen."
    ),
    follow_up_method="Larmstatistik och avvikelser varje kvartal.",
    decision_text=(
        "Rutinen för larmöverlämning införs och alla brukare med trygghetslarm får digitalt lås. "
        "Översynen görs igen om ett år."
    ),
    events=(
        EventT(
            "Larm nattetid besvaras sent när nattpatrullen är upptagen hos en annan brukare.",
            "Nattpatrullen är två personer för hela tätorten. Larm under pågående besök lämnas "
            "inte vidare.",
            "En rutin för att lämna över larm till kvällspatrullen eller jourhavande.",
            2,
            4,
            (
                MeasureT(
                    "Rutin för larmöverlämning mellan kvälls- och nattpatrull",
                    "Kvällspatrullen stannar till klockan 23 och tar larm som nattpatrullen inte "
                    "hinner med. Jourhavande sjuksköterska kontaktas vid larm som väntat mer än "
                    "20 minuter.",
                    Fate.DONE,
                ),
            ),
            residual=(1, 4, "Inget larm har väntat mer än 20 minuter under kvartalet."),
        ),
        EventT(
            "Personalen kommer inte in hos brukaren för att nyckeln saknas eller är fel märkt.",
            "Nycklarna förvaras i ett skåp och lämnas mellan arbetslagen.",
            "Digitala lås hos alla brukare med trygghetslarm.",
            2,
            3,
            (
                MeasureT(
                    "Digitala lås hos alla brukare med trygghetslarm",
                    "Alla brukare med trygghetslarm erbjuds digitalt lås som öppnas med "
                    "personalens telefon.",
                    Fate.ONGOING,
                ),
            ),
        ),
        EventT(
            "Larmet fungerar inte för att batteriet är urladdat eller larmknappen inte bärs.",
            "Ingen kontrollerar larmet regelbundet, och en del brukare tycker att knappen är "
            "obekväm.",
            "Kontroll av larmet vid kvällsbesöket och olika sätt att bära knappen.",
            3,
            3,
            (
                MeasureT(
                    "Kontroll av larm vid varje kvällsbesök",
                    "Vid kvällsbesöket provas larmet och personalen frågar om brukaren bär "
                    "knappen. Kontrollen signeras i telefonen.",
                    Fate.DONE_LATE_FOLLOW_UP,
                ),
            ),
        ),
    ),
)

# --- scenarios used only when the demo is scaled up -----------------------------------------

DIGITAL_SIGNERING = ScenarioT(
    key="digital_signering",
    kind=UnitKind.HOME_CARE,
    titles=(
        "Digital signering av utförda insatser i {unit}",
        "Nya mobiltelefoner för dokumentation i {unit}",
    ),
    trigger=Trigger.NEW_METHOD,
    trigger_description=(
        "Utförda insatser signeras i en app i stället för på papperslistor hemma hos brukaren."
    ),
    fact_sources="Avvikelser om osignerade insatser; samtal med arbetslagen; leverantörens manual.",
    follow_up_method="Andel osignerade insatser varje månad under ett halvår.",
    decision_text="Appen införs med utbildning och en reservrutin vid driftstopp.",
    events=(
        EventT(
            "Insatser signeras inte och det går inte att se vad som faktiskt har gjorts.",
            "Personalen är ovan vid appen och signerar i efterhand eller inte alls.",
            "Utbildning i små grupper och en daglig kontroll av osignerade insatser.",
            3,
            3,
            (
                MeasureT(
                    "Utbildning i appen i små grupper",
                    "Alla medarbetare går en utbildning på två timmar med övningar i appen.",
                ),
                MeasureT(
                    "Daglig kontroll av osignerade insatser",
                    "Planeraren går igenom osignerade insatser varje eftermiddag och följer upp "
                    "med arbetslaget.",
                ),
            ),
        ),
        EventT(
            "Brukare blir oroliga när personalen tittar i telefonen under besöket.",
            "Brukarna har inte fått veta varför personalen använder telefonen.",
            "Information till brukarna och signering efter besöket.",
            2,
            2,
            (
                MeasureT(
                    "Information till brukarna om den nya signeringen",
                    "Ett kort brev och muntlig information vid besöket om varför personalen "
                    "använder telefonen.",
                ),
            ),
        ),
        EventT(
            "Vid driftstopp går det inte att se vilka insatser brukaren ska ha.",
            "Planeringen finns bara i appen.",
            "En utskriven reservlista per arbetslag som uppdateras varje vecka.",
            2,
            4,
            (
                MeasureT(
                    "Reservlista vid driftstopp",
                    "Varje fredag skrivs en lista ut per arbetslag med brukarnas insatser och "
                    "nyckelnummer, och den förvaras inlåst.",
                ),
            ),
        ),
    ),
)

NATTBEMANNING = ScenarioT(
    key="nattbemanning",
    kind=UnitKind.NURSING_HOME,
    titles=(
        "Ändrad nattbemanning på {unit}",
        "Nattpersonal delas mellan avdelningarna på {unit}",
    ),
    trigger=Trigger.STAFFING_CHANGE,
    trigger_description=(
        "Nattpersonalen minskas från tre till två och delas mellan boendets avdelningar."
    ),
    fact_sources="Fallrapporter nattetid; larmstatistik; samtal med nattpersonalen.",
    follow_up_method="Fall och larmsvarstider nattetid under tre månader.",
    decision_text="Den nya bemanningen införs med sensorer och en ny rond.",
    events=(
        EventT(
            "Boende som faller nattetid hittas sent.",
            "Färre personal på natten och långa avstånd mellan avdelningarna.",
            "Rörelsesensorer hos boende med hög fallrisk och en fast nattrond.",
            3,
            4,
            (
                MeasureT(
                    "Rörelsesensorer hos boende med hög fallrisk",
                    "Boende med hög fallrisk erbjuds en sensor som larmar när de kliver upp ur "
                    "sängen, efter samtycke.",
                ),
            ),
        ),
        EventT(
            "Boende störs i sömnen av tillsyn som görs för säkerhets skull.",
            "Tillsynen görs på samma sätt för alla, oavsett behov.",
            "Individuell tillsyn enligt genomförandeplanen och digital tillsyn där den boende "
            "vill.",
            3,
            2,
            (
                MeasureT(
                    "Individuell nattillsyn enligt genomförandeplanen",
                    "Varje boendes behov av tillsyn nattetid bestäms tillsammans med den boende "
                    "och skrivs in i genomförandeplanen.",
                ),
            ),
        ),
        EventT(
            "Läkemedel som ska ges nattetid ges sent.",
            "Nattpersonalen prioriterar larm och läkemedelsrundan skjuts upp.",
            "Fasta tider för nattens läkemedel och överlämning till kvällspersonalen.",
            2,
            3,
            (
                MeasureT(
                    "Fasta tider för läkemedel nattetid",
                    "Sjuksköterskan ser över vilka läkemedel som kan ges på kvällen i stället, "
                    "och övriga får fasta tider.",
                ),
            ),
        ),
    ),
)

HELGBEMANNING = ScenarioT(
    key="helgbemanning",
    kind=UnitKind.LSS_HOME,
    titles=(
        "Minskad bemanning på helger på {unit}",
        "Delad personalgrupp mellan {unit} och en annan gruppbostad",
    ),
    trigger=Trigger.STAFFING_CHANGE,
    trigger_description=(
        "Helgbemanningen minskas med en person och personalen delas med en annan gruppbostad."
    ),
    fact_sources="Genomförandeplaner; aktivitetsschema; synpunkter från boende och gode män.",
    follow_up_method="Samtal med de boende och genomgång av aktivitetsschemat efter två månader.",
    decision_text="Helgbemanningen ändras med de åtgärder som föreslås.",
    events=(
        EventT(
            "Fritidsaktiviteter på helgen ställs in eftersom det inte finns personal som kan "
            "följa med.",
            "Aktiviteterna kräver en personal per boende.",
            "Planera aktiviteter i förväg och samordna med den andra gruppbostaden.",
            4,
            2,
            (
                MeasureT(
                    "Helgens aktiviteter planeras med de boende på torsdagar",
                    "Varje torsdag planerar personal och boende helgens aktiviteter och "
                    "bemanningen läggs efter planen.",
                ),
            ),
        ),
        EventT(
            "De boende får stöd av personal som inte känner deras kommunikationssätt.",
            "Personalen från den andra gruppbostaden har inte arbetat med de boende.",
            "Introduktion och kommunikationspass för varje boende.",
            3,
            3,
            (
                MeasureT(
                    "Kommunikationspass för varje boende",
                    "Ett kort pass med bilder som beskriver hur den boende kommunicerar, vad hen "
                    "tycker om och vad som gör hen orolig.",
                ),
            ),
        ),
        EventT(
            "Personal som arbetar ensam hamnar i hotfulla situationer.",
            "Vissa boende kan bli utåtagerande, och ensamarbete ökar på helgerna.",
            "Larm för personalen och en rutin för att kalla in stöd.",
            2,
            4,
            (
                MeasureT(
                    "Personlarm och rutin för att kalla in stöd",
                    "Personalen bär personlarm, och en rutin anger vem som kommer vid larm.",
                ),
            ),
        ),
    ),
)

NYA_LOKALER = ScenarioT(
    key="nya_lokaler",
    kind=UnitKind.DAY_ACTIVITY,
    titles=(
        "Flytt av {unit} till nya lokaler",
        "Ombyggnad av lokalerna för {unit}",
    ),
    trigger=Trigger.ACTIVITY_CHANGE,
    trigger_description="Verksamheten flyttar till nya lokaler i ett annat område.",
    fact_sources="Deltagarförteckning; färdtjänstens restider; synpunkter från deltagarrådet.",
    follow_up_method="Samtal med deltagarna en månad och tre månader efter flytten.",
    decision_text="Flytten genomförs enligt planen, med besök i de nya lokalerna innan.",
    events=(
        EventT(
            "Deltagare blir oroliga i en ny och okänd miljö.",
            "Flera deltagare behöver förutsägbarhet och förberedelse inför förändringar.",
            "Besök i de nya lokalerna innan flytten och bildstöd om den nya miljön.",
            3,
            3,
            (
                MeasureT(
                    "Besök i de nya lokalerna innan flytten",
                    "Varje deltagare får besöka de nya lokalerna minst två gånger innan flytten, "
                    "tillsammans med en medarbetare.",
                ),
            ),
        ),
        EventT(
            "Deltagare som är känsliga för ljud och ljus klarar inte de nya lokalerna.",
            "De nya lokalerna är öppna och har lysrör.",
            "Avskilda arbetsplatser och ljuddämpning.",
            3,
            3,
            (
                MeasureT(
                    "Ljuddämpning och avskilda arbetsplatser",
                    "Ljudabsorbenter sätts upp och två rum görs om till lugna arbetsplatser.",
                ),
            ),
        ),
        EventT(
            "Resorna med färdtjänst blir längre och mer oförutsägbara.",
            "De nya lokalerna ligger utanför tätorten.",
            "Samordnade resor och kontakt med färdtjänsten.",
            3,
            2,
            (
                MeasureT(
                    "Samordnade resor med färdtjänsten",
                    "Enhetschefen kommer överens med färdtjänsten om fasta tider och fasta "
                    "chaufförer för deltagare som behöver det.",
                ),
            ),
        ),
    ),
)

SOMMARBEMANNING = ScenarioT(
    key="sommarbemanning",
    kind=UnitKind.INCOME_SUPPORT,
    titles=(
        "Minskad bemanning i {unit} under sommaren",
        "Vakanta tjänster som socialsekreterare i {unit}",
    ),
    trigger=Trigger.STAFFING_CHANGE,
    trigger_description=(
        "Under sommaren arbetar halva personalgruppen, och två tjänster är vakanta."
    ),
    fact_sources="Handläggningstider från föregående sommar; ärendestatistik; synpunkter.",
    follow_up_method="Handläggningstider varje vecka under sommaren.",
    decision_text="Sommarplaneringen genomförs med de åtgärder som föreslås.",
    events=(
        EventT(
            "Handläggningstiden blir så lång att hushåll står utan pengar till hyra och mat.",
            "Färre handläggare och lika många ansökningar.",
            "Prioritering av akuta ärenden och extra personal under juli.",
            3,
            4,
            (
                MeasureT(
                    "Prioriteringsrutin för akuta ärenden",
                    "Ansökningar från hushåll utan pengar till mat eller hyra handläggs samma "
                    "dag, enligt en skriftlig rutin.",
                ),
            ),
        ),
        EventT(
            "Sökande når inte sin handläggare och får inga svar på frågor.",
            "Handläggarna är på semester och ersättare är inte utsedda.",
            "En telefontid varje dag och ersättare för varje handläggare.",
            3,
            2,
            (
                MeasureT(
                    "Daglig telefontid och utsedda ersättare",
                    "En telefontid varje förmiddag och en utsedd ersättare för varje "
                    "handläggare under semestern.",
                ),
            ),
        ),
        EventT(
            "Barnens situation uppmärksammas inte i hushåll som söker bistånd.",
            "Vid hög arbetsbelastning görs inte barnkonsekvensanalysen.",
            "Frågor om barnen i varje utredning och samverkan med Barn och unga.",
            2,
            3,
            (
                MeasureT(
                    "Frågor om barnens situation i varje utredning",
                    "Utredningsmallen får obligatoriska frågor om barnens situation.",
                ),
            ),
        ),
    ),
)

PLACERADE_BARN = ScenarioT(
    key="placerade_barn",
    kind=UnitKind.CHILDREN,
    titles=(
        "Ändrad rutin för uppföljning av placerade barn i {unit}",
        "Färre besök hos placerade barn i {unit}",
    ),
    trigger=Trigger.NEW_METHOD,
    trigger_description=(
        "Uppföljningen av placerade barn samlas hos en grupp socialsekreterare, och en del "
        "besök ersätts med videosamtal."
    ),
    fact_sources="Granskning av tio akter; barnens synpunkter; samtal med familjehemmen.",
    follow_up_method="Aktgranskning och samtal med barnen efter sex månader.",
    decision_text="Den nya rutinen införs med de åtgärder som föreslås.",
    events=(
        EventT(
            "Barnet får inte träffa sin socialsekreterare enskilt.",
            "Videosamtal sker i familjehemmet där familjehemsföräldrarna är närvarande.",
            "Minst ett enskilt samtal på plats per halvår.",
            3,
            4,
            (
                MeasureT(
                    "Enskilt samtal med barnet vid varje besök",
                    "Socialsekreteraren träffar barnet enskilt vid varje besök och "
                    "dokumenterar barnets egna synpunkter.",
                ),
            ),
        ),
        EventT(
            "Uppföljningen av vården görs inte i tid.",
            "Uppföljningarna planeras inte i förväg.",
            "En årsplan för uppföljningen av varje placerat barn.",
            2,
            3,
            (
                MeasureT(
                    "Årsplan för uppföljningen av varje placerat barn",
                    "Besök och samtal planeras för ett år i taget och följs upp varje månad.",
                ),
            ),
        ),
        EventT(
            "Barnet får byta socialsekreterare flera gånger under placeringen.",
            "Ärenden fördelas om när personal slutar.",
            "Fast socialsekreterare och överlämning med barnet närvarande.",
            3,
            3,
            (
                MeasureT(
                    "Överlämning med barnet närvarande vid byte av socialsekreterare",
                    "När ärendet byter socialsekreterare träffar barnet både den gamla och den "
                    "nya vid samma tillfälle.",
                ),
            ),
        ),
    ),
)

SCENARIOS: tuple[ScenarioT, ...] = (
    SOLROSEN,
    BJORKGARDEN,
    HEMTJANST_NORR,
    FORSORJNINGSSTOD,
    TALLBACKEN,
    SAMMANSLAGNING,
    BARN_OCH_UNGA,
    HEMTJANST_CENTRUM,
    DIGITAL_SIGNERING,
    NATTBEMANNING,
    HELGBEMANNING,
    NYA_LOKALER,
    SOMMARBEMANNING,
    PLACERADE_BARN,
)


class Stage(Enum):
    DRAFT = "utkast"
    DECIDED = "beslutad"
    CLOSED = "avslutad"


@dataclass(frozen=True)
class CuratedT:
    """One analysis of the demo at scale 1: which scenario, where, and how far it has come."""

    scenario: ScenarioT
    unit: str
    stage: Stage
    decided_days_ago: int  # for drafts: days since the analysis was started
    follow_up_in_days: int = 30  # the analysis' own follow-up date, relative to today
    wizard_step: int = 7
    individual_code: str | None = None
    leader: str = ""  # a key in STAFF
    investigator: str = ""
    staff: str = ""


CURATED: tuple[CuratedT, ...] = (
    CuratedT(
        BJORKGARDEN,
        "Särskilt boende Björkgården",
        Stage.CLOSED,
        330,
        -30,
        7,
        leader="ec_nursing",
        investigator="inv_elderly",
        staff="st_nursing",
    ),
    CuratedT(
        SOLROSEN,
        "Daglig verksamhet Solrosen",
        Stage.DECIDED,
        290,
        12,
        7,
        leader="ec_day",
        investigator="inv_social",
        staff="st_day",
    ),
    CuratedT(
        HEMTJANST_CENTRUM,
        "Hemtjänst Centrum",
        Stage.DECIDED,
        230,
        60,
        7,
        leader="ec_home",
        investigator="inv_elderly",
        staff="st_home",
    ),
    CuratedT(
        BARN_OCH_UNGA,
        "Barn och unga",
        Stage.DECIDED,
        190,
        -5,
        7,
        leader="ec_children",
        investigator="inv_social",
        staff="st_children",
    ),
    CuratedT(
        HEMTJANST_NORR,
        "Hemtjänst Norr",
        Stage.DECIDED,
        120,
        9,
        7,
        leader="ec_home",
        investigator="inv_elderly",
        staff="st_home",
    ),
    CuratedT(
        FORSORJNINGSSTOD,
        "Försörjningsstöd",
        Stage.DECIDED,
        75,
        45,
        7,
        leader="ec_income",
        investigator="inv_social",
        staff="st_income",
    ),
    CuratedT(
        TALLBACKEN,
        "LSS-boende Tallbacken",
        Stage.DECIDED,
        50,
        20,
        7,
        individual_code="NV-0421",
        leader="ec_lss",
        investigator="inv_social",
        staff="st_lss",
    ),
    CuratedT(
        SAMMANSLAGNING,
        "Daglig verksamhet Verkstan",
        Stage.DRAFT,
        9,
        0,
        3,
        leader="ec_day",
        investigator="inv_social",
        staff="st_day",
    ),
)

# --- generic follow-up texts (scaled demo and curated measures without their own result) -----

RESULTS: dict[Effect, tuple[str, ...]] = {
    Effect.YES: (
        "Åtgärden är genomförd som planerat. {n} av {m} tillfrågade beskriver att det har blivit "
        "bättre, och dokumentationen visar att arbetssättet används varje vecka.",
        "Genomgången visar att åtgärden följs. Avvikelserna inom området har minskat från {m} "
        "till {n} under perioden.",
        "Åtgärden fungerar i det dagliga arbetet. Personalen har tagit den till sig och de "
        "berörda är nöjda; {n} av {m} svarade att de märkt skillnad.",
    ),
    Effect.PARTLY: (
        "Åtgärden är genomförd men används inte fullt ut. {n} av {m} tillfrågade märker en "
        "förbättring. Arbetssättet behöver påminnas om på arbetsplatsträffarna.",
        "Åtgärden fungerar på vardagar men inte på kvällar och helger. {n} av {m} kontroller "
        "visade att den följdes.",
        "Åtgärden har gett viss effekt. Några av de berörda har inte nåtts, och det tar längre "
        "tid än planerat att få med alla i personalgruppen.",
    ),
    Effect.NO: (
        "Åtgärden har inte fått avsedd effekt. Bara {n} av {m} kontroller visade att "
        "arbetssättet följdes, och de berörda märker ingen skillnad.",
        "Åtgärden har inte kunnat genomföras som planerat på grund av hög personalomsättning. "
        "Problemet kvarstår.",
    ),
    Effect.UNKNOWN: (
        "Det är för tidigt att bedöma effekten. Åtgärden har pågått kort tid och underlaget är "
        "litet ({n} svar).",
        "Effekten går inte att bedöma eftersom uppgifterna före förändringen saknas. En "
        "mätning görs nu som utgångsläge.",
    ),
}
EFFECT_COMMENTS: dict[Effect, tuple[str, ...]] = {
    Effect.YES: (
        "Arbetssättet blir kvar och tas in i rutinen.",
        "De berörda beskriver en tydlig förbättring.",
        "Effekten syns både i avvikelserna och i samtalen.",
    ),
    Effect.PARTLY: (
        "Förbättring, men inte för alla.",
        "Behöver följas upp igen om tre månader.",
        "Fungerar där chefen är närvarande, sämre på helger.",
    ),
    Effect.NO: (
        "Åtgärden behöver göras om på ett annat sätt.",
        "Ingen skillnad märks för de berörda.",
    ),
    Effect.UNKNOWN: (
        "Följs upp igen när det finns mer underlag.",
        "För få svar för att dra slutsatser.",
    ),
}
FOLLOW_UP_METHODS: tuple[str, ...] = (
    "Samtal med de berörda och genomgång av dokumentationen.",
    "Enkät till de berörda och genomgång av avvikelser.",
    "Stickprov i dokumentationen och samtal med personalen.",
    "Samtal med närstående och gode män.",
    "Genomgång på arbetsplatsträff och samtal med några av de berörda.",
)
CANCEL_REASONS: tuple[str, ...] = (
    "Behovet försvann när verksamheten återgick till det vanliga.",
    "Ersattes av en kommungemensam rutin med samma syfte.",
    "Gick inte att genomföra inom budgeten; en enklare åtgärd ersätter den.",
    "De berörda ville inte ha åtgärden; behovet tillgodoses på annat sätt.",
)
NEW_MEASURES: tuple[tuple[str, str], ...] = (
    (
        "Påminnelse om arbetssättet på varje arbetsplatsträff",
        "Enhetschefen tar upp arbetssättet på varje arbetsplatsträff under ett halvår och "
        "frågar hur det fungerar.",
    ),
    (
        "Samma arbetssätt även på kvällar och helger",
        "Kvälls- och helgpersonalen får samma genomgång, och arbetssättet läggs in i "
        "helgplaneringen.",
    ),
    (
        "Individuell uppföljning med de som inte har nåtts",
        "De berörda som inte har nåtts kontaktas en och en för att planera stödet tillsammans.",
    ),
)
NEW_RISK_TITLES: tuple[str, ...] = (
    "Personalomsättning i {unit}",
    "Kvarstående risker efter förändringen i {unit}",
    "Helgbemanningen i {unit}",
)

# Short comments in the individual's own voice, per dimension: (good, middling, poor).
DIMENSION_COMMENTS: dict[Dimension, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    Dimension.SAFETY: (
        ("Jag känner mig trygg.", "Jag vet vem jag ska ringa.", "Det känns lugnt nu."),
        ("Oftast bra, men inte på kvällarna.", "Lite osäkert ibland."),
        ("Jag blir orolig när jag inte vet vem som kommer.", "Jag känner mig inte säker."),
    ),
    Dimension.TREATMENT: (
        ("De är snälla och lyssnar.", "Personalen tar sig tid.", "Jag blir bra bemött."),
        ("Det beror på vem som kommer.", "För det mesta trevligt."),
        ("Ingen har tid att prata.", "Jag blev inte tagen på allvar."),
    ),
    Dimension.STRESS: (
        ("Det är lugnt och skönt.", "Jag behöver inte vänta."),
        ("Det blir stressigt ibland.", "Det är rörigt när de är få."),
        ("Allt går för fort.", "Jag får vänta länge och blir stressad."),
    ),
    Dimension.CONTINUITY: (
        ("Det är samma personer som kommer.", "Jag känner dem som kommer."),
        ("Mest samma, men många nya på helgen.", "Det byts lite för ofta."),
        ("Det kommer nya hela tiden.", "Jag vet aldrig vem det blir."),
    ),
    Dimension.PARTICIPATION: (
        ("De frågar vad jag vill.", "Jag fick vara med och bestämma."),
        ("Ibland får jag säga vad jag tycker.", "Jag hade velat vara mer med."),
        ("Ingen frågade mig.", "Det bestämdes över mitt huvud."),
    ),
}
VOICE_COMMENTS: dict[Effect, tuple[str, ...]] = {
    Effect.YES: (
        "Det har blivit mycket bättre.",
        "Det var skönt att någon hörde av sig.",
        "Nu vet jag vad som gäller.",
        "Jag är nöjd med hur det blev.",
    ),
    Effect.PARTLY: (
        "Bättre än förut, men inte alltid.",
        "Det fungerar oftast.",
        "Jag hade önskat tätare kontakt.",
    ),
    Effect.NO: (
        "Jag märker ingen skillnad.",
        "Det är som det alltid har varit.",
    ),
    Effect.UNKNOWN: (
        "Svårt att säga än.",
        "Det har inte gått så länge.",
    ),
}
