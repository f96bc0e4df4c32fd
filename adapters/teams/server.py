"""POST /api/messages: Bot Framework authentication, botbuilder's CloudAdapter, our bot.

The request is translated by hand instead of `CloudAdapter.process`, so that malformed
JSON is a 400, any token that fails validation is a 401 (botbuilder lets a malformed
Authorization header escape as a jwt error, a 500), and non-invoke activities get a
quiet 200. Replies go through our own aiohttp connector client (connector.py), not
botbuilder's msrest one (built per turn, sent through `requests` in a thread pool); the
adapter keeps authenticating requests and giving the credentials. A request is admitted
by a `TurnLimiter` first (503 past its capacity, which the Bot Connector retries) and
observed as a turn (bot.metrics).
"""

from __future__ import annotations

import ipaddress
import json
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import requests
from aiohttp import web
from azure.core.exceptions import DeserializationError
from botbuilder.core import serializer_helper
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.auth import (
    AuthenticateRequestResult,
    ClaimsIdentity,
    ConnectorFactory,
)
from botframework.connector.auth import AuthenticationConstants as Auth
from cachetools import LRUCache

from adapters.channel import Coach, Say
from adapters.limiter import TurnLimiter
from adapters.teams.activities import read_activity
from adapters.teams.bot import TeamsBot, TeamsMemory
from adapters.teams.connector import BotConnector, Channel, RetryPolicy
from adapters.teams.identity import problem_of
from adapters.teams.keys import use_bounded_key_fetch
from bot import metrics

log = logging.getLogger(__name__)

ROUTE = "/api/messages"
MAX_CACHED_CONNECTORS = 32


@dataclass(frozen=True)
class TeamsConfig:
    """Bot Framework's own settings (MicrosoftApp*); no app id means no authentication."""

    app_id: str | None = None
    app_password: str | None = None
    app_type: str | None = None
    app_tenant_id: str | None = None
    # Where channel tokens' signing keys are published; tests point it at a fake.
    openid_metadata_url: str | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    running_turns: int = 16  # turns in flight past which requests get a 503
    waiting_turns: int = 256

    @property
    def authenticated(self) -> bool:
        return bool(self.app_id)


class _BotFrameworkConfiguration:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    def __init__(self, config: TeamsConfig) -> None:
        self.APP_ID = config.app_id
        self.APP_PASSWORD = config.app_password
        self.APP_TYPE = config.app_type or "MultiTenant"
        self.APP_TENANTID = config.app_tenant_id
        if config.openid_metadata_url:
            # Any of these set makes botbuilder take all of them from here: the public
            # cloud's values, with only the metadata URL changed.
            self.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = config.openid_metadata_url
            self.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = Auth.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
            self.TO_CHANNEL_FROM_BOT_LOGIN_URL = Auth.TO_CHANNEL_FROM_BOT_LOGIN_URL
            self.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = Auth.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
            self.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = (
                Auth.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
            )
            self.OAUTH_URL = Auth.OAUTH_URL
            self.CALLER_ID = CallerIdConstants.public_azure_channel


class _ChannelCache:
    """Where replies go (adapters/teams/connector.py's `Channel`), by (bot app id, service
    URL, audience), least recently used out; their credentials by (app id, audience)."""

    def __init__(self) -> None:
        self._channels: LRUCache[tuple[str | None, str, str | None], Channel] = LRUCache(
            MAX_CACHED_CONNECTORS
        )
        self._credentials: dict[tuple[str | None, str | None], Any] = {}

    async def get(self, factory: Any, app_id: str | None, service_url: str, audience: Any) -> Any:
        key = (app_id, service_url, audience)
        channel = self._channels.get(key)
        if channel is None:
            channel = Channel(service_url, await self._credentials_for(factory, audience))
            self._channels[key] = channel
        return channel

    async def _credentials_for(self, factory: Any, audience: Any) -> Any:
        """The credentials botbuilder's connector factory would give its ConnectorClient
        (botframework.connector.auth._ConnectorFactoryImpl.create, without the client)."""
        app_id = factory._app_id
        key = (app_id, audience)
        if key not in self._credentials:
            self._credentials[key] = await factory._credential_factory.create_credentials(
                app_id,
                audience or factory._to_channel_from_bot_oauth_scope,
                factory._login_endpoint,
                factory._validate_authority,
            )
        return self._credentials[key]


