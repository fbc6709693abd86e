"""Backup and the health check of a database file."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from kvalitet_desktop.services.audit_check import Finding, check_chain, check_trails
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.audit import AuditAction
from kvalitet_desktop.store.backup import backup_database
from kvalitet_desktop.store.database import Database
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
    """Any signed-in user may back up the file they work in (nothing leaves the machine).
    The backup is an audit entry (in the working file; the copy is as it was before)."""
    made = backup_database(ctx.db.path, Path(target))
    ctx.log_event(AuditAction.BACKUP, "", "", {"file": made.name})
    return made


def backup_file(db: Database, target: Path) -> Path:
    return backup_database(db.path, Path(target))


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
    try:
        with db.engine.connect() as conn:
            rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
    except Exception as exc:  # a damaged file raises here
        return CheckItem("Integritet", False, f"Integritetskontrollen kunde inte köras: {exc}.")
    if rows == ["ok"]:
        return CheckItem("Integritet", True, "SQLite:s integritetskontroll godkänner filen.")
    return CheckItem("Integritet", False, "Filen är skadad: " + "; ".join(rows[:5]))


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


def quick_integrity(path: Path) -> bool:
    """True if ``PRAGMA integrity_check`` passes on the file (used by crash tests and tools)."""
    con = sqlite3.connect(str(path))
    try:
        return bool(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    finally:
        con.close()
