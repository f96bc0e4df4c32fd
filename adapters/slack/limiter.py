"""A bound on the turns in flight.

Nothing else bounds the listener runs bolt starts (measured: 700 MiB under
overload). `full` lets a middleware refuse work before it is acknowledged (Slack then
retries an event); `turn()` caps how many run at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class TurnLimiter:
    def __init__(self, running: int = 16, waiting: int = 256) -> None:
        self._running = asyncio.Semaphore(running)
        self._capacity = running + waiting
        self._changed = asyncio.Condition()
        self.in_flight = 0  # started and not finished, running or waiting for a slot
        self.finished = 0  # listener runs finished since start, for tests and metrics

    @property
    def full(self) -> bool:
        return self.in_flight >= self._capacity

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold one running slot for a listener's work."""
        self.in_flight += 1
        try:
            async with self._running:
                yield
        finally:
            self.in_flight -= 1
            self.finished += 1
            async with self._changed:
                self._changed.notify_all()

    async def wait_finished(self, count: int) -> None:
        """Wait until `count` listener runs have finished in all."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.finished >= count)
