"""What the Teams adapter keeps besides the interview: conversation references, the
once-per-install welcome, and activities handled outside the interview.

Implements `adapters.teams.TeamsMemory`; built in `bot.app._mount_teams`. Every method
takes a `ConversationKey`, so nothing of one tenant is read or written from another.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from typing import Any

from cachetools import LRUCache
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.store.models import ProcessedEvent, TeamsReference
from dialogs.messages import ConversationKey, EventId

# References seldom change; remembering what was last written saves a write per message.
MAX_REMEMBERED_REFERENCES = 10_000
# An unchanged reference is still written again this often, so that its updated_at
# keeps up with a user who is still here (retention deletes references by age) and a
# row deleted meanwhile (purge, another process) comes back.
REFRESH_SECONDS = 3600.0
# The id of the message it was taken from: new with every message, and no part of where
# to reach the user.
_PER_MESSAGE = ("activityId",)


def _stable(reference: dict[str, Any]) -> dict[str, Any]:
    """The reference without what changes on every message."""
    return {k: v for k, v in reference.items() if k not in _PER_MESSAGE}


def _key_filter(key: ConversationKey) -> Any:
    return (
        (TeamsReference.platform == key.platform)
        & (TeamsReference.tenant == key.tenant)
        & (TeamsReference.user_id == key.user)
    )


class TeamsReferences:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        # What was last written for each key, and when (by `clock`).
        self._written: LRUCache[ConversationKey, tuple[str, float]] = LRUCache(
            MAX_REMEMBERED_REFERENCES
        )

    async def remember(self, key: ConversationKey, reference: dict[str, Any]) -> None:
        """Store the reference of the user's latest message (called on every message);
        written only when it changed, or REFRESH_SECONDS after it was last written."""
        reference = _stable(reference)
        fingerprint = json.dumps(reference, sort_keys=True)
        written = self._written.get(key)
        if (
            written is not None
            and written[0] == fingerprint
            and self._clock() - written[1] < REFRESH_SECONDS
        ):
            return
        await self._upsert(key, reference, welcome=False)
        self._note_written(key, fingerprint)

    async def claim_welcome(self, key: ConversationKey, reference: dict[str, Any]) -> bool:
        """Store the reference; True only for the first claim since the bot was installed."""
        reference = _stable(reference)
        claimed = await self._upsert(key, reference, welcome=True)
        self._note_written(key, json.dumps(reference, sort_keys=True))
        return claimed

    async def forget_welcome(self, key: ConversationKey) -> None:
        """The bot was removed; the next install is greeted again."""
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(TeamsReference).where(_key_filter(key)).values(welcomed_at=None)
            )

    async def forget(self, key: ConversationKey) -> None:
        """Delete the user's reference (delete my data)."""
        self._written.pop(key, None)
        async with self._sessions() as session, session.begin():
            await session.execute(delete(TeamsReference).where(_key_filter(key)))

    async def reference(self, key: ConversationKey) -> dict[str, Any] | None:
        """The stored reference, for proactive messages (continue_conversation)."""
        async with self._sessions() as session:
            row = await session.get(TeamsReference, (key.platform, key.tenant, key.user))
            return dict(row.reference) if row else None

    async def claim_event(self, event: EventId) -> bool:
        """Record an activity handled outside the interview; False if seen before."""
        now = dt.datetime.now(dt.UTC)
        async with self._sessions() as session:
            try:
                async with session.begin():
                    session.add(
                        ProcessedEvent(
                            platform=event.platform,
                            tenant=event.tenant,
                            event_id=event.event_id,
                            processed_at=now,
                        )
                    )
            except IntegrityError:
                return False
        return True

    async def _upsert(
        self, key: ConversationKey, reference: dict[str, Any], *, welcome: bool
    ) -> bool:
        """Write the reference; with `welcome`, also set welcomed_at if it was unset and
        return whether this call set it. Portable: update, else insert, else (a race
        lost to another insert) update again."""
        now = dt.datetime.now(dt.UTC)
        for _ in range(2):
            async with self._sessions() as session:
                try:
                    async with session.begin():
                        claimed = False
                        if welcome:
                            result = await session.execute(
                                update(TeamsReference)
                                .where(_key_filter(key), TeamsReference.welcomed_at.is_(None))
                                .values(reference=reference, welcomed_at=now, updated_at=now)
                            )
                            claimed = result.rowcount == 1  # type: ignore[attr-defined]
                            if claimed:
                                return True
                        result = await session.execute(
                            update(TeamsReference)
                            .where(_key_filter(key))
                            .values(reference=reference, updated_at=now)
                        )
                        if result.rowcount == 1:  # type: ignore[attr-defined]
                            return False
                        session.add(
                            TeamsReference(
                                platform=key.platform,
                                tenant=key.tenant,
                                user_id=key.user,
                                reference=reference,
                                welcomed_at=now if welcome else None,
                                updated_at=now,
                            )
                        )
                    return welcome
                except IntegrityError:
                    continue  # another request inserted the row first: update it
        return False

    def _note_written(self, key: ConversationKey, fingerprint: str) -> None:
        self._written[key] = (fingerprint, self._clock())
