"""What the Teams adapter keeps besides the interview: conversation references, the
once-per-install welcome, and activities handled outside the interview.

Implements `adapters.teams.TeamsMemory` and what the Teams proactive sender reads; the
`Store` builds one (`Store.teams_references`). Its statements run on the store's runner
(bot/store/runner.py) like the turn's: on a SQLite file in the store's own thread, so a
burst of new Teams users no longer writes through a second connection to the same file,
each waiting for the other's write lock. Every method takes a `ConversationKey`, so
nothing of one tenant is read or written from another.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from cachetools import LRUCache
from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.store.keys import key_params, of_key
from bot.store.models import Base, TeamsReference
from bot.store.runner import Runner
from dialogs.messages import ConversationKey, EventId

# References seldom change; remembering what was last written saves a write per message.
# Each turn's read says whether the row is still there (`confirm`), so a reference that
# another process deleted is written again by the same turn.
MAX_REMEMBERED_REFERENCES = 10_000
# An unchanged reference is still written again this often, so that its updated_at
# keeps up with a user who is still here (retention deletes references by age) and a
# row deleted meanwhile (purge, another process) comes back.
REFRESH_SECONDS = 3600.0
# The id of the message it was taken from: new with every message, and no part of where
# to reach the user.
_PER_MESSAGE = ("activityId",)

REFERENCES = Base.metadata.tables[TeamsReference.__tablename__]
_OF_KEY = of_key(REFERENCES)
SELECT_REFERENCE = select(REFERENCES.c.reference).where(_OF_KEY)
# The SET clauses come from the parameters given.
UPDATE_REFERENCE = update(REFERENCES).where(_OF_KEY)
UPDATE_UNWELCOMED = update(REFERENCES).where(_OF_KEY, REFERENCES.c.welcomed_at.is_(None))
INSERT_REFERENCE = insert(REFERENCES)
DELETE_REFERENCE = REFERENCES.delete().where(_OF_KEY)


def _stable(reference: dict[str, Any]) -> dict[str, Any]:
    """The reference without what changes on every message."""
    return {k: v for k, v in reference.items() if k not in _PER_MESSAGE}


class TeamsReferences:
    def __init__(
        self,
        runner: Runner,
        claim_event: Callable[[EventId], Awaitable[bool]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._run = runner
        self._claim_event = claim_event
        self.clock = clock  # tests move it on
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
            and self.clock() - written[1] < REFRESH_SECONDS
        ):
            return
        await self._upsert(key, reference, welcome=False)
        self._note_written(key, fingerprint)

    def confirm(self, key: ConversationKey, *, kept: bool) -> None:
        """What a turn's read found (Store.read_turn): whether the user's reference is
        kept. One gone since this process wrote it (delete my data handled by another
        process, a purge) is forgotten here too, so the `remember` of that turn writes
        it again: no cached "written" outlives a deletion elsewhere."""
        if not kept:
            self._written.pop(key, None)

    async def claim_welcome(self, key: ConversationKey, reference: dict[str, Any]) -> bool:
        """Store the reference; True only for the first claim since the bot was installed."""
        reference = _stable(reference)
        claimed = await self._upsert(key, reference, welcome=True)
        self._note_written(key, json.dumps(reference, sort_keys=True))
        return claimed

    async def forget_welcome(self, key: ConversationKey) -> None:
        """The bot was removed; the next install is greeted again."""
        await self._run.statement(UPDATE_REFERENCE, {**key_params(key), "welcomed_at": None})

    async def forget(self, key: ConversationKey) -> None:
        """Delete the user's reference (delete my data)."""
        self._written.pop(key, None)
        await self._run.statement(DELETE_REFERENCE, key_params(key))

    async def reference(self, key: ConversationKey) -> dict[str, Any] | None:
        """The stored reference, for proactive messages (continue_conversation)."""
        row = (await self._run.statement(SELECT_REFERENCE, key_params(key))).first()
        return dict(row["reference"]) if row is not None else None

    async def claim_event(self, event: EventId) -> bool:
        """Record an activity handled outside the interview; False if seen before."""
        return await self._claim_event(event)

    async def _upsert(
        self, key: ConversationKey, reference: dict[str, Any], *, welcome: bool
    ) -> bool:
        """Write the reference; with `welcome`, also set welcomed_at if it was unset and
        return whether this call set it. A race lost to another insert: update again."""
        now = dt.datetime.now(dt.UTC)
        for _ in range(2):
            try:
                return await self._run.write(_upsert, key, reference, welcome, now)
            except IntegrityError:
                continue  # another request inserted the row first: update it
        return False

    def _note_written(self, key: ConversationKey, fingerprint: str) -> None:
        self._written[key] = (fingerprint, self.clock())


def _upsert(
    connection: Connection,
    key: ConversationKey,
    reference: dict[str, Any],
    welcome: bool,
    now: dt.datetime,
) -> bool:
    """Update, else insert: portable, and in one transaction. With `welcome`, whether
    this call set welcomed_at."""
    params = {**key_params(key), "reference": reference, "updated_at": now}
    unwelcomed = {**params, "welcomed_at": now}
    if welcome and connection.execute(UPDATE_UNWELCOMED, unwelcomed).rowcount == 1:
        return True
    if connection.execute(UPDATE_REFERENCE, params).rowcount == 1:
        # The row is there. On PostgreSQL each statement sees what was committed before
        # it: a first message's reference may have been inserted, not yet welcomed, since
        # the first UPDATE looked. The install still claims the welcome then.
        return welcome and connection.execute(UPDATE_UNWELCOMED, unwelcomed).rowcount == 1
    row = {
        "platform": key.platform,
        "tenant": key.tenant,
        "user_id": key.user,
        "reference": reference,
        "welcomed_at": now if welcome else None,
        "updated_at": now,
    }
    connection.execute(INSERT_REFERENCE, row)
    return welcome
