"""One write statement that many turns make, written together ("group commit").

Every turn ends with a small write of its own: the mark that its replies went out
(`Store.mark_answered`). Alone, each paid for a hop to the store's thread and a commit on
SQLite (0.14 of a turn's 0.45 ms of store CPU, bench/bench_store.py) and for a greenlet,
a pooled connection and a round trip on PostgreSQL. Here the writes that arrive while
one is being written wait for it and then go together, in one `executemany` and one
commit (bot/store/direct.py). A lone write goes at once, so nothing waits longer than
one write of its own would have when the server is idle; under load each waits for at
most the write before it.

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


class RunsMany(Protocol):
    """What runs the writes: the store's runner (bot/store/runner.py)."""

    async def many(self, statement: ClauseElement, many: Sequence[Mapping[str, Any]]) -> None: ...


class GroupWrites:
    """`write(params)` runs `statement` with `params`, together with the other writes
    waiting at that moment."""

    def __init__(self, run: RunsMany, statement: ClauseElement) -> None:
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
            self._writer = loop.create_task(self._write_waiting())
        # A caller cancelled meanwhile cancels only this future: its row is written
        # with the others all the same (the replies did go out).
        await written

    async def _write_waiting(self) -> None:
        while self._waiting:
            batch = self._waiting[:MOST_AT_ONCE]
            del self._waiting[:MOST_AT_ONCE]
            try:
                await self._run.many(self._statement, [params for params, _ in batch])
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
