"""Lex Sarah: the rapport and the utredning as filed, the notification to IVO laid out like
IVO's form, and the one-page learning sheet for a workplace meeting (APT).

The rapport and the utredning print the form the case was documented with (its own version)
through :mod:`kvalitet_desktop.reports.forms`, so every documented item carries its date,
source, nature and author. The notification reads the answers of ``ivo_anmalan`` by field id
and draws them in numbered, bordered boxes with signature lines. The APT sheet holds no
personal data: its dataclass has no field for a name, a code, a unit or a case number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kvalitet_desktop.domain.forms import NO, YES, FieldDef, FieldType, FormDef, is_empty
from kvalitet_desktop.reports.forms import form_flowables, format_value, version_text
from kvalitet_desktop.reports.template import (
    _FRAME_BOTTOM,
    _FRAME_TOP,
    EMPTY,
    INK,
    MUTED,
    PAGE_A4,
    SafeTable,
    clip,
    closing,
    content_width,
    empty_state,
    key_value_table,
    markup,
    render,
    section,
    signature_block,
    styles,
)
from kvalitet_desktop.workflows.lexsarah.report_model import (
    IvoNotificationReport,
    LexSarahAptReport,
    LexSarahFormReport,
)
from kvalitet_desktop.workflows.measures.report import measures_table

__all__ = [
    "IVO_HEADING",
    "IVO_SENDING",
    "NO_DEPARTMENT",
    "build_ivo_notification_pdf",
    "build_lex_sarah_apt_pdf",
    "build_lex_sarah_form_pdf",
]

FACTS_LABEL_WIDTH = 58 * mm  # as wide as the form's labels below, so the columns line up
DRAFT_MARK = "UTKAST"
DRAFT_TEXT = "UTKAST – utredningen är inte avslutad. Dokumentet är inte slutligt."
DRAFT_COLOUR = colors.HexColor("#9b1c1c")
NO_MEASURES = "Inga åtgärder mot upprepning är kopplade till orsakerna än."
IVO_HEADING = "Anmälan enligt lex Sarah till Inspektionen för vård och omsorg (IVO)"
IVO_SENDING = (
    "Skickas med post till IVO eller registreras i IVO:s e-tjänst. Skicka aldrig med e-post."
)
NO_DEPARTMENT = (
    "Regional avdelning: –, kontrollera vilken avdelning som har tillsyn över verksamheten"
)
ADDRESS_TO_LOOK_UP = "Postadress: slå upp avdelningens aktuella adress hos IVO före utskick."
NOT_IN_VERSION = "Den här versionen av formuläret har inga uppgifter i den här delen."
IDENTITY_LABEL = (
    "Den enskildes namn och personnummer – fylls i för hand före utskick, "
    "skrivs aldrig in i programmet"
)
APT_TITLE = "Lärande från en lex Sarah-utredning"
APT_PRIVACY = (
    "Materialet är avidentifierat: det innehåller inga namn, personnummer eller koder och "
    "säger inte vilken enhet det gäller. Det bygger på en avslutad lex Sarah-utredning."
)

CHECKED = "\u2612"  # ☒
UNCHECKED = "\u2610"  # ☐

BOX_BORDER = 0.9
_TITLE_FILL = colors.HexColor("#e9edf1")
_RULE = colors.HexColor("#9aa5b1")
BOX_GRID = 0.45


# --------------------------------------------------------------------------- rapport, utredning


def build_lex_sarah_form_pdf(report: LexSarahFormReport) -> bytes:
    """The case facts, then the form with its answers and provenance; for the utredning also
    the measures against recurrence and the signature of the decision."""
    st = styles()
    width = content_width()
    form = report.form
    about = [f"Ärende {report.case_number}"]
    if form.title.strip() and form.title.strip() != report.title.strip():
        about.append(form.title.strip())
    story: list[Flowable] = [Paragraph(markup(report.title), st.title)]
    header = report.header
    if report.draft:
        header = replace(header, watermark=DRAFT_MARK)
        story.append(Paragraph(markup(DRAFT_TEXT), _draft_style()))
    story.append(Paragraph(markup(" · ".join(about)), st.subtitle))
    story += _references(report.references, form)
    if report.case_facts:
        facts = key_value_table(list(report.case_facts), width, label_width=FACTS_LABEL_WIDTH)
        story += [section("Ärendet"), facts]
    story += form_flowables(form, report.answers, report.lookups)
    last: list[Flowable] = []
    if report.measures is not None:
        last.append(section("Åtgärder för att förhindra att det händer igen"))
        if report.measures:
            last.append(measures_table(report.measures, width))
        else:
            last.append(empty_state(NO_MEASURES))
    if report.signers:
        signatures = signature_block(list(report.signers), width, title="Underskrift")
        story.append(closing(last, signatures) if last else signatures)
    else:
        story += last
    return render(header, story)


def _draft_style() -> ParagraphStyle:
    return ParagraphStyle(
        "kd-draft", parent=styles().h3, textColor=DRAFT_COLOUR, spaceBefore=0, keepWithNext=0
    )


def _references(references: Sequence[str], form: FormDef) -> list[Flowable]:
    """The form's version and the checked legal references, in small print.

    Only references someone has checked are given (report_data leaves the others out); the
    form's own regulation text is not printed instead, as it names references too."""
    text = version_text(form)
    if references:
        text += " · Lagrum: " + " · ".join(references)
    return [Paragraph(markup(text), styles().note)]


