"""The conversation reference is written when it changes, not on every message (issue 11).

Its cache key used to include the activity id, new with every message, so every
message rewrote the row.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ConversationReference
from sqlalchemy import event

from adapters.teams.connector import reference_of
from bot.app import STORE
from bot.store.references import REFRESH_SECONDS
from dialogs.messages import conversation_key
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import BOT_ID, TeamsUser


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
    engine = client.app[STORE].sync_engine  # the store's own on a SQLite file (runner.py)
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
    references = client.app[STORE].teams_references
    references.clock = lambda: now[0]
    writes = ReferenceWrites()
    engine = client.app[STORE].sync_engine  # the store's own on a SQLite file (runner.py)
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


def _shapes() -> dict[str, dict[str, Any]]:
    """Activities as clients send them, with fields missing, null, odd or extra."""
    base: dict[str, Any] = {
        "type": "message",
        "id": "1700000000001",
        "channelId": "msteams",
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "locale": "en-GB",
        "from": {"id": "29:1abc", "name": "Ana Lima", "aadObjectId": "00000000-aaaa"},
        "recipient": {"id": "28:bot", "name": "Coach", "role": "bot"},
        "conversation": {
            "id": "a:1xyz",
            "conversationType": "personal",
            "tenantId": "tenant-1",
            "isGroup": False,
        },
        "text": "hello",
    }
    shapes = {"teams": base}
    shapes["webchat, few fields"] = {
        **base,
        "channelId": "webchat",
        "from": {"id": "dl_123"},
        "recipient": {"id": "bot"},
        "conversation": {"id": "c-1"},
    }
    shapes["no locale, recipient or conversation"] = {
        k: v for k, v in base.items() if k not in ("locale", "recipient", "conversation")
    }
    shapes["null accounts"] = {**base, "from": None, "recipient": None}
    shapes["properties and a group"] = {
        **base,
        "from": {**base["from"], "properties": {"x": [1, {"y": None}]}, "role": "user"},
        "conversation": {**base["conversation"], "isGroup": True, "name": "Team chat"},
    }
    shapes["unknown fields"] = {
        **base,
        "from": {**base["from"], "email": "ana@example.com"},
        "conversation": {**base["conversation"], "unknown": {"a": 1}},
    }
    shapes["install"] = {**base, "type": "conversationUpdate", "membersAdded": [{"id": "28:bot"}]}
    shapes["directline"] = {**base, "channelId": "directline"}
    shapes["hostile text"] = {
        **base,
        "from": {"id": "29:1", "name": "{{ 7*7 }} <!channel> <b>x</b>\x00\u202e"},
    }
    return shapes


@pytest.mark.parametrize("shape", list(_shapes()))
def test_the_reference_is_what_botbuilder_would_write(shape: str) -> None:
    """The reference written out by hand (adapters/teams/connector.py) equals botbuilder's
    serialized ConversationReference for every shape of activity, so a stored reference
    reads back (proactive messages) as before."""
    activity = Activity().deserialize(_shapes()[shape])
    expected = TurnContext.get_conversation_reference(activity).serialize()
    assert reference_of(activity) == expected
    assert ConversationReference().deserialize(reference_of(activity)).serialize() == expected


async def test_a_burst_of_new_users_installing_and_writing_at_once_loses_nothing(
    client: TestClient[Any, Any], connector: FakeConnector, caplog: pytest.LogCaptureFixture
) -> None:
    """A class of new users at once, each installing the bot and sending a first message
    together: the welcome's claim and the message's reference race to insert the same
    row, and on SQLite every write shares the file with the turns. Every user is
    answered, greeted once, and has a reference stored; nothing fails or is locked."""
    users = [
        TeamsUser(client, connector, user_id=f"29:new-{n}", aad_object_id=f"aad-new-{n}")
        for n in range(12)
    ]
    statuses = await asyncio.gather(
        *(user.post(user.activity(text="thankyou")) for user in users),
        *(
            user.post(
                user.activity(type="conversationUpdate", text=None, membersAdded=[{"id": BOT_ID}])
            )
            for user in users
        ),
    )
    assert statuses == [200] * (2 * len(users))
    references = client.app[STORE].teams_references
    for user in users:
        key = conversation_key("msteams", user.tenant, user.aad_object_id or "")
        stored = await references.reference(key)
        assert stored is not None and stored["conversation"]["id"] == user.conversation_id
        posted = [p for p in connector.posted if p.conversation_id == user.conversation_id]
        welcomes = [p for p in posted if p.text.startswith(f"Hi {user.name}!")]
        assert len(welcomes) == 1, [p.text for p in posted]  # greeted once
        assert len(posted) >= 2, [p.text for p in posted]  # and answered
        assert not await references.claim_welcome(key, stored)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
