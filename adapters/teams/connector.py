"""The few Bot Connector calls the bot makes, over one shared aiohttp session.

botbuilder's own path builds an msrest client configuration per reply and sends it with
`requests` in a thread pool (a thread hop per request); a Teams turn spent most of its
CPU there. Here a reply is one POST on a pooled aiohttp connection, retried on 429 and
5xx (honouring Retry-After) and on dropped connections, counted in bot.metrics: a plain
loop, because a retry library's machinery, built for every reply, cost more than the
few lines it saved. CloudAdapter still authenticates incoming requests; its credentials
(botbuilder's `ServiceClientCredentialsFactory`, the one its connector factory uses)
give the bearer token for the connector, fetched in a thread only when the cached one
is about to expire.

Calls: reply to an activity (every reply of a turn), send to a conversation, update an
activity (a card). `Channel` is what the connector factory hands CloudAdapter for a
turn instead of an msrest `ConnectorClient`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import email.utils
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit
from urllib.request import getproxies_environment, proxy_bypass_environment  # type: ignore[attr-defined]

import aiohttp
from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes
from botframework.connector import Channels

from bot import metrics

log = logging.getLogger(__name__)

PLATFORM = "teams"
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
TIMEOUT_S = 10.0  # each attempt
TOKEN_EARLY_S = 300.0  # a token is renewed this long before it expires
TOKEN_UNKNOWN_LIFETIME_S = 600.0  # for a token whose expiry cannot be read
ANONYMOUS_SKILL_APP_ID = "AnonymousSkillAppId"  # botframework's constant


@dataclass(frozen=True)
class RetryPolicy:
    """Calls to the connector: `attempts` in all, waiting `base_delay_s` doubled each
    time (or the connector's Retry-After), at most `max_delay_s` per wait."""

    attempts: int = 4
    base_delay_s: float = 0.5
    max_delay_s: float = 8.0


@dataclass(frozen=True)
class Channel:
    """Where a turn's replies go, and with which credentials (botbuilder's AppCredentials,
    or None for none)."""

    service_url: str
    credentials: Any


class ConnectorError(Exception):
    """The connector answered with an error status."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def _retryable(error: BaseException) -> bool:
    if isinstance(error, ConnectorError):
        return error.status in RETRYABLE_STATUSES
    return isinstance(error, aiohttp.ClientError | TimeoutError)


def retry_delay(policy: RetryPolicy, attempt: int, error: BaseException) -> float:
    """The wait before the next attempt: the connector's Retry-After if it gave one,
    else `base_delay_s` doubled for each attempt made; at most `max_delay_s`."""
    asked = error.retry_after if isinstance(error, ConnectorError) else None
    delay = policy.base_delay_s * 2.0 ** (attempt - 1) if asked is None else asked
    return float(min(delay, policy.max_delay_s))


def _gave_up(error: BaseException, what: str, conversation: str, attempts: int) -> None:
    metrics.api_error(PLATFORM)
    who = metrics.hash_id(conversation)
    if isinstance(error, ConnectorError):
        log.error(
            "%s Teams conversation %s failed with HTTP %s after %d attempt(s); "
            "the user's state is saved",
            what,
            who,
            error.status,
            attempts,
        )
    else:
        log.error(
            "%s Teams conversation %s failed after %d attempt(s) (%r); the user's state is saved",
            what,
            who,
            attempts,
            error,
        )


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The connector's Retry-After, in seconds or as an HTTP date; None if absent."""
    value = headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _token_expiry(token: str) -> float | None:
    """The `exp` claim of a JWT (read, not verified: it is our own token), as a Unix
    time; None if it cannot be read."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims["exp"])
    except (IndexError, KeyError, TypeError, ValueError, binascii.Error):
        return None


class _Tokens:
    """Bearer tokens by credentials, renewed shortly before they expire."""

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, str], tuple[str, float]] = {}
        self._lock = asyncio.Lock()

    async def header(self, credentials: Any) -> str | None:
        app_id = getattr(credentials, "microsoft_app_id", None)
        if credentials is None or not app_id or app_id == ANONYMOUS_SKILL_APP_ID:
            return None  # no app id: no authentication (the Emulator, local use)
        key = (str(app_id), str(getattr(credentials, "oauth_scope", "")))
        cached = self._tokens.get(key)
        if cached is None or cached[1] - TOKEN_EARLY_S <= time.time():
            async with self._lock:
                cached = self._tokens.get(key)
                if cached is None or cached[1] - TOKEN_EARLY_S <= time.time():
                    # msal, through botbuilder's credentials: blocking, hence the thread;
                    # once an hour or so, not per reply.
                    token = str(await asyncio.to_thread(credentials.get_access_token))
                    expires = _token_expiry(token) or time.time() + TOKEN_UNKNOWN_LIFETIME_S
                    cached = (token, expires)
                    self._tokens[key] = cached
        return f"Bearer {cached[0]}"


# In a turn's state: the incoming activity's conversation reference, built once
# (adapters/teams/bot.py), whose accounts address every reply of the turn.
REFERENCE = "thankyou.reference"


def reference_of(activity: Activity) -> dict[str, Any]:
    """`TurnContext.get_conversation_reference(activity).serialize()`, written out: the
    reference's few flat fields through msrest's generic serializer cost ~5% of a Teams
    turn's CPU. tests/teams/test_references.py checks the two agree."""
    # botbuilder keeps no activity id for an install, nor on Direct Line and Web Chat.
    keeps_id = activity.type != ActivityTypes.conversation_update and activity.channel_id not in (
        Channels.direct_line,
        Channels.webchat,
    )
    reference = {
        "activityId": _text(activity.id) if keeps_id else None,
        "user": _flat(activity.from_property),
        "bot": _flat(activity.recipient),
        "conversation": _flat(activity.conversation),
        "channelId": _text(activity.channel_id),
        "locale": _text(activity.locale),
        "serviceUrl": _text(activity.service_url),
    }
    return {key: value for key, value in reference.items() if value is not None}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _flat(model: Any) -> dict[str, Any] | None:
    """A ChannelAccount or ConversationAccount as msrest serializes it: each attribute
    set, under its JSON key (`tenant_id` is "tenantID"), strings as str and booleans as
    bool; `properties` (any JSON) as it came."""
    if model is None:
        return None
    flat: dict[str, Any] = {}
    for attribute, spec in type(model)._attribute_map.items():
        value = getattr(model, attribute, None)
        if value is None:
            continue
        if spec["type"] == "str":
            value = str(value)
        elif spec["type"] == "bool":
            value = bool(value)
        flat[spec["key"]] = value
    return flat


# A reply's accounts, taken from the incoming activity's reference: from the bot, to the
# user, in the same conversation.
_REPLY_ACCOUNTS = (("conversation", "conversation"), ("from", "bot"), ("recipient", "user"))


def addressed(
    incoming: Activity, payload: Mapping[str, Any], reference: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """`payload` addressed as a reply to `incoming`, as TurnContext.send_activity
    addresses it: from the bot to the user, in the same conversation, replying to it.
    The accounts come from `reference`, `incoming`'s conversation reference, when the
    turn has already built it."""
    reference = reference if reference is not None else reference_of(incoming)
    body = {k: v for k, v in payload.items() if v is not None}
    body.setdefault("type", "message")
    body.setdefault("inputHint", "acceptingInput")
    body.pop("id", None)
    body["channelId"] = incoming.channel_id
    body["serviceUrl"] = incoming.service_url
    for field, account in _REPLY_ACCOUNTS:
        if account in reference:
            body[field] = reference[account]
    if incoming.locale:
        body["locale"] = incoming.locale
    if incoming.id:
        body["replyToId"] = incoming.id
    return body


def _url(service_url: str, conversation_id: str, activity_id: str | None = None) -> str:
    base = f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}"
    base += "/activities"
    return f"{base}/{quote(activity_id, safe='')}" if activity_id else base


class BotConnector:
    """The Bot Connector's REST calls on one aiohttp session (opened on first use,
    closed with the app)."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._tokens = _Tokens()
        # The proxy settings, read from the environment once (as requests did for
        # botbuilder), not on every call.
        self._proxies = getproxies_environment()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    # -- the calls ----------------------------------------------------------------------

    async def reply(
        self, context: TurnContext, payload: Mapping[str, Any], policy: RetryPolicy
    ) -> str | None:
        """Send `payload` as a reply to the turn's activity; the id the connector gave
        it ("" if none), or None (logged) if it never went, after the retries `policy`
        allows."""
        incoming = context.activity
        channel = context.turn_state.get(context.adapter.BOT_CONNECTOR_CLIENT_KEY)
        conversation = incoming.conversation.id if incoming.conversation else ""
        body = addressed(incoming, payload, context.turn_state.get(REFERENCE))
        if not isinstance(channel, Channel):
            # Not our connector factory (never in this app): no credentials to send with.
            raise TypeError("the turn has no Bot Connector channel")
        url = _url(channel.service_url or incoming.service_url, conversation, incoming.id)
        sent = await self._call("POST", url, body, channel, conversation, policy)
        if sent is not None:
            context.responded = True
        return sent

    async def post_once(
        self, channel: Channel, conversation_id: str, activity: Mapping[str, Any]
    ) -> str:
        """Append `activity` to a conversation in one attempt (the scheduler retries):
        its id; raises `ConnectorError` with the status, or aiohttp's error."""
        return await self._send_once(
            "POST", _url(channel.service_url, conversation_id), activity, channel
        )

    async def update(
        self,
        context: TurnContext,
        activity_id: str,
        payload: Mapping[str, Any],
        policy: RetryPolicy,
    ) -> bool:
        """Replace an activity of this turn's conversation (a pressed card)."""
        incoming = context.activity
        channel = context.turn_state.get(context.adapter.BOT_CONNECTOR_CLIENT_KEY)
        if not isinstance(channel, Channel):
            raise TypeError("the turn has no Bot Connector channel")
        conversation = incoming.conversation.id if incoming.conversation else ""
        body = addressed(incoming, payload, context.turn_state.get(REFERENCE))
        url = _url(channel.service_url or incoming.service_url, conversation, activity_id)
        what = "updating a pressed card in"
        return await self._call("PUT", url, body, channel, conversation, policy, what) is not None

    async def send_to_conversation(
        self,
        channel: Channel,
        conversation_id: str,
        activity: Mapping[str, Any],
        policy: RetryPolicy,
    ) -> bool:
        """Append `activity` to a conversation (no reply-to)."""
        url = _url(channel.service_url, conversation_id)
        return await self._call("POST", url, activity, channel, conversation_id, policy) is not None

    async def update_activity(
        self,
        channel: Channel,
        conversation_id: str,
        activity_id: str,
        activity: Mapping[str, Any],
        policy: RetryPolicy,
    ) -> bool:
        """Replace a sent activity (a card whose buttons are spent)."""
        url = _url(channel.service_url, conversation_id, activity_id)
        return await self._call("PUT", url, activity, channel, conversation_id, policy) is not None

    # -- the HTTP -----------------------------------------------------------------------

    async def _call(
        self,
        method: str,
        url: str,
        body: Mapping[str, Any],
        channel: Channel,
        conversation: str,
        policy: RetryPolicy,
        what: str = "reply to",
    ) -> str | None:
        """The id the connector gave the activity ("" if none); None if it never went
        (logged as `what` the conversation failed)."""
        attempts = max(1, policy.attempts)
        for attempt in range(1, attempts + 1):
            try:
                return await self._send_once(method, url, body, channel)
            except (ConnectorError, aiohttp.ClientError, TimeoutError) as error:
                if attempt == attempts or not _retryable(error):
                    _gave_up(error, what, conversation, attempt)
                    return None
                delay = retry_delay(policy, attempt, error)
                metrics.api_retry(PLATFORM)
                log.warning(
                    "%s Teams conversation %s failed (attempt %d: %s), retrying in %.2fs",
                    what,
                    metrics.hash_id(conversation),
                    attempt,
                    error,
                    delay,
                )
                await asyncio.sleep(delay)  # the connector asked us to wait, or backoff
        raise AssertionError("unreachable")

    async def _send_once(
        self, method: str, url: str, body: Mapping[str, Any], channel: Channel
    ) -> str:
        headers = {"Content-Type": "application/json; charset=utf-8"}
        authorization = await self._tokens.header(channel.credentials)
        if authorization is not None:
            headers["Authorization"] = authorization
        data = json.dumps(body).encode()
        proxy = self._proxy_for(url)
        async with self._open().request(
            method, url, data=data, headers=headers, proxy=proxy
        ) as response:
            raw = await response.read()
            if response.status not in (200, 201, 202):
                raise ConnectorError(response.status, retry_after(response.headers))
        try:
            answer = json.loads(raw) if raw else {}
        except ValueError:
            return ""
        return str(answer.get("id") or "") if isinstance(answer, dict) else ""

    def _proxy_for(self, url: str) -> str | None:
        parts = urlsplit(url)
        proxy = self._proxies.get(parts.scheme)
        if proxy is None or proxy_bypass_environment(parts.hostname or "", self._proxies):
            return None
        return proxy

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_S),
                headers={"User-Agent": "thankyou-coach (Bot Framework connector)"},
            )
        return self._session
