"""The shared page template: fonts, header and footer on every page, helpers."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph

from kvalitet_desktop.reports.model import ReportHeader
from kvalitet_desktop.reports.template import (
    PAGE_A4,
    PAGE_A4_LANDSCAPE,
    content_width,
    data_table,
    fmt_date,
    fmt_text,
    key_value_table,
    markup,
    para,
    render,
    signature_block,
    styles,
)


def _header(confidentiality: str | None = "Sekretess enligt 26 kap. 1 § OSL") -> ReportHeader:
    return ReportHeader(
        municipality="Exempelkommun Åre",
        unit="Hemtjänst Östra – Väst & Söder",
        title="Provutskrift",
        printed_on=date(2024, 12, 31),
        printed_by="Örjan Ärlig",
        confidentiality=confidentiality,
    )


def test_values_are_formatted_for_print() -> None:
    assert fmt_date(date(2024, 3, 5)) == "2024-03-05"
    assert fmt_date(None) == "–"
    assert fmt_text(None) == "–"
    assert fmt_text("   ") == "–"
    assert fmt_text(" Öl ") == "Öl"


def test_markup_escapes_reportlab_tags_and_keeps_line_breaks() -> None:
    assert markup("a & b <c> d") == "a &amp; b &lt;c&gt; d"
    assert markup("rad ett\nrad två") == "rad ett<br/>rad två"
    assert markup(None) == "–"
    # The escaped text is a valid paragraph and prints literally.
    para("<b>inte fet</b> & <br> <font>")


def test_every_page_has_header_footer_and_page_numbers(pages) -> None:
    story = [para("Första sidan med åäö ÅÄÖ."), PageBreak(), para("Andra sidan."), PageBreak()]
    story.append(para("Tredje & sista <sidan>."))
    texts = pages(render(_header(), story))
    assert len(texts) == 3
    for number, text in enumerate(texts, start=1):
        assert "Exempelkommun Åre" in text
        assert "Hemtjänst Östra – Väst & Söder" in text
        assert "Provutskrift" in text
        assert "Utskriven 2024-12-31" in text
        assert "Örjan Ärlig" in text
        assert "Sekretess enligt 26 kap. 1 § OSL" in text
        assert f"Sida {number} av 3" in text
    assert "Första sidan med åäö ÅÄÖ." in texts[0]
    assert "Tredje & sista <sidan>." in texts[2]


def test_no_confidentiality_line_when_none(pages) -> None:
    texts = pages(render(_header(confidentiality=None), [para("Öppen uppgift.")]))
    assert len(texts) == 1
    assert "Sekretess" not in texts[0]
    assert "Sida 1 av 1" in texts[0]


def test_empty_story_still_gives_one_page(pages) -> None:
    texts = pages(render(_header(), []))
    assert len(texts) == 1
    assert "Sida 1 av 1" in texts[0]


def test_page_size_can_be_landscape() -> None:
    landscape = PdfReader(
        io.BytesIO(render(_header(), [para("Liggande.")], pagesize=PAGE_A4_LANDSCAPE))
    )
    box = landscape.pages[0].mediabox
    assert float(box.width) > float(box.height)
    portrait = PdfReader(io.BytesIO(render(_header(), [para("Stående.")])))
    box = portrait.pages[0].mediabox
    assert float(box.width) < float(box.height)
    assert content_width(PAGE_A4) < content_width(PAGE_A4_LANDSCAPE)


def _uses_only_dejavu(reader: PdfReader) -> bool:
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for key in fonts:
            name = str(fonts[key].get_object()["/BaseFont"])
            if "DejaVu" not in name:
                return False
    return True


def test_only_embedded_dejavu_fonts_are_used() -> None:
    header = _header()
    width = content_width()
    story = [
        para("Brödtext"),
        key_value_table([("Fält", "Värde"), ("Tomt", None)], width, heading=("Fält", "Värde")),
        data_table(
            ("A", "B"),
            [["ett", None], ["två", Paragraph("tre", styles().cell)]],
            [width / 2, width / 2],
        ),
        signature_block([("Enhetschef", "Åke"), ("Verksamhetschef", None)], width),
    ]
    reader = PdfReader(io.BytesIO(render(header, story)))
    assert _uses_only_dejavu(reader)


def test_long_table_repeats_its_header_and_wraps(pages) -> None:
    width = content_width()
    long = "Mycket lång text om överlämningar och måltider som måste radbrytas. " * 6
    rows = [[f"Rad {i}", long] for i in range(1, 80)]
    texts = pages(
        render(_header(), [data_table(("Nummer", "Beskrivning"), rows, [30 * mm, width - 30 * mm])])
    )
    assert len(texts) > 2
    for text in texts:
        assert "Nummer Beskrivning" in text
    everything = " ".join(texts)
    for i in range(1, 80):
        assert f"Rad {i} " in everything


def test_a_cell_taller_than_a_page_is_split_instead_of_failing(pages) -> None:
    width = content_width()
    huge = "\n".join(f"Rad {i}: ännu en lång mening om vården & omsorgen." for i in range(400))
    texts = pages(
        render(
            _header(), [data_table(("Fält", "Text"), [["Ett", huge]], [40 * mm, width - 40 * mm])]
        )
    )
    assert len(texts) > 3
    assert "Rad 399: ännu en lång mening om vården & omsorgen." in texts[-1]


def test_data_table_rejects_rows_of_the_wrong_length() -> None:
    with pytest.raises(ValueError):
        data_table(("A", "B"), [["bara en"]], [100, 100])
