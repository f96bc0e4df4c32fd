"""Persistence of conversations, saved notes and processed platform events.

Called only by `bot.service.ConversationService` (and the CLI for `notes`). Every method
that touches a user's data takes a `ConversationKey`, so no query can forget the tenant.
Its statements are built once, in bot/store/statements.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    delete,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.store.direct import NothingChanged, Step
from bot.store.group_writes import GroupWrites
from bot.store.keys import key_params, of_key
from bot.store.locks import UserLocks
from bot.store.models import (
    ACTIVE,
    CANCELLED,
    PENDING_STATUSES,
    ScheduledMessage,
)
from bot.store.references import TeamsReferences
from bot.store.runner import runner_for
from bot.store.schedule import Schedule, add_scheduled
from bot.store.statements import (
    ABANDON_OPEN,
    CONVERSATIONS,
    EVENTS,
    INSERT_CONVERSATION,
    INSERT_EVENT,
    INSERT_NOTE,
    MARK_ANSWERED,
    NOTES,
    READ_TURN,
    READ_TURN_AND_UNSENT,
    SAVE_TURN,
    SCHEDULED,
    SELECT_EVENT,
    SELECT_LATEST_DONE,
    SELECT_LATEST_NOTES,
    SELECT_NOTES,
    SELECT_ONE,
    SELECT_OPEN,
    SELECT_SCHEDULED_PAYLOAD,
    SELECT_UNSENT,
    UPDATE_STATE,
    event_params,
)
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
    # When the user sent the last message taken into it, by the platform's clock.
    last_message_at: dt.datetime | None = None


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
    recipient: str | None = None  # the interviewer's address: the drafts' "To"


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
    # When the user sent the last message taken into any of their interviews, by the
    # platform's clock (None: none known): a message sent before it came too late.
    last_taken_at: dt.datetime | None = None


def status_of(state: dict[str, Any]) -> str:
    """The status column of a conversation: its state's, kept beside it so the open
    interview of a user can be found (and kept unique) by an index."""
    return str(state.get("status", ACTIVE))


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes even for timezone-aware columns.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _record(row: Mapping[Any, Any]) -> ConversationRecord:
    """A conversation row as a record."""
    return ConversationRecord(
        id=row["id"],
        key=ConversationKey(row["platform"], row["tenant"], row["user_id"]),
        status=row["status"],
        state=dict(row["state"]),
        version=row["version"],
        created_at=_utc(row["created_at"]),
        updated_at=_utc(row["updated_at"]),
        last_message_at=_utc_or_none(row["last_message_at"]),
    )


def _utc_or_none(value: dt.datetime | None) -> dt.datetime | None:
    return _utc(value) if value is not None else None


class Store:
    """Interviews, saved notes and processed events, read and written with the Core
    statements above. Each method runs one operation (a function of a synchronous
    connection, below) in one step on the database's runner (bot/store/runner.py)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._run = runner_for(engine)
        self._one_statement = self._run.dialect == "postgresql"  # see SAVE_TURN
        # The scheduled messages (reminders, "did you hear back?") in the same database.
        self.schedule = Schedule(async_sessionmaker(engine, expire_on_commit=False))
        # What the Teams adapter keeps of each user (bot/store/references.py).
        self.teams_references = TeamsReferences(self._run, self.claim_event)
        # Every turn's last write, written together with the others' (group_writes.py).
        self._answered_marks = GroupWrites(self._run, MARK_ANSWERED)
        # One turn (and one scheduled send) of a user at a time, in every process.
        self.locks = UserLocks(engine)

    @property
    def sync_engine(self) -> Engine:
        """The engine the store's statements run on (for the metrics of its errors)."""
        return self._run.sync_engine

    async def read_turn(
        self, key: ConversationKey, event: EventId | None, *, pending: bool
    ) -> TurnRead:
        """Everything a turn reads, in one statement: whether `event` was seen, the open
        interview and (with `pending`) replies of the user's that were never sent.

        Only this read is retried when a pooled connection turns out to be dead (the
        database restarted): SQLAlchemy then discards the pool's older connections, so
        the retry gets a new one. Checking every connection before use (`pool_pre_ping`)
        cost a round trip per statement group on every turn instead."""
        try:
            return await self._read_turn(key, event, pending)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
            return await self._read_turn(key, event, pending)

    async def _read_turn(
        self, key: ConversationKey, event: EventId | None, pending: bool
    ) -> TurnRead:
        if event is None:  # the terminal: nothing to tell apart from a redelivery
            return await self._run.read(_read_turn_without_event, key, pending)
        statement = READ_TURN_AND_UNSENT if pending else READ_TURN
        params = {**key_params(key), **event_params(event)}
        (row,) = (await self._run.statement(statement, params)).rows
        # A reference deleted by another process (delete my data there) is written
        # again by this one's next `remember`, not an hour later.
        self.teams_references.confirm(key, kept=row["reference_at"] is not None)
        if row["seen_event"] is not None:
            seen = SeenEvent(row["seen_replies"], row["seen_answered_at"] is not None)
            return TurnRead(seen, None, None)
        record = _record(row) if row["id"] is not None else None
        last_taken = _utc_or_none(row["last_taken_at"])
        return TurnRead(None, record, _unsent(row) if pending else None, last_taken)

    async def open_conversation(self, key: ConversationKey) -> ConversationRecord | None:
        """The user's resumable interview (active or cancelled), if any."""
        return await self._conversation(SELECT_OPEN, key_params(key))

    async def conversation_of(
        self, key: ConversationKey, conversation_id: int
    ) -> ConversationRecord | None:
        """One of the user's interviews, whatever its status (None if not theirs)."""
        params = {**key_params(key), "conversation": conversation_id}
        return await self._conversation(SELECT_ONE, params)

    async def latest_finished(self, key: ConversationKey) -> ConversationRecord | None:
        """The user's most recently finished interview (its follow-through may be waiting
        for a typed answer)."""
        return await self._conversation(SELECT_LATEST_DONE, key_params(key))

    async def _conversation(
        self, statement: Any, params: dict[str, Any]
    ) -> ConversationRecord | None:
        row = (await self._run.statement(statement, params)).first()
        return _record(row) if row is not None else None

    async def start_conversation(
        self,
        key: ConversationKey,
        state: dict[str, Any],
        *,
        event: EventId | None = None,
        replies: Replies | None = None,
        sent_at: dt.datetime | None = None,
    ) -> ConversationRecord:
        """Begin a new interview, abandoning any open one of the same key in one
        transaction. `sent_at`: when the user sent the message that began it, by the
        platform's clock."""
        now = dt.datetime.now(dt.UTC)
        status = status_of(state)
        sent_at = _utc_or_none(sent_at)
        try:
            new_id = await self._run.write(
                _start_conversation, key, state, status, event, replies, now, sent_at
            )
        except IntegrityError as error:
            raise _integrity_reason(error, event) from error
        return ConversationRecord(new_id, key, status, dict(state), 1, now, now, sent_at)

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
        sent_at: dt.datetime | None = None,
    ) -> ConversationRecord:
        """Save one turn atomically: state, status, notes and the processed event (with
        the turn's `replies`, to resend if the event is redelivered) together, with the
        messages the turn `scheduled` and the scheduled messages of this interview whose
        kinds it asked to `cancel`; `sent_at`, when the user sent the message taken, by
        the platform's clock (None keeps the one saved).

        Raises `StaleWriteError` if the row changed since `record` was read, and
        `DuplicateEventError` if `event` was already processed; nothing is saved then.
        """
        now = dt.datetime.now(dt.UTC)
        status = status_of(state)
        sent_at = _utc_or_none(sent_at)
        turn = _Turn(record, state, status, now, event, replies, notes, scheduled, cancel, sent_at)
        try:
            if event is not None and not (notes or scheduled or cancel):
                await self._save_state_and_event(turn)
            else:
                await self._run.write(_save_turn, turn)
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
            last_message_at=sent_at or record.last_message_at,
        )

    async def _save_state_and_event(self, turn: _Turn) -> None:
        """A turn's usual write, the new state and the processed event, on the driver's
        connection: one statement on PostgreSQL (SAVE_TURN), a transaction of two on
        SQLite."""
        record = turn.record
        try:
            if self._one_statement:
                saved = await self._run.statement(SAVE_TURN, _save_turn_params(turn))
                if saved.rowcount != 1:
                    raise NothingChanged("SAVE_TURN")
            else:
                assert turn.event is not None
                event = _processed(turn.event, turn.now, turn.replies, record.key)
                state = Step(UPDATE_STATE, _state_params(turn), changes_one_row=True)
                await self._run.steps([state, Step(INSERT_EVENT, event)])
        except NothingChanged:
            raise StaleWriteError(f"conversation {record.id} changed") from None

    async def conversation_of_scheduled(self, key: ConversationKey, message_id: int) -> int | None:
        """The interview a scheduled message of this user's belongs to."""
        found = (await self.scheduled_payload(key, message_id) or {}).get("conversation_id")
        return found if isinstance(found, int) else None

    async def scheduled_payload(
        self, key: ConversationKey, message_id: int
    ) -> dict[str, Any] | None:
        """What a scheduled message of this user's says (its payload, with the interview it
        belongs to): the service reads it when one of its buttons is pressed."""
        params = {**key_params(key), "message": message_id}
        payload = await self._run.read(_scalar, SELECT_SCHEDULED_PAYLOAD, params)
        return payload if isinstance(payload, dict) else None

    async def claim_event(
        self, event: EventId, replies: Replies | None = None, key: ConversationKey | None = None
    ) -> bool:
        """Record an event that changes no conversation; False if it was seen before."""
        row = _processed(event, dt.datetime.now(dt.UTC), replies, key)
        try:
            await self._run.statement(INSERT_EVENT, row)
        except IntegrityError:
            return False
        return True

    async def seen_event(self, event: EventId) -> SeenEvent | None:
        """The processed event, or None if it is new: a redelivery resends its replies
        until `mark_answered` says they were sent."""
        row = (await self._run.statement(SELECT_EVENT, event_params(event))).first()
        if row is None:
            return None
        return SeenEvent(replies=row["replies"], answered=row["answered_at"] is not None)

    async def pending_replies(self, key: ConversationKey) -> PendingReplies | None:
        """The user's latest saved turn whose replies were never sent, if any."""
        return await self._run.read(_pending_replies, key)

    async def mark_answered(self, event: EventId) -> None:
        """The event's replies were sent; a redelivery from now on is a plain duplicate."""
        params = {**event_params(event), "answered_at": dt.datetime.now(dt.UTC), "replies": None}
        await self._answered_marks.write(params)

    async def list_notes(self, key: ConversationKey) -> list[SavedNote]:
        """The user's saved notes, oldest first, numbered from 1 (`thankyou notes`)."""
        return await self._run.read(_list_notes, key)

    async def latest_notes(self, key: ConversationKey, limit: int) -> tuple[int, list[SavedNote]]:
        """How many notes the user has saved, and the latest `limit` of them, newest
        first, numbered as `list_notes` numbers them (the Home tab)."""
        return await self._run.read(_latest_notes, key, limit)

    async def delete_user_data(self, key: ConversationKey) -> tuple[int, int]:
        """Delete every conversation, note and scheduled message of this key, and the
        replies kept with their events (the events stay, unattributed, so redeliveries
        stay duplicates); returns (conversations, notes). First waits for a scheduled
        message of theirs being sent at this moment, in any process (`locks.deleting`):
        nothing reaches them after this returns."""
        async with self.locks.deleting(key):
            return await self._run.write(_delete_user_data, key)


