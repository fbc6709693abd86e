"""Backups with SQLite's online backup API (never a file copy of a WAL database).

A backup of an encrypted database is encrypted with the same key: the backup API copies the
encrypted pages between two SQLCipher connections keyed alike, so the data is never written
in plain text. The key itself is not in the backup; whoever holds the wrapped keys (the key
file) must put them beside it: pass ``after_write``, which is called with the finished backup.

A backup is trusted only when checked twice: the source must pass the integrity check before
anything is copied (a copy of a damaged file is no backup), and the copy, written under
``<target>.backup.partial``, must pass it too before it takes its final name. A killed backup leaves
only that partial file, which :func:`remove_partial_backups` clears at the next start.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from kvalitet_desktop.private_files import (
    SIDE_FILE_SUFFIXES,
    create_private_file,
    fsync_folder,
    make_private,
    make_private_dirs,
    side_file,
)
from kvalitet_desktop.store.database import (
    BackupHook,
    Database,
    connect,
    driver,
    is_encrypted_file,
)
from kvalitet_desktop.store.errors import DatabaseDamaged, DatabaseError

PRE_MIGRATION_FOLDER = "säkerhetskopior"
# Distinct from other atomic writes' ".partial" files, so that only backups' are swept.
PARTIAL_SUFFIX = ".backup.partial"


def backup_database(
    source: Path,
    target: Path,
    key: bytes | None = None,
    *,
    after_write: BackupHook | None = None,
) -> Path:
    """Copy the live database ``source`` to ``target`` consistently; returns ``target``.

    ``key`` is the database's key (None for a plain database); the copy is encrypted with it.
    The copy is consistent even while the database is written (the backup API copies one
    snapshot), owner-only, and appears under its name only when complete. ``after_write`` is
    then called with ``target`` (to write the key file beside it).
    """
    source, target = Path(source), Path(target)
    if target.exists() and target.resolve() == source.resolve():
        raise DatabaseError("Säkerhetskopian kan inte skrivas över själva databasen.")
    if key is None and is_encrypted_file(source):
        raise DatabaseError(
            f"Databasen {source} är krypterad: en säkerhetskopia kan bara göras med dess nyckel."
        )
    _write_verified(source, target, key)
    try:
        make_private(target)
        fsync_folder(target.parent)
    except OSError as exc:
        raise DatabaseError(f"Säkerhetskopian kunde inte skrivas till {target}: {exc}.") from exc
    if after_write is not None:
        after_write(target)
    return target


def pre_migration_backup(
    source: Path,
    revision: str | None,
    backup_dir: Path | None,
    key: bytes | None = None,
    *,
    after_write: BackupHook | None = None,
) -> Path:
    folder = backup_dir or source.parent / PRE_MIGRATION_FOLDER
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{source.stem}-schema-{revision or 'tom'}-{stamp}.sqlite"
    return backup_database(source, folder / name, key, after_write=after_write)


# Why the program made a backup by itself (the "reason" of its audit entry).
BEFORE_UPGRADE_REASON = "före uppgraderingen från schema {revision}"
BEFORE_ENCRYPTION_REASON = "före krypteringen; okrypterad, skrevs över och togs bort"
BEFORE_ENCRYPTION_KEPT_REASON = "före krypteringen; okrypterad, finns kvar och ska tas bort"


def log_program_backup(db: Database, backup: Path, reason: str) -> None:
    """The audit entry of a backup the program made by itself, by "system" (no one has
    logged in yet). Written only once the schema is at its newest: the log's table and its
    chain are there then, not when the backup was made."""
    from kvalitet_desktop.store.audit import AuditAction, record_event
    from kvalitet_desktop.store.unit_of_work import UnitOfWork

    with UnitOfWork(db, None, None) as uow:
        record_event(
            uow.session, AuditAction.BACKUP, details={"file": str(backup), "reason": reason}
        )


def _write_verified(source: Path, target: Path, key: bytes | None) -> None:
    """Copy ``source`` to ``target`` through a partial file checked before it is renamed."""
    partial = partial_for(target)
    errors: tuple[type[BaseException], ...] = (OSError, sqlite3.Error, driver(key).Error)
    problem = integrity_problem(source, key)
    if problem is not None:
        raise DatabaseDamaged(
            f"Databasen {source} är skadad ({problem}). Ingen kopia gjordes: en kopia av en "
            "skadad fil går inte att lita på. Återställ databasen från en tidigare "
            "säkerhetskopia."
        )
    try:
        make_private_dirs(target.parent)
        _remove_with_side_files(partial)  # left by an interrupted backup
        create_private_file(partial)
        src = connect(source, key, read_only=True)
        try:
            dst = connect(partial, key)
            try:
                src.backup(dst)
                # A rollback-journal file: reading it read-only (checks, restore) then
                # leaves no -wal and -shm beside it. The program turns WAL on when it opens one.
                dst.execute("PRAGMA journal_mode=DELETE").fetchall()
            finally:
                dst.close()
        finally:
            src.close()
        problem = integrity_problem(partial, key)
        if problem is not None:
            raise DatabaseDamaged(
                f"Kopian {target} klarade inte kontrollen efter skrivningen ({problem}) och har "
                "tagits bort. Kontrollera disken och försök igen."
            )
        # A file replaced must not meet the side files of the one it replaces.
        for suffix in SIDE_FILE_SUFFIXES:
            side_file(target, suffix).unlink(missing_ok=True)
        partial.replace(target)
    except DatabaseDamaged:
        _remove_with_side_files(partial)
        raise
    except errors as exc:
        _remove_with_side_files(partial)
        raise DatabaseError(f"Kopian kunde inte skrivas till {target}: {exc}.") from exc


def replace_with_copy(source: Path, target: Path, key: bytes | None) -> None:
    """Replace the (closed) database ``target`` with a verified copy of ``source`` (restore).

    Until the last rename the file at ``target`` is untouched; a killed restore leaves only
    a partial file beside it, swept at the next start."""
    _write_verified(Path(source), Path(target), key)
    fsync_folder(Path(target).parent)


def partial_for(target: Path) -> Path:
    return target.with_name(target.name + PARTIAL_SUFFIX)


def integrity_problem(path: Path, key: bytes | None = None) -> str | None:
    """None if the file passes the integrity check (for an encrypted file first SQLCipher's
    check of every page's MAC), else the first problems found. The file is only read."""
    try:
        con = connect(path, key, read_only=True)
    except Exception as exc:  # a file that cannot even be opened
        return str(exc).split("\n")[0]
    try:
        if key is not None:
            failed = [str(row[0]) for row in con.execute("PRAGMA cipher_integrity_check")]
            if failed:
                return "; ".join(failed[:3])
        rows = [str(row[0]) for row in con.execute("PRAGMA integrity_check")]
    except Exception as exc:  # a damaged page raises instead of being reported
        return str(exc).split("\n")[0]
    finally:
        con.close()
    return None if rows == ["ok"] else "; ".join(rows[:3])


def remove_partial_backups(*folders: Path) -> list[Path]:
    """Remove what interrupted backups left in ``folders`` (``*.partial`` and their side
    files); returns the removed files. A file that cannot be removed is left for next time."""
    removed: list[Path] = []
    for folder in dict.fromkeys(folders):
        try:
            leftovers = sorted(folder.glob(f"*{PARTIAL_SUFFIX}"))
        except OSError:
            continue
        for partial in leftovers:
            if partial.is_file():
                _remove_with_side_files(partial)
                if not partial.exists():
                    removed.append(partial)
    return removed


def _remove_with_side_files(path: Path) -> None:
    for candidate in (path, *(side_file(path, s) for s in SIDE_FILE_SUFFIXES)):
        try:
            candidate.unlink(missing_ok=True)
        except OSError:
            continue
