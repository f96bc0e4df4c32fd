"""Slack test harness: the real AsyncApp on the real aiohttp server, a fake Web API.

- `fake_slack`: a fake Slack Web API on 127.0.0.1 that records every call and answers
  auth.test, chat.postMessage, chat.update, conversations.open, users.info and
  oauth.v2.access; `fail_once(method, status)` makes its next answer a 429 (with
  Retry-After) or a 500; `gate(method)` holds its calls until the test opens the gate.
  It also serves Socket Mode: each app that connects gets a WebSocket of its own.
- `slack`: `create_app(Settings(...))` on a fresh database of each kind (SQLite and
  PostgreSQL), Slack mounted against `fake_slack`, driven by signed HTTP requests;
  `slack_both`: the same over HTTP and over Socket Mode (envelopes on the WebSocket).

Every timestamp the harness sends (a message's `ts`, a button's `action_ts`, the
signature's time) is read from Slack's clock: this machine's, moved by `skew_s` to
play a server whose clock is ahead of or behind Slack's.

Nothing sleeps: each request that reaches a listener is awaited through the adapter's
`TurnLimiter` (every listener run finishes through it), each envelope through the
Socket Mode handler's `on_handled`, and API calls through `FakeSlack.wait_for`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.signature import SignatureVerifier

from adapters.slack.home import HomeTab
from adapters.slack.limiter import TurnLimiter
from adapters.slack.server import SLACK_HOME, SLACK_LIMITER, SLACK_SOCKET_MODE
from adapters.slack.socket_mode import SocketMode
from bot.app import STORE, create_app
from bot.settings import Settings
from bot.store import Store
from bot.store.db import upgrade
from tests.slack import block_kit

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
BOT_USER = "UBOT"
BOT_ID = "BBOT"
SETTLE_SECONDS = 15


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: Mapping[str, str]
    status: int = 200
    answer: dict[str, Any] = field(default_factory=dict)


@dataclass
class Posted:
    """A chat.postMessage or chat.update, read back the way a person sees it."""

    call: Call

    @property
    def ts(self) -> str:
        return str(self.call.answer["ts"])

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.call.params.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else list(blocks)

    @property
    def text(self) -> str:
        """Every text in the message's blocks, one per line."""
        lines = []
        for block in self.blocks:
            if block.get("text"):
                lines.append(block["text"]["text"])
            for element in block.get("elements", []):
                if element.get("type") in ("mrkdwn", "plain_text"):
                    lines.append(element["text"])
        return "\n".join(lines)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [
            element
            for block in self.blocks
            if block.get("type") == "actions"
            for element in block["elements"]
        ]

    def button(self, label: str) -> dict[str, Any]:
        for element in self.buttons:
            if element["text"]["text"] == label:
                return element
        labels = [b["text"]["text"] for b in self.buttons]
        raise AssertionError(f"no button {label!r} in {labels}")


