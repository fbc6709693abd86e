"""Automatic backups beside the database, the newest good one, and restore from a backup.

The backups live in ``säkerhetskopior/`` beside the database, named ``<stem>-<kind>-<stamp>``
(the kind: ``auto`` at start, ``schema-…`` before a migration, ``fore-aterstallning`` before a
restore), each with its key file. Only the newest ones are kept (an administrator's setting).
Every backup is verified before it takes its final name (``store.backup``), so a file under
its final name is one that passed the integrity check when it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.roles import BACKUP, RESTORE, Role
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.settings import read_setting, write_setting
from kvalitet_desktop.store.audit import AuditAction
from kvalitet_desktop.store.backup import (
    PRE_MIGRATION_FOLDER,
    backup_database,
    integrity_problem,
    remove_partial_backups,
    replace_with_copy,
)
from kvalitet_desktop.store.database import connect, is_encrypted_file, is_plain_database
from kvalitet_desktop.store.encryption import PLAIN_BACKUP_INFIX
from kvalitet_desktop.store.keyring import key_file_for
from kvalitet_desktop.store.migrate import known_revisions, upgrade_to_head

KEEP = "backups_kept"
DEFAULT_KEEP = 14
KEEP_MIN, KEEP_MAX = 1, 365
AUTOMATIC = "auto"
BEFORE_RESTORE = "fore-aterstallning"
_STAMP = re.compile(r"-(\d{8}-\d{6})\.sqlite$")
_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_CONTEXT = "backups"


class BackupRefused(KvalitetError):
    """A file that cannot be restored from; the message says why in Swedish."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, shown before it replaces the database."""

    path: Path
    made_at: datetime
    schema: str
    encrypted: bool
    counts: tuple[tuple[str, int], ...]  # (the kind's plural noun, how many records)


def backup_folder(db_path: Path) -> Path:
    return Path(db_path).parent / PRE_MIGRATION_FOLDER


def _stamp_of(path: Path) -> datetime | None:
    found = _STAMP.search(path.name)
    if found is None:
        return None
    try:
        return datetime.strptime(found.group(1), _STAMP_FORMAT)
    except ValueError:
        return None


def backups_of(db_path: Path) -> list[Path]:
    """The database's backups in its backup folder, oldest first (the plain copies kept while
    a database is encrypted are not backups: ``store.encryption`` wipes them)."""
    db_path = Path(db_path)
    folder = backup_folder(db_path)
    try:
        candidates = list(folder.glob(f"{_glob_escape(db_path.stem)}-*.sqlite"))
    except OSError:
        return []
    found = [
        (stamp, p)
        for p in candidates
        if PLAIN_BACKUP_INFIX not in p.name and (stamp := _stamp_of(p)) is not None
    ]
    return [p for _, p in sorted(found)]


def _glob_escape(text: str) -> str:
    import glob

    return glob.escape(text)


def _usable(backup: Path, key: bytes | None) -> bool:
    if is_plain_database(backup):
        return integrity_problem(backup) is None
    if not is_encrypted_file(backup) or not key_file_for(backup).exists():
        return False
    return key is None or integrity_problem(backup, key) is None


def newest_good_backup(db_path: Path, key: bytes | None = None) -> Path | None:
    """The newest backup of the database that can be restored from, or None.

    A plain backup must pass the integrity check. An encrypted one must have its key file
    beside it; its pages can be checked only with the key (pass it once known: after log-in,
    or ``None`` before, when the check waits until the backup is opened)."""
    for backup in reversed(backups_of(Path(db_path))):
        if _usable(backup, key):
            return backup
    return None


def made_at(backup: Path) -> datetime:
    """When ``backup`` was made: the stamp in its name, else the file's own time."""
    return _stamp_of(backup) or datetime.fromtimestamp(Path(backup).stat().st_mtime)


def last_backup_time(db_path: Path) -> datetime | None:
    """When the newest backup in the backup folder was made (each was verified when written)."""
    made = backups_of(Path(db_path))
    return _stamp_of(made[-1]) if made else None


def kept_backups(ctx: Context) -> int:
    with ctx.reading() as session:
        value = read_setting(session, KEEP)
    if isinstance(value, int) and not isinstance(value, bool) and KEEP_MIN <= value <= KEEP_MAX:
        return value
    return DEFAULT_KEEP


def set_kept_backups(ctx: Context, count: int) -> None:
    """How many automatic backups are kept: the administrator's (those who may back up)."""
    ctx.require(BACKUP)
    if not KEEP_MIN <= count <= KEEP_MAX:
        message = QT_TRANSLATE_NOOP(
            _CONTEXT, "Ange ett antal säkerhetskopior mellan {low} och {high}."
        ).format(low=KEEP_MIN, high=KEEP_MAX)
        raise ValidationFailed([FieldError(KEEP, message)])
    write_setting(ctx, KEEP, count)


def _named_backup(ctx: Context, kind: str) -> Path:
    db = ctx.db
    stamp = datetime.now().strftime(_STAMP_FORMAT)
    target = backup_folder(db.path) / f"{db.path.stem}-{kind}-{stamp}.sqlite"
    written = backup_database(db.path, target, db.key, after_write=db.after_backup)
    ctx.log_event(AuditAction.BACKUP, details={"file": str(written), "automatic": kind})
    prune(db.path, kept_backups(ctx))
    return written


