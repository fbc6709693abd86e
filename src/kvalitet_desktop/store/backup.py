"""Backups with SQLite's online backup API (never a file copy of a WAL database)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from kvalitet_desktop.store.errors import DatabaseError


def backup_database(source: Path, target: Path) -> Path:
    """Copy the live database ``source`` to ``target`` consistently; returns ``target``."""
    target = Path(target)
    if target.exists() and target.resolve() == Path(source).resolve():
        raise DatabaseError("Säkerhetskopian kan inte skrivas över själva databasen.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(f"Säkerhetskopian kunde inte skrivas till {target}: {exc}.") from exc
    return target


def pre_migration_backup(source: Path, revision: str | None, backup_dir: Path | None) -> Path:
    folder = backup_dir or source.parent / "säkerhetskopior"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{source.stem}-schema-{revision or 'tom'}-{stamp}.sqlite"
    return backup_database(source, folder / name)
