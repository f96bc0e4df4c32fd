"""Which messages are taken, by Slack's clock alone, over HTTP and Socket Mode (issue 23).

A message is compared with the last one taken for the user by Slack's timestamps (the
event's `ts`, a button's `action_ts`); one sent before it arrived late and is not taken,
and the user is told and asked the current question again. Slack's retry number says
only whether Slack itself is redelivering: Socket Mode marks every first delivery
`retry_attempt: 0` (bolt passes it on as X-Slack-Retry-Num: 0), and such messages used
to be dropped without a reply when the delivery took longer than our save.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.parse
from typing import Any

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.listeners import retry_number, slack_time
from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.slack.conftest import Posted, SlackHarness

KEY = conversation_key("slack", "T1", "U1")
JSON = "application/json"
LATE = "A message of yours reached me after a later one"
RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


async def answers(slack: SlackHarness) -> dict[str, Any]:
    record = await slack.store.open_conversation(KEY)
    assert record is not None
    return dict(record.state["answers"])


def texts(posted: list[Posted]) -> list[str]:
    return [p.text for p in posted]


@pytest.mark.parametrize("gap_s", [0.05, 0.2, 0.5, 0.8])
async def test_a_quick_second_message_delivered_late_is_taken(
    slack_both: SlackHarness, gap_s: float
) -> None:
    """Two answers sent `gap_s` apart, each delivered a second after it was sent (Slack's
    usual latency): both were sent before the first one's save, by our clock. Each is
    taken, in its field, and answered with the next question."""
    slack = slack_both
    await slack.command()
    sent = slack.slack_now() - 1.0
    first = slack.event_body(SINGLE[0], ts=f"{sent:.6f}")
    second = slack.event_body(SINGLE[1], ts=f"{sent + gap_s:.6f}")
    status, _, posted = await slack.send(first, JSON)
    assert status == 200 and "company" in posted[-1].text.lower(), texts(posted)
    status, _, posted = await slack.send(second, JSON)
    assert status == 200 and "kind of interview" in posted[-1].text.lower(), texts(posted)
    saved = await answers(slack)
    assert saved["interviewers"][0]["name"] == "Emily Carter"
    assert saved["company"] == SINGLE[1]


@pytest.mark.parametrize("retry", [None, "1", "3"])
async def test_a_message_overtaken_by_a_later_one_is_not_taken_and_says_so(
    slack_both: SlackHarness, retry: str | None
) -> None:
    """The second answer arrives first and is taken; the first, sent earlier by Slack's
    clock, arrives after it (overtaken, or Slack's retry of a message the user has since
    typed again). It would fill the wrong field: it is not taken, and the user hears so,
    with the question they are at."""
    slack = slack_both
    await slack.command()
    await slack.message(SINGLE[0])
    sent = slack.slack_now()
    earlier = slack.event_body("Some Other Company", ts=f"{sent - 0.3:.6f}")
    later = slack.event_body(SINGLE[1], ts=f"{sent:.6f}")
    _, _, posted = await slack.send(later, JSON)
    assert "kind of interview" in posted[-1].text.lower()
    headers = {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
    status, _, posted = await slack.send(earlier, JSON, headers=headers)
    assert status == 200
    assert posted[0].text.startswith(LATE), texts(posted)
    assert "kind of interview" in posted[-1].text.lower()  # asked again: nothing moved
    saved = await answers(slack)
    assert saved["company"] == SINGLE[1] and "stage" not in saved
    posted = await slack.message(SINGLE[2])  # and they carry on from there
    assert not posted[0].text.startswith(LATE)
    assert (await answers(slack))["stage"] == SINGLE[2]


async def test_a_late_button_press_is_not_taken_either(slack_both: SlackHarness) -> None:
    """A press is stamped by Slack too (`action_ts`): a typed answer sent after it and
    taken first makes the press late."""
    slack = slack_both
    await slack.command()
    for line in SINGLE[:2]:
        await slack.message(line)
    kinds = slack.last_with_button("Final round")
    press = slack.action_body(kinds, "Final round")  # stamped now
    await slack.message("video")  # typed after the press, delivered before it
    status, _, posted = await slack.send(press, "application/x-www-form-urlencoded")
    assert status == 200
    assert posted[0].text.startswith(LATE), texts(posted)
    assert (await answers(slack))["stage"] == "video"


async def test_slacks_retry_of_a_message_never_taken_is_taken(slack_both: SlackHarness) -> None:
    """The process died before saving the message and the user sent nothing since:
    Slack's retry is the answer, in its field."""
    slack = slack_both
    await slack.command()
    await slack.message(SINGLE[0])
    lost = slack.event_body(SINGLE[1])
    status, _, posted = await slack.send(lost, JSON, headers=RETRY)
    assert status == 200 and "kind of interview" in posted[-1].text.lower()
    assert (await answers(slack))["company"] == SINGLE[1]


async def test_a_retype_and_then_slacks_retry_of_the_lost_message(
    slack_both: SlackHarness,
) -> None:
    """The first copy was never saved; the user typed it again; Slack's retry of the
    first copy arrives a minute later: not taken, told so, nothing changes."""
    slack = slack_both
    await slack.command()
    lost = slack.event_body(SINGLE[0])
    await slack.message(SINGLE[0])
    status, _, posted = await slack.send(lost, JSON, headers=RETRY)
    assert status == 200
    assert posted[0].text.startswith(LATE) and "company" in posted[-1].text.lower()
    assert "company" not in await answers(slack)