def prune(db_path: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups (with their key files), oldest first."""
    made = backups_of(Path(db_path))
    removed = made[: max(0, len(made) - keep)]
    for old in removed:
        key_file_for(old).unlink(missing_ok=True)
        old.unlink(missing_ok=True)
    return removed


def clean_up_partials(db_path: Path) -> list[Path]:
    """What killed backups left, in the backup folder and beside the database."""
    db_path = Path(db_path)
    return remove_partial_backups(backup_folder(db_path), db_path.parent)


def backup_due(db_path: Path, today: date | None = None) -> bool:
    """At most one start backup a day: due unless a backup was made today."""
    last = last_backup_time(Path(db_path))
    return last is None or last.date() < (today or date.today())


def backup_at_start(ctx: Context, today: date | None = None) -> Path | None:
    """After log-in: sweep what killed backups left, then back up once a day. Any user's
    start makes it (the copy stays beside the database, in a folder only its owner reads)."""
    clean_up_partials(ctx.db.path)
    if not backup_due(ctx.db.path, today):
        return None
    return _named_backup(ctx, AUTOMATIC)


# --- restore ------------------------------------------------------------------------------


def inspect_backup(ctx: Context, backup: Path) -> BackupSummary:
    """Check that ``backup`` can replace the database and say what it holds; raises
    BackupRefused with the reason. The file is only read."""
    ctx.require(RESTORE)
    backup = Path(backup)
    key = ctx.db.key
    if not backup.is_file():
        raise BackupRefused(f"Filen {backup} finns inte.")
    if backup.resolve() == ctx.db.path.resolve():
        raise BackupRefused("Databasen kan inte återställas från sig själv.")
    if key is not None:
        if is_plain_database(backup):
            raise BackupRefused(
                f"Filen {backup} är inte krypterad som databasen och kan inte återställas."
            )
        if not key_file_for(backup).exists():
            raise BackupRefused(
                f"Nyckelfilen {key_file_for(backup).name} saknas bredvid säkerhetskopian. "
                "Lägg den i samma mapp som säkerhetskopian och försök igen."
            )
    elif not is_plain_database(backup):
        raise BackupRefused(f"Filen {backup} är ingen okrypterad säkerhetskopia av databasen.")
    problem = integrity_problem(backup, key)
    if problem is not None:
        raise BackupRefused(
            f"Säkerhetskopian {backup} är skadad eller hör till en annan databas ({problem}). "
            "Välj en annan säkerhetskopia."
        )
    return _summary(ctx, backup, key)


def _summary(ctx: Context, backup: Path, key: bytes | None) -> BackupSummary:
    con = connect(backup, key, read_only=True)
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            raise BackupRefused(f"Filen {backup} är ingen säkerhetskopia av Kvalitet Desktop.")
        schema = str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        if schema not in known_revisions():
            raise BackupRefused(
                f"Säkerhetskopian är gjord av en nyare version av Kvalitet Desktop (schema "
                f"{schema}). Uppdatera programmet först."
            )
        roles = {
            str(row[0])
            for row in con.execute(
                "SELECT r.role FROM users u JOIN user_roles r ON r.user_id = u.id "
                "WHERE u.login = ? AND u.active",
                (ctx.actor.login,),
            )
        }
        counts = tuple(
            (noun, int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]))
            for table, noun in registry.record_tables()
            if table in tables
        )
    finally:
        con.close()
    if not registry.permission_table().allows({Role(r) for r in roles}, RESTORE):
        raise BackupRefused(
            f"I säkerhetskopian är ”{ctx.actor.login}” ingen aktiv administratör: efter "
            "återställningen skulle du inte kunna logga in. En annan administratör får göra det."
        )
    return BackupSummary(backup, made_at(backup), schema, key is not None, counts)


@dataclass(frozen=True)
class Restored:
    summary: BackupSummary
    saved_first: Path  # the backup of the database as it was before


def restore(ctx: Context, backup: Path) -> Restored:
    """Replace the database with ``backup``, after checking it and backing up the current
    file. The database's connections are closed first and reopen on the restored file (an
    older schema is migrated); the key file stays (the database key is the same). The
    restore is logged in the restored database."""
    summary = inspect_backup(ctx, backup)
    saved_first = _named_backup(ctx, BEFORE_RESTORE)
    db = ctx.db
    db.close()
    replace_with_copy(summary.path, db.path, db.key)
    upgrade_to_head(db)
    restored = ctx.refreshed()
    restored.log_event(
        AuditAction.RESTORE,
        details={
            "file": str(summary.path),
            "made_at": summary.made_at.isoformat(timespec="seconds"),
            "saved_first": str(saved_first),
        },
    )
    return Restored(summary, saved_first)


def restore_damaged(ctx: Context, backup: Path, damaged_copy: Path | None) -> Restored:
    """Replace a database found damaged (its writes stopped, a copy of it kept aside as
    ``damaged_copy``) with ``backup``. No backup of the damaged file is made first: it would
    fail its check; the copy aside keeps it instead, and without that copy nothing is
    replaced. The restore is logged in the restored database, naming where the damaged file
    was put."""
    summary = inspect_backup(ctx, backup)
    db = ctx.db
    if damaged_copy is None or not Path(damaged_copy).is_file():
        raise BackupRefused(
            f"Den skadade databasfilen {db.path} kunde inte sparas undan under ett nytt namn, "
            "och den ersätts inte förrän det finns en kopia av den. Frigör utrymme på disken "
            "och starta programmet igen."
        )
    db.close()
    replace_with_copy(summary.path, db.path, db.key)
    db.write_again()
    upgrade_to_head(db)
    restored = ctx.refreshed()
    restored.log_event(
        AuditAction.RESTORE,
        details={
            "file": str(summary.path),
            "made_at": summary.made_at.isoformat(timespec="seconds"),
            "damaged_kept_as": str(damaged_copy),
        },
    )
    return Restored(summary, Path(damaged_copy))
