"""The index of a user's processed events starts with the user.

It was (platform, tenant, user_id), a prefix it shares with the primary key (platform,
tenant, event_id). With statistics that lag behind the table (a fresh database, or one
growing faster than autovacuum analyses it), PostgreSQL picked it for a turn's "was
this event seen?" lookup and read every event of the workspace through it: 7 ms a
turn with 20,000 events in one Slack team, instead of 0.03 ms through the primary key.
Starting with user_id, it can no longer serve that lookup; it still serves the
lookups by user, which name all three columns.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.drop_index("ix_processed_events_user")
        batch.create_index("ix_processed_events_user", ["user_id", "platform", "tenant"])


def downgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.drop_index("ix_processed_events_user")
        batch.create_index("ix_processed_events_user", ["platform", "tenant", "user_id"])
