"""Bad input to POST /slack/events gets a 4xx, never a 500 (issue 9, item 5): each case
of the report, on SQLite and PostgreSQL, where ids longer than their columns or with a
NUL in them used to make every turn of that user fail."""

from __future__ import annotations

import json
import logging
import urllib.parse
from typing import Any

import pytest

from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.hostile import assert_refused_quietly
from tests.slack.conftest import SlackHarness, sign, sign_bytes

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def _event(slack: SlackHarness, **changes: Any) -> str:
    """An event body with top-level fields changed; a field set to "-" is left out."""
    body = json.loads(slack.event_body("hello"))
    body.update(changes)
    return json.dumps({k: v for k, v in body.items() if v != "-"})


def _event_by(slack: SlackHarness, **changes: Any) -> str:
    body = json.loads(slack.event_body("hello"))
    body["event"].update(changes)
    return json.dumps(body)


def _command(slack: SlackHarness, **changes: str) -> str:
    fields = dict(urllib.parse.parse_qsl(slack.command_body("notes")))
    fields.update(changes)
    return urllib.parse.urlencode({k: v for k, v in fields.items() if v != "-"})


def _action(slack: SlackHarness, payload: Any) -> str:
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


CASES: dict[str, Any] = {
    "invalid JSON": lambda s: ("{not json", JSON),
    "a JSON array": lambda s: ("[1, 2]", JSON),
    "a JSON string": lambda s: ('"text"', JSON),
    "JSON null": lambda s: ("null", JSON),
    "payload= not JSON": lambda s: ("payload=%7Bnope", FORM),
    "payload= a list": lambda s: ("payload=%5B%5D", FORM),
    "event as a string": lambda s: (_event(s, event="message"), JSON),
    "event without a team": lambda s: (
        _event(s, authorizations="-", team_id="-", event={"type": "message", "user": "U1"}),
        JSON,
    ),
    "authorizations of strings": lambda s: (_event(s, authorizations=["x"]), JSON),
    "command without a user": lambda s: (_command(s, user_id="-"), FORM),
    "command without a team": lambda s: (_command(s, team_id="-"), FORM),
    "user id of 129": lambda s: (_command(s, user_id="U" * 129), FORM),
    "team id of 65": lambda s: (_command(s, team_id="T" * 65), FORM),
    "NUL in the user id": lambda s: (_command(s, user_id="U1\x00"), FORM),
    "NUL in the team id": lambda s: (_event(s, team_id="T1\x00", authorizations=[]), JSON),
    "event user of 129": lambda s: (_event_by(s, user="U" * 129), JSON),
    "event id of 201": lambda s: (_event(s, event_id="E" * 201), JSON),
    "NUL in the event id": lambda s: (_event(s, event_id="Ev\x00"), JSON),
    "trigger id of 200": lambda s: (_command(s, trigger_id="t" * 200, text="resume"), FORM),
    "event text an object": lambda s: (_event_by(s, text={"a": 1}), JSON),
    "action with no channel": lambda s: (
        _action(s, {"type": "block_actions", "user": {"id": "U1"}, "team": {"id": "T1"}}),
        FORM,
    ),
    "action id a number": lambda s: (
        _action(
            s,
            {
                "type": "block_actions",
                "user": {"id": "U1"},
                "team": {"id": "T1"},
                "channel": {"id": "DU1"},
                "actions": [{"action_id": 5}],
            },
        ),
        FORM,
    ),
    "NUL in a pressed message's ts": lambda s: (
        _action(
            s,
            {
                "type": "block_actions",
                "user": {"id": "U1"},
                "team": {"id": "T1"},
                "channel": {"id": "DU1"},
                "message": {"ts": "\x00", "blocks": []},
                "actions": [{"action_id": "thankyou.choice.0", "value": '{"value": "x"}'}],
            },
        ),
        FORM,
    ),
    "a view submission": lambda s: (_action(s, {"type": "view_submission"}), FORM),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_signed_bad_input_gets_a_4xx_and_one_log_line_at_most(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    body, content_type = CASES[case](slack)
    caplog.set_level(logging.INFO)
    status, text, posted = await slack.send(body, content_type, reaches_listener=False)
    assert 400 <= status < 500, (status, text)
    assert posted == []
    assert_refused_quietly(status, text, caplog)


async def test_bodies_that_are_not_utf8_or_wrongly_stamped_are_refused(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    raw = b'{"type": "event_callback", "x": "\xff\xfe"}'
    for headers in (
        {"Content-Type": JSON, **sign_bytes(raw)},
        {"Content-Type": JSON, "X-Slack-Request-Timestamp": "abc"},
        {"Content-Type": FORM, "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=1"},
        {"Content-Type": f"{JSON}; charset=no-such-charset", **sign("{}")},
    ):
        caplog.clear()
        data = raw if "abc" not in headers["X-Slack-Request-Timestamp"] else b"{}"
        response = await slack.client.post("/slack/events", data=data, headers=headers)
        text = await response.text()
        assert 400 <= response.status < 500, (headers, response.status, text)
        assert_refused_quietly(response.status, text, caplog)


async def test_a_notes_number_that_is_not_a_number_gets_the_usage(slack: SlackHarness) -> None:
    ack, posted = await slack.command("notes ²")
    assert "notes" in ack["text"] and posted == []


async def test_after_all_that_the_user_carries_on(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    for case in CASES.values():
        body, content_type = case(slack)
        await slack.send(body, content_type, reaches_listener=False)
    await slack.message("hi")
    posted = await slack.message(SINGLE[0])
    assert posted and "company" in posted[0].text.lower()
    record = await slack.store.open_conversation(conversation_key("slack", "T1", "U1"))
    assert record is not None


async def test_a_command_with_the_word_payload_is_still_a_command(slack: SlackHarness) -> None:
    """bolt took any form body containing "payload" for a button press: a 404."""
    ack, posted = await slack.command("payload")
    assert "payload" in ack["text"] and posted == []  # the usage, naming what was typed


@pytest.mark.parametrize("second", ["help", "notes ²", "what", "notes", "reminders", ""])
@pytest.mark.parametrize("first", ["notes", "help", "start"])
async def test_a_reused_trigger_id_is_answered_once_and_quietly(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture, first: str, second: str
) -> None:
    """A second `/thankyou` with the trigger id of one already answered (only a replay
    or a forgery sends one): a 200, nothing posted again, one log line at most."""
    answered = dict(urllib.parse.parse_qsl(slack.command_body(first), keep_blank_values=True))
    status, _, _ = await slack.send(urllib.parse.urlencode(answered), FORM)
    assert status == 200
    replay = {
        **dict(urllib.parse.parse_qsl(slack.command_body(second), keep_blank_values=True)),
        "trigger_id": answered["trigger_id"],
    }
    caplog.set_level(logging.INFO)
    caplog.clear()
    status, text, posted = await slack.send(urllib.parse.urlencode(replay), FORM)
    assert status == 200 and posted == []
    assert_refused_quietly(status, text, caplog)
