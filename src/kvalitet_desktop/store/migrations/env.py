"""Alembic environment: always run in-process with a connection handed over by the program."""

from alembic import context

from kvalitet_desktop import registry
from kvalitet_desktop.store import models  # noqa: F401  (registers the shared tables)
from kvalitet_desktop.store.base import Base

registry.import_models()  # and every record kind's

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for developers running alembic by hand
    from sqlalchemy import create_engine

    url = config.get_main_option("sqlalchemy.url") or "sqlite:///dev.sqlite"
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
