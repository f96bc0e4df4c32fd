"""A 10 s database outage under a real `thankyou serve`: is any answer acknowledged and
then lost, does any request hang, does any answer land in the wrong field?

PostgreSQL (TEST_DATABASE_URL) behind a TCP proxy on 127.0.0.1 (tests/tcp_proxy.py).
Users (half Slack, half Teams) each start an interview; the proxy then cuts the database
off (`partition`: nothing flows, connections stay open; or `refuse`) for --seconds, while
each user sends their first answer at an even spread over the outage and /healthz is
asked every second. After the outage, an unacknowledged event is redelivered as the
platform would, a user told "couldn't save" types the answer again, and every user
sends the next answer. Prints figures; asserts nothing.

    .venv/bin/python bench/outage.py [--users 20] [--seconds 10] [--mode partition]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import aiohttp
from harness import (
    FakeConnector,
    FakeSlack,
    Reader,
    Server,
    databases,
    fake_platforms,
    post_slack,
    post_teams,
    slack_command_body,
    slack_message_body,
    teams_activity,
)
from sqlalchemy import make_url

from tests.tcp_proxy import TcpProxy

FIRST, SECOND = "Emily Carter, Director of Customer Success", "Brightline Software"
REFUSED = ("couldn't save", "send that again")
NEXT_QUESTION = "Which company"


@dataclass
class User:
    platform: str
    name: str
    status: int = 0  # the HTTP answer to the answer sent during the outage
    seconds: float = 0.0  # how long that answer took
    redeliveries: int = 0
    retyped: bool = False
    said: list[str] = field(default_factory=list)


class Platforms:
    def __init__(self, slack: FakeSlack, connector: FakeConnector, server: Server) -> None:
        self.slack, self.connector, self.server = slack, connector, server
        self._bodies: dict[str, object] = {}

    async def start(self, session: aiohttp.ClientSession, user: User) -> None:
        if user.platform == "slack":
            form = "application/x-www-form-urlencoded"
            await post_slack(session, self.server, slack_command_body(user.name), form)
        else:
            activity = teams_activity(self.connector, user.name, "thankyou", uuid.uuid4().hex)
            await post_teams(session, self.server, activity)

    async def send(
        self, session: aiohttp.ClientSession, user: User, text: str, retry: int = 0
    ) -> int:
        """Send `text` (retry > 0: redeliver the last event as the platform would)."""
        if user.platform == "slack":
            if not retry:
                event_id = f"Ev{uuid.uuid4().hex[:12]}"
                self._bodies[user.name] = slack_message_body(user.name, text, event_id)
            body = str(self._bodies[user.name])
            return await post_slack(session, self.server, body, "application/json", retry)
        if not retry:
            self._bodies[user.name] = teams_activity(
                self.connector, user.name, text, uuid.uuid4().hex
            )
        return await post_teams(session, self.server, self._bodies[user.name])

    def said(self, user: User) -> list[str]:
        if user.platform == "slack":
            channel = f"D{user.name}"
            return [p.text for p in self.slack.posted() if p.call.params.get("channel") == channel]
        return [p.text for p in self.connector.posted if p.conversation_id == f"a:{user.name}"]


async def during_outage(
    session: aiohttp.ClientSession, platforms: Platforms, user: User, delay: float
) -> None:
    await asyncio.sleep(delay)  # spreading the users over the outage
    started = time.monotonic()
    user.status = await platforms.send(session, user, FIRST)
    user.seconds = time.monotonic() - started


async def health_during(session: aiohttp.ClientSession, server: Server, seconds: float) -> list:
    answers = []
    for _ in range(int(seconds)):
        started = time.monotonic()
        try:
            async with session.get(f"{server.url}/healthz") as response:
                answers.append((response.status, time.monotonic() - started))
        except (aiohttp.ClientError, TimeoutError):
            answers.append((0, time.monotonic() - started))
        await asyncio.sleep(1)  # one probe a second, as a load balancer would
    return answers


async def run(args: argparse.Namespace, url: str) -> None:
    target = make_url(url)
    proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
    await proxy.start()
    proxied = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    timeout = aiohttp.ClientTimeout(total=60)  # a request past this counts as no answer
    async with (
        fake_platforms() as (slack, connector),
        aiohttp.ClientSession(timeout=timeout) as session,
    ):
        server = Server(proxied, slack)
        await server.start(session)
        platforms = Platforms(slack, connector, server)
        tag = uuid.uuid4().hex[:5]
        users = [
            User("slack" if n % 2 else "teams", f"UOUT{tag.upper()}{n}") for n in range(args.users)
        ]
        for user in users:
            await platforms.start(session, user)
        getattr(proxy, args.mode)()
        started = time.monotonic()
        spread = args.seconds / max(len(users), 1)
        health, *_ = await asyncio.gather(
            health_during(session, server, args.seconds),
            *(during_outage(session, platforms, u, n * spread) for n, u in enumerate(users)),
        )
        await asyncio.sleep(max(0.0, args.seconds - (time.monotonic() - started)))
        proxy.heal()
        outage_said = {u.name: platforms.said(u) for u in users}
        for user in users:
            while user.status != 200 and user.redeliveries < 3:
                user.redeliveries += 1
                user.status = await platforms.send(session, user, FIRST, retry=user.redeliveries)
            said = platforms.said(user)
            if any(r in text for text in said for r in REFUSED):
                user.retyped = True
                await platforms.send(session, user, FIRST)
            await platforms.send(session, user, SECOND)
            user.said = platforms.said(user)
        await report(users, outage_said, health, Reader(proxied))
        await server.stop()
    await proxy.close()


async def report(
    users: list[User], outage_said: dict[str, list[str]], health: list, db: Reader
) -> None:
    outcomes: Counter[str] = Counter({"acknowledged and lost": 0, "shifted or missing": 0})
    for user in users:
        tenant, name = ("T1", user.name) if user.platform == "slack" else ("t1", user.name)
        platform = "slack" if user.platform == "slack" else "msteams"
        record = await db.conversation(platform, tenant, name)
        answers = record.state["answers"] if record else {}
        interviewers = answers.get("interviewers") or []
        right = (
            len(interviewers) == 1 and answers.get("company") == SECOND and "role" not in answers
        )
        during = outage_said[user.name]
        told = any(r in text for text in during for r in REFUSED)
        answered = any(NEXT_QUESTION in text for text in during)
        if not right:
            outcomes["shifted or missing"] += 1
        if user.status == 200 and user.redeliveries == 0 and not (told or answered):
            outcomes["acknowledged and lost"] += 1
        outcomes["told couldn't save" if told else "answered" if answered else "unacked"] += 1
    slowest = max(u.seconds for u in users)
    statuses = Counter(status for status, _ in health)
    print(f"users {len(users)}: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print(f"slowest answer during the outage: {slowest:.2f} s")
    print(
        "healthz during the outage: "
        + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
        + f"; slowest {max(s for _, s in health):.2f} s"
    )
    print(f"redelivered after the outage: {sum(u.redeliveries > 0 for u in users)}")
    print(f"typed again after 'couldn't save': {sum(u.retyped for u in users)}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--mode", choices=["partition", "refuse"], default="partition")
    args = parser.parse_args()
    if not os.environ.get("TEST_DATABASE_URL"):
        print("needs PostgreSQL: set TEST_DATABASE_URL")
        return
    async with databases() as found:
        for name, url in found:
            if name == "postgresql":
                print(f"PostgreSQL, {args.seconds:.0f} s {args.mode}:")
                await run(args, url)


if __name__ == "__main__":
    asyncio.run(main())
