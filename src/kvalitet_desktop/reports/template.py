"""The one page template every PDF report uses, and the building blocks shared by the reports.

A report builder turns its dataclass into a list of flowables with the helpers below and hands
it to :func:`render`, which lays it out on A4 (portrait or landscape) with the same header
band (municipality, unit, report title, print date) and footer (confidentiality line,
"Sida X av Y") on every page.

All user text goes through :func:`markup` (directly or via :func:`para`): reportlab's
paragraph mini-markup would otherwise read ``&``, ``<`` and ``>`` as tags.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kvalitet_desktop.domain.i18n import thousands
from kvalitet_desktop.paths import resource
from kvalitet_desktop.reports.model import ReportHeader

__all__ = [
    "EMPTY",
    "FONT",
    "FONT_BOLD",
    "GRID",
    "INK",
    "MARGIN",
    "MUTED",
    "PAGE_A4",
    "PAGE_A4_LANDSCAPE",
    "Cell",
    "ReportStyles",
    "SafeTable",
    "clip",
    "closing",
    "content_width",
    "data_table",
    "empty_state",
    "fmt_date",
    "fmt_text",
    "hex_color",
    "key_value_table",
    "labelled",
    "markup",
    "para",
    "part",
    "phrase",
    "printable",
    "register_fonts",
    "render",
    "section",
    "signature_block",
    "styles",
    "text_table",
]

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
EMPTY = "–"  # shown for every missing value
_CREATOR = "Kvalitet Desktop"  # PDF metadata (the layer imports only domain and paths)

PAGE_A4: tuple[float, float] = A4
PAGE_A4_LANDSCAPE: tuple[float, float] = landscape(A4)

MARGIN: float = 20 * mm  # left and right
_HEADER_TOP = 10 * mm  # distance from the top edge to the first header line
_FRAME_TOP = 27 * mm  # where the content starts (below the header band)
_FOOTER_BASE = 10 * mm  # baseline of the lowest footer line
_FRAME_BOTTOM = 24 * mm  # where the content ends (above the footer band)
_PAGE_NUMBER_WIDTH = 32 * mm  # space reserved for "Sida X av Y" at the right of the footer
# Rows taller than the space left on a page may be split inside the row (never in pieces
# smaller than this many points; at the top of a page smaller pieces too, see SafeTable),
# so a very long text can never make the layout fail.
_SPLIT_IN_ROW = 150

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
GRID = colors.HexColor("#cbd2d9")
HEAD_FILL = colors.HexColor("#e4e7eb")
LABEL_FILL = colors.HexColor("#f0f2f4")
ZEBRA_FILL = colors.HexColor("#f7f8fa")
WATERMARK = colors.HexColor("#c0392b")  # red, drawn translucent over the page

# A table cell: plain text (escaped and wrapped for you), None (shown as "–"),
# or ready flowables (one or a list).
Cell: TypeAlias = str | Flowable | list[Any] | None


# --------------------------------------------------------------------------- fonts and styles


def register_fonts() -> None:
    """Register the embedded DejaVu fonts once per process (safe to call repeatedly)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    if FONT not in registered:
        pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
    if FONT_BOLD not in registered:
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
    # <b> inside paragraphs picks the bold face; there is no italic face, so it maps to regular.
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


@dataclass(frozen=True)
class ReportStyles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_header: ParagraphStyle
    empty: ParagraphStyle