# --------------------------------------------------------------------------- IVO notification


def build_ivo_notification_pdf(report: IvoNotificationReport) -> bytes:
    """Anmälan till IVO as a print-ready form: addressee, numbered boxes 1–8, signature."""
    st = styles()
    width = content_width()
    form = _IvoForm(report)
    heading = ParagraphStyle("kd-ivo-title", parent=st.title, fontSize=14.5, leading=18.5)
    story: list[Flowable] = [
        Paragraph(markup(IVO_HEADING), heading),
    ]
    story += _references(report.references, report.form)
    story += [Spacer(1, 1 * mm), _addressee(report, form, width), Spacer(1, 4 * mm)]

    boxes: list[tuple[str, list[list[_Item | None]]]] = [
        (
            "Vårdgivare/huvudman",
            [
                [form.item("kommun"), form.item("namnd")],
                [form.item("organisationsnummer"), form.item("postadress")],
            ],
        ),
        (
            "Verksamheten",
            [
                [form.item("enhet"), form.item("verksamhetstyp")],
                [form.choices("lagrum")],
                [form.item("besoksadress"), form.item("verksamhetens_kommun")],
            ],
        ),
        (
            "Kontaktperson",
            [
                [form.item("kontakt_namn"), form.item("kontakt_befattning")],
                [form.item("kontakt_telefon"), form.item("kontakt_epost")],
            ],
        ),
        (
            "Allvarlighetsgrad",
            [[form.choices("kategori")], [form.item("allvarlighet_motivering")]],
        ),
        (
            "Händelsen",
            [
                [form.item("enskild"), _Item(IDENTITY_LABEL, [Spacer(1, 9 * mm)])],
                [form.item("beskrivning")],
                [form.item("intraffade"), form.item("uppmarksammat")],
                [_time_in_words(form)],
                [form.item("konsekvenser")],
            ],
        ),
        (
            "Åtgärder",
            [[form.item("vidtagna_atgarder")], [form.item("planerade_atgarder")]],
        ),
        ("Utredning", _investigation_rows(form)),
        (
            "Underskrift",
            [
                [
                    form.item("anmald_av", "Anmäld av (namnförtydligande)"),
                    form.item("anmald_av_befattning"),
                ],
                [
                    form.item("anmald_datum"),
                    _Item("Underskrift", [Spacer(1, 12 * mm)]),
                ],
            ],
        ),
    ]
    for number, (title, rows) in enumerate(boxes, start=1):
        story.append(KeepTogether([_box(f"{number}. {title}", rows, width), Spacer(1, 3.5 * mm)]))
    story.append(_sending_note(width))
    return render(report.header, story)


