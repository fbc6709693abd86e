"""Lists exported to XLSX and CSV through the exchange layer: read back with openpyxl and the
csv module; filter, sort, permissions, the audit entry, owner-only files, failed writes."""

from __future__ import annotations

import csv
import errno
import json
import os
import stat
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from deviation_inputs import registration
from lexsarah_answers import report_answers
from sqlalchemy import select

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import PermissionDenied, RuleViolation, ValidationFailed
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.exchange import list_export
from kvalitet_desktop.exchange.list_export import (
    ExportFormat,
    UnknownFormat,
    export_list,
    format_of,
    personal_data_warning,
)
from kvalitet_desktop.services import exports, listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.listing import ListQuery
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.lexsarah import service as lexsarah

TRICKY = 'Fel dos; "kväll"'
HEADINGS = [
    "Nr",
    "Rubrik",
    "Enhet",
    "Status",
    "Kategori",
    "Inträffade",
    "Påbörjas senast",
    "Avslutas senast",
    "Riskvärde",
    "Lagrum",
    "Avslutad",
    "Försenad",
]


def _user(admin: Context, login: str, role: Role, units: list[str]) -> Context:
    organisation.save_user(admin, organisation.UserInput(login, login.title(), None, [role], units))
    return Context.for_login(admin.db, login)


@pytest.fixture
def events(admin: Context, unit_id: str, other_unit_id: str) -> dict[str, str]:
    """Three avvikelser in the first unit on three days, one in the other unit."""
    base = datetime(2026, 3, 10, 14, 35)
    made = {}
    for days, title in ((0, "Åtgärden glömdes"), (5, TRICKY), (20, "Öppen dörr på natten")):
        view = deviations.register(
            admin, registration(unit_id, title=title, occurred_at=base + timedelta(days=days))
        )
        made[title] = view.id
    other = deviations.register(
        admin, registration(other_unit_id, title="Annan enhets händelse", occurred_at=base)
    )
    made["other"] = other.id
    return made


def _sheet_rows(path: Path) -> tuple[Any, list[list[Any]]]:
    book = openpyxl.load_workbook(path)
    ws = book.active
    assert ws is not None
    return ws, [[cell.value for cell in row] for row in ws.iter_rows()]


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def _exports(ctx: Context) -> list[dict[str, Any]]:
    with ctx.reading() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.seq)
        ).all()
        return [json.loads(e.changes) for e in entries]


def _denied(ctx: Context) -> list[dict[str, Any]]:
    with ctx.reading() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "denied")).all()
        return [json.loads(e.changes) for e in entries]


