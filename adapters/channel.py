"""What an adapter needs from the application, as a protocol.

`bot.service.ConversationService` implements it; adapters receive it when the app is
built and never import `bot/`, so the imports flow one way (bot -> adapters -> dialogs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from dialogs.messages import ConversationKey, EventId, Incoming, Reply


class SavedNote(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def interviewer(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def interview_date(self) -> dt.date | None: ...
    @property
    def created_at(self) -> dt.datetime: ...


class Coach(Protocol):
    async def handle(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None = None,
        *,
        redelivered_from: dt.datetime | None = None,
    ) -> list[Reply]:
        """Run one turn of the user's interview and save it; raises if nothing was saved.
        For an `event` seen before: the replies its turn produced if they were never
        sent (see `turn`), else []. `redelivered_from`: the event is a redelivery of a
        message sent then; dropped ([]) if the interview was saved since."""
        ...

    def turn(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None = None,
        *,
        redelivered_from: dt.datetime | None = None,
    ) -> AbstractAsyncContextManager[list[Reply]]:
        """`handle` for platforms that redeliver: send the replies inside the block;
        leaving it normally marks them sent, an exception leaves them to be resent."""
        ...

    def say(self, template: str, **context: Any) -> str:
        """Render templates/`template`.txt.j2: every sentence an adapter shows."""
        ...

    async def saved_notes(self, key: ConversationKey) -> Sequence[SavedNote]: ...

    async def delete_user_data(self, key: ConversationKey) -> tuple[int, int]: ...
