"""Delivery latency and quick second messages against real `thankyou serve` processes.

For each database (a SQLite file with one server; PostgreSQL, when TEST_DATABASE_URL is
set, with one server and with two replicas) and each platform (Slack over HTTP, Slack
over Socket Mode, Teams), users each answer the first question and then send two
answers `gap` apart (0, 50, 150, 400 ms, 1 s), each delivered `latency` after it was
sent (0, 0.5, 1, 2 s, give or take 20 ms), the platform stamping them when sent. With two
replicas the second answer goes to the other one. Every reply takes the fake platform
0.3 s to answer. Then it reads what was saved and what each user was sent. Prints
figures; asserts nothing (tests/latency.py is the test of the same thing).

    .venv/bin/python bench/latency.py [--users 2] [--rate 4] [--seed 23]

Users start `--rate` a second (0: all at once, a burst past what one server turns
over with 0.3 s replies: its turns then queue). Per line: runs; messages left without
any reply; answers saved in another field than their own (of those sent 50 ms or more
after the previous one); questions asked twice.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import random
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable
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
    slack_message_event,
    teams_activity,
)

LATENCIES_S = (0.0, 0.5, 1.0, 2.0)
GAPS_S = (0.0, 0.05, 0.15, 0.4, 1.0)
JITTER_S = 0.02
REPLY_S = 0.3
FIRST = "Emily Carter, Director of Customer Success"
COMPANY, ROLE = "Brightline Software", "Customer Success Manager"
QUESTION = re.compile(r"(?m)^\((\d+)(?:/\d+)?\) ")
VERBOSE = False


@dataclass
class Run:
    user: str
    latency_s: float
    gap_s: float
    said: list[str] = field(default_factory=list)
    answers: dict[str, object] = field(default_factory=dict)

    @property
    def asked(self) -> list[int]:
        return questions(self.said)


def questions(said: list[str]) -> list[int]:
    """The numbers of the questions in what a user was sent, in order."""
    return [int(n) for text in said for n in QUESTION.findall(text)]


class Platform:
    """Delivers a user's message to one of the servers as Slack or Teams would."""

    def __init__(
        self, kind: str, slack: FakeSlack, connector: FakeConnector, servers: list[Server]
    ) -> None:
        self.kind, self.slack, self.connector, self.servers = kind, slack, connector, servers

    @property
    def platform(self) -> str:
        return "msteams" if self.kind == "teams" else "slack"

    async def deliver(
        self, session: aiohttp.ClientSession, replica: int, user: str, text: str, sent: float
    ) -> None:
        server = self.servers[replica]
        if self.kind == "teams":
            activity = teams_activity(self.connector, user, text, uuid.uuid4().hex)
            stamp = dt.datetime.fromtimestamp(sent, dt.UTC)
            activity["timestamp"] = stamp.isoformat(timespec="milliseconds")
            await post_teams(session, server, activity)
            return
        body = slack_message_event(user, text, f"Ev{uuid.uuid4().hex[:12]}", sent)
        if self.kind == "slack-http":
            await post_slack(session, server, json.dumps(body), "application/json")
            return
        envelope = {
            "envelope_id": uuid.uuid4().hex,
            "type": "events_api",
            "payload": body,
            "accepts_response_payload": False,
            "retry_attempt": 0,  # as Slack marks every first delivery
            "retry_reason": "",
        }
        await self.slack.sockets[replica].send_str(json.dumps(envelope))

    def said(self, user: str) -> list[str]:
        if self.kind == "teams":
            return [p.text for p in self.connector.posted if p.conversation_id == f"a:{user}"]
        return [p.text for p in self.slack.posted() if p.call.params.get("channel") == f"D{user}"]


async def one_user(
    session: aiohttp.ClientSession,
    platform: Platform,
    run: Run,
    rng: random.Random,
    after_s: float,
) -> None:
    await asyncio.sleep(after_s)  # when this user comes, by the arrival rate
    replicas = len(platform.servers)
    start = time.time()
    await platform.deliver(session, 0, run.user, "hi", start)
    await until(lambda: len(platform.said(run.user)) >= 2)
    await platform.deliver(session, 0, run.user, FIRST, time.time())
    await until(lambda: any("Which company" in t for t in platform.said(run.user)))
    sent = time.time()

    async def later(at: float, replica: int, text: str, stamp: float) -> None:
        await asyncio.sleep(max(0.0, at - time.time()))  # the delivery's moment
        await platform.deliver(session, replica, run.user, text, stamp)

    jitter = [rng.uniform(-JITTER_S, JITTER_S) for _ in range(2)]
    await asyncio.gather(
        later(sent + run.latency_s + jitter[0], 0, COMPANY, sent),
        later(sent + run.gap_s + run.latency_s + jitter[1], replicas - 1, ROLE, sent + run.gap_s),
    )


