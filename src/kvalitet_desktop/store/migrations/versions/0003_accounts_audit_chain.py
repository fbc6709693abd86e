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
- The entries already in the log are chained in their order, so that from now on a change to
  any of them shows too.

The hash format is frozen here, not imported: the program's own (store/audit_chain.py) may move
on to a new format, this migration must keep hashing old entries the way it always did.
tests/store/test_audit_chain.py checks that the two agree on format "kvalitet-audit-1".
"""

import hashlib
import json
from datetime import datetime

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
    # The lex Sarah step writes no audit entries, so the chain is made after it.
    chain_existing_entries(op.get_bind())


CHAIN_FORMAT = "kvalitet-audit-1"
GENESIS = "0" * 64
HEAD_ID = 1
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def canonical_time(value):
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime(TIME_FORMAT)


def entry_hash(seq, at, user_id, user_login, action, entity, entity_id, changes, prev_hash):
    material = [
        CHAIN_FORMAT,
        seq,
        canonical_time(at),
        user_id,
        user_login,
        action,
        entity,
        entity_id,
        changes,
        prev_hash,
    ]
    text = json.dumps(material, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain_existing_entries(conn):
    rows = conn.execute(
        sa.text(
            "SELECT seq, at, user_id, user_login, action, entity, entity_id, changes "
            "FROM audit_log ORDER BY seq"
        )
    ).all()
    prev = GENESIS
    updates = []
    for seq, at, user_id, user_login, action, entity, entity_id, changes in rows:
        digest = entry_hash(
            seq, at, user_id, user_login, action, entity, entity_id or "", changes or "{}", prev
        )
        updates.append({"seq": seq, "prev": prev, "digest": digest})
        prev = digest
    if not updates:
        return
    conn.execute(
        sa.text("UPDATE audit_log SET prev_hash = :prev, entry_hash = :digest WHERE seq = :seq"),
        updates,
    )
    conn.execute(
        sa.text("INSERT INTO audit_head (id, seq, entry_hash) VALUES (:id, :seq, :digest)"),
        {"id": HEAD_ID, "seq": updates[-1]["seq"], "digest": prev},
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
