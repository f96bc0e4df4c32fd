"""One write statement that many turns make, written together ("group commit").

Every turn ends with a small write of its own: the mark that its replies went out
(`Store.mark_answered`). Alone, each paid for a hop to the store's thread and a commit on
SQLite (0.14 of a turn's 0.45 ms of store CPU, bench/bench_store.py) and for a greenlet,
a pooled connection and a round trip on PostgreSQL. Here the writes that arrive while
one is being written wait for it and then go together, in one `executemany` and one
commit (bot/store/direct.py). A lone write goes at once (on the event loop's next pass),
so nothing waits when the server is idle; under load each waits for at most the write
before it.

Each caller still returns only once its own row is written (or raises what the write
raised): callers rely on that (ConversationService keeps an event in `_sending` until
its mark is written).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy.sql import ClauseElement

MOST_AT_ONCE = 64  # rows in one executemany: a bounded transaction


class RunsWrites(Protocol):
    """What runs the writes: the store's runner (bot/store/runner.py)."""

    async def statement(self, statement: ClauseElement, params: Mapping[str, Any]) -> Any: ...

    async def many(self, statement: ClauseElement, many: Sequence[Mapping[str, Any]]) -> None: ...


class GroupWrites:
    """`write(params)` runs `statement` with `params`, together with the other writes
    waiting at that moment."""

    def __init__(self, run: RunsWrites, statement: ClauseElement) -> None:
        self._run = run
        self._statement = statement
        self._waiting: list[tuple[Mapping[str, Any], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def write(self, params: Mapping[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # A new event loop (a test's; a server has one): what another loop left
            # waiting belongs to it.
            self._loop, self._waiting, self._writer = loop, [], None
        written: asyncio.Future[None] = loop.create_future()
        self._waiting.append((params, written))
        if self._writer is None or self._writer.done():
            # Started now, it runs once every write made in this pass of the event
            # loop has joined the queue: they go together.
            self._writer = loop.create_task(self._write_waiting())
        # A caller cancelled meanwhile cancels only this future: its row is written
        # with the others all the same (the replies did go out).
        await written

    async def _write_waiting(self) -> None:
        while self._waiting:
            batch = self._waiting[:MOST_AT_ONCE]
            del self._waiting[:MOST_AT_ONCE]
            many = [params for params, _ in batch]
            try:
                if len(many) == 1:
                    # A plain execute: asyncpg's executemany of one row costs more
                    # (bench/bench_store.py, one user: 0.44 against 0.38 ms a turn).
                    await self._run.statement(self._statement, many[0])
                else:
                    await self._run.many(self._statement, many)
            except Exception as error:
                for _, written in batch:
                    if not written.done():
                        written.set_exception(error)
            except BaseException:
                for _, written in batch:
                    written.cancel()
                raise
            else:
                for _, written in batch:
                    if not written.done():
                        written.set_result(None)
