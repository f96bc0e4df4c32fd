"""One Teams turn: an incoming activity to the coach and back, replies sent with retries.

The interview's turns go through `Coach.turn` with the activity's id as the event, so
a redelivered activity is answered once: with the saved turn's replies if they were never
sent, else not at all. The adapter's own commands (help, notes, delete) claim the event
through `TeamsMemory` first. Replies are sent only after the turn is saved, so a reply
that fails for good leaves the user's state intact: it is logged, and the user can carry
on with the next message. "Please send that again" is said only when nothing was saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any, Protocol

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes

from adapters.channel import Coach, Say
from adapters.teams import commands
from adapters.teams.connector import REFERENCE, BotConnector, RetryPolicy, reference_of
from adapters.teams.identity import event_of, key_of
from adapters.teams.render import (
    SUBMIT_NOTE,
    ReplyRenderer,
    card_message,
    escape_message,
    message,
    pressed_label,
    without_buttons,
)
from adapters.teams.sent import SentCards
from dialogs.commands import COMMAND_REF, SPECS
from dialogs.messages import Button, Command, ConversationKey, EventId, Profile, Reply

log = logging.getLogger(__name__)

# In a turn's state once the interview turn is saved: from then on, "send that again"
# would store the retyped answer as the next one.
SAVED = "thankyou.saved"


class RepliesNotSent(Exception):
    """The turn is saved but its replies never reached the connector."""


class TeamsMemory(Protocol):
    """What the adapter keeps besides the interview (bot/references.py implements it)."""

    async def remember(self, key: ConversationKey, reference: dict[str, Any]) -> None:
        """Store the user's conversation reference, for proactive messages later."""
        ...

    async def claim_welcome(self, key: ConversationKey, reference: dict[str, Any]) -> bool:
        """Store the reference; True the first time since the bot was installed."""
        ...

    async def forget_welcome(self, key: ConversationKey) -> None:
        """The bot was removed: the next install is greeted again."""
        ...

    async def forget(self, key: ConversationKey) -> None:
        """Delete what is kept of this user (delete my data)."""
        ...

    async def claim_event(self, event: EventId) -> bool:
        """Record an activity handled outside the interview; False if seen before."""
        ...


