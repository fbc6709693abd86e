"""Schema migrations with Alembic, run from inside the program (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from kvalitet_desktop.store.backup import pre_migration_backup
from kvalitet_desktop.store.errors import DatabaseTooNew, NotADatabase

if TYPE_CHECKING:
    from kvalitet_desktop.store.database import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


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

    Returns the backup's path when one was made (encrypted like the database). The migration
    runs through the database's own engine, so an encrypted file is migrated in place.
    """
    current = current_revision(db)
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
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup
