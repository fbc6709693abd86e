"""measure start dates (and, with them, the rest of the improvement work)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 18:40:00

- measures: the day the measure starts ("Påbörjas"), so that its due date, its completion and
  its follow-ups can be checked against it. Earlier versions kept no start, so it stays empty
  for existing measures (the rules apply only where a start is known).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _measure_start()


def downgrade() -> None:
    _drop_measure_start()


def _measure_start() -> None:
    # Plain ADD COLUMN: a batch copy of "measures" would break the foreign keys that point to it.
    op.add_column("measures", sa.Column("start_on", sa.Date(), nullable=True))


def _drop_measure_start() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.drop_column("start_on")