class _Item:
    """One cell of a box: a small label above the value."""

    def __init__(self, label: str, value: list[Any]) -> None:
        self.label = label
        self.value = value


class _IvoForm:
    """The answers of ``ivo_anmalan`` read by field id; a field the version lacks is "–"."""

    def __init__(self, report: IvoNotificationReport) -> None:
        self.report = report
        self.style = ParagraphStyle("kd-ivo-value", parent=styles().cell, fontSize=9, leading=11.5)

    def field(self, field_id: str) -> FieldDef | None:
        try:
            return self.report.form.field(field_id)
        except KeyError:
            return None

    def raw(self, field_id: str) -> Any:
        return self.report.answers.values.get(field_id)

    def text(self, field_id: str) -> str:
        found = self.field(field_id)
        if found is None:
            return EMPTY
        return format_value(found, self.raw(field_id), self.report.lookups)

    def label(self, field_id: str) -> str:
        found = self.field(field_id)
        return found.label if found is not None else field_id

    def item(self, field_id: str, label: str | None = None) -> _Item | None:
        """The field as a cell, or None when the form's version has no such field."""
        if self.field(field_id) is None:
            return None
        return _Item(label or self.label(field_id), [self.para(self.text(field_id))])

    def para(self, text: str | None) -> Paragraph:
        return Paragraph(markup(text), self.style)

    def choices(self, field_id: str, label: str | None = None) -> _Item | None:
        """Every option with a box, the chosen ones crossed: reads like the paper form."""
        found = self.field(field_id)
        if found is None:
            return None
        value = self.raw(field_id)
        if found.type is FieldType.YES_NO:
            answer = value.get("svar") if isinstance(value, dict) else value
            if isinstance(answer, bool):
                answer = YES if answer else NO
            options = [(YES, "Ja"), (NO, "Nej")]
            chosen = {str(answer)} if not is_empty(answer) else set()
        else:
            options = [(o.value, o.label) for o in self.report.lookups.options_for(found)]
            values = value if isinstance(value, list) else [value]
            chosen = {str(v) for v in values if not is_empty(v)}
        marks = [
            f"{CHECKED if key in chosen else UNCHECKED}\u00a0{markup(text)}"
            for key, text in options
        ]
        # Answers that are no longer options (an older list) are still shown.
        known = {key for key, _ in options}
        marks += [f"{CHECKED}\u00a0{markup(v)}" for v in sorted(chosen - known)]
        joiner = "<br/>" if found.type is FieldType.MULTI_CHOICE else "\u2003\u2003"
        flow: list[Any] = [Paragraph(joiner.join(marks), self.style)]
        if found.type is FieldType.YES_NO and isinstance(value, dict):
            motivation = str(value.get("motivering") or "").strip()
            if motivation:
                flow.append(Paragraph(f"<b>Motivering:</b> {markup(motivation)}", self.style))
        return _Item(label or found.label, flow)


def _time_in_words(form: _IvoForm) -> _Item | None:
    """The time in words (form version 2), when written or when no exact time is given."""
    words, exact = form.raw("intraffade_beskrivning"), form.raw("intraffade")
    return form.item("intraffade_beskrivning") if not is_empty(words) or is_empty(exact) else None


def _investigation_rows(form: _IvoForm) -> list[list[_Item | None]]:
    rows = [[form.choices("utredning_bifogas")]]
    bifogas = form.raw("utredning_bifogas")
    answer = bifogas.get("svar") if isinstance(bifogas, dict) else bifogas
    if answer != YES:  # not attached, or not answered: when it will be sent
        rows.append([form.item("utredning_skickas")])
    rows += [[form.choices("bilagor")], [form.choices("satt")]]
    return rows


