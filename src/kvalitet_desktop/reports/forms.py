"""Any form definition with its answers (``domain.forms``) as PDF content.

One part per section (its help is left out: the print-out is the record, not the guide), each
visible field as label and value, unanswered ones as "–", repeating groups as tables, and in
sections that document their sources a small grey line per answered field saying when, by
whom, from what source and whether it is a fact or an assessment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from kvalitet_desktop.domain.forms import (
    NO,
    YES,
    FieldDef,
    FieldType,
    FormAnswers,
    FormDef,
    FormLookups,
    Nature,
    Provenance,
    SectionDef,
    is_empty,
    is_visible,
)
from kvalitet_desktop.reports.model import ReportHeader
from kvalitet_desktop.reports.template import (
    EMPTY,
    Cell,
    content_width,
    data_table,
    empty_state,
    fmt_text,
    key_value_table,
    labelled,
    markup,
    render,
    section,
    styles,
)

__all__ = [
    "form_flowables",
    "format_value",
    "provenance_text",
    "render_form_pdf",
    "version_text",
]

NATURE_LABELS = {Nature.FACT: "Fakta", Nature.ASSESSMENT: "Bedömning"}
ANSWER_LABELS = {YES: "Ja", NO: "Nej"}
INDIVIDUAL_LABELS = {"flera": "Flera", "okänd": "Okänd"}
NO_PROVENANCE = "Datum, källa och om uppgiften är fakta eller bedömning är inte dokumenterat."
NO_FIELDS = "Inga uppgifter i den här delen."
_LABEL_WIDTH = 58 * mm
_NUMBER_WIDTH = 8 * mm
# Relative widths of the columns of a repeating group by field type.
_COLUMN_WEIGHT = {
    FieldType.LONG_TEXT: 3.0,
    FieldType.TEXT: 2.0,
    FieldType.MULTI_CHOICE: 2.0,
    FieldType.YES_NO: 2.0,
    FieldType.DATE: 1.1,
    FieldType.DATETIME: 1.4,
    FieldType.SCALE: 1.4,
}


def render_form_pdf(
    header: ReportHeader,
    form: FormDef,
    answers: FormAnswers,
    lookups: FormLookups,
    title: str | None = None,
) -> bytes:
    """The whole PDF: title, the form's title and version in small print (so an old record
    prints with the version it was filled in with), then every section."""
    st = styles()
    heading = title.strip() if title and title.strip() else form.title
    story: list[Flowable] = [Paragraph(markup(heading), st.title)]
    if heading != form.title:
        story.append(Paragraph(markup(form.title), st.subtitle))
    story.append(Paragraph(markup(version_text(form)), st.note))
    if form.regulation.strip():
        story.append(Paragraph(markup(form.regulation), st.note))
    story += form_flowables(form, answers, lookups)
    return render(header, story)


def version_text(form: FormDef) -> str:
    """The form's version as printed in small print: "Formulärversion 3"."""
    return f"Formulärversion {form.version}"


def form_flowables(form: FormDef, answers: FormAnswers, lookups: FormLookups) -> list[Flowable]:
    """The sections of ``form`` filled in with ``answers``, ready for a report's story."""
    flow: list[Flowable] = []
    for part in form.sections:
        flow += _section(part, answers, lookups)
    return flow


def _section(part: SectionDef, answers: FormAnswers, lookups: FormLookups) -> list[Flowable]:
    width = content_width()
    st = styles()
    flow: list[Flowable] = [section(part.title)]
    rows: list[tuple[str, Cell]] = []

    def flush() -> None:
        if rows:
            flow.append(key_value_table(list(rows), width, label_width=_LABEL_WIDTH))
            rows.clear()

    shown = 0
    for field in part.fields:
        if not is_visible(field, answers.values):
            continue
        shown += 1
        value = answers.values.get(field.id)
        line = None
        if part.provenance and not is_empty(value):
            line = Paragraph(markup(provenance_text(answers.provenance.get(field.id))), st.small)
        if field.type is FieldType.GROUP and isinstance(value, list) and value:
            flush()
            if len(flow) > 1:  # fields above the table
                flow.append(Spacer(1, 2 * mm))
            flow.append(Paragraph(markup(field.label), st.h3))
            if line is not None:  # above the table, which may run over several pages
                text = provenance_text(answers.provenance.get(field.id))
                flow.append(Paragraph(markup(text), st.note))
            flow.append(_group_table(field, value, lookups, width))
            flow.append(Spacer(1, 2 * mm))
            continue
        cell: list[Any] = value_flowables(field, value, lookups, st.cell)
        if line is not None:
            cell.append(line)
        rows.append((field.label, cell))
    flush()
    if not shown:
        flow.append(empty_state(NO_FIELDS))
    return flow


