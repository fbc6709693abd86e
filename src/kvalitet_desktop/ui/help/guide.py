"""The user guide: a short Swedish guide to the program's own workflows, shown in a dialog with
a table of contents beside the text. Written for this program, from what its screens do."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

_CONTEXT = "UserGuide"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    body: str  # HTML, without the heading


def sections() -> tuple[Section, ...]:
    """The guide's sections in reading order (translated)."""
    return (
        Section(
            "doing-a-risk-analysis",
            _tr("Göra en riskanalys"),
            _tr(
                "<p>En riskanalys görs inför en förändring i verksamheten, till exempel nya "
                "lokaler, ny bemanning eller ett nytt arbetssätt, och när ni ser över "
                "verksamheten. Välj <b>Arkiv → Ny riskanalys</b> (Ctrl+N) eller knappen på "
                "sidan <b>Riskanalyser</b>. Analysen sparas som utkast medan du arbetar, så "
                "du kan lämna den och fortsätta senare.</p>"
                "<p>Redigeraren har åtta steg i listan till vänster. En grön bock visar att "
                "steget är ifyllt.</p>"
                "<ol>"
                "<li><b>Omfattning</b> – vad som ska analyseras, för vilken enhet och "
                "varför.</li>"
                "<li><b>Uppdrag och analysteam</b> – vem som gav uppdraget, vem som leder "
                "och vilka som deltar.</li>"
                "<li><b>Faktaunderlag</b> – det analysen bygger på, t.ex. avvikelser, "
                "klagomål och personalens erfarenheter.</li>"
                "<li><b>Händelser och bedömning</b> – vad som kan hända, placerat i "
                "riskmatrisen (se nedan).</li>"
                "<li><b>Orsaker och förslag</b> – varför det kan hända och vad som kan "
                "förebygga det.</li>"
                "<li><b>Åtgärder</b> – vad som ska göras, vem som ansvarar och när det ska "
                "vara klart.</li>"
                "<li><b>Beslut och uppföljning</b> – beslutet, beslutsfattaren, datumet "
                "och när analysen ska följas upp.</li>"
                "<li><b>Sammanfattning</b> – hela analysen på en sida, att skriva ut.</li>"
                "</ol>"
            ),
        ),
        Section(
            "the-matrix",
            _tr("Riskmatrisen"),
            _tr(
                "<p>Varje händelse bedöms på två skalor med fyra steg: <b>sannolikhet</b> "
                "(hur troligt det är att det händer) och <b>konsekvens</b> (hur allvarligt "
                "det blir för den enskilde). <b>Riskvärdet</b> är sannolikhet × konsekvens, "
                "från 1 till 16. Välj rutan i matrisen med musen eller med piltangenterna "
                "och mellanslag.</p>"
                "<p>Färgerna visar riskzonerna. Riskvärden från och med "
                "<b>åtgärdsgränsen</b> behöver en åtgärd; en sådan händelse utan åtgärd "
                "syns under <b>Att göra</b> som en hög risk utan åtgärd. Zonernas namn, "
                "färger och åtgärdsgränsen ställer administratören in under "
                "<b>Inställningar → Riskmatris och rapporter</b>.</p>"
                "<p>När åtgärderna är gjorda kan en händelse bedömas på nytt. Den tidigare "
                "bedömningen finns kvar, så att det syns om risken har minskat.</p>"
            ),
        ),
        Section(
            "decision-measures-follow-up",
            _tr("Beslut, åtgärder och uppföljning"),
            _tr(
                "<p>Under <b>Beslut och uppföljning</b> skriver du vad som beslutas, vem "
                "som beslutar och när, och väljer ett datum då analysen ska följas upp. "
                "Tills beslutet är fattat syns analysen under <b>Att göra</b> som en "
                "riskanalys utan beslut.</p>"
                "<p>Varje <b>åtgärd</b> har en ansvarig, ett datum då den ska vara klar och "
                "en status: planerad, pågående, genomförd eller avbruten (med en "
                "förklaring). En åtgärd kan inte markeras som genomförd förrän en "
                "uppföljning är planerad: använd <b>Planera uppföljning…</b> i "
                "åtgärden.</p>"
                "<p>I <b>uppföljningen</b> dokumenterar du resultatet och om åtgärden gav "
                "effekt. Skriv också hur de berörda själva upplever det, på fem områden: "
                "<b>trygghet</b>, <b>bemötande</b>, <b>stress</b>, <b>kontinuitet</b> och "
                "<b>delaktighet</b>, och hur det kom fram (samtal, enkät eller via "
                "närstående). Personer anges bara med en kod, aldrig med namn. Om "
                "resultatet inte räcker kan uppföljningen skapa en ny åtgärd eller en ny "
                "riskanalys direkt.</p>"
            ),
        ),
        Section(
            "a-lex-sarah-case",
            _tr("Ett lex Sarah-ärende"),
            _tr(
                "<p>Alla användare kan rapportera ett missförhållande eller en påtaglig "
                "risk för ett missförhållande: sidan <b>Lex Sarah</b>, knappen <b>Ny "
                "rapport…</b>. Du kan också registrera en muntlig rapport åt någon annan. "
                "Dina egna rapporter syns under <b>Mina rapporter</b>. Ärendet i övrigt "
                "ser bara lex Sarah-ansvariga, den utsedda utredaren och administratörer, "
                "och varje gång någon öppnar det loggas.</p>"
                "<p>Ärendet har en flik per steg:</p>"
                "<ol>"
                "<li><b>Rapport</b> – vad som hände, var och när.</li>"
                "<li><b>Mottagande</b> – den lex Sarah-ansvarige bekräftar att rapporten "
                "är mottagen, svarar på om den enskilde är skyddad och vad som har gjorts, "
                "gör en första bedömning av om det kan vara allvarligt och utser en "
                "utredare.</li>"
                "<li><b>Utredning</b> – utredaren går igenom utredningens punkter en i "
                "taget. Varje uppgift dokumenteras med datum, källa, om det är fakta "
                "eller bedömning och vem som skrev den. Orsaker anges per nivå och "
                "område, och varje förebyggande åtgärd knyts till en orsak och följs upp. "
                "I utredningens bedömning avgör du <b>allvarligheten</b>: inget "
                "missförhållande, ett missförhållande, en påtaglig risk för ett "
                "missförhållande, ett allvarligt missförhållande eller en påtaglig risk för "
                "ett allvarligt missförhållande – med en motivering. Spara utkast medan du "
                "arbetar; <b>Markera som klar</b> när allt är ifyllt.</li>"
                "<li><b>Anmälan till IVO</b> – ett allvarligt ärende anmäls till IVO. "
                "Programmet gör anmälan som en PDF att skriva ut och visar uppgifterna "
                "färdiga att kopiera in i IVO:s e-tjänst. Programmet skickar aldrig något "
                "självt.</li>"
                "<li><b>Avslut</b> – ärendet avslutas med ett beslut eller ett "
                "ställningstagande. Ett allvarligt ärende ska vara anmält och utredningen "
                "skickad till IVO först. Ett avslutat ärende är låst; det kan bara ändras "
                "med en motivering.</li>"
                "<li><b>Lärandematerial</b> – en anonymiserad sammanfattning och "
                "diskussionsfrågor som blir ett underlag på en sida för "
                "arbetsplatsträffen (<b>APT-underlag</b>). Skriv inga namn eller andra "
                "uppgifter som kan peka ut en person.</li>"
                "</ol>"
            ),
        ),
        Section(
            "deadlines",
            _tr("Var tidsfristerna syns"),
            _tr(
                "<p><b>Att göra</b> (första sidan) samlar det som väntar för dig och dina "
                "enheter: försenade åtgärder, uppföljningar inom 14 dagar, riskanalyser "
                "utan beslut, höga risker utan åtgärd och tidsfristerna i lex "
                "Sarah-ärenden. Varje rad öppnar sin post. Tryck F5 eller "
                "<b>Uppdatera</b> för att hämta listorna igen.</p>"
                "<p>I listorna <b>Riskanalyser</b>, <b>Åtgärder</b>, <b>Uppföljningar</b> "
                "och <b>Lex Sarah</b> och under <b>Att göra</b> står ordet "
                "<b>försenad</b> efter datumet när tiden har gått ut, så det syns även "
                "utan färg och läses upp av en skärmläsare.</p>"
                "<p>Överst i ett lex Sarah-ärende visas när utredningen ska påbörjas, när "
                "den ska vara klar och, när IVO är underrättat, när den ska skickas till "
                "IVO. En passerad tidsfrist visas i rött med ”– försenad”. Hur många dagar "
                "tidsfristerna är ställer administratören in under <b>Inställningar → Lex "
                "Sarah</b>.</p>"
            ),
        ),
        Section(
            "backups",
            _tr("Säkerhetskopior"),
            _tr(
                "<p>All information finns i en enda databasfil på datorn. Sökvägen står "
                "längst ned i fönstret och under <b>Hjälp → Om Kvalitet Desktop</b>.</p>"
                "<p>Gör en säkerhetskopia regelbundet, till exempel varje vecka och före "
                "en inspektion: välj <b>Arkiv → Säkerhetskopiera databasen…</b> och spara "
                "kopian på en plats som säkerhetskopieras, gärna en annan enhet än "
                "datorns egen disk. Kopian görs medan programmet är igång och blir "
                "alltid hel.</p>"
                "<p>Innan programmet uppgraderar databasen till en ny version gör det "
                "själv en kopia i mappen <b>säkerhetskopior</b> bredvid databasfilen.</p>"
                "<p>Databasen innehåller uppgifter om enskilda. Förvara kopiorna lika "
                "skyddat som själva databasen.</p>"
            ),
        ),
    )


