"""Any request to /slack/events gets a 2xx or a 4xx, never a traceback, at most one log
line, and the server stays healthy (issue 9, item 5). Most requests are rightly signed,
so the checks behind the signature are what is fuzzed. `pytest -m fuzz`;
FUZZ_PROFILE=long for the long run (README, Reliability)."""

from __future__ import annotations

import json
import logging
import urllib.parse
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.hostile import assert_refused_quietly
from tests.slack.conftest import SlackHarness, sign_bytes
from tests.strategies import ANY_JSON, NASTY_TEXT, OMIT, ids

pytestmark = pytest.mark.fuzz

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
WORDS = ("", "notes", "notes 1", "notes ²", "resume", "cancel", "help", "delete-my-data")
HEADER_TEXT = st.characters(min_codepoint=0x20, max_codepoint=0x7E)  # what HTTP can carry
NASTY = st.one_of(st.just(OMIT), ANY_JSON, NASTY_TEXT, ids("U1", "T1", "DU1", "Ev1"))

COMMAND_PATHS = ("user_id", "team_id", "text", "trigger_id", "command", "enterprise_id", "user")
EVENT_PATHS = (
    ("type",),
    ("team_id",),
    ("event_id",),
    ("authorizations",),
    ("enterprise",),
    ("event",),
    ("event", "type"),
    ("event", "user"),
    ("event", "text"),
    ("event", "channel"),
    ("event", "channel_type"),
    ("event", "subtype"),
    ("event", "bot_id"),
    ("event", "team"),
    ("event", "message"),
    ("user",),
    ("team",),
)
ACTION_PATHS = (
    ("type",),
    ("user",),
    ("user", "id"),
    ("team",),
    ("team", "id"),
    ("channel",),
    ("channel", "id"),
    ("message",),
    ("message", "ts"),
    ("message", "blocks"),
    ("container",),
    ("actions",),
    ("actions", 0, "action_id"),
    ("actions", 0, "value"),
    ("actions", 0, "text"),
    ("actions", 0, "action_ts"),
)


def _mutate(draw: st.DrawFn, document: dict[str, Any], paths: tuple[Any, ...]) -> None:
    for path in draw(st.lists(st.sampled_from(paths), max_size=3)):
        value = draw(NASTY)
        target: Any = document
        for key in path[:-1]:
            if isinstance(key, int):
                if not isinstance(target, list) or not target:
                    break
                target = target[0]
            else:
                if not isinstance(target, dict):
                    break
                if not isinstance(target.get(key), dict | list):
                    target[key] = {}
                target = target[key]
        else:
            if isinstance(target, dict):
                if value is OMIT:
                    target.pop(path[-1], None)
                else:
                    target[path[-1]] = value


@st.composite
def requests(draw: st.DrawFn, slack: SlackHarness) -> tuple[bytes, str]:
    """(body, content type) of a command, a DM event or a button press, made hostile."""
    kind = draw(st.sampled_from(["command", "event", "action", "raw"]))
    if kind == "command":
        fields = dict(urllib.parse.parse_qsl(slack.command_body(draw(st.sampled_from(WORDS)))))
        for path in draw(st.lists(st.sampled_from(COMMAND_PATHS), max_size=3)):
            value = draw(NASTY)
            if value is OMIT:
                fields.pop(path, None)
            else:
                fields[path] = value if isinstance(value, str) else json.dumps(value)
        # A lone surrogate becomes bytes that are not UTF-8, as a client could send them.
        encoded = {k: v.encode("utf-8", "surrogatepass") for k, v in fields.items()}
        return urllib.parse.urlencode(encoded).encode(), FORM
    if kind == "event":
        text = draw(st.one_of(st.sampled_from(WORDS), NASTY_TEXT))
        body = json.loads(slack.event_body(text))
        _mutate(draw, body, EVENT_PATHS)
        return json.dumps(body).encode(), JSON
    if kind == "action":
        value = json.dumps({"value": draw(st.sampled_from(WORDS)), "ref": "x.1"})
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": "U1", "team_id": "T1"},
            "team": {"id": "T1"},
            "channel": {"id": "DU1"},
            "container": {"type": "message", "message_ts": "1.2", "channel_id": "DU1"},
            "message": {"ts": "1.2", "text": "q", "blocks": [{"type": "section"}]},
            "actions": [
                {
                    "action_id": f"thankyou.choice.{draw(st.integers(0, 3))}",
                    "value": value,
                    "text": {"type": "plain_text", "text": "Yes"},
                    "action_ts": "1.3",
                }
            ],
        }
        _mutate(draw, payload, ACTION_PATHS)
        return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode(), FORM
    raw = draw(st.one_of(st.binary(max_size=200), ANY_JSON.map(lambda v: json.dumps(v).encode())))
    return raw, draw(st.sampled_from([JSON, FORM, "text/plain"]))


@st.composite
def signed(draw: st.DrawFn, body: bytes, content_type: str) -> dict[str, str]:
    """Headers for `body`: mostly rightly signed, else unsigned or signed with garbage."""
    headers = {"Content-Type": content_type}
    signing = draw(st.sampled_from(["signed", "signed", "signed", "unsigned", "garbage"]))
    if signing == "signed":
        headers.update(sign_bytes(body))
    elif signing == "garbage":
        headers["X-Slack-Request-Timestamp"] = draw(st.text(HEADER_TEXT, max_size=12))
        headers["X-Slack-Signature"] = draw(st.text(HEADER_TEXT, max_size=70))
    return headers


@given(data=st.data())
async def test_any_request_gets_a_2xx_or_4xx_quietly(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    caplog.set_level(logging.INFO)
    body, content_type = data.draw(requests(slack))
    sent = data.draw(signed(body, content_type))
    caplog.clear()
    response = await slack.client.post("/slack/events", data=body, headers=sent)
    text = await response.text()
    event(f"HTTP {response.status}")
    if response.status == 200:
        slack.expected_runs += 1  # only a listener answers 200 here
    await slack.settle()
    assert_refused_quietly(response.status, text, caplog)
    # Still healthy: the database answers and a real user is served.
    assert (await slack.client.get("/healthz")).status == 200
    ack, _ = await slack.command("help", user="UZ", team="TZ")
    assert ack["text"]