# -- the operations: each a function of a synchronous connection, run by the runner ------


@dataclass(frozen=True)
class _Turn:
    """What `save_conversation` writes."""

    record: ConversationRecord
    state: dict[str, Any]
    status: str
    now: dt.datetime
    event: EventId | None
    replies: Replies | None
    notes: Sequence[SavedNote]
    scheduled: Sequence[NewScheduled]
    cancel: Collection[str]
    sent_at: dt.datetime | None  # the platform's time of the message taken, if known


def _scalar(connection: Connection, statement: Any, params: dict[str, Any]) -> Any:
    return connection.scalar(statement, params)


def _one_conversation(
    connection: Connection, statement: Any, params: dict[str, Any]
) -> ConversationRecord | None:
    row = connection.execute(statement, params).first()
    return _record(row._mapping) if row is not None else None


def _read_turn_without_event(
    connection: Connection, key: ConversationKey, pending: bool
) -> TurnRead:
    record = _one_conversation(connection, SELECT_OPEN, key_params(key))
    return TurnRead(None, record, _pending_replies(connection, key) if pending else None)


def _start_conversation(
    connection: Connection,
    key: ConversationKey,
    state: dict[str, Any],
    status: str,
    event: EventId | None,
    replies: Replies | None,
    now: dt.datetime,
    sent_at: dt.datetime | None,
) -> int:
    connection.execute(ABANDON_OPEN, {**key_params(key), "updated_at": now})
    if event is not None:
        connection.execute(INSERT_EVENT, _processed(event, now, replies, key))
    row = {
        "platform": key.platform,
        "tenant": key.tenant,
        "user_id": key.user,
        "status": status,
        "state": state,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "last_message_at": sent_at,
    }
    return int(connection.execute(INSERT_CONVERSATION, row).scalar_one())


