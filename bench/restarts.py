"""SIGTERM while reminders are being sent to a slow Bot Connector: sent twice, or left?

For each database (a SQLite file; PostgreSQL when TEST_DATABASE_URL is set) and each
connector reply time (2 s, 8 s), 20 Teams users each have a saved conversation reference
and a "did you hear back?" due now. A real `thankyou serve` starts, claims them (20 a
poll, 8 sent at a time) and, 1 s after the connector received its first message, gets
SIGTERM, as an ordinary restart does. A new `thankyou serve` then starts. It reads what
the connector received and what the database says. Prints figures; asserts nothing.

    .venv/bin/python bench/restarts.py [--reply-seconds 2 8] [--wait 30]

Per line: messages received once and twice; how long the stop took; rows still claimed
after the restart (sent again only when their 5-minute lease runs out); how long after
the restart every row was sent (or "not within" the wait).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import time
import uuid
from collections import Counter
from typing import Any

import aiohttp
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference
from harness import FakeConnector, Server, databases, fake_platforms

from bot.store import Store
from bot.store.db import create_engine
from bot.store.models import HEARD_BACK
from bot.store.schedule import CLAIMED, SENT
from dialogs.messages import conversation_key

USERS = 20
PAYLOAD = {"interviewer": "Dana Lee", "company": "Acme Outdoor Co."}


def reference(connector: FakeConnector, user: str) -> dict[str, Any]:
    """The reference a user's message would have saved (as botbuilder serialises it)."""
    conversation = ConversationAccount(id=f"a:{user}", conversation_type="personal")
    conversation.additional_properties = {"tenantId": "t1"}
    saved: dict[str, Any] = ConversationReference(
        activity_id=f"activity-of-{user}",
        user=ChannelAccount(id=f"29:{user}", aad_object_id=user),
        bot=ChannelAccount(id="28:bot", name="Thank-you coach"),
        conversation=conversation,
        channel_id="msteams",
        service_url=connector.url,
    ).serialize()
    return saved


async def seed(url: str, connector: FakeConnector) -> list[int]:
    """Each user's reference and their message due now; the rows' ids."""
    engine = create_engine(url)
    try:
        store = Store(engine)
        tag = uuid.uuid4().hex[:6]
        rows = []
        for n in range(USERS):
            user = f"aad-{tag}-{n}"
            key = conversation_key("msteams", "t1", user)
            await store.teams_references.remember(key, reference(connector, user))
            due = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            rows.append((await store.schedule.schedule(key, HEARD_BACK, due, PAYLOAD)).id)
        return rows
    finally:
        await engine.dispose()


async def statuses(url: str, rows: list[int]) -> Counter[str]:
    engine = create_engine(url)
    try:
        schedule = Store(engine).schedule
        found: Counter[str] = Counter()
        for row in rows:
            record = await schedule.get(row)
            found[record.status if record else "gone"] += 1
        return found
    finally:
        await engine.dispose()


async def until(ready: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:  # polling another process's progress
        if await ready():
            return True
        await asyncio.sleep(0.1)
    return False


async def trial(url: str, reply_s: float, wait_s: float) -> str:
    async with fake_platforms() as (slack, connector), aiohttp.ClientSession() as session:
        connector.latency_s = reply_s
        rows = await seed(url, connector)
        first = Server(url, slack)
        await first.start(session)

        async def received() -> bool:
            return bool(connector.posted)

        await until(received, 30)
        await asyncio.sleep(1.0)  # SIGTERM a second into the sending: the restart's moment
        stopping = time.monotonic()
        await first.stop()
        stop_s = time.monotonic() - stopping
        before = await statuses(url, rows)
        second = Server(url, slack)
        restarted = time.monotonic()
        await second.start(session)

        async def all_sent() -> bool:
            return (await statuses(url, rows))[SENT] == len(rows)

        done = await until(all_sent, wait_s)
        took = time.monotonic() - restarted
        await second.stop()
    per_user = Counter(Counter(p.conversation_id for p in connector.posted).values())
    sent_all = f"all sent {took:.1f} s after the restart" if done else f"not within {wait_s:.0f} s"
    return (
        f"{per_user[1]} received once, {sum(per_user[n] for n in per_user if n > 1)} twice or "
        f"more; stop took {stop_s:.1f} s; {before[CLAIMED]} left claimed at the restart, "
        f"{before['scheduled']} given back; {sent_all}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reply-seconds", type=float, nargs="+", default=[2.0, 8.0])
    parser.add_argument("--wait", type=float, default=30.0, help="seconds to wait after")
    args = parser.parse_args()
    async with databases() as found:
        for name, url in found:
            for reply_s in args.reply_seconds:
                line = await trial(url, reply_s, args.wait)
                print(f"{name}, connector replies in {reply_s:g} s: {line}")


if __name__ == "__main__":
    asyncio.run(main())