def test_xlsx_has_the_lists_headings_typed_cells_frozen_header_and_autofilter(
    admin: Context, events: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "avvikelser.xlsx"
    done = export_list(admin, "avvikelse", ListQuery(), target)
    assert (done.format, done.rows) == (ExportFormat.XLSX, 4)
    ws, rows = _sheet_rows(target)
    assert rows[0] == HEADINGS
    assert ws.freeze_panes == "A2"
    assert ws.title == "Avvikelser"
    assert ws.auto_filter.ref == f"A1:L{len(rows)}"
    assert all(cell.font.b for cell in ws[1])
    # Newest first, as the list shows them by default.
    titles = [row[1] for row in rows[1:]]
    assert titles[:2] == ["Öppen dörr på natten", TRICKY]
    newest = rows[1]
    occurred = ws.cell(row=2, column=HEADINGS.index("Inträffade") + 1)
    assert newest[5] == datetime(2026, 3, 30, 14, 35)
    assert occurred.is_date and occurred.number_format == "yyyy-mm-dd hh:mm"
    due = ws.cell(row=2, column=HEADINGS.index("Påbörjas senast") + 1)
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert isinstance(due.value, datetime)  # Excel has only date-times; the day as written
    assert newest[3] == "Registrerad"  # as the list writes a status
    assert isinstance(newest[HEADINGS.index("Riskvärde")], int | type(None))
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJKL"]
    assert all(6 <= w <= 60 for w in widths)
    assert widths[1] > widths[0]  # the title is wider than the number


def test_a_number_stays_a_number(admin: Context, unit_id: str, tmp_path: Path) -> None:
    deviations.register(
        admin, registration(unit_id, title="Fallrisk", probability=3, consequence_level=4)
    )
    target = tmp_path / "risk.xlsx"
    export_list(admin, "avvikelse", ListQuery(), target)
    _ws, rows = _sheet_rows(target)
    assert rows[1][HEADINGS.index("Riskvärde")] == 12


def test_csv_is_utf8_with_bom_semicolons_and_iso_dates(
    admin: Context, events: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "avvikelser.csv"
    done = export_list(admin, "avvikelse", ListQuery(sort="title"), target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.splitlines()[0].decode("utf-8-sig") == ";".join(HEADINGS)
    rows = _csv_rows(target)
    assert done.rows == len(rows) - 1 == 4
    titles = [row[1] for row in rows[1:]]
    listed = listing.fetch(admin, "avvikelse", ListQuery(sort="title"))
    assert titles == [r["title"] for r in listed]
    tricky = next(row for row in rows if row[1] == TRICKY)  # ; and " survive
    assert tricky[HEADINGS.index("Inträffade")] == "2026-03-15 14:35"
    assert len(tricky) == len(HEADINGS)
    assert '"Fel dos; ""kväll"""' in raw.decode("utf-8-sig")
    assert "Öppen dörr på natten" in titles


def test_the_filter_and_the_sort_are_those_of_the_list(
    admin: Context, events: dict[str, str], unit_id: str, tmp_path: Path
) -> None:
    query = ListQuery(unit_id=unit_id, sort="occurred_at", descending=False, text="DÖRR")
    target = tmp_path / "urval.csv"
    assert export_list(admin, "avvikelse", query, target).rows == 1
    assert [r[1] for r in _csv_rows(target)[1:]] == ["Öppen dörr på natten"]

    ascending = ListQuery(unit_id=unit_id, sort="occurred_at", descending=False)
    export_list(admin, "avvikelse", ascending, target)
    shown = [r[1] for r in _csv_rows(target)[1:]]
    listed = [r["title"] for r in listing.fetch(admin, "avvikelse", ascending)]
    assert shown == listed == ["Åtgärden glömdes", TRICKY, "Öppen dörr på natten"]


def test_a_period_on_the_main_date_includes_both_days(
    admin: Context, events: dict[str, str], tmp_path: Path
) -> None:
    query = ListQuery(date_from=date(2026, 3, 10), date_to=date(2026, 3, 15))
    target = tmp_path / "mars.csv"
    export_list(admin, "avvikelse", query, target)
    titles = {r[1] for r in _csv_rows(target)[1:]}
    assert titles == {"Åtgärden glömdes", TRICKY, "Annan enhets händelse"}
    assert _exports(admin)[-1]["from"] == "2026-03-10"


def test_a_period_backwards_or_out_of_range_is_refused_at_its_field(
    admin: Context, events: dict[str, str], tmp_path: Path
) -> None:
    with pytest.raises(ValidationFailed) as backwards:
        export_list(
            admin,
            "avvikelse",
            ListQuery(date_from=date(2026, 4, 1), date_to=date(2026, 3, 1)),
            tmp_path / "x.csv",
        )
    assert backwards.value.for_field("date_to")
    with pytest.raises(ValidationFailed) as ancient:
        export_list(admin, "avvikelse", ListQuery(date_from=date(1800, 1, 1)), tmp_path / "x.csv")
    assert ancient.value.for_field("date_from")
    assert not (tmp_path / "x.csv").exists()


def test_every_list_exports_and_every_main_date_filters(admin: Context, tmp_path: Path) -> None:
    query = ListQuery(date_from=date(2020, 1, 1), date_to=date(2030, 12, 31))
    for kind in registry.listed_keys():
        spec = listing.spec_for(kind)
        _stmt, cols, *_rest = spec.build()
        assert spec.main_date in cols, kind  # every list of the program has its period
        done = export_list(admin, kind, query, tmp_path / f"{kind}.xlsx")
        _ws, rows = _sheet_rows(done.path)
        assert len(rows[0]) >= len(spec.columns)


def test_a_list_without_a_main_date_says_so(
    admin: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    spec = listing.spec_for("avvikelse")
    monkeypatch.setattr(listing, "spec_for", lambda kind: replace(spec, main_date=None))
    with pytest.raises(RuleViolation, match="kan inte avgränsas med datum"):
        export_list(admin, "avvikelse", ListQuery(date_from=date(2026, 1, 1)), tmp_path / "x.csv")


def test_a_user_of_one_unit_gets_only_that_unit(
    admin: Context, events: dict[str, str], unit_id: str, tmp_path: Path
) -> None:
    manager = _user(admin, "chef", Role.UNIT_MANAGER, [unit_id])
    target = tmp_path / "mina.xlsx"
    assert export_list(manager, "avvikelse", ListQuery(), target).rows == 3
    _ws, rows = _sheet_rows(target)
    assert {row[2] for row in rows[1:]} == {"Daglig verksamhet Solrosen"}


def test_a_lex_sarah_case_is_never_exported_for_a_user_without_the_right(
    admin: Context, unit_id: str, tmp_path: Path, lex_sarah_individual: str
) -> None:
    handler = _user(admin, "lena", Role.LEX_SARAH, [unit_id])
    case = lexsarah.file_report(
        handler, lexsarah.ReportInput("Larmet tystnade", report_answers(unit_id, handler.actor.id))
    )
    assert export_list(handler, "lexsarah", ListQuery(), tmp_path / "ls.csv").rows == 1
    for login, role in (("chef", Role.UNIT_MANAGER), ("samordnare", Role.QUALITY_COORDINATOR)):
        other = _user(admin, login, role, [unit_id])
        target = tmp_path / f"{login}.csv"
        assert export_list(other, "lexsarah", ListQuery(include_archived=True), target).rows == 0
        text = target.read_text(encoding="utf-8-sig")
        assert "Larmet" not in text and case.id not in text
        assert len(_csv_rows(target)) == 1  # the headings only


def test_a_role_without_export_is_refused_and_the_refusal_logged(
    admin: Context, events: dict[str, str], unit_id: str, tmp_path: Path
) -> None:
    staff = _user(admin, "personal", Role.STAFF, [unit_id])
    target = tmp_path / "nej.xlsx"
    with pytest.raises(PermissionDenied):
        export_list(staff, "avvikelse", ListQuery(), target)
    assert not target.exists()
    assert {"action": "export"} in _denied(admin)
    assert _exports(admin) == []


def test_the_export_is_in_the_audit_log_without_the_records_text(
    admin: Context, events: dict[str, str], unit_id: str, tmp_path: Path
) -> None:
    target = tmp_path / "logg.csv"
    query = ListQuery(unit_id=unit_id, text="glömdes", status="registrerad", sort="title")
    export_list(admin, "avvikelse", query, target)
    assert _exports(admin) == [
        {
            "list": "avvikelse",
            "format": "csv",
            "rows": 1,
            "file": str(target),
            "status": "registrerad",
            "unit_id": unit_id,
            "search": True,
            "sort": "title",
        }
    ]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_files_are_readable_by_the_owner_only(
    admin: Context, events: dict[str, str], tmp_path: Path
) -> None:
    old_umask = os.umask(0o022)  # as if the program's own umask were not set
    try:
        for name in ("a.xlsx", "a.csv"):
            target = tmp_path / "ut" / name
            export_list(admin, "avvikelse", ListQuery(), target)
            assert stat.S_IMODE(target.stat().st_mode) == 0o600
    finally:
        os.umask(old_umask)


def test_the_format_follows_the_extension(tmp_path: Path) -> None:
    assert format_of(tmp_path / "Lista.XLSX") is ExportFormat.XLSX
    assert format_of(tmp_path / "lista.csv") is ExportFormat.CSV
    for name in ("lista.pdf", "lista", "lista.xls"):
        with pytest.raises(UnknownFormat, match=r"\.xlsx eller \.csv"):
            format_of(tmp_path / name)


def test_a_failed_write_keeps_the_existing_file(
    admin: Context, events: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "avvikelser.csv"
    target.write_text("förra veckans lista", encoding="utf-8")

    def disk_full(path: Path, *_args: Any) -> int:
        path.write_text("halva", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(list_export, "write_csv", disk_full)
    with pytest.raises(exports.ExportFailed, match="disken är full"):
        export_list(admin, "avvikelse", ListQuery(), target)
    assert target.read_text(encoding="utf-8") == "förra veckans lista"
    assert not list(tmp_path.glob("*.partial"))
    assert _exports(admin) == []


def test_a_target_in_a_folder_that_cannot_exist_is_a_clear_message(
    admin: Context, events: dict[str, str], tmp_path: Path
) -> None:
    blocker = tmp_path / "inte-en-mapp"
    blocker.write_text("en fil", encoding="utf-8")
    with pytest.raises(exports.ExportFailed, match="kunde inte"):
        export_list(admin, "avvikelse", ListQuery(), blocker / "lista.xlsx")
    assert blocker.read_text(encoding="utf-8") == "en fil"


def test_the_list_is_read_in_batches_with_progress_after_each(
    admin: Context, events: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[int] = []
    batches = listing.batches

    def counting(
        ctx: Context, kind: str, query: ListQuery, size: int
    ) -> Iterator[list[dict[str, Any]]]:
        for batch in batches(ctx, kind, query, size):
            sizes.append(len(batch))
            yield batch

    monkeypatch.setattr(listing, "batches", counting)
    seen: list[tuple[int, int]] = []
    done = export_list(
        admin,
        "avvikelse",
        ListQuery(),
        tmp_path / "sidor.xlsx",
        page_size=3,
        progress=lambda n, total: seen.append((n, total)),
    )
    assert done.rows == 4
    assert sizes == [3, 1]
    assert seen == [(3, 4), (4, 4)]


def test_text_that_looks_like_a_formula_stays_text(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    deviations.register(admin, registration(unit_id, title="=SUMMA(A1:A9)"))
    xlsx, csv_path = tmp_path / "f.xlsx", tmp_path / "f.csv"
    export_list(admin, "avvikelse", ListQuery(), xlsx)
    export_list(admin, "avvikelse", ListQuery(), csv_path)
    ws, rows = _sheet_rows(xlsx)
    assert rows[1][1] == "=SUMMA(A1:A9)" and ws.cell(row=2, column=2).data_type == "s"
    assert _csv_rows(csv_path)[1][1] == "'=SUMMA(A1:A9)"


def test_the_personal_data_warning_follows_the_kind() -> None:
    assert "personuppgifter" in (personal_data_warning("avvikelse") or "")
    assert "personuppgifter" in (personal_data_warning("insatsforandring") or "")
    assert personal_data_warning("egenkontroll") is None


def test_a_cell_with_a_newline_a_semicolon_and_quotes_reads_back_whole(tmp_path: Path) -> None:
    """Older records may hold a line break where the input rules now refuse one."""
    from kvalitet_desktop.exchange.csv_file import write_csv
    from kvalitet_desktop.exchange.xlsx_file import write_xlsx

    cell = 'Första raden; "citat"\nandra raden med å ä ö'
    rows = [[cell, 3, date(2026, 2, 28)]]
    write_csv(tmp_path / "t.csv", ["Text", "Antal", "Dag"], rows)
    assert _csv_rows(tmp_path / "t.csv") == [["Text", "Antal", "Dag"], [cell, "3", "2026-02-28"]]
    write_xlsx(tmp_path / "t.xlsx", "Test", ["Text", "Antal", "Dag"], rows, rows)
    _ws, read = _sheet_rows(tmp_path / "t.xlsx")
    assert read[1] == [cell, 3, datetime(2026, 2, 28)]


def test_a_read_failing_midway_leaves_no_copy_of_the_rows(
    admin: Context, events: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    target = tmp_path / "lista.xlsx"
    target.write_bytes(b"den gamla filen")
    batches = listing.batches

    def failing(
        ctx: Context, kind: str, query: ListQuery, size: int
    ) -> Iterator[list[dict[str, Any]]]:
        for batch in batches(ctx, kind, query, size):
            yield batch
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(listing, "batches", failing)
    with pytest.raises(exports.ExportFailed):
        export_list(admin, "avvikelse", ListQuery(), target, page_size=2)
    assert target.read_bytes() == b"den gamla filen"
    assert list(temp.iterdir()) == []
    assert not list(tmp_path.glob("*.partial"))


def test_a_list_longer_than_a_sheet_is_refused_for_xlsx_and_kept_for_csv(
    admin: Context, events: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Excel sheet holds 1 048 575 rows below its heading; a longer list is told so before
    anything is written (here the limit is lowered to three rows)."""
    monkeypatch.setattr(list_export, "MAX_ROWS", 3)
    target = tmp_path / "lång.xlsx"
    with pytest.raises(exports.ExportFailed, match="fler än de 3 ett Excel-blad rymmer"):
        export_list(admin, "avvikelse", ListQuery(), target)
    assert not target.exists() and _exports(admin) == []
    assert export_list(admin, "avvikelse", ListQuery(), tmp_path / "lång.csv").rows == 4


def test_a_sheet_that_grows_past_its_limit_midway_stops_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kvalitet_desktop.exchange import xlsx_file

    monkeypatch.setattr(xlsx_file, "MAX_ROWS", 2)
    monkeypatch.setattr(xlsx_file, "_CHUNK_ROWS", 1)
    with pytest.raises(xlsx_file.TooManyRows):
        xlsx_file.write_xlsx(tmp_path / "t.xlsx", "Test", ["A"], [], [["a"], ["b"], ["c"]])


def test_the_workbook_keeps_its_filter_range_and_sheet_name_for_excel(
    admin: Context, events: dict[str, str], tmp_path: Path
) -> None:
    """Excel remembers an autofilter under a hidden name of the sheet's range; the sheet is
    named after the list, and text is stored inline, never as a formula."""
    import zipfile

    target = tmp_path / "avvikelser.xlsx"
    export_list(admin, "avvikelse", ListQuery(), target)
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        workbook = archive.read("xl/workbook.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<sheet name="Avvikelser"' in workbook
    assert "'Avvikelser'!$A$1:$L$5" in workbook
    assert '<autoFilter ref="A1:L5"/>' in sheet and "<f>" not in sheet
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Avvikelser"]