def _save_turn(connection: Connection, turn: _Turn) -> None:
    """`save_conversation` in a transaction: the state, then the rest of the turn."""
    record, now = turn.record, turn.now
    result = connection.execute(UPDATE_STATE, _state_params(turn))
    if result.rowcount != 1:
        raise StaleWriteError(f"conversation {record.id} changed")
    if turn.event is not None:
        connection.execute(INSERT_EVENT, _processed(turn.event, now, turn.replies, record.key))
    if turn.notes:
        connection.execute(INSERT_NOTE, [_saved_note(record, note, now) for note in turn.notes])
    if turn.cancel:
        _cancel_scheduled(connection, record, turn.cancel, now)
    for message in turn.scheduled:
        add_scheduled(
            connection,
            record.key,
            message.kind,
            message.due_at,
            {**message.payload, "conversation_id": record.id},
            idempotency_key=message.idempotency_key,
            now=now,
        )


def _state_params(turn: _Turn) -> dict[str, Any]:
    """UPDATE_STATE's parameters: the turn's new state, if the version read is current
    (and the platform's time of its message, when it has one)."""
    record = turn.record
    params = {
        "conversation": record.id,
        "read_version": record.version,
        "state": turn.state,
        "status": turn.status,
        "version": record.version + 1,
        "updated_at": turn.now,
    }
    if turn.sent_at is not None:
        params["last_message_at"] = turn.sent_at
    return params


