"""accounts, audit chain, finished investigations

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 15:40:00

- users: a reset password must be changed at next log-in; when the password last changed.
- audit_log: every entry holds its own hash and the hash of the entry before (a chain);
  audit_head keeps the last entry's number and hash, so that removing the tail shows.
- lex_sarah_cases: the day the investigation was finished (a finished investigation waiting to
  be closed no longer has an open "ska vara klar" deadline). Earlier versions kept no trace of
  "Markera som klar" (a finished investigation was stored like a draft), so for existing cases
  the day is derived only where the data shows it: the day the investigation was sent to IVO
  (sent as finished) or the day the case was closed, whichever came first.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of "users" would break the foreign keys that point to it.
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("users", sa.Column("password_changed_at", sa.DateTime(), nullable=True))
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("entry_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.add_column(
        "lex_sarah_cases", sa.Column("investigation_finished_on", sa.Date(), nullable=True)
    )
    # Dates are ISO text in SQLite, so they compare as text. 'avslutad' is the stored value of
    # a closed case (written here, not imported: a migration never imports application code).
    op.execute(
        sa.text(
            """
            UPDATE lex_sarah_cases SET investigation_finished_on = CASE
                WHEN investigation_sent_to_ivo_on IS NOT NULL
                     AND (closed_on IS NULL OR status != 'avslutad'
                          OR investigation_sent_to_ivo_on < closed_on)
                THEN investigation_sent_to_ivo_on
                ELSE closed_on
            END
            WHERE investigation_finished_on IS NULL
              AND (investigation_sent_to_ivo_on IS NOT NULL
                   OR (status = 'avslutad' AND closed_on IS NOT NULL))
            """
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("lex_sarah_cases") as batch:
        batch.drop_column("investigation_finished_on")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("password_changed_at")
        batch.drop_column("must_change_password")
