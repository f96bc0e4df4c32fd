"""adapters/teams/connector.py: replies over aiohttp, a bearer token from botbuilder's
credentials fetched once per lifetime, retries honouring Retry-After, and
the counts in /metrics (issue 11)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from adapters.teams import TEAMS_ENDPOINT, RetryPolicy
from adapters.teams.connector import (
    BotConnector,
    Channel,
    ConnectorError,
    retry_after,
    retry_delay,
)
from tests.slack.test_metrics import sample, scrape
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser

QUICK = RetryPolicy(attempts=3, base_delay_s=0.0, max_delay_s=0.0)


def jwt_like(expires: float) -> str:
    claims = base64.urlsafe_b64encode(json.dumps({"exp": expires}).encode()).decode()
    return f"e30.{claims.rstrip('=')}.sig"


class FakeCredentials:
    """What botbuilder's MicrosoftAppCredentials offers the connector."""

    microsoft_app_id = "app-1"
    oauth_scope = "https://api.botframework.com"

    def __init__(self, lifetime: float) -> None:
        self.lifetime = lifetime
        self.issued: list[str] = []

    def get_access_token(self) -> str:
        token = jwt_like(time.time() + self.lifetime)
        self.issued.append(token)
        return token


async def test_replies_carry_a_token_fetched_once_while_it_is_valid(
    connector: FakeConnector,
) -> None:
    credentials = FakeCredentials(lifetime=3600)
    channel = Channel(connector.url, credentials)
    bot = BotConnector()
    try:
        for n in range(3):
            sent = await bot.send_to_conversation(
                channel, "a:conv", {"type": "message", "text": f"hi {n}"}, QUICK
            )
            assert sent
    finally:
        await bot.close()
    assert len(credentials.issued) == 1
    assert [p.authorization for p in connector.posted] == [f"Bearer {credentials.issued[0]}"] * 3
    assert [p.activity["text"] for p in connector.posted] == ["hi 0", "hi 1", "hi 2"]


async def test_a_token_about_to_expire_is_renewed(connector: FakeConnector) -> None:
    credentials = FakeCredentials(lifetime=60)  # inside the renewal margin
    bot = BotConnector()
    try:
        for _ in range(2):
            await bot.send_to_conversation(
                Channel(connector.url, credentials), "a:conv", {"text": "x"}, QUICK
            )
    finally:
        await bot.close()
    assert len(credentials.issued) == 2


async def test_without_an_app_id_no_token_is_sent(connector: FakeConnector) -> None:
    bot = BotConnector()
    try:
        assert await bot.send_to_conversation(Channel(connector.url, None), "a:c", {}, QUICK)
    finally:
        await bot.close()
    assert connector.posted[0].authorization is None


async def test_a_failure_after_the_retries_is_false_and_counted(
    connector: FakeConnector,
) -> None:
    connector.fail_next(503, times=3, retry_after="0")
    bot = BotConnector()
    try:
        assert not await bot.send_to_conversation(
            Channel(connector.url, None), "a:c", {"text": "x"}, QUICK
        )
    finally:
        await bot.close()
    assert connector.failed == [503, 503, 503]


async def test_a_dropped_connection_is_retried_and_the_reply_goes(
    connector: FakeConnector,
) -> None:
    connector.drop_next(times=2)
    bot = BotConnector()
    try:
        assert await bot.send_to_conversation(
            Channel(connector.url, None), "a:c", {"text": "x"}, QUICK
        )
    finally:
        await bot.close()
    assert connector.failed == [0, 0]
    assert [posted.activity["text"] for posted in connector.posted] == ["x"]


def test_the_wait_is_what_the_connector_asked_else_doubles_and_is_capped() -> None:
    policy = RetryPolicy(attempts=6, base_delay_s=0.5, max_delay_s=8.0)
    asked = ConnectorError(429, retry_after=3.0)
    unasked = ConnectorError(503, retry_after=None)
    assert [retry_delay(policy, n, asked) for n in (1, 2, 3)] == [3.0, 3.0, 3.0]
    assert [retry_delay(policy, n, unasked) for n in (1, 2, 3, 4, 5, 6)] == [
        0.5,
        1.0,
        2.0,
        4.0,
        8.0,
        8.0,
    ]
    assert retry_delay(policy, 1, ConnectorError(429, retry_after=120.0)) == 8.0
    assert retry_delay(policy, 2, TimeoutError()) == 1.0  # a dropped connection: backoff


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after({"Retry-After": "3"}) == 3.0
    assert retry_after({}) is None
    assert retry_after({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    assert retry_after({"Retry-After": "soon"}) is None


async def test_teams_turns_and_connector_retries_are_counted(
    user: TeamsUser, connector: FakeConnector, client: TestClient[Any, Any]
) -> None:
    client.app[TEAMS_ENDPOINT].bot.retry = RetryPolicy(attempts=3, base_delay_s=0.01)
    before = await scrape(client)
    connector.fail_next(503, retry_after="0")
    await user.send("thankyou")
    after = await scrape(client)
    name = "thankyou_turns_total"
    labels = {"platform": "teams", "outcome": "ok"}
    assert sample(after, name, **labels) - sample(before, name, **labels) == 1
    retries = "thankyou_platform_api_retries_total"
    assert sample(after, retries, platform="teams") - sample(before, retries, platform="teams") == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_reply_is_addressed_as_botbuilder_addresses_it(user: TeamsUser) -> None:
    (reply,) = await user.send("help")
    activity = reply.activity
    assert reply.reply_to_id is not None and activity["replyToId"] == reply.reply_to_id
    assert activity["from"]["id"] == "28:thankyou-bot"
    assert activity["recipient"]["id"] == user.user_id
    assert activity["conversation"]["id"] == user.conversation_id
    assert activity["channelId"] == "msteams" and activity["serviceUrl"] == user.connector.url
    assert activity["inputHint"] == "acceptingInput" and activity["type"] == "message"
