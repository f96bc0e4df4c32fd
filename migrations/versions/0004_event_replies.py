"""Processed events keep the replies their turn produced, whose they are, and whether
they were sent.

A platform redelivers an event when the process died after saving the turn but before
answering; the redelivery then resends these replies instead of being dropped. A user
who types again before that redelivery gets them too, instead of their retype being
taken as the answer to a question they never saw.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.add_column(sa.Column("replies", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("user_id", sa.String(length=128), nullable=True))
        batch.create_index("ix_processed_events_user", ["platform", "tenant", "user_id"])


def downgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.drop_index("ix_processed_events_user")
        batch.drop_column("user_id")
        batch.drop_column("answered_at")
        batch.drop_column("replies")
