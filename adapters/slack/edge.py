"""The front door of POST /slack/events: what bolt is never shown.

bolt answers 500, with a traceback in the log, for much that it cannot parse (a
timestamp that is not a number, a body that is not UTF-8 or not a JSON object, an
`event` that is a string), and waits 3 s before a 404 for a command without a user.
Here a request is checked first: its signature (401), then its encoding and shape, and
every id the listeners key data by (400, see adapters/ids.py); kinds this app does not
handle get a 404. Only a request that passes is handed to bolt. Socket Mode's envelopes
get the same checks (`refusal_of`, adapters/slack/socket_mode.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.ids import MAX_EVENT, MAX_TENANT, MAX_USER, valid_id
from adapters.slack.blocks import (
    CHOICE_ACTION,
    DELETE_CONFIRM_ACTION,
    DELETE_KEEP_ACTION,
    HOME_ACTION,
    LINK_ACTION,
    NOTE_ACTION,
)

COMMAND = "/thankyou"

# Slack's ids and timestamps are short; these bounds only keep the event ids we build
# from them ("action:<ts>:<action_ts>", "command:<trigger_id>") within their column.
MAX_TS = 40
MAX_TRIGGER = MAX_EVENT - len("command:")
MAX_CHANNEL = 64
MAX_AGE_S = 5 * 60  # as Slack asks: an older request may be a replay
MAX_TEXT = 40_000  # Slack's own limit for a message
# The buttons this app makes: the interview's, a note's, its drafts' links, the Home tab's.
HANDLED_ACTION_PREFIXES = tuple(
    f"{prefix}." for prefix in (CHOICE_ACTION, NOTE_ACTION, LINK_ACTION, HOME_ACTION)
)
EVENTS = ("message", "app_home_opened")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


class _Bad(Exception):
    """A part of the request is missing or malformed; the message names it."""


def unsigned(raw: bytes, headers: Mapping[str, str], secret: str) -> Refusal | None:
    """401 unless the body is signed with `secret` within the last five minutes."""
    timestamp = headers.get("X-Slack-Request-Timestamp") or ""
    signature = headers.get("X-Slack-Signature")
    if not _TIMESTAMP.fullmatch(timestamp) or not signature:
        return Refusal(401, "unsigned request")
    if abs(time.time() - int(timestamp)) > MAX_AGE_S:
        return Refusal(401, "stale request")
    # Over the raw bytes: slack-sdk's verifier decodes them first, failing on non-UTF-8.
    signed = b"v0:" + timestamp.encode() + b":" + raw
    expected = "v0=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return Refusal(401, "invalid signature")
    return None


def bolt_request(raw: bytes, headers: Mapping[str, str], query: str) -> AsyncBoltRequest | Refusal:
    """The request as bolt will see it, if it is one this app can handle."""
    try:
        text = raw.decode("utf-8")
        body = _parse(text, headers.get("Content-Type"))
        request = AsyncBoltRequest(body=text, query=query, headers=dict(headers))
        if request.body != body:
            # bolt takes any form body containing "payload" for a button press, so
            # `/thankyou payload` parsed to {}: give it the body and context it meant.
            request.body = body
            request.context = build_async_context(AsyncBoltContext({}), body)
    except (UnicodeDecodeError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        # ValueError covers invalid JSON; the others, shapes bolt's own parsing trips on.
        return Refusal(400, "malformed body")
    return refusal_of(request) or request


def refusal_of(request: AsyncBoltRequest) -> Refusal | None:
    """Why bolt must not be shown this request (its shape, its ids, its kind), or None.
    Over HTTP after the body is parsed; in Socket Mode for each envelope's payload."""
    try:
        _checked(request)
    except _Bad as error:
        return Refusal(400, str(error))
    except _Unhandled as error:
        return Refusal(404, str(error))
    return None


class _Unhandled(Exception):
    """A well-formed request of a kind this app does not handle."""


def _parse(text: str, content_type: str | None) -> dict[str, Any]:
    """The body as bolt's parse_body means it: JSON, a form, or a form whose `payload`
    field is JSON; anything else (not an object, an empty body) is refused."""
    if not text:
        raise ValueError("empty body")
    if (content_type or "").split(";")[0] == "application/json" or text.startswith("{"):
        body = json.loads(text)
    else:
        form = dict(parse_qsl(text, keep_blank_values=True))
        body = json.loads(form["payload"]) if "payload" in form else form
    if not isinstance(body, dict):
        raise ValueError("not an object")
    return body


