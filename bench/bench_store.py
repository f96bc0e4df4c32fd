"""What the store's part of a turn costs: the three operations of a typical message turn
(read, save with the event, mark answered) under the user's turn lock (on PostgreSQL an
advisory lock, bot/store/locks.py), for many users at once, on a fresh SQLite file and
on PostgreSQL when TEST_DATABASE_URL is set. Prints CPU per turn and turns/s; asserts
nothing. Pin it to one core to compare runs (the database shares the others):

    taskset -c 0 .venv/bin/python bench/bench_store.py [--users 16] [--turns 150]

`--without-lock` leaves the lock out, to see what it costs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import tempfile
import time
import uuid

from bot.store import Store
from bot.store.db import create_engine, upgrade
from dialogs.messages import ConversationKey, EventId


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def one_round(store: Store, users: int, turns: int, lock: bool) -> tuple[float, float]:
    """(CPU ms per turn, turns/s) for `users` walking `turns` turns each at once."""

    async def walk(n: int) -> None:
        key = ConversationKey("slack", "T1", f"U{n}-{uuid.uuid4().hex[:8]}")
        await store.start_conversation(key, {"step": 0})
        for step in range(turns):
            async with store.locks.turn(key) if lock else contextlib.nullcontext():
                await one_turn(store, key, step)

    started, cpu = time.perf_counter(), cpu_seconds()
    await asyncio.gather(*(walk(n) for n in range(users)))
    total = users * turns
    return 1000 * (cpu_seconds() - cpu) / total, total / (time.perf_counter() - started)


async def one_turn(store: Store, key: ConversationKey, step: int) -> None:
    event = EventId("slack", "T1", f"Ev{uuid.uuid4().hex}")
    read = await store.read_turn(key, event, pending=True)
    assert read.record is not None
    state = {"step": step, "answers": {"highlights": "x" * 200}}
    await store.save_conversation(
        read.record, state, event=event, replies=[{"text": "next question"}]
    )
    await store.mark_answered(event)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--turns", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--without-lock", action="store_true", help="no turn lock")
    args = parser.parse_args()
    urls = [("SQLite", f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db")]
    if os.environ.get("TEST_DATABASE_URL"):
        urls.append(("PostgreSQL", os.environ["TEST_DATABASE_URL"]))
    for name, url in urls:
        await upgrade(url)
        engine = create_engine(url)
        try:
            store = Store(engine)
            lock = not args.without_lock
            figures = [
                await one_round(store, args.users, args.turns, lock) for _ in range(args.rounds)
            ]
        finally:
            await engine.dispose()
        cpu = sorted(f[0] for f in figures)[len(figures) // 2]
        rate = sorted(f[1] for f in figures)[len(figures) // 2]
        print(
            f"{name}, {args.users} users x {args.turns} turns, median of {args.rounds}"
            f"{', without the lock' if args.without_lock else ''}: "
            f"{cpu:.2f} ms CPU per turn, {rate:.0f} turns/s"
        )


if __name__ == "__main__":
    asyncio.run(main())
