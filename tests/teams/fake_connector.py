"""A fake Bot Connector on 127.0.0.1: records what the bot posts, fails on request.

The bot replies to `{serviceUrl}v3/conversations/{id}/activities[/{replyToId}]`; every
post is recorded as a `Posted` (with the id the connector gave it), and `wait_for(n)`
waits (with a timeout, never a sleep) until n posts have arrived. The bot updates an
activity it sent with `PUT .../activities/{activityId}`: recorded in `updated`.
`fail_next(status)` makes the next post(s) or update(s) fail; `gate(when)` holds the
posts `when` picks until the test opens it. An activity over 100 KB is refused with
413, as the real connector refuses it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

WAIT_TIMEOUT_S = 10.0
LIMIT_BYTES = 100_000  # the Bot Framework's limit for one activity (HTTP 413 above it)


@dataclass
class Posted:
    conversation_id: str
    reply_to_id: str | None
    activity: dict[str, Any]
    authorization: str | None
    id: str = ""  # the id the connector gave the activity (an update's: the one replaced)

    @property
    def text(self) -> str:
        """The message text, or the card's text blocks joined by newlines."""
        if self.card is None:
            return str(self.activity.get("text") or "")
        return "\n".join(block["text"] for block in self.card["body"] if "text" in block)

    @property
    def card(self) -> dict[str, Any] | None:
        for attachment in self.activity.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                content: dict[str, Any] = attachment["content"]
                return content
        return None

    @property
    def submits(self) -> list[dict[str, Any]]:
        """Every Action.Submit of the card, in order."""
        if self.card is None:
            return []
        return [
            action
            for block in self.card["body"]
            if block.get("type") == "ActionSet"
            for action in block["actions"]
            if action["type"] == "Action.Submit"
        ]

    @property
    def values(self) -> list[str]:
        return [action["data"]["value"] for action in self.submits]

    def submit(self, value: str) -> dict[str, Any]:
        """The data a press of the button with `value` sends (activity.value)."""
        for action in self.submits:
            if action["data"]["value"] == value:
                data: dict[str, Any] = action["data"]
                return data
        raise AssertionError(f"no button {value!r} in {self.values}")


class Gate:
    """Holds the posts `when` picks (by their activity, and whether they reply to one)
    until `open()`; `waiting` says how many are held."""

    def __init__(self, when: Callable[[dict[str, Any], bool], bool]) -> None:
        self.when = when
        self.waiting = 0
        self._open = asyncio.Event()

    def open(self) -> None:
        self._open.set()

    async def hold(self, changed: asyncio.Condition) -> None:
        async with changed:
            self.waiting += 1
            changed.notify_all()
        await self._open.wait()


@dataclass
class FakeConnector:
    posted: list[Posted] = field(default_factory=list, repr=False)
    updated: list[Posted] = field(default_factory=list, repr=False)
    failures: list[tuple[int, dict[str, str], bool]] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _ids: itertools.count[int] = field(default_factory=itertools.count)
    server: TestServer | None = None
    gates: list[Gate] = field(default_factory=list)
    # Seconds a post takes to be answered once received: a slow connector (benches).
    latency_s: float = 0.0

    def gate(self, when: Callable[[dict[str, Any], bool], bool]) -> Gate:
        """From now on, posts that `when(activity, replying)` picks wait for the gate."""
        gate = Gate(when)
        self.gates.append(gate)
        return gate

    async def held(self, gate: Gate, count: int = 1) -> None:
        """Wait until `count` posts are being held at `gate`."""
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: gate.waiting >= count), WAIT_TIMEOUT_S
            )

    @property
    def url(self) -> str:
        """The serviceUrl to put in activities (with the trailing slash Teams sends)."""
        assert self.server is not None
        return str(self.server.make_url("/"))

    def fail_next(
        self, status: int, times: int = 1, retry_after: str | None = None, *, html: bool = False
    ) -> None:
        """The next `times` posts get `status`, with a JSON error body (or, with `html`,
        the HTML page a gateway sends)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self.failures += [(status, headers, html)] * times

    def drop_next(self, times: int = 1) -> None:
        """The next `times` posts lose their connection before any answer (recorded as
        status 0 in `failed`)."""
        self.failures += [(0, {}, False)] * times

    async def wait_for(self, count: int) -> list[Posted]:
        """Wait until `count` activities were posted in all; return them."""
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(self.posted) >= count), WAIT_TIMEOUT_S
            )
        return self.posted[:count]

    async def _post(self, request: web.Request) -> web.Response:
        activity = await request.json()
        replying = "activity_id" in request.match_info
        for gate in self.gates:
            if gate.when(activity, replying):
                await gate.hold(self._changed)
        return await self._record(request, self.posted)

    async def _put(self, request: web.Request) -> web.Response:
        return await self._record(request, self.updated)

    async def _record(self, request: web.Request, into: list[Posted]) -> web.Response:
        raw = await request.read()
        if len(raw) > LIMIT_BYTES:  # as the real connector does
            self.failed.append(413)
            return web.json_response(
                {"error": {"code": "MessageSizeTooBig", "message": "too large"}}, status=413
            )
        if self.failures:
            status, headers, html = self.failures.pop(0)
            self.failed.append(status)
            if status == 0:
                assert request.transport is not None
                request.transport.close()  # what the client sees: the server went away
                return web.Response()
            if html:
                page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
                return web.Response(
                    status=status, text=page, content_type="text/html", headers=headers
                )
            return web.json_response(
                {"error": {"code": "Throttled", "message": "try later"}},
                status=status,
                headers=headers,
            )
        updating = request.method == "PUT"
        activity_id = request.match_info.get("activity_id")
        posted = Posted(
            conversation_id=request.match_info["conversation_id"],
            reply_to_id=None if updating else activity_id,
            activity=json.loads(raw),
            authorization=request.headers.get("Authorization"),
            id=activity_id if updating and activity_id else f"reply-{next(self._ids)}",
        )
        async with self._changed:
            into.append(posted)
            self._changed.notify_all()
        if self.latency_s:
            await asyncio.sleep(self.latency_s)  # received; the answer is slow to come
        return web.json_response({"id": posted.id})

    def app(self) -> web.Application:
        app = web.Application()
        base = "/v3/conversations/{conversation_id}/activities"
        app.router.add_post(base, self._post)
        app.router.add_post(base + "/{activity_id}", self._post)
        app.router.add_put(base + "/{activity_id}", self._put)
        return app

    async def start(self) -> None:
        self.server = TestServer(self.app(), host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()
