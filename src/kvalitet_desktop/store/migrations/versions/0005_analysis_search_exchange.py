"""analysis, search, exchange; gallring of förändringar i insatser

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:40:00

Each feature of this release changes the schema in a function of its own below.
- insats_change_people.individual_id may be empty: gallring of a closed förändring cuts the
  link from each person affected to their code (the rows stay, with their dates and matrix
  values, so the group figures still add up).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _change_people_without_code()


def downgrade() -> None:
    _restore_change_people_code()


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