def guide_html() -> str:
    """The whole guide: its title, a table of contents with links, then the sections."""
    contents = "".join(
        f'<li><a href="#{section.anchor}">{section.title}</a></li>' for section in sections()
    )
    parts = [
        f"<h1>{_tr('Användarguide')}</h1>",
        f"<p>{_tr('Kort om hur du arbetar i Kvalitet Desktop.')}</p>",
        f"<h2>{_tr('Innehåll')}</h2><ul>{contents}</ul>",
    ]
    for section in sections():
        parts.append(f'<h2><a name="{section.anchor}"></a>{section.title}</h2>{section.body}')
    return "".join(parts)


class UserGuide(QDialog):
    """The guide in a window of its own, beside the program (not modal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Användarguide"))
        self.setAccessibleName(self.tr("Användarguide"))

        self.contents = QListWidget()
        self.contents.setAccessibleName(self.tr("Innehåll"))
        self.contents.setAccessibleDescription(self.tr("Välj ett avsnitt att läsa"))
        for section in sections():
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.anchor)
            self.contents.addItem(item)
        self.contents.setMaximumWidth(220)
        self.contents.currentItemChanged.connect(self._chosen)
        contents_label = QLabel(self.tr("&Innehåll"))
        contents_label.setBuddy(self.contents)

        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Guidens text"))
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html())
        font = self.browser.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.browser.setFont(font)

        side = QVBoxLayout()
        side.addWidget(contents_label)
        side.addWidget(self.contents, 1)
        columns = QHBoxLayout()
        columns.addLayout(side)
        columns.addWidget(self.browser, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("&Stäng"))
        close.setAccessibleName(self.tr("Stäng"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)
        self._fit_screen()
        self.browser.setFocus()

    def _fit_screen(self) -> None:
        """Large enough to read, never larger than the screen (1280 × 800 laptops)."""
        width, height = 980, 700
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, free.width() - 40), min(height, free.height() - 60)
        self.resize(width, height)

    def show_section(self, anchor: str) -> None:
        self.browser.scrollToAnchor(anchor)

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_section(str(item.data(Qt.ItemDataRole.UserRole)))