@cache
def styles() -> ReportStyles:
    """The paragraph styles of every report (fonts are registered on first use)."""
    register_fonts()
    body = ParagraphStyle(
        "kd-body",
        fontName=FONT,
        bulletFontName=FONT,
        fontSize=9.5,
        leading=12.5,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=4,
    )
    cell = ParagraphStyle("kd-cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0)
    return ReportStyles(
        title=ParagraphStyle(
            "kd-title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=2
        ),
        subtitle=ParagraphStyle(
            "kd-subtitle", parent=body, fontSize=10, leading=13, textColor=MUTED, spaceAfter=8
        ),
        h2=ParagraphStyle(
            "kd-h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "kd-h3",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=body,
        small=ParagraphStyle(
            "kd-small", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=0
        ),
        note=ParagraphStyle(
            "kd-note",
            parent=body,
            fontSize=7.5,
            leading=9.5,
            textColor=MUTED,
            spaceAfter=5,
            keepWithNext=1,
        ),
        label=ParagraphStyle("kd-label", parent=cell, fontName=FONT_BOLD, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("kd-cell-bold", parent=cell, fontName=FONT_BOLD),
        cell_header=ParagraphStyle("kd-cell-header", parent=cell, fontName=FONT_BOLD),
        empty=ParagraphStyle("kd-empty", parent=body, textColor=MUTED, spaceBefore=2),
    )


# --------------------------------------------------------------------------- values

MISSING_GLYPH = "[?]"  # printed for a character the embedded font cannot draw (an emoji)
CLIP_LIMIT = 50_000  # characters of one field printed; a longer text is cut with a note


@cache
def _font_characters() -> frozenset[int]:
    """The code points the embedded regular and bold faces can both draw."""
    register_fonts()
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


def printable(text: str) -> str:
    """``text`` with every character the font lacks (emoji and the like) shown as "[?]",
    never as an empty box; invisible joiners and variation selectors are dropped."""
    if text.isascii():
        return text
    known = _font_characters()
    if all(ord(c) in known for c in text):
        return text
    out: list[str] = []
    for c in text:
        if ord(c) in known or c in "\n\r\t":
            out.append(c)
        elif unicodedata.category(c) in ("Mn", "Me", "Cf") or "\U0001f3fb" <= c <= "\U0001f3ff":
            continue  # a zero-width joiner, an emoji's variation selector or skin tone
        else:
            out.append(MISSING_GLYPH)
    return "".join(out)


def clip(text: str, limit: int = CLIP_LIMIT) -> str:
    """``text``, or its first ``limit`` characters and a visible note when it is longer: a
    field of megabytes prints in seconds and the reader sees that text is left out."""
    if len(text) <= limit:
        return text
    shown, total = thousands(limit), thousands(len(text))
    note = CLIP_NOTE.format(shown=shown, total=total)
    return f"{text[:limit].rstrip()} […]\n{note}"


CLIP_NOTE = (
    "[Texten är avkortad i utskriften: de första {shown} av {total} tecken visas. "
    "Hela texten finns i programmet.]"
)


def fmt_date(value: date | None) -> str:
    """YYYY-MM-DD, or "–" when there is no date."""
    return value.isoformat() if value is not None else EMPTY


def fmt_text(value: str | None) -> str:
    """The text itself, or "–" when it is missing or blank."""
    if value is None or not value.strip():
        return EMPTY
    return value.strip()


def phrase(value: str | None) -> str | None:
    """A stored word as printed on its own in a field: "enhet" → "Enhet", "ja" → "Ja"."""
    if value is None or not value.strip():
        return value
    text = value.strip()
    return text[0].upper() + text[1:]


def markup(value: str | None) -> str:
    """Plain text as reportlab paragraph markup: escaped, line breaks kept, "–" when empty;
    characters the font lacks shown as "[?]", very long texts cut with a note."""
    text = printable(clip(fmt_text(value)))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line) for line in lines)


def para(value: str | None, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain (unescaped) text."""
    return Paragraph(markup(value), style or styles().body)


def labelled(label: str, value: str | None, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph "Label: value" with a bold label; both parts are plain text."""
    return Paragraph(f"<b>{escape(label)}:</b> {markup(value)}", style or styles().cell)


def hex_color(value: str, fallback: str = "#ffffff") -> Any:
    """A reportlab colour from "#rrggbb"; configured colours that do not parse give ``fallback``."""
    try:
        return colors.HexColor(value)
    except (ValueError, TypeError):
        return colors.HexColor(fallback)


def content_width(pagesize: tuple[float, float] = PAGE_A4) -> float:
    """The width of the text frame on a page of this size."""
    return float(pagesize[0]) - 2 * MARGIN


# --------------------------------------------------------------------------- flowables


def section(title: str) -> Paragraph:
    """A section heading (kept with what follows it)."""
    return Paragraph(escape(title), styles().h2)


def empty_state(text: str) -> Paragraph:
    return Paragraph(escape(text), styles().empty)


def _cell(value: Cell, style: ParagraphStyle) -> Any:
    if value is None or isinstance(value, str):
        return Paragraph(markup(value), style)
    return value


def key_value_table(
    rows: Sequence[tuple[str, Cell]],
    width: float,
    *,
    label_width: float = 45 * mm,
    heading: tuple[str, str] | None = None,
) -> Table:
    """Two columns, "Fält | Värde", for the fixed facts of a report."""
    st = styles()
    data: list[list[Any]] = []
    if heading is not None:
        data.append(
            [
                Paragraph(escape(heading[0]), st.cell_header),
                Paragraph(escape(heading[1]), st.cell_header),
            ]
        )
    for label, value in rows:
        data.append([Paragraph(escape(label), st.label), _cell(value, st.cell)])
    first = 1 if heading is not None else 0
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, first), (0, -1), LABEL_FILL),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if heading is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    table = SafeTable(
        data,
        colWidths=[label_width, width - label_width],
        style=TableStyle(commands),
        hAlign="LEFT",
        repeatRows=first,
        splitInRow=_SPLIT_IN_ROW,
    )
    return table


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    col_widths: Sequence[float],
    *,
    extra_style: Sequence[tuple[Any, ...]] = (),
    zebra: bool = True,
) -> Table:
    """A table with a header row repeated on every page and wrapped cells.

    ``extra_style`` takes reportlab table style commands with row indexes counted from the
    first data row as 1 (row 0 is the header), e.g. a background for an overdue row.
    """
    st = styles()
    data: list[list[Any]] = [[Paragraph(escape(h), st.cell_header) for h in headers]]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, the table has {len(headers)} columns")
        data.append([_cell(value, st.cell) for value in row])
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, GRID),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if zebra and rows:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA_FILL]))
    commands.extend(extra_style)
    return SafeTable(
        data,
        colWidths=list(col_widths),
        style=TableStyle(commands),
        hAlign="LEFT",
        repeatRows=1,
        splitInRow=_SPLIT_IN_ROW,
    )


