"""analysis, search and exchange; gallring of förändringar i insatser

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:40:00

Each feature of this release changes the schema in a function of its own below.

- search_index, search_keys: the full-text index (FTS5, unicode61 without folding å, ä and ö)
  of every searchable record, and the rowid of each record's index row. The migration makes
  them empty (it cannot run the record kinds' code that says what to index); the program
  fills an empty index when it opens the database.
- insats_change_people.individual_id may be empty: gallring of a closed förändring cuts the
  link from each person affected to their code (the rows stay, with their dates and matrix
  values, so the group figures still add up).
- import_keys: the stable key of every row imported from a file (per kind), the record it
  became and the import it came with, so that a file imported twice creates nothing new.
- analyses: the signed analyses of Sammanställning och analys, each with the figures it was
  written against frozen as JSON.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _search_index()
    _change_people_without_code()
    _import_keys()
    _analysis_records()


def downgrade() -> None:
    _drop_analysis_records()
    _drop_import_keys()
    _restore_change_people_code()
    _drop_search_index()


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


def _drop_search_index() -> None:
    op.execute("DROP TABLE IF EXISTS search_keys")
    op.execute("DROP TABLE IF EXISTS search_index")


def _change_people_without_code() -> None:
    _rebuild_people(nullable=True)


def _rebuild_people(*, nullable: bool) -> None:
    """Batch mode rebuilds the table, dropping the old one; the contacts point at it, so
    they are set aside meanwhile and put back unchanged."""
    op.execute("CREATE TEMP TABLE kept_change_contacts AS SELECT * FROM insats_change_contacts")
    op.execute("DELETE FROM insats_change_contacts")
    with op.batch_alter_table("insats_change_people") as batch:
        batch.alter_column("individual_id", existing_type=sa.String(length=36), nullable=nullable)
    op.execute("INSERT INTO insats_change_contacts SELECT * FROM kept_change_contacts")
    op.execute("DROP TABLE kept_change_contacts")


def _restore_change_people_code() -> None:
    # Rows gallring cut from their code cannot point at one again: they go first.
    op.execute(
        "DELETE FROM insats_change_contacts WHERE person_id IN "
        "(SELECT id FROM insats_change_people WHERE individual_id IS NULL)"
    )
    op.execute("DELETE FROM insats_change_people WHERE individual_id IS NULL")
    _rebuild_people(nullable=False)


def _import_keys() -> None:
    op.create_table(
        "import_keys",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("import_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_import_keys")),
    )
    op.create_index(op.f("ix_import_keys_import_id"), "import_keys", ["import_id"], unique=False)


def _drop_import_keys() -> None:
    op.drop_index(op.f("ix_import_keys_import_id"), table_name="import_keys")
    op.drop_table("import_keys")


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


def _drop_analysis_records() -> None:
    op.drop_table("analyses")
