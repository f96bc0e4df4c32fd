"""How many interview turns per second the service sustains, and at what latency.

Runs whole interviews (start, every answer, done) for many users at once through
`ConversationService` on a fresh SQLite file, and on PostgreSQL when
TEST_DATABASE_URL is set. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_turns.py [--users 32] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid

import asyncpg
from sqlalchemy import make_url

from bot import writer
from bot.service import ConversationService
from bot.store import Store
from bot.store.db import create_engine, upgrade
from dialogs.answers import answers_from_document
from dialogs.messages import Command, Incoming, conversation_key

ANSWERS = [
    "Emily Carter, Director of Customer Success; Sam Ortiz, VP Sales",
    "Brightline Software",
    "Customer Success Manager",
    "yesterday",
    "I managed 60 mid-market accounts and kept net retention above 110% for two years.",
    "Cross-team work with product; I ran a monthly feedback council.",
    "her question about onboarding",
    "skip",
    "The new onboarding academy.",
    "I built a churn-risk dashboard in Looker.",
    "jordan.rivera@example.com (555) 014-2290",
    "Jordan Rivera",
    "formal",
    "done",
]


async def run_interviews(url: str, users: int, concurrency: int) -> None:
    engine = create_engine(url)
    service = ConversationService(Store(engine), channel="console")
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)

    async def one_user(n: int) -> None:
        key = conversation_key("bench", "t", f"user{n}")
        async with gate:
            for incoming in [Incoming(command=Command.START), *(Incoming(text=a) for a in ANSWERS)]:
                started = time.perf_counter()
                await service.handle(key, incoming)
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(one_user(n) for n in range(users)))
    elapsed = time.perf_counter() - started
    await engine.dispose()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"  {len(latencies)} turns in {elapsed:.2f} s: {len(latencies) / elapsed:.0f} turns/s, "
        f"p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"
    )


def bench_compose(rounds: int = 300) -> None:
    answers = answers_from_document(
        {
            "candidate_name": "Jordan Rivera",
            "interviewers": [{"name": "Emily Carter"}, {"name": "Sam Ortiz"}],
            "company": "Brightline Software",
            "role": "Customer Success Manager",
            "qualifications": ANSWERS[4],
            "highlights": ANSWERS[5],
            "interest": ANSWERS[8],
            "email": "jordan.rivera@example.com",
            "phone": "(555) 014-2290",
        }
    )
    started = time.perf_counter()
    for version in range(rounds):
        notes = writer.compose_notes(answers, "formal", version)
        writer.check_notes(answers, notes)
    elapsed = time.perf_counter() - started
    print(f"compose + check, panel of 2: {elapsed / rounds * 1000:.2f} ms per review")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    bench_compose()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        await upgrade(url)
        print(f"SQLite, {args.users} users, {args.concurrency} at once:")
        await run_interviews(url, args.users, args.concurrency)
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        print("PostgreSQL: skipped (TEST_DATABASE_URL not set)")
        return
    name = f"thankyou_bench_{uuid.uuid4().hex[:8]}"
    dsn = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        await upgrade(url)
        print(f"PostgreSQL, {args.users} users, {args.concurrency} at once:")
        await run_interviews(url, args.users, args.concurrency)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