def _save_turn_params(turn: _Turn) -> dict[str, Any]:
    """SAVE_TURN's parameters: a turn that only changes the state and has an event."""
    record, event = turn.record, turn.event
    assert event is not None
    state = _state_params(turn)
    return {
        "conversation": state["conversation"],
        "read_version": state["read_version"],
        **{f"new_{name}": state[name] for name in ("state", "status", "version", "updated_at")},
        "new_last_message_at": turn.sent_at,
        **{
            f"event_{name}": value
            for name, value in _processed(event, turn.now, turn.replies, record.key).items()
        },
    }


def _list_notes(connection: Connection, key: ConversationKey) -> list[SavedNote]:
    rows = connection.execute(SELECT_NOTES, key_params(key))
    return [_note_of(row, number) for number, row in enumerate(rows, start=1)]


def _latest_notes(
    connection: Connection, key: ConversationKey, limit: int
) -> tuple[int, list[SavedNote]]:
    rows = connection.execute(SELECT_LATEST_NOTES, {**key_params(key), "limit": limit}).all()
    total = int(rows[0].total) if rows else 0
    return total, [_note_of(row, total - index) for index, row in enumerate(rows)]


def _note_of(row: Any, number: int) -> SavedNote:
    return SavedNote(
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
        recipient=row.recipient,
    )