def _addressee(report: IvoNotificationReport, form: _IvoForm, width: float) -> Table:
    """Who the notification goes to (left) and the identifiers of the case (right)."""
    if report.department and report.department.strip():
        to: list[Any] = [form.para(f"Inspektionen för vård och omsorg\n{report.department}")]
        if report.department_address and report.department_address.strip():
            to.append(form.para(report.department_address))
        elif report.department_address_unchecked:
            to.append(form.para(ADDRESS_TO_LOOK_UP))
    else:
        to = [form.para(f"Inspektionen för vård och omsorg\n{NO_DEPARTMENT}")]
    ours = [
        _labelled_line("Anmälarens ärendenummer", report.case_number, form.style),
        _labelled_line("Datum för anmälan", form.text("anmald_datum"), form.style),
        _labelled_line("IVO:s diarienummer", form.text("ivo_diarienummer"), form.style),
    ]
    return _box(
        None,
        [[_Item("Till", to), _Item("Ärendet", ours)]],
        width,
    )


def _labelled_line(label: str, value: str | None, style: ParagraphStyle) -> Paragraph:
    return Paragraph(f"{markup(label)}: <b>{markup(value)}</b>", style)


def _box(title: str | None, rows: Sequence[Sequence[_Item | None]], width: float) -> Table:
    """A bordered box like a paper form: a title band, then label/value cells, one or two
    per row (a single cell spans the row). None cells (fields an older version of the form
    lacks) are left out."""
    st = styles()
    label_style = ParagraphStyle("kd-ivo-label", parent=st.small, fontSize=7, leading=8.5)
    title_style = ParagraphStyle(
        "kd-ivo-box", parent=st.cell_bold, fontSize=10, leading=12.5, textColor=INK
    )
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), BOX_BORDER, INK),
        ("INNERGRID", (0, 0), (-1, -1), BOX_GRID, MUTED),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if title is not None:
        data.append([Paragraph(markup(title), title_style), ""])
        commands += [
            ("SPAN", (0, 0), (1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), _TITLE_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), BOX_BORDER, INK),
        ]
    present = [[i for i in items if i is not None] for items in rows]
    present = [items for items in present if items]
    if not present:
        present = [[_Item("", [Paragraph(markup(NOT_IN_VERSION), st.empty)])]]
    for items in present:
        index = len(data)
        cells = [
            [*([Paragraph(markup(i.label), label_style)] if i.label else []), *i.value]
            for i in items
        ]
        if len(cells) == 1:
            data.append([cells[0], ""])
            commands.append(("SPAN", (0, index), (1, index)))
        else:
            data.append(cells[:2])
    half = width / 2
    return SafeTable(
        data,
        colWidths=[half, width - half],
        style=TableStyle(commands),
        hAlign="LEFT",
        repeatRows=1 if title is not None else 0,
        splitInRow=150,
    )


def _sending_note(width: float) -> Table:
    st = styles()
    style = ParagraphStyle("kd-ivo-sending", parent=st.cell_bold, fontSize=9.5, leading=12.5)
    return Table(
        [[Paragraph(markup(IVO_SENDING), style)]],
        colWidths=[width],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), BOX_BORDER, INK),
                ("BACKGROUND", (0, 0), (-1, -1), _TITLE_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
        hAlign="LEFT",
    )


# --------------------------------------------------------------------------- APT sheet

_FRAME_HEIGHT = float(PAGE_A4[1]) - _FRAME_TOP - _FRAME_BOTTOM
# Font scales tried in turn until the sheet fits on one page; a sheet that does not fit even
# at the smallest runs over to a second page rather than lose text.
_APT_SCALES = (1.0, 0.93, 0.86, 0.8, 0.74)


def build_lex_sarah_apt_pdf(report: LexSarahAptReport) -> bytes:
    """One A4 page: what happened (anonymised), causes, measures, questions to discuss."""
    width = content_width()
    story: list[Flowable] = []
    for scale in _APT_SCALES:
        story = _apt_story(report, scale, width)
        height = _story_height(story, width)
        if height <= _FRAME_HEIGHT - 4:
            break
    # Room left on the page becomes lines for the meeting's notes.
    notes = _notes_area(width, _FRAME_HEIGHT - height - 12)
    if notes is not None:
        story.insert(-2, notes)
    # The sheet is for anyone at the meeting: no confidentiality line, no printer's name.
    header = replace(report.header, unit=None, printed_by="", confidentiality=None)
    return render(header, story)


