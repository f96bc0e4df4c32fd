"""The reference Slack server for bench/bench_serve.py: a minimal Bolt app.

Acknowledges a DM event and posts one `chat.postMessage` (bolt's AsyncApp, the aiohttp
adapter, `process_before_response` as in `thankyou serve`, one shared HTTP session for
the Web API). It keeps nothing and renders nothing: the floor a Slack turn of ours is
compared with. Configured like `thankyou serve`: PORT, SLACK_BOT_TOKEN,
SLACK_SIGNING_SECRET, SLACK_API_URL. GET /healthz answers 200.

    PORT=3000 SLACK_BOT_TOKEN=xoxb-... SLACK_SIGNING_SECRET=... python bench/reference_bolt.py
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient


def build() -> web.Application:
    client = AsyncWebClient(
        token=os.environ["SLACK_BOT_TOKEN"],
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    )
    bolt = AsyncApp(
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        client=client,
        process_before_response=True,
    )

    @bolt.event("message")
    async def on_message(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.chat_postMessage(channel=event["channel"], text="Got it.")

    @bolt.command("/thankyou")
    async def on_command(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await client.chat_postMessage(channel=f"D{body['user_id']}", text="Hello.")
        await ack()

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def session(_: web.Application) -> AsyncIterator[None]:
        async with aiohttp.ClientSession() as shared:
            client.session = shared
            yield

    app = web.Application()
    app.router.add_post("/slack/events", events)
    app.router.add_get("/healthz", healthz)
    app.cleanup_ctx.append(session)
    return app


if __name__ == "__main__":
    web.run_app(build(), port=int(os.environ.get("PORT", "3000")), print=None, access_log=None)
