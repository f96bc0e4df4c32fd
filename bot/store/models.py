"""Database tables, as SQLAlchemy 2 declarative models.

The schema changes only through Alembic migrations (migrations/); nothing here is
created at run time. Constraint names follow one naming convention so migrations can
refer to them on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import JSON, DateTime, ForeignKey, Index, MetaData, String, Text, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Statuses of a conversation. "open" ones (active, cancelled) can be resumed; at most one
# per conversation key, enforced by a partial unique index.
ACTIVE = "active"
CANCELLED = "cancelled"
DONE = "done"
ABANDONED = "abandoned"
OPEN_STATUSES = (ACTIVE, CANCELLED)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Conversation(Base):
    """One interview of one user: its dialog state as JSON, guarded by a version."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    tenant: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Incremented on every write; a write naming an older version fails (optimistic lock).
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    # When the user sent the last message taken into this interview, by the platform's
    # clock (Slack's ts, Teams' timestamp; migration 0009): a message sent before it
    # arrived late, and is not taken (bot/service.py). NULL without a platform time.
    last_message_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_conversations_key", "platform", "tenant", "user_id"),
        Index(
            "uq_conversations_one_open_per_key",
            "platform",
            "tenant",
            "user_id",
            unique=True,
            sqlite_where=text("status IN ('active', 'cancelled')"),
            postgresql_where=text("status IN ('active', 'cancelled')"),
        ),
    )


class SavedNoteRow(Base):
    """A final note, saved when the user says done at review."""

    __tablename__ = "saved_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    tenant: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(128))
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    interviewer: Mapped[str] = mapped_column(String(300))
    company: Mapped[str] = mapped_column(String(1500))
    role: Mapped[str] = mapped_column(String(1500))
    tone: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    interview_date: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    # The interviewer's address, when the candidate gave it: the drafts' "To" (0008).
    recipient: Mapped[str | None] = mapped_column(String(320))

    __table_args__ = (
        Index("ix_saved_notes_key", "platform", "tenant", "user_id"),
        # Deleting a user's conversations sets their notes' conversation_id to NULL:
        # without this index that scans every note (migration 0006).
        Index("ix_saved_notes_conversation_id", "conversation_id"),
    )


class ProcessedEvent(Base):
    """A platform event already handled (Slack event_id, Teams activity.id): idempotency."""

    __tablename__ = "processed_events"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    processed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_utcnow, server_default=func.now()
    )
    # The replies the turn produced (bot.store.replay's JSON), resent when the event is
    # redelivered before they were sent; None for events that answer nothing.
    replies: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True))
    # Set once the adapter has sent the replies: a redelivery after that is a duplicate.
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Whose turn it was (tenant and platform above), to find replies they never got.
    user_id: Mapped[str | None] = mapped_column(String(128))

    # user_id first: with (platform, tenant, ...) it shared the primary key's prefix, and
    # stale statistics made PostgreSQL look events up through it (migration 0007).
    __table_args__ = (Index("ix_processed_events_user", "user_id", "platform", "tenant"),)


# slack-sdk's OAuth tables (migration 0002), built by slack-sdk's own table builders so
# that the migration check (tests/test_migrations.py) compares the migration with them.
SQLAlchemyInstallationStore.build_installations_table(Base.metadata, "slack_installations")
SQLAlchemyInstallationStore.build_bots_table(Base.metadata, "slack_bots")
SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, "slack_oauth_states")


class TeamsReference(Base):
    """A Teams user's conversation reference, stored on each message so later features
    can message them proactively, and when this install was greeted (once per install)."""

    __tablename__ = "teams_references"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    # botbuilder's ConversationReference, serialised (TurnContext.get_conversation_reference).
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Set by the welcome; cleared when the bot is removed, so a reinstall is greeted again.
    welcomed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)


# Kinds of scheduled message (issue 12) and their statuses. A row is `scheduled` until a
# scheduler claims it (`claimed`, under a lease), then `sent`, `failed` (after its last
# attempt, or at once when the user is gone), or `cancelled` by the user.
SEND_REMINDER = "send_reminder"
HEARD_BACK = "heard_back"
FOLLOW_UP = "follow_up"
SCHEDULED_KINDS = (SEND_REMINDER, HEARD_BACK, FOLLOW_UP)
SCHEDULED = "scheduled"
CLAIMED = "claimed"
SENT = "sent"
FAILED = "failed"
PENDING_STATUSES = (SCHEDULED, CLAIMED)
FINISHED_STATUSES = (SENT, FAILED, CANCELLED)


class ScheduledMessage(Base):
    """A message the bot sends the user later (a reminder, a "did you hear back?"):
    created in the same transaction as the turn that asked for it, delivered at least
    once by bot.reminders.scheduler (see bot/store/schedule.py)."""

    __tablename__ = "scheduled_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    tenant: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # What the message is about: note id, interviewer, company, subject, follow-up number.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The saved note it follows up, if any: deleting the note (delete my data, retention)
    # deletes what was scheduled for it.
    note_id: Mapped[int | None] = mapped_column(
        ForeignKey("saved_notes.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=SCHEDULED)
    attempts: Mapped[int] = mapped_column(default=0)  # claims so far, each one a try
    last_error: Mapped[str | None] = mapped_column(String(500))
    # The claim: which scheduler holds the row, since when, and until when; a claim whose
    # lease has run out (the scheduler died) is claimed again.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # One row per key: scheduling twice with one key (a redelivered turn) is one row, and
    # the platform sender uses it to recognise a message it already posted.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_scheduled_messages_key", "platform", "tenant", "user_id"),
        # The due poll: scheduled rows by due time, claimed rows by lease.
        Index("ix_scheduled_messages_due", "status", "due_at"),
        Index("ix_scheduled_messages_lease", "status", "lease_until"),
    )
