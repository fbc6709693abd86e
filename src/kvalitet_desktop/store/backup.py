"""Backups with SQLite's online backup API (never a file copy of a WAL database).

A backup of an encrypted database is encrypted with the same key: the backup API copies the
encrypted pages between two SQLCipher connections keyed alike, so the data is never written
in plain text. The key itself is not in the backup; whoever holds the wrapped keys (the key
file) must put them beside it: pass ``after_write``, which is called with the finished backup.
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
from kvalitet_desktop.store.database import BackupHook, connect, driver, is_encrypted_file
from kvalitet_desktop.store.errors import DatabaseError

PRE_MIGRATION_FOLDER = "säkerhetskopior"


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
    partial = target.with_name(target.name + ".partial")
    errors: tuple[type[BaseException], ...] = (OSError, sqlite3.Error, driver(key).Error)
    try:
        make_private_dirs(target.parent)
        _remove_with_side_files(partial)  # left by an interrupted backup
        create_private_file(partial)
        src = connect(source, key, read_only=True)
        try:
            dst = connect(partial, key)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(target)
        make_private(target)
        fsync_folder(target.parent)
    except errors as exc:
        _remove_with_side_files(partial)
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


def _remove_with_side_files(path: Path) -> None:
    for candidate in (path, *(side_file(path, s) for s in SIDE_FILE_SUFFIXES)):
        try:
            candidate.unlink(missing_ok=True)
        except OSError:
            continue
