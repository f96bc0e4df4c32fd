"""The Slack Web API client, built once, and counted.

bolt builds a new `AsyncWebClient` for every request (`AsyncApp._init_context`, since
bolt 1.15, in case a listener changes its token), and each one reads the proxy
variables from the environment again and rebuilds the user agent. With a single
workspace's static token nothing changes a client's token, so `ReusingAsyncApp` hands
each request the client built for its team once (the team goes into org-wide apps'
default parameters, so one client per team). With OAuth the token is set per request:
there a client is still built per request, as bolt does, but from our class, with the
proxy already resolved.

`ObservedWebClient` counts failed calls, and its retry handlers count retries, in
bot.metrics.
"""

from __future__ import annotations

from typing import Any

from cachetools import LRUCache
from slack_bolt.async_app import AsyncApp
from slack_bolt.logger import get_bolt_app_logger
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.proxy_env_variable_loader import load_http_proxy_from_env
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot import metrics

PLATFORM = "slack"
MAX_CLIENTS = 1000  # one per team; a single-workspace app has one


class _Counted(AsyncRetryHandler):
    """A retry handler that counts the retries it asks for."""

    def __init__(self, inner: AsyncRetryHandler) -> None:
        super().__init__(max_retry_count=inner.max_retry_count)
        self._inner = inner

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return await self._inner.can_retry_async(
            state=state, request=request, response=response, error=error
        )

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        metrics.api_retry(PLATFORM)
        await self._inner.prepare_for_next_attempt_async(
            state=state, request=request, response=response, error=error
        )


def retry_handlers() -> list[AsyncRetryHandler]:
    """slack-sdk's retries for rate limits (Retry-After), server errors and dropped
    connections, counted."""
    return [
        _Counted(AsyncConnectionErrorRetryHandler(max_retry_count=2)),
        _Counted(AsyncRateLimitErrorRetryHandler(max_retry_count=3)),
        _Counted(AsyncServerErrorRetryHandler(max_retry_count=2)),
    ]


class ObservedWebClient(AsyncWebClient):
    """An AsyncWebClient whose failed calls (after retries) are counted."""

    def __init__(self, **kwargs: Any) -> None:
        if not kwargs.get("proxy"):
            # Resolved here once; AsyncWebClient would read the environment again for
            # every client built from this one's settings.
            kwargs["proxy"] = load_http_proxy_from_env()
        super().__init__(**kwargs)

    async def _send(self, http_verb: str, api_url: str, req_args: dict[str, Any]) -> Any:
        try:
            response: AsyncSlackResponse = await super()._send(http_verb, api_url, req_args)
        except Exception:
            metrics.api_error(PLATFORM)
            raise
        return response

    def sibling(self, team_id: str | None) -> ObservedWebClient:
        """A client with this one's settings for `team_id`, built without reading the
        environment again."""
        client = ObservedWebClient.__new__(ObservedWebClient)
        client.__dict__.update(self.__dict__)
        client.headers = self.headers  # shared, as bolt shares them
        client.default_params = {"team_id": team_id} if team_id is not None else {}
        client.retry_handlers = list(self.retry_handlers)
        return client


class ReusingAsyncApp(AsyncApp):
    """bolt's AsyncApp, handing each request a Web API client built once per team
    (single workspace), or one built cheaply per request (OAuth)."""

    def __init__(self, *, web_client: ObservedWebClient, **kwargs: Any) -> None:
        # bolt builds a client from the token (given one of ours as well, it reads
        # SLACK_BOT_TOKEN anyway and warns at every start that the token is unused);
        # ours, configured the same, replaces it.
        super().__init__(**kwargs)
        self._async_client = web_client
        flow = self._async_oauth_flow
        if flow is not None:
            flow._async_client = web_client
        self._team_clients: LRUCache[str | None, ObservedWebClient] = LRUCache(MAX_CLIENTS)

    def _init_context(self, req: AsyncBoltRequest) -> None:
        # What AsyncApp._init_context does, without building a client every time.
        req.context["logger"] = get_bolt_app_logger(
            app_name=self.name, base_logger=self._base_logger
        )
        req.context["token"] = self._token
        req.context["client"] = self._client_for(req.context.team_id)
        req.context["listener_runner"] = self.listener_runner

    def _client_for(self, team_id: str | None) -> AsyncWebClient:
        base = self._async_client
        if not isinstance(base, ObservedWebClient):
            raise TypeError("ReusingAsyncApp needs an ObservedWebClient")
        if self._token is None:
            # OAuth: the authorization middleware sets this request's token on it.
            return base.sibling(team_id)
        client = self._team_clients.get(team_id)
        if client is None or client.session is not base.session:
            client = base.sibling(team_id)
            self._team_clients[team_id] = client
        return client
