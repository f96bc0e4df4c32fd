"""Scheduled messages: what the bot will send a user later, and the claim on each.

A turn that asks for a message later (`Remind me`, a date to hear back by) adds the row
in its own transaction with `add_scheduled(connection, ...)` (a synchronous connection:
the store runs a turn's writes as one operation, bot/store/runner.py); anything else uses
`Schedule.schedule`, its own transaction. The scheduler (bot/reminders/scheduler.py)
then, every few seconds:

1. `claim_due(now, worker=...)`: in one transaction, picks due rows (`scheduled` and
   `due_at <= now`, or `claimed` with a lease that ran out: the scheduler that held them
   died) and marks them `claimed` by this worker until `now + lease`, counting an attempt.
   On PostgreSQL the pick is `SELECT ... FOR UPDATE SKIP LOCKED`, so replicas polling at
   once take disjoint rows without waiting for each other; the UPDATE repeats the
   conditions, so a row is claimed by one worker whatever the database. On SQLite one
   process is the rule (the claim is still correct, just not concurrent).
2. sends each claimed row, then records the outcome in one statement: `mark_sent`,
   `mark_retry` (back to `scheduled` at a later time, the error kept) or `mark_failed`.
   Each names the claim (worker and attempt), so a worker whose lease ran out and whose
   row was claimed again cannot overwrite the newer claim's outcome.

Guarantee: at least once. A row is marked sent only after the platform accepted it; a
crash after the claim and before the mark leaves the row claimed, and it is claimed and
sent again when its lease runs out. The platform sender gets the row's idempotency key
to recognise a message it already posted (Slack: message metadata, see
adapters/slack/proactive.py); where the platform offers nothing (Teams), a crash in the
milliseconds between the platform's answer and the mark sends the message twice.

Every function that reads or changes one user's rows takes their `ConversationKey`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, false, func, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import (
    CANCELLED,
    CLAIMED,
    FAILED,
    FINISHED_STATUSES,
    PENDING_STATUSES,
    SCHEDULED,
    SCHEDULED_KINDS,
    SENT,
    ScheduledMessage,
)
from dialogs.messages import ConversationKey

MAX_ERROR_CHARS = 500
MAX_KEY_CHARS = 200
DEFAULT_LEASE = dt.timedelta(minutes=5)
DEFAULT_BATCH = 20


@dataclass(frozen=True)
class ScheduledRecord:
    """A scheduled message as stored."""

    id: int
    key: ConversationKey
    kind: str
    due_at: dt.datetime
    payload: dict[str, Any]
    note_id: int | None
    status: str
    attempts: int
    last_error: str | None
    idempotency_key: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


@dataclass(frozen=True)
class Claim:
    """A row claimed by one worker for one attempt: what to send, and whose claim it is.
    `attempt` is 1 for the first try; more than 1 means an earlier try may have reached
    the platform (its outcome was never recorded, or it asked to retry)."""

    record: ScheduledRecord
    worker: str
    attempt: int
    lease_until: dt.datetime

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def key(self) -> ConversationKey:
        return self.record.key

    @property
    def kind(self) -> str:
        return self.record.kind

    @property
    def payload(self) -> dict[str, Any]:
        return self.record.payload

    @property
    def idempotency_key(self) -> str:
        return self.record.idempotency_key


@dataclass(frozen=True)
class Claimed:
    """What one `claim_due` did: the claims to send, and rows it failed instead because
    their last attempt's lease ran out (the scheduler died `max_attempts` times)."""

    claims: list[Claim]
    exhausted: list[ScheduledRecord]


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes even for timezone-aware columns.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _aware(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware (UTC)")
    return value.astimezone(dt.UTC)


def _record(row: ScheduledMessage) -> ScheduledRecord:
    return ScheduledRecord(
        id=row.id,
        key=ConversationKey(row.platform, row.tenant, row.user_id),
        kind=row.kind,
        due_at=_utc(row.due_at),
        payload=dict(row.payload),
        note_id=row.note_id,
        status=row.status,
        attempts=row.attempts,
        last_error=row.last_error,
        idempotency_key=row.idempotency_key,
        created_at=_utc(row.created_at),
        finished_at=_utc(row.finished_at) if row.finished_at else None,
    )


def _key_filter(key: ConversationKey) -> Any:
    return (
        (ScheduledMessage.platform == key.platform)
        & (ScheduledMessage.tenant == key.tenant)
        & (ScheduledMessage.user_id == key.user)
    )


def _error(text: str) -> str:
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def new_idempotency_key(kind: str) -> str:
    return f"{kind}:{uuid.uuid4().hex}"


def add_scheduled(
    connection: Connection,
    key: ConversationKey,
    kind: str,
    due_at: dt.datetime,
    payload: Mapping[str, Any],
    *,
    note_id: int | None = None,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Schedule a message inside the caller's transaction (the turn that asked for it);
    returns its id. With an `idempotency_key` already used (a redelivered turn), nothing
    is added and the existing row's id is returned, the transaction left intact."""
    if kind not in SCHEDULED_KINDS:
        raise ValueError(f"kind must be one of {', '.join(SCHEDULED_KINDS)}, not {kind!r}")
    idempotency_key = idempotency_key or new_idempotency_key(kind)
    if len(idempotency_key) > MAX_KEY_CHARS:
        raise ValueError(f"idempotency key over {MAX_KEY_CHARS} characters")
    values = {
        "platform": key.platform,
        "tenant": key.tenant,
        "user_id": key.user,
        "kind": kind,
        "due_at": _aware(due_at, "due_at"),
        "payload": dict(payload),
        "note_id": note_id,
        "status": SCHEDULED,
        "attempts": 0,
        "idempotency_key": idempotency_key,
        "created_at": _aware(now, "now") if now else dt.datetime.now(dt.UTC),
    }
    # INSERT ... ON CONFLICT DO NOTHING: a duplicate key must not abort the turn's
    # transaction, as a failed plain INSERT would on PostgreSQL.
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(ScheduledMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(ScheduledMessage.id)
    )
    added = connection.scalar(statement)
    if added is not None:
        return int(added)
    existing = connection.scalar(
        select(ScheduledMessage.id).where(ScheduledMessage.idempotency_key == idempotency_key)
    )
    if existing is None:  # deleted between the two statements: schedule it after all
        return add_scheduled(
            connection,
            key,
            kind,
            due_at,
            payload,
            note_id=note_id,
            idempotency_key=idempotency_key,
            now=now,
        )
    return int(existing)


def _held(claim: Claim) -> Any:
    """The row, if `claim` still holds it (same worker, same attempt, still claimed)."""
    return and_(
        ScheduledMessage.id == claim.id,
        ScheduledMessage.status == CLAIMED,
        ScheduledMessage.claimed_by == claim.worker,
        ScheduledMessage.attempts == claim.attempt,
    )


def _claimable(now: dt.datetime) -> Any:
    return or_(
        and_(ScheduledMessage.status == SCHEDULED, ScheduledMessage.due_at <= now),
        and_(ScheduledMessage.status == CLAIMED, ScheduledMessage.lease_until <= now),
    )


def _platform_filter(platforms: Sequence[str] | None) -> Any:
    """Rows of these platforms; a name ending in "." is a prefix ("bf." is every Bot
    Framework channel but Teams)."""
    if platforms is None:
        return true()
    exact = [p for p in platforms if not p.endswith(".")]
    prefixes = [p for p in platforms if p.endswith(".")]
    conditions: list[Any] = [ScheduledMessage.platform.in_(exact)] if exact else []
    conditions += [
        func.substr(ScheduledMessage.platform, 1, len(prefix)) == prefix for prefix in prefixes
    ]
    return or_(*conditions) if conditions else false()


class Schedule:
    """The scheduled messages: scheduling, listing and cancelling for a user, and the
    claims of the scheduler."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    # -- for a user -------------------------------------------------------------------------

    async def schedule(
        self,
        key: ConversationKey,
        kind: str,
        due_at: dt.datetime,
        payload: Mapping[str, Any],
        *,
        note_id: int | None = None,
        idempotency_key: str | None = None,
        now: dt.datetime | None = None,
    ) -> ScheduledRecord:
        """`add_scheduled` in a transaction of its own; returns the row (the existing
        one when `idempotency_key` was used before)."""
        async with self._sessions() as session, session.begin():
            connection = await session.connection()
            added = await connection.run_sync(
                add_scheduled,
                key,
                kind,
                due_at,
                payload,
                note_id=note_id,
                idempotency_key=idempotency_key,
                now=now,
            )
            row = await session.get_one(ScheduledMessage, added)
            return _record(row)

    async def for_user(
        self, key: ConversationKey, *, pending_only: bool = True
    ) -> list[ScheduledRecord]:
        """The user's scheduled messages, soonest first: those still to be sent, or with
        `pending_only` False every one kept (sent, failed and cancelled too)."""
        query = select(ScheduledMessage).where(_key_filter(key))
        if pending_only:
            query = query.where(ScheduledMessage.status.in_(PENDING_STATUSES))
        async with self._sessions() as session:
            rows = await session.scalars(
                query.order_by(ScheduledMessage.due_at, ScheduledMessage.id)
            )
            return [_record(row) for row in rows]

    async def due_for_user(self, key: ConversationKey, now: dt.datetime) -> list[ScheduledRecord]:
        """The user's messages due by `now` and not yet sent: what the terminal shows
        when it starts, having no way to send them itself."""
        now = _aware(now, "now")
        async with self._sessions() as session:
            rows = await session.scalars(
                select(ScheduledMessage)
                .where(
                    _key_filter(key),
                    ScheduledMessage.status == SCHEDULED,
                    ScheduledMessage.due_at <= now,
                )
                .order_by(ScheduledMessage.due_at, ScheduledMessage.id)
            )
            return [_record(row) for row in rows]

    async def mark_shown(
        self, key: ConversationKey, message_ids: Sequence[int], now: dt.datetime
    ) -> int:
        """The terminal showed these due messages (`thankyou chat` at start, `thankyou
        reminders --due`): they count as sent. Returns how many were still to be sent."""
        if not message_ids:
            return 0
        now = _aware(now, "now")
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(ScheduledMessage)
                .where(
                    _key_filter(key),
                    ScheduledMessage.id.in_(list(message_ids)),
                    ScheduledMessage.status == SCHEDULED,
                )
                .values(status=SENT, finished_at=now, attempts=ScheduledMessage.attempts + 1)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    async def cancel(
        self, key: ConversationKey, message_id: int, now: dt.datetime | None = None
    ) -> bool:
        """Cancel one of the user's messages still to be sent; False if there is none
        (another user's id, or already sent). A message being sent at this moment is
        cancelled too: its sender's outcome is then not recorded."""
        return bool(await self._cancel(key, ScheduledMessage.id == message_id, now))

    async def cancel_all(
        self,
        key: ConversationKey,
        *,
        note_id: int | None = None,
        kinds: Sequence[str] | None = None,
        now: dt.datetime | None = None,
    ) -> int:
        """Cancel the user's messages still to be sent (only those about `note_id`, or
        of `kinds`, when given): `Stop asking`. Returns how many."""
        condition: Any = true()
        if note_id is not None:
            condition = and_(condition, ScheduledMessage.note_id == note_id)
        if kinds is not None:
            condition = and_(condition, ScheduledMessage.kind.in_(list(kinds)))
        return await self._cancel(key, condition, now)

    async def _cancel(self, key: ConversationKey, condition: Any, now: dt.datetime | None) -> int:
        now = _aware(now, "now") if now else dt.datetime.now(dt.UTC)
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(ScheduledMessage)
                .where(
                    _key_filter(key),
                    ScheduledMessage.status.in_(PENDING_STATUSES),
                    condition,
                )
                .values(status=CANCELLED, finished_at=now, lease_until=None)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    async def delete_for_user(self, key: ConversationKey) -> int:
        """Delete every scheduled message of the user (delete my data also does this, in
        bot/store/conversations.py)."""
        async with self._sessions() as session, session.begin():
            result = await session.execute(delete(ScheduledMessage).where(_key_filter(key)))
            return int(result.rowcount)  # type: ignore[attr-defined]

    # -- for the scheduler ------------------------------------------------------------------

    async def claim_due(
        self,
        now: dt.datetime,
        *,
        worker: str,
        lease: dt.timedelta = DEFAULT_LEASE,
        limit: int = DEFAULT_BATCH,
        max_attempts: int = 5,
        platforms: Sequence[str] | None = None,
    ) -> Claimed:
        """Claim up to `limit` due rows for `worker` until `now + lease` (see the module
        docstring), soonest first, counting an attempt on each. A row whose lease ran out
        after its `max_attempts`-th attempt is marked failed instead. Only rows of
        `platforms` (None: all) are taken: a server delivers to the platforms it mounts."""
        now = _aware(now, "now")
        lease_until = now + lease
        async with self._sessions() as session, session.begin():
            picked = (
                await session.execute(
                    select(ScheduledMessage.id, ScheduledMessage.attempts)
                    .where(_claimable(now), _platform_filter(platforms))
                    .order_by(ScheduledMessage.due_at, ScheduledMessage.id)
                    .limit(limit)
                    # PostgreSQL: rows another scheduler is claiming are skipped, not
                    # waited for. SQLite ignores it (one writer at a time anyway).
                    .with_for_update(skip_locked=True)
                )
            ).all()
            exhausted_ids = [row.id for row in picked if row.attempts >= max_attempts]
            claim_ids = [row.id for row in picked if row.attempts < max_attempts]
            exhausted: list[ScheduledRecord] = []
            if exhausted_ids:
                rows = await session.scalars(
                    update(ScheduledMessage)
                    .where(ScheduledMessage.id.in_(exhausted_ids), _claimable(now))
                    .values(
                        status=FAILED,
                        finished_at=now,
                        lease_until=None,
                        last_error=_error(
                            f"no outcome recorded after {max_attempts} attempts "
                            "(the scheduler stopped while sending)"
                        ),
                    )
                    .returning(ScheduledMessage)
                )
                exhausted = [_record(row) for row in rows]
            claims: list[Claim] = []
            if claim_ids:
                # The conditions again: whatever the isolation, a row is claimed once.
                rows = await session.scalars(
                    update(ScheduledMessage)
                    .where(ScheduledMessage.id.in_(claim_ids), _claimable(now))
                    .values(
                        status=CLAIMED,
                        claimed_by=worker,
                        claimed_at=now,
                        lease_until=lease_until,
                        attempts=ScheduledMessage.attempts + 1,
                    )
                    .returning(ScheduledMessage)
                )
                claims = [Claim(_record(row), worker, row.attempts, lease_until) for row in rows]
            claims.sort(key=lambda claim: (claim.record.due_at, claim.id))
            return Claimed(claims=claims, exhausted=exhausted)

    async def mark_sent(self, claim: Claim, now: dt.datetime) -> bool:
        """The platform accepted the message. False if the claim was lost meanwhile (the
        user cancelled, or the lease ran out and another worker claimed the row)."""
        return await self._finish(
            claim, status=SENT, finished_at=_aware(now, "now"), last_error=None
        )

    async def mark_retry(self, claim: Claim, error: str, retry_at: dt.datetime) -> bool:
        """Sending failed in a way worth retrying: back to `scheduled`, due at `retry_at`,
        the error kept. False if the claim was lost meanwhile."""
        return await self._finish(
            claim,
            status=SCHEDULED,
            due_at=_aware(retry_at, "retry_at"),
            last_error=_error(error),
            claimed_by=None,
            claimed_at=None,
        )

    async def mark_failed(self, claim: Claim, error: str, now: dt.datetime) -> bool:
        """Sending failed for good (the user is gone, or the last attempt failed)."""
        return await self._finish(
            claim, status=FAILED, finished_at=_aware(now, "now"), last_error=_error(error)
        )

    async def still_claimed(self, claim: Claim) -> bool:
        """Whether the claim still stands: the row was neither deleted (delete my data),
        cancelled, nor taken over by another worker since. Asked just before sending."""
        async with self._sessions() as session:
            found = await session.scalar(select(ScheduledMessage.id).where(_held(claim)))
            return found is not None

    async def release(self, claims: Sequence[Claim], *, tried: bool) -> set[int]:
        """Give claims back unsent (the scheduler is stopping): each row is due again at
        once, for the next poll of any scheduler, instead of after its lease. `tried`: the
        attempt began and may have reached the platform, so it stays counted (the next
        is attempt + 1, which makes Slack's sender look for it first); otherwise it is
        not counted. Returns the ids released (a claim lost meanwhile is not)."""
        released: set[int] = set()
        async with self._sessions() as session, session.begin():
            for claim in claims:
                result = await session.execute(
                    update(ScheduledMessage)
                    .where(_held(claim))
                    .values(
                        status=SCHEDULED,
                        claimed_by=None,
                        claimed_at=None,
                        lease_until=None,
                        attempts=ScheduledMessage.attempts - (0 if tried else 1),
                    )
                )
                if result.rowcount == 1:  # type: ignore[attr-defined]
                    released.add(claim.id)
        return released

    async def _finish(self, claim: Claim, **values: Any) -> bool:
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(ScheduledMessage).where(_held(claim)).values(lease_until=None, **values)
            )
            return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def get(self, message_id: int) -> ScheduledRecord | None:
        """One row by id, whoever's it is: for the scheduler and tests, not for users."""
        async with self._sessions() as session:
            row = await session.get(ScheduledMessage, message_id)
            return _record(row) if row else None


__all__ = [
    "CANCELLED",
    "CLAIMED",
    "FAILED",
    "FINISHED_STATUSES",
    "PENDING_STATUSES",
    "SCHEDULED",
    "SENT",
    "Claim",
    "Claimed",
    "Schedule",
    "ScheduledRecord",
    "add_scheduled",
    "new_idempotency_key",
]
