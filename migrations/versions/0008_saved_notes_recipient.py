"""A saved note keeps its recipient: the interviewer's e-mail address, when given.

The interviewers step takes an optional address ("Dana Lee, Director, dana@acme.com"),
kept in the answers document; the note saved at `done` keeps it too, as the "To" of its
drafts (Gmail, Outlook, mailto) wherever the note is shown again. Notes saved before
have none (NULL), as do those whose interviewer was given without an address.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("saved_notes") as batch:
        batch.add_column(sa.Column("recipient", sa.String(320), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("saved_notes") as batch:
        batch.drop_column("recipient")
