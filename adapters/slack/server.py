"""Slack on the project's aiohttp server: bolt's AsyncApp, its Web API client, and
either the HTTP routes or a Socket Mode connection.

`mount_slack(app, coach, say, config, engine)` is called by `bot.app` when Slack is configured. The
translation between aiohttp and bolt is bolt's own (`slack_bolt.adapter.aiohttp`);
bolt verifies every request's signature (401 otherwise) before any listener runs.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.channel import Coach, Say
from adapters.slack import edge
from adapters.slack.blocks import (
    CHOICE_ACTION,
    DELETE_CONFIRM_ACTION,
    DELETE_KEEP_ACTION,
    HOME_ACTION,
    LINK_ACTION,
    NOTE_ACTION,
)
from adapters.slack.clients import ObservedWebClient, ReusingAsyncApp, retry_handlers
from adapters.slack.home import HomeTab
from adapters.slack.limiter import TurnLimiter
from adapters.slack.listeners import SlackListeners
from adapters.slack.live import LiveQuestions
from adapters.slack.socket_mode import SocketMode
from adapters.slack.text import escape
from bot import metrics

log = logging.getLogger(__name__)

SLACK_API_URL = "https://slack.com/api/"
COMMAND = edge.COMMAND
# The bot scopes manifest.yml asks for; an OAuth install asks for the same.
# The Home tab (app_home_opened, views.publish) needs no scope of its own.
BOT_SCOPES = ("commands", "chat:write", "im:history", "im:write", "users:read", "users:read.email")
OAUTH_STATE_SECONDS = 600
HTTP_TIMEOUT_SECONDS = 30


Lifecycle = Callable[[web.Application], AsyncIterator[None]]  # an aiohttp cleanup_ctx

SLACK_APP = web.AppKey("slack_app", AsyncApp)
SLACK_LIMITER = web.AppKey("slack_limiter", TurnLimiter)
# The questions with live buttons in each DM: the listeners' and the scheduler's.
SLACK_LIVE = web.AppKey("slack_live", LiveQuestions)
SLACK_HOME = web.AppKey("slack_home", HomeTab)
SLACK_SOCKET_MODE = web.AppKey("slack_socket_mode", SocketMode)


@dataclass(frozen=True)
class SlackConfig:
    """What the Slack adapter needs from the settings (bot.settings.Settings)."""

    signing_secret: str | None = None
    bot_token: str | None = None  # single workspace
    app_token: str | None = None  # Socket Mode
    client_id: str | None = None  # multi-workspace OAuth, with client_secret
    client_secret: str | None = None
    api_url: str | None = None
    running_turns: int = 16
    waiting_turns: int = 256

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @property
    def oauth(self) -> bool:
        return self.client_id is not None and self.client_secret is not None


def web_client(config: SlackConfig) -> ObservedWebClient:
    """The app's Web API client: slack-sdk's retries for rate limits (Retry-After), server
    errors and dropped connections (adapters/slack/clients.py). Its aiohttp session is
    set when the app starts."""
    return ObservedWebClient(
        token=None if config.oauth else config.bot_token,
        base_url=config.api_url or SLACK_API_URL,
        timeout=HTTP_TIMEOUT_SECONDS,
        retry_handlers=retry_handlers(),
    )


def _oauth_settings(config: SlackConfig, engine: AsyncEngine) -> AsyncOAuthSettings:
    # Only an OAuth install needs these (and their imports).
    from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore

    assert config.client_id is not None
    return AsyncOAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=AsyncSQLAlchemyInstallationStore(
            client_id=config.client_id, engine=engine
        ),
        state_store=AsyncSQLAlchemyOAuthStateStore(
            expiration_seconds=OAUTH_STATE_SECONDS, engine=engine
        ),
    )


def build_bolt_app(
    coach: Coach,
    say: Say,
    config: SlackConfig,
    engine: AsyncEngine,
    limiter: TurnLimiter,
    live: LiveQuestions | None = None,
) -> tuple[AsyncApp, HomeTab]:
    """The bolt app with our listeners, and the Home tab's publisher. `process_before_
    response`: Slack gets its HTTP answer only once the turn is saved and its replies
    posted (a turn takes milliseconds, well within Slack's 3 s), so an answer is never
    acknowledged and then lost."""
    bolt = ReusingAsyncApp(
        web_client=web_client(config),
        signing_secret=config.signing_secret,
        token=None if config.oauth else config.bot_token,
        oauth_settings=_oauth_settings(config, engine) if config.oauth else None,
        request_verification_enabled=not config.socket_mode,
        process_before_response=True,
    )
    listeners = SlackListeners(coach, say, limiter, live)
    home = HomeTab(coach, say, listeners, limiter)
    bolt.use(_refuse_when_busy(say, limiter))
    bolt.use(home.remember_client)
    bolt.command(COMMAND)(listeners.on_command)
    bolt.event("message")(listeners.on_message)
    bolt.action(re.compile(rf"^{re.escape(CHOICE_ACTION)}\."))(listeners.on_choice)
    bolt.action(re.compile(rf"^{re.escape(NOTE_ACTION)}\."))(listeners.on_choice)
    # The delete buttons of messages sent before they became interview-style buttons:
    # pressed now, they are stale.
    bolt.action(DELETE_CONFIRM_ACTION)(listeners.on_choice)
    bolt.action(DELETE_KEEP_ACTION)(listeners.on_choice)
    bolt.event("app_home_opened")(home.on_home_opened)
    bolt.action(re.compile(rf"^{re.escape(HOME_ACTION)}\."))(home.on_press)
    bolt.action(re.compile(rf"^{re.escape(LINK_ACTION)}\."))(home.on_link)
    return bolt, home


def _refuse_when_busy(
    say: Say, limiter: TurnLimiter
) -> Callable[..., Awaitable[BoltResponse | None]]:
    async def refuse_when_busy(
        body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        """Socket Mode's door (over HTTP the edge has admitted the request already, and
        this admits it again without counting it twice)."""
        with metrics.turn("slack") as record, limiter.admitted() as admitted:
            if admitted:
                await next()
                return None
            record.refused()
            return _busy(say, body)

    return refuse_when_busy


def _busy(say: Say, body: dict[str, Any]) -> BoltResponse:
    """Past the limit, refused before acknowledging: a command gets a short "busy" line,
    and Slack retries an event or shows a failed button. Counted and logged as a rate
    (bot.metrics), not a line each."""
    if body.get("command"):
        busy = {"response_type": "ephemeral", "text": escape(say("slack/busy"))}
        return BoltResponse(
            status=200, body=json.dumps(busy), headers={"content-type": "application/json"}
        )
    return BoltResponse(status=503, body="")


def _describe(request: AsyncBoltRequest) -> tuple[str, str | None, str | None]:
    """(kind, team, user) of a checked request, for the turn's log line."""
    body, context = request.body, request.context
    if body.get("command"):
        kind = "command"
    elif body.get("type") == "event_callback":
        kind = str((body.get("event") or {}).get("type") or "event")
    else:
        kind = str(body.get("type") or "other")
    return kind, context.team_id or context.enterprise_id, context.user_id


def mount_slack(
    app: web.Application, coach: Coach, say: Say, config: SlackConfig, engine: AsyncEngine
) -> str:
    """Mount Slack on `app`; returns how it is mounted, for `thankyou serve` to say."""
    limiter = TurnLimiter(config.running_turns, config.waiting_turns)
    live = LiveQuestions()
    bolt, home = build_bolt_app(coach, say, config, engine, limiter, live)
    app[SLACK_APP] = bolt
    app[SLACK_LIMITER] = limiter
    app[SLACK_LIVE] = live
    app[SLACK_HOME] = home
    app.cleanup_ctx.append(_web_session(bolt, home))
    metrics.IN_FLIGHT.labels("slack").set_function(lambda: limiter.in_flight)

    async def events(request: web.Request) -> web.StreamResponse:
        """Checked at the edge (adapters/slack/edge.py) before bolt sees it, then
        admitted by the limiter (503 past it), then bolt. One log line per request, the
        turn's (bot.metrics); a bad request gets no other."""
        with metrics.turn("slack") as record:
            response = await checked_and_admitted(request, record)
            record.answered(response.status)
            return response

    async def checked_and_admitted(
        request: web.Request, record: metrics.TurnRecord
    ) -> web.StreamResponse:
        raw = await request.read()
        assert config.signing_secret is not None  # the HTTP route needs one (bot.app)
        checked = edge.unsigned(raw, request.headers, config.signing_secret) or edge.bolt_request(
            raw, request.headers, request.query_string
        )
        if isinstance(checked, edge.Refusal):
            log.debug("Slack request refused (%d): %s", checked.status, checked.reason)
            return web.json_response({"error": checked.reason}, status=checked.status)
        record.identify(*_describe(checked))
        with limiter.admitted() as admitted:
            if not admitted:
                record.refused()
                return await to_aiohttp_response(_busy(say, checked.body))
            return await to_aiohttp_response(await bolt.async_dispatch(checked))

    if not config.socket_mode:
        app.router.add_post("/slack/events", events)
    flow = bolt.oauth_flow
    if flow is not None:
        app.router.add_get(flow.install_path, _oauth_handler(flow.handle_installation))
        app.router.add_get(flow.redirect_uri_path, _oauth_handler(flow.handle_callback))
    if config.socket_mode:
        assert config.app_token is not None
        socket_mode = app[SLACK_SOCKET_MODE] = SocketMode(bolt, config.app_token)
        app.cleanup_ctx.append(socket_mode.lifecycle)
        return "slack (socket mode)"
    return "slack"


def _oauth_handler(
    handle: Callable[..., Awaitable[BoltResponse]],
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def oauth(request: web.Request) -> web.StreamResponse:
        return await to_aiohttp_response(await handle(await to_bolt_request(request)))

    return oauth


def _web_session(bolt: AsyncApp, home: HomeTab) -> Lifecycle:
    async def web_session(_: web.Application) -> AsyncIterator[None]:
        """One aiohttp session for every Web API call, opened and closed with the app
        (the Home tab publishes still to come are dropped first)."""
        async with aiohttp.ClientSession() as session:
            bolt.client.session = session
            yield
            await home.close()
            bolt.client.session = None

    return web_session