class TeamsBot:
    def __init__(
        self,
        coach: Coach,
        say: Say,
        memory: TeamsMemory,
        retry: RetryPolicy | None = None,
        *,
        connector: BotConnector | None = None,
    ) -> None:
        self._coach = coach
        self._say = say
        self._memory = memory
        self.retry = retry or RetryPolicy()  # public: tests shorten the waits
        self._connector = connector or BotConnector()  # replies (connector.py)
        self._render = ReplyRenderer(say)
        self._cards = SentCards()  # to show a pressed card with the choice made

    @property
    def cards(self) -> SentCards:
        """The cards with buttons sent to each conversation: the scheduler's sender keeps
        its cards here too, so a pressed reminder shows the choice made."""
        return self._cards

    async def on_turn(self, context: TurnContext) -> None:
        activity = context.activity
        if activity.type == ActivityTypes.message:
            await self._on_message(context)
        elif activity.type == ActivityTypes.conversation_update:
            await self._on_conversation_update(context)
        elif activity.type == ActivityTypes.installation_update and str(
            activity.action or ""
        ).startswith("remove"):
            await self._forget_install(activity)
        # Anything else (typing, reactions, invokes) is acknowledged quietly.

    async def on_error(self, context: TurnContext, error: Exception) -> None:
        """A turn failed (the database is down, a bug): log it, and if nothing was saved,
        ask the user to send it again."""
        if context.turn_state.get(SAVED):
            log.error("Teams turn failed after its answer was saved: %r", error, exc_info=error)
            return
        log.error("Teams turn failed: %r", error, exc_info=error)
        await self._send(context, [message(escape_message(self._say("teams/error")))])

    # -- messages ---------------------------------------------------------------------

    async def _on_message(self, context: TurnContext) -> None:
        activity = context.activity
        key = key_of(activity)
        if key is None:
            log.warning("Teams message without a tenant or user ignored (id %s)", activity.id)
            return
        event = event_of(activity, key)
        reference = context.turn_state[REFERENCE] = reference_of(activity)
        if activity.value is not None and not (activity.text or "").strip():
            incoming = commands.read_submission(activity.value)
            unreadable = "teams/stale_card"
        else:
            incoming = commands.read_text(typed_text(activity))
            unreadable = "teams/empty"
        if incoming is None:
            await self._memory.remember(key, reference)
            if event is None or await self._memory.claim_event(event):
                await self._send(context, [message(escape_message(self._say(unreadable)))])
            return
        user = activity.from_property
        name = (user.name or None) if user is not None else None
        # Teams sends the client's IANA zone with each message: their evening, their today.
        zone = activity.local_timezone if isinstance(activity.local_timezone, str) else None
        incoming = dataclasses.replace(incoming, profile=Profile(name=name, time_zone=zone))
        try:
            # Teams does not mark a redelivery (one is an activity id already seen): every
            # message carries when it was sent by the channel's clock, and one sent before
            # the last message taken (a redelivery the user has since typed again, or one
            # overtaken) is not taken; the coach asks the current question again.
            sent = _sent_at(activity)
            async with self._coach.turn(key, incoming, event, sent_at=sent) as replies:
                context.turn_state[SAVED] = True
                if incoming.command is Command.DELETE_CONFIRMED:
                    await self._memory.forget(key)
                else:
                    # After the turn's read, which says whether the reference is still
                    # kept (another process may have deleted it): written if not.
                    await self._memory.remember(key, reference)
                counts = bool(replies) and not any(r.stale for r in replies)
                if counts and _choice_made(activity.value, incoming.ref):
                    await self._show_choice(context)  # the pressed card shows the choice
                if counts and replies[0].settles is not None:
                    await self._settle(context, replies[0].settles, incoming.ref is None)
                if not await self._send(context, self._render.activities(replies)):
                    raise RepliesNotSent  # not marked sent: a redelivery resends them
        except RepliesNotSent:
            pass  # logged by _send_one

    async def _welcome(self, key: ConversationKey, text: str, profile: Profile) -> dict[str, Any]:
        """The welcome card: what the bot does, and for someone who installs it again,
        their latest saved notes with their drafts (as Slack's Home tab lists them)."""
        buttons = tuple(
            Button(self._say("commands/button", name=name), SPECS[Command(name)].words[0])
            for name in ("start", "help")
        )
        try:
            notes = (await self._coach.home(key, profile)).notes
        except Exception:  # the welcome matters more than the list: sent without it
            log.exception("no saved notes for the welcome card")
            notes = Reply(text="")
        if not notes.notes:
            return self._render.card(text, buttons, COMMAND_REF)
        listed = dataclasses.replace(notes, buttons=buttons, ref=COMMAND_REF)
        return self._render.activities([Reply(text=text), listed])[0]

    async def _show_choice(self, context: TurnContext) -> None:
        """Show the pressed card with the choice made instead of its buttons, as Slack
        does (a card sent before a restart stays as it was). A failure is logged: the
        turn is saved and its replies matter more."""
        activity = context.activity
        conversation = activity.conversation.id if activity.conversation else None
        sent = self._cards.pop(conversation, activity.reply_to_id)
        label = pressed_label(sent[0], activity.value) if sent is not None else None
        if sent is None or label is None:
            return
        chosen = escape_message(self._say("teams/chosen", label=label))
        await self._update(context, activity.reply_to_id, without_buttons(sent[0], chosen), sent[1])

    async def _settle(self, context: TurnContext, line: str, typed: bool) -> None:
        """Take the buttons off the questions still live above (a pressed one is done):
        the last, answered by typing, says how (`line`); the others were asked again."""
        activity = context.activity
        conversation = activity.conversation.id if activity.conversation else None
        live = self._cards.take_questions(conversation)
        for index, (activity_id, card, summary) in enumerate(live):
            said = escape_message(line) if typed and index == len(live) - 1 else ""
            await self._update(context, activity_id, without_buttons(card, said), summary)

    async def _update(
        self, context: TurnContext, activity_id: str, card: dict[str, Any], summary: str
    ) -> None:
        update = card_message(card, summary)
        update["id"] = activity_id
        # One attempt: the turn is saved and its replies matter more (logged if it fails).
        await self._connector.update(context, activity_id, update, RetryPolicy(attempts=1))

    # -- installs -----------------------------------------------------------------------

    async def _on_conversation_update(self, context: TurnContext) -> None:
        activity = context.activity
        bot_id = activity.recipient.id if activity.recipient is not None else None
        added = {member.id for member in activity.members_added or []}
        removed = {member.id for member in activity.members_removed or []}
        if bot_id in removed:
            await self._forget_install(activity)
        # Without a recipient (some Direct Line clients) the bot cannot be told from the
        # other members: anyone joining means the chat with us began (welcomed once).
        joined = bot_id in added if bot_id is not None else bool(added)
        if not joined:
            return
        key = key_of(activity)
        if key is None:
            log.warning("Teams install without a tenant or user: no welcome (id %s)", activity.id)
            return
        if not await self._memory.claim_welcome(key, reference_of(activity)):
            return
        user = activity.from_property
        name = user.name if user is not None else None
        text = self._say("commands/welcome", user_name=name)
        await self._send(context, [await self._welcome(key, text, Profile(name=name))])

    async def _forget_install(self, activity: Activity) -> None:
        key = key_of(activity)
        if key is not None:
            await self._memory.forget_welcome(key)

    # -- sending ------------------------------------------------------------------------

    async def _send(self, context: TurnContext, payloads: Sequence[dict[str, Any]]) -> bool:
        """Send each payload in order; False (and stop) at one that never went."""
        for payload in payloads:
            if not await self._send_one(context, payload):
                return False  # later replies would make no sense without this one
        return True

    async def _send_one(self, context: TurnContext, payload: dict[str, Any]) -> bool:
        """Send with retries on 429, 5xx and connection errors (connector.py); False,
        logged, if it never went."""
        sent_id = await self._connector.reply(context, payload, self.retry)
        if sent_id is None:
            return False
        conversation = context.activity.conversation.id if context.activity.conversation else ""
        self._cards.remember_sent(conversation, payload, sent_id)
        return True


