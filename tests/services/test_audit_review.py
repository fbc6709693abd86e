"""The audit log for its reviewers: who may read it, the filters, the readable changes, and the
export (XLSX, CSV) that is itself logged and readable by its owner only."""

from __future__ import annotations

import csv
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from kvalitet_desktop.domain.errors import PermissionDenied, ValidationFailed
from kvalitet_desktop.services import audit_review, organisation
from kvalitet_desktop.services.audit_export import ExportFormat, export_log
from kvalitet_desktop.services.audit_review import SYSTEM_USER, AuditQuery
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.audit import AuditAction
from kvalitet_desktop.store.models import AuditEntry, User


def test_only_administrators_may_read_or_export_the_log(
    admin: Context, manager: Context, tmp_path: Path
) -> None:
    assert audit_review.may_review(admin)
    assert not audit_review.may_review(manager)
    for attempt in (
        lambda: audit_review.count(manager, AuditQuery()),
        lambda: audit_review.fetch(manager, AuditQuery()),
        lambda: audit_review.choices(manager),
        lambda: export_log(manager, AuditQuery(), tmp_path / "x.csv", ExportFormat.CSV),
    ):
        with pytest.raises(PermissionDenied, match="granskningsloggen"):
            attempt()
    assert not (tmp_path / "x.csv").exists()


def test_newest_first_with_swedish_words_and_readable_changes(admin: Context, unit_id: str) -> None:
    organisation.rename(admin, "unit", unit_id, "Solrosen")
    admin.log_event(AuditAction.EXPORT, "risk_analyses", "", {"format": "pdf"})
    newest, renamed = audit_review.fetch(admin, AuditQuery(limit=2))
    assert newest.seq == renamed.seq + 1
    assert (newest.action_label, newest.changes) == ("Export", "Format: pdf")
    assert renamed.action_label == "Ändrad"
    assert renamed.entity_label == "Enhet"
    assert renamed.changes == "Namn: Daglig verksamhet Solrosen → Solrosen"
    assert renamed.user_name == "Åsa Administratör" and renamed.user_login == "admin"


def test_each_filter_narrows_the_log(admin: Context, manager: Context, unit_id: str) -> None:
    manager.log_event(AuditAction.LOGIN)
    # Letters no random id holds (not hex digits), so only this entry matches a part of it.
    admin.log_event(AuditAction.OPEN, "lex_sarah_cases", "lsx-123")
    admin.log_event(AuditAction.OPEN, "units", unit_id)
    everything = audit_review.count(admin, AuditQuery())

    def rows(**filters: object) -> list[audit_review.AuditRow]:
        query = AuditQuery(limit=1000, **filters)  # type: ignore[arg-type]
        found = audit_review.fetch(admin, query)
        assert len(found) == audit_review.count(admin, query)
        return found

    assert {r.user_login for r in rows(user_id=manager.actor.id)} == {"enhetschef"}
    assert {r.user_login for r in rows(user_id=SYSTEM_USER)} == {"system"}
    openings = rows(actions=(AuditAction.OPEN.value,), entity="lex_sarah_cases")
    assert [r.entity_id for r in openings] == ["lsx-123"]
    assert [r.entity_id for r in rows(record="SX-12")] == ["lsx-123"]  # any case, any part
    assert {r.entity_id for r in rows(record=unit_id[:8])} == {unit_id}
    assert len(rows(actions=("login", "open"))) == 3
    today = date.today()
    assert len(rows(date_from=today, date_to=today)) == everything
    assert rows(date_to=today - timedelta(days=1)) == []
    assert rows(date_from=today + timedelta(days=1)) == []


def test_the_period_is_whole_local_days(admin: Context) -> None:
    """An entry at 23:59 local time on the last day is inside; the next midnight is not."""
    admin.log_event(AuditAction.LOGIN)
    last_day = date(2026, 3, 14)
    inside = audit_review.local_day_start(last_day + timedelta(days=1)) - timedelta(minutes=1)
    with admin.db.session() as session, session.begin():
        newest = audit_review.fetch(admin, AuditQuery(limit=1))[0].seq
        session.execute(update(AuditEntry).where(AuditEntry.seq == newest).values(at=inside))
    query = AuditQuery(date_from=last_day, date_to=last_day)
    assert [r.seq for r in audit_review.fetch(admin, query)] == [newest]
    next_day = last_day + timedelta(days=1)
    assert audit_review.count(admin, AuditQuery(date_from=next_day, date_to=next_day)) == 0


def test_a_period_that_ends_before_it_starts_is_refused(admin: Context) -> None:
    today = date.today()
    with pytest.raises(ValidationFailed) as caught:
        audit_review.count(admin, AuditQuery(date_from=today, date_to=today - timedelta(days=1)))
    assert caught.value.for_field("date_to") == ["Till-datumet ligger före från-datumet."]


