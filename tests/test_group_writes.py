"""Writes made together are written together (bot/store/group_writes.py), on SQLite and
PostgreSQL: the "replies sent" marks that end every turn."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import ClauseElement

from bot.store import Store
from bot.store.group_writes import MOST_AT_ONCE, GroupWrites
from bot.store.runner import runner_for
from bot.store.statements import MARK_ANSWERED
from dialogs.messages import EventId


class CountedRunner:
    """The store's real runner, counting the rows of each write it is given (a lone
    write is one statement, a batch one executemany); `failing` makes that many next
    writes fail as a lost database would, without writing."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._runner = runner_for(engine)
        self.batches: list[int] = []
        self.failing = 0

    async def statement(self, statement: ClauseElement, params: Mapping[str, Any]) -> Any:
        await self._count(1)
        return await self._runner.statement(statement, params)

    async def many(self, statement: ClauseElement, many: Sequence[Mapping[str, Any]]) -> None:
        await self._count(len(many))
        await self._runner.many(statement, many)

    async def _count(self, rows: int) -> None:
        self.batches.append(rows)
        if self.failing:
            self.failing -= 1
            await asyncio.sleep(0)  # as a real failure, it comes back through the loop
            raise OperationalError("UPDATE", None, ConnectionResetError("gone"))


def counted_writes(engine: AsyncEngine) -> tuple[CountedRunner, GroupWrites]:
    """The marks' group writes on a counted runner."""
    runner = CountedRunner(engine)
    return runner, GroupWrites(runner, MARK_ANSWERED)


def mark(event: EventId) -> dict[str, Any]:
    return {
        "event_platform": event.platform,
        "event_tenant": event.tenant,
        "event": event.event_id,
        "answered_at": dt.datetime.now(dt.UTC),
        "replies": None,
    }


async def claimed(store: Store, count: int, prefix: str = "Ev") -> list[EventId]:
    events = [EventId("slack", "T1", f"{prefix}{n}") for n in range(count)]
    for event in events:
        assert await store.claim_event(event, [{"text": "a reply"}])
    return events


async def answered(store: Store, event: EventId) -> bool:
    seen = await store.seen_event(event)
    assert seen is not None
    return seen.answered


async def test_marks_made_together_go_in_one_write_and_each_returns_once_written(
    store: Store, engine: AsyncEngine
) -> None:
    events = await claimed(store, 40)
    runner, writes = counted_writes(engine)
    written_when_returned: list[bool] = []

    async def one(event: EventId) -> None:
        await writes.write(mark(event))
        written_when_returned.append(await answered(store, event))

    await asyncio.gather(*(one(event) for event in events))
    assert written_when_returned == [True] * 40
    assert runner.batches == [40]  # 40 statements before
    # A redelivery now is a plain duplicate: nothing is resent.
    assert all([await answered(store, event) for event in events])


async def test_a_lone_mark_is_written_at_once(store: Store, engine: AsyncEngine) -> None:
    events = await claimed(store, 5)
    runner, writes = counted_writes(engine)
    for n, event in enumerate(events):
        await writes.write(mark(event))
        assert await answered(store, event)
        assert not any([await answered(store, later) for later in events[n + 1 :]])
    assert runner.batches == [1] * 5


async def test_many_waiting_marks_go_in_bounded_writes(store: Store, engine: AsyncEngine) -> None:
    events = await claimed(store, 2 * MOST_AT_ONCE + 10)
    runner, writes = counted_writes(engine)
    await asyncio.gather(*(writes.write(mark(event)) for event in events))
    assert sum(runner.batches) == len(events)
    assert max(runner.batches) == MOST_AT_ONCE
    assert all([await answered(store, event) for event in events])


async def test_a_failed_write_fails_each_mark_in_it_and_later_marks_still_go(
    store: Store, engine: AsyncEngine
) -> None:
    first, second = await claimed(store, 6, "A"), await claimed(store, 6, "B")
    runner, writes = counted_writes(engine)
    runner.failing = 1
    outcomes = await asyncio.gather(
        *(writes.write(mark(event)) for event in first), return_exceptions=True
    )
    assert all(isinstance(outcome, OperationalError) for outcome in outcomes)
    assert runner.batches == [6]
    assert not any([await answered(store, event) for event in first])
    # The next turns' marks are not held up by it.
    await asyncio.gather(*(writes.write(mark(event)) for event in second))
    assert all([await answered(store, event) for event in second])


async def test_a_caller_cancelled_while_waiting_does_not_cancel_the_write(
    store: Store, engine: AsyncEngine
) -> None:
    events = await claimed(store, 10)
    runner, writes = counted_writes(engine)
    tasks = [asyncio.create_task(writes.write(mark(event))) for event in events]
    await asyncio.sleep(0)  # every task has queued its mark (one pass of the loop)
    tasks[3].cancel()
    done = await asyncio.gather(*tasks, return_exceptions=True)
    assert isinstance(done[3], asyncio.CancelledError)
    assert [outcome for n, outcome in enumerate(done) if n != 3] == [None] * 9
    # Its row went with the others: the replies were sent, so it is marked.
    assert runner.batches == [10]
    assert all([await answered(store, event) for event in events])


async def test_the_stores_marks_of_many_turns_at_once_are_all_written(store: Store) -> None:
    events = await claimed(store, 30)
    await asyncio.gather(*(store.mark_answered(event) for event in events))
    assert all([await answered(store, event) for event in events])
    # Marking again (a redelivery's turn) is harmless.
    await asyncio.gather(*(store.mark_answered(event) for event in events[:5]))
    assert all([await answered(store, event) for event in events])
