"""analysis, search and exchange

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:40:00

Each feature of this release adds its own part in a function of its own below.

- search_index, search_keys: the full-text index (FTS5, unicode61 without folding å, ä and ö)
  of every searchable record, and the rowid of each record's index row. The migration makes
  them empty (it cannot run the record kinds' code that says what to index); the program
  fills an empty index when it opens the database.
- analyses: the signed analyses of Sammanställning och analys, each with the figures it was
  written against frozen as JSON.
"""

import sqlalchemy as sa
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


def _analysis_records() -> None:
    op.create_table(
        "analyses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("archived_by", sa.String(length=36), nullable=True),
        sa.Column("archive_reason", sa.Text(), nullable=True),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("area_id", sa.String(length=36), nullable=True),
        sa.Column("scope", sa.String(length=300), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("analysis", sa.Text(), nullable=False),
        sa.Column("improvements", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signed_by_id", sa.String(length=36), nullable=True),
        sa.Column("signed_by_name", sa.String(length=200), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_analyses_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_analyses_updated_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["archived_by"], ["users.id"], name=op.f("fk_analyses_archived_by_users")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_analyses_unit_id_units")),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_analyses_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["signed_by_id"], ["users.id"], name=op.f("fk_analyses_signed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analyses")),
        sa.UniqueConstraint("number", name=op.f("uq_analyses_number")),
    )
    op.create_index(op.f("ix_analyses_status"), "analyses", ["status"])
    op.create_index(op.f("ix_analyses_period_start"), "analyses", ["period_start"])
    op.create_index(op.f("ix_analyses_unit_id"), "analyses", ["unit_id"])


def upgrade() -> None:
    _search_index()
    _analysis_records()


def downgrade() -> None:
    op.drop_table("analyses")
    op.execute("DROP TABLE IF EXISTS search_keys")
    op.execute("DROP TABLE IF EXISTS search_index")