def test_choices_offer_users_record_types_and_every_action(
    admin: Context, manager: Context
) -> None:
    offered = audit_review.choices(admin)
    assert (SYSTEM_USER, SYSTEM_USER) in offered.users
    assert (manager.actor.id, "Märta Enhetschef (enhetschef)") in offered.users
    assert ("units", "Enhet") in offered.entities
    assert {value for value, _label in offered.actions} == {a.value for a in AuditAction}
    assert dict(offered.actions)["open"] == "Öppnad"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_csv_export_for_swedish_excel_is_owner_only_and_logged(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    organisation.rename(admin, "unit", unit_id, '=HYPERLINK("x") Åkervägen')
    query = AuditQuery(entity="units")
    expected = audit_review.count(admin, query)
    path = tmp_path / "granskning.csv"
    result = export_log(admin, query, path, ExportFormat.CSV)
    assert result.rows == expected
    assert _mode(path) == 0o600
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads å, ä, ö
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert lines[0][:3] == ["Nr", "Tidpunkt", "Inloggning"]
    assert len(lines) == expected + 1
    numbers = [int(line[0]) for line in lines[1:]]
    assert numbers == sorted(numbers)  # oldest first, as the log reads
    assert any("Åkervägen" in line[7] for line in lines[1:])
    assert not any(cell.startswith("=") for line in lines for cell in line)
    logged = audit_review.fetch(admin, AuditQuery(limit=1))[0]
    assert (logged.action, logged.entity) == ("export", "audit_log")
    assert "Format: csv" in logged.changes and f"Rader: {expected}" in logged.changes
    assert "granskning.csv" in logged.changes


def test_xlsx_export_holds_the_filtered_rows_as_text(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    organisation.rename(admin, "unit", unit_id, "=1+1")
    path = tmp_path / "granskning.xlsx"
    query = AuditQuery(actions=("update",))
    result = export_log(admin, query, path, ExportFormat.XLSX)
    assert _mode(path) == 0o600
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nr" and len(rows) == result.rows + 1 == 2
    assert rows[1][4] == "Ändrad"
    assert rows[1][7] == "Namn: Daglig verksamhet Solrosen → =1+1"  # text, not a formula
    datetime.strptime(str(rows[1][1]), "%Y-%m-%d %H:%M:%S")


def test_a_failed_export_leaves_no_file_and_no_entry(admin: Context, tmp_path: Path) -> None:
    before = audit_review.count(admin, AuditQuery())
    missing = tmp_path / "finns-inte" / "logg.csv"
    with pytest.raises(Exception, match="kunde inte skrivas"):
        export_log(admin, AuditQuery(), missing, ExportFormat.CSV)
    assert audit_review.count(admin, AuditQuery()) == before
    assert not missing.parent.exists()


def test_a_backup_is_an_entry_the_reviewer_can_find(admin: Context, tmp_path: Path) -> None:
    from kvalitet_desktop.services import maintenance

    maintenance.backup(admin, tmp_path / "kopia.sqlite")
    [entry] = audit_review.fetch(admin, AuditQuery(actions=(AuditAction.BACKUP.value,)))
    assert (entry.action_label, entry.user_login) == ("Säkerhetskopia", "admin")
    # The whole path: where the copy went is what a log review asks.
    assert entry.changes == f"Fil: {tmp_path / 'kopia.sqlite'}"


def test_a_password_hash_is_never_shown_nor_exported(admin: Context, tmp_path: Path) -> None:
    with admin.unit_of_work() as uow:
        user = uow.session.get(User, admin.actor.id)
        assert user is not None
        user.password_hash = "$argon2id$v=19$m=65536,t=3,p=4$hemligt"
    [row] = audit_review.fetch(admin, AuditQuery(limit=1))
    assert row.changes == "Lösenord: – → (dolt)"
    path = tmp_path / "logg.csv"
    export_log(admin, AuditQuery(), path, ExportFormat.CSV)
    assert "argon2" not in path.read_text(encoding="utf-8-sig")


def test_users_and_units_a_change_points_to_are_named(
    admin: Context, manager: Context, unit_id: str
) -> None:
    # Field names no kind labels ("place" is the avvikelse's "Plats", "handler_id" the
    # klagomål's "Handläggare"), shown as they are; the user and unit they point to by name.
    admin.log_event(AuditAction.UPDATE, "x", "y", {"approver_id": [None, manager.actor.id]})
    admin.log_event(AuditAction.UPDATE, "x", "z", {"venue": [unit_id, None]})
    second, first = audit_review.fetch(admin, AuditQuery(limit=2))
    assert first.changes == "approver_id: – → Märta Enhetschef"
    assert second.changes == "venue: Daglig verksamhet Solrosen → –"
