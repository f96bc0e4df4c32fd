"""Replies to the connector: retried with backoff on 429 and 5xx; a lost reply loses no state."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from adapters.teams import TEAMS_ENDPOINT, RetryPolicy
from bot.app import STORE
from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser


@pytest.fixture(autouse=True)
def quick_retries(client: TestClient[Any, Any]) -> None:
    client.app[TEAMS_ENDPOINT].bot.retry = RetryPolicy(attempts=3, base_delay_s=0.01)


async def test_a_429_is_retried_after_the_time_the_connector_asks(
    user: TeamsUser, connector: FakeConnector
) -> None:
    connector.fail_next(429, retry_after="0")
    await user.send("thankyou")
    assert connector.failed == [429]
    (reply,) = await connector.wait_for(1)
    assert "Who interviewed you?" in reply.text


async def test_a_500_is_retried_with_backoff(user: TeamsUser, connector: FakeConnector) -> None:
    connector.fail_next(500)
    connector.fail_next(503)
    await user.send("thankyou")
    assert connector.failed == [500, 503]
    (reply,) = await connector.wait_for(1)
    assert "Who interviewed you?" in reply.text


async def test_a_reply_that_never_goes_through_is_logged_and_the_answer_kept(
    user: TeamsUser, connector: FakeConnector, caplog: pytest.LogCaptureFixture
) -> None:
    await user.send("thankyou")
    connector.fail_next(500, times=3)
    with caplog.at_level(logging.ERROR, logger="adapters.teams"):
        assert await user.post(user.activity(text=SINGLE[0])) == 200
    assert user.replies == []
    assert "failed with HTTP 500 after 3 attempt(s)" in caplog.text
    # The user never saw the next question: whatever they send first brings it, rather
    # than being taken as its answer.
    await user.send(SINGLE[0])
    assert "Which company" in user.text
    await user.send("back")  # the interviewers were saved before the reply was lost
    assert "Emily Carter" in user.text


async def test_a_client_error_is_not_retried(user: TeamsUser, connector: FakeConnector) -> None:
    connector.fail_next(403)
    assert await user.post(user.activity(text="thankyou")) == 200
    assert connector.failed == [403]
    assert user.replies == []


async def test_an_html_502_from_a_gateway_is_retried_like_a_json_one(
    user: TeamsUser, connector: FakeConnector
) -> None:
    connector.fail_next(502, html=True)
    connector.fail_next(502)
    await user.send("thankyou")
    assert connector.failed == [502, 502]
    (reply,) = await connector.wait_for(1)
    assert "Who interviewed you?" in reply.text


async def test_a_redelivered_activity_whose_reply_was_lost_gets_it_again(
    user: TeamsUser, connector: FakeConnector
) -> None:
    """Saved, reply lost (as when the process dies before replying): the connector's
    redelivery of the same activity brings the next question, not silence."""
    await user.send("thankyou")
    connector.fail_next(500, times=3)
    answer = user.activity(text=SINGLE[0])
    assert await user.post(answer) == 200
    assert user.replies == []
    assert await user.post(answer) == 200  # the redelivery: same activity id
    assert "Which company" in user.text
    assert await user.post(answer) == 200  # answered now: a plain duplicate
    assert user.replies == []
    await user.send(SINGLE[1])
    assert "kind of interview" in user.text.lower()


async def test_a_failure_after_the_save_does_not_ask_to_send_it_again(
    user: TeamsUser, client: TestClient[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    await user.send("thankyou")
    bot = client.app[TEAMS_ENDPOINT].bot

    def broken(replies: object) -> list[dict[str, Any]]:
        raise RuntimeError("a bug after the save")

    monkeypatch.setattr(bot._render, "activities", broken)
    answer = user.activity(text=SINGLE[0])
    await user.post(answer)
    assert "send that again" not in user.text
    monkeypatch.undo()
    await user.post(answer)  # the redelivery resends what the saved turn said
    assert "Which company" in user.text


async def test_a_late_redelivery_after_the_user_typed_it_again_is_not_taken(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    """The first copy was never saved (the process died); the user typed it again; the
    connector's redelivery of the first copy must not fill the next field. It is not
    dropped in silence: the user is told, and asked the current question again."""
    await user.send("thankyou")
    lost = user.activity(text=SINGLE[0])  # sent now, never processed
    await user.send(SINGLE[0])  # typed again
    assert "Which company" in user.text
    assert await user.post(lost) == 200
    assert "reached me after a later one" in user.text
    assert user.text.index("reached me") < user.text.index("Which company")
    key = conversation_key("msteams", user.tenant, user.aad_object_id)
    record = await client.app[STORE].open_conversation(key)
    assert record is not None and "company" not in record.state["answers"]
