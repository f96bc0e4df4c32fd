"""How the store runs an operation: a plain function of a synchronous SQLAlchemy
`Connection`, run in one step, however many statements it executes.

- PostgreSQL (and an in-memory SQLite database): on the AsyncEngine's pooled connections,
  in one greenlet for the whole operation instead of one per statement.
- A SQLite file: on a synchronous pysqlite engine of its own, in one thread kept for it.
  Through aiosqlite every cursor, execute, fetch, close, commit and rollback was a hop
  to the driver's thread and back: about 16 hops for a turn's read, save and mark, which
  cost 4.3 ms of CPU; as three hops to this thread they cost 1.55 ms (measured here with
  16 users at once). The rest of the app (the scheduler, Teams references, the daily
  purge, Slack's OAuth stores) keeps the AsyncEngine's connection: two connections to
  one file in WAL mode, each waiting for the other's write lock (SQLITE_BUSY_TIMEOUT_MS)
  as the CLI and the server always have. pysqlite begins a transaction only before the
  first write, so no transaction holds a stale snapshot when it comes to write.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import ClauseElement
from sqlalchemy.util import greenlet_spawn

from bot.store.db import POOL_TIMEOUT_S, SQLITE_DRIVER, is_sqlite_file, set_sqlite_pragmas
from bot.store.direct import DirectStatements, Rows, Step

P = ParamSpec("P")
T = TypeVar("T")
Operation = Callable[Concatenate[Connection, P], T]


class Runner:
    """Runs store operations on the AsyncEngine's connections (PostgreSQL, and an
    in-memory SQLite database, which only the AsyncEngine's one connection can see).

    Each operation runs whole, checkout and return of its connection included, in one
    greenlet on the AsyncEngine's synchronous face (`greenlet_spawn`, what `run_sync`
    itself uses): `AsyncConnection` spent three greenlets on every operation (connect,
    run, close), and a turn's three operations cost 1.84 ms of CPU that way against
    1.49 ms (measured here, 16 users at once)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.dialect = engine.dialect.name
        self._engine = engine.sync_engine
        # PostgreSQL: reads, and writes of one statement, without BEGIN and COMMIT (or
        # the ROLLBACK that ends a read): one round trip each instead of three; each
        # statement still sees only committed data.
        postgres = self.dialect == "postgresql"
        self._reads = (
            self._engine.execution_options(isolation_level="AUTOCOMMIT")
            if postgres
            else self._engine
        )
        self._autocommit = postgres
        self._direct = DirectStatements(self._engine)

    @property
    def sync_engine(self) -> Engine:
        """The engine whose errors the metrics count."""
        return self._engine

    async def read(self, operation: Operation[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `operation` to read: it sees committed data and writes nothing."""
        return await greenlet_spawn(_on_connection, self._reads.connect, operation, args, kwargs)

    async def write(self, operation: Operation[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `operation` in a transaction: all of its writes or none."""
        return await greenlet_spawn(_on_connection, self._engine.begin, operation, args, kwargs)

    async def statement(self, statement: ClauseElement, params: Mapping[str, Any]) -> Rows:
        """Run one statement on the driver's connection (bot/store/direct.py), committed
        as it runs: the turn's hot read and writes."""
        return await greenlet_spawn(self._direct.run, statement, params)

    async def steps(self, steps: Sequence[Step]) -> list[Rows]:
        """Run statements in one transaction on the driver's connection (all or none)."""
        return await greenlet_spawn(self._direct.run_steps, steps)

    async def many(self, statement: ClauseElement, many: Sequence[Mapping[str, Any]]) -> None:
        """Run one write for each of `many` in one go on the driver's connection."""
        await greenlet_spawn(self._direct.run_many, statement, many)


def _on_connection(
    opened: Callable[[], AbstractContextManager[Connection]],
    operation: Callable[..., T],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> T:
    """`operation` on a connection `opened` for it (a plain one, or in a transaction),
    returned to the pool (or committed) when it ends."""
    with opened() as connection:
        return operation(connection, *args, **kwargs)


class SQLiteFileRunner(Runner):
    """Runs store operations on a SQLite file, in one thread with one pysqlite
    connection (see the module docstring)."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(engine)
        url = engine.url.set(drivername="sqlite")
        # One thread, so one connection: SQLite writes one at a time anyway. Only that
        # thread uses it; it is closed from the event loop's thread when the AsyncEngine
        # is disposed, hence check_same_thread off. The thread ends with the runner.
        self._engine_of_thread = create_engine(
            url,
            pool_size=1,
            max_overflow=0,
            pool_timeout=POOL_TIMEOUT_S,
            hide_parameters=True,
            connect_args={"check_same_thread": False},
        )
        event.listen(self._engine_of_thread, "connect", set_sqlite_pragmas)
        event.listen(engine.sync_engine, "engine_disposed", self._dispose)
        self._direct = DirectStatements(self._engine_of_thread)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite-store")

    @property
    def sync_engine(self) -> Engine:
        return self._engine_of_thread

    async def read(self, operation: Operation[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        opened = self._engine_of_thread.connect
        return await self._in_thread(_on_connection, opened, operation, args, kwargs)

    async def write(self, operation: Operation[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        opened = self._engine_of_thread.begin
        return await self._in_thread(_on_connection, opened, operation, args, kwargs)

    async def statement(self, statement: ClauseElement, params: Mapping[str, Any]) -> Rows:
        return await self._in_thread(self._direct.run, statement, params)

    async def steps(self, steps: Sequence[Step]) -> list[Rows]:
        return await self._in_thread(self._direct.run_steps, steps)

    async def many(self, statement: ClauseElement, many: Sequence[Mapping[str, Any]]) -> None:
        await self._in_thread(self._direct.run_many, statement, many)

    def _dispose(self, _engine: Engine) -> None:
        # With the AsyncEngine (the app's shutdown, a test's end): a later operation
        # opens a new connection, as the AsyncEngine's pool does.
        self._engine_of_thread.dispose()

    async def _in_thread(self, function: Callable[..., T], *args: Any) -> T:
        """Run in the store's thread. An operation still waiting for the thread after
        POOL_TIMEOUT_S is dropped and fails, as a wait for a pooled connection does: while
        another process holds the write lock, each operation waits up to
        SQLITE_BUSY_TIMEOUT_MS, and the turns queued behind it must fail in bounded
        time rather than one after another."""
        # In the caller's context: the engine's error listeners (bot.metrics) mark the
        # turn that the failure happened in.
        queued = self._thread.submit(contextvars.copy_context().run, function, *args)
        timed_out = False

        def give_up() -> None:
            nonlocal timed_out
            timed_out = queued.cancel()  # only one still queued: nothing of it ran

        timer = asyncio.get_running_loop().call_later(POOL_TIMEOUT_S, give_up)
        try:
            return await asyncio.wrap_future(queued)  # cancelled with us if still queued
        except asyncio.CancelledError:
            if timed_out:
                raise PoolTimeoutError(
                    f"the SQLite store's thread was busy for {POOL_TIMEOUT_S:.0f} s"
                ) from None
            raise
        finally:
            timer.cancel()


def runner_for(engine: AsyncEngine) -> Runner:
    """The runner for `engine`'s database."""
    if engine.url.drivername == SQLITE_DRIVER and is_sqlite_file(engine.url):
        return SQLiteFileRunner(engine)
    return Runner(engine)
