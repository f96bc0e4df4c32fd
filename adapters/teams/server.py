"""POST /api/messages: Bot Framework authentication, botbuilder's CloudAdapter, our bot.

The request is translated by hand instead of `CloudAdapter.process`, so that malformed
JSON is a 400, any token that fails validation is a 401 (botbuilder lets a malformed
Authorization header escape as a jwt error, a 500), and non-invoke activities get a
quiet 200. Connector clients are reused across turns: building one per turn, as the
stock adapter does, spends most of a turn's CPU in msrest's retry-policy constructor.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections import OrderedDict
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

from adapters.channel import Coach, Say
from adapters.teams.bot import RetryPolicy, TeamsBot, TeamsMemory
from adapters.teams.identity import problem_of
from adapters.teams.keys import use_bounded_key_fetch

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


class _ConnectorCache:
    """Connector clients by (bot app id, service URL, audience), least recently used out."""

    def __init__(self) -> None:
        self._clients: OrderedDict[tuple[str | None, str, str | None], Any] = OrderedDict()

    async def get(self, factory: Any, app_id: str | None, service_url: str, audience: Any) -> Any:
        key = (app_id, service_url, audience)
        client = self._clients.get(key)
        if client is None:
            client = await factory.create(service_url, audience)
            # Retries are ours (bot.py): with msrest's as well, a 429 would be retried twice.
            client.config.retry_policy.retries = 0
            self._clients[key] = client
            while len(self._clients) > MAX_CACHED_CONNECTORS:
                self._clients.popitem(last=False)
        self._clients.move_to_end(key)
        return client


class _ReusingConnectorFactory(ConnectorFactory):  # type: ignore[misc]
    def __init__(self, inner: Any, cache: _ConnectorCache, app_id: str | None) -> None:
        self._inner = inner
        self._cache = cache
        self._app_id = app_id

    async def create(self, service_url: str, audience: str | None = None) -> Any:
        return await self._cache.get(self._inner, self._app_id, service_url, audience)


class _Authentication(ConfigurationBotFrameworkAuthentication):  # type: ignore[misc]
    def __init__(self, config: TeamsConfig) -> None:
        super().__init__(_BotFrameworkConfiguration(config))
        self._cache = _ConnectorCache()
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
        self.bot = TeamsBot(coach, say, memory, config.retry)
        self.adapter.on_turn_error = self.bot.on_error

    async def handle(self, request: web.Request) -> web.Response:
        try:
            body = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"error": "malformed JSON"}, status=400)
        activity = _activity(body)
        if activity is None:
            return web.json_response({"error": "not an activity"}, status=400)
        problem = problem_of(body, activity)
        if problem is not None:
            log.debug("Teams activity refused: %s", problem)
            return web.json_response({"error": problem}, status=400)
        if not self._config.authenticated and not _is_loopback(activity.service_url):
            # Without an app id nothing proves who sent this; replying would let anyone
            # make this server post to any URL. Local use (the Emulator) is on loopback.
            log.warning("unauthenticated Teams activity for a non-local serviceUrl refused")
            return web.json_response({"error": "unauthorized"}, status=401)
        authenticated = await self._authenticate(activity, request.headers.get("Authorization"))
        if isinstance(authenticated, web.Response):
            return authenticated
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


def _activity(body: Any) -> Activity | None:
    if not isinstance(body, dict):
        return None
    try:
        activity = Activity().deserialize(body)
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
    if not config.authenticated:

        async def warn(_: web.Application) -> None:
            log.warning(
                "Teams: MicrosoftAppId is not set, so %s accepts unauthenticated requests "
                "whose serviceUrl is on this machine (the Bot Framework Emulator)",
                ROUTE,
            )

        app.on_startup.append(warn)
    return endpoint
