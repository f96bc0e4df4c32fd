"""Scheduled messages: the send-within-24-hours reminder, "did you hear back?" and the
follow-up (issue 12), polled by the scheduler and claimed under a lease.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scheduled_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("tenant", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["saved_notes.id"],
            name=op.f("fk_scheduled_messages_note_id_saved_notes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_messages")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_scheduled_messages_idempotency_key")),
    )
    op.create_index(
        "ix_scheduled_messages_key", "scheduled_messages", ["platform", "tenant", "user_id"]
    )
    op.create_index("ix_scheduled_messages_due", "scheduled_messages", ["status", "due_at"])
    op.create_index("ix_scheduled_messages_lease", "scheduled_messages", ["status", "lease_until"])
    op.create_index(op.f("ix_scheduled_messages_note_id"), "scheduled_messages", ["note_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_scheduled_messages_note_id"), table_name="scheduled_messages")
    op.drop_index("ix_scheduled_messages_lease", table_name="scheduled_messages")
    op.drop_index("ix_scheduled_messages_due", table_name="scheduled_messages")
    op.drop_index("ix_scheduled_messages_key", table_name="scheduled_messages")
    op.drop_table("scheduled_messages")
