"""The latency test's driver (issue 23), for any platform: two answers sent `gap` apart,
each delivered `latency` after it was sent, on one replica or two.

For each latency (0-2 s) and gap (0-1 s) a new user starts an interview and answers the
first question; then sends the company (A) and, `gap` later, the kind of interview (B,
the next question). Each arrives
`latency` after it was sent: the platform's timestamps say when they were sent, and the
test delivers them in the order they arrive. Posting a reply takes REPLY_S (a slow
platform): a B sent sooner than that after A arrives while A's reply is being posted
(the fake holds A's reply until B has arrived and is waiting, or has been answered). With
two replicas, B goes to the other one. Two sent at the same instant have no order to
keep: the test delivers A first.

What is counted, per run: messages left without any reply (must be none); answers that
landed in a field other than their own, for gaps of 50 ms or more (must be none); and
questions asked twice (two replicas may not do so more often than one).
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import pytest

from bot.store import Store
from tests.dialog_script import SINGLE
from tests.replicas import first_of, lock_asked

LATENCIES_S = (0.0, 0.5, 1.0, 2.0)
GAPS_S = (0.0, 0.05, 0.15, 0.4, 1.0)
REPLY_S = 0.3  # how long a reply takes to post
ORDER_KEPT_FROM_S = 0.05  # sent this far apart or more, the answers keep their order
COMPANY, STAGE = SINGLE[1], SINGLE[2]  # "video": stored as typed
_QUESTION = re.compile(r"(?m)^\((\d+)(?:/\d+)?\) ")


class Held(Protocol):
    """Replies held by the fake platform until `open()`."""

    def open(self) -> None: ...


class Channel(Protocol):
    """One platform as the latency test drives it."""

    def replicas(self) -> int: ...

    def store(self, replica: int) -> Store: ...

    async def send(self, replica: int, user: str, text: str, sent_at: float) -> None:
        """Deliver `text` from `user` to `replica`, stamped as sent at `sent_at`
        (seconds since the epoch, by the platform's clock)."""
        ...

    def hold_replies(self) -> Held: ...

    def held(self, gate: Held, count: int) -> Awaitable[None]:
        """Until `count` replies are held at `gate`."""
        ...

    def replies(self, user: str) -> list[str]:
        """The texts of every message posted to `user`, in order."""
        ...

    async def answers(self, user: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Run:
    replicas: int
    latency_s: float
    gap_s: float
    unanswered: int  # of A and B, those that got no reply at all
    wrong_field: bool  # an answer saved in a field other than its own
    asked_twice: int  # questions posted more than once


def _questions(texts: list[str]) -> list[int]:
    return [int(number) for text in texts for number in _QUESTION.findall(text)]


async def one_run(
    channel: Channel, latency_s: float, gap_s: float, now: Callable[[], float] = time.time
) -> Run:
    user = f"U{uuid.uuid4().hex[:10].upper()}"
    other = channel.replicas() - 1
    sent = now() - latency_s
    await channel.send(0, user, "hi", sent - 20)  # the interview began a while ago
    await channel.send(0, user, SINGLE[0], sent - 10)
    before = len(channel.replies(user))
    if gap_s < REPLY_S:  # B arrives while A's reply is being posted
        gate = channel.hold_replies()
        first = asyncio.create_task(channel.send(0, user, COMPANY, sent))
        await channel.held(gate, 1)
        with pytest.MonkeyPatch.context() as patch:
            waiting = lock_asked(channel.store(other), "turn", 1, patch)
            second = asyncio.create_task(channel.send(other, user, STAGE, sent + gap_s))
            await first_of(second, waiting.wait(), channel.held(gate, 2))
        gate.open()
        await asyncio.gather(first, second)
    else:  # B arrives after A was answered
        await channel.send(0, user, COMPANY, sent)
        await channel.send(other, user, STAGE, sent + gap_s)
    asked = _questions(channel.replies(user)[before:])
    answers = await channel.answers(user)
    misplaced = {
        field
        for field, value in answers.items()
        if value in (COMPANY, STAGE)
        and (field, value) not in {("company", COMPANY), ("stage", STAGE)}
    }
    return Run(
        replicas=channel.replicas(),
        latency_s=latency_s,
        gap_s=gap_s,
        unanswered=max(0, 2 - len(asked)),
        wrong_field=bool(misplaced),
        asked_twice=len(asked) - len(set(asked)),
    )


async def every_run(channel: Channel) -> list[Run]:
    return [
        await one_run(channel, latency, gap)
        for latency, gap in itertools.product(LATENCIES_S, GAPS_S)
    ]


def check(runs_by_replicas: dict[int, list[Run]], platform: str) -> None:
    """The test's verdict, and a line of figures for each replica count."""
    for replicas, runs in sorted(runs_by_replicas.items()):
        unanswered = sum(run.unanswered for run in runs)
        wrong = [run for run in runs if run.wrong_field and run.gap_s >= ORDER_KEPT_FROM_S]
        twice = sum(run.asked_twice for run in runs)
        print(
            f"[latency] {platform}, {replicas} replica(s): {len(runs)} runs, "
            f"{unanswered} messages without a reply, {len(wrong)} answers in the wrong "
            f"field, {twice} questions asked twice"
        )
        assert unanswered == 0, [run for run in runs if run.unanswered]
        assert wrong == []
    if 1 in runs_by_replicas and 2 in runs_by_replicas:
        twice = {n: sum(run.asked_twice for run in runs) for n, runs in runs_by_replicas.items()}
        assert twice[2] <= twice[1], twice