_CELL_SIZE = 8.5
_CELL_LEADING = 10.5
_CELL_PAD_X = 4


@cache
def _char_widths(font: str) -> tuple[dict[int, float], float]:
    """The font's advance widths (thousandths of the font size) and its default width."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return face.charWidths, float(face.defaultWidth)


@cache
def _word_width(word: str, font: str) -> float:
    """The width of ``word`` at the cell size: the same sum reportlab makes, remembered per
    word (most words of a long table repeat)."""
    widths, default = _char_widths(font)
    return 0.001 * _CELL_SIZE * sum(widths.get(ord(c), default) for c in word)


def _wrap(value: str | None, font: str, width: float) -> str:
    """Plain text broken at spaces into lines of at most ``width`` points ("\\n" between
    them); a word longer than a line is broken too."""
    text = printable(clip(fmt_text(value)))
    space = _word_width(" ", font)
    lines: list[str] = []
    for hard in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line: list[str] = []
        used = 0.0
        for word in hard.split():
            need = _word_width(word, font)
            if line and used + space + need <= width:
                line.append(word)
                used += space + need
                continue
            if line:
                lines.append(" ".join(line))
            if need > width:
                *whole, word = _chop(word, font, width)
                lines += whole
                need = _word_width(word, font)
            line, used = [word], need
        lines.append(" ".join(line))
    return "\n".join(lines)


def _chop(word: str, font: str, width: float) -> list[str]:
    """A word wider than ``width`` cut into pieces that fit."""
    widths, default = _char_widths(font)
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, c in enumerate(word):
        need = 0.001 * _CELL_SIZE * widths.get(ord(c), default)
        if used + need > width and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += need
    pieces.append(word[start:])
    return pieces


class _RescueSplit:
    """A table that, at the top of a page, splits inside a row even in a piece smaller than
    its ``splitInRow``: reportlab would otherwise move the table to the next page for ever
    (a "too large" layout error) when what is left of a very long cell is a little taller
    than a page. Elsewhere on a page it splits exactly like reportlab's table."""

    splitInRow: int

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        result: list[Any] = super().split(availWidth, availHeight)  # type: ignore[misc]
        frame = getattr(self, "_frame", None)
        if result or not self.splitInRow or not getattr(frame, "_atTop", False):
            return result
        minimum = self.splitInRow
        self.splitInRow = 1
        try:
            result = super().split(availWidth, availHeight)  # type: ignore[misc]
        finally:
            self.splitInRow = minimum
        for piece in result:
            if hasattr(piece, "splitInRow"):
                piece.splitInRow = minimum
        return result


