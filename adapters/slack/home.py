"""The app's Home tab: what the user has (the interview open, the latest saved notes with
their drafts, what is scheduled, deleting their data), published with `views.publish`.

The view is the coach's `Home` (its four parts worded by the same presenter as the DM's
messages, laid out by the same functions, adapters/slack/blocks.py). It is published
when the user opens the tab (`app_home_opened`) and after each turn that changed what it
shows (the coach says which, `Coach.watch`), at most once per user every
`REFRESH_SECONDS`: changes meanwhile are gathered into one publish at the end of that
time, which reads the state then. A view the same as the one last published for that
user is not sent again. A turn that changed nothing publishes nothing.

Its buttons are commands, answered in the DM like `/thankyou`: "Write a thank-you note"
or "Resume", a note's "Show", "Cancel" for a reminder, and "Delete my data", behind
Slack's own confirmation dialog worded as the DM's confirmation.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from cachetools import LRUCache
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.channel import Coach, Say
from adapters.slack.blocks import (
    CHOICE_ACTION,
    HOME_ACTION,
    NOTE_ACTION,
    Block,
    button,
    decode_choice,
    encode_choice,
    mrkdwn_sections,
    reply_blocks,
)
from adapters.slack.limiter import TurnLimiter
from adapters.slack.listeners import SlackListeners, Who, who_of
from dialogs.commands import DELETE_REF_PREFIX, delete_ref, read_press
from dialogs.messages import ConversationKey, Home, Reply

log = logging.getLogger(__name__)

HOME_BLOCKS = 100  # Block Kit's limit for a Home tab view
REFRESH_SECONDS = 10.0  # at most one publish per user this often
USERS_KEPT = 10_000  # users whose client and last view are remembered
# Slack's confirmation dialog: title 100 characters, text 300, its buttons 30.
CONFIRM_TITLE_CHARS, CONFIRM_TEXT_CHARS, CONFIRM_BUTTON_CHARS = 100, 300, 30
# The delete button's ref on the Home tab: the time it was confirmed is the press's
# (Slack's dialog asks right then), so the view carries none and stays the same.
HOME_DELETE_REF = f"{DELETE_REF_PREFIX}home"

Sleep = Callable[[float], Awaitable[None]]


def home_view(home: Home, say: Say) -> dict[str, Any]:
    """The Home tab's view: the parts of `home` in order, at most `HOME_BLOCKS` blocks
    (the notes list is shortened first, should it ever need to be)."""
    notes = home.notes
    while True:
        blocks = [
            *_part(home.start, say),
            {"type": "divider"},
            *_part(notes, say),
            {"type": "divider"},
            *_part(home.reminders, say),
            {"type": "divider"},
            *mrkdwn_sections(home.delete.text),
            _delete_button(home.delete, home.delete_question),
        ]
        if len(blocks) <= HOME_BLOCKS or not notes.notes:
            return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}
        notes = Reply(notes.text, notes=notes.notes[:-1])


def _part(reply: Reply, say: Say) -> list[Block]:
    """A part laid out as the DM lays out a reply, its buttons answered by `on_press`."""
    return [_home_buttons(block) for block in reply_blocks(reply, say)]


def _home_buttons(block: Block) -> Block:
    """A block whose interview and note buttons are the Home tab's (pressed outside any
    message, so answered by `on_press`); link buttons stay as they are."""
    if block.get("type") != "actions":
        return block
    elements = []
    for element in block["elements"]:
        action = str(element.get("action_id", ""))
        for prefix in (CHOICE_ACTION, NOTE_ACTION):
            if action.startswith(prefix + "."):
                action = HOME_ACTION + action.removeprefix(prefix)
        elements.append({**element, "action_id": action})
    return {**block, "elements": elements}


def _delete_button(delete: Reply, question: Reply) -> Block:
    """ "Delete my data", asking first with Slack's confirmation dialog, in the words of
    the DM's confirmation; confirmed, it is that confirmation's "yes"."""
    yes, keep = question.buttons
    element = button(
        f"{HOME_ACTION}.delete",
        delete.buttons[0].label,
        encode_choice(HOME_DELETE_REF, yes.value),
        style="danger",
    )
    element["confirm"] = {
        "title": _plain(delete.buttons[0].label, CONFIRM_TITLE_CHARS),
        "text": _plain(question.text, CONFIRM_TEXT_CHARS),
        "confirm": _plain(yes.label, CONFIRM_BUTTON_CHARS),
        "deny": _plain(keep.label, CONFIRM_BUTTON_CHARS),
        "style": "danger",
    }
    return {"type": "actions", "elements": [element]}


def _plain(text: str, limit: int) -> dict[str, Any]:
    clipped = text if len(text) <= limit else text[: limit - 1] + "…"
    return {"type": "plain_text", "text": clipped, "emoji": False}


class HomeTab:
    """Publishes each user's Home tab, and answers its buttons."""

    def __init__(
        self,
        coach: Coach,
        say: Say,
        listeners: SlackListeners,
        limiter: TurnLimiter,
        *,
        interval: float = REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._coach = coach
        self._say = say
        self._listeners = listeners
        self._limiter = limiter  # every listener run is one of its turns
        self.interval = interval  # public: tests shorten it
        self._clock = clock
        self.sleep = sleep  # public: tests say when the interval has passed
        # The Web API client authorized for each user's workspace, from their requests.
        self._clients: LRUCache[Who, AsyncWebClient] = LRUCache(USERS_KEPT)
        self._started: LRUCache[Who, float] = LRUCache(USERS_KEPT)
        self._published: LRUCache[Who, str] = LRUCache(USERS_KEPT)  # digest of the last view
        self._waiting: dict[Who, asyncio.Task[None]] = {}  # publishes not started yet
        self._tasks: set[asyncio.Task[None]] = set()  # every publish waiting or running
        coach.watch(self._changed)

    # -- bolt: the middleware, the event and the buttons ----------------------------------

    async def remember_client(
        self, context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
    ) -> None:
        """Keep the request's authorized client for its user: a turn that changes their
        Home publishes it with that client (a middleware: bolt runs the listener after)."""
        team = context.team_id or context.enterprise_id
        if team and context.user_id and context.client is not None:
            self._clients[Who(team, context.user_id)] = context.client
        await next()

    async def on_home_opened(
        self, event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        async with self._limiter.turn():
            if event.get("tab") == "home":  # not the Messages tab
                self.refresh(client, who_of(context))

    async def on_press(
        self,
        ack: AsyncAck,
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        """A Home tab button: its command, answered in the DM (under the limiter)."""
        await ack()
        pressed = decode_choice(action.get("value") or "")
        if pressed is None:
            return
        ref = pressed.ref
        if ref == HOME_DELETE_REF:
            ref = delete_ref(dt.datetime.now(dt.UTC))  # confirmed in Slack's dialog just now
        who = who_of(context)
        event = who.event(f"home:{action.get('action_ts') or time.time_ns()}")
        await self._listeners.in_dm(client, who, read_press(pressed.value, ref), event)

    # -- publishing ------------------------------------------------------------------------

    def _changed(self, key: ConversationKey) -> None:
        if key.platform != "slack":
            return
        who = Who(key.tenant, key.user)
        client = self._clients.get(who)
        if client is not None:
            self.refresh(client, who)

    def refresh(self, client: AsyncWebClient, who: Who) -> None:
        """Publish `who`'s Home tab now, or, within `interval` of the last publish, once
        when it has passed. A publish already waiting covers this change too: it reads
        the state when it runs."""
        if who in self._waiting:
            return
        started = self._started.get(who)
        wait = 0.0 if started is None else max(0.0, started + self.interval - self._clock())
        task = asyncio.create_task(self._publish_after(client, who, wait))
        self._waiting[who] = task
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _publish_after(self, client: AsyncWebClient, who: Who, wait: float) -> None:
        try:
            if wait > 0:
                await self.sleep(wait)
        finally:
            # From here a change is not covered by this publish's read: it waits anew.
            self._waiting.pop(who, None)
        self._started[who] = self._clock()
        try:
            await self.publish(client, who)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("views.publish failed (team %s, user %s): %r", who.team, who.user, error)
        except Exception:
            log.exception("Home tab not published (team %s, user %s)", who.team, who.user)

    async def publish(self, client: AsyncWebClient, who: Who) -> bool:
        """Publish the user's Home tab unless it is the view last published; True if sent."""
        profile = await self._listeners.profile(client, who)
        view = home_view(await self._coach.home(who.key, profile), self._say)
        digest = hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()
        if self._published.get(who) == digest:
            return False
        await client.views_publish(user_id=who.user, view=view)
        self._published[who] = digest
        return True

    @property
    def waiting(self) -> int:
        """Publishes waiting for their time."""
        return len(self._waiting)

    async def settled(self, *, waiting: bool = True) -> None:
        """Wait until no publish is running, nor (with `waiting`) waiting for its time."""
        while running := self._tasks - (set() if waiting else set(self._waiting.values())):
            await asyncio.gather(*running, return_exceptions=True)

    async def close(self) -> None:
        """Cancel the publishes still to come (the server is stopping)."""
        for task in self._tasks:
            task.cancel()
        await self.settled()

    async def on_link(self, ack: AsyncAck) -> None:
        """A link button (Gmail, Outlook): Slack opened the URL; nothing to do."""
        async with self._limiter.turn():
            await ack()
