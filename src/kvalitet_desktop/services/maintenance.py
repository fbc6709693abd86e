"""Backup and the health check of a database file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from kvalitet_desktop.domain.roles import BACKUP
from kvalitet_desktop.services.audit_check import Finding, check_chain, check_trails
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.audit import AuditAction
from kvalitet_desktop.store.backup import (
    PRE_MIGRATION_FOLDER,
    backup_database,
    remove_partial_backups,
)
from kvalitet_desktop.store.database import Database, connect
from kvalitet_desktop.store.migrate import current_revision, head_revision, known_revisions


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


def check_database(db: Database) -> CheckReport:
    items = [
        _check_schema(db),
        _check_integrity(db),
        _check_foreign_keys(db),
        _check_chain(db),
        _check_trails(db),
    ]
    return CheckReport(tuple(items))


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
    except Exception as exc:  # a damaged file raises here
        return CheckItem("Integritet", False, f"Integritetskontrollen kunde inte köras: {exc}.")
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


def quick_integrity(path: Path, key: bytes | None = None) -> bool:
    """True if ``PRAGMA integrity_check`` passes on the file (used by crash tests and tools)."""
    con = connect(path, key)
    try:
        return bool(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    finally:
        con.close()