class SafeTable(_RescueSplit, Table):  # type: ignore[misc]  # reportlab has no type hints
    """reportlab's Table that never fails on a cell taller than a page (see _RescueSplit)."""


class _TextTable(_RescueSplit, LongTable):  # type: ignore[misc]  # reportlab has no type hints
    """A LongTable that draws a multi-line text cell as one text object (reportlab draws
    every line as a text object of its own, which is most of a long table's cost)."""

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:
        if (
            not isinstance(cellval, str)
            or "\n" not in cellval
            or cellstyle.alignment != "LEFT"
            or cellstyle.valign != "TOP"
            or cellstyle.direction
            or cellstyle.shaping
        ):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canvas = self.canv
        current: Any = getattr(self, "_curcellstyle", None)
        if current is not cellstyle:  # as reportlab sets the cell's colour and font
            if current is None or cellstyle.color != current.color:
                canvas.setFillColor(cellstyle.color)
            canvas.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        colpos, rowpos = pos
        y = rowpos + size[1] - cellstyle.topPadding - cellstyle.fontsize
        text = canvas.beginText(colpos + cellstyle.leftPadding, y)
        text.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
        for line in cellval.split("\n"):
            text.textLine(line)
        canvas.drawText(text)


def text_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str | None]],
    col_widths: Sequence[float],
    *,
    bold_rows: Sequence[int] = (),
    extra_style: Sequence[tuple[Any, ...]] = (),
    zebra: bool = True,
    header: bool = True,
    zebra_start: int = 0,
) -> Table:
    """A table like :func:`data_table` for plain-text cells only, made for thousands of rows.

    The cells are wrapped once here into lines of plain strings (no paragraph per cell), so
    laying it out costs about what reportlab's plain table costs. ``bold_rows`` and the rows
    in ``extra_style`` count from the first data row as 1 (row 0 is the header).
    ``header=False`` leaves the header row out (the last rows of a table printed apart, e.g.
    kept with signature lines); ``zebra_start`` is the number of rows printed before them.
    """
    widths = [float(w) - 2 * _CELL_PAD_X for w in col_widths]
    shift = 0 if header else -1  # from "first data row is 1" to the table's own rows
    bold = {i + shift for i in bold_rows}
    data: list[list[str]] = []
    if header:
        data.append([_wrap(h, FONT_BOLD, w) for h, w in zip(headers, widths, strict=True)])
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, the table has {len(headers)} columns")
        font = FONT_BOLD if len(data) in bold else FONT
        data.append([_wrap(value, font, w) for value, w in zip(row, widths, strict=True)])
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), _CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), _CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.5, GRID),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD_X),
    ]
    if header:
        commands += [
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ]
    if zebra and rows:
        fills = [colors.white, ZEBRA_FILL]
        if zebra_start % 2:
            fills.reverse()
        commands.append(("ROWBACKGROUNDS", (0, 1 + shift), (-1, -1), fills))
    commands += [("FONTNAME", (0, i), (-1, i), FONT_BOLD) for i in sorted(bold)]
    commands += [_shift_rows(command, shift) for command in extra_style]
    return _TextTable(
        data,
        colWidths=list(col_widths),
        style=TableStyle(commands),
        hAlign="LEFT",
        repeatRows=1 if header else 0,
        splitInRow=_SPLIT_IN_ROW,
    )


def _shift_rows(command: tuple[Any, ...], shift: int) -> tuple[Any, ...]:
    """A table style command with its (non-negative) row indexes moved by ``shift``."""
    if not shift:
        return command
    name, (c0, r0), (c1, r1), *rest = command

    def move(row: int) -> int:
        return row + shift if row >= 0 else row

    return (name, (c0, move(r0)), (c1, move(r1)), *rest)


