"""What an adapter needs from the application, as a protocol, and the renderer it speaks with.

`bot.service.ConversationService` implements `Coach`; adapters receive it and their
channel's `Say` when the app is built and never import `bot/`, so the imports flow one
way (bot -> adapters -> dialogs). Every command (notes, delete my data, help, ...) is a
turn: the adapter reads the platform's form of it with dialogs/commands.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from dialogs.messages import ConversationKey, EventId, Home, Incoming, Profile, Reply

# Renders templates/`template`.txt.j2 in the channel's voice: every sentence an adapter
# shows (bot.templating.Renderer.say).
Say = Callable[..., str]

# Fetches what the platform knows of the user (Slack's users.info), called once the
# user's turn is theirs: two quick messages are then taken in the order they arrived.
ProfileSource = Callable[[], Awaitable[Profile]]


class Coach(Protocol):
    async def handle(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None = None,
        *,
        sent_at: dt.datetime | None = None,
        redelivered: bool = False,
        profile: ProfileSource | None = None,
    ) -> list[Reply]:
        """Run one turn of the user's interview and save it; raises if nothing was saved.
        For an `event` seen before: the replies its turn produced if they were never
        sent (see `turn`), else []. `sent_at`: when the user sent it, by the platform's
        clock (Slack's ts, Teams' timestamp); a message sent before the last one taken
        for them is not taken, and the user is asked the current question again.
        `redelivered`: the platform says this is a redelivery (Slack's retry number
        above 0). `profile`: called for the user's profile once the turn is theirs."""
        ...

    def turn(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None = None,
        *,
        sent_at: dt.datetime | None = None,
        redelivered: bool = False,
        profile: ProfileSource | None = None,
    ) -> AbstractAsyncContextManager[list[Reply]]:
        """`handle` for platforms that redeliver: send the replies inside the block;
        leaving it normally marks them sent, an exception leaves them to be resent. The
        user's next turn waits until then."""
        ...

    async def home(self, key: ConversationKey, profile: Profile) -> Home:
        """The user's summary, worded as the messages are: the interview open (or how
        to start one), the latest saved notes with their drafts, what is scheduled (in
        `profile`'s time zone), and deleting their data (Slack's Home tab)."""
        ...

    def watch(self, changed: Callable[[ConversationKey], None]) -> None:
        """Have `changed(key)` called after each saved turn that changed what `home`
        shows of that user, and after no other turn."""
        ...
