"""Persistence of conversations, saved notes and processed platform events.

Called only by `bot.service.ConversationService` (and the CLI for `notes`). Every method
that touches a user's data takes a `ConversationKey`, so no query can forget the tenant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import (
    ABANDONED,
    ACTIVE,
    OPEN_STATUSES,
    Conversation,
    ProcessedEvent,
    SavedNote,
    ScheduledMessage,
)
from dialogs.messages import ConversationKey, EventId, conversation_key


@dataclass(frozen=True)
class ConversationRecord:
    id: int
    key: ConversationKey
    status: str
    state: dict[str, Any]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class NoteToSave:
    interviewer: str
    company: str
    role: str
    tone: str
    subject: str
    body: str
    interview_date: dt.date | None


@dataclass(frozen=True)
class SavedNoteRecord(NoteToSave):
    """A saved note as listed back: the note plus its place in the list and its date."""

    number: int  # 1-based position in the user's list, oldest first
    created_at: dt.datetime


@dataclass(frozen=True)
class SeenEvent:
    """A processed event: the replies its turn produced (None: none kept) and whether
    they were sent."""

    replies: list[dict[str, Any]] | None
    answered: bool


Replies = list[dict[str, Any]]


@dataclass(frozen=True)
class PendingReplies:
    """A saved turn of this user whose replies were never sent."""

    event: EventId
    replies: Replies
    saved_at: dt.datetime  # the turn's save: the conversation's updated_at if still latest


__all__ = ["ConversationKey", "EventId", "Store", "conversation_key"]


class StaleWriteError(Exception):
    """Someone else saved this conversation since we read it; our write was refused."""


class DuplicateEventError(Exception):
    """This platform event was already processed; the turn was not saved again."""


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes even for timezone-aware columns.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _record(row: Conversation) -> ConversationRecord:
    return ConversationRecord(
        id=row.id,
        key=ConversationKey(row.platform, row.tenant, row.user_id),
        status=row.status,
        state=dict(row.state),
        version=row.version,
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
    )


def _key_filter(model: type[Conversation] | type[SavedNote], key: ConversationKey) -> Any:
    return (
        (model.platform == key.platform)
        & (model.tenant == key.tenant)
        & (model.user_id == key.user)
    )


class Store:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def open_conversation(self, key: ConversationKey) -> ConversationRecord | None:
        """The user's resumable interview (active or cancelled), if any. Called each turn."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(Conversation).where(
                    _key_filter(Conversation, key), Conversation.status.in_(OPEN_STATUSES)
                )
            )
            return _record(row) if row else None

    async def start_conversation(
        self,
        key: ConversationKey,
        state: dict[str, Any],
        *,
        event: EventId | None = None,
        replies: Replies | None = None,
    ) -> ConversationRecord:
        """Begin a new interview, abandoning any open one of the same key in one transaction."""
        now = dt.datetime.now(dt.UTC)
        async with self._sessions() as session:
            try:
                async with session.begin():
                    await session.execute(
                        update(Conversation)
                        .where(
                            _key_filter(Conversation, key),
                            Conversation.status.in_(OPEN_STATUSES),
                        )
                        .values(status=ABANDONED, updated_at=now, version=Conversation.version + 1)
                    )
                    if event is not None:
                        session.add(_processed(event, now, replies, key))
                    row = Conversation(
                        platform=key.platform,
                        tenant=key.tenant,
                        user_id=key.user,
                        status=ACTIVE,
                        state=state,
                        version=1,
                        created_at=now,
                        updated_at=now,
                    )
                    session.add(row)
                    await session.flush()
                    record = _record(row)
            except IntegrityError as error:
                raise _integrity_reason(error, event) from error
            return record

    async def save_conversation(
        self,
        record: ConversationRecord,
        state: dict[str, Any],
        status: str,
        *,
        notes: Sequence[NoteToSave] = (),
        event: EventId | None = None,
        replies: Replies | None = None,
    ) -> ConversationRecord:
        """Save one turn atomically: state, status, notes and the processed event (with
        the turn's `replies`, to resend if the event is redelivered) together.

        Raises `StaleWriteError` if the row changed since `record` was read, and
        `DuplicateEventError` if `event` was already processed; nothing is saved then.
        """
        now = dt.datetime.now(dt.UTC)
        async with self._sessions() as session:
            try:
                async with session.begin():
                    result = await session.execute(
                        update(Conversation)
                        .where(
                            Conversation.id == record.id,
                            Conversation.version == record.version,
                        )
                        .values(
                            state=state, status=status, version=record.version + 1, updated_at=now
                        )
                    )
                    if result.rowcount != 1:  # type: ignore[attr-defined]
                        raise StaleWriteError(f"conversation {record.id} changed")
                    if event is not None:
                        session.add(_processed(event, now, replies, record.key))
                    for note in notes:
                        session.add(_saved_note(record, note, now))
            except IntegrityError as error:
                raise _integrity_reason(error, event) from error
        return ConversationRecord(
            id=record.id,
            key=record.key,
            status=status,
            state=state,
            version=record.version + 1,
            created_at=record.created_at,
            updated_at=now,
        )

    async def claim_event(
        self, event: EventId, replies: Replies | None = None, key: ConversationKey | None = None
    ) -> bool:
        """Record an event that changes no conversation; False if it was seen before."""
        async with self._sessions() as session:
            try:
                async with session.begin():
                    session.add(_processed(event, dt.datetime.now(dt.UTC), replies, key))
            except IntegrityError:
                return False
        return True

    async def event_seen(self, event: EventId) -> bool:
        """Cheap early check for retries; the insert in the turn's transaction decides."""
        async with self._sessions() as session:
            found = await session.scalar(
                select(func.count())
                .select_from(ProcessedEvent)
                .where(
                    ProcessedEvent.platform == event.platform,
                    ProcessedEvent.tenant == event.tenant,
                    ProcessedEvent.event_id == event.event_id,
                )
            )
            return bool(found)

    async def seen_event(self, event: EventId) -> SeenEvent | None:
        """The processed event, or None if it is new: a redelivery resends its replies
        until `mark_answered` says they were sent."""
        async with self._sessions() as session:
            row = await session.get(ProcessedEvent, (event.platform, event.tenant, event.event_id))
            if row is None:
                return None
            return SeenEvent(replies=row.replies, answered=row.answered_at is not None)

    async def pending_replies(self, key: ConversationKey) -> PendingReplies | None:
        """The user's latest saved turn whose replies were never sent, if any."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(ProcessedEvent)
                .where(
                    ProcessedEvent.platform == key.platform,
                    ProcessedEvent.tenant == key.tenant,
                    ProcessedEvent.user_id == key.user,
                    ProcessedEvent.answered_at.is_(None),
                    ProcessedEvent.replies.is_not(None),
                )
                .order_by(ProcessedEvent.processed_at.desc())
                .limit(1)
            )
            if row is None or not row.replies:
                return None
            event = EventId(row.platform, row.tenant, row.event_id)
            return PendingReplies(event=event, replies=row.replies, saved_at=_utc(row.processed_at))

    async def mark_answered(self, event: EventId) -> None:
        """The event's replies were sent; a redelivery from now on is a plain duplicate."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(ProcessedEvent)
                .where(
                    ProcessedEvent.platform == event.platform,
                    ProcessedEvent.tenant == event.tenant,
                    ProcessedEvent.event_id == event.event_id,
                )
                .values(answered_at=dt.datetime.now(dt.UTC), replies=None)
            )

    async def list_notes(self, key: ConversationKey) -> list[SavedNoteRecord]:
        """The user's saved notes, oldest first, numbered from 1 (`thankyou notes`)."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(SavedNote).where(_key_filter(SavedNote, key)).order_by(SavedNote.id)
            )
            return [
                SavedNoteRecord(
                    number=number,
                    interviewer=row.interviewer,
                    company=row.company,
                    role=row.role,
                    tone=row.tone,
                    subject=row.subject,
                    body=row.body,
                    interview_date=row.interview_date,
                    created_at=_utc(row.created_at),
                )
                for number, row in enumerate(rows, start=1)
            ]

    async def delete_user_data(self, key: ConversationKey) -> tuple[int, int]:
        """Delete every conversation, note and scheduled message of this key, and the
        replies kept with their events (the events stay, unattributed, so redeliveries
        stay duplicates); returns (conversations, notes)."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                delete(ScheduledMessage).where(
                    ScheduledMessage.platform == key.platform,
                    ScheduledMessage.tenant == key.tenant,
                    ScheduledMessage.user_id == key.user,
                )
            )
            await session.execute(
                update(ProcessedEvent)
                .where(
                    ProcessedEvent.platform == key.platform,
                    ProcessedEvent.tenant == key.tenant,
                    ProcessedEvent.user_id == key.user,
                )
                .values(replies=None, user_id=None)
            )
            notes = await session.execute(delete(SavedNote).where(_key_filter(SavedNote, key)))
            conversations = await session.execute(
                delete(Conversation).where(_key_filter(Conversation, key))
            )
            return conversations.rowcount, notes.rowcount  # type: ignore[attr-defined]


def _processed(
    event: EventId,
    now: dt.datetime,
    replies: Replies | None = None,
    key: ConversationKey | None = None,
) -> ProcessedEvent:
    return ProcessedEvent(
        platform=event.platform,
        tenant=event.tenant,
        event_id=event.event_id,
        processed_at=now,
        replies=replies,
        user_id=key.user if key is not None else None,
    )


def _saved_note(record: ConversationRecord, note: NoteToSave, now: dt.datetime) -> SavedNote:
    return SavedNote(
        platform=record.key.platform,
        tenant=record.key.tenant,
        user_id=record.key.user,
        conversation_id=record.id,
        interviewer=note.interviewer,
        company=note.company,
        role=note.role,
        tone=note.tone,
        subject=note.subject,
        body=note.body,
        interview_date=note.interview_date,
        created_at=now,
    )


def _integrity_reason(error: IntegrityError, event: EventId | None) -> Exception:
    """Tell a duplicate event from a lost race for the one-open-interview index."""
    message = str(error.orig).lower()
    if event is not None and "processed_events" in message:
        return DuplicateEventError(event.event_id)
    return StaleWriteError(str(error.orig))
