"""Persistence of conversations, saved notes and processed platform events.

Called only by `bot.service.ConversationService` (and the CLI for `notes`). Every method
that touches a user's data takes a `ConversationKey`, so no query can forget the tenant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import (
    ABANDONED,
    ACTIVE,
    CANCELLED,
    DONE,
    OPEN_STATUSES,
    PENDING_STATUSES,
    Conversation,
    ProcessedEvent,
    SavedNoteRow,
    ScheduledMessage,
)
from bot.store.schedule import Schedule, add_scheduled
from dialogs.messages import ConversationKey, EventId


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
class SavedNote:
    """A note as the store keeps it: saved at `done` (the store sets `number` and
    `created_at`, which are 0 and None until then), listed back by `notes`."""

    interviewer: str
    company: str
    role: str
    tone: str
    subject: str
    body: str
    interview_date: dt.date | None
    number: int = 0  # 1-based position in the user's list, oldest first
    created_at: dt.datetime | None = None
    conversation_id: int | None = None  # the interview it was written for


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


class StaleWriteError(Exception):
    """Someone else saved this conversation since we read it; our write was refused."""


class DuplicateEventError(Exception):
    """This platform event was already processed; the turn was not saved again."""


@dataclass(frozen=True)
class NewScheduled:
    """A message a turn schedules (bot/store/schedule.py keeps and claims them)."""

    kind: str
    due_at: dt.datetime
    payload: dict[str, Any]
    idempotency_key: str


@dataclass(frozen=True)
class TurnRead:
    """What a turn needs to know before it runs, read in one go (`Store.read_turn`)."""

    seen: SeenEvent | None  # the event was processed before (then nothing else is read)
    record: ConversationRecord | None  # the user's open interview
    pending: PendingReplies | None  # their latest turn's replies, if never sent


def status_of(state: dict[str, Any]) -> str:
    """The status column of a conversation: its state's, kept beside it so the open
    interview of a user can be found (and kept unique) by an index."""
    return str(state.get("status", ACTIVE))


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes even for timezone-aware columns.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _record(row: Any) -> ConversationRecord:
    """A conversation row (an ORM object or a Core row) as a record."""
    return ConversationRecord(
        id=row.id,
        key=ConversationKey(row.platform, row.tenant, row.user_id),
        status=row.status,
        state=dict(row.state),
        version=row.version,
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
    )


def _key_filter(model: type[Conversation] | type[SavedNoteRow], key: ConversationKey) -> Any:
    return (
        (model.platform == key.platform)
        & (model.tenant == key.tenant)
        & (model.user_id == key.user)
    )


class Store:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        # The scheduled messages (reminders, "did you hear back?") in the same database.
        self.schedule = Schedule(sessions)

    async def read_turn(
        self, key: ConversationKey, event: EventId | None, *, pending: bool
    ) -> TurnRead:
        """Everything a turn reads, on one connection: whether `event` was seen, the
        open interview and (with `pending`) replies of the user's that were never sent.
        Plain Core statements: no ORM objects are loaded for a turn."""
        async with self._sessions() as session:
            if event is not None:
                seen = (
                    await session.execute(
                        select(ProcessedEvent.replies, ProcessedEvent.answered_at).where(
                            ProcessedEvent.platform == event.platform,
                            ProcessedEvent.tenant == event.tenant,
                            ProcessedEvent.event_id == event.event_id,
                        )
                    )
                ).first()
                if seen is not None:
                    return TurnRead(
                        SeenEvent(seen.replies, seen.answered_at is not None), None, None
                    )
            table = Conversation.__table__
            row = (
                await session.execute(
                    select(table).where(
                        _key_filter(Conversation, key), Conversation.status.in_(OPEN_STATUSES)
                    )
                )
            ).first()
            record = _record(row) if row is not None else None
            unsent = await self._pending_replies(session, key) if pending else None
            return TurnRead(None, record, unsent)

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
                        status=status_of(state),
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
        *,
        notes: Sequence[SavedNote] = (),
        event: EventId | None = None,
        replies: Replies | None = None,
        scheduled: Sequence[NewScheduled] = (),
        cancel: Collection[str] = (),
    ) -> ConversationRecord:
        """Save one turn atomically: state, status, notes and the processed event (with
        the turn's `replies`, to resend if the event is redelivered) together, with the
        messages the turn `scheduled` and the scheduled messages of this interview whose
        kinds it asked to `cancel`.

        Raises `StaleWriteError` if the row changed since `record` was read, and
        `DuplicateEventError` if `event` was already processed; nothing is saved then.
        """
        now = dt.datetime.now(dt.UTC)
        status = status_of(state)
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
                    if cancel:
                        await _cancel_scheduled(session, record, cancel, now)
                    for message in scheduled:
                        await add_scheduled(
                            session,
                            record.key,
                            message.kind,
                            message.due_at,
                            {**message.payload, "conversation_id": record.id},
                            idempotency_key=message.idempotency_key,
                            now=now,
                        )
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

    async def conversation_of(
        self, key: ConversationKey, conversation_id: int
    ) -> ConversationRecord | None:
        """One of the user's interviews, whatever its status (None if not theirs)."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(Conversation.__table__).where(
                        _key_filter(Conversation, key), Conversation.id == conversation_id
                    )
                )
            ).first()
            return _record(row) if row is not None else None

    async def latest_finished(self, key: ConversationKey) -> ConversationRecord | None:
        """The user's most recently finished interview (its follow-through may be waiting
        for a typed answer)."""
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(Conversation.__table__)
                    .where(_key_filter(Conversation, key), Conversation.status == DONE)
                    .order_by(Conversation.id.desc())
                    .limit(1)
                )
            ).first()
            return _record(row) if row is not None else None

    async def conversation_of_scheduled(self, key: ConversationKey, message_id: int) -> int | None:
        """The interview a scheduled message of this user's belongs to."""
        async with self._sessions() as session:
            payload = await session.scalar(
                select(ScheduledMessage.payload).where(
                    ScheduledMessage.id == message_id,
                    ScheduledMessage.platform == key.platform,
                    ScheduledMessage.tenant == key.tenant,
                    ScheduledMessage.user_id == key.user,
                )
            )
            found = (payload or {}).get("conversation_id")
            return found if isinstance(found, int) else None

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
            return await self._pending_replies(session, key)

    async def _pending_replies(
        self, session: AsyncSession, key: ConversationKey
    ) -> PendingReplies | None:
        row = (
            await session.execute(
                select(
                    ProcessedEvent.platform,
                    ProcessedEvent.tenant,
                    ProcessedEvent.event_id,
                    ProcessedEvent.replies,
                    ProcessedEvent.processed_at,
                )
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
        ).first()
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

    async def list_notes(self, key: ConversationKey) -> list[SavedNote]:
        """The user's saved notes, oldest first, numbered from 1 (`thankyou notes`)."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(SavedNoteRow).where(_key_filter(SavedNoteRow, key)).order_by(SavedNoteRow.id)
            )
            return [
                SavedNote(
                    number=number,
                    interviewer=row.interviewer,
                    company=row.company,
                    role=row.role,
                    tone=row.tone,
                    subject=row.subject,
                    body=row.body,
                    interview_date=row.interview_date,
                    created_at=_utc(row.created_at),
                    conversation_id=row.conversation_id,
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
            notes = await session.execute(
                delete(SavedNoteRow).where(_key_filter(SavedNoteRow, key))
            )
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


async def _cancel_scheduled(
    session: AsyncSession, record: ConversationRecord, kinds: Collection[str], now: dt.datetime
) -> None:
    """Cancel the interview's scheduled messages of `kinds` not sent yet."""
    key = record.key
    rows = await session.execute(
        select(ScheduledMessage.id, ScheduledMessage.payload).where(
            ScheduledMessage.platform == key.platform,
            ScheduledMessage.tenant == key.tenant,
            ScheduledMessage.user_id == key.user,
            ScheduledMessage.status.in_(PENDING_STATUSES),
            ScheduledMessage.kind.in_(list(kinds)),
        )
    )
    ids = [row.id for row in rows if (row.payload or {}).get("conversation_id") == record.id]
    if ids:
        await session.execute(
            update(ScheduledMessage)
            .where(ScheduledMessage.id.in_(ids), ScheduledMessage.status.in_(PENDING_STATUSES))
            .values(status=CANCELLED, finished_at=now, lease_until=None)
        )


def _saved_note(record: ConversationRecord, note: SavedNote, now: dt.datetime) -> SavedNoteRow:
    return SavedNoteRow(
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
