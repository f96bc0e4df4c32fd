"""Socket Mode: Slack's envelopes over a WebSocket the app opens, checked as the HTTP
edge checks a request.

bolt's AsyncSocketModeHandler hands every envelope to the app as it comes: an over-long
or NUL id (a 10,000-character team id) went on to the listeners, and into the error log
verbatim, where the HTTP edge (edge.py) answers 400 before bolt sees it. Here each
envelope is read into the request bolt builds from it (X-Slack-Retry-Num from its
`retry_attempt`, as bolt does: 0 on a first delivery) and checked by the edge's rules
first. A refused envelope is not acknowledged, as a 400 is no acknowledgement over HTTP,
and is logged without its ids.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import send_async_response
from slack_bolt.adapter.socket_mode.internals import build_headers
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from adapters.slack import edge

log = logging.getLogger(__name__)

# (envelope id, the status an HTTP request would have got): tests wait on envelopes.
Handled = Callable[[str, int], None]


class SocketMode:
    """The app's Socket Mode connection. Its handler is made when the app starts (its
    client opens an aiohttp session at once) and closed when it stops. `on_handled`,
    if set, hears what became of each envelope (tests wait on it)."""

    def __init__(self, app: AsyncApp, app_token: str) -> None:
        self._app = app
        self._app_token = app_token
        self.on_handled: Handled | None = None

    async def lifecycle(self, _: web.Application) -> AsyncIterator[None]:
        """Connect out to Slack in the background: slack-sdk retries until Slack is
        reachable, and the rest of the server starts meanwhile."""
        handler = CheckedSocketModeHandler(self._app, self._app_token, self._handled)
        connecting = asyncio.create_task(handler.connect_async())  # type: ignore[no-untyped-call]
        yield
        connecting.cancel()
        await handler.close_async()  # type: ignore[no-untyped-call]

    def _handled(self, envelope_id: str, status: int) -> None:
        if self.on_handled is not None:
            self.on_handled(envelope_id, status)


class CheckedSocketModeHandler(AsyncSocketModeHandler):
    """bolt's handler (aiohttp client), with each envelope checked before dispatch."""

    def __init__(self, app: AsyncApp, app_token: str, handled: Handled) -> None:
        super().__init__(app, app_token)
        self._handled = handled

    async def handle(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        started = time.time()
        request = _bolt_request(req)
        refusal = edge.refusal_of(request) if isinstance(request, AsyncBoltRequest) else request
        if refusal is not None:
            log.debug("Slack envelope refused (%d): %s", refusal.status, refusal.reason)
            status = refusal.status
        else:
            assert isinstance(request, AsyncBoltRequest)
            response = await self.app.async_dispatch(request)
            await send_async_response(client, req, response, started)
            status = response.status
        self._handled(str(req.envelope_id), status)


def _bolt_request(req: SocketModeRequest) -> AsyncBoltRequest | edge.Refusal:
    """The request bolt's handler would dispatch for this envelope."""
    payload: Any = req.payload
    if not isinstance(payload, dict):
        return edge.Refusal(400, "payload malformed")
    try:
        return AsyncBoltRequest(mode="socket_mode", body=payload, headers=build_headers(req))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return edge.Refusal(400, "payload malformed")