def _delete_user_data(connection: Connection, key: ConversationKey) -> tuple[int, int]:
    params = key_params(key)
    connection.execute(delete(SCHEDULED).where(of_key(SCHEDULED)), params)
    connection.execute(
        update(EVENTS).where(of_key(EVENTS)).values(replies=None, user_id=None), params
    )
    notes = connection.execute(delete(NOTES).where(of_key(NOTES)), params)
    conversations = connection.execute(delete(CONVERSATIONS).where(of_key(CONVERSATIONS)), params)
    return conversations.rowcount, notes.rowcount


def _pending_replies(connection: Connection, key: ConversationKey) -> PendingReplies | None:
    row = connection.execute(SELECT_UNSENT, key_params(key)).first()
    if row is None or not row.replies:
        return None
    event = EventId(row.platform, row.tenant, row.event_id)
    return PendingReplies(event=event, replies=row.replies, saved_at=_utc(row.processed_at))


def _unsent(row: Mapping[str, Any]) -> PendingReplies | None:
    """The unsent replies in a row of READ_TURN_AND_UNSENT, if any."""
    if row["unsent_event_id"] is None or not row["unsent_replies"]:
        return None
    event = EventId(row["unsent_platform"], row["unsent_tenant"], row["unsent_event_id"])
    return PendingReplies(event, row["unsent_replies"], _utc(row["unsent_processed_at"]))


def _processed(
    event: EventId,
    now: dt.datetime,
    replies: Replies | None = None,
    key: ConversationKey | None = None,
) -> dict[str, Any]:
    """The row of a processed event (INSERT_EVENT's parameters)."""
    return {
        "platform": event.platform,
        "tenant": event.tenant,
        "event_id": event.event_id,
        "processed_at": now,
        "replies": replies,
        "user_id": key.user if key is not None else None,
    }


def _cancel_scheduled(
    connection: Connection,
    record: ConversationRecord,
    kinds: Collection[str],
    now: dt.datetime,
) -> None:
    """Cancel the interview's scheduled messages of `kinds` not sent yet."""
    key = record.key
    rows = connection.execute(
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
        connection.execute(
            update(ScheduledMessage)
            .where(ScheduledMessage.id.in_(ids), ScheduledMessage.status.in_(PENDING_STATUSES))
            .values(status=CANCELLED, finished_at=now, lease_until=None)
        )


def _saved_note(record: ConversationRecord, note: SavedNote, now: dt.datetime) -> dict[str, Any]:
    """The row of a saved note (INSERT_NOTE's parameters)."""
    return {
        "platform": record.key.platform,
        "tenant": record.key.tenant,
        "user_id": record.key.user,
        "conversation_id": record.id,
        "interviewer": note.interviewer,
        "company": note.company,
        "role": note.role,
        "tone": note.tone,
        "subject": note.subject,
        "body": note.body,
        "interview_date": note.interview_date,
        "created_at": now,
        "recipient": note.recipient,
    }


def _integrity_reason(error: IntegrityError, event: EventId | None) -> Exception:
    """Tell a duplicate event from a lost race for the one-open-interview index."""
    message = str(error.orig).lower()
    if event is not None and "processed_events" in message:
        return DuplicateEventError(event.event_id)
    return StaleWriteError(str(error.orig))
