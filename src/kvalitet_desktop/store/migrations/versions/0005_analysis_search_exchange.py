"""analysis, search and exchange

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:40:00

Each feature of this release adds its own part in a function of its own below.

- search_index, search_keys: the full-text index (FTS5, unicode61 without folding å, ä and ö)
  of every searchable record, and the rowid of each record's index row. The migration makes
  them empty (it cannot run the record kinds' code that says what to index); the program
  fills an empty index when it opens the database.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _search_index() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, record_id UNINDEXED, unit_id UNINDEXED, title, body, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    op.execute(
        "CREATE TABLE search_keys (rowid INTEGER PRIMARY KEY, kind VARCHAR(40) NOT NULL, "
        "record_id VARCHAR(36) NOT NULL, CONSTRAINT uq_search_keys_kind UNIQUE (kind, record_id))"
    )


def upgrade() -> None:
    _search_index()


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_keys")
    op.execute("DROP TABLE IF EXISTS search_index")
