"""A bound on the turns in flight, checked where a request arrives.

Nothing else bounds the work a platform's framework starts (measured: 700 MiB
under overload). `admitted()` is the door: the edge asks it before the framework (bolt,
botbuilder) sees the request, and past the capacity the request is refused at once (503,
which Slack and the Bot Connector retry) instead of being acknowledged first. The check
and the count are one synchronous step, so no two arrivals can both take the last place
(an earlier version checked `full` and counted later, after awaits: 292 in flight
against a cap of 272 under load). `turn()` caps how many admitted turns run at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar

# The limiters that admitted the current request: a middleware behind the edge asks
# again (Socket Mode has no edge) without counting the request twice.
_ADMITTED: ContextVar[tuple[TurnLimiter, ...]] = ContextVar("admitted", default=())


class TurnLimiter:
    def __init__(self, running: int = 16, waiting: int = 256) -> None:
        self._running = asyncio.Semaphore(running)
        self.capacity = running + waiting
        self._changed = asyncio.Condition()
        self.in_flight = 0  # admitted and not finished, running or waiting for a slot
        self.peak = 0  # the most ever in flight at once
        self.refused = 0  # requests refused since start
        self.finished = 0  # listener runs finished since start, for tests and metrics

    @property
    def full(self) -> bool:
        return self.in_flight >= self.capacity

    @contextmanager
    def admitted(self) -> Iterator[bool]:
        """Admit the request if there is room (True), counted in flight until the block
        ends; False when full. Within an admitted request, asking again is True and
        counts nothing more."""
        held = _ADMITTED.get()
        if self in held:
            yield True
            return
        if self.full:
            self.refused += 1
            yield False
            return
        self.in_flight += 1  # no await between the check and this: no overshoot
        self.peak = max(self.peak, self.in_flight)
        token = _ADMITTED.set((*held, self))
        try:
            yield True
        finally:
            _ADMITTED.reset(token)
            self.in_flight -= 1

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold one running slot for a listener's work (inside an admitted request; one
        that was not admitted is counted in flight here, past the cap if need be)."""
        with self._counted():
            try:
                async with self._running:
                    yield
            finally:
                self.finished += 1
                async with self._changed:
                    self._changed.notify_all()

    @contextmanager
    def _counted(self) -> Iterator[None]:
        if self in _ADMITTED.get():
            yield
            return
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            yield
        finally:
            self.in_flight -= 1

    async def wait_finished(self, count: int) -> None:
        """Wait until `count` listener runs have finished in all."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.finished >= count)
