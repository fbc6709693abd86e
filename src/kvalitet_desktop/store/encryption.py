"""Converting a plain database (every one made before encryption) into an SQLCipher one in place.

The steps, each of which leaves the original usable if it fails:

1. the plain file is switched to a rollback journal, so that everything in its WAL is in the
   file itself and no plain -wal is left beside the encrypted result;
2. with writers locked out, a backup of it is made (plain: it is the same data the file
   already holds) and an encrypted copy is written with ``sqlcipher_export``;
3. the copy is verified: SQLite's and SQLCipher's integrity checks, the same tables, and the
   same number of rows in every table;
4. the copy replaces the original in one rename;
5. the plain backup is overwritten with random bytes, flushed to disk and removed. The result
   names it, so the user can be told.

Before calling, close every connection to the file (open no ``Database`` on it): a program
still holding the plain file open would go on writing to it after it is replaced.
"""

from __future__ import annotations

import glob
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kvalitet_desktop.private_files import (
    SIDE_FILE_SUFFIXES,
    create_private_file,
    fsync_folder,
    make_database_private,
    make_private_dirs,
    side_file,
    wipe_file,
)
from kvalitet_desktop.store.database import (
    BUSY_TIMEOUT_MS,
    check_key_bytes,
    connect,
    driver,
    is_plain_database,
)
from kvalitet_desktop.store.errors import EncryptionFailed, NotADatabase

ENCRYPTED_SCHEMA = "encrypted"
PARTIAL_SUFFIX = ".krypteras"
PLAIN_BACKUP_INFIX = "-okrypterad-"


@dataclass(frozen=True)
class ConversionResult:
    database: Path
    tables: int
    rows: int
    plain_backup: Path  # the unencrypted copy made before converting
    plain_backup_removed: bool  # overwritten and removed; False: the user must remove it
    message: str  # Swedish, for the user


