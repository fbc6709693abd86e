"""improvement work: avvikelser, klagomål och synpunkter, egenkontroll; linked records

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 18:40:00

- record_links: a record made from another of another kind (an avvikelse's lex Sarah
  rapport), each end a kind's key and a record's id.
- measures: the day the measure starts ("Påbörjas"), so that its due date, its completion and
  its follow-ups can be checked against it. Earlier versions kept no start, so it stays empty
  for existing measures (the rules apply only where a start is known).
- deviations, deviation_causes: the avvikelse with its registration, investigation,
  återföring and closing, and the causes found (levels and areas as lex Sarah's).
- Each record kind of issue 10 adds its own tables in a function of its own below.
- complaints: klagomål och synpunkter, from receipt to the reply and the close.
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _tracked(table: str) -> list[sa.Column[Any] | sa.Constraint]:
    """The columns of store.base.Tracked (id, created/updated when and by whom)."""
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f(f"fk_{table}_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f(f"fk_{table}_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _archivable(table: str) -> list[sa.Column[Any] | sa.Constraint]:
    """The columns of store.base.Archivable (makulering)."""
    return [
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("archived_by", sa.String(length=36), nullable=True),
        sa.Column("archive_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["archived_by"], ["users.id"], name=op.f(f"fk_{table}_archived_by_users")
        ),
    ]


def upgrade() -> None:
    _record_link_tables()
    _measure_start()
    _deviation_tables()
    _complaint_tables()


def downgrade() -> None:
    _drop_complaint_tables()
    _drop_deviation_tables()
    _drop_measure_start()
    _drop_record_link_tables()


# --- linked records --------------------------------------------------------------------------


def _record_link_tables() -> None:
    op.create_table(
        "record_links",
        sa.Column("source_kind", sa.String(length=40), nullable=False),
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("target_kind", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        *_tracked("record_links"),
        sa.UniqueConstraint(
            "source_kind",
            "source_id",
            "target_kind",
            "target_id",
            name=op.f("uq_record_links_source_kind"),
        ),
    )
    with op.batch_alter_table("record_links") as batch:
        batch.create_index("ix_record_links_source_id", ["source_id"], unique=False)
        batch.create_index("ix_record_links_target", ["target_kind", "target_id"], unique=False)


def _drop_record_link_tables() -> None:
    op.drop_table("record_links")


# --- measure start -----------------------------------------------------------------------------


def _measure_start() -> None:
    # Plain ADD COLUMN: a batch copy of "measures" would break the foreign keys that point to it.
    op.add_column("measures", sa.Column("start_on", sa.Date(), nullable=True))


def _drop_measure_start() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.drop_column("start_on")


# --- avvikelser ------------------------------------------------------------------------------


def _user_key(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def _deviation_tables() -> None:
    op.create_table(
        "deviations",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("reporter_user_id", sa.String(length=36), nullable=True),
        sa.Column("reporter_name", sa.String(length=200), nullable=False),
        sa.Column("registered_by_id", sa.String(length=36), nullable=True),
        sa.Column("legal_basis", sa.String(length=200), nullable=True),
        sa.Column("individual", sa.String(length=40), nullable=True),
        sa.Column("individuals", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("consequence", sa.Text(), nullable=True),
        sa.Column("immediate_measures", sa.Text(), nullable=True),
        sa.Column("category", sa.String(length=200), nullable=True),
        sa.Column("probability", sa.Integer(), nullable=True),
        sa.Column("consequence_level", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("start_due", sa.Date(), nullable=True),
        sa.Column("close_due", sa.Date(), nullable=True),
        sa.Column("investigator_id", sa.String(length=36), nullable=True),
        sa.Column("investigation_started_on", sa.Date(), nullable=True),
        sa.Column("analysis", sa.Text(), nullable=True),
        sa.Column("feedback_on", sa.Date(), nullable=True),
        sa.Column("feedback_how", sa.String(length=200), nullable=True),
        sa.Column("feedback_to", sa.Text(), nullable=True),
        sa.Column("conclusion", sa.Text(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_by_id", sa.String(length=36), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        *_tracked("deviations"),
        *_archivable("deviations"),
        _user_key("deviations", "closed_by_id"),
        _user_key("deviations", "investigator_id"),
        _user_key("deviations", "registered_by_id"),
        _user_key("deviations", "reporter_user_id"),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_deviations_unit_id_units")
        ),
        sa.UniqueConstraint("number", name=op.f("uq_deviations_number")),
    )
    with op.batch_alter_table("deviations") as batch:
        for column in (
            "category",
            "close_due",
            "investigator_id",
            "occurred_at",
            "reported_at",
            "reporter_user_id",
            "start_due",
            "status",
            "unit_id",
        ):
            batch.create_index(f"ix_deviations_{column}", [column], unique=False)
    op.create_table(
        "deviation_causes",
        sa.Column("deviation_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=True),
        *_tracked("deviation_causes"),
        *_archivable("deviation_causes"),
        sa.ForeignKeyConstraint(
            ["deviation_id"],
            ["deviations.id"],
            name=op.f("fk_deviation_causes_deviation_id_deviations"),
        ),
    )
    with op.batch_alter_table("deviation_causes") as batch:
        batch.create_index("ix_deviation_causes_deviation_id", ["deviation_id"], unique=False)


def _drop_deviation_tables() -> None:
    op.drop_table("deviation_causes")
    op.drop_table("deviations")


# --- klagomål och synpunkter -------------------------------------------------------------------

_COMPLAINT_INDEXES = ("handler_id", "received_on", "reply_due", "status", "unit_id")


def _complaint_tables() -> None:
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
        *_tracked("complaints"),
        *_archivable("complaints"),
        *(
            sa.ForeignKeyConstraint(
                [column], ["users.id"], name=op.f(f"fk_complaints_{column}_users")
            )
            for column in ("closed_by_id", "handler_id", "received_by_id")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_complaints_unit_id_units")
        ),
        sa.UniqueConstraint("number", name=op.f("uq_complaints_number")),
    )
    with op.batch_alter_table("complaints") as batch:
        for column in _COMPLAINT_INDEXES:
            batch.create_index(f"ix_complaints_{column}", [column], unique=False)


def _drop_complaint_tables() -> None:
    op.drop_table("complaints")