def signature_block(
    signers: Sequence[tuple[str, str | None]], width: float, *, title: str | None = None
) -> KeepTogether:
    """Signature lines for each (role, name): Underskrift, Namnförtydligande, Datum.

    A known name is printed above the "Namnförtydligande" line; two signers share a row.
    ``title`` is a section heading kept on the same page as the lines.
    """
    st = styles()
    per_row = 2
    gap = 12 * mm
    column = (width - gap * (per_row - 1)) / per_row

    def one(role: str, name: str | None) -> Table:
        data = [
            [Paragraph(escape(role), st.h3)],
            [""],
            [Paragraph("Underskrift", st.small)],
            [Paragraph(escape(name.strip()), st.cell) if name and name.strip() else ""],
            [Paragraph("Namnförtydligande", st.small)],
            [""],
            [Paragraph("Datum", st.small)],
        ]
        return Table(
            data,
            colWidths=[column],
            rowHeights=[None, 14 * mm, None, 9 * mm, None, 9 * mm, None],
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (0, 1), (0, 1), 0.7, INK),
                    ("LINEBELOW", (0, 3), (0, 3), 0.7, INK),
                    ("LINEBELOW", (0, 5), (0, 5), 0.7, INK),
                ]
            ),
            hAlign="LEFT",
        )

    blocks = [one(role, name) for role, name in signers]
    grid: list[list[Any]] = []
    for start in range(0, len(blocks), per_row):
        chunk: list[Any] = blocks[start : start + per_row]
        chunk += [""] * (per_row - len(chunk))
        row: list[Any] = []
        for i, block in enumerate(chunk):
            if i:
                row.append("")
            row.append(block)
        grid.append(row)
    widths: list[float] = []
    for i in range(per_row):
        if i:
            widths.append(gap)
        widths.append(column)
    outer = Table(
        grid,
        colWidths=widths,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        ),
        hAlign="LEFT",
    )
    head: list[Any] = [section(title)] if title else [Spacer(1, 4 * mm)]
    return KeepTogether([*head, outer])


def closing(last: Sequence[Flowable], signatures: Flowable) -> KeepTogether:
    """The last section of a document and its signature lines, kept on one page, so that
    no page holds only signature lines (a section taller than a page still flows)."""
    return KeepTogether([*last, signatures])


class _Part(KeepTogether):  # type: ignore[misc]  # reportlab has no type hints
    """A heading and what follows it: see :func:`part`."""

    def split(self, aW: float, aH: float) -> list[Any]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if aH >= self._H or aH >= _PART_SPACE:
            return [self.NullActionFlowable(), *self._content]
        return [self.FrameBreak(), *self._content]


def part(flowables: Sequence[Flowable]) -> Flowable:
    """One part of a long list (a unit's heading, summary and table): it starts on this page
    when it fits or when ~42 mm are left, and its table runs on over the pages, so that the
    parts follow one another instead of each starting a page of its own."""
    for flowable in flowables:
        flowable.keepWithNext = 0  # the part keeps its heading with its table itself
    return _Part(list(flowables))


# --------------------------------------------------------------------------- page template


class _KeepWithNext(KeepTogether):  # type: ignore[misc]  # reportlab has no type hints
    """What reportlab wraps a heading (``keepWithNext``) and the flowable after it in.

    A group that fits on one page moves to the next page as a whole when it does not fit here
    (plain KeepTogether). A group taller than a page (a heading and a long table) would move
    too, leaving most of a page empty; it starts here instead when at least
    ``_KEEP_WITH_NEXT_SPACE`` is left, and the table splits across the pages.
    """

    def split(self, aW: float, aH: float) -> list[Any]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        page_height = float(getattr(frame, "_height", aH))
        if page_height < self._H and aH >= _KEEP_WITH_NEXT_SPACE:
            return list(self._content)
        result: list[Any] = super().split(aW, aH)
        return result


