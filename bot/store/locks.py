"""One user at a time, in every server process: the locks a turn and a scheduled send hold.

- `turn(key)` is held by a user's turn from its read to the mark that its replies went
  out (bot/service.py). Their next message waits for it, whichever process it reaches,
  and then finds the turn answered and is taken as the next answer. Before this lock,
  a second replica reading while the first was still posting the replies took them for
  replies never sent (as after a crash) and sent them again instead of taking the
  message (issue 23).
- `sending(key)` is held, shared, while one of the user's scheduled messages is being
  sent (bot/reminders/scheduler.py: several may go at once), and `deleting(key)` alone
  by the deletion of their data (Store.delete_user_data): it waits for the sends on
  their way, and sends asked for meanwhile wait for it. So "Nothing of yours is left
  here" comes after any reminder already on its way, and none starts after it.

On PostgreSQL the holder takes a session-level advisory lock on a 64-bit hash of the
kind and the key (`pg_advisory_lock`, `pg_advisory_lock_shared` for a send) on a
connection it keeps until the block ends. PostgreSQL queues the requests in the order
they come, whichever process makes them, and a shared request behind a waiting
exclusive one. So a user's turns wait for the lock there, not in a queue of this
process first: a message that arrived here while another turn of theirs held the lock
used to join PostgreSQL's queue only when that turn ended, after a later message that
reached another replica meanwhile (bench/latency.py: 3 of 40 quick second messages
taken out of order on two replicas). Up to WAITING_PER_USER turns of one user wait there
at once (each on a connection); more wait here, so that one user cannot hold every
connection of the pool. On SQLite, one process by rule, the turn lock is an
`asyncio.Lock` per user; the sends lock is a `SharedLock` per user everywhere. A process
that dies loses its connections and PostgreSQL releases their locks at once: the next
holder finds the turn as the dead process left it (saved and never answered, say) and
deals with it as the rule for that case says.

The advisory locks have a pool of asyncpg connections of their own (the URL and
settings of the store's engine): a holder keeps its connection while the platform
answers (a reply, a reminder), and from the statements' pool 20 holders waiting on the
platform would leave no connection for the statements they wait to run. A lock is two
round trips on the driver's connection: `pg_try_advisory_lock(id)`, bounded like any
statement (1.5 s), so that a database that does not answer fails the turn as soon as its
own statements would (a blocking wait would have waited out LOCK_WAIT_S in an outage);
and, when the pool takes the connection back, its reset's `pg_advisory_unlock_all()`.
Only when another holder has the lock comes a third, the wait for it. Anything that goes
wrong closes the connection, which releases whatever it held. Through SQLAlchemy's
AsyncConnection such a lock cost 0.7-1.0 ms of CPU a turn, more than the turn's own
statements (bench/bench_store.py).

Compare-and-set on the interview's version (Store.save_conversation) was the other way
to serialise turns, and it stays as a second guard. It cannot tell a replica still
sending a turn's replies from one that died before sending them; the lock can, because
a dead process holds nothing.

Every wait for another holder is bounded by LOCK_WAIT_S: past it, the would-be holder
gets TimeoutError (an OSError), reported like a database that does not answer
("couldn't save").
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import weakref
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.db import STATEMENT_TIMEOUT_S, postgres_connect_args
from dialogs.messages import ConversationKey

log = logging.getLogger(__name__)

LOCK_WAIT_S = 10.0  # Slack retries a request after 3 s, the Bot Connector waits 15 s
LOCK_CONNECTIONS = 16  # advisory locks held or asked for at once by one process
WAITING_PER_USER = 4  # turns of one user asking PostgreSQL at once, from one process
TURN = "turn"
SENDS = "sends"


class LockUnavailable(OSError):
    """The database could not take or keep a user's lock (an OSError, as the database's
    other failures are: the turn says "couldn't save")."""


class SharedLock:
    """Held by many at once (`shared`) or by one alone (`exclusive`). An exclusive
    request waits for the shared holders, and shared requests made after it wait for
    it (it is never starved)."""

    def __init__(self) -> None:
        self._changed = asyncio.Condition()
        self._shared = 0
        self._exclusive = False
        self._exclusive_waiting = 0

    @contextlib.asynccontextmanager
    async def shared(self) -> AsyncIterator[None]:
        async with self._changed:
            await self._changed.wait_for(
                lambda: not self._exclusive and not self._exclusive_waiting
            )
            self._shared += 1
        try:
            yield
        finally:
            async with self._changed:
                self._shared -= 1
                self._changed.notify_all()

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        async with self._changed:
            self._exclusive_waiting += 1
            try:
                await self._changed.wait_for(lambda: not self._exclusive and not self._shared)
            finally:
                self._exclusive_waiting -= 1
                self._changed.notify_all()  # shared requests held back by this one
            self._exclusive = True
        try:
            yield
        finally:
            async with self._changed:
                self._exclusive = False
                self._changed.notify_all()


def lock_id(kind: str, key: ConversationKey) -> int:
    """The advisory lock of `kind` for `key`: a signed 64-bit hash, the same in every
    process (collisions only make two users wait for each other)."""
    named = "\0".join((kind, key.platform, key.tenant, key.user)).encode()
    return int.from_bytes(hashlib.blake2b(named, digest_size=8).digest(), "big", signed=True)


class UserLocks:
    """The locks of every user, for one database (Store.locks)."""

    def __init__(self, engine: AsyncEngine | None = None) -> None:
        self._turns: weakref.WeakValueDictionary[ConversationKey, asyncio.Semaphore] = (
            weakref.WeakValueDictionary()
        )
        self._sends: weakref.WeakValueDictionary[ConversationKey, SharedLock] = (
            weakref.WeakValueDictionary()
        )
        self._engine = engine if engine is not None and _shared(engine) else None
        self._pool: Any = None  # an asyncpg pool, opened at the first lock
        self._opening = asyncio.Lock()
        if self._engine is not None:
            event.listen(self._engine.sync_engine, "engine_disposed", self._dispose)

    @property
    def across_processes(self) -> bool:
        return self._engine is not None

    def turn(self, key: ConversationKey) -> contextlib.AbstractAsyncContextManager[None]:
        """Hold the user's turn lock for the block."""
        waiting = WAITING_PER_USER if self._engine is not None else 1  # else: the lock
        local = self._turns.setdefault(key, asyncio.Semaphore(waiting))
        return self._hold(local, TURN, key, shared=False)

    def sending(self, key: ConversationKey) -> contextlib.AbstractAsyncContextManager[None]:
        """Hold the user's sends lock, shared with their other sends, for the block."""
        local = self._sends.setdefault(key, SharedLock())
        return self._hold(local.shared(), SENDS, key, shared=True)

    def deleting(self, key: ConversationKey) -> contextlib.AbstractAsyncContextManager[None]:
        """Hold the user's sends lock alone for the block: no send of theirs is on its
        way meanwhile."""
        local = self._sends.setdefault(key, SharedLock())
        return self._hold(local.exclusive(), SENDS, key, shared=False)

    @contextlib.asynccontextmanager
    async def _hold(
        self,
        local: contextlib.AbstractAsyncContextManager[Any],
        kind: str,
        key: ConversationKey,
        *,
        shared: bool,
    ) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as held:
            async with asyncio.timeout(LOCK_WAIT_S):
                await held.enter_async_context(local)
                if self._engine is not None:
                    lock = lock_id(kind, key)
                    await held.enter_async_context(self._advisory(lock, shared=shared))
            yield

    @contextlib.asynccontextmanager
    async def _advisory(self, lock: int, *, shared: bool) -> AsyncIterator[None]:
        pool = await self._open_pool()
        connection = await self._locked_connection(pool, lock, shared)
        try:
            yield
        finally:
            # The pool's reset unlocks (`pg_advisory_unlock_all`, one round trip). One
            # that fails or takes longer than a statement may closes the connection,
            # which releases the lock as surely; the holder's work is done either way.
            try:
                await pool.release(connection, timeout=STATEMENT_TIMEOUT_S)
            except _driver_errors() as error:
                log.warning("a user lock's connection was closed on release: %r", error)

    async def _locked_connection(self, pool: Any, lock: int, shared: bool) -> Any:
        """A connection of the pool whose session holds `lock`. First a try, bounded like
        any statement, so that a database that does not answer fails the turn as soon as
        its own statements would; only when another holder has it, a wait for it, in
        PostgreSQL's queue (bounded by LOCK_WAIT_S). A connection found dead (the
        database restarted) is replaced once, as the turn's read does."""
        mode = "_shared" if shared else ""
        for attempt in (1, 2):
            connection = await pool.acquire()
            try:
                if not await connection.fetchval(
                    f"SELECT pg_try_advisory_lock{mode}($1)", lock, timeout=STATEMENT_TIMEOUT_S
                ):
                    await connection.execute(
                        f"SELECT pg_advisory_lock{mode}($1)", lock, timeout=LOCK_WAIT_S
                    )
            except BaseException as error:
                await _discard(pool, connection)
                if not isinstance(error, _driver_errors()):
                    raise
                if attempt == 2 or not _disconnected(error):
                    raise LockUnavailable(f"user lock: {type(error).__name__}") from error
                continue
            return connection
        raise AssertionError("unreachable")

    async def _open_pool(self) -> Any:
        async with self._opening:
            if self._pool is None:
                import asyncpg  # here: a SQLite user's start-up need not load it (~80 ms)

                assert self._engine is not None
                url = self._engine.url
                _, params = self._engine.dialect.create_connect_args(url)
                params.update(postgres_connect_args(url, statement_timeout=STATEMENT_TIMEOUT_S))
                self._pool = await asyncpg.create_pool(
                    **params, min_size=0, max_size=LOCK_CONNECTIONS
                )
            return self._pool

    def _dispose(self, _engine: Engine) -> None:
        # With the store's engine (the app's shutdown, a test's end). Nothing holds a
        # lock by then; closing the connections releases any left.
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None


def _driver_errors() -> tuple[type[BaseException], ...]:
    """What asyncpg raises for a database that fails or goes away (timeouts are
    OSErrors); asked only where a lock pool exists, so asyncpg is loaded by then."""
    import asyncpg

    return (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)


async def _discard(pool: Any, connection: Any) -> None:
    """Close a connection whose state is not known (the lock granted just as its wait
    was cancelled?), so that the server holds nothing for it, and give it back (the pool
    opens another). One the pool already took back, lost with its server, is left be."""
    import asyncpg

    with contextlib.suppress(asyncpg.InterfaceError):
        connection.terminate()
    with contextlib.suppress(asyncpg.InterfaceError):
        await pool.release(connection)


def _disconnected(error: BaseException) -> bool:
    import asyncpg

    return isinstance(error, asyncpg.ConnectionDoesNotExistError | ConnectionError)


def _shared(engine: AsyncEngine) -> bool:
    """Whether other processes may use this database at once."""
    return engine.dialect.name == "postgresql"
