"""Bad activities get a 4xx, never a 500 or a logged traceback (issue 9, item 5): each
case of the report, on SQLite and PostgreSQL, where ids longer than their columns or
with a NUL in them used to make every turn of that user fail."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from botbuilder.schema import Activity

from adapters.teams.bot import typed_text
from tests.hostile import assert_refused_quietly
from tests.teams.teams_script import BOT_ID, TeamsUser


def _without(activity: dict[str, Any], *path: str) -> dict[str, Any]:
    target = activity
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return activity


def _with(activity: dict[str, Any], value: Any, *path: str) -> dict[str, Any]:
    target = activity
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return activity


CASES: dict[str, Any] = {
    "no conversation": lambda a: _without(a, "conversation"),
    "conversation without an id": lambda a: _without(a, "conversation", "id"),
    "no sender": lambda a: _without(a, "from"),
    "conversation a string": lambda a: _with(a, "c1", "conversation"),
    "NUL in from.id": lambda a: _with(a, "29:a\x00", "from", "id"),
    "NUL in the AAD id": lambda a: _with(a, "aad\x00", "from", "aadObjectId"),
    "NUL in the tenant": lambda a: _with(a, "tenant\x00", "conversation", "tenantId"),
    "NUL in the activity id": lambda a: _with(a, "act\x00", "id"),
    "NUL in the conversation id": lambda a: _with(a, "c\x00", "conversation", "id"),
    "user id of 129": lambda a: _with(a, "a" * 129, "from", "aadObjectId"),
    "tenant of 65": lambda a: _with(a, "t" * 65, "conversation", "tenantId"),
    "activity id of 201": lambda a: _with(a, "i" * 201, "id"),
    "an id that is an object": lambda a: _with(a, {"x": 1}, "from", "id"),
    "an id that is a number": lambda a: _with(a, 7, "conversation", "tenantId"),
    "a conversation id not ASCII": lambda a: _with(a, "a:é鿡", "conversation", "id"),
    "entities of nulls": lambda a: _with(a, [None], "entities"),
    "members of nulls": lambda a: _with(
        _with(a, "conversationUpdate", "type"), [None], "membersAdded"
    ),
    "a channel of 20 letters": lambda a: _with(a, "c" * 20, "channelId"),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_bad_activities_get_a_4xx_and_one_log_line_at_most(
    user: TeamsUser, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    caplog.set_level(logging.INFO)
    response = await user.client.post("/api/messages", json=CASES[case](user.activity(text="hi")))
    text = await response.text()
    assert 400 <= response.status < 500, (response.status, text)
    assert_refused_quietly(response.status, text, caplog)
    assert user.connector.posted == []
    assert await user.send("thankyou")  # and the user is served as before


def test_the_bots_mention_is_removed_literally() -> None:
    mention = {"type": "mention", "mentioned": {"id": BOT_ID}, "text": "<at>Coach (.*)</at>"}
    other = {"type": "mention", "mentioned": {"id": "29:x"}, "text": "<at>Sam</at>"}
    activity = Activity().deserialize(
        {
            "type": "message",
            "text": "<at>Coach (.*)</at> notes <at>Sam</at>",
            "recipient": {"id": BOT_ID},
            "entities": [mention, other, {"type": "mention"}, {"type": "clientInfo"}],
        }
    )
    assert typed_text(activity).strip() == "notes <at>Sam</at>"