class _ReusingConnectorFactory(ConnectorFactory):  # type: ignore[misc]
    """Hands CloudAdapter a `Channel` for the turn instead of building an msrest
    ConnectorClient: replies go through adapters/teams/connector.py."""

    def __init__(self, inner: Any, cache: _ChannelCache, app_id: str | None) -> None:
        self._inner = inner
        self._cache = cache
        self._app_id = app_id

    async def create(self, service_url: str, audience: str | None = None) -> Any:
        return await self._cache.get(self._inner, self._app_id, service_url, audience)


class _Authentication(ConfigurationBotFrameworkAuthentication):  # type: ignore[misc]
    def __init__(self, config: TeamsConfig) -> None:
        super().__init__(_BotFrameworkConfiguration(config))
        self._cache = _ChannelCache()
        self._token_clients: dict[str | None, Any] = {}

    async def authenticate_request(self, activity: Activity, auth_header: str | None) -> Any:
        result = await super().authenticate_request(activity, auth_header)
        result.connector_factory = self._reusing(result.connector_factory, result.claims_identity)
        return result

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> Any:
        # botbuilder builds one per turn, whether used or not (we use none: no sign-in),
        # and each costs an msrest configuration; one per bot app id does the same job.
        app_id = _app_id(claims_identity)
        client = self._token_clients.get(app_id)
        if client is None:
            client = await super().create_user_token_client(claims_identity)
            self._token_clients[app_id] = client
        return client

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> Any:
        return self._reusing(super().create_connector_factory(claims_identity), claims_identity)

    def _reusing(self, factory: Any, claims_identity: Any) -> _ReusingConnectorFactory:
        return _ReusingConnectorFactory(factory, self._cache, _app_id(claims_identity))


def _app_id(claims_identity: Any) -> str | None:
    """The bot app id a token was issued for (its audience); None without auth."""
    claims = getattr(claims_identity, "claims", None) or {}
    audience = claims.get("aud")
    return str(audience) if audience else None


