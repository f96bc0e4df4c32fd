"""What reaches a turn and what does not: signatures, retries, bots, subtypes, escaping."""

from __future__ import annotations

import time
from typing import Any

import pytest

from dialogs.messages import conversation_key
from tests.dialog_script import AT, SINGLE
from tests.slack.conftest import SlackHarness, sign

KEY = conversation_key("slack", "T1", "U1")


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no signature at all
        sign("something else"),  # signed, but another body
        sign("{}", secret="not-the-secret"),
        {"BODY": "stale"},  # rightly signed, over 5 minutes old (signed in the test)
    ],
    ids=["missing", "other-body", "wrong-secret", "stale"],
)
async def test_unverified_requests_get_401_and_nothing_happens(
    slack: SlackHarness, headers: dict[str, str]
) -> None:
    stale = "BODY" in headers
    for content_type, body in (
        ("application/json", slack.event_body("hello")),
        ("application/x-www-form-urlencoded", slack.command_body("")),
    ):
        sent = sign(body, timestamp=int(time.time()) - 301) if stale else headers
        response = await slack.client.post(
            "/slack/events", data=body, headers={"Content-Type": content_type, **sent}
        )
        assert response.status == 401
    assert slack.fake.calls == []
    assert await slack.store.open_conversation(KEY) is None


async def test_a_retried_event_is_answered_once(slack: SlackHarness) -> None:
    await slack.command()
    body = slack.event_body(SINGLE[0], event_id="EvSAME")
    status, _, posted = await slack.send(body, "application/json")
    assert status == 200 and len(posted) == 1
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    status, _, posted = await slack.send(body, "application/json", headers=retry)
    assert status == 200 and posted == []
    # The same event_id with another body (a duplicate delivery) is still one event.
    again = slack.event_body("Another Company", event_id="EvSAME")
    status, _, posted = await slack.send(again, "application/json")
    assert posted == []
    record = await slack.store.open_conversation(KEY)
    assert record is not None and "company" not in record.state["answers"]


async def test_the_same_event_id_in_another_workspace_is_another_event(
    slack: SlackHarness,
) -> None:
    first = await slack.message("hi", event_id="EvSHARED")
    second = await slack.message("hi", team="T2", event_id="EvSHARED")
    assert first and second


@pytest.mark.parametrize(
    "extra",
    [
        {"subtype": "message_changed"},
        {"subtype": "message_deleted"},
        {"subtype": "bot_message", "bot_id": "BOTHER"},
        {"bot_id": "BOTHER", "bot_profile": {"name": "another bot"}},
        {"subtype": "channel_join"},
        {"channel_type": "channel"},
    ],
    ids=["edit", "deletion", "bot-message", "other-bot", "join", "not-a-dm"],
)
async def test_bots_edits_and_other_subtypes_are_ignored(
    slack: SlackHarness, extra: dict[str, Any]
) -> None:
    posted = await slack.message("hello", **extra)
    assert posted == []
    assert await slack.store.open_conversation(KEY) is None


async def test_the_bots_own_messages_are_ignored(slack: SlackHarness) -> None:
    await slack.message("hi")  # bolt learns the bot's own ids (auth.test)
    before = len(slack.fake.posted())
    body = slack.event_body("Your answer so far", user="UBOT", bot_id="BBOT")
    # Bolt drops the bot's own events before any listener runs.
    await slack.send(body, "application/json", reaches_listener=False)
    posted = await slack.message(SINGLE[0])
    assert len(slack.fake.posted()) == before + len(posted) == before + 1


async def test_hostile_text_is_escaped_wherever_it_is_shown(slack: SlackHarness) -> None:
    await slack.command()
    await slack.message(SINGLE[0])
    # As Slack sends it: an @channel the user typed, a mention, and literal <, >, &.
    await slack.message("Acme <!channel> <@U123> &amp; &lt;!here&gt; &lt;b&gt;")
    posted = await slack.message("back")  # shows the saved answer
    shown = posted[-1]
    assert "@channel @U123 &amp; &lt;!here&gt; &lt;b&gt;" in shown.text
    record = await slack.store.open_conversation(KEY)
    assert record is not None
    assert record.state["answers"]["company"] == "Acme @channel @U123 & <!here> <b>"
    # Slack parses `<...>` in mrkdwn and in the notification text: escaped there. A
    # plain_text object (button labels, the notes) is shown as is and parses nothing.
    for call in slack.fake.of("chat.postMessage"):
        parsed = [call.params["text"]] + [
            block["text"]["text"]
            for block in call.params["blocks"]
            if block.get("text", {}).get("type") == "mrkdwn"
        ]
        for text in parsed:
            for ping in ("<!channel>", "<!here>", "<@U123>", "<b>"):
                assert ping not in text
    assert shown.button('Keep "Acme @channel @U123 & <!here> <b>"')


async def test_links_and_emails_arrive_as_typed(slack: SlackHarness) -> None:
    await slack.command()
    for line in SINGLE[: AT["contact"]]:
        await slack.message(line)
    # Slack turns a typed e-mail address into a mailto link.
    await slack.message("<mailto:jo@example.com|jo@example.com> (555) 014-2290")
    record = await slack.store.open_conversation(KEY)
    assert record is not None and record.state["answers"]["email"] == "jo@example.com"


async def test_past_the_turn_limit_requests_are_refused_before_the_ack(
    slack: SlackHarness,
) -> None:
    slack.limiter.in_flight += 10_000  # as if that many turns were running
    status, ack, _ = await slack.send(
        slack.command_body(""), "application/x-www-form-urlencoded", reaches_listener=False
    )
    assert status == 200 and "try again in a minute" in ack
    status, _, _ = await slack.send(
        slack.event_body("hi"), "application/json", reaches_listener=False
    )
    assert status == 503  # Slack retries the event later
    slack.limiter.in_flight -= 10_000
    assert await slack.message("hi")
