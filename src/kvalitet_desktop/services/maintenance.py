"""Backup and the health check of a database file."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.roles import BACKUP, MAINTENANCE_CHECK
from kvalitet_desktop.services.audit_check import Finding, check_chain, check_trails
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.audit import AuditAction
from kvalitet_desktop.store.backup import (
    PRE_MIGRATION_FOLDER,
    backup_database,
    remove_partial_backups,
)
from kvalitet_desktop.store.database import Database, connect
from kvalitet_desktop.store.errors import sqlite_code
from kvalitet_desktop.store.migrate import current_revision, head_revision, known_revisions
from kvalitet_desktop.store.search_index import INDEX_TABLE, compare


@dataclass(frozen=True)
class CheckItem:
    name: str
    ok: bool
    message: str
    findings: tuple[Finding, ...] = ()  # where the problems are (table, record, entry number)


@dataclass(frozen=True)
class CheckReport:
    items: tuple[CheckItem, ...]

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)


class DamageFound(KvalitetError):
    """The file failed SQLite's own checks; ``report`` says where (raised before log-in reads
    the file, so that ``kvalitet check`` reports damage wherever it is)."""

    def __init__(self, report: CheckReport) -> None:
        super().__init__(
            "Databasfilen är skadad: "
            + "; ".join(item.message for item in report.items if not item.ok)
        )
        self.report = report


def backup(ctx: Context, target: Path) -> Path:
    """A copy of the whole database, for those the table lets back it up (administrators by
    default: it holds every unit's records and every lex Sarah case). The copy is encrypted
    with the database's key, and logged."""
    ctx.require(BACKUP)
    db = ctx.db
    # What killed backups left, there and in the backup folder beside the database.
    remove_partial_backups(
        Path(target).parent, db.path.parent, db.path.parent / PRE_MIGRATION_FOLDER
    )
    written = backup_database(db.path, Path(target), db.key, after_write=db.after_backup)
    ctx.log_event(AuditAction.BACKUP, details={"file": str(written)})
    return written


def check(ctx: Context) -> CheckReport:
    """``kvalitet check`` for a logged-in user: the whole check, for those the table lets run
    it (its findings name records and fields of every unit, lex Sarah cases included)."""
    ctx.require(MAINTENANCE_CHECK)
    return check_database(ctx.db)


def check_database(db: Database) -> CheckReport:
    """SQLite's own checks first, then the program's; a check that cannot read the file (it
    is damaged) is reported as failed, never raised."""
    checks: list[tuple[str, Callable[[Database], CheckItem]]] = [
        ("Integritet", _check_integrity),
        ("Kopplingar", _check_foreign_keys),
        ("Schemaversion", _check_schema),
        ("Loggkedja", _check_chain),
        ("Poster mot loggen", _check_trails),
        (SEARCH_INDEX_CHECK, _check_search_index),
    ]
    return CheckReport(tuple(_guarded(name, check, db) for name, check in checks))


def check_file(db: Database) -> CheckReport:
    """SQLite's checks of the file alone (integrity, foreign keys): what is run before
    anything else reads it."""
    return CheckReport(
        (
            _guarded("Integritet", _check_integrity, db),
            _guarded("Kopplingar", _check_foreign_keys, db),
        )
    )


def refuse_damaged(db: Database) -> None:
    """Raise ``DamageFound`` unless the file passes :func:`check_file` (a hook for log-in)."""
    report = check_file(db)
    if not report.ok:
        raise DamageFound(report)


def _guarded(name: str, check: Callable[[Database], CheckItem], db: Database) -> CheckItem:
    try:
        return check(db)
    except (DBAPIError, KvalitetError) as exc:
        if isinstance(exc, DBAPIError) and sqlite_code(exc) is None:
            raise
        return CheckItem(name, False, f"Kontrollen kunde inte köras: {_sqlite_reason(exc)}.")


def _sqlite_reason(exc: BaseException) -> str:
    """SQLite's own words (fixed texts such as "database disk image is malformed"), never
    SQL or values; a program error's Swedish message as it is."""
    if isinstance(exc, KvalitetError):
        return str(exc).rstrip(".")
    orig = getattr(exc, "orig", exc)
    reason = str(orig).split("\n")[0]
    if "malformed" in reason or "not a database" in reason:
        return f"filen är skadad ({reason})"
    return reason


def _check_schema(db: Database) -> CheckItem:
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return CheckItem("Schemaversion", True, f"Schemat har den senaste versionen ({head}).")
    if current in known_revisions():
        return CheckItem(
            "Schemaversion", False, f"Schemat ({current}) behöver uppgraderas till {head}."
        )
    return CheckItem("Schemaversion", False, f"Okänd schemaversion: {current}.")


def _check_integrity(db: Database) -> CheckItem:
    """SQLite's integrity check; for an encrypted file first SQLCipher's check of every page.

    The encrypted pages carry a MAC: a page changed in the file, by damage or by hand, fails
    it and is named by number.
    """
    try:
        with db.engine.connect() as conn:
            if db.key is not None:
                failed = [str(r[0]) for r in conn.execute(text("PRAGMA cipher_integrity_check"))]
                if failed:
                    return CheckItem(
                        "Integritet",
                        False,
                        "Filen är ändrad utanför programmet eller skadad: " + _failed_pages(failed),
                    )
            rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
    except DBAPIError as exc:  # a damaged file raises here
        if sqlite_code(exc) is None:
            raise
        return CheckItem(
            "Integritet", False, f"Integritetskontrollen kunde inte köras: {_sqlite_reason(exc)}."
        )
    if rows == ["ok"]:
        checked = "SQLite:s integritetskontroll"
        if db.key is not None:
            checked += " och krypteringens kontroll av varje sida"
        return CheckItem("Integritet", True, f"{checked} godkänner filen.")
    return CheckItem("Integritet", False, "Filen är skadad: " + "; ".join(rows[:5]))


def _failed_pages(failed: list[str]) -> str:
    """SQLCipher names each page that fails its MAC ("… for page 6"): say it in Swedish."""
    pages = [m.group(1) for row in failed if (m := re.search(r"page (\d+)", row))]
    if len(pages) != len(failed):
        return "; ".join(failed[:5])
    if len(pages) == 1:
        return f"sida {pages[0]} klarar inte krypteringens kontroll."
    shown = ", ".join(pages[:10]) + (" …" if len(pages) > 10 else "")
    return f"{len(pages)} sidor ({shown}) klarar inte krypteringens kontroll."


def _check_foreign_keys(db: Database) -> CheckItem:
    with db.engine.connect() as conn:
        problems = conn.execute(text("PRAGMA foreign_key_check")).all()
    if not problems:
        return CheckItem(
            "Kopplingar", True, "Alla kopplingar mellan poster pekar på poster som finns."
        )
    tables = sorted({str(p[0]) for p in problems})
    return CheckItem(
        "Kopplingar", False, f"{len(problems)} trasiga kopplingar i: {', '.join(tables)}."
    )


def _check_chain(db: Database) -> CheckItem:
    chain = check_chain(db)
    if chain.findings:
        return CheckItem(
            "Loggkedja",
            False,
            f"Loggen är ändrad utanför programmet på {len(chain.findings)} ställen "
            f"({chain.entries} loggposter, senaste nr {chain.last}).",
            tuple(chain.findings),
        )
    return CheckItem(
        "Loggkedja",
        True,
        f"Alla {chain.entries} loggposter är obrutna och oförändrade (senaste nr {chain.last}).",
    )


def _check_trails(db: Database) -> CheckItem:
    records, findings = check_trails(db)
    if findings:
        return CheckItem(
            "Poster mot loggen",
            False,
            f"{len(findings)} av {records} poster stämmer inte med sin logg.",
            tuple(findings),
        )
    return CheckItem(
        "Poster mot loggen",
        True,
        f"Alla {records} poster är som loggen säger att de senast sparades.",
    )


SEARCH_INDEX_CHECK = "Sökindex"
_REPAIR_HINT = "Bygg om det med ”kvalitet check --repair-index”."


def _check_search_index(db: Database) -> CheckItem:
    """The full-text index against the records: every searchable record in it, as it is now,
    and nothing else."""
    with db.session() as session:
        state = compare(session)
    if state.missing:
        return CheckItem(SEARCH_INDEX_CHECK, False, f"Sökindexet saknas. {_REPAIR_HINT}")
    if state.ok:
        return CheckItem(
            SEARCH_INDEX_CHECK, True, f"Sökindexet stämmer med alla {state.indexed} sökbara poster."
        )
    findings = tuple(
        Finding(INDEX_TABLE, f"{kind} {record_id}", (), message)
        for keys, message in (
            (state.absent, "saknas i sökindexet"),
            (state.extra, "finns inte bland posterna"),
            (state.stale, "har en äldre text"),
        )
        for kind, record_id in keys
    )
    return CheckItem(
        SEARCH_INDEX_CHECK,
        False,
        f"Sökindexet stämmer inte med posterna: {len(state.absent)} saknas, "
        f"{len(state.extra)} finns inte bland posterna, {len(state.stale)} har en äldre text. "
        + _REPAIR_HINT,
        findings,
    )


def quick_integrity(path: Path, key: bytes | None = None) -> bool:
    """True if ``PRAGMA integrity_check`` passes on the file (used by crash tests and tools)."""
    con = connect(path, key)
    try:
        return bool(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    finally:
        con.close()


BACKUP_FOLDER_NAME = PRE_MIGRATION_FOLDER  # the one backup folder beside the database
DAMAGED_MARK = "skadad"


@dataclass(frozen=True)
class DamagedFile:
    """A database found damaged at start: where it was kept aside, and the newest backup that
    passes SQLite's integrity check (None: no good backup in the backup folder)."""

    problems: tuple[str, ...]
    kept_as: Path | None
    backup: Path | None


def quick_check(db: Database) -> tuple[str, ...]:
    """SQLite's quick check (``PRAGMA quick_check``: every page read, indexes not compared);
    the problems found, none for a sound file. Damage that stops the check is a problem too."""
    try:
        with db.engine.connect() as conn:
            rows = [str(r[0]) for r in conn.execute(text("PRAGMA quick_check"))]
    except DBAPIError as exc:
        if sqlite_code(exc) is None:
            raise
        return (_sqlite_reason(exc),)
    return () if rows == ["ok"] else tuple(rows[:5])


def set_aside_damaged(ctx: Context, problems: tuple[str, ...]) -> DamagedFile:
    """The file is damaged: nothing more is written to it in this session, a copy of it is
    kept under a new name beside it (never over another file), and the newest good backup is
    looked up for the user to restore from."""
    db = ctx.db
    db.stop_writing(
        f"Databasfilen {db.path} är skadad. Inget mer sparas i den. Återställ den från en "
        "säkerhetskopia."
    )
    try:
        kept: Path | None = _copy_aside(db.path)
    except OSError:
        kept = None
    from kvalitet_desktop.services.backups import newest_good_backup

    return DamagedFile(problems, kept, newest_good_backup(db.path, db.key))


def _copy_aside(path: Path) -> Path:
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        suffix = f"-{n}" if n else ""
        target = path.with_name(f"{path.stem}-{DAMAGED_MARK}-{stamp}{suffix}{path.suffix}")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as out, path.open("rb") as source:
            shutil.copyfileobj(source, out)
        wal = path.with_name(path.name + "-wal")
        if wal.is_file() and wal.stat().st_size:  # committed pages not yet in the main file
            with open(wal, "rb") as source, open(target.with_name(target.name + "-wal"), "xb") as w:
                shutil.copyfileobj(source, w)
        return target
    raise FileExistsError(path)