def _is_loopback(url: str | None) -> bool:
    host = urlsplit(url or "").hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class TeamsEndpoint:
    """The aiohttp handler for POST /api/messages."""

    def __init__(self, coach: Coach, say: Say, memory: TeamsMemory, config: TeamsConfig) -> None:
        self._config = config
        self._authentication = _Authentication(config)
        self.adapter = CloudAdapter(self._authentication)
        self.connector = BotConnector()
        self.bot = TeamsBot(coach, say, memory, config.retry, connector=self.connector)
        self.adapter.on_turn_error = self._on_error
        self.limiter = TurnLimiter(config.running_turns, config.waiting_turns)

    async def _on_error(self, context: Any, error: Exception) -> None:
        record = metrics.current()
        if record is not None:
            record.failed()
        await self.bot.on_error(context, error)

    async def handle(self, request: web.Request) -> web.Response:
        """One request, observed as a turn: counted, timed, one log line."""
        with metrics.turn("teams") as record:
            response = await self._handle(request, record)
            record.answered(response.status)
            return response

    async def _handle(self, request: web.Request, record: metrics.TurnRecord) -> web.Response:
        raw = await request.read()
        # Admitted before the activity is read: past the limit, a refusal costs no JSON
        # or msrest parsing (which took ~1 ms of the CPU a turn needs under overload).
        with self.limiter.admitted() as admitted:
            if not admitted:
                record.refused()
                return web.json_response({"error": "busy"}, status=503)
            return await self._checked(raw, request.headers.get("Authorization"), record)

    async def _checked(
        self, raw: bytes, header: str | None, record: metrics.TurnRecord
    ) -> web.Response:
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"error": "malformed JSON"}, status=400)
        activity = _activity(body)
        if activity is None:
            return web.json_response({"error": "not an activity"}, status=400)
        problem = problem_of(body, activity)
        if problem is not None:
            log.debug("Teams activity refused: %s", problem)
            return web.json_response({"error": problem}, status=400)
        record.identify(str(activity.type), *_who(activity))
        if not self._config.authenticated and not _is_loopback(activity.service_url):
            # Without an app id nothing proves who sent this; replying would let anyone
            # make this server post to any URL. Local use (the Emulator) is on loopback.
            log.warning("unauthenticated Teams activity for a non-local serviceUrl refused")
            return web.json_response({"error": "unauthorized"}, status=401)
        return await self._process(activity, header)

    async def _process(self, activity: Activity, header: str | None) -> web.Response:
        authenticated = await self._authenticate(activity, header)
        if isinstance(authenticated, web.Response):
            return authenticated
        async with self.limiter.turn():
            invoke_response = await self.adapter.process_activity(
                authenticated, activity, self.bot.on_turn
            )
        if invoke_response:
            return web.json_response(
                serializer_helper(invoke_response.body), status=invoke_response.status
            )
        return web.Response(status=200)

    async def _authenticate(
        self, activity: Activity, header: str | None
    ) -> AuthenticateRequestResult | web.Response:
        try:
            # None, not "": botbuilder treats only a missing header as "no token".
            return await self._authentication.authenticate_request(
                activity, header.strip() if header and header.strip() else None
            )
        except (requests.RequestException, aiohttp.ClientError, TimeoutError) as error:
            # The signing keys could not be fetched: our problem, and worth a retry.
            log.error("Bot Framework signing keys unavailable: %s", error)
            return web.json_response({"error": "authentication unavailable"}, status=503)
        except Exception as error:
            # botbuilder raises PermissionError, jwt errors, IndexError for an unknown key
            # id and bare Exceptions for endorsements: all mean "not a valid token".
            log.info("Teams request refused: %s: %s", type(error).__name__, error)
            return web.json_response({"error": "unauthorized"}, status=401)


def _who(activity: Activity) -> tuple[str | None, str | None]:
    """(tenant, user) of an activity, for the turn's log line (hashed there)."""
    conversation, sender = activity.conversation, activity.from_property
    tenant = getattr(conversation, "tenant_id", None) if conversation is not None else None
    user = None
    if sender is not None:
        user = getattr(sender, "aad_object_id", None) or getattr(sender, "id", None)
    return (
        tenant if isinstance(tenant, str) else None,
        user if isinstance(user, str) else None,
    )


def _activity(body: Any) -> Activity | None:
    if not isinstance(body, dict):
        return None
    try:
        activity = read_activity(body)  # as Activity().deserialize(body), faster
    except (DeserializationError, ValueError, TypeError, AttributeError):
        return None
    return activity if activity.type else None


TEAMS_ENDPOINT = web.AppKey[TeamsEndpoint]("teams_endpoint")


def mount_teams(
    app: web.Application, coach: Coach, say: Say, memory: TeamsMemory, config: TeamsConfig
) -> TeamsEndpoint:
    """Serve POST /api/messages on `app`; says once at start-up if it is unauthenticated."""
    use_bounded_key_fetch()
    endpoint = TeamsEndpoint(coach, say, memory, config)
    app[TEAMS_ENDPOINT] = endpoint
    app.router.add_post(ROUTE, endpoint.handle)
    metrics.IN_FLIGHT.labels("teams").set_function(lambda: endpoint.limiter.in_flight)

    async def close_connector(_: web.Application) -> None:
        await endpoint.connector.close()

    app.on_cleanup.append(close_connector)
    if not config.authenticated:

        async def warn(_: web.Application) -> None:
            log.warning(
                "Teams: MicrosoftAppId is not set, so %s accepts unauthenticated requests "
                "whose serviceUrl is on this machine (the Bot Framework Emulator)",
                ROUTE,
            )

        app.on_startup.append(warn)
    return endpoint
