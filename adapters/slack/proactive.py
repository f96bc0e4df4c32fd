"""Messages the bot starts in Slack (reminders, "did you hear back?"): the user's DM,
opened with `conversations.open`, then `chat.postMessage`, laid out exactly as a turn's
replies are (adapters/slack/blocks.py), buttons included.

The token is the workspace's bot token: the installation's in multi-workspace (OAuth)
mode, from the same installation store bolt uses (`InstalledTokens`), or the one
`SLACK_BOT_TOKEN` (`SingleToken`). The Web API client is the app's (its retries for rate
limits, server errors and dropped connections included).

Outcomes (adapters/outbound.py): a workspace without an installation, a revoked token,
an inactive account, an unknown or deactivated user: `Gone`, no retries. Rate limited
(after the client's own retries), Slack's or the network's failure: `RetryLater`, with
Slack's Retry-After.

Idempotency: each message is posted with metadata carrying the scheduled row's key (and
its part number, for a reply that needs several messages). On a later attempt, which an
earlier attempt may have beaten to Slack before its outcome was recorded, the DM's
recent history is read first (`conversations.history`, scope im:history) and the parts
already there are not posted again. If that read fails, the parts are posted anyway: at
least once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, Protocol

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import (
    AsyncInstallationStore,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.outbound import Delivered, Gone, Outcome, Outgoing, RetryLater
from adapters.slack.blocks import SlackMessage, reply_messages
from adapters.slack.live import LiveMessage, LiveQuestions

log = logging.getLogger(__name__)

METADATA_EVENT = "thankyou_scheduled"
HISTORY_LIMIT = 50  # recent messages read back before a retry
# Slack errors that no retry will cure: the app is gone from the workspace, its token
# revoked or expired, the user deactivated, unknown or not one we may message.
GONE_ERRORS = frozenset(
    {
        "account_inactive",
        "token_revoked",
        "token_expired",
        "invalid_auth",
        "not_authed",
        "no_permission",
        "missing_scope",
        "team_access_not_granted",
        "ekm_access_denied",
        "org_login_required",
        "user_not_found",
        "users_not_found",
        "user_disabled",
        "user_not_visible",
        "cannot_dm_bot",
        "channel_not_found",
        "is_archived",
    }
)

Say = Callable[..., str]


class SlackTokens(Protocol):
    async def bot_token(self, team: str) -> str | None:
        """The bot token for workspace (or Enterprise Grid organisation) `team`; None
        when the app is not installed there."""
        ...


class SingleToken:
    """Single-workspace mode: `SLACK_BOT_TOKEN` for every user."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def bot_token(self, team: str) -> str | None:
        return self._token


class InstalledTokens:
    """Multi-workspace mode: the bot token of the workspace's installation, from the
    installation store the OAuth flow saved it in (None once the app is uninstalled and
    the installation deleted)."""

    def __init__(self, store: AsyncInstallationStore) -> None:
        self._store = store

    async def bot_token(self, team: str) -> str | None:
        bot = await self._store.async_find_bot(enterprise_id=None, team_id=team)
        if bot is None:  # an org-wide install, keyed by the organisation's id
            bot = await self._store.async_find_bot(
                enterprise_id=team, team_id=None, is_enterprise_install=True
            )
        return bot.bot_token if bot is not None else None


def part_key(idempotency_key: str, part: int) -> str:
    """The metadata key of one posted message of a scheduled row."""
    return f"{idempotency_key}#{part}"


