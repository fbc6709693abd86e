"""Schema migrations with Alembic, run from inside the program (no alembic.ini needed).

Alembic itself is imported only when there is something to migrate (or to check against the
migration scripts): a database already at the newest schema, the everyday case, is recognised
from the revision ids written in the migration files, which keeps Alembic out of the start-up.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from kvalitet_desktop.store.backup import (
    BEFORE_UPGRADE_REASON,
    log_program_backup,
    pre_migration_backup,
)
from kvalitet_desktop.store.errors import DatabaseTooNew, NotADatabase

if TYPE_CHECKING:
    from alembic.config import Config

    from kvalitet_desktop.store.database import Database

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*(None|\"[^\"]*\"|'[^']*')", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    # The stream of this moment: Config's default is sys.stdout as it was when Alembic was
    # first imported, which (imported on demand) may be a stream closed since.
    cfg = Config(stdout=sys.stdout)
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def written_head() -> str | None:
    """The newest revision as the migration files state it (``revision = "000N"`` and its
    ``down_revision``), read without Alembic; None unless the files make one line of
    revisions with a single head (then Alembic decides)."""
    parents: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = dict(
            (key, None if value == "None" else value[1:-1])
            for key, value in _REVISION.findall(script.read_text(encoding="utf-8"))
        )
        revision = found.get("revision")
        if not revision or "down_revision" not in found or revision in parents:
            return None
        parents[revision] = found["down_revision"]
    heads = set(parents) - set(parents.values())
    return heads.pop() if len(heads) == 1 else None


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables:
            if tables:
                raise NotADatabase(
                    f"Filen {db.path} är en SQLite-databas men inte Kvalitet Desktops. "
                    "Den har inte ändrats."
                )
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_to_head(db: Database, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to the newest version; back up first if data could be touched.

    Returns the backup's path when one was made (encrypted like the database), and logs it
    as a system entry once the schema is new. The migration runs through the database's own
    engine, so an encrypted file is migrated in place.
    """
    current = current_revision(db)
    if current is not None and current == written_head():
        return None  # the everyday case, decided without importing Alembic
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            f"Databasen {db.path} är skapad av en nyare version av Kvalitet Desktop "
            f"(schema {current}). Uppdatera programmet för att öppna den. Filen har inte ändrats."
        )
    backup = None
    if current is not None:
        backup = pre_migration_backup(
            db.path, current, backup_dir, db.key, after_write=db.after_backup
        )
    from alembic import command

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    if backup is not None:
        # Every backup is an audit entry; this one could not be written before the upgrade.
        log_program_backup(db, backup, BEFORE_UPGRADE_REASON.format(revision=current))
    return backup


def written_revisions() -> set[str]:
    """Every revision id the migration files state, read without Alembic."""
    found: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for key, value in _REVISION.findall(script.read_text(encoding="utf-8")):
            if key == "revision" and value != "None":
                found.add(value[1:-1])
    return found


def identify(path: Path, key: bytes | None) -> None:
    """Refuse a file that is not this program's database of a version it can use, before
    anything writes to it (setting the journal mode does): the file is read through a
    read-only connection. A file that cannot be read here is left to the opening to report."""
    from kvalitet_desktop.store.database import connect

    try:
        connection = connect(path, key, read_only=True)
    except Exception:
        return
    try:
        names = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {str(row[0]) for row in names}
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = None if row is None else str(row[0])
    except Exception:
        return
    finally:
        connection.close()
    if tables and "alembic_version" not in tables:
        raise NotADatabase(
            f"Filen {path} är en SQLite-databas men inte Kvalitet Desktops. Den har inte ändrats."
        )
    if revision is not None and revision not in written_revisions():
        raise DatabaseTooNew(
            f"Databasen {path} är skapad av en nyare version av Kvalitet Desktop "
            f"(schema {revision}). Uppdatera programmet för att öppna den. Filen har inte ändrats."
        )
