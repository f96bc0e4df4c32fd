"""Retention: what is deleted by age, by `thankyou purge` and daily by the server.

- finished and abandoned conversations, and saved notes, older than the retention
  period (`RETENTION_DAYS`, or `--older-than DAYS`); open interviews (active or
  cancelled) are the user's work in progress and are kept;
- Teams conversation references not refreshed in that period (they hold the user's
  name, and are stored again on the user's next message);
- scheduled messages sent, failed or cancelled before that period (those still to be
  sent are kept, unless their note goes: they are deleted with it);
- processed events older than a day, always: they only guard against a platform
  redelivering an event, which happens within minutes, and one is written per turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import (
    ABANDONED,
    DONE,
    FINISHED_STATUSES,
    Conversation,
    ProcessedEvent,
    SavedNoteRow,
    ScheduledMessage,
    TeamsReference,
)

log = logging.getLogger(__name__)

EVENTS_KEPT = dt.timedelta(days=1)
PURGE_INTERVAL_S = 24 * 60 * 60


@dataclass(frozen=True)
class Purged:
    conversations: int = 0
    notes: int = 0
    references: int = 0
    events: int = 0
    scheduled: int = 0


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def purge(
    sessions: async_sessionmaker[AsyncSession],
    older_than_days: int | None,
    now: dt.datetime | None = None,
) -> Purged:
    """Delete by age in one transaction; `older_than_days` None keeps conversations,
    notes, references and scheduled messages and purges only processed events."""
    now = now or _now()
    async with sessions() as session, session.begin():
        events = await session.execute(
            delete(ProcessedEvent).where(ProcessedEvent.processed_at < now - EVENTS_KEPT)
        )
        if older_than_days is None:
            return Purged(events=events.rowcount)  # type: ignore[attr-defined]
        cutoff = now - dt.timedelta(days=older_than_days)
        notes = await session.execute(delete(SavedNoteRow).where(SavedNoteRow.created_at < cutoff))
        conversations = await session.execute(
            delete(Conversation).where(
                Conversation.status.in_((DONE, ABANDONED)), Conversation.updated_at < cutoff
            )
        )
        references = await session.execute(
            delete(TeamsReference).where(TeamsReference.updated_at < cutoff)
        )
        scheduled = await session.execute(
            delete(ScheduledMessage).where(
                ScheduledMessage.status.in_(FINISHED_STATUSES),
                ScheduledMessage.finished_at < cutoff,
            )
        )
        return Purged(
            conversations=conversations.rowcount,  # type: ignore[attr-defined]
            notes=notes.rowcount,  # type: ignore[attr-defined]
            references=references.rowcount,  # type: ignore[attr-defined]
            events=events.rowcount,  # type: ignore[attr-defined]
            scheduled=scheduled.rowcount,  # type: ignore[attr-defined]
        )


class DailyPurge:
    """The server's retention job: a purge at start-up, then one a day. `runs` and
    `wait_runs` let tests wait for a purge instead of guessing when it happened."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        older_than_days: int | None,
        clock: Callable[[], dt.datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._days = older_than_days
        self._clock = clock
        self._changed = asyncio.Condition()
        self.runs = 0
        self.last = Purged()

    async def run_once(self) -> None:
        try:
            self.last = await purge(self._sessions, self._days, self._clock())
        except Exception as error:  # the database is down: try again tomorrow
            log.error("daily purge failed: %s", type(error).__name__)
        else:
            if any(vars(self.last).values()):  # a quiet log when there was nothing to do
                log.info("daily purge: %s", self.last)
        async with self._changed:
            self.runs += 1
            self._changed.notify_all()

    async def wait_runs(self, count: int) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self.runs >= count)

    async def _loop(self) -> None:
        while True:
            await self.run_once()
            await asyncio.sleep(PURGE_INTERVAL_S)  # a schedule, not a synchronisation

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        task = asyncio.create_task(self._loop())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