async def until(ready: Callable[[], bool], seconds: float = 20.0) -> bool:
    """Poll the fakes' records (another process answers): True once `ready()`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return True
        await asyncio.sleep(0.02)
    return False


async def measure(
    kind: str, url: str, replicas: int, users: int, rng: random.Random, rate: float
) -> list[Run]:
    """`rate`: users starting per second (0: all at once, a burst)."""
    timeout = aiohttp.ClientTimeout(total=60)
    async with (
        fake_platforms() as (slack, connector),
        aiohttp.ClientSession(timeout=timeout) as session,
    ):
        slack.latency_s["chat.postMessage"] = REPLY_S
        connector.latency_s = REPLY_S
        servers = [Server(url, slack, socket_mode=kind == "slack-socket") for _ in range(replicas)]
        for n, server in enumerate(servers):
            await server.start(session)
            await server.warmed_up(session)
            if kind == "slack-socket":
                await until(lambda n=n: len(slack.sockets) > n)
        platform = Platform(kind, slack, connector, servers)
        tag = uuid.uuid4().hex[:6].upper()
        grid = itertools.product(LATENCIES_S, GAPS_S, range(users))
        runs = [Run(f"U{tag}{n}", latency, gap) for n, (latency, gap, _) in enumerate(grid)]
        rng.shuffle(runs)
        spacing = 1 / rate if rate else 0.0
        await asyncio.gather(
            *(one_user(session, platform, run, rng, n * spacing) for n, run in enumerate(runs))
        )
        await asyncio.gather(  # until both answers were answered (4 questions in all)
            *(
                until(lambda run=run: len(questions(platform.said(run.user))) >= 4, 10)
                for run in runs
            )
        )
        reader = Reader(url)
        tenant = "t1" if kind == "teams" else "T1"
        for run in runs:
            run.said = platform.said(run.user)
            record = await reader.conversation(platform.platform, tenant, run.user)
            run.answers = dict(record.state["answers"]) if record else {}
        for server in servers:
            await server.stop()
    return runs


def report(label: str, runs: list[Run]) -> None:
    unanswered = 0
    wrong = 0
    twice = 0
    by_gap: Counter[float] = Counter()
    for run in runs:
        replies = run.asked[2:]  # after the first two questions: the two answers' replies
        unanswered += max(0, 2 - len(replies))
        right = {("company", COMPANY), ("role", ROLE)}
        misplaced = [
            name
            for name, value in run.answers.items()
            if value in (COMPANY, ROLE) and (name, value) not in right
        ]
        if misplaced and run.gap_s >= 0.05:
            wrong += 1
            if VERBOSE:
                print(run.latency_s, run.gap_s, run.answers, [t[:60] for t in run.said])
        repeats = len(run.asked) - len(set(run.asked))
        twice += repeats
        by_gap[run.gap_s] += repeats
    gaps = ", ".join(f"{int(gap * 1000)} ms: {count}" for gap, count in sorted(by_gap.items()))
    print(
        f"{label}: {len(runs)} runs, {unanswered} without a reply, {wrong} in the wrong field, "
        f"{twice} asked twice (by gap: {gaps})"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=2, help="users per latency and gap")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--only", choices=["slack-http", "slack-socket", "teams"])
    parser.add_argument(
        "--rate", type=float, default=4.0, help="users starting per second; 0: all at once"
    )
    parser.add_argument("--verbose", action="store_true", help="print each misplaced run")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    rng = random.Random(args.seed)
    kinds = [args.only] if args.only else ["slack-http", "slack-socket", "teams"]
    async with databases() as found:
        for name, url in found:
            for replicas in (1, 2) if name == "postgresql" else (1,):
                for kind in kinds:
                    runs = await measure(kind, url, replicas, args.users, rng, args.rate)
                    report(f"{kind}, {name}, {replicas} replica(s)", runs)


if __name__ == "__main__":
    asyncio.run(main())
