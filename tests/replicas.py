"""For tests with several server processes (replicas) on one database, or with a turn and
a scheduled send of one user at once: know when a holder-to-be has asked for a user's
lock (bot/store/locks.py) while another holds it, so the test can let the holder go on
knowing the other is waiting; and wait for whichever of several things happens first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest

from bot.store import Store
from dialogs.messages import ConversationKey

WAIT_S = 15.0

# (database_url, replicas) for tests on one server and on two: two only on PostgreSQL
# (SQLite is one process by rule). Parametrize with indirect=["database_url"].
ONE_OR_TWO = [
    pytest.param("sqlite", 1, id="sqlite-one replica"),
    pytest.param("postgres", 1, id="postgres-one replica", marks=pytest.mark.postgres),
    pytest.param("postgres", 2, id="postgres-two replicas", marks=pytest.mark.postgres),
]


def lock_asked(
    store: Store, kind: str, count: int, monkeypatch: pytest.MonkeyPatch
) -> asyncio.Event:
    """An event set once `store.locks.<kind>` ("turn", "deleting") has been asked for
    `count` times from now on. If the lock is held meanwhile, that last asker waits."""
    asked = asyncio.Event()
    real: Callable[[ConversationKey], AbstractAsyncContextManager[None]] = getattr(
        store.locks, kind
    )
    calls = 0

    def counting(key: ConversationKey) -> AbstractAsyncContextManager[None]:
        nonlocal calls
        calls += 1
        if calls >= count:
            asked.set()
        return real(key)

    monkeypatch.setattr(store.locks, kind, counting)
    return asked


async def first_of(*things: Awaitable[Any]) -> None:
    """Wait until one of `things` is done (tasks given are left running; the waits made
    here for the others are cancelled)."""
    given = [thing for thing in things if isinstance(thing, asyncio.Future)]
    futures = [asyncio.ensure_future(thing) for thing in things]
    done, pending = await asyncio.wait(futures, timeout=WAIT_S, return_when=asyncio.FIRST_COMPLETED)
    for future in pending:
        if future not in given:
            future.cancel()
    assert done, f"nothing happened within {WAIT_S} s"