_KEEP_WITH_NEXT_SPACE = 170  # points, ~60 mm
_PART_SPACE = 120  # points, ~42 mm: a heading, a line, the table's header and a row or two


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with "…" so that it fits on one line of ``width`` points."""
    text = printable(text)
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _page_decorator(header: ReportHeader) -> Callable[[Any, Any], None]:
    """Draws the header band and the confidentiality line (the page number comes later)."""

    def draw(canvas: Any, doc: Any) -> None:
        page_width, page_height = doc.pagesize
        left, right = MARGIN, page_width - MARGIN
        half = (right - left) / 2 - 3 * mm
        canvas.saveState()
        canvas.setFillColor(INK)

        # Header band: who and where (left), what and when (right).
        y1 = page_height - _HEADER_TOP - 3 * mm
        y2 = y1 - 4.2 * mm
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(left, y1, _fit(header.municipality, FONT_BOLD, 9, half))
        canvas.drawRightString(right, y1, _fit(header.title, FONT_BOLD, 9, half))
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        if header.unit and header.unit.strip():
            canvas.drawString(left, y2, _fit(header.unit.strip(), FONT, 8, half))
        printed = f"Utskriven {fmt_date(header.printed_on)}"
        if header.printed_by.strip():
            printed += f" av {header.printed_by.strip()}"
        canvas.drawRightString(right, y2, _fit(printed, FONT, 8, half))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        line_y = y2 - 2.8 * mm
        canvas.line(left, line_y, right, line_y)

        # Footer band: confidentiality (left, up to two lines) above the base line.
        top_rule = _FOOTER_BASE + 9 * mm
        canvas.line(left, top_rule, right, top_rule)
        if header.confidentiality and header.confidentiality.strip():
            text_width = right - left - _PAGE_NUMBER_WIDTH
            lines = simpleSplit(printable(header.confidentiality.strip()), FONT_BOLD, 8, text_width)
            if len(lines) > 2:
                lines = [lines[0], _fit(" ".join(lines[1:]), FONT_BOLD, 8, text_width)]
            canvas.setFont(FONT_BOLD, 8)
            canvas.setFillColor(INK)
            y = _FOOTER_BASE + 3.6 * mm * (len(lines) - 1)
            for line in lines:
                canvas.drawString(left, y, line)
                y -= 3.6 * mm
        canvas.restoreState()

    return draw


def _watermark_decorator(header: ReportHeader) -> Callable[[Any, Any], None]:
    """Draws the watermark ("UTKAST") after the page's content, so no table hides a letter."""

    def draw(canvas: Any, doc: Any) -> None:
        if header.watermark and header.watermark.strip():
            page_width, page_height = doc.pagesize
            _draw_watermark(canvas, header.watermark.strip(), page_width, page_height)

    return draw


def _draw_watermark(canvas: Any, text: str, page_width: float, page_height: float) -> None:
    """``text`` large and translucent, diagonally across the page, over the content."""
    canvas.saveState()
    size = 96.0
    longest = min(page_width, page_height) * 1.1
    while size > 24 and pdfmetrics.stringWidth(text, FONT_BOLD, size) > longest:
        size -= 4
    canvas.setFont(FONT_BOLD, size)
    canvas.setFillColor(WATERMARK)
    canvas.setFillAlpha(0.16)  # after the colour, which sets its own alpha; the text reads through
    canvas.translate(page_width / 2, page_height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -size / 3, text)
    canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """Holds every page until the end so that each can say "Sida X av Y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab names it so
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._draw_page_number(total)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        page_width = self._pagesize[0]
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.drawRightString(
            page_width - MARGIN, _FOOTER_BASE, f"Sida {self._pageNumber} av {total}"
        )
        self.restoreState()


def render(
    header: ReportHeader,
    story: list[Flowable],
    *,
    pagesize: tuple[float, float] = PAGE_A4,
) -> bytes:
    """Lay ``story`` out on pages of ``pagesize`` with the common header and footer."""
    register_fonts()
    buffer = io.BytesIO()
    title = header.title if not header.unit else f"{header.title} – {header.unit}"
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=_FRAME_TOP,
        bottomMargin=_FRAME_BOTTOM,
        title=title,
        author=header.printed_by,
        subject=header.municipality,
        creator=_CREATOR,
        lang="sv-SE",
        initialFontName=FONT,
        initialFontSize=9.5,
        keepTogetherClass=_KeepWithNext,
    )
    # No frame padding: the content lines up with the header and footer rules, and
    # content_width() is exactly the width the flowables get.
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                id="page",
                frames=[frame],
                onPage=_page_decorator(header),
                onPageEnd=_watermark_decorator(header),
            )
        ]
    )
    doc.build(list(story) or [Spacer(1, 1)], canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
