"""Two server processes on one database behave as one (issue 23), over HTTP and Socket
Mode: a user's second message reaching the other replica while the first one's reply is
still being posted is taken, not answered with the first one's reply; and deleting a
user's data while a reminder of theirs is on its way says "Nothing of yours is left
here" only after it, from the same process or another.

Replicas are apps made with `slack_app_factory` on one database (PostgreSQL: SQLite is
one process by rule, so the same process plays both there).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from adapters.slack.proactive import SingleToken, SlackProactive
from adapters.slack.server import SlackConfig, web_client
from bot.reminders.messages import render_claim
from bot.reminders.scheduler import Scheduler, delivery
from bot.store.models import SEND_REMINDER
from bot.store.schedule import SCHEDULED
from bot.templating import Renderer
from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.replicas import ONE_OR_TWO, first_of, lock_asked
from tests.slack.conftest import BOT_TOKEN, FakeSlack, Posted, SlackHarness, StartSlack

KEY = conversation_key("slack", "T1", "U1")
T0 = dt.datetime(2036, 12, 2, 2, 0, tzinfo=dt.UTC)  # the test's clock, not the apps'
PAYLOAD = {"subject": "Thank you – Analyst interview", "interviewers": ["Dana"], "company": "Acme"}
DELETED = "Nothing of yours is left here"
REMINDER = "your thank-you note to Dana"


async def replicas(start: StartSlack, count: int, transport: str = "http") -> list[SlackHarness]:
    """Where the user's first and second messages go: one app twice, or two apps."""
    first = await start(transport)
    return [first, first] if count == 1 else [first, await start(transport)]


def asked_the_kind(posted: list[Posted]) -> int:
    return sum("What kind of interview was it" in p.text for p in posted)


@pytest.mark.parametrize("transport", ["http", "socket"])
@pytest.mark.parametrize(("database_url", "count"), ONE_OR_TWO, indirect=["database_url"])
async def test_a_second_message_while_the_first_reply_is_posted_is_taken(
    slack_app_factory: StartSlack, transport: str, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first answer's turn is saved and its reply is on its way (held at the fake
    Web API); the second answer reaches the other replica. It waits for the user's lock,
    then is taken as the next answer: each question is asked once (it used to get the
    first one's reply, 12 times of 12, and was not taken)."""
    one, two = await replicas(slack_app_factory, count, transport)
    await one.command()
    await one.message(SINGLE[0])
    gate = one.fake.gate("chat.postMessage")
    first = asyncio.create_task(one.message(SINGLE[1]))
    await one.fake.held(gate)  # saved; its reply is being posted
    waiting = lock_asked(two.store, "turn", 1, monkeypatch)
    second = asyncio.create_task(two.message(SINGLE[2]))
    await first_of(second, waiting.wait(), one.fake.held(gate, 2))
    gate.open()
    await asyncio.gather(first, second)

    record = await one.store.open_conversation(KEY)
    assert record is not None
    answers = record.state["answers"]
    assert (answers["company"], answers["stage"]) == (SINGLE[1], SINGLE[2])
    posted = one.fake.posted()
    assert asked_the_kind(posted) == 1, [p.text for p in posted]
    assert "what role" in posted[-1].text.lower()


def slack_sender(fake: FakeSlack) -> SlackProactive:
    client = web_client(SlackConfig(bot_token=BOT_TOKEN, api_url=fake.url))
    return SlackProactive(client, SingleToken(BOT_TOKEN), Renderer("slack").say)


def is_reminder(params: dict[str, Any]) -> bool:
    return "metadata" in params  # a scheduled message carries its idempotency key


@pytest.mark.parametrize(("database_url", "count"), ONE_OR_TWO, indirect=["database_url"])
@pytest.mark.parametrize("reminders", [1, 2])
async def test_deleting_while_a_reminder_is_on_its_way_says_so_after_it(
    slack_app_factory: StartSlack, count: int, reminders: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reminder is being posted (the platform is slow) when the user confirms the
    deletion, on this replica or another: the deletion waits for it, so "Nothing of
    yours is left here" comes after the reminder, and nothing after it (it was 2 of 2
    after, with a 3 s platform); a second reminder claimed in the same poll and not yet
    begun when the deletion happens is never sent."""
    one, two = await replicas(slack_app_factory, count)  # confirmed on the sender, or not
    fake = one.fake
    await one.command()
    rows = [
        await one.store.schedule.schedule(KEY, SEND_REMINDER, T0, PAYLOAD) for _ in range(reminders)
    ]
    scheduler = Scheduler(
        one.store.schedule,
        delivery(render_claim, {"slack": slack_sender(fake)}),
        platforms=["slack"],
        worker="w",
        concurrency=1,
        locks=one.store.locks,
    )
    _, posted = await two.command("delete my data")
    confirmation = posted[0]
    gate = fake.gate("chat.postMessage", when=is_reminder)
    sending = asyncio.create_task(scheduler.run_once(T0))
    await fake.held(gate)
    waiting = lock_asked(two.store, "deleting", 1, monkeypatch)
    deleting = asyncio.create_task(two.press("Yes, delete everything", confirmation))
    await first_of(deleting, waiting.wait())
    gate.open()
    report, _ = await asyncio.gather(sending, deleting)

    texts = [p.text for p in fake.posted()]
    said = [i for i, text in enumerate(texts) if DELETED in text]
    reminded = [i for i, text in enumerate(texts) if REMINDER in text]
    assert len(said) == 1 and reminded and max(reminded) < said[0], texts
    assert report.sent[:1] == [rows[0].id]
    assert sorted(report.sent + report.lost) == [row.id for row in rows]
    if count == 1:  # in one process the deletion, waiting first, goes first
        assert report.lost == [row.id for row in rows[1:]]
    # (Across processes the second send may ask PostgreSQL for the lock before the
    # deletion does; then it goes first, and still comes before "Nothing ... left".)
    assert await one.store.schedule.for_user(KEY, pending_only=False) == []


async def test_a_reminder_claimed_before_a_deletion_is_not_sent_after_it(
    slack_app_factory: StartSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claimed, then the user deletes everything before it is sent: it is not sent."""
    slack = await slack_app_factory()
    row = await slack.store.schedule.schedule(KEY, SEND_REMINDER, T0, PAYLOAD)
    claimed = await slack.store.schedule.claim_due(T0, worker="w")
    assert [claim.id for claim in claimed.claims] == [row.id]
    await slack.store.delete_user_data(KEY)
    assert not await slack.store.schedule.still_claimed(claimed.claims[0])
    # And one claimed and not deleted still stands.
    other = await slack.store.schedule.schedule(KEY, SEND_REMINDER, T0, PAYLOAD)
    (claim,) = (await slack.store.schedule.claim_due(T0, worker="w")).claims
    assert claim.id == other.id and await slack.store.schedule.still_claimed(claim)
    released = await slack.store.schedule.release([claim], tried=False)
    assert released == {other.id}
    record = await slack.store.schedule.get(other.id)
    assert record is not None and (record.status, record.attempts) == (SCHEDULED, 0)