class Gate:
    """Holds the calls of one Web API method (those `when` picks by their parameters)
    until `open()`: `waiting` says how many are being held."""

    def __init__(self, changed: asyncio.Condition, when: Callable[[dict[str, Any]], bool]) -> None:
        self._open = asyncio.Event()
        self._changed = changed
        self.when = when
        self.waiting = 0

    async def hold(self) -> None:
        async with self._changed:
            self.waiting += 1
            self._changed.notify_all()
        await self._open.wait()

    def open(self) -> None:
        self._open.set()


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._failures: dict[str, list[int]] = {}
        self._gates: dict[str, Gate] = {}
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
        self.url = ""
        self.sockets: list[web.WebSocketResponse] = []  # one per app connected
        self.socket_answers: list[dict[str, Any]] = []  # what the apps sent back
        # What users.info says of a user's time zone (Slack sends an IANA name).
        self.time_zone: Any = "America/Los_Angeles"
        # Seconds a method takes to answer: a slow platform (benches; tests use gates).
        self.latency_s: dict[str, float] = {}

    @property
    def socket(self) -> web.WebSocketResponse | None:
        """The first app's Socket Mode connection."""
        return self.sockets[0] if self.sockets else None

    def fail_once(self, method: str, status: int) -> None:
        """The next call of `method` gets `status`: 429 (Retry-After: 0) or 500."""
        self._failures.setdefault(method, []).append(status)

    def gate(
        self, method: str, when: Callable[[dict[str, Any]], bool] = lambda params: True
    ) -> Gate:
        """From now on, calls of `method` (those `when` picks) wait until the returned
        gate is opened."""
        gate = self._gates[method] = Gate(self._changed, when)
        return gate

    async def held(self, gate: Gate, count: int = 1) -> None:
        """Wait until `count` calls are being held at `gate`."""
        await self.wait_until(lambda: gate.waiting >= count)

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.status == 200]

    def posted(self) -> list[Posted]:
        return [Posted(c) for c in self.of("chat.postMessage")]

    def views(self, user: str = "U1") -> list[Posted]:
        """The Home tab views published for `user`, oldest first (as `Posted`: blocks,
        text, buttons)."""
        return [
            Posted(
                Call(c.method, {"blocks": _view(c.params)["blocks"]}, c.headers, c.status, c.answer)
            )
            for c in self.of("views.publish")
            if c.params.get("user_id") == user
        ]

    async def wait_for(self, method: str, count: int) -> list[Call]:
        """Wait until `count` successful calls of `method` have arrived in all."""
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(self.of(method)) >= count), SETTLE_SECONDS
            )
        return self.of(method)

    async def wait_until(self, ready: Callable[[], bool]) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(ready), SETTLE_SECONDS)

    async def handle_socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: say hello, then record every envelope acknowledgement."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        async with self._changed:
            self.sockets.append(socket)
            self._changed.notify_all()
        async for frame in socket:
            async with self._changed:
                self.socket_answers.append(json.loads(frame.data))
                self._changed.notify_all()
        return socket

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(await request.post())
        gate = self._gates.get(method)
        if gate is not None and gate.when(params):
            await gate.hold()
        if self.latency_s.get(method):
            await asyncio.sleep(self.latency_s[method])  # the platform's own slowness
        failures = self._failures.get(method)
        status = failures.pop(0) if failures else 200
        answer = self._answer(method, params, request.headers) if status == 200 else {}
        invalid = _invalid_blocks(method, params)
        if invalid:  # as Slack answers a message or a view past Block Kit's limits
            status, answer = 400, {"ok": False, "error": "invalid_blocks", "errors": invalid}
        call = Call(method, params, dict(request.headers), status, answer)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        if status == 429:
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "0"}
            )
        if status == 400:
            return web.json_response(answer)  # Slack answers 200, with ok false
        if status != 200:
            return web.Response(status=status, text="internal error")
        return web.json_response(answer)

    def _answer(
        self, method: str, params: dict[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        token = headers.get("Authorization", "").removeprefix("Bearer ")
        if method == "auth.test":
            team = token.rsplit("-", 1)[-1] if token.startswith("xoxb-installed-") else "T1"
            return {
                "ok": True,
                "url": "https://test.example/",
                "team": "Test",
                "user": "thankyou",
                "team_id": team,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "apps.connections.open":
            assert token.startswith("xapp-"), "Socket Mode connects with the app-level token"
            return {"ok": True, "url": self.url.replace("http", "ws", 1) + "socket"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{params['users']}"}}
        if method == "users.info":
            user = params["user"]
            return {
                "ok": True,
                "user": {
                    "id": user,
                    "real_name": "Maria Gonzalez",
                    "tz": self.time_zone,
                    "profile": {"real_name": "Maria Gonzalez", "email": "maria@example.com"},
                },
            }
        if method == "views.publish":
            return {"ok": True, "view": {"id": f"V{params['user_id']}", **_view(params)}}
        if method in ("chat.postMessage", "chat.update"):
            ts = params.get("ts") or f"1700000000.{next(self._ts):06d}"
            message = {"ts": ts, "text": params.get("text"), "blocks": params.get("blocks")}
            return {"ok": True, "channel": params["channel"], "ts": ts, "message": message}
        if method == "oauth.v2.access":
            if params.get("code") != "good-code":
                return {"ok": False, "error": "invalid_code"}
            return {
                "ok": True,
                "app_id": "A1",
                "authed_user": {"id": "U9"},
                "scope": "commands,chat:write,im:history,im:write,users:read",
                "token_type": "bot",
                "access_token": "xoxb-installed-T9",
                "bot_user_id": BOT_USER,
                "team": {"id": "T9", "name": "Nine"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        return {"ok": False, "error": "unknown_method"}


def _view(params: Mapping[str, Any]) -> dict[str, Any]:
    view = params.get("view") or {}
    return json.loads(view) if isinstance(view, str) else dict(view)


def _invalid_blocks(method: str, params: Mapping[str, Any]) -> list[str]:
    if method == "views.publish":
        view = _view(params)
        if view.get("type") != "home":
            return [f"view type {view.get('type')!r}"]
        return block_kit.problems(view.get("blocks") or [], surface="home")
    if method in ("chat.postMessage", "chat.update") and params.get("blocks"):
        blocks = params["blocks"]
        return block_kit.problems(json.loads(blocks) if isinstance(blocks, str) else blocks)
    return []


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    api = web.Application()
    api.router.add_get("/api/socket", fake.handle_socket)
    api.router.add_route("*", "/api/{method}", fake.handle)
    server = TestServer(api, host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("/api/"))
    yield fake
    await server.close()


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


def sign_bytes(raw: bytes) -> dict[str, str]:
    """Headers signing `raw` as Slack does, over the bytes whatever they are."""
    stamp = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{stamp}:".encode() + raw, hashlib.sha256)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest.hexdigest()}"}


class Envelopes:
    """What a Socket Mode handler did with each envelope: the status an HTTP request
    would have got (200 acknowledged, 4xx refused, 5xx failed), by envelope id."""

    def __init__(self, socket_mode: SocketMode) -> None:
        self.status: dict[str, int] = {}
        self._changed = asyncio.Condition()
        socket_mode.on_handled = self._handled

    def _handled(self, envelope_id: str, status: int) -> None:
        self.status[envelope_id] = status
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def handled(self, envelope_id: str) -> int:
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: envelope_id in self.status), SETTLE_SECONDS
            )
        return self.status[envelope_id]


def envelope(
    body: str, content_type: str, headers: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The Socket Mode envelope Slack sends for what it would POST over HTTP: an event
    (with its retry number: 0 on a first delivery), a slash command or a button press."""
    headers = headers or {}
    envelope_id = f"env-{uuid.uuid4().hex[:12]}"
    if content_type.startswith("application/json"):
        return {
            "envelope_id": envelope_id,
            "type": "events_api",
            "payload": json.loads(body),
            "accepts_response_payload": False,
            "retry_attempt": int(headers.get("X-Slack-Retry-Num", "0")),
            "retry_reason": headers.get("X-Slack-Retry-Reason", ""),
        }
    form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
    interactive = "payload" in form
    return {
        "envelope_id": envelope_id,
        "type": "interactive" if interactive else "slash_commands",
        "payload": json.loads(form["payload"]) if interactive else form,
        "accepts_response_payload": True,
    }


_IDS = itertools.count(1)


@dataclass
class SlackHarness:
    """Sends what Slack would send (signed over HTTP, or as envelopes over Socket Mode)
    and returns the bot's new messages."""

    client: TestClient[Any, Any]
    fake: FakeSlack
    limiter: TurnLimiter
    store: Store
    home: HomeTab
    expected_runs: int = 0
    # Whether settle() waits for Home tab publishes held back by the rate limit too.
    settle_held_publishes: bool = True
    # Event and trigger ids, unique across every harness (replicas share a database).
    _ids: itertools.count[int] = field(default_factory=lambda: _IDS)
    # Socket Mode: the app's connection to the fake, and what became of each envelope.
    socket: web.WebSocketResponse | None = None
    envelopes: Envelopes | None = None
    skew_s: float = 0.0  # Slack's clock minus this machine's
    _last_ts: float = 0.0

    @property
    def transport(self) -> str:
        return "socket" if self.socket is not None else "http"

    def slack_now(self) -> float:
        """Now, by Slack's clock."""
        return time.time() + self.skew_s

    def next_ts(self) -> str:
        """A message timestamp as Slack gives one: Slack's time, unique and increasing."""
        self._last_ts = max(self.slack_now(), self._last_ts + 0.000001)
        return f"{self._last_ts:.6f}"

    @classmethod
    def of(
        cls,
        client: TestClient[Any, Any],
        fake: FakeSlack,
        app: web.Application,
        *,
        skew_s: float = 0.0,
    ) -> SlackHarness:
        """The harness of an app started on `client`; its Home tab publishes at once,
        so each settle() sees every publish its requests caused."""
        home = app[SLACK_HOME]
        home.interval = 0
        return cls(client, fake, app[SLACK_LIMITER], app[STORE], home, skew_s=skew_s)

    async def settle(self) -> None:
        """Wait until every listener run we caused has finished, and the Home tab
        publishes they caused."""
        await asyncio.wait_for(self.limiter.wait_finished(self.expected_runs), SETTLE_SECONDS)
        waiting = self.settle_held_publishes
        await asyncio.wait_for(self.home.settled(waiting=waiting), SETTLE_SECONDS)

    async def send(
        self,
        body: str,
        content_type: str,
        *,
        headers: Mapping[str, str] | None = None,
        signed: bool = True,
        reaches_listener: bool = True,
    ) -> tuple[int, str, list[Posted]]:
        """POST /slack/events (or, in Socket Mode, send its envelope); wait for the
        listener; (status, body, new messages)."""
        before = len(self.fake.posted())
        if self.socket is not None:
            status, text = await self._send_envelope(envelope(body, content_type, headers))
        else:
            stamp = int(self.slack_now())
            all_headers = {"Content-Type": content_type, **(sign(body, stamp) if signed else {})}
            all_headers.update(headers or {})
            response = await self.client.post("/slack/events", data=body, headers=all_headers)
            status, text = response.status, await response.text()
        if reaches_listener and status == 200:
            self.expected_runs += 1
        await self.settle()
        return status, text, self.fake.posted()[before:]

    async def _send_envelope(self, sent: dict[str, Any]) -> tuple[int, str]:
        """Send an envelope; (the status, the acknowledgement's payload as JSON)."""
        assert self.socket is not None and self.envelopes is not None
        await self.socket.send_str(json.dumps(sent))
        status = await self.envelopes.handled(sent["envelope_id"])
        if status != 200:
            return status, ""

        def acknowledgement() -> dict[str, Any] | None:
            found = [a for a in self.fake.socket_answers if a["envelope_id"] == sent["envelope_id"]]
            return found[0] if found else None

        await self.fake.wait_until(lambda: acknowledgement() is not None)
        answer = acknowledgement()
        assert answer is not None
        return status, json.dumps(answer.get("payload") or {})

    def command_body(self, text: str, *, user: str = "U1", team: str = "T1") -> str:
        return urllib.parse.urlencode(
            {
                "token": "legacy",
                "team_id": team,
                "team_domain": team.lower(),
                "channel_id": "C1",
                "channel_name": "general",
                "user_id": user,
                "user_name": "maria",
                "command": "/thankyou",
                "text": text,
                "api_app_id": "A1",
                "response_url": f"{self.fake.url}response",
                "trigger_id": f"trigger.{next(self._ids)}",
            }
        )

    async def command(
        self, text: str = "", *, user: str = "U1", team: str = "T1"
    ) -> tuple[dict[str, Any], list[Posted]]:
        """`/thankyou text`: (the ephemeral acknowledgement, new DM messages)."""
        body = self.command_body(text, user=user, team=team)
        status, ack, posted = await self.send(body, "application/x-www-form-urlencoded")
        assert status == 200, ack
        return json.loads(ack), posted

    def event_body(
        self,
        text: str,
        *,
        user: str = "U1",
        team: str = "T1",
        event_id: str | None = None,
        **extra: Any,
    ) -> str:
        number = next(self._ids)
        ts = self.next_ts()
        event = {
            "type": "message",
            "channel": f"D{user}",
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "team": team,
            **extra,
        }
        return json.dumps(
            {
                "token": "legacy",
                "team_id": team,
                "api_app_id": "A1",
                "event": event,
                "type": "event_callback",
                "event_id": event_id or f"Ev{number:08d}",
                "event_time": int(self.slack_now()),
                "authorizations": [{"team_id": team, "user_id": BOT_USER, "is_bot": True}],
            }
        )

    async def message(
        self, text: str, *, user: str = "U1", team: str = "T1", **extra: Any
    ) -> list[Posted]:
        """The user types `text` in their DM with the bot (Slack-escaped, as Slack sends it)."""
        body = self.event_body(text, user=user, team=team, **extra)
        status, _, posted = await self.send(body, "application/json")
        assert status == 200
        return posted

    def last_with_button(self, label: str) -> Posted:
        for posted in reversed(self.fake.posted()):
            if any(b["text"]["text"] == label for b in posted.buttons):
                return posted
        raise AssertionError(f"no message with a {label!r} button")

    def action_body(self, posted: Posted, label: str, *, user: str = "U1", team: str = "T1") -> str:
        element = posted.button(label)
        ts = posted.ts
        payload = {
            "type": "block_actions",
            "user": {"id": user, "team_id": team},
            "team": {"id": team, "domain": team.lower()},
            "api_app_id": "A1",
            "container": {"type": "message", "message_ts": ts, "channel_id": f"D{user}"},
            "trigger_id": f"trigger.{next(self._ids)}",
            "channel": {"id": f"D{user}"},
            "message": {"ts": ts, "text": posted.call.params.get("text"), "blocks": posted.blocks},
            "response_url": f"{self.fake.url}response",
            "actions": [
                {
                    "type": "button",
                    "action_id": element["action_id"],
                    "block_id": "b1",
                    "text": element["text"],
                    "value": element.get("value"),
                    "action_ts": self.next_ts(),
                }
            ],
        }
        return urllib.parse.urlencode({"payload": json.dumps(payload)})

    async def press(
        self,
        label: str,
        posted: Posted | None = None,
        *,
        user: str = "U1",
        team: str = "T1",
    ) -> list[Posted]:
        """Press the button `label` on `posted` (default: the last message that has it)."""
        posted = posted or self.last_with_button(label)
        body = self.action_body(posted, label, user=user, team=team)
        status, _, new = await self.send(body, "application/x-www-form-urlencoded")
        assert status == 200
        return new


def slack_settings(database_url: str, fake: FakeSlack, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": fake.url,
        **overrides,
    }
    return Settings(**values)


StartSlack = Callable[..., Awaitable[SlackHarness]]


SOCKET_MODE = {"slack_signing_secret": None, "slack_app_token": "xapp-1-test"}


@pytest.fixture
async def slack_app_factory(database_url: str, fake_slack: FakeSlack) -> AsyncIterator[StartSlack]:
    """Start the app with Slack settings overridden (e.g. OAuth instead of a bot token);
    `transport="socket"` for Socket Mode, `skew_s` for Slack's clock minus ours. Each
    app started is another server process on the same database (a replica)."""
    clients: list[TestClient[Any, Any]] = []

    async def start(transport: str = "http", skew_s: float = 0.0, **overrides: Any) -> SlackHarness:
        await upgrade(database_url)
        if transport == "socket":
            overrides = {**SOCKET_MODE, **overrides}
        connected = len(fake_slack.sockets)
        app = await create_app(slack_settings(database_url, fake_slack, **overrides))
        client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        clients.append(client)
        harness = SlackHarness.of(client, fake_slack, app, skew_s=skew_s)
        if SLACK_SOCKET_MODE in app:
            await fake_slack.wait_until(lambda: len(fake_slack.sockets) > connected)
            harness.socket = fake_slack.sockets[connected]
            harness.envelopes = Envelopes(app[SLACK_SOCKET_MODE])
        return harness

    yield start
    for client in clients:
        await client.close()


@pytest.fixture
async def slack(slack_app_factory: StartSlack) -> SlackHarness:
    """Single-workspace Slack on a fresh database (SQLite and PostgreSQL)."""
    return await slack_app_factory()


@pytest.fixture(params=["http", "socket"])
async def slack_both(request: pytest.FixtureRequest, slack_app_factory: StartSlack) -> SlackHarness:
    """`slack`, over HTTP and over Socket Mode."""
    return await slack_app_factory(request.param)