def _scaled(style: ParagraphStyle, name: str, scale: float, **extra: Any) -> ParagraphStyle:
    """``style`` with its sizes times ``scale``; ``extra`` overrides (already scaled)."""
    sizes: dict[str, Any] = {
        "fontSize": style.fontSize * scale,
        "leading": style.leading * scale,
        "spaceBefore": style.spaceBefore * scale,
        "spaceAfter": style.spaceAfter * scale,
    }
    values = {**sizes, **extra}
    values.setdefault("bulletFontSize", values["fontSize"])
    return ParagraphStyle(name, parent=style, **values)


def _apt_story(report: LexSarahAptReport, scale: float, width: float) -> list[Flowable]:
    st = styles()
    body = _scaled(st.body, "kd-apt-body", scale, fontSize=10 * scale, leading=13.5 * scale)
    item = _scaled(body, "kd-apt-item", 1.0, leftIndent=12, bulletIndent=2, spaceAfter=3 * scale)
    h2 = _scaled(st.h2, "kd-apt-h2", scale)
    about = " · ".join(
        part
        for part in (
            "Underlag för arbetsplatsträff",
            report.month.strip(),
            f"Kategori: {report.category.strip()}" if report.category.strip() else "",
        )
        if part
    )
    story: list[Flowable] = [
        Paragraph(markup(APT_TITLE), _scaled(st.title, "kd-apt-title", scale)),
        Paragraph(markup(about), _scaled(st.subtitle, "kd-apt-subtitle", scale)),
        Paragraph("Vad hände?", h2),
    ]
    summary = _paragraphs(clip(report.summary))
    story += [Paragraph(markup(part), body) for part in summary] or [Paragraph(markup(None), body)]

    story.append(Paragraph("Varför hände det?", h2))
    if report.causes:
        story += [
            Paragraph(
                f"{markup(c.description)} <font color='#52606d'>({markup(c.level)})</font>",
                item,
                bulletText="•",
            )
            for c in report.causes
        ]
    else:
        story.append(Paragraph(markup("Inga orsaker på system- eller verksamhetsnivå."), body))

    story.append(Paragraph("Vad gör vi åt det?", h2))
    if report.measures:
        story += [
            Paragraph(
                f"{markup(m.title)} <font color='#52606d'>– {markup(m.status)}</font>",
                item,
                bulletText="•",
            )
            for m in report.measures
        ]
    else:
        story.append(Paragraph(markup("Inga åtgärder är beslutade."), body))

    story.append(Paragraph("Att diskutera", h2))
    question = _scaled(
        body, "kd-apt-question", 1.0, leftIndent=16, bulletIndent=0, spaceAfter=7 * scale
    )
    story += [
        Paragraph(markup(q), question, bulletText=f"{n}.")
        for n, q in enumerate(report.questions, start=1)
    ]
    story += [
        Spacer(1, 4 * mm * scale),
        Paragraph(markup(APT_PRIVACY), _scaled(st.note, "kd-apt-note", scale)),
    ]
    return story


def _notes_area(width: float, room: float) -> Flowable | None:
    """ "Anteckningar" with ruled lines filling ``room`` points (None when too little)."""
    line = 8 * mm
    heading = Paragraph("Anteckningar", styles().h3)
    lines = int((room - 30) // line)
    if lines < 3:
        return None
    table = Table(
        [[""] for _ in range(min(lines, 14))],
        colWidths=[width],
        rowHeights=[line] * min(lines, 14),
        style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, _RULE)]),
        hAlign="LEFT",
    )
    return KeepTogether([heading, table])


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks are kept inside one."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip() for p in normal.split("\n\n") if p.strip()]


def _story_height(story: Sequence[Flowable], width: float) -> float:
    """How tall ``story`` is in one frame of ``width`` (spaces before and after included)."""
    total = 0.0
    for index, flowable in enumerate(story):
        _, height = flowable.wrap(width, 10_000)
        before = flowable.getSpaceBefore() if index else 0
        total += float(before) + float(height) + float(flowable.getSpaceAfter())
    return total
