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
- egenkontroll: selfinspection_plan_items (a unit's yearly plan) and selfinspection_checks (the
  checks the plan schedules, and what performing them found; the checklist answers live in
  form_records).
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
    _selfinspection_tables()
    _individual_register_tables()
    _change_tables()


def downgrade() -> None:
    _drop_change_tables()
    _drop_individual_register_tables()
    _drop_selfinspection_tables()
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


# --- egenkontroll ----------------------------------------------------------------------------


def _selfinspection_tables() -> None:
    plan = "selfinspection_plan_items"
    op.create_table(
        plan,
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=200), nullable=False),
        sa.Column("frequency", sa.String(length=30), nullable=False),
        sa.Column("chosen_dates", sa.Text(), nullable=True),
        sa.Column("responsible_id", sa.String(length=36), nullable=True),
        sa.Column("on_failure", sa.Text(), nullable=False),
        sa.Column("form_id", sa.String(length=64), nullable=False),
        sa.Column("form_title", sa.String(length=300), nullable=False),
        *_tracked(plan),
        *_archivable(plan),
        sa.ForeignKeyConstraint(
            ["responsible_id"], ["users.id"], name=op.f(f"fk_{plan}_responsible_id_users")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f(f"fk_{plan}_unit_id_units")),
    )
    with op.batch_alter_table(plan, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{plan}_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f(f"ix_{plan}_year"), ["year"], unique=False)

    checks = "selfinspection_checks"
    op.create_table(
        checks,
        sa.Column("plan_item_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("performed_on", sa.Date(), nullable=True),
        sa.Column("performed_by_id", sa.String(length=36), nullable=True),
        sa.Column("reviewed", sa.Text(), nullable=True),
        sa.Column("reviewed_note", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=True),
        *_tracked(checks),
        *_archivable(checks),
        sa.ForeignKeyConstraint(
            ["performed_by_id"], ["users.id"], name=op.f(f"fk_{checks}_performed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_item_id"], [f"{plan}.id"], name=op.f(f"fk_{checks}_plan_item_id_{plan}")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f(f"fk_{checks}_unit_id_units")),
    )
    with op.batch_alter_table(checks, schema=None) as batch_op:
        for column in ("plan_item_id", "planned_on", "status", "unit_id"):
            batch_op.create_index(batch_op.f(f"ix_{checks}_{column}"), [column], unique=False)


def _drop_selfinspection_tables() -> None:
    with op.batch_alter_table("selfinspection_checks", schema=None) as batch_op:
        for column in ("unit_id", "status", "planned_on", "plan_item_id"):
            batch_op.drop_index(batch_op.f(f"ix_selfinspection_checks_{column}"))
    op.drop_table("selfinspection_checks")
    with op.batch_alter_table("selfinspection_plan_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_selfinspection_plan_items_year"))
        batch_op.drop_index(batch_op.f("ix_selfinspection_plan_items_unit_id"))
    op.drop_table("selfinspection_plan_items")


# --- the individuals register ------------------------------------------------------------------


def _individual_register_tables() -> None:
    # Plain ADD COLUMN: a batch copy of "individuals" would break the foreign keys to it.
    op.add_column("individuals", sa.Column("insats", sa.String(length=200), nullable=True))
    op.add_column("individuals", sa.Column("from_on", sa.Date(), nullable=True))
    op.add_column("individuals", sa.Column("to_on", sa.Date(), nullable=True))


def _drop_individual_register_tables() -> None:
    with op.batch_alter_table("individuals") as batch:
        batch.drop_column("to_on")
        batch.drop_column("from_on")
        batch.drop_column("insats")


# --- förändringar i insatser -------------------------------------------------------------------


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table) as batch:
        for column in columns:
            batch.create_index(f"ix_{table}_{column}", [column], unique=False)


def _change_tables() -> None:
    op.create_table(
        "insats_changes",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("what_changes", sa.Text(), nullable=False),
        sa.Column("insatser", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("planned_end_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("risk_analysis_id", sa.String(length=36), nullable=True),
        sa.Column("contact_interval_days", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_by_id", sa.String(length=36), nullable=True),
        sa.Column("lessons", sa.Text(), nullable=True),
        sa.Column("unfinished_reason", sa.Text(), nullable=True),
        *_tracked("insats_changes"),
        *_archivable("insats_changes"),
        _fk("insats_changes", "unit_id", "units"),
        _fk("insats_changes", "closed_by_id", "users"),
        sa.UniqueConstraint("number", name=op.f("uq_insats_changes_number")),
    )
    _index("insats_changes", "unit_id", "status")
    op.create_table(
        "insats_change_units",
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        *_tracked("insats_change_units"),
        _fk("insats_change_units", "change_id", "insats_changes"),
        _fk("insats_change_units", "unit_id", "units"),
        sa.UniqueConstraint("change_id", "unit_id", name=op.f("uq_insats_change_units_change_id")),
    )
    _index("insats_change_units", "change_id", "unit_id")
    op.create_table(
        "insats_change_people",
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("individual_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("insats", sa.String(length=200), nullable=True),
        sa.Column("what_changes_for_them", sa.Text(), nullable=True),
        sa.Column("paused_self", sa.Boolean(), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=True),
        sa.Column("consequence", sa.Integer(), nullable=True),
        sa.Column("risks", sa.Text(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=True),
        sa.Column("responsible_staff", sa.String(length=200), nullable=True),
        sa.Column("representative", sa.String(length=200), nullable=True),
        sa.Column("contact_preference", sa.String(length=200), nullable=True),
        sa.Column("followed_up_on", sa.Date(), nullable=True),
        sa.Column("needs_met", sa.String(length=20), nullable=True),
        sa.Column("ratings", sa.Text(), nullable=False),
        sa.Column("follow_up_comment", sa.Text(), nullable=True),
        *_tracked("insats_change_people"),
        *_archivable("insats_change_people"),
        _fk("insats_change_people", "change_id", "insats_changes"),
        _fk("insats_change_people", "individual_id", "individuals"),
        _fk("insats_change_people", "unit_id", "units"),
        sa.UniqueConstraint(
            "change_id", "individual_id", name=op.f("uq_insats_change_people_change_id")
        ),
    )
    _index("insats_change_people", "change_id", "individual_id", "unit_id")
    op.create_table(
        "insats_change_contacts",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("contacted_on", sa.Date(), nullable=False),
        sa.Column("phase", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("with_whom", sa.String(length=20), nullable=False),
        sa.Column("staff", sa.String(length=200), nullable=False),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("said", sa.Text(), nullable=True),
        sa.Column("took_part", sa.Boolean(), nullable=True),
        sa.Column("wishes", sa.Text(), nullable=True),
        sa.Column("next_contact_on", sa.Date(), nullable=True),
        *_tracked("insats_change_contacts"),
        *_archivable("insats_change_contacts"),
        _fk("insats_change_contacts", "person_id", "insats_change_people"),
    )
    _index("insats_change_contacts", "person_id")


def _drop_change_tables() -> None:
    for table in (
        "insats_change_contacts",
        "insats_change_people",
        "insats_change_units",
        "insats_changes",
    ):
        op.drop_table(table)