def _checked(request: AsyncBoltRequest) -> None:
    body, context = request.body, request.context
    kind = body.get("type")
    if body.get("ssl_check") == "1":
        return
    if kind == "url_verification":
        _string(body.get("challenge"), "challenge", 200)
        return
    if "command" in body:
        if body["command"] != COMMAND:
            raise _Unhandled("a command this app does not handle")
        _string(body.get("text"), "text", MAX_TEXT)
        _optional_id(body.get("trigger_id"), "trigger_id", MAX_TRIGGER)
    elif kind == "event_callback":
        _event(body)
    elif kind == "block_actions":
        _actions(body)
    else:
        raise _Unhandled("not a request this app handles")
    _id(context.team_id or context.enterprise_id, "team", MAX_TENANT)
    if kind != "event_callback" or _is_person(body["event"]):
        _id(context.user_id, "user", MAX_USER)


def _event(body: Mapping[str, Any]) -> None:
    _id(body.get("event_id"), "event_id", MAX_EVENT)
    event = _object(body.get("event"), "event")
    if event.get("type") not in EVENTS:
        raise _Unhandled("an event this app does not subscribe to")
    _optional_id(event.get("tab"), "event.tab", 16)
    for name in ("subtype", "channel_type", "bot_id", "ts", "thread_ts"):
        _optional_id(event.get(name), f"event.{name}", MAX_TS if "ts" in name else 64)
    _optional_string(event.get("text"), "event.text", MAX_TEXT)
    _optional_id(event.get("channel"), "event.channel", MAX_CHANNEL)
    if _is_person(event):
        _id(event.get("channel"), "event.channel", MAX_CHANNEL)


def _is_person(event: Mapping[str, Any]) -> bool:
    """A message with a user and no bot: one the DM listener may act on."""
    return "user" in event and not event.get("bot_id") and not event.get("bot_profile")


def _actions(body: Mapping[str, Any]) -> None:
    container = _object(body.get("container"), "container") if body.get("view") else None
    if container is not None and container.get("type") == "view":
        _object(body.get("view"), "view")  # a Home tab button: no channel
    else:
        _object(body.get("channel"), "channel")
        _id(body["channel"].get("id"), "channel.id", MAX_CHANNEL)
    message = body.get("message")
    if message is not None:
        _object(message, "message")
        _optional_id(message.get("ts"), "message.ts", MAX_TS)
        blocks = message.get("blocks")
        if blocks is not None and not (
            isinstance(blocks, list) and all(isinstance(b, dict) for b in blocks)
        ):
            raise _Bad("message.blocks malformed")
    container = body.get("container")
    if container is not None:
        _object(container, "container")
        _optional_id(container.get("message_ts"), "container.message_ts", MAX_TS)
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        raise _Bad("actions missing or malformed")
    for action in actions:
        _object(action, "action")
        _string(action.get("action_id"), "action.action_id", 255)
        if not _handled_action(action["action_id"]):
            raise _Unhandled("a button this app did not make")
        _optional_string(action.get("value"), "action.value", 2000)
        _optional_id(action.get("action_ts"), "action.action_ts", MAX_TS)
        label = action.get("text")
        if label is not None:
            _object(label, "action.text")
            _optional_string(label.get("text"), "action.text.text", 300)


def _handled_action(action_id: str) -> bool:
    return action_id.startswith(HANDLED_ACTION_PREFIXES) or action_id in (
        DELETE_CONFIRM_ACTION,
        DELETE_KEEP_ACTION,
    )


def _object(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"{name} missing or malformed")
    return value


def _string(value: Any, name: str, limit: int) -> None:
    if not isinstance(value, str) or len(value) > limit:
        raise _Bad(f"{name} missing or malformed")


def _optional_string(value: Any, name: str, limit: int) -> None:
    if value is not None:
        _string(value, name, limit)


def _id(value: Any, name: str, limit: int) -> None:
    if not valid_id(value, limit):
        raise _Bad(f"{name} missing or malformed")


def _optional_id(value: Any, name: str, limit: int) -> None:
    if value is not None:
        _id(value, name, limit)
