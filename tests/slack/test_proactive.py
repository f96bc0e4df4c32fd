"""Scheduled messages in Slack, through the fake Web API: the user's DM with working
buttons, the installation's token, gone users, rate limits, the idempotency key, and
two schedulers on one database sending 200 due rows exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound import Delivered, Gone, Outgoing, RetryLater
from adapters.slack.blocks import CHOICE_ACTION, decode_choice
from adapters.slack.proactive import (
    METADATA_EVENT,
    InstalledTokens,
    SingleToken,
    SlackProactive,
    part_key,
    slack_sender,
)
from adapters.slack.server import SlackConfig, web_client
from bot.app import ENGINE, create_app
from bot.reminders.messages import render_claim, scheduled_replies
from bot.reminders.scheduler import Scheduler, delivery
from bot.reminders.serve import SCHEDULER
from bot.store.db import create_engine, sessionmaker, upgrade
from bot.store.models import HEARD_BACK, SEND_REMINDER
from bot.store.schedule import SENT, Schedule
from bot.templating import Renderer
from dialogs.messages import Reply, conversation_key
from tests.slack.conftest import BOT_TOKEN, FakeSlack, Posted, SlackHarness, slack_settings

# Far ahead of the real clock, by which the app's own scheduler polls: the rows are due
# only for the test's schedulers, which take `now` from the test.
T0 = dt.datetime(2036, 12, 2, 2, 0, tzinfo=dt.UTC)
ALICE = conversation_key("slack", "T1", "U1")
PAYLOAD = {
    "subject": "Thank you – Social Media Manager interview",
    "interviewers": ["Dana Lee"],
    "company": "Acme Outdoor Co.",
}


say = Renderer("slack").say


class FakeSlackWithHistory(FakeSlack):
    """The fake Web API, plus conversations.history (the DM's posted messages, newest
    first, with their metadata) and answers with a Slack error (`error_once`)."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: dict[str, list[str]] = {}

    def error_once(self, method: str, error: str) -> None:
        self.errors.setdefault(method, []).append(error)

    def delivered(self) -> list[Posted]:
        return [p for p in self.posted() if p.call.answer.get("ok")]

    def _answer(
        self, method: str, params: dict[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        errors = self.errors.get(method)
        if errors:
            return {"ok": False, "error": errors.pop(0)}
        if method == "conversations.history":
            messages = [
                {"ts": p.ts, "text": p.call.params.get("text"), **_metadata(p)}
                for p in self.delivered()
                if p.call.params.get("channel") == params["channel"]
            ]
            return {"ok": True, "messages": messages[::-1][: int(params.get("limit", 100))]}
        return super()._answer(method, params, headers)


def _metadata(posted: Posted) -> dict[str, Any]:
    metadata = posted.call.params.get("metadata")
    return {"metadata": metadata} if metadata else {}


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackWithHistory]:
    fake = FakeSlackWithHistory()
    api = web.Application()
    api.router.add_route("*", "/api/{method}", fake.handle)
    server = TestServer(api, host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("/api/"))
    yield fake
    await server.close()


def sender(fake: FakeSlack, token: str = BOT_TOKEN, *, retries: bool = True) -> SlackProactive:
    """The sender with the app's Web API client (its retries), or with `retries` False a
    client that makes one call per request (failures without the client's backoff)."""
    client = (
        web_client(SlackConfig(bot_token=token, api_url=fake.url))
        if retries
        else AsyncWebClient(token=token, base_url=fake.url, retry_handlers=[])
    )
    return SlackProactive(client, SingleToken(token), say)


def reminder(message_id: int = 7, attempt: int = 1, key: Any = ALICE) -> Outgoing:
    replies = scheduled_replies(SEND_REMINDER, PAYLOAD, message_id)
    return Outgoing(key, tuple(replies), f"send_reminder:row-{message_id}", attempt)


async def test_the_reminder_arrives_in_the_dm_with_working_buttons(
    slack: SlackHarness, database_url: str
) -> None:
    """A row scheduled for 18:00 in Los Angeles: nothing before, then the reminder in the
    user's DM, whose buttons the running app takes as a press on that message."""
    engine = create_engine(database_url)
    try:
        schedule = Schedule(sessionmaker(engine))
        row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
        deliver = delivery(render_claim, {"slack": sender(slack.fake)})
        scheduler = Scheduler(schedule, deliver, platforms=["slack"], worker="w")
        assert (await scheduler.run_once(T0 - dt.timedelta(minutes=1))).claimed == 0
        assert slack.fake.posted() == []
        assert (await scheduler.run_once(T0)).sent == [row.id]
    finally:
        await engine.dispose()

    opened = slack.fake.of("conversations.open")
    assert [c.params["users"] for c in opened] == ["U1"]
    [posted] = slack.fake.posted()
    assert posted.call.params["channel"] == "DU1"
    assert posted.call.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    assert "your thank-you note to Dana Lee at Acme Outdoor Co." in posted.text
    assert "Thank you – Social Media Manager interview" in posted.text
    assert posted.call.params["metadata"] == {
        "event_type": METADATA_EVENT,
        "event_payload": {"key": part_key(row.idempotency_key, 0)},
    }
    labels = [b["text"]["text"] for b in posted.buttons]
    assert labels == ["Show the note", "Sent"]
    for element in posted.buttons:
        assert element["action_id"].startswith(f"{CHOICE_ACTION}.")
        choice = decode_choice(element["value"])
        assert choice is not None and choice.ref == f"scheduled:{row.id}"
    assert [decode_choice(b["value"]).value for b in posted.buttons] == ["show note", "sent"]  # type: ignore[union-attr]

    # A reminder of an interview the store does not know (this row was made by hand):
    # the press is a stale one, and the message stays as it was.
    answer = await slack.press("Sent", posted)
    assert "interview that is over" in answer[0].text
    assert slack.fake.of("chat.update") == []


async def test_the_installations_token_in_multi_workspace_mode(
    fake: FakeSlackWithHistory, engine: AsyncEngine
) -> None:
    store = AsyncSQLAlchemyInstallationStore(client_id="111.222", engine=engine)
    await store.async_save(
        Installation(
            app_id="A1",
            team_id="T9",
            user_id="U9",
            bot_token="xoxb-installed-T9",
            bot_id="BBOT",
            bot_user_id="UBOT",
            bot_scopes="chat:write,im:history,im:write",
        )
    )
    await store.async_save(
        Installation(
            app_id="A1",
            enterprise_id="E1",
            team_id=None,
            is_enterprise_install=True,
            user_id="U8",
            bot_token="xoxb-installed-E1",
            bot_id="BBOT",
            bot_user_id="UBOT",
        )
    )
    client = web_client(SlackConfig(client_id="111.222", client_secret="s", api_url=fake.url))
    proactive = slack_sender(client, say, installations=store)

    nine = conversation_key("slack", "T9", "U9")
    assert await proactive.send(reminder(key=nine)) == Delivered()
    assert {c.headers["Authorization"] for c in fake.calls} == {"Bearer xoxb-installed-T9"}
    grid = conversation_key("slack", "E1", "U8")
    assert await proactive.send(reminder(key=grid)) == Delivered()
    assert fake.calls[-1].headers["Authorization"] == "Bearer xoxb-installed-E1"

    # A workspace that uninstalled the app has no installation left: gone.
    calls = len(fake.calls)
    gone = conversation_key("slack", "T404", "U1")
    assert await proactive.send(reminder(key=gone)) == Gone("no installation for the workspace")
    assert len(fake.calls) == calls  # nothing was sent
    assert await InstalledTokens(store).bot_token("T1") is None


@pytest.mark.parametrize(
    ("method", "error"),
    [
        ("conversations.open", "account_inactive"),
        ("conversations.open", "user_not_found"),
        ("conversations.open", "user_disabled"),
        ("chat.postMessage", "token_revoked"),
        ("chat.postMessage", "invalid_auth"),
        ("chat.postMessage", "channel_not_found"),
    ],
)
async def test_a_user_or_install_that_is_gone(
    fake: FakeSlackWithHistory, method: str, error: str
) -> None:
    fake.error_once(method, error)
    assert await sender(fake).send(reminder()) == Gone(error)
    assert fake.delivered() == []


async def test_rate_limits_and_failures_are_retried_later(fake: FakeSlackWithHistory) -> None:
    for _ in range(4):  # the client's own 3 retries, then the scheduler's
        fake.fail_once("chat.postMessage", 429)
    assert await sender(fake).send(reminder()) == RetryLater("ratelimited", after=dt.timedelta(0))
    fake.fail_once("chat.postMessage", 500)
    assert await sender(fake, retries=False).send(reminder()) == RetryLater("HTTP 500")
    fake.error_once("conversations.open", "internal_error")
    assert await sender(fake).send(reminder()) == RetryLater("internal_error")
    assert fake.delivered() == []

    closed = FakeSlack()
    closed.url = "http://127.0.0.1:9/api/"  # nothing listens there
    outcome = await sender(closed, retries=False).send(reminder())
    assert isinstance(outcome, RetryLater) and outcome.error.startswith("network: ")


async def test_a_later_attempt_does_not_repost_what_slack_already_has(
    fake: FakeSlackWithHistory,
) -> None:
    """The first attempt reached Slack but its outcome was never recorded (a crash):
    the second finds the message by its key in the DM and posts nothing."""
    assert await sender(fake).send(reminder(attempt=1)) == Delivered()
    assert len(fake.delivered()) == 1
    assert await sender(fake).send(reminder(attempt=2)) == Delivered()
    assert len(fake.delivered()) == 1
    assert len(fake.of("conversations.history")) == 1

    # Another row's message is not mistaken for it.
    assert await sender(fake).send(reminder(message_id=8, attempt=2)) == Delivered()
    assert len(fake.delivered()) == 2


async def test_a_reply_in_several_messages_resumes_at_the_missing_part(
    fake: FakeSlackWithHistory,
) -> None:
    """A reply too big for one Slack message is sent as several, each with its own part
    key; when Slack fails on the second, the retry posts only the parts it lacks."""
    long_text = "\n\n".join(f"Paragraph {n}. " + "word " * 560 for n in range(120))
    outgoing = Outgoing(ALICE, (Reply(text=long_text),), "follow_up:long", 1)
    posts = iter(range(1000))
    plain = fake._answer

    def second_post_fails(method: str, params: dict[str, Any], headers: Any) -> Any:
        if method == "chat.postMessage" and next(posts) == 1:
            return {"ok": False, "error": "internal_error"}
        return plain(method, params, headers)

    fake._answer = second_post_fails  # type: ignore[method-assign]
    assert await sender(fake).send(outgoing) == RetryLater("internal_error")
    fake._answer = plain  # type: ignore[method-assign]
    assert [_key(p) for p in fake.delivered()] == ["follow_up:long#0"]

    retried = Outgoing(ALICE, outgoing.replies, outgoing.idempotency_key, 2)
    assert await sender(fake).send(retried) == Delivered()
    keys = [_key(p) for p in fake.delivered()]
    assert len(keys) == len(set(keys)) > 2  # every part once, in order
    assert keys == sorted(keys, key=lambda k: int(k.rsplit("#", 1)[1]))


def _key(posted: Posted) -> str:
    return str(posted.call.params["metadata"]["event_payload"]["key"])


async def test_when_the_history_cannot_be_read_it_posts_anyway(fake_slack: FakeSlack) -> None:
    """The plain fake has no conversations.history: at least once beats never."""
    assert await sender(fake_slack).send(reminder(attempt=2)) == Delivered()
    assert len(fake_slack.posted()) == 1


async def test_two_schedulers_send_200_due_rows_exactly_once(
    capsys: pytest.CaptureFixture[str],
    fake: FakeSlackWithHistory,
    engine: AsyncEngine,
    database_url: str,
) -> None:
    """Two replicas (each its own engine, Web API client and worker) poll the same
    database at once: every row reaches Slack once, none twice."""
    schedule = Schedule(sessionmaker(engine))
    rows = []
    for n in range(200):
        key = conversation_key("slack", "T1", f"U{n:03d}")
        kind = SEND_REMINDER if n % 2 else HEARD_BACK
        payload = PAYLOAD if n % 2 else {"interviewer": "Dana Lee", "company": "Acme"}
        rows.append(await schedule.schedule(key, kind, T0, payload))
    other_engine = create_engine(database_url)
    try:
        replicas = [
            Scheduler(
                Schedule(sessionmaker(e)),
                delivery(render_claim, {"slack": sender(fake)}),
                platforms=["slack"],
                worker=name,
            )
            for name, e in (("replica-a", engine), ("replica-b", other_engine))
        ]
        by_replica: Counter[str] = Counter()
        while True:
            reports = await asyncio.gather(*(r.run_once(T0) for r in replicas))
            if not any(report.claimed for report in reports):
                break
            for replica, report in zip(replicas, reports, strict=True):
                assert report.retried == report.failed == report.lost == []
                by_replica[replica.worker] += len(report.sent)
    finally:
        await other_engine.dispose()

    keys = Counter(_key(p) for p in fake.delivered())
    assert len(keys) == 200 and set(keys.values()) == {1}
    assert set(keys) == {part_key(r.idempotency_key, 0) for r in rows}
    assert sum(by_replica.values()) == 200
    assert by_replica["replica-a"] > 0 and by_replica["replica-b"] > 0
    channels = Counter(p.call.params["channel"] for p in fake.delivered())
    assert len(channels) == 200  # each user got their own message
    statuses = {(await schedule.get(r.id)).status for r in rows}  # type: ignore[union-attr]
    assert statuses == {SENT}
    with capsys.disabled():
        print(
            f"\n[scheduler] Slack, {engine.dialect.name}: 200 due rows, 2 replicas: "
            f"{sum(keys.values())} posted ({dict(by_replica)}), {len(keys)} distinct, 0 twice"
        )


async def test_thankyou_serve_runs_the_scheduler_with_the_app(
    database_url: str, fake_slack: FakeSlack
) -> None:
    """Mounted on the real app: started with it (a poll at start-up), sending through
    bolt's own client and session, stopped with it."""
    await upgrade(database_url)
    app = await create_app(slack_settings(database_url, fake_slack))
    scheduler = app[SCHEDULER]  # create_app mounts it
    assert scheduler.platforms == ["slack", "msteams", "bf."]
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        await asyncio.wait_for(scheduler.wait_runs(1), 10)
        due = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        row = await Schedule(sessionmaker(app[ENGINE])).schedule(ALICE, SEND_REMINDER, due, PAYLOAD)
        scheduler.wake()
        await asyncio.wait_for(scheduler.wait_runs(2), 10)
        assert scheduler.last.sent == [row.id]
    finally:
        await client.close()
    [posted] = fake_slack.posted()
    assert posted.call.params["channel"] == "DU1"
    assert [b["text"]["text"] for b in posted.buttons] == ["Show the note", "Sent"]
