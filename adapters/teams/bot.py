"""One Teams turn: an incoming activity to the coach and back, replies sent with retries.

The interview's turns go through `Coach.turn` with the activity's id as the event, so
a redelivered activity is answered once: with the saved turn's replies if they were never
sent, else not at all. The adapter's own commands (help, notes, delete) claim the event
through `TeamsMemory` first. Replies are sent only after the turn is saved, so a reply
that fails for good leaves the user's state intact: it is logged, and the user can carry
on with the next message. "Please send that again" is said only when nothing was saved.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any, Protocol

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes

from adapters.channel import Coach
from adapters.teams import commands
from adapters.teams.commands import Action, Routed
from adapters.teams.connector import BotConnector, RetryPolicy
from adapters.teams.identity import event_of, key_of
from adapters.teams.render import ReplyRenderer, escape_message, message
from dialogs.messages import (
    Button,
    ConversationKey,
    EventId,
    Incoming,
    NoteView,
    Profile,
    Reply,
)

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

    async def has_active_interview(self, key: ConversationKey) -> bool: ...


class TeamsBot:
    def __init__(
        self,
        coach: Coach,
        memory: TeamsMemory,
        retry: RetryPolicy | None = None,
        *,
        connector: BotConnector | None = None,
    ) -> None:
        self._coach = coach
        self._memory = memory
        self.retry = retry or RetryPolicy()  # public: tests shorten the waits
        self._connector = connector or BotConnector()  # replies (connector.py)
        self._render = ReplyRenderer(coach.say)

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
        await self._send(context, [message(escape_message(self._coach.say("teams/error")))])

    # -- messages ---------------------------------------------------------------------

    async def _on_message(self, context: TurnContext) -> None:
        activity = context.activity
        key = key_of(activity)
        if key is None:
            log.warning("Teams message without a tenant or user ignored (id %s)", activity.id)
            return
        event = event_of(activity, key)
        await self._memory.remember(key, _reference(activity))
        if activity.value is not None and not (activity.text or "").strip():
            routed = commands.route_submission(activity.value)
        else:
            routed = commands.route_text(typed_text(activity))
        user = activity.from_property
        profile = Profile(name=(user.name or None) if user is not None else None)

        if routed.action is Action.HELP and await self._memory.has_active_interview(key):
            routed = Routed(Action.INTERVIEW, text="help")
        if routed.action is Action.INTERVIEW:
            incoming = Incoming(
                text=routed.text, command=routed.command, ref=routed.ref, profile=profile
            )
            try:
                # Teams does not mark a redelivery: every message carries when it was
                # sent, and one sent before the interview's last save (a redelivery the
                # user has since typed again) is dropped rather than shifted a field on.
                sent = _sent_at(activity)
                async with self._coach.turn(key, incoming, event, redelivered_from=sent) as replies:
                    context.turn_state[SAVED] = True
                    if not await self._send(context, self._render.activities(replies)):
                        raise RepliesNotSent  # not marked sent: a redelivery resends them
            except RepliesNotSent:
                pass  # logged by _send_one
            return
        if event is not None and not await self._memory.claim_event(event):
            log.info("duplicate Teams activity %s ignored", event)
            return
        await self._send(context, await self._answer(key, routed))

    async def _answer(self, key: ConversationKey, routed: Routed) -> list[dict[str, Any]]:
        """The adapter's own commands: help, notes, delete my data, stale cards."""
        say = self._coach.say
        if routed.action is Action.HELP:
            return [self._card(say("teams/usage"), self._command_buttons("start", "notes"))]
        if routed.action is Action.NOTES:
            return await self._notes(key, routed.number)
        if routed.action is Action.DELETE_ASK:
            delete = Button(say("teams/label", label="delete"), commands.DELETE_CONFIRM_VALUE)
            card = self._card(say("teams/delete_confirm"), [delete], commands.delete_ref())
            content = card["attachments"][0]["content"]
            content["fallbackText"] = escape_message(say("teams/delete_confirm_fallback"))
            return [card]
        if routed.action is Action.DELETE_DO:
            conversations, notes = await self._coach.delete_user_data(key)
            await self._memory.forget(key)
            text = say("teams/deleted", conversations=conversations, notes=notes)
            return [message(escape_message(text))]
        if routed.action is Action.EMPTY:
            return [message(escape_message(say("teams/empty")))]
        return [message(escape_message(say("teams/stale_card")))]

    async def _notes(self, key: ConversationKey, number: int | None) -> list[dict[str, Any]]:
        say = self._coach.say
        notes = await self._coach.saved_notes(key)
        if number is None:
            return [message(escape_message(say("teams/notes_list", notes=notes)))]
        chosen = next((note for note in notes if note.number == number), None)
        if chosen is None:
            text = say("teams/no_such_note", number=number, count=len(notes))
            return [message(escape_message(text))]
        view = NoteView(
            heading=say("teams/saved_note_heading", note=chosen),
            interviewer=chosen.interviewer,
            subject=chosen.subject,
            body=chosen.body,
        )
        return self._render.activities([Reply(say("teams/saved_note", note=chosen), notes=(view,))])

    def _command_buttons(self, *names: str) -> list[Button]:
        words = {"start": "thankyou", "notes": "notes", "help": "help"}
        return [Button(self._coach.say("teams/label", label=n), words[n]) for n in names]

    def _card(
        self, text: str, buttons: Sequence[Button], ref: str = commands.COMMAND_REF
    ) -> dict[str, Any]:
        return self._render.card(text, buttons, ref)

    # -- installs -----------------------------------------------------------------------

    async def _on_conversation_update(self, context: TurnContext) -> None:
        activity = context.activity
        bot_id = activity.recipient.id if activity.recipient is not None else None
        added = {member.id for member in activity.members_added or []}
        removed = {member.id for member in activity.members_removed or []}
        if bot_id in removed:
            await self._forget_install(activity)
        if bot_id not in added:
            return
        key = key_of(activity)
        if key is None:
            log.warning("Teams install without a tenant or user: no welcome (id %s)", activity.id)
            return
        if not await self._memory.claim_welcome(key, _reference(activity)):
            return
        user = activity.from_property
        name = user.name if user is not None else None
        text = self._coach.say("teams/welcome", user_name=name)
        await self._send(context, [self._card(text, self._command_buttons("start", "help"))])

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
        return await self._connector.reply(context, payload, self.retry)


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


def _reference(activity: Activity) -> dict[str, Any]:
    reference: dict[str, Any] = TurnContext.get_conversation_reference(activity).serialize()
    return reference
