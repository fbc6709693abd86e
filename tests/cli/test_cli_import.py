"""``kvalitet import avvikelse|klagomal``: the report per row in Swedish and a non-zero exit
when a row is wrong (nothing imported), ``--dry-run`` writing no byte, the counts of what was
imported and skipped, and the files it cannot use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_as, with_passwords

from kvalitet_desktop.services import listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database

UNIT = "Daglig verksamhet Solrosen"
MAPPING = {
    "kind": "avvikelse",
    "columns": {
        "Datum": "occurred_at",
        "Enhet": "unit_id",
        "Rubrik": "title",
        "Beskrivning": "description",
    },
    "values": {"unit_id": {"DV Solrosen": UNIT}},
    "defaults": {"legal_basis": "SoL"},
}


@pytest.fixture
def database(admin: Context, unit_id: str, db_path: Path) -> Path:
    with_passwords(admin.db)
    admin.db.close()
    return db_path


def _files(tmp_path: Path, lines: list[str], mapping: dict[str, object] = MAPPING) -> list[str]:
    sheet = tmp_path / "avvikelser 2025.csv"
    sheet.write_text("\n".join(lines) + "\n", encoding="cp1252")
    rules = tmp_path / "mappning.json"
    rules.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    return ["--file", str(sheet), "--mapping", str(rules)]


def _titles(path: Path) -> list[str]:
    db = Database.open(path)
    try:
        rows = listing.fetch(Context.for_login(db, "admin"), "avvikelse", listing.ListQuery())
        return sorted(str(r["title"]) for r in rows)
    finally:
        db.close()


GOOD = [
    "Datum;Enhet;Rubrik;Beskrivning",
    "2025-01-10 08:00;DV Solrosen;Glömd medicin;Dosen gavs för sent",
    "",
    f"2025-01-11;{UNIT};Trasig lift;Liften stannade",
]


def test_an_import_prints_its_counts_and_a_second_run_skips_every_row(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["import", "avvikelse", "--db", str(database), *_files(tmp_path, GOOD)]
    code, out, err = run_as(capsys, "admin", *args)
    assert (code, err) == (0, "")
    assert "Fil: avvikelser 2025.csv (Windows-1252 (äldre Excel), semikolon (;)" in out
    assert "2 rader lästa, 0 med fel, 1 tomma rader hoppades över" in out
    assert "Importerade 2 avvikelser; 0 rader var redan importerade" in out
    code, out, _ = run_as(capsys, "admin", *args)
    assert code == 0 and "Importerade 0 avvikelser; 2 rader var redan importerade" in out
    assert _titles(database) == ["Glömd medicin", "Trasig lift"]


def test_bad_rows_are_listed_and_nothing_is_imported(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [*GOOD, "2021-02-30;DV Solrosen;Fel dag;Text", "2025-01-12;Hemtjänst Mars;Okänd;T"]
    args = ["import", "avvikelse", "--db", str(database), *_files(tmp_path, lines)]
    code, out, err = run_as(capsys, "admin", *args)
    assert code == 1
    assert (
        "Rad 5, kolumn ”Datum”: Datumet 2021-02-30 finns inte: februari 2021 har 28 dagar." in out
    )
    assert "Rad 6, kolumn ”Enhet”: Enheten ”Hemtjänst Mars” finns inte" in out
    assert "Inget importerades" in err
    assert _titles(database) == []


def test_a_dry_run_checks_the_file_and_changes_no_byte_of_the_database(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p.name: p.read_bytes() for p in database.parent.glob(database.name + "*")}
    args = ["import", "avvikelse", "--db", str(database), *_files(tmp_path, GOOD), "--dry-run"]
    code, out, _ = run_as(capsys, "admin", *args)
    assert code == 0
    assert "Provkörning: inget har skrivits. 2 rader skulle importeras, 0 är redan" in out
    after = {p.name: p.read_bytes() for p in database.parent.glob(database.name + "*")}
    assert after == before


def test_a_dry_run_of_a_bad_file_fails_too(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["Datum;Enhet;Rubrik;Beskrivning", "igår;DV Solrosen;Rubrik;Text"]
    args = ["import", "avvikelse", "--db", str(database), *_files(tmp_path, lines), "--dry-run"]
    code, out, _ = run_as(capsys, "admin", *args)
    assert code == 1 and "Rad 2, kolumn ”Datum”: ”igår” är inget datum" in out


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"%PDF-1.7\n\x00\x01binary", "är inget kalkylark"), (b"", "är tom")],
)
def test_a_file_that_is_not_a_sheet_is_refused(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    says: str,
) -> None:
    args = ["import", "avvikelse", "--db", str(database), *_files(tmp_path, GOOD)]
    Path(args[args.index("--file") + 1]).write_bytes(content)
    code, _, err = run_as(capsys, "admin", *args)
    assert code == 1 and says in err and "oväntat" not in err
    assert _titles(database) == []


def test_a_mapping_of_another_kind_is_refused(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["import", "klagomal", "--db", str(database), *_files(tmp_path, GOOD)]
    code, _, err = run_as(capsys, "admin", *args)
    assert code == 1 and "Mappningsfilen gäller avvikelse, men importen gäller klagomal." in err


def test_only_the_kinds_that_can_be_imported_are_offered(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["import", "riskanalys", "--db", str(database), *_files(tmp_path, GOOD)]
    with pytest.raises(SystemExit) as exit_:
        run_as(capsys, "admin", *args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "ogiltigt val ”riskanalys” (välj bland 'avvikelse', 'klagomal')" in err


HISTORY_MAPPING = {
    **MAPPING,
    "columns": {
        **MAPPING["columns"],  # type: ignore[dict-item]
        "Registrerad": "reported_at",
        "Status": "status",
        "Avslutad": "closed_on",
    },
    "values": {"unit_id": {"DV Solrosen": UNIT}, "status": {"Klar": "avslutad"}},
}
HISTORY = [
    "Datum;Registrerad;Enhet;Rubrik;Beskrivning;Status;Avslutad",
    "2025-01-10 08:00;2025-01-11;DV Solrosen;Glömd medicin;Dosen gavs för sent;Klar;2025-02-01",
    f"2025-01-11;;{UNIT};Trasig lift;Liften stannade;;",
]


def _states(path: Path) -> list[tuple[str, str, object]]:
    db = Database.open(path)
    try:
        rows = listing.fetch(Context.for_login(db, "admin"), "avvikelse", listing.ListQuery())
        return sorted((str(r["title"]), str(r["status"]), r["closed_on"]) for r in rows)
    finally:
        db.close()


def test_a_sheet_with_its_history_imports_closed_rows_closed(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path, HISTORY, HISTORY_MAPPING)
    code, out, err = run_as(capsys, "admin", "import", "avvikelse", "--db", str(database), *files)
    assert (code, err) == (0, "")
    assert "Importerade 2 avvikelser" in out
    states = _states(database)
    assert [(title, status) for title, status, _ in states] == [
        ("Glömd medicin", "avslutad"),
        ("Trasig lift", "registrerad"),
    ]
    assert str(states[0][2]).startswith("2025-02-01")


def test_history_dates_out_of_order_are_listed_per_row(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        HISTORY[0],
        "2025-01-10;2025-01-09;DV Solrosen;Före;Text;;",
        "2025-01-10;;DV Solrosen;Öppen men stängd;Text;registrerad;2025-01-20",
    ]
    files = _files(tmp_path, lines, HISTORY_MAPPING)
    code, out, _ = run_as(capsys, "admin", "import", "avvikelse", "--db", str(database), *files)
    assert code == 1
    assert (
        "Rad 2, kolumn ”Registrerad”: Registreringen (2025-01-09) kan inte ligga före "
        "händelsen (2025-01-10)." in out
    )
    assert "Rad 3, kolumn ”Status”: Statusen ”registrerad” stämmer inte med avslutsdatumet" in out
    assert _titles(database) == []