# --------------------------------------------------------------------------- values


def format_value(field: FieldDef, value: Any, lookups: FormLookups) -> str:
    """An answer as plain text for print: option labels, names for ids, "–" when empty.

    A yes/no answer gives "Ja" or "Nej" (its motivation is printed separately)."""
    if is_empty(value):
        return EMPTY
    kind = field.type
    if kind is FieldType.CHOICE:
        return lookups.option_label(field, str(value))
    if kind is FieldType.MULTI_CHOICE:
        chosen = [
            lookups.option_label(field, str(v))
            for v in (value if isinstance(value, list) else [value])
        ]
        # One per line: option labels may themselves hold commas and "och".
        return chosen[0] if len(chosen) == 1 else "\n".join(f"• {c}" for c in chosen)
    if kind is FieldType.YES_NO:
        answer = value.get("svar") if isinstance(value, dict) else value
        if isinstance(answer, bool):
            answer = YES if answer else NO
        return ANSWER_LABELS.get(str(answer), str(answer))
    if kind is FieldType.SCALE:
        return _scale_text(field, value)
    if kind is FieldType.USER:
        return lookups.user_name(str(value)) or str(value)
    if kind is FieldType.UNIT:
        return lookups.unit_name(str(value)) or str(value)
    if kind is FieldType.INDIVIDUAL:
        return INDIVIDUAL_LABELS.get(str(value), str(value))
    if kind is FieldType.GROUP:
        count = len(value) if isinstance(value, list) else 0
        return f"{count} rad" if count == 1 else f"{count} rader"
    return fmt_text(str(value))


def _scale_text(field: FieldDef, value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        index = value - field.scale_min
        if field.scale_labels and 0 <= index < len(field.scale_labels):
            return f"{value} – {field.scale_labels[index]}"
        return f"{value} (skala {field.scale_min}–{field.scale_max})"
    return str(value)


def value_flowables(
    field: FieldDef, value: Any, lookups: FormLookups, style: ParagraphStyle
) -> list[Any]:
    """The paragraphs showing one answer (a yes/no answer with its motivation)."""
    flow: list[Any] = [Paragraph(markup(format_value(field, value, lookups)), style)]
    if field.type is FieldType.YES_NO and isinstance(value, dict):
        motivation = str(value.get("motivering") or "")
        if motivation.strip():
            flow.append(labelled("Motivering", motivation, style))
    return flow


def provenance_text(item: Provenance | None) -> str:
    """ "Dokumenterat 2026-11-03 av Eva Ek, utredare · Källa: … · Fakta"."""
    if item is None:
        return NO_PROVENANCE
    by = f" av {item.documented_by.strip()}" if item.documented_by.strip() else ""
    return (
        f"Dokumenterat {fmt_text(item.documented_on)}{by} · Källa: {fmt_text(item.source)}"
        f" · {NATURE_LABELS[item.nature]}"
    )


def _group_table(
    field: FieldDef, rows: Sequence[Any], lookups: FormLookups, width: float
) -> Flowable:
    st = styles()
    columns = field.fields
    weights = [_COLUMN_WEIGHT.get(c.type, 1.5) for c in columns]
    spare = width - _NUMBER_WIDTH
    widths = [_NUMBER_WIDTH, *(spare * w / sum(weights) for w in weights)]
    data: list[list[Cell]] = []
    for number, item in enumerate(rows, start=1):
        row = item if isinstance(item, dict) else {}
        cells: list[Cell] = [str(number)]
        for col in columns:
            if is_visible(col, row):
                cells.append(value_flowables(col, row.get(col.id), lookups, st.cell))
            else:
                cells.append(Paragraph("", st.cell))  # the column does not apply to the row
        data.append(cells)
    return data_table(["Nr", *(c.label for c in columns)], data, widths)
