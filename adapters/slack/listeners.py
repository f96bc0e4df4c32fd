"""The Slack listeners: `/thankyou`, DMs to the bot and button presses, as turns.

Bolt runs with `process_before_response`: a listener's whole turn (saved through the
`Coach`, then posted) happens before Slack gets its HTTP answer, within Slack's 3 s, under
the `TurnLimiter`. So every message ends saved and answered; or unacknowledged (the process
died, or posting the reply failed: Slack redelivers, and the redelivery resends the saved
turn's replies); or, when nothing could be saved, with "I couldn't save that, please send
it again". Every read and write is keyed by team and user.

Each message and button press goes with when the user sent it, by Slack's clock (the
event's `ts`, the action's `action_ts`), so the coach can tell a message that arrives
after a later one (a redelivery of a message they have since typed again) by Slack's
clock alone; and whether Slack says it is a redelivery (X-Slack-Retry-Num above 0, in
Socket Mode the envelope's `retry_attempt`, which bolt copies into the same header: 0 on
every first delivery).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from cachetools import TTLCache
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.channel import Coach, Say
from adapters.slack.blocks import (
    NOTE_ACTION,
    SlackMessage,
    chosen_blocks,
    decode_choice,
    fallback_text,
    reply_messages,
    text_message,
)
from adapters.slack.limiter import TurnLimiter
from adapters.slack.live import LiveMessage, LiveQuestions
from adapters.slack.text import escape, plain_text
from dialogs.commands import COMMAND_REF, read_press, read_slash, read_typed
from dialogs.messages import (
    Command,
    ConversationKey,
    EventId,
    Incoming,
    Profile,
    Reply,
    conversation_key,
)

log = logging.getLogger(__name__)

PROFILE_SECONDS = 15 * 60  # how long a users.info answer is reused
PROFILES_KEPT = 2000

# The ephemeral answer to /thankyou repeats a reply up to this long (one line, no buttons).
ACK_REPEATS_CHARS = 300
# A Slack timestamp: seconds since the epoch on Slack's clock, a dot, microseconds.
_SLACK_TS = re.compile(r"([0-9]{1,12})(?:\.([0-9]{1,6}))?")


@dataclass(frozen=True)
class Who:
    """The user behind a request, in their workspace."""

    team: str
    user: str

    @property
    def key(self) -> ConversationKey:
        return conversation_key("slack", self.team, self.user)

    def event(self, event_id: str) -> EventId:
        return EventId("slack", self.team, event_id)


def who_of(context: AsyncBoltContext) -> Who:
    team = context.team_id or context.enterprise_id
    if not team or not context.user_id:
        raise ValueError("a Slack request without a team or user")
    return Who(team=team, user=context.user_id)


def is_user_dm(event: Mapping[str, Any]) -> bool:
    """A message a person typed in their DM with the bot: no bots, edits or deletions."""
    return (
        event.get("channel_type") == "im"
        and "subtype" not in event
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and bool(event.get("user"))
    )


class SlackListeners:
    def __init__(
        self, coach: Coach, say: Say, limiter: TurnLimiter, live: LiveQuestions | None = None
    ) -> None:
        self._coach = coach
        self._say = say
        self._limiter = limiter
        # The questions whose buttons are live, to take them off once answered or left.
        self._live = live or LiveQuestions()
        # users.info answers, reused for a while: one call per user per quarter hour.
        self._profiles: TTLCache[Who, Profile] = TTLCache(PROFILES_KEPT, PROFILE_SECONDS)

    # -- /thankyou -------------------------------------------------------------------------

    async def on_command(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        """`/thankyou <words>`: the same commands as typed anywhere (dialogs/commands.py).
        The help is answered in place; everything else happens in the DM, and the
        ephemeral answer says what happened (typed in the DM itself, it says nothing: the
        answer is right there)."""
        incoming = read_slash(body.get("text") or "")
        who = who_of(context)
        replies: list[Reply] | None = None
        # The command only: whatever else was typed may be personal and stays out of logs.
        doing = f"/thankyou {incoming.command.value}"
        async with self._limiter.turn(), self._logged(who, doing):
            event = who.event(f"command:{body.get('trigger_id') or time.time_ns()}")
            if incoming.command is Command.HELP:
                # The list of commands is answered in place; the tips for the question of
                # an interview in progress go to the DM. Either way the turn is marked
                # answered, so a replayed trigger id gets nothing more.
                async with self._coach.turn(who.key, incoming, event) as replies:
                    if _in_place(replies):
                        await ack(text=escape(replies[0].text), response_type="ephemeral")
                        return
                    channel = await self._open_dm(client, who)
                    if replies and replies[0].settles is not None:
                        await self._settle(client, who, replies[0].settles, None)
                    if replies:
                        await self._post_replies(client, channel, replies, who)
            else:
                channel = await self._open_dm(client, who)
                replies = await self._turn(client, who, channel, incoming, event, tell=False)
        # Sent to Slack when the listener returns (process_before_response), so it can
        # still say that nothing was saved.
        if replies is not None and body.get("channel_id") == channel:
            await ack()  # typed in our DM, where the answer was just posted
            return
        await ack(text=self._command_ack(incoming, replies), response_type="ephemeral")

    def _command_ack(self, incoming: Incoming, replies: list[Reply] | None) -> str:
        if replies is None:
            return escape(self._say("slack/not_saved"))
        said = ""
        (first, *rest) = replies or [Reply("")]
        one_line = len(first.text) <= ACK_REPEATS_CHARS and "\n" not in first.text
        if one_line and not (rest or first.buttons or first.notes):
            said = first.text
        command = incoming.command.value
        return escape(self._say("slack/ack", command=command, number=incoming.number, said=said))

    async def _open_dm(self, client: AsyncWebClient, who: Who) -> str:
        response = await client.conversations_open(users=who.user)
        channel: str = response["channel"]["id"]
        return channel

    # -- DMs ---------------------------------------------------------------------------------

    async def on_message(
        self,
        event: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
        request: AsyncBoltRequest,
    ) -> None:
        async with self._limiter.turn():
            if not is_user_dm(event):
                return
            who = who_of(context)
            event_id = body.get("event_id")
            typed = plain_text(event.get("text") or "")
            incoming = read_typed(typed) or Incoming(text=typed)
            # Errors after the save are raised (bolt answers 500): Slack redelivers the
            # event, and the redelivery resends the saved turn's replies.
            async with self._logged(who, "a message", reraise=True):
                await self._turn(
                    client,
                    who,
                    event["channel"],
                    incoming,
                    who.event(event_id) if event_id else None,
                    sent_at=slack_time(event.get("ts")),
                    redelivered=retry_number(request) > 0,
                )

    # -- buttons -----------------------------------------------------------------------------

    async def on_choice(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()  # sent when the listener returns (process_before_response)
        who = who_of(context)
        async with self._limiter.turn(), self._logged(who, "a button", reraise=True):
            channel, message = body["channel"]["id"], body.get("message") or {}
            label = action.get("text", {}).get("text", "")
            chosen = self._say("slack/chosen", label=label)
            pressed = decode_choice(action.get("value") or "")
            if pressed is None:  # a button of no interview: the message stays as it is
                await self._post(client, channel, [text_message(self._say("slack/interview_over"))])
                return
            ts = message.get("ts") or body.get("container", {}).get("message_ts")
            event = who.event(f"action:{ts}:{action.get('action_ts')}")
            incoming = read_press(pressed.value, pressed.ref)
            # A note's own button ("Copy-ready", "Show") leaves its message as it was.
            replaced = None if action["action_id"].startswith(NOTE_ACTION) else (message, chosen)
            await self._turn(
                client,
                who,
                channel,
                incoming,
                event,
                pressed=replaced,
                sent_at=slack_time(action.get("action_ts")),
            )

    # -- the Home tab -------------------------------------------------------------------------

    async def in_dm(
        self, client: AsyncWebClient, who: Who, incoming: Incoming, event: EventId
    ) -> None:
        """A command given outside the DM (a Home tab button), answered in the DM."""
        async with self._limiter.turn(), self._logged(who, "a Home tab button", reraise=True):
            await self._turn(client, who, await self._open_dm(client, who), incoming, event)

    # -- turns and posting -------------------------------------------------------------------

    async def _turn(
        self,
        client: AsyncWebClient,
        who: Who,
        channel: str,
        incoming: Incoming,
        event: EventId | None,
        *,
        tell: bool = True,
        pressed: tuple[Mapping[str, Any], str] | None = None,
        sent_at: dt.datetime | None = None,
        redelivered: bool = False,
    ) -> list[Reply] | None:
        """Save the turn, then post its replies (first replacing the `pressed` message's
        buttons, unless the press no longer counted); return them. If nothing could be
        saved: None, after telling the user in the DM (unless not `tell`). A failure after
        the save is raised."""
        saved = False
        try:
            async with self._coach.turn(
                who.key,
                incoming,
                event,
                sent_at=sent_at,
                redelivered=redelivered,
                profile=functools.partial(self.profile, client, who),
            ) as replies:
                saved = True
                counts = bool(replies) and not any(r.stale for r in replies)
                if pressed is not None and counts:
                    message, chosen = pressed
                    await self._replace(
                        client, who, channel, message, chosen_blocks(message, chosen)
                    )
                if counts and replies[0].settles is not None:
                    done = pressed[0].get("ts") if pressed is not None else None
                    await self._settle(client, who, replies[0].settles, done)
                await self._post_replies(client, channel, replies, who)
        except Exception:
            if saved:
                raise
            log.exception("turn not saved (team %s, user %s)", who.team, who.user)
            if tell:
                await self._post(client, channel, [text_message(self._say("slack/not_saved"))])
            return None
        return replies

    async def _settle(
        self, client: AsyncWebClient, who: Who, line: str, pressed_ts: str | None
    ) -> None:
        """Take the buttons off the questions still live above (the pressed one is done):
        the last says how it was answered (`line`), the others were asked again."""
        live = [m for m in self._live.take(who.key) if m.ts != pressed_ts]
        for index, message in enumerate(live):
            said = line if index == len(live) - 1 and pressed_ts is None else ""
            blocks = chosen_blocks(message.as_message(), said)
            await self._replace(client, who, message.channel, message.as_message(), blocks)

    async def _post_replies(
        self, client: AsyncWebClient, channel: str, replies: list[Reply], who: Who | None = None
    ) -> None:
        for reply in replies:
            await self._post(client, channel, reply_messages(reply, self._say), who)

    async def _post(
        self,
        client: AsyncWebClient,
        channel: str,
        messages: list[SlackMessage],
        who: Who | None = None,
    ) -> None:
        """Post `messages`; those with a question's buttons are kept as `who`'s live ones."""
        for message in messages:
            # No link_names or parse: typed "<!channel>" stays text, never a mention.
            posted = await client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
            ts = posted.get("ts")
            if who is not None and isinstance(ts, str):
                live = LiveMessage(channel, ts, message.text, message.blocks)
                self._live.remember(who.key, live)

    async def _replace(
        self,
        client: AsyncWebClient,
        who: Who,
        channel: str,
        message: Mapping[str, Any],
        blocks: list[dict[str, Any]],
        text: str | None = None,
    ) -> None:
        """Replace a pressed message so its buttons cannot be pressed again. A failure
        here is logged and the turn goes on: the answer is saved and the reply matters."""
        ts = message.get("ts")
        if not ts:
            return
        fallback = fallback_text(text) if text is not None else message.get("text") or ""
        try:
            await client.chat_update(channel=channel, ts=ts, text=fallback, blocks=blocks)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.warning(
                "chat.update failed (team %s, user %s): %s", who.team, who.user, _reason(error)
            )

    async def profile(self, client: AsyncWebClient, who: Who) -> Profile:
        """Name and e-mail from users.info, offered as defaults; none if not allowed."""
        cached = self._profiles.get(who)
        if cached is not None:
            return cached
        try:
            response = await client.users_info(user=who.user)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.info("no profile for team %s user %s: %s", who.team, who.user, _reason(error))
            profile = Profile()
        else:
            user = _object(response.get("user"))
            details = _object(user.get("profile"))
            # Only strings are taken: a number or an object where Slack sends a string
            # (seen for `tz`) would fail every turn of that user.
            profile = Profile(
                name=_text(details.get("real_name")) or _text(user.get("real_name")),
                email=_text(details.get("email")),
                time_zone=_text(user.get("tz")),  # their evening, their "today"
            )
        self._profiles[who] = profile
        return profile

    @asynccontextmanager
    async def _logged(self, who: Who, doing: str, *, reraise: bool = False) -> AsyncIterator[None]:
        """Log a failed turn with its team and user; with `reraise`, fail the request too
        (bolt answers 500, so Slack redelivers an event and shows a failed button).
        Whatever the turn saved stays saved, so they can carry on."""
        try:
            yield
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.error(
                "Slack API failed during %s (team %s, user %s): %s",
                doing,
                who.team,
                who.user,
                _reason(error),
            )
            if reraise:
                raise
        except Exception:
            # Logged here, with who it was, instead of by bolt's handler without it.
            log.exception("turn failed during %s (team %s, user %s)", doing, who.team, who.user)
            if reraise:
                raise


def _in_place(replies: list[Reply]) -> bool:
    """The help (the list of commands) is answered where /thankyou was typed."""
    return len(replies) == 1 and replies[0].ref == COMMAND_REF


def slack_time(ts: Any) -> dt.datetime | None:
    """A Slack timestamp ("1700000100.000200") as the UTC time it names, to the
    microsecond (a float would round it); None if it is not one."""
    found = _SLACK_TS.fullmatch(ts) if isinstance(ts, str) else None
    if found is None:
        return None
    seconds, fraction = found.groups()
    microseconds = int((fraction or "").ljust(6, "0"))
    try:
        whole = dt.datetime.fromtimestamp(int(seconds), dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return whole + dt.timedelta(microseconds=microseconds)


def retry_number(request: AsyncBoltRequest) -> int:
    """Slack's X-Slack-Retry-Num: 0 for a first delivery (Socket Mode says 0 on every
    first delivery), 1 to 3 for its retries."""
    values = request.headers.get("x-slack-retry-num") or []
    value = values[0] if isinstance(values, list | tuple) and values else values
    return int(value) if isinstance(value, str) and value.isdigit() else 0


def _object(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _reason(error: BaseException) -> str:
    if isinstance(error, SlackApiError):
        data = error.response.data  # a dict, or the text of a non-JSON answer (a 500)
        if isinstance(data, dict) and data.get("error"):
            return str(data["error"])
        return f"HTTP {error.response.status_code}"
    return repr(error)
