"""Backups that can be trusted (checked source, checked copy, nothing left by a killed one),
automatic backups kept to a number, and restore — on real files, plain and encrypted."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

import proof
from kvalitet_desktop.domain.errors import PermissionDenied, ValidationFailed
from kvalitet_desktop.services import accounts, backups, drafts, maintenance, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.backup import PARTIAL_SUFFIX, backup_database, partial_for
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.errors import DatabaseDamaged
from kvalitet_desktop.store.keyring import key_file_for
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.models import RiskAnalysis

PASSWORD = "Ett långt lösenord i vinter"
SETUP = organisation.SetupInput("Exempelå kommun", "212000-0142", "asa.admin", "Åsa Administratör")


@pytest.fixture
def encrypted(tmp_path: Path) -> Context:
    made = accounts.create_database(tmp_path / "k.sqlite", SETUP, PASSWORD, PASSWORD)
    yield made.ctx
    made.ctx.db.close()


def _titles(ctx: Context) -> list[str]:
    with ctx.reading() as session:
        return sorted(session.scalars(select(RiskAnalysis.title)))


def _damage_middle(path: Path) -> None:
    """Overwrite pages in the middle of the file (not its header)."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(b"\xa5" * 8192)


def _analyses(ctx: Context, unit_id: str, *texts: str) -> None:
    """An analysis per text: the text starts its title and, whole, is its scope (a long text
    makes the file big enough for the tests that damage or kill it)."""
    for text in texts:
        risk.save_analysis(ctx, risk.RiskAnalysisInput(text[:100], unit_id, scope_description=text))


