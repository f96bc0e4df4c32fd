"""An index on saved_notes.conversation_id.

Deleting a user's conversations (delete my data, purge) sets their notes'
conversation_id to NULL through the foreign key; without an index each delete scanned
every saved note (464 ms for one user with 100,000 notes stored).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("saved_notes") as batch:
        batch.create_index("ix_saved_notes_conversation_id", ["conversation_id"])


def downgrade() -> None:
    with op.batch_alter_table("saved_notes") as batch:
        batch.drop_index("ix_saved_notes_conversation_id")