class SlackProactive:
    """`adapters.outbound.Sender` for Slack."""

    def __init__(
        self,
        client: AsyncWebClient,
        tokens: SlackTokens,
        say: Say,
        live: LiveQuestions | None = None,
    ) -> None:
        self._client = client
        self._tokens = tokens
        self._say = say
        # The listeners' (adapters/slack/live.py): a reminder answered by typing loses its
        # buttons as the turn's own questions do.
        self._live = live if live is not None else LiveQuestions()

    async def send(self, outgoing: Outgoing) -> Outcome:
        key = outgoing.key
        try:
            token = await self._tokens.bot_token(key.tenant)
            if token is None:
                return Gone("no installation for the workspace")
            opened = await self._client.conversations_open(users=key.user, token=token)
            channel = str(opened["channel"]["id"])
            messages = [m for reply in outgoing.replies for m in reply_messages(reply, self._say)]
            parts = [part_key(outgoing.idempotency_key, n) for n in range(len(messages))]
            posted = (
                await self._already_posted(channel, token, set(parts))
                if outgoing.attempt > 1
                else set()
            )
            for part, message in zip(parts, messages, strict=True):
                if part not in posted:
                    ts = await self._post(channel, token, message, part)
                    if ts is not None:
                        live = LiveMessage(channel, ts, message.text, message.blocks)
                        self._live.remember(key, live)
        except SlackApiError as error:
            return _outcome(error)
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            return RetryLater(f"network: {type(error).__name__}")
        return Delivered()

    async def _post(self, channel: str, token: str, message: SlackMessage, part: str) -> str | None:
        """Post one message; its ts."""
        # No link_names or parse: user text stays text, as in a turn's replies.
        posted = await self._client.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"key": part}},
            token=token,
        )
        ts = posted.get("ts")
        return ts if isinstance(ts, str) else None

    async def _already_posted(self, channel: str, token: str, parts: set[str]) -> set[str]:
        """Which of `parts` are among the DM's recent messages; none if it cannot tell."""
        try:
            history = await self._client.conversations_history(
                channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True, token=token
            )
        except (SlackApiError, aiohttp.ClientError, TimeoutError, OSError) as error:
            log.warning("Slack history unreadable, posting anyway: %s", _reason(error))
            return set()
        found = set()
        for message in history.get("messages") or []:
            metadata: Any = message.get("metadata") or {}
            if metadata.get("event_type") == METADATA_EVENT:
                found.add(str((metadata.get("event_payload") or {}).get("key")))
        return found & parts


def _outcome(error: SlackApiError) -> Outcome:
    response = error.response
    reason = _reason(error)
    if response.status_code == 429:
        return RetryLater(reason, after=_retry_after(response.headers))
    if reason in GONE_ERRORS:
        return Gone(reason)
    return RetryLater(reason)


def _retry_after(headers: Any) -> dt.timedelta | None:
    for name in ("Retry-After", "retry-after"):
        value = headers.get(name) if headers else None
        if isinstance(value, list):
            value = value[0] if value else None
        if value is not None and str(value).strip().isdigit():
            return dt.timedelta(seconds=int(str(value).strip()))
    return None


def _reason(error: BaseException) -> str:
    if isinstance(error, SlackApiError):
        data = error.response.data  # a dict, or the text of a non-JSON answer (a 500)
        if isinstance(data, dict) and data.get("error"):
            return str(data["error"])
        return f"HTTP {error.response.status_code}"
    return type(error).__name__


def slack_sender(
    client: AsyncWebClient,
    say: Say,
    *,
    bot_token: str | None = None,
    installations: AsyncInstallationStore | None = None,
    live: LiveQuestions | None = None,
) -> SlackProactive:
    """The Slack sender for the app's settings: multi-workspace when bolt has an
    installation store (`bolt.installation_store`), else the single bot token. `client`
    is bolt's (`bolt.client`), whose aiohttp session the app opens and closes."""
    if installations is not None:
        return SlackProactive(client, InstalledTokens(installations), say, live)
    if bot_token is None:
        raise ValueError("Slack needs a bot token or an installation store")
    return SlackProactive(client, SingleToken(bot_token), say, live)


__all__ = [
    "GONE_ERRORS",
    "InstalledTokens",
    "SingleToken",
    "SlackProactive",
    "SlackTokens",
    "slack_sender",
]
