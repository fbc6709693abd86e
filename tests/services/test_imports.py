"""Importing avvikelser and klagomål from sheets, on a real database file: the files read
(encodings, separators, workbooks, what is not a sheet), the report per row, all or nothing,
no duplicates on a second import, the value tables, the remembered mapping and the cancel."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from kvalitet_desktop.domain.errors import PermissionDenied
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.exchange.imports import reading
from kvalitet_desktop.exchange.imports.engine import (
    ImportRefused,
    SheetImport,
    importable_kinds,
    target_of,
)
from kvalitet_desktop.exchange.imports.mapping import (
    ColumnMapping,
    MappingError,
    layout_key,
    load_mapping,
    suggest,
)
from kvalitet_desktop.exchange.imports.reading import SheetError, open_sheet
from kvalitet_desktop.services import imports, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.imports import ImportCancelled, Progress
from kvalitet_desktop.store.models import AuditEntry, ImportKey
from kvalitet_desktop.workflows.complaints.models import Complaint
from kvalitet_desktop.workflows.deviations.models import Deviation

UNIT = "Daglig verksamhet Solrosen"
HEADER = "Datum;Enhet;Rubrik;Beskrivning;Kategori"
COLUMNS = {
    "Datum": "occurred_at",
    "Enhet": "unit_id",
    "Rubrik": "title",
    "Beskrivning": "description",
    "Kategori": "category",
}


def _sheet(tmp_path: Path, lines: list[str], name: str = "avvikelser.csv", **kw: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=kw.get("encoding", "utf-8"))
    return path


def _job(ctx: Context, path: Path, **mapping: object) -> SheetImport:
    columns = mapping.pop("columns", COLUMNS)
    chosen = ColumnMapping("avvikelse", dict(columns), **mapping)  # type: ignore[arg-type]
    return SheetImport(ctx, target_of("avvikelse"), open_sheet(path), chosen)


def _counts(ctx: Context) -> tuple[int, int, int, int]:
    """Avvikelser, klagomål, import keys and audit entries: what an import could change."""
    with ctx.reading() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(table))
            for table in (Deviation, Complaint, ImportKey, AuditEntry)
        )


def _titles(ctx: Context) -> list[str]:
    with ctx.reading() as session:
        return sorted(session.scalars(select(Deviation.title)))


# --- reading -----------------------------------------------------------------------------


def test_the_kinds_offered_for_import_come_from_the_registry() -> None:
    assert importable_kinds() == ("avvikelse", "klagomal")


def test_a_windows_1252_file_is_recognised_and_read_with_its_swedish_letters(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        [HEADER, f"2025-03-14 10:30;{UNIT};Fall på gården;Brukaren föll, ingen skada;bemötande"],
        encoding="cp1252",
    )
    source = open_sheet(path)
    assert (source.encoding, source.delimiter) == (reading.WINDOWS_1252, ";")
    outcome = _job(admin, path).run()
    assert outcome.created == 1
    with admin.reading() as session:
        row = session.scalars(select(Deviation)).one()
    assert (row.title, row.description) == ("Fall på gården", "Brukaren föll, ingen skada")
    assert row.occurred_at == datetime(2025, 3, 14, 10, 30)
    assert row.unit_id == unit_id and row.category == "bemötande"


@pytest.mark.parametrize(
    ("prefix", "delimiter", "encoding"),
    [
        (b"\xef\xbb\xbf", ";", reading.UTF8_BOM),
        (b"", ",", reading.UTF8),
        (b"", "\t", reading.UTF8),
    ],
    ids=["utf8-bom-semicolon", "utf8-comma", "utf8-tab"],
)
def test_utf8_with_or_without_bom_and_each_separator_are_found(
    tmp_path: Path, prefix: bytes, delimiter: str, encoding: str
) -> None:
    rows = [["Datum", "Enhet", "Rubrik"], ["2025-01-02", "Hemtjänst Öster", "Åtgärd, sen"]]
    text = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in r) for r in rows)
    path = tmp_path / "fil.csv"
    path.write_bytes(prefix + text.encode() + b"\n")
    source = open_sheet(path)
    assert (source.encoding, source.delimiter) == (encoding, delimiter)
    header, preview = reading.preview(source)
    assert header == rows[0] and preview == [rows[1]]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("tom.csv", b"", "är tom"),
        ("blank.csv", b"\n\n  \n", "är tom"),
        ("rapport.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "är inget kalkylark"),
        ("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "är inget kalkylark"),
        ("gammal.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "äldre Excel-fil"),
    ],
)
def test_a_file_that_is_not_a_sheet_is_refused_in_swedish(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SheetError, match=says):
        open_sheet(path)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "arkiv.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hej")
    with pytest.raises(SheetError, match="är inget kalkylark"):
        open_sheet(path)


def test_a_workbook_is_read_with_its_dates_and_numbers(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Datum", "Enhet", "Rubrik", "Beskrivning", "Kategori", "Löpnr"])
    sheet.append([datetime(2025, 5, 6, 8, 15), UNIT, "Dörren olåst", "Natten", "övrigt", 17])
    sheet.append([])
    sheet.append([date(2025, 5, 7), UNIT, "Larm utan svar", "Kvällen", "övrigt", 18.0])
    path = tmp_path / "ark.xlsx"
    book.save(path)
    source = open_sheet(path)
    assert source.format is reading.SheetFormat.XLSX
    header, preview = reading.preview(source)
    assert header[-1] == "Löpnr" and preview[0][0] == "2025-05-06 08:15"
    assert preview[1][-1] == "18"
    job = _job(admin, path, source_id_column="Löpnr")
    report = job.validate()
    assert (report.ok, report.rows, report.blank) == (True, 2, 1)
    assert job.run().created == 2
    assert _titles(admin) == ["Dörren olåst", "Larm utan svar"]


# --- the report per row ------------------------------------------------------------------


def test_every_bad_row_is_reported_with_its_row_column_and_problem_and_nothing_is_written(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        [
            HEADER,
            f"2025-02-03;{UNIT};Rätt rad;Allt stämmer;bemötande",
            f"2021-02-30;{UNIT};Fel datum;Text;bemötande",
            "",
            "2025-02-04;Hemtjänst Mars;Okänd enhet;Text;bemötande",
            f"2025-02-05;{UNIT};;Rubriken saknas;bemötande",
            f"2025-02-06;{UNIT};Personnummer;Gäller 19121212-1212;bemötande",
            f"2025-02-07;{UNIT};{'x' * 201};Lång rubrik;bemötande",
            f"2025-02-08;{UNIT};Ny kategori;Text;flygande tallrik",
        ],
    )
    before = _counts(admin)
    job = _job(admin, path)
    report = job.validate()
    problems = {(p.line, p.column): p.message for p in report.problems}
    assert problems[(3, "Datum")] == "Datumet 2021-02-30 finns inte: februari 2021 har 28 dagar."
    assert problems[(5, "Enhet")].startswith("Enheten ”Hemtjänst Mars” finns inte")
    assert problems[(6, "Rubrik")] == "Rubrik måste fyllas i, men cellen är tom."
    assert "personnummer" in problems[(7, "Beskrivning")]
    assert problems[(8, "Rubrik")] == "Texten är för lång: högst 200 tecken (den har 201)."
    assert "flygande tallrik" in problems[(9, "Kategori")]
    assert report.bad_lines == {3, 5, 6, 7, 8, 9}
    assert (report.rows, report.blank, report.valid, report.ok) == (7, 1, 1, False)
    assert report.unknown_values == {
        "unit_id": {"Hemtjänst Mars": 1},
        "category": {"flygande tallrik": 1},
    }
    with pytest.raises(ImportRefused, match="inget importerades"):
        job.run()
    assert _counts(admin) == before


def test_the_bad_rows_are_left_out_only_when_the_user_chooses_it(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        [HEADER, f"2025-02-03;{UNIT};Bra rad;Text;bemötande", f"2025-13-01;{UNIT};Dålig;T;övrigt"],
    )
    assert _job(admin, path).validate().problems[0].message.endswith("tolv månader.")
    outcome = _job(admin, path).run(exclude_bad=True)
    assert (outcome.created, outcome.skipped) == (1, 0)
    assert _titles(admin) == ["Bra rad"]


def test_a_mapping_naming_a_column_the_file_lacks_is_refused_before_any_row(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(tmp_path, ["Datum;Enhet;Rubrik", f"2025-02-03;{UNIT};Bara rubrik"])
    before = _counts(admin)
    job = _job(admin, path)
    report = job.validate()
    messages = [p.message for p in report.file_problems]
    assert any(m.startswith("Kolumnen ”Beskrivning” finns inte i filen") for m in messages)
    assert report.rows == 0 and not report.ok
    with pytest.raises(ImportRefused):
        job.run(exclude_bad=True)
    assert _counts(admin) == before


def test_a_required_field_without_a_column_is_named(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(tmp_path, ["Datum;Enhet;Rubrik", f"2025-02-03;{UNIT};Bara rubrik"])
    columns = {"Datum": "occurred_at", "Enhet": "unit_id", "Rubrik": "title"}
    report = _job(admin, path, columns=columns).validate()
    assert [p.message for p in report.file_problems] == [
        "Ingen kolumn är vald för Beskrivning, som måste fyllas i."
    ]


def test_empty_rows_are_skipped_not_errors(admin: Context, unit_id: str, tmp_path: Path) -> None:
    path = _sheet(
        tmp_path,
        [HEADER, "", ";;;;", f"2025-02-03;{UNIT};Efter tomma;Text;övrigt", "", ""],
    )
    report = _job(admin, path).validate()
    assert (report.ok, report.rows, report.blank) == (True, 1, 4)
    assert _job(admin, path).run().created == 1


def test_duplicate_rows_inside_one_file_are_reported(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    line = f"2025-02-03;{UNIT};Samma;Samma text;övrigt"
    path = _sheet(tmp_path, [HEADER, line, f"2025-02-04;{UNIT};Annan;Text;övrigt", line])
    report = _job(admin, path).validate()
    assert [(p.line, p.message) for p in report.problems] == [(4, "Raden är en dubblett av rad 2.")]
    assert _job(admin, path).run(exclude_bad=True).created == 2


# --- re-import, audit, remembered mapping ------------------------------------------------


def test_importing_the_same_file_again_creates_nothing_new(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        [HEADER, f"2025-02-03;{UNIT};Ett;Text;övrigt", f"2025-02-04;{UNIT};Två;Text;övrigt"],
    )
    first = _job(admin, path).run()
    after_first = _counts(admin)
    report = _job(admin, path).validate()
    assert (report.ok, report.imported_before, report.new) == (True, 2, 0)
    second = _job(admin, path).run()
    assert (first.created, second.created, second.skipped) == (2, 0, 2)
    assert _counts(admin)[:3] == after_first[:3]
    with admin.reading() as session:
        events = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "import").order_by(AuditEntry.seq)
        ).all()
        inserts = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "insert", AuditEntry.entity == "deviations")
        )
    assert [json.loads(e.changes) for e in events] == [
        {"kind": "avvikelse", "file": "avvikelser.csv", "created": 2, "skipped": 0, "closed": 0},
        {"kind": "avvikelse", "file": "avvikelser.csv", "created": 0, "skipped": 2, "closed": 0},
    ]
    assert inserts == 2  # each record has its own trail through the service


def test_the_source_id_column_keys_the_rows_even_when_their_values_changed(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    header = HEADER + ";Nr"
    path = _sheet(tmp_path, [header, f"2025-02-03;{UNIT};Första;Text;övrigt;A-1"])
    assert _job(admin, path, source_id_column="Nr").run().created == 1
    changed = _sheet(tmp_path, [header, f"2025-02-03;{UNIT};Rättad rubrik;Text;övrigt;A-1"])
    outcome = _job(admin, changed, source_id_column="Nr").run()
    assert (outcome.created, outcome.skipped) == (0, 1)
    assert _titles(admin) == ["Första"]


def test_unknown_values_are_mapped_through_the_value_table(
    admin: Context, unit_id: str, other_unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        [
            HEADER,
            "2025-02-03;DV Solrosen;Ett;Text;Fall",
            f"2025-02-04;{other_unit_id};Två;Text;FALL",
            "2025-02-05;  hemtjänst   öster ;Tre;Text;övrigt",
        ],
    )
    values = {"unit_id": {"DV Solrosen": UNIT}, "category": {"fall": "fall (HSL)"}}
    report = _job(admin, path, values=values).validate()
    assert report.ok, report.problems
    _job(admin, path, values=values).run()
    with admin.reading() as session:
        rows = session.execute(select(Deviation.title, Deviation.unit_id, Deviation.category))
        found = {title: (unit, category) for title, unit, category in rows}
    assert found == {
        "Ett": (unit_id, "fall (HSL)"),
        "Två": (other_unit_id, "fall (HSL)"),
        "Tre": (other_unit_id, "övrigt"),
    }


def test_the_mapping_is_remembered_for_files_of_the_same_layout(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(tmp_path, [HEADER, f"2025-02-03;{UNIT};Ett;Text;övrigt"])
    job = _job(admin, path, defaults={"legal_basis": "SoL"})
    job.run()
    remembered = imports.remembered_mapping(admin, "avvikelse", job.layout)
    assert remembered is not None
    assert ColumnMapping.from_json(remembered) == job.mapping
    # Names that differ only in case, spacing and punctuation are the same layout.
    assert layout_key(["datum", "ENHET ", "Rubrik.", "Beskrivning", "Kategori"]) == job.layout


def test_columns_are_suggested_from_their_names() -> None:
    fields = target_of("avvikelse").fields
    header = ["Händelsedatum", "Enhet/verksamhet", "Rubrik", "Vad hände?", "Typ", "Övrigt"]
    assert suggest(header, fields) == {
        "Händelsedatum": "occurred_at",
        "Enhet/verksamhet": "unit_id",
        "Rubrik": "title",
        "Vad hände?": "description",
        "Typ": "category",
    }


def test_a_broken_mapping_file_is_refused_in_swedish(tmp_path: Path) -> None:
    path = tmp_path / "mappning.json"
    path.write_text("{inte json", encoding="utf-8")
    with pytest.raises(MappingError, match="går inte att läsa som JSON"):
        load_mapping(path)
    path.write_text(json.dumps({"kind": "avvikelse", "columns": {"A": 1}}), encoding="utf-8")
    with pytest.raises(MappingError, match="har fel form"):
        load_mapping(path)


def test_a_mapping_to_a_field_that_does_not_exist_is_refused(
    admin: Context, tmp_path: Path
) -> None:
    path = _sheet(tmp_path, ["A;B", "1;2"])
    with pytest.raises(MappingError, match="”gissning”, som inte finns"):
        _job(admin, path, columns={"A": "gissning"})


# --- klagomål ----------------------------------------------------------------------------


def test_complaints_are_imported_with_their_lists(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        [
            "Inkom;Enhet;Rubrik;Typ;Kanal;Avsändare;Ämne;Beskrivning",
            f"2025-04-01;{UNIT};Maten kall;Klagomål;Telefon;Närstående;måltider;Kall mat",
            f"2025-04-02;{UNIT};Tack;beröm;e-post;brukare;bemötande;Bra personal",
        ],
        name="klagomal.csv",
    )
    target = target_of("klagomal")
    header = reading.header_of(open_sheet(path))
    mapping = ColumnMapping("klagomal", suggest(header, target.fields))
    assert mapping.columns["Inkom"] == "received_on"
    job = SheetImport(admin, target, open_sheet(path), mapping)
    assert job.validate().ok
    assert job.run().created == 2
    with admin.reading() as session:
        rows = session.execute(
            select(Complaint.title, Complaint.complaint_kind, Complaint.channel)
        ).all()
    assert sorted(rows) == [("Maten kall", "klagomål", "telefon"), ("Tack", "beröm", "e-post")]


# --- permissions, cancel, scale ----------------------------------------------------------


def test_staff_may_not_import(admin: Context, unit_id: str, tmp_path: Path) -> None:
    organisation.save_user(
        admin, organisation.UserInput("medarbetare", "Mia", None, [Role.STAFF], [unit_id])
    )
    staff = Context.for_login(admin.db, "medarbetare")
    path = _sheet(tmp_path, [HEADER, f"2025-02-03;{UNIT};Ett;Text;övrigt"])
    with pytest.raises(PermissionDenied):
        _job(staff, path)


def _big_sheet(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "stor.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(HEADER + "\n")
        for n in range(rows):
            stream.write(
                f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d};{UNIT};Händelse {n};Text {n};övrigt\n"
            )
    return path


def test_a_cancel_keeps_nothing_of_the_import(admin: Context, unit_id: str, tmp_path: Path) -> None:
    path = _big_sheet(tmp_path, 1_200)
    before = _counts(admin)
    progress = Progress()

    def stop_after_the_first_batch(done: int) -> None:
        progress.cancel_requested = done >= imports.BATCH

    progress.listeners.append(stop_after_the_first_batch)
    with pytest.raises(ImportCancelled, match="Inget importerades"):
        _job(admin, path).run(progress=progress)
    assert progress.done == imports.BATCH  # it had written a batch before it stopped
    assert _counts(admin) == before


@pytest.mark.slow
def test_100000_rows_are_checked_in_bounded_memory_and_imported_until_cancelled(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    """The whole file is validated row by row (memory: the keys, not the rows); the import of
    it runs with its progress until cancelled, and keeps nothing. The full import's time is
    measured in benchmarks/bench_import.py."""
    import tracemalloc

    path = _big_sheet(tmp_path, 100_000)
    assert path.stat().st_size > 5_000_000
    tracemalloc.start()
    report = _job(admin, path).validate()
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (report.ok, report.rows, report.valid) == (True, 100_000, 100_000)
    assert peak < 40_000_000, peak  # the file as rows would be several times this
    progress = Progress()
    progress.listeners.append(lambda done: setattr(progress, "cancel_requested", done >= 3_000))
    before = _counts(admin)
    with pytest.raises(ImportCancelled):
        _job(admin, path).run(progress=progress)
    assert _counts(admin) == before