def _choice_made(value: Any, ref: str | None) -> bool:
    """A pressed button that answered a question; not a note's own ("Copy-ready",
    "Show"), whose card stays as it was."""
    return ref is not None and not (isinstance(value, dict) and value.get(SUBMIT_NOTE))


def _sent_at(activity: Activity) -> dt.datetime | None:
    sent = activity.timestamp
    if not isinstance(sent, dt.datetime):
        return None
    return sent if sent.tzinfo else sent.replace(tzinfo=dt.UTC)


def typed_text(activity: Activity) -> str:
    """The text without the bot's @mention. botbuilder's remove_recipient_mention fails on
    malformed entities and uses the mention's text as a regular expression; this removes
    it literally and ignores any entity that is not a well-formed mention of the bot."""
    text = activity.text if isinstance(activity.text, str) else ""
    bot_id = activity.recipient.id if activity.recipient is not None else None
    for entity in activity.entities or []:
        extra = getattr(entity, "additional_properties", None) or {}
        mentioned = extra.get("mentioned")
        mention = extra.get("text")
        if (
            getattr(entity, "type", None) == "mention"
            and isinstance(mentioned, dict)
            and mentioned.get("id") == bot_id
            and isinstance(mention, str)
            and mention
        ):
            text = text.replace(mention, "")
    return text
