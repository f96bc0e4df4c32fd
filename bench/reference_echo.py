"""The reference Teams server for bench/bench_serve.py: botbuilder's stock echo bot.

The Bot Framework sample as it ships (CloudAdapter, ConfigurationBotFrameworkAuthentication,
an ActivityHandler that sends one message back), without an app id, so unauthenticated
like `thankyou serve` in local mode: the stock stack a Teams turn of ours is compared
with. PORT sets the port. GET /healthz answers 200.

    PORT=3978 python bench/reference_echo.py
"""

from __future__ import annotations

import os

from aiohttp import web
from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication


class Configuration:
    PORT = int(os.environ.get("PORT", "3978"))
    APP_ID = ""
    APP_PASSWORD = ""
    APP_TYPE = "MultiTenant"
    APP_TENANTID = ""


class EchoBot(ActivityHandler):  # type: ignore[misc]
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(f"Echo: {turn_context.activity.text}")


ADAPTER = CloudAdapter(ConfigurationBotFrameworkAuthentication(Configuration()))
BOT = EchoBot()


async def messages(request: web.Request) -> web.Response:
    response: web.Response = await ADAPTER.process(request, BOT)
    return response or web.Response(status=200)


async def healthz(_: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def build() -> web.Application:
    app = web.Application()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    web.run_app(build(), port=Configuration.PORT, print=None, access_log=None)
