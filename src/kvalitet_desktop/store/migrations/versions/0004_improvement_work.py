"""improvement work: avvikelser, klagomål och synpunkter, egenkontroll

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 18:30:00

Each record kind of issue 10 creates its own tables in its own function, so the three
branches that build them meet in one revision.

- complaints: klagomål och synpunkter, from receipt to the reply and the close.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _complaint_tables()


def downgrade() -> None:
    _drop_complaint_tables()


def _tracked_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    """The columns of Tracked and Archivable (store/base.py) as they are at this revision."""
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("archived_by", sa.String(length=36), nullable=True),
        sa.Column("archive_reason", sa.Text(), nullable=True),
    ]


def _complaint_tables() -> None:
    users = ("archived_by", "closed_by_id", "created_by", "handler_id", "received_by_id")
    op.create_table(
        "complaints",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("received_by_id", sa.String(length=36), nullable=True),
        sa.Column("submitter_type", sa.String(length=40), nullable=False),
        sa.Column("submitter_name", sa.String(length=200), nullable=True),
        sa.Column("submitter_contact", sa.Text(), nullable=True),
        sa.Column("complaint_kind", sa.String(length=30), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("handler_id", sa.String(length=36), nullable=True),
        sa.Column("investigation", sa.Text(), nullable=True),
        sa.Column("reply_due", sa.Date(), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply_method", sa.String(length=30), nullable=True),
        sa.Column("reply_text", sa.Text(), nullable=True),
        sa.Column("response_days", sa.Integer(), nullable=True),
        sa.Column("conclusion", sa.Text(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_by_id", sa.String(length=36), nullable=True),
        *_tracked_columns(),
        *(
            sa.ForeignKeyConstraint(
                [column], ["users.id"], name=op.f(f"fk_complaints_{column}_users")
            )
            for column in (*users, "updated_by")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_complaints_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("number", name=op.f("uq_complaints_number")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        for column in ("handler_id", "received_on", "reply_due", "status", "unit_id"):
            batch_op.create_index(batch_op.f(f"ix_complaints_{column}"), [column], unique=False)


def _drop_complaint_tables() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        for column in ("unit_id", "status", "reply_due", "received_on", "handler_id"):
            batch_op.drop_index(batch_op.f(f"ix_complaints_{column}"))
    op.drop_table("complaints")
