"""Messages the bot starts in Teams (reminders, "did you hear back?"): a proactive
message to the conversation reference saved from the user's last message
(bot/store/references.py), laid out as a turn's replies are
(adapters/teams/render.py), cards and buttons included.

botbuilder's `continue_conversation` runs on a `CloudAdapter` of its own over the app's
Bot Framework authentication (so it shares the connector clients, without retries of
their own), with the bot's app id as the audience of the claims it acts under. It has
no `on_turn_error`: a failure comes back here as an outcome instead of being answered
with "please send that again".

Outcomes (adapters/outbound.py): no saved reference, or a 403/404 from the connector
(the app was removed, the conversation is gone), or another 4xx: `Gone`. 429, 5xx, 401
(credentials being rotated), an unreachable connector or token endpoint: `RetryLater`,
with the connector's Retry-After. The connector has no idempotency key, so a message
whose outcome was lost (a crash in the moment after the connector accepted it) is sent
again on the next attempt: at least once.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

import aiohttp
import requests
from azure.core.exceptions import DeserializationError
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ConversationReference, ErrorResponseException
from msrest.exceptions import ClientRequestError

from adapters.outbound import Delivered, Gone, Outcome, Outgoing, RetryLater
from adapters.teams.connector import (
    RETRYABLE_STATUSES,
    BotConnector,
    Channel,
    ConnectorError,
    addressed,
)
from adapters.teams.render import ReplyRenderer
from adapters.teams.sent import SentCards
from dialogs.messages import ConversationKey

log = logging.getLogger(__name__)

GONE_STATUSES = frozenset({403, 404})
Say = Callable[..., str]


class References(Protocol):
    async def reference(self, key: ConversationKey) -> dict[str, Any] | None:
        """The user's saved conversation reference (bot.store.references)."""
        ...


class TeamsProactive:
    """`adapters.outbound.Sender` for Teams and the other Bot Framework channels.

    `authentication` is the app's (`app[TEAMS_ENDPOINT].adapter.bot_framework_authentication`),
    `app_id` its MicrosoftAppId (None: unauthenticated, the Emulator); `cards`, the
    endpoint's bot's (`TeamsBot.cards`): the cards it sends are kept there, so the bot
    shows the choice on one when it is pressed, as on its own replies."""

    def __init__(
        self,
        authentication: Any,
        app_id: str | None,
        references: References,
        say: Say,
        connector: BotConnector | None = None,
        cards: SentCards | None = None,
    ) -> None:
        self._adapter = CloudAdapter(authentication)
        self._cards = cards if cards is not None else SentCards()
        self._connector = connector or BotConnector()  # the endpoint's (connector.py)
        self._app_id = app_id
        self._references = references
        self._render = ReplyRenderer(say)

    async def send(self, outgoing: Outgoing) -> Outcome:
        saved = await self._references.reference(outgoing.key)
        if saved is None:
            return Gone("no conversation reference")
        reference = ConversationReference().deserialize(saved)
        payloads = self._render.activities(outgoing.replies)

        async def send_all(context: TurnContext) -> None:
            # A new message, not a reply to the turn's made-up "continue" event.
            context.activity.id = None
            channel = context.turn_state.get(context.adapter.BOT_CONNECTOR_CLIENT_KEY)
            if not isinstance(channel, Channel):
                raise TypeError("the turn has no Bot Connector channel")
            conversation = context.activity.conversation.id
            for payload in payloads:
                body = addressed(context.activity, payload)
                sent_id = await self._connector.post_once(channel, conversation, body)
                self._cards.remember_sent(conversation, payload, sent_id)

        try:
            await self._adapter.continue_conversation(reference, send_all, bot_app_id=self._app_id)
        except ConnectorError as error:
            return _status_outcome(error.status, error.retry_after)
        except ErrorResponseException as error:
            return _outcome(error)
        except PermissionError:
            # botbuilder's way of saying the token endpoint refused the app's credentials
            # (being rotated, or wrong: after the last attempt the row fails, logged).
            return RetryLater("token refused")
        except (
            ClientRequestError,
            DeserializationError,
            requests.RequestException,
            aiohttp.ClientError,
            TimeoutError,
            OSError,
        ) as error:
            # An unreachable connector or token endpoint, or an error page not in JSON.
            return RetryLater(f"network: {type(error).__name__}")
        return Delivered()


def _status_outcome(status: int, retry_after: float | None) -> Outcome:
    """A connector's answer to a send: gone for good, or worth another attempt."""
    reason = f"HTTP {status}"
    if status in GONE_STATUSES:
        return Gone(reason)
    if status in RETRYABLE_STATUSES or status == 401:
        after = dt.timedelta(seconds=retry_after) if retry_after is not None else None
        return RetryLater(reason, after=after)
    return Gone(reason)  # another 4xx: this message will never be accepted


def _outcome(error: ErrorResponseException) -> Outcome:
    status = _status(error)
    reason = f"HTTP {status}" if status is not None else "no HTTP status"
    if status in GONE_STATUSES:
        return Gone(reason)
    if status is None or status in RETRYABLE_STATUSES or status == 401:
        return RetryLater(reason, after=_retry_after(error))
    return Gone(reason)  # another 4xx: this message will never be accepted


def _status(error: ErrorResponseException) -> int | None:
    status = getattr(getattr(error, "response", None), "status_code", None)
    return int(status) if status is not None else None


def _retry_after(error: ErrorResponseException) -> dt.timedelta | None:
    """The connector's Retry-After, in seconds or as an HTTP date; None if absent."""
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    value = headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return dt.timedelta(seconds=int(value.strip()))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return dt.timedelta(seconds=max(0.0, when.timestamp() - time.time()))