def request_with(headers: dict[str, Any]) -> AsyncBoltRequest:
    return AsyncBoltRequest(body="{}", headers=headers)


@pytest.mark.parametrize(
    ("headers", "number"),
    [
        ({}, 0),
        ({"X-Slack-Retry-Num": "0"}, 0),  # every first delivery in Socket Mode
        ({"X-Slack-Retry-Num": "1"}, 1),
        ({"X-Slack-Retry-Num": "3"}, 3),
        ({"X-Slack-Retry-Num": ""}, 0),
        ({"X-Slack-Retry-Num": "one"}, 0),
        ({"X-Slack-Retry-Num": "-1"}, 0),
    ],
)
def test_the_retry_number_is_read_as_a_number(headers: dict[str, Any], number: int) -> None:
    assert retry_number(request_with(headers)) == number


@pytest.mark.parametrize(
    ("ts", "expected"),
    [
        ("1700000100.000200", dt.datetime(2023, 11, 14, 22, 15, 0, 200, tzinfo=dt.UTC)),
        ("1700000100.000201", dt.datetime(2023, 11, 14, 22, 15, 0, 201, tzinfo=dt.UTC)),
        ("1700000100", dt.datetime(2023, 11, 14, 22, 15, tzinfo=dt.UTC)),
        ("1700000100.5", dt.datetime(2023, 11, 14, 22, 15, 0, 500000, tzinfo=dt.UTC)),
        ("", None),
        ("soon", None),
        ("1e9", None),
        ("1700000100.0000001", None),
        ("999999999999.000000", None),  # past the year 9999
        (1700000100.5, None),  # Slack sends a string
        (None, None),
    ],
)
def test_a_slack_timestamp_is_read_to_the_microsecond(ts: Any, expected: Any) -> None:
    """Two messages a microsecond apart stay in order (a float would round them)."""
    assert slack_time(ts) == expected


def envelope(payload: Any, kind: str = "events_api") -> dict[str, Any]:
    return {"envelope_id": "env-hostile", "type": kind, "payload": payload, "retry_attempt": 0}


LONG = "T" + "9" * 9_999


def hostile_envelopes(slack: SlackHarness) -> list[tuple[str, dict[str, Any], str]]:
    """(case, envelope, the id that must not reach the log or the database)."""
    event = json.loads(slack.event_body("hello"))
    long_team = {**event, "team_id": LONG, "authorizations": [{"team_id": LONG}]}
    long_team["event"] = {**event["event"], "team": LONG}
    nul_user = {**event, "event": {**event["event"], "user": "U\x00" + "1" * 50}}
    long_event = {**event, "event_id": "Ev" + "1" * 300}
    nul_channel = {**event, "event": {**event["event"], "channel": "D\x00" + "2" * 60}}
    command = dict(urllib.parse.parse_qsl(slack.command_body(""), keep_blank_values=True))
    long_command_team = {**command, "team_id": LONG}
    return [
        ("a 10,000-character team id", envelope(long_team), LONG),
        ("a NUL in the user id", envelope(nul_user), nul_user["event"]["user"]),
        ("an event id past its column", envelope(long_event), long_event["event_id"]),
        ("a NUL in the channel", envelope(nul_channel), nul_channel["event"]["channel"]),
        ("a command's long team", envelope(long_command_team, "slash_commands"), LONG),
        ("a payload that is a string", envelope("U" + "7" * 300), "U" + "7" * 300),
    ]


@pytest.mark.parametrize("case", range(6))
async def test_socket_mode_refuses_malformed_ids_as_the_http_edge_does(
    slack_app_factory: Any, case: int, caplog: pytest.LogCaptureFixture
) -> None:
    """Such an envelope is not acknowledged (as HTTP's 4xx is no acknowledgement), saves
    nothing, and its ids reach no log line; the next user is served."""
    slack: SlackHarness = await slack_app_factory("socket")
    name, sent, bad_id = hostile_envelopes(slack)[case]
    assert slack.socket is not None and slack.envelopes is not None
    with caplog.at_level(logging.INFO):
        await slack.socket.send_str(json.dumps(sent))
        status = await slack.envelopes.handled(sent["envelope_id"])
    assert status in (400, 404), name
    assert not [a for a in slack.fake.socket_answers if a["envelope_id"] == "env-hostile"]
    assert slack.fake.posted() == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert bad_id[:40] not in logged, name
    posted = await slack.message("hi")
    assert "thank-you note" in posted[0].text


@pytest.mark.parametrize(
    "zone",
    [5, -8.5, {"name": "America/New_York"}, ["America/New_York"], True, "", "Not/AZone", None],
    ids=repr,
)
async def test_a_time_zone_that_is_no_zone_name_is_treated_as_missing(
    slack_both: SlackHarness, zone: Any
) -> None:
    """users.info's `tz` is a string; a number or an object there failed every turn of
    that user with TypeError. Now their interview runs, in the server's zone."""
    slack = slack_both
    slack.fake.time_zone = zone
    posted = await slack.message("hi")
    assert "thank-you note" in posted[0].text, texts(posted)
    for line in SINGLE[:5]:  # through the interview date, which needs "today"
        posted = await slack.message(line)
        assert "couldn't save" not in posted[0].text
    saved = await answers(slack)
    assert saved["company"] == SINGLE[1] and saved.get("interview_date")
