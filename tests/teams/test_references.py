"""The conversation reference is written when it changes, not on every message (issue 11).

Its cache key used to include the activity id, new with every message, so every
message rewrote the row.
"""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import event

from adapters.teams.references import REFRESH_SECONDS, TeamsReferences
from bot.app import ENGINE
from bot.store.db import sessionmaker
from dialogs.messages import conversation_key
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser


class ReferenceWrites:
    """Counts the statements that write teams_references on an engine."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        words = statement.split(None, 2)
        if words and words[0].upper() in ("INSERT", "UPDATE") and "teams_references" in statement:
            self.count += 1


async def test_messages_with_an_unchanged_reference_write_it_once(
    user: TeamsUser, client: TestClient[Any, Any], connector: FakeConnector
) -> None:
    writes = ReferenceWrites()
    engine = client.app[ENGINE].sync_engine
    event.listen(engine, "before_cursor_execute", writes)
    try:
        await user.send("hello")
        first = writes.count
        assert first >= 1  # the first message stores it
        for text in ("help", "notes", "hello again"):
            await user.send(text)
        assert writes.count == first  # three more messages, each with a new activity id
        # A new serviceUrl (Teams moved the user's region) is a change: written.
        moved = TeamsUser(client, connector)
        activity = moved.activity(text="notes", serviceUrl=connector.url + "moved/")
        await client.post("/api/messages", json=activity)
        assert writes.count > first
    finally:
        event.remove(engine, "before_cursor_execute", writes)


async def test_an_unchanged_reference_is_refreshed_after_an_hour(
    client: TestClient[Any, Any],
) -> None:
    """So that retention (which deletes references by age) keeps an active user's."""
    now = [1000.0]
    references = TeamsReferences(sessionmaker(client.app[ENGINE]), clock=lambda: now[0])
    writes = ReferenceWrites()
    engine = client.app[ENGINE].sync_engine
    event.listen(engine, "before_cursor_execute", writes)
    key = conversation_key("msteams", "t1", "aad-1")
    reference = {"serviceUrl": "http://127.0.0.1/", "conversation": {"id": "a:1"}}
    try:
        await references.remember(key, {**reference, "activityId": "1"})
        written = writes.count
        await references.remember(key, {**reference, "activityId": "2"})
        assert writes.count == written
        now[0] += REFRESH_SECONDS
        await references.remember(key, {**reference, "activityId": "3"})
        assert writes.count > written
    finally:
        event.remove(engine, "before_cursor_execute", writes)
    stored = await references.reference(key)
    assert stored == reference  # kept without the message's id