def test_a_backup_is_checked_and_takes_its_name_only_then(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    _analyses(admin, unit_id, "Fallrisk")
    target = maintenance.backup(admin, tmp_path / "kopior" / "kopia.sqlite")
    assert target.exists() and not partial_for(target).exists()
    # Nothing beside it (no -wal or -shm of the copy), not even after it is inspected.
    assert [p.name for p in target.parent.iterdir()] == ["kopia.sqlite"]
    assert dict(backups.inspect_backup(admin, target).counts)["riskanalyser"] == 1
    assert [p.name for p in target.parent.iterdir()] == ["kopia.sqlite"]
    assert maintenance.quick_integrity(target)


def test_a_damaged_source_is_refused_and_leaves_nothing(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    _analyses(admin, unit_id, *(f"Analys {i} " + "x" * 2000 for i in range(60)))
    admin.db.close()  # checkpointed into the file, which is then damaged in its middle
    _damage_middle(admin.db.path)
    target = tmp_path / "kopior" / "kopia.sqlite"
    with pytest.raises(DatabaseDamaged) as refused:
        backup_database(admin.db.path, target)
    assert "är skadad" in str(refused.value) and "Ingen kopia gjordes" in str(refused.value)
    assert not target.exists() and not partial_for(target).exists()
    proof.record("Säkerhetskopior", skadad_källa_avvisad=1, kvarlämnade_filer=0)


def test_an_encrypted_source_changed_outside_the_program_is_refused(
    encrypted: Context, tmp_path: Path
) -> None:
    unit = organisation.add_unit(
        encrypted, organisation.organisation_tree(encrypted)[0].areas[0].id, "Solrosen"
    )
    _analyses(encrypted, unit, *(f"Analys {i} " + "x" * 2000 for i in range(40)))
    db = encrypted.db
    db.close()
    _damage_middle(db.path)
    with pytest.raises(DatabaseDamaged):
        backup_database(db.path, tmp_path / "kopia.sqlite", db.key)
    assert list(tmp_path.glob(f"*{PARTIAL_SUFFIX}")) == []
    assert not (tmp_path / "kopia.sqlite").exists()
    proof.record("Säkerhetskopior", skadad_källa_avvisad=1, kvarlämnade_filer=0)


_SLOW_BACKUP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kvalitet_desktop.store import backup

    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    real_connect = backup.connect

    class Slow:
        def __init__(self, con):
            self.con = con
        def backup(self, dst):
            def progress(status, remaining, total):
                print("copying", flush=True)
            self.con.backup(dst, pages=1, progress=progress, sleep=0.05)
        def __getattr__(self, name):
            return getattr(self.con, name)

    def connect(path, key=None, *, read_only=False):
        con = real_connect(path, key, read_only=read_only)
        return Slow(con) if read_only and path == source else con

    backup.connect = connect
    backup.backup_database(source, target)
    """
)


def test_a_killed_backup_leaves_nothing_after_the_next_start(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    _analyses(admin, unit_id, *(f"Analys {i} " + "x" * 4000 for i in range(300)))
    size = admin.db.path.stat().st_size
    folder = backups.backup_folder(admin.db.path)
    target = folder / "kvalitet-auto-20250101-120000.sqlite"
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BACKUP, str(admin.db.path), str(target)],
        stdout=subprocess.PIPE,
        env={**os.environ},
    )
    assert child.stdout is not None
    child.stdout.readline()  # the copy has begun
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    partial = partial_for(target)
    left = partial.stat().st_size if partial.exists() else 0
    print(f"\nkilled backup of a {size // 1024} KiB database left {left // 1024} KiB behind")
    assert partial.exists() and not target.exists()
    swept = backups.clean_up_partials(admin.db.path)
    assert swept == [partial] and not partial.exists()
    assert backups.backups_of(admin.db.path) == []
    assert [p for p in folder.iterdir() if p.name.endswith(PARTIAL_SUFFIX)] == []
    proof.record("Säkerhetskopior", avbrutna_kopior=1, kvar_efter_nästa_start=0)


def test_the_start_backup_is_made_once_a_day_and_only_the_newest_are_kept(
    admin: Context, unit_id: str
) -> None:
    backups.set_kept_backups(admin, 3)
    folder = backups.backup_folder(admin.db.path)
    folder.mkdir()
    for day in range(5):  # five older daily backups
        made = datetime(2025, 1, 1 + day, 8, 0)
        name = f"kvalitet-auto-{made:%Y%m%d-%H%M%S}.sqlite"
        backup_database(admin.db.path, folder / name)
        key_file_for(folder / name).write_text("{}")
    first = backups.backup_at_start(admin)
    assert first is not None and first.exists()
    assert backups.backup_at_start(admin) is None  # not twice a day
    kept = backups.backups_of(admin.db.path)
    assert [p.name for p in kept[:2]] == [
        "kvalitet-auto-20250104-080000.sqlite",
        "kvalitet-auto-20250105-080000.sqlite",
    ]
    assert kept[-1] == first and len(kept) == 3
    assert sorted(p.name for p in folder.glob("*.keys")) == [
        "kvalitet-auto-20250104-080000.sqlite.keys",
        "kvalitet-auto-20250105-080000.sqlite.keys",
    ]
    tomorrow = date.today() + timedelta(days=1)
    assert backups.backup_due(admin.db.path, tomorrow)
    last = backups.last_backup_time(admin.db.path)
    assert last is not None and last.date() == date.today()


def test_the_number_kept_is_an_administrators_choice_within_limits(
    admin: Context, manager: Context
) -> None:
    assert backups.kept_backups(admin) == backups.DEFAULT_KEEP == 14
    with pytest.raises(ValidationFailed) as bad:
        backups.set_kept_backups(admin, 0)
    assert "mellan 1 och 365" in str(bad.value.errors[0].message)
    with pytest.raises(PermissionDenied):
        backups.set_kept_backups(manager, 5)
    backups.set_kept_backups(admin, 5)
    assert backups.kept_backups(manager) == 5


def test_the_newest_good_backup_skips_damaged_and_keyless_ones(
    encrypted: Context, tmp_path: Path
) -> None:
    db = encrypted.db
    assert backups.newest_good_backup(db.path) is None
    older = backups.backup_at_start(encrypted, date.today())
    assert older is not None and key_file_for(older).exists()
    folder = backups.backup_folder(db.path)
    newer = folder / "k-auto-29990101-000000.sqlite"
    backup_database(db.path, newer, db.key)  # no key file beside it: cannot be opened
    assert backups.newest_good_backup(db.path) == older
    key_file_for(older).with_name("k-auto-29990101-000000.sqlite.keys").write_bytes(
        key_file_for(older).read_bytes()
    )
    _damage_middle(newer)
    assert backups.newest_good_backup(db.path) == newer  # pages unchecked without the key
    assert backups.newest_good_backup(db.path, db.key) == older


def test_a_restored_backup_holds_exactly_what_was_saved(encrypted: Context) -> None:
    ctx = encrypted
    unit = organisation.add_unit(ctx, organisation.organisation_tree(ctx)[0].areas[0].id, "Sol")
    _analyses(ctx, unit, "Fallrisk", "Läkemedel")
    saved = _titles(ctx)
    backup = maintenance.backup(ctx, ctx.db.path.parent / "kopia.sqlite")
    _analyses(ctx, unit, "Tillagd efteråt")
    summary = backups.inspect_backup(ctx, backup)
    assert dict(summary.counts)["riskanalyser"] == 2 and summary.encrypted
    print(f"\nbackup holds: {summary.counts}")
    result = backups.restore(ctx, backup)
    assert _titles(ctx) == saved
    assert result.saved_first.exists() and key_file_for(result.saved_first).exists()
    with ctx.reading() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last is not None and last.action == "restore" and last.user_login == "asa.admin"
    report = maintenance.check_database(ctx.db)
    assert report.ok, [i.message for i in report.items if not i.ok]
    # The database still opens with the password, and the "before" copy holds the addition.
    ctx.db.close()
    again = accounts.log_in(ctx.db.path, "asa.admin", PASSWORD)
    try:
        assert _titles(again) == saved
        before = backups.inspect_backup(again, result.saved_first)
        assert dict(before.counts)["riskanalyser"] == 3
    finally:
        again.db.close()


def test_restore_refuses_what_cannot_be_restored(encrypted: Context) -> None:
    ctx = encrypted
    folder = ctx.db.path.parent
    with pytest.raises(backups.BackupRefused, match="finns inte"):
        backups.inspect_backup(ctx, folder / "saknas.sqlite")
    copy = maintenance.backup(ctx, folder / "kopia.sqlite")
    key_file_for(copy).unlink()
    with pytest.raises(backups.BackupRefused, match="Nyckelfilen"):
        backups.inspect_backup(ctx, copy)
    other = accounts.create_database(folder / "annan.sqlite", SETUP, PASSWORD, PASSWORD)
    other.ctx.db.close()
    with pytest.raises(backups.BackupRefused, match="annan databas"):
        backups.inspect_backup(ctx, other.ctx.db.path)
    with pytest.raises(backups.BackupRefused, match="sig själv"):
        backups.inspect_backup(ctx, ctx.db.path)


def test_a_backup_from_a_newer_version_is_refused(admin: Context, tmp_path: Path) -> None:
    copy = maintenance.backup(admin, tmp_path / "kopia.sqlite")
    con = sqlite3.connect(copy)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(backups.BackupRefused, match="nyare version"):
        backups.inspect_backup(admin, copy)


def test_only_administrators_restore(admin: Context, manager: Context, tmp_path: Path) -> None:
    copy = maintenance.backup(admin, tmp_path / "kopia.sqlite")
    with pytest.raises(PermissionDenied):
        backups.restore(manager, copy)


def _every_row(db: Database) -> dict[str, list[str]]:
    """Every table of the file, every row (as text, sorted): the whole content to compare."""
    con = db.raw_connection()
    try:
        names = [
            str(r[0])
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: sorted(repr(row) for row in con.execute(f'SELECT * FROM "{n}"')) for n in names}
    finally:
        con.close()


def test_a_restore_brings_back_every_row_of_every_table(encrypted: Context) -> None:
    ctx = encrypted
    unit = organisation.add_unit(ctx, organisation.organisation_tree(ctx)[0].areas[0].id, "Sol")
    _analyses(ctx, unit, *(f"Analys {n} – kvällar på Sol " * 3 for n in range(12)))
    drafts.save_draft(ctx, "riskanalys:ny", "Utkast", {"rubrik": "Halt i entrén"})
    saved = _every_row(ctx.db)  # the backup copies this state, then logs that it was made
    backup = maintenance.backup(ctx, ctx.db.path.parent / "kopia.sqlite")
    _analyses(ctx, unit, "Tillagd efteråt", "Också tillagd efteråt")
    drafts.discard_draft(ctx, "riskanalys:ny")
    backups.restore(ctx, backup)
    restored = _every_row(ctx.db)
    assert restored.keys() == saved.keys()
    # The log (and the head of its chain) goes on: it holds all it held when the copy was
    # made, then only the restore (the copy's own entry was written after it was taken).
    log = AuditEntry.__tablename__
    differing = [t for t in saved if restored[t] != saved[t] and t not in (log, "audit_head")]
    assert differing == []
    audit_before, audit_after = set(saved[log]), set(restored[log])
    assert audit_before <= audit_after
    with ctx.reading() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert actions[len(audit_before) :] == ["restore"]
    rows = sum(len(r) for r in saved.values())
    proof.record(
        "Säkerhetskopior", återställda_tabeller=len(saved), rader_jämförda=rows, rader_fel=0
    )
