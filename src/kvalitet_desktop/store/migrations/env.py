"""Alembic environment: always run in-process with a connection handed over by the program."""

from alembic import context

from kvalitet_desktop import registry
from kvalitet_desktop.store import models  # noqa: F401  (registers the shared tables)
from kvalitet_desktop.store.base import Base
from kvalitet_desktop.store.search_index import is_index_table

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
    # The full-text index is made by hand (FTS5), not from the models.
    include_name=lambda name, kind, _parent: not (kind == "table" and is_index_table(name)),
)
with context.begin_transaction():
    context.run_migrations()