class _Step(Exception):
    """A failed step; ``reason`` is the Swedish explanation for the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def encrypt_plain_database(path: Path, key: bytes, backup_dir: Path) -> ConversionResult:
    """Encrypt the plain database ``path`` with ``key`` in place (see the module's docstring).

    Raises ``EncryptionFailed`` (Swedish, saying that the original is unchanged) if any step
    before the replacement fails; the partial copy and the plain backup are then removed.
    """
    check_key_bytes(key)
    path = Path(path)
    if not is_plain_database(path):
        raise NotADatabase(
            f"Filen {path} är ingen okrypterad databas för Kvalitet Desktop och kan inte "
            "krypteras. Den har inte ändrats."
        )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = Path(backup_dir) / f"{path.stem}{PLAIN_BACKUP_INFIX}{stamp}.sqlite"
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    errors = (OSError, sqlite3.Error, driver(key).Error)
    try:
        wipe_interrupted_conversions(path, backup_dir)
        counts = _export(path, key, backup, partial)
        _verify(partial, key, counts)
        _fsync_file(partial)
        if _has_content(side_file(path, "-wal")):
            raise _Step("databasen används av ett annat program; stäng det och försök igen")
        os.replace(partial, path)
    except (_Step, *errors) as exc:
        _discard(partial)
        reason = exc.reason if isinstance(exc, _Step) else str(exc)
        left = (
            ""
            if _wipe_quietly(backup)
            else (f" En okrypterad säkerhetskopia finns kvar i {backup}; ta bort den.")
        )
        raise EncryptionFailed(
            f"Databasen {path} kunde inte krypteras ({reason}). Den är oförändrad och kan "
            f"användas som förut.{left}"
        ) from exc
    fsync_folder(path.parent)
    for suffix in SIDE_FILE_SUFFIXES:  # a -shm of the plain file would not fit the new one
        try:
            side_file(path, suffix).unlink(missing_ok=True)
        except OSError:
            continue
    make_database_private(path)
    return _finish(path, backup, counts)


def wipe_interrupted_conversions(path: Path, backup_dir: Path) -> list[Path]:
    """Wipe what a conversion of ``path`` stopped half-way (power cut, crash) left behind.

    That is its plain backups in ``backup_dir`` and its encrypted partial copy. Whether the
    conversion got as far as replacing the database or not, the database itself is whole, so
    the plain copies are not needed. Returns the plain backups wiped (to tell the user).
    """
    _discard(path.with_name(path.name + PARTIAL_SUFFIX))
    folder = Path(backup_dir)
    if not folder.is_dir():
        return []
    wiped = []
    for leftover in sorted(folder.glob(f"{glob.escape(path.stem)}{PLAIN_BACKUP_INFIX}*.sqlite")):
        for candidate in _with_side_files(leftover):
            wipe_file(candidate)
        wiped.append(leftover)
    return wiped


def _export(path: Path, key: bytes, backup: Path, partial: Path) -> dict[str, int]:
    """Back up the plain file and export it encrypted to ``partial``; returns its row counts."""
    cipher = driver(key)
    _discard(partial)
    create_private_file(partial)
    make_private_dirs(backup.parent)
    create_private_file(backup)
    source = cipher.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        source.execute("PRAGMA cipher_log_level = NONE")
        mode = source.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise _Step("databasen används av ett annat program; stäng det och försök igen")
        source.execute(
            f"ATTACH DATABASE ? AS {ENCRYPTED_SCHEMA} KEY ?", (str(partial), f"x'{key.hex()}'")
        )
        # One transaction over both files. Its read lock on the original (a rollback journal
        # now) keeps any writer from committing between the counts, the backup and the copy;
        # the copy is committed whole or not at all. The original itself is only read.
        source.execute("BEGIN")
        try:
            counts = _row_counts(source, "main")
            target = cipher.connect(str(backup))
            try:
                source.backup(target)
            finally:
                target.close()
            source.execute(f"SELECT sqlcipher_export('{ENCRYPTED_SCHEMA}')").fetchall()
        except BaseException:
            source.execute("ROLLBACK")
            raise
        source.execute("COMMIT")
        source.execute(f"DETACH DATABASE {ENCRYPTED_SCHEMA}")
    finally:
        source.close()
    return counts


def _verify(partial: Path, key: bytes, expected: dict[str, int]) -> None:
    copy = connect(partial, key)
    try:
        if [r[0] for r in copy.execute("PRAGMA integrity_check")] != ["ok"]:
            raise _Step("den krypterade kopian klarade inte integritetskontrollen")
        if copy.execute("PRAGMA cipher_integrity_check").fetchall():
            raise _Step("den krypterade kopian klarade inte krypteringens kontroll")
        found = _row_counts(copy, "main")
    finally:
        copy.close()
    if found != expected:
        differing = sorted(
            t for t in expected.keys() | found.keys() if found.get(t) != expected.get(t)
        )
        raise _Step("den krypterade kopian skiljer sig i tabellerna " + ", ".join(differing))


def _row_counts(connection: Any, schema: str) -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    return {
        table: int(connection.execute(f'SELECT count(*) FROM {schema}."{table}"').fetchone()[0])
        for table in tables
    }


def _finish(path: Path, backup: Path, counts: dict[str, int]) -> ConversionResult:
    tables, rows = len(counts), sum(counts.values())
    try:
        for candidate in _with_side_files(backup):
            wipe_file(candidate)
    except OSError as exc:
        return ConversionResult(
            path,
            tables,
            rows,
            backup,
            plain_backup_removed=False,
            message=(
                f"Databasen är nu krypterad. Den okrypterade säkerhetskopian {backup} kunde "
                f"inte tas bort ({exc.strerror or exc}). Ta bort den själv: den innehåller "
                "alla uppgifter i klartext."
            ),
        )
    return ConversionResult(
        path,
        tables,
        rows,
        backup,
        plain_backup_removed=True,
        message=(
            f"Databasen är nu krypterad. Den okrypterade säkerhetskopian som gjordes först "
            f"({backup}) har skrivits över och tagits bort."
        ),
    )


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _with_side_files(path: Path) -> list[Path]:
    return [path, *(side_file(path, suffix) for suffix in SIDE_FILE_SUFFIXES)]


def _discard(path: Path) -> None:
    """Remove an encrypted partial copy (it holds nothing readable without the key)."""
    for candidate in _with_side_files(path):
        try:
            candidate.unlink(missing_ok=True)
        except OSError:
            continue


def _wipe_quietly(path: Path) -> bool:
    """Wipe a plain backup after a failure; True if nothing of it is left."""
    gone = True
    for candidate in _with_side_files(path):
        try:
            wipe_file(candidate)
        except OSError:
            gone = False
    return gone
