"""The Slack listeners: `/thankyou`, DMs to the bot and button presses, as turns.

Bolt runs with `process_before_response`: a listener's whole turn (saved through the
`Coach`, then posted) happens before Slack gets its HTTP answer, within Slack's 3 s, under
the `TurnLimiter`. So every message ends saved and answered; or unacknowledged (the process
died, or posting the reply failed: Slack redelivers, and the redelivery resends the saved
turn's replies); or, when nothing could be saved, with "I couldn't save that, please send
it again". Every read and write is keyed by team and user.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.channel import Coach
from adapters.slack.blocks import (
    DELETE_CONFIRM_ACTION,
    DELETE_KEEP_ACTION,
    SlackMessage,
    button,
    chosen_blocks,
    decode_choice,
    fallback_text,
    mrkdwn_sections,
    note_blocks,
    reply_messages,
    text_message,
)
from adapters.slack.commands import ParsedCommand, Subcommand, parse_command
from adapters.slack.limiter import TurnLimiter
from adapters.slack.text import escape, plain_text
from dialogs.messages import (
    Command,
    ConversationKey,
    EventId,
    Incoming,
    NoteView,
    Profile,
    Reply,
    conversation_key,
)

log = logging.getLogger(__name__)

PROFILE_SECONDS = 15 * 60  # how long a users.info answer is reused
PROFILES_KEPT = 2000

_TURN_COMMANDS = {
    Subcommand.START: Command.START,
    Subcommand.RESUME: Command.RESUME,
    Subcommand.CANCEL: Command.CANCEL,
}


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
    def __init__(self, coach: Coach, limiter: TurnLimiter) -> None:
        self._coach = coach
        self._limiter = limiter
        self._profiles: OrderedDict[Who, tuple[float, Profile]] = OrderedDict()

    # -- /thankyou -------------------------------------------------------------------------

    async def on_command(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        parsed = parse_command(body.get("text") or "")
        who = who_of(context)
        saved = True
        # The subcommand only: whatever else was typed may be personal and stays out of logs.
        doing = f"/thankyou {parsed.subcommand.value}"
        async with self._limiter.turn(), self._logged(who, doing):
            saved = await self._after_command(parsed, who, client, body)
        # Sent to Slack when the listener returns (process_before_response), so it can
        # still say that nothing was saved.
        await ack(text=self._command_ack(parsed, saved), response_type="ephemeral")

    def _command_ack(self, parsed: ParsedCommand, saved: bool = True) -> str:
        if not saved:
            return escape(self._coach.say("slack/not_saved"))
        if parsed.subcommand in (Subcommand.HELP, Subcommand.UNKNOWN):
            unknown = parsed.subcommand is Subcommand.UNKNOWN
            return escape(self._coach.say("slack/usage", typed=parsed.text, unknown=unknown))
        return escape(self._coach.say("slack/ack_dm", subcommand=parsed.subcommand.value))

    async def _after_command(
        self, parsed: ParsedCommand, who: Who, client: AsyncWebClient, body: Mapping[str, Any]
    ) -> bool:
        """Do what the command asks; False if it was a turn that could not be saved."""
        command = _TURN_COMMANDS.get(parsed.subcommand)
        if command is None and parsed.subcommand not in (Subcommand.NOTES, Subcommand.DELETE):
            return True  # help and usage: the ack says it all
        channel = await self._open_dm(client, who)
        if command is not None:
            event = who.event(f"command:{body.get('trigger_id') or time.time_ns()}")
            return await self._turn(
                client, who, channel, Incoming(command=command), event, tell=False
            )
        if parsed.subcommand is Subcommand.NOTES:
            await self._post(client, channel, await self._notes_messages(who, parsed.number))
        else:
            await self._post(client, channel, [self._delete_confirmation()])
        return True

    async def _open_dm(self, client: AsyncWebClient, who: Who) -> str:
        response = await client.conversations_open(users=who.user)
        channel: str = response["channel"]["id"]
        return channel

    async def _notes_messages(self, who: Who, number: int | None) -> list[SlackMessage]:
        notes = await self._coach.saved_notes(who.key)
        if number is None:
            return [text_message(self._coach.say("slack/notes_list", notes=notes))]
        chosen = next((note for note in notes if note.number == number), None)
        if chosen is None:
            text = self._coach.say("slack/no_such_note", number=number, count=len(notes))
            return [text_message(text)]
        view = NoteView(
            heading=self._coach.say("slack/saved_note_heading", note=chosen),
            interviewer=chosen.interviewer,
            subject=chosen.subject,
            body=chosen.body,
        )
        blocks = note_blocks(view, self._coach.say)
        return [SlackMessage(fallback_text(view.heading), blocks)]

    def _delete_confirmation(self) -> SlackMessage:
        say = self._coach.say
        text = say("slack/confirm_delete")
        actions = {
            "type": "actions",
            "elements": [
                button(
                    DELETE_CONFIRM_ACTION,
                    say("slack/button", button="delete"),
                    "delete",
                    style="danger",
                ),
                button(DELETE_KEEP_ACTION, say("slack/button", button="keep_data"), "keep"),
            ],
        }
        return SlackMessage(fallback_text(text), [*mrkdwn_sections(text), actions])

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
            incoming = Incoming(text=plain_text(event.get("text") or ""))
            # Errors after the save are raised (bolt answers 500): Slack redelivers the
            # event, and the redelivery resends the saved turn's replies.
            async with self._logged(who, "a message", reraise=True):
                await self._turn(
                    client,
                    who,
                    event["channel"],
                    incoming,
                    who.event(event_id) if event_id else None,
                    redelivered_from=_redelivered_from(request, event),
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
            chosen = self._coach.say("slack/chosen", label=label)
            pressed = decode_choice(action.get("value") or "")
            if pressed is None:  # a button of no interview: the message stays as it is
                await self._post(
                    client, channel, [text_message(self._coach.say("slack/interview_over"))]
                )
                return
            ts = message.get("ts") or body.get("container", {}).get("message_ts")
            event = who.event(f"action:{ts}:{action.get('action_ts')}")
            incoming = Incoming(text=pressed.value, ref=pressed.ref)
            await self._turn(client, who, channel, incoming, event, pressed=(message, chosen))

    async def on_delete(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        who = who_of(context)
        async with self._limiter.turn(), self._logged(who, "delete-my-data"):
            if action.get("action_id") == DELETE_CONFIRM_ACTION:
                conversations, notes = await self._coach.delete_user_data(who.key)
                log.info("deleted the data of team %s user %s", who.team, who.user)
                text = self._coach.say("slack/deleted", conversations=conversations, notes=notes)
            else:
                text = self._coach.say("slack/delete_kept")
            message = body.get("message") or {}
            await self._replace(
                client, who, body["channel"]["id"], message, mrkdwn_sections(text), text
            )

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
        redelivered_from: dt.datetime | None = None,
    ) -> bool:
        """Save the turn, then post its replies (first replacing the `pressed` message's
        buttons, unless the press no longer counted). If nothing could be saved: False,
        after telling the user in the DM (unless not `tell`). A failure after the save is
        raised."""
        profile = await self._profile(client, who)
        incoming = dataclasses.replace(incoming, profile=profile)
        saved = False
        try:
            async with self._coach.turn(
                who.key, incoming, event, redelivered_from=redelivered_from
            ) as replies:
                saved = True
                if pressed is not None and replies and not any(r.stale for r in replies):
                    message, chosen = pressed
                    await self._replace(
                        client, who, channel, message, chosen_blocks(message, chosen)
                    )
                await self._post_replies(client, channel, replies)
        except Exception:
            if saved:
                raise
            log.exception("turn not saved (team %s, user %s)", who.team, who.user)
            if tell:
                await self._post(
                    client, channel, [text_message(self._coach.say("slack/not_saved"))]
                )
            return False
        return True

    async def _post_replies(
        self, client: AsyncWebClient, channel: str, replies: list[Reply]
    ) -> None:
        for reply in replies:
            await self._post(client, channel, reply_messages(reply, self._coach.say))

    async def _post(
        self, client: AsyncWebClient, channel: str, messages: list[SlackMessage]
    ) -> None:
        for message in messages:
            # No link_names or parse: user text stays text (PLATFORM-NOTES).
            await client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
            )

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

    async def _profile(self, client: AsyncWebClient, who: Who) -> Profile:
        """Name and e-mail from users.info, offered as defaults; none if not allowed."""
        now = time.monotonic()
        cached = self._profiles.get(who)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            response = await client.users_info(user=who.user)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.info("no profile for team %s user %s: %s", who.team, who.user, _reason(error))
            profile = Profile()
        else:
            user = response.get("user") or {}
            details = user.get("profile") or {}
            profile = Profile(
                name=details.get("real_name") or user.get("real_name") or None,
                email=details.get("email") or None,
            )
        self._profiles[who] = (now + PROFILE_SECONDS, profile)
        self._profiles.move_to_end(who)
        while len(self._profiles) > PROFILES_KEPT:
            self._profiles.popitem(last=False)
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


def _redelivered_from(request: AsyncBoltRequest, event: Mapping[str, Any]) -> dt.datetime | None:
    """When the user sent a message that Slack is redelivering (X-Slack-Retry-Num); None
    for a first delivery."""
    if not request.headers.get("x-slack-retry-num"):
        return None
    try:
        return dt.datetime.fromtimestamp(float(event["ts"]), dt.UTC)
    except (KeyError, TypeError, ValueError):
        return None


def _reason(error: BaseException) -> str:
    if isinstance(error, SlackApiError):
        data = error.response.data  # a dict, or the text of a non-JSON answer (a 500)
        if isinstance(data, dict) and data.get("error"):
            return str(data["error"])
        return f"HTTP {error.response.status_code}"
    return repr(error)
