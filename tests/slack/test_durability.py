"""Slack answers are saved before Slack is told they arrived (issue 9, items 1 and 2).

Every message ends saved and answered; or unacknowledged, so Slack redelivers it; or
with "I couldn't save that, please send it again" when nothing could be saved.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.slack.server import SLACK_APP
from bot.app import create_app
from bot.store import Store
from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.slack.conftest import FakeSlack, SlackHarness, slack_settings
from tests.tcp_proxy import TcpProxy

KEY = conversation_key("slack", "T1", "U1")
# Far above the app's database timeouts (bot/db.py): reaching it means something hung.
HUNG_S = 12


def record_order(slack: SlackHarness, monkeypatch: pytest.MonkeyPatch, order: list[str]) -> None:
    """Note when a turn is saved and when Slack gets its HTTP answer."""
    store: Store = slack.store
    save = store.save_conversation
    bolt = slack.client.app[SLACK_APP]
    dispatch = bolt.async_dispatch

    async def saving(*args: Any, **kwargs: Any) -> Any:
        result = await save(*args, **kwargs)
        order.append("saved")
        return result

    async def dispatching(*args: Any, **kwargs: Any) -> Any:
        response = await dispatch(*args, **kwargs)
        order.append(f"answered {response.status}")
        return response

    monkeypatch.setattr(store, "save_conversation", saving)
    monkeypatch.setattr(bolt, "async_dispatch", dispatching)


async def test_slack_is_answered_only_after_the_answer_is_saved(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await slack.command()
    order: list[str] = []
    record_order(slack, monkeypatch, order)
    posted = await slack.message(SINGLE[0])
    assert order == ["saved", "answered 200"]
    assert "company" in posted[0].text.lower()


async def test_a_button_press_is_answered_only_after_it_is_saved(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await slack.command()
    for line in SINGLE[:-1]:
        await slack.message(line)
    order: list[str] = []
    record_order(slack, monkeypatch, order)
    await slack.press("Formal")
    assert order == ["saved", "answered 200"]


async def test_an_answer_that_cannot_be_saved_is_refused_out_loud(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await slack.command()
    await slack.message(SINGLE[0])

    async def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise TimeoutError("the database did not answer")

    monkeypatch.setattr(slack.store, "save_conversation", unreachable)
    posted = await slack.message(SINGLE[1])
    assert [p.text for p in posted] == ["I couldn't save that, please send it again."]
    monkeypatch.undo()
    await slack.message(SINGLE[1])  # typed again, as asked
    await slack.message(SINGLE[2])
    record = await slack.store.open_conversation(KEY)
    assert record is not None
    assert record.state["answers"]["company"] == SINGLE[1]
    assert record.state["answers"]["stage"] == "video"  # SINGLE[2], the kind of interview


async def test_a_command_that_cannot_be_saved_says_so_in_its_acknowledgement(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionRefusedError("the database refused the connection")

    monkeypatch.setattr(slack.store, "start_conversation", unreachable)
    ack, posted = await slack.command()
    assert "couldn't save" in ack["text"]
    assert posted == []


RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
LATE = "A message of yours reached me after a later one, so I didn't take it as an answer"


async def test_a_redelivered_answer_that_was_never_saved_is_taken(slack: SlackHarness) -> None:
    """The process died before saving: Slack's retry is the answer."""
    await slack.command()
    body = slack.event_body(SINGLE[0])
    status, _, posted = await slack.send(body, "application/json", headers=RETRY)
    assert status == 200
    assert "company" in posted[0].text.lower()


async def test_a_late_redelivery_after_the_user_typed_it_again_is_not_taken(
    slack: SlackHarness,
) -> None:
    """The process died before saving; hearing nothing, the user typed the answer again;
    Slack's retry of the first copy arrives a minute later and must not become the
    answer to the next question. It is not dropped in silence: the user is told, and
    asked the current question again."""
    await slack.command()
    lost = slack.event_body(SINGLE[0])  # never saved
    await slack.message(SINGLE[0])  # typed again
    status, _, posted = await slack.send(lost, "application/json", headers=RETRY)
    assert status == 200
    assert [p.text.split(".")[0] for p in posted][:1] == [LATE]
    assert "company" in posted[1].text.lower()  # the question they are at
    record = await slack.store.open_conversation(KEY)
    assert record is not None
    assert "company" not in record.state["answers"]
    posted = await slack.message(SINGLE[1])
    assert "kind of interview" in posted[0].text.lower()


async def test_a_retype_before_the_redelivery_brings_the_missed_question(
    slack: SlackHarness,
) -> None:
    await slack.command()
    for _ in range(3):  # the reply is lost: the first try and both retries fail
        slack.fake.fail_once("chat.postMessage", 500)
    first = slack.event_body(SINGLE[0])
    status, _, _ = await slack.send(first, "application/json")
    assert status == 500
    posted = await slack.message(SINGLE[0])  # the user, hearing nothing, types it again
    assert "company" in posted[0].text.lower()
    status, _, posted = await slack.send(first, "application/json", headers=RETRY)
    assert status == 200 and posted == []  # the event was saved and answered: a duplicate
    record = await slack.store.open_conversation(KEY)
    assert record is not None and "company" not in record.state["answers"]
    posted = await slack.message(SINGLE[1])
    assert "kind of interview" in posted[0].text.lower()


@pytest.mark.postgres
async def test_during_a_partition_an_answer_is_refused_in_bounded_time_and_the_retype_fits(
    proxied_postgres: tuple[str, TcpProxy], fake_slack: FakeSlack
) -> None:
    url, proxy = proxied_postgres
    app = await create_app(slack_settings(url, fake_slack))
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        slack = SlackHarness.of(client, fake_slack, app)
        await slack.command()
        await slack.message(SINGLE[0])
        proxy.partition()
        posted = await asyncio.wait_for(slack.message(SINGLE[1]), HUNG_S)
        assert [p.text for p in posted] == ["I couldn't save that, please send it again."]
        proxy.heal()
        await slack.message(SINGLE[1])
        await slack.message(SINGLE[2])
        record = await slack.store.open_conversation(KEY)
        assert record is not None
        assert record.state["answers"]["company"] == SINGLE[1]
        assert record.state["answers"]["stage"] == "video"  # SINGLE[2], the kind of interview
    finally:
        proxy.heal()
        await client.close()
