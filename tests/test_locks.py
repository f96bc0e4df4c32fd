"""The users' locks (bot/store/locks.py): one turn of a user at a time in every process on
the database, sends of a user shared and their deletion alone, a dead process's locks
released at once, and every wait bounded."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import locks
from bot.store.db import UNAVAILABLE, create_engine
from bot.store.locks import SharedLock, UserLocks, lock_id
from dialogs.messages import conversation_key

ALICE = conversation_key("slack", "T1", "U1")
BOB = conversation_key("slack", "T1", "U2")


async def lock_waiters(database_url: str) -> int:
    """Advisory locks asked for and not granted in this test's database."""
    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(False)
    connection = await asyncpg.connect(dsn)
    try:
        return int(
            await connection.fetchval(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                " WHERE l.locktype = 'advisory' AND NOT l.granted"
                " AND d.datname = current_database()"
            )
        )
    finally:
        await connection.close()


async def until_waiting(database_url: str) -> None:
    """Until some process waits for an advisory lock (polling PostgreSQL's view)."""
    for _ in range(1000):
        if await lock_waiters(database_url):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("nobody waited for the lock")


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_users_turn_waits_for_their_turn_in_another_process(
    engine: AsyncEngine, database_url: str
) -> None:
    other_engine = create_engine(database_url)
    try:
        here, there = UserLocks(engine), UserLocks(other_engine)
        assert here.across_processes and there.across_processes
        order: list[str] = []

        async def second() -> None:
            async with there.turn(ALICE):
                order.append("second in")

        async with here.turn(ALICE):
            order.append("first in")
            waiting = asyncio.create_task(second())
            await until_waiting(database_url)
            async with there.turn(BOB):  # another user is not held up
                order.append("another user")
            order.append("first out")
        await waiting
        assert order == ["first in", "another user", "first out", "second in"]
    finally:
        await other_engine.dispose()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_dead_process_holds_nothing(engine: AsyncEngine, database_url: str) -> None:
    """The process holding a user's lock dies (its connections close): the next
    holder gets the lock at once, not after a timeout."""
    dying_engine = create_engine(database_url)
    dying = UserLocks(dying_engine)
    held = asyncio.Event()

    async def hold_forever() -> None:
        async with dying.turn(ALICE):
            held.set()
            await asyncio.Event().wait()

    holder = asyncio.create_task(hold_forever())
    await held.wait()
    waiting = asyncio.create_task(UserLocks(engine).turn(ALICE).__aenter__())
    await until_waiting(database_url)
    await dying_engine.dispose()  # the lock pool's connections close with it
    await asyncio.wait_for(waiting, locks.LOCK_WAIT_S / 2)
    holder.cancel()


async def test_sends_share_the_lock_and_the_deletion_takes_it_alone(engine: AsyncEngine) -> None:
    users = UserLocks(engine)
    order: list[str] = []
    both_inside = asyncio.Barrier(2)  # passed only if the two sends hold it at once
    finish = asyncio.Event()

    async def send(name: str) -> None:
        async with users.sending(ALICE):
            await asyncio.wait_for(both_inside.wait(), 5)
            order.append(f"{name} sending")
            await finish.wait()
            order.append(f"{name} sent")

    async def delete(asking: asyncio.Event) -> None:
        asking.set()  # the test resumes once this has asked and is waiting
        async with users.deleting(ALICE):
            order.append("deleted")

    sends = [asyncio.create_task(send("one")), asyncio.create_task(send("two"))]
    asking = asyncio.Event()
    deleting = asyncio.create_task(delete(asking))
    await asking.wait()
    finish.set()
    await asyncio.gather(*sends, deleting)
    # Both sends were in at once (the barrier let them on), and the deletion came last.
    assert sorted(order[:4]) == ["one sending", "one sent", "two sending", "two sent"]
    assert order[4:] == ["deleted"]


async def asked(lock_of: Any, record: list[str], name: str, started: asyncio.Event) -> None:
    """Ask for `lock_of()` and note `name` once in; `started` is set just before the
    asking, so whoever awaits it resumes with this one waiting (or in)."""
    started.set()
    async with lock_of():
        record.append(name)


async def queue_behind_a_holder(
    lock: SharedLock, order: list[str], release: asyncio.Event
) -> tuple[asyncio.Task[None], asyncio.Task[None], asyncio.Task[None]]:
    """A holder in (shared, until `release`), then an exclusive request waiting, then a
    shared one asked after it: (holder, exclusive, later), each noted in `order` once in."""

    async def hold() -> None:
        async with lock.shared():
            order.append("holder")
            await release.wait()

    holder = asyncio.create_task(hold())
    waits = [asyncio.Event(), asyncio.Event()]
    taking = asyncio.create_task(asked(lock.exclusive, order, "exclusive", waits[0]))
    await waits[0].wait()
    later = asyncio.create_task(asked(lock.shared, order, "later", waits[1]))
    await waits[1].wait()
    return holder, taking, later


async def test_a_shared_request_behind_a_waiting_exclusive_one_waits_for_it() -> None:
    order: list[str] = []
    release = asyncio.Event()
    holder, taking, later = await queue_behind_a_holder(SharedLock(), order, release)
    assert order == ["holder"]  # neither got in while the holder holds it
    release.set()
    await asyncio.gather(holder, taking, later)
    assert order == ["holder", "exclusive", "later"]  # the later one did not overtake


async def test_a_cancelled_exclusive_request_lets_shared_ones_through() -> None:
    order: list[str] = []
    release = asyncio.Event()
    holder, taking, later = await queue_behind_a_holder(SharedLock(), order, release)
    taking.cancel()
    with pytest.raises(asyncio.CancelledError):
        await taking
    await asyncio.wait_for(later, 5)  # no longer held back, though the holder still holds
    assert order == ["holder", "later"]
    release.set()
    await holder


async def test_every_wait_is_bounded(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past LOCK_WAIT_S the would-be holder gets TimeoutError, which the turn reports as
    a database that does not answer; the holder is unharmed."""
    monkeypatch.setattr(locks, "LOCK_WAIT_S", 0.2)
    users = UserLocks(engine)
    async with users.turn(ALICE):
        with pytest.raises(TimeoutError) as raised:
            async with users.turn(ALICE):
                pass
        assert isinstance(raised.value, UNAVAILABLE)
    async with users.turn(ALICE):  # free again
        pass


def test_a_lock_id_is_the_same_everywhere_and_differs_by_kind_and_user() -> None:
    assert lock_id("turn", ALICE) == lock_id("turn", conversation_key("slack", "T1", "U1"))
    ids = {lock_id(kind, key) for kind in ("turn", "sends") for key in (ALICE, BOB)}
    assert len(ids) == 4
    assert all(-(2**63) <= found < 2**63 for found in ids)
