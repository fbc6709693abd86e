"""Schema migrations: every released schema's kept database opens, upgrades and keeps its data."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, select, text

from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.services import individuals, listing, record_links
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store import migrate
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.changes import service as insats_changes
from kvalitet_desktop.workflows.changes.domain import ChangeInput
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import Channel, ComplaintKind, SubmitterType
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.risk.models import RiskAnalysis

FIXTURES = Path(__file__).parents[1] / "fixtures"
# One kept database per released schema (made with `kvalitet demo`, seed 1): schema-0001 is the
# foundation, schema-0002 adds lex Sarah and forms, schema-0003 accounts and the audit chain,
# schema-0004 the improvement work (avvikelser, klagomål, egenkontroll, förändringar i insatser).
# Add the next one before a release that changes the schema.
RELEASED = sorted(FIXTURES.glob("schema-*.sqlite"))


def test_there_is_a_fixture_for_every_revision() -> None:
    kept = {p.stem.removeprefix("schema-") for p in RELEASED}
    assert migrate.known_revisions() <= kept | {migrate.head_revision()}
    assert kept, "the first schema's database must be kept as a fixture"


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_released_database_upgrades_and_keeps_its_data(fixture: Path, tmp_path: Path) -> None:
    analyses = len(_fixture_rows(fixture, "SELECT id FROM risk_analyses"))
    assert analyses >= 9, "every kept demo holds the curated analyses"
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(RiskAnalysis)) == analyses
            assert session.scalar(select(func.count()).select_from(AuditEntry)) > 0
        ctx = Context.for_login(db, "admin")
        titles = [r["title"] for r in listing.fetch(ctx, "riskanalys", listing.ListQuery())]
        assert "Stängning av Daglig verksamhet Solrosen under pandemin" in titles
        assert check_database(db).ok
    finally:
        db.close()


def _table_rows(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table's columns and rows, read straight from the file (not through the models)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            result[table] = (columns, rows)
    conn.close()
    return result


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_every_stored_value_survives_the_upgrade(fixture: Path, tmp_path: Path) -> None:
    """Each kept database's own rows are all there after the upgrade, value for value, in
    every column the old schema had (new columns may be added; the audit log may grow, by the
    entry of the backup made before the upgrade, and its head moves on with it)."""
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    before = _table_rows(path)
    Database.open(path, backup_dir=tmp_path / "kopior").close()
    after = _table_rows(path)

    for table, (columns, rows) in before.items():
        assert table in after, f"{table} is gone"
        if table in ("alembic_version", "audit_head"):
            continue
        new_columns, new_rows = after[table]
        kept = [new_columns.index(c) for c in columns]  # raises if a column was dropped
        projected = Counter(tuple(row[i] for i in kept) for row in new_rows)
        missing = Counter(rows) - projected
        assert not missing, f"{table}: {sum(missing.values())} rows changed or lost"
        if table != "audit_log":
            assert len(new_rows) == len(rows), f"{table} has rows it did not have"


def _fixture_rows(path: Path, sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(sql).fetchall()
    conn.close()
    return rows


def test_lex_sarah_cases_causes_and_forms_survive_the_upgrade(tmp_path: Path) -> None:
    """What schema 0002 added, read back through the lex Sarah service after the upgrade:
    the cases, their causes and the filled-in forms with the form version they were filled in."""
    fixture = FIXTURES / "schema-0002.sqlite"
    cases = _fixture_rows(fixture, "SELECT * FROM lex_sarah_cases ORDER BY number")
    causes = _fixture_rows(
        fixture, "SELECT * FROM lex_sarah_causes WHERE archived_at IS NULL ORDER BY position"
    )
    records = _fixture_rows(fixture, "SELECT * FROM form_records ORDER BY id")
    definitions = {
        (d["form_id"], d["version"]): d["title"]
        for d in _fixture_rows(fixture, "SELECT * FROM form_definitions")
    }
    # The fixture holds what this test is about (if it is remade, it must still hold it).
    assert len(cases) == 5 and len(causes) == 8 and len(records) == 10
    assert {form_id for form_id, _version in definitions} >= {
        "lex_sarah_rapport",
        "lex_sarah_utredning",
    }

    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        ctx = Context.for_login(db, "admin")
        assert lexsarah.may_handle(ctx)
        for stored in cases:
            case = lexsarah.get_case(ctx, stored["id"])
            assert (case.number, case.title, case.status.value, case.case_type.value) == (
                stored["number"],
                stored["title"],
                stored["status"],
                stored["case_type"],
            )
            assert (case.category, case.reporter_name, case.reporter_role) == (
                stored["category"],
                stored["reporter_name"],
                stored["reporter_role"],
            )
            assert case.protection_note == stored["protection_note"]
            assert case.first_assessment_note == stored["first_assessment_note"]
            assert case.seriousness_motivation == stored["seriousness_motivation"]
            assert case.closing_text == stored["closing_text"]
            assert case.apt_summary == stored["apt_summary"]
            own_causes = [c for c in causes if c["case_id"] == stored["id"]]
            assert [(c.id, c.description, c.level.value, c.area) for c in case.causes] == [
                (c["id"], c["description"], c["level"], c["area"]) for c in own_causes
            ]
        assert any(case["closed_on"] for case in cases)  # a closed case is among them

        for record in records:
            form, answers = lexsarah.case_answers(ctx, record["owner_id"], record["form_id"])
            assert (form.id, form.version) == (record["form_id"], record["form_version"])
            assert form.title == definitions[(record["form_id"], record["form_version"])]
            stored_answers = json.loads(record["answers"])
            assert stored_answers["values"], "a filled-in form with no answers proves nothing"
            assert answers.to_json() == stored_answers
    finally:
        db.close()


def test_an_older_schema_is_backed_up_before_it_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "schema-0001.sqlite", path)
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.close()
    backups = list((tmp_path / "kopior").glob("*.sqlite"))
    assert len(backups) == 1 and "schema-0001" in backups[0].name
    copy = Database.open(backups[0], migrate=False)
    try:
        assert migrate.current_revision(copy) == "0001"
        with copy.session() as session:
            assert session.scalar(select(func.count()).select_from(RiskAnalysis)) == 9
    finally:
        copy.close()


def test_models_and_migrations_agree(db: Database) -> None:
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)  # raises if the models need a migration that does not exist


def test_the_upgrade_derives_when_investigations_were_finished(tmp_path: Path) -> None:
    """Schema 0003's day an investigation was finished, from what older data shows: the day
    it was sent to IVO or the case closed (the earlier); nothing where neither happened."""
    path = tmp_path / "schema-0002.sqlite"
    shutil.copy(FIXTURES / "schema-0002.sqlite", path)
    with sqlite3.connect(path) as conn:  # one case sent to IVO, not closed
        conn.execute(
            "UPDATE lex_sarah_cases SET investigation_sent_to_ivo_on = '2026-10-01' "
            "WHERE number = 'LS-2026-0002'"
        )
    conn.close()
    before = {row["number"]: row for row in _fixture_rows(path, "SELECT * FROM lex_sarah_cases")}
    Database.open(path, backup_dir=tmp_path / "kopior").close()
    after = {
        row["number"]: row["investigation_finished_on"]
        for row in _fixture_rows(path, "SELECT * FROM lex_sarah_cases")
    }
    assert after == {
        "LS-2026-0001": before["LS-2026-0001"]["closed_on"],
        "LS-2026-0002": "2026-10-01",
        "LS-2026-0003": before["LS-2026-0003"]["closed_on"],
        "LS-2026-0004": None,
        "LS-2026-0005": None,
    }
    assert after["LS-2026-0001"] is not None


def test_schema_0003_gains_the_avvikelser_and_keeps_its_records(tmp_path: Path) -> None:
    """Schema 0004's avvikelse tables and record links on the released 0003 database: it is
    backed up first, keeps its risk analyses and lex Sarah cases, and takes an avvikelse
    linked to one of its cases."""
    fixture = FIXTURES / "schema-0003.sqlite"
    cases = _fixture_rows(fixture, "SELECT id, number, title FROM lex_sarah_cases ORDER BY number")
    assert cases, "the fixture must hold lex Sarah cases"
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        ctx = Context.for_login(db, "admin")
        for stored in cases:
            case = lexsarah.get_case(ctx, stored["id"])
            assert (case.number, case.title) == (stored["number"], stored["title"])
        assert listing.count(ctx, "avvikelse", listing.ListQuery()) == 0
        unit_id = lexsarah.get_case(ctx, cases[0]["id"]).unit_id
        data = deviations.RegistrationInput(
            "Larmet gick inte fram", unit_id, datetime.now() - timedelta(hours=2), "Inget larm."
        )
        made = deviations.register(ctx, data)
        with ctx.unit_of_work() as uow:
            record_links.link_in(
                uow.session, RecordRef("avvikelse", made.id), RecordRef("lexsarah", cases[0]["id"])
            )
        [link] = record_links.linked(ctx, RecordRef("avvikelse", made.id))
        assert link.summary is not None and link.summary.number == cases[0]["number"]
        assert check_database(db).ok
    finally:
        db.close()
    [backup] = (tmp_path / "kopior").glob("*.sqlite")
    copy = Database.open(backup, migrate=False)
    try:
        assert migrate.current_revision(copy) == "0003"
    finally:
        copy.close()


def test_schema_0003_upgrades_to_take_egenkontroll(tmp_path: Path) -> None:
    """The previous release's database, upgraded: backed up first, its lex Sarah cases and risk
    analyses still there, and the egenkontroll tables ready for a plan and its checks."""
    from datetime import date

    from kvalitet_desktop.services import organisation
    from kvalitet_desktop.workflows.selfinspection import service as selfinspection
    from kvalitet_desktop.workflows.selfinspection.domain import Frequency

    path = tmp_path / "schema-0003.sqlite"
    shutil.copy(FIXTURES / "schema-0003.sqlite", path)
    cases_before = _fixture_rows(path, "SELECT number, title, status FROM lex_sarah_cases")
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        backups = list((tmp_path / "kopior").glob("*.sqlite"))
        assert len(backups) == 1 and "schema-0003" in backups[0].name
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(RiskAnalysis)) == 9
        admin = Context.for_login(db, "admin")
        after = [
            (r["number"], r["title"], r["status"])
            for r in listing.fetch(admin, "lexsarah", listing.ListQuery(include_archived=True))
        ]
        assert sorted(after) == sorted(tuple(r) for r in cases_before)
        assert listing.fetch(admin, "egenkontroll", listing.ListQuery()) == []
        unit = organisation.units(admin)[0].id
        item = selfinspection.save_plan_item(
            admin,
            selfinspection.PlanItemInput(
                unit_id=unit,
                year=2026,
                title="Brandskydd",
                method="observation",
                frequency=Frequency.HALF_YEARLY,
                responsible_id=admin.actor.id,
                on_failure="Avvikelse registreras.",
                form_id="egenkontroll_brandskydd",
            ),
        )
        checks = selfinspection.checks_of_year(admin, unit, 2026)
        assert [c.planned_on for c in checks] == [date(2026, 6, 30), date(2026, 12, 31)]
        assert item.tally.planned == 2
        assert check_database(db).ok
    finally:
        db.close()


def test_schema_0003_gains_the_registers_and_the_changes(tmp_path: Path) -> None:
    """After the upgrade the individuals of schema 0003 are the units' registers (code and
    unit kept, insats and dates empty), and a change can be made with them."""
    fixture = FIXTURES / "schema-0003.sqlite"
    before = _fixture_rows(fixture, "SELECT * FROM individuals ORDER BY code")
    assert before, "the fixture holds individuals"
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert list((tmp_path / "kopior").iterdir()), "a backup is made before migrating"
        ctx = Context.for_login(db, "admin")
        first = before[0]
        entries = individuals.register(ctx, first["unit_id"])
        kept = {e.code: e for e in entries}
        for row in before:
            if row["unit_id"] == first["unit_id"] and row["archived_at"] is None:
                entry = kept[row["code"]]
                assert (entry.id, entry.insats, entry.from_on, entry.to_on) == (
                    row["id"],
                    None,
                    None,
                    None,
                )
        data = ChangeInput("Stängning", [first["unit_id"]], ["besöksförbud"], date(2026, 3, 1))
        change = insats_changes.save_change(ctx, data, today=date(2026, 3, 2))
        result = insats_changes.add_unit_participants(ctx, change.id, first["unit_id"])
        assert result.added == len(kept)
    finally:
        db.close()


def test_schema_0003_upgrades_to_take_complaints(tmp_path: Path) -> None:
    """The released 0003 database: backed up, upgraded, its own records still there, and an
    empty complaints table the service writes to and lists."""
    fixture = FIXTURES / "schema-0003.sqlite"
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    cases = [r["number"] for r in _fixture_rows(fixture, "SELECT number FROM lex_sarah_cases")]
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        backups = list((tmp_path / "kopior").glob("*.sqlite"))
        assert len(backups) == 1 and "schema-0003" in backups[0].name
        ctx = Context.for_login(db, "admin")
        assert listing.fetch(ctx, "klagomal", listing.ListQuery()) == []
        assert sorted(
            r["number"]
            for r in listing.fetch(ctx, "lexsarah", listing.ListQuery(include_archived=True))
        ) == sorted(cases)
        unit_id = str(listing.fetch(ctx, "riskanalys", listing.ListQuery(limit=1))[0]["id"])
        with db.session() as session:
            unit_id = session.get_one(RiskAnalysis, unit_id).unit_id
        saved = complaints.save_complaint(
            ctx,
            complaints.ComplaintInput(
                "Första klagomålet efter uppgraderingen",
                unit_id,
                date.today(),
                Channel.EMAIL,
                SubmitterType.ANONYMOUS,
                ComplaintKind.VIEW,
                "måltider",
                "Maten kommer kall.",
            ),
        )
        assert [r["id"] for r in listing.fetch(ctx, "klagomal", listing.ListQuery())] == [saved.id]
        assert check_database(db).ok
    finally:
        db.close()
    with sqlite3.connect(f"file:{backups[0]}?mode=ro", uri=True) as conn:
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert "complaints" not in tables  # the copy is the schema as it was


def test_schema_0004_gains_a_search_index_filled_from_its_records(tmp_path: Path) -> None:
    """The released 0004 database: the upgrade makes the (empty) index, the opening fills it
    from the records, and the check finds it matching them."""
    from kvalitet_desktop.services import search
    from kvalitet_desktop.services.maintenance import SEARCH_INDEX_CHECK

    fixture = FIXTURES / "schema-0004.sqlite"
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    deviations_kept = _fixture_rows(fixture, "SELECT number, title FROM deviations")
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.session() as session:
            indexed = session.execute(
                text("SELECT count(*) FROM search_keys WHERE kind = 'avvikelse'")
            ).scalar_one()
        archived = _fixture_rows(fixture, "SELECT id FROM deviations WHERE archived_at IS NOT NULL")
        assert indexed == len(deviations_kept) - len(archived) > 0
        ctx = Context.for_login(db, "admin")
        first = deviations_kept[0]
        hits = search.search(ctx, first["number"]).hits
        assert f"{first['number']} {first['title']}" in [h.title for h in hits]
        assert {i.name: i for i in check_database(db).items}[SEARCH_INDEX_CHECK].ok
    finally:
        db.close()


def test_schema_0004_upgrades_so_gallring_can_cut_a_changes_people_from_their_codes(
    tmp_path: Path,
) -> None:
    """The released 0004 database: its people affected and contacts keep their values, and
    a person's code link may now be empty (what gallring of a closed change leaves)."""
    fixture = FIXTURES / "schema-0004.sqlite"
    query = (
        "SELECT p.id, p.individual_id, p.probability, p.consequence, count(c.id) AS contacts "
        "FROM insats_change_people p LEFT JOIN insats_change_contacts c ON c.person_id = p.id "
        "GROUP BY p.id ORDER BY p.id"
    )
    before = [tuple(r) for r in _fixture_rows(fixture, query)]
    assert before, "the kept demo has people affected by a change"
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.close()
    assert [tuple(r) for r in _fixture_rows(path, query)] == before
    columns = {r["name"]: r for r in _fixture_rows(path, "PRAGMA table_info(insats_change_people)")}
    assert columns["individual_id"]["notnull"] == 0
    keys = _fixture_rows(path, "PRAGMA foreign_key_list(insats_change_people)")
    assert {(k["from"], k["table"]) for k in keys} >= {("individual_id", "individuals")}


