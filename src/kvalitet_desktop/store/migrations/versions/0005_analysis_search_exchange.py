"""analysis, search and exchange (issue 12)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:40:00

Each feature of issue 12 adds its own tables in a function of its own below.
- import_keys: the stable key of every row imported from a file (per kind), the record it
  became and the import it came with, so that a file imported twice creates nothing new.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _import_keys()


def downgrade() -> None:
    _drop_import_keys()


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
