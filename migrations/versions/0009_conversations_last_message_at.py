"""The platform's time of the last message taken into an interview.

A message that reaches the bot after a later message of the same user was taken (a
redelivery of a message they have since typed again, or one overtaken in delivery) is
told apart by comparing its platform timestamp with this one: the platform's clock with
itself, never with the server's. Rows saved before this revision have none (NULL):
their next message is taken, and sets it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("last_message_at")