def test_schema_0004_gains_the_import_keys_and_keeps_its_avvikelser(tmp_path: Path) -> None:
    """The released 0004 database, upgraded: backed up first, its avvikelser still there with
    their numbers, and an import into it numbered after them, its keys kept so that the same
    file imported again makes nothing."""
    from kvalitet_desktop.exchange.imports.engine import SheetImport, target_of
    from kvalitet_desktop.exchange.imports.mapping import ColumnMapping
    from kvalitet_desktop.exchange.imports.reading import open_sheet
    from kvalitet_desktop.store.models import ImportKey

    fixture = FIXTURES / "schema-0004.sqlite"
    kept = _fixture_rows(fixture, "SELECT number, title, unit_id FROM deviations")
    assert kept, "the fixture must hold avvikelser"
    unit = _fixture_rows(fixture, f"SELECT name FROM units WHERE id = '{kept[0]['unit_id']}'")
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        [backup] = (tmp_path / "kopior").glob("*.sqlite")
        assert "schema-0004" in backup.name
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(ImportKey)) == 0
        ctx = Context.for_login(db, "admin")
        rows = listing.fetch(ctx, "avvikelse", listing.ListQuery(include_archived=True))
        assert sorted((r["number"], r["title"]) for r in rows) == sorted(
            (k["number"], k["title"]) for k in kept
        )
        sheet = tmp_path / "avvikelser.csv"
        sheet.write_text(
            f"Datum;Enhet;Rubrik;Beskrivning\n2025-06-01;{unit[0]['name']};Importerad;Text\n",
            encoding="utf-8",
        )
        columns = {"Datum": "occurred_at", "Enhet": "unit_id", "Rubrik": "title"}
        mapping = ColumnMapping("avvikelse", {**columns, "Beskrivning": "description"})

        def run() -> int:
            job = SheetImport(ctx, target_of("avvikelse"), open_sheet(sheet), mapping)
            return job.run().created

        assert (run(), run()) == (1, 0)
        numbers = {
            str(r["number"]): r["title"]
            for r in listing.fetch(ctx, "avvikelse", listing.ListQuery(include_archived=True))
        }
        # Numbered on in the year it was registered (the sheet's date), after the kept ones.
        [imported] = [n for n, title in numbers.items() if title == "Importerad"]
        assert imported.startswith("AV-2025-")
        serials = [int(n.rsplit("-", 1)[1]) for n in numbers if n.startswith("AV-2025-")]
        assert int(imported.rsplit("-", 1)[1]) == max(serials) == len(serials)
        assert check_database(db).ok
    finally:
        db.close()


def test_schema_0004_gains_the_analyses_and_an_analysis_can_be_signed(tmp_path: Path) -> None:
    """The released 0004 database upgrades to take signed analyses: the table is there and
    empty, the fixture's own records still count in a compilation, and a new analysis of
    them is saved, signed and read back with its frozen figures."""
    from kvalitet_desktop.workflows.analysis import service as analyses

    fixture = FIXTURES / "schema-0004.sqlite"
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    complaints_kept = _fixture_rows(
        fixture, "SELECT received_on FROM complaints WHERE archived_at IS NULL"
    )
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.session() as session:
            assert session.execute(text("SELECT count(*) FROM analyses")).scalar_one() == 0
        ctx = Context.for_login(db, "admin")
        days = sorted(date.fromisoformat(str(r["received_on"])[:10]) for r in complaints_kept)
        year = days[-1].year
        in_year = [d for d in days if d.year == year]
        started = analyses.start_analysis(
            ctx,
            analyses.AnalysisInput(
                "Årets klagomål",
                date(year, 1, 1),
                date(year, 12, 31),
                None,
                None,
                "Mönster.",
                "Ny rutin.",
            ),
        )
        complaints_section = next(
            s for s in started.compilation.sections if s.title == "Klagomål och synpunkter"
        )
        assert complaints_section.total == len(in_year) > 0
        signed = analyses.sign(ctx, started.id)
        assert signed.signed_by_name and signed.compilation == started.compilation
    finally:
        db.close()
