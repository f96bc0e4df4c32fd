"""Activities as every Bot Framework client sends them (issue 10, defect 1).

Direct Line clients and Web Chat leave out fields Teams always sends: `recipient`,
`from.name`, `conversation.tenantId`, `entities`, `channelData`. Each of them missing
(or null), and all of them at once, on each channel: the user is welcomed, answered,
can press a card and use the commands, and their turns add up to one interview. Only
`from.id` and `conversation.id` are required: without them, a 400.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from tests.dialog_script import AT, SINGLE
from tests.teams.teams_script import BOT_ID, TeamsUser

Shape = Callable[[dict[str, Any]], None]


def _drop(*path: str) -> Shape:
    def shape(activity: dict[str, Any]) -> None:
        target = activity
        for key in path[:-1]:
            target = target[key]
        target.pop(path[-1], None)

    return shape


def _null(*path: str) -> Shape:
    def shape(activity: dict[str, Any]) -> None:
        target = activity
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = None

    return shape


def _all(*shapes: Shape) -> Shape:
    def shape(activity: dict[str, Any]) -> None:
        for each in shapes:
            each(activity)

    return shape


MISSING: dict[str, Shape] = {
    "recipient": _drop("recipient"),
    "recipient null": _null("recipient"),
    "recipient without an id": lambda a: a.update(recipient={"name": "Coach"}),
    "from.name": _drop("from", "name"),
    "conversation.tenantId": _drop("conversation", "tenantId"),
    "entities": _drop("entities"),
    "entities null": _null("entities"),
    "channelData": _drop("channelData"),
    "channelData null": _null("channelData"),
    "all of them": _all(
        _drop("recipient"),
        _drop("from", "name"),
        _drop("conversation", "tenantId"),
        _drop("entities"),
        _drop("channelData"),
    ),
}
CHANNELS = ("msteams", "directline", "webchat", "emulator")


class Client:
    """A user whose client sends every activity on `channel` with `missing` applied."""

    def __init__(self, user: TeamsUser, channel: str, missing: Shape) -> None:
        self.user = user
        self.channel = channel
        self.missing = missing

    def shaped(self, **fields: Any) -> dict[str, Any]:
        activity = self.user.activity(**fields)
        activity["channelId"] = self.channel
        # What Web Chat adds to every message; dropped by the "entities" cases.
        activity["entities"] = [{"type": "clientInfo", "locale": "en-US"}]
        self.missing(activity)
        return activity

    async def post(self, **fields: Any) -> str:
        status = await self.user.post(self.shaped(**fields))
        assert status == 200, status
        assert self.user.replies, f"no answer to {fields}"
        return self.user.text


@pytest.mark.parametrize("missing", list(MISSING))
@pytest.mark.parametrize("channel", CHANNELS)
async def test_an_activity_without_its_optional_fields_is_served(
    user: TeamsUser, caplog: pytest.LogCaptureFixture, channel: str, missing: str
) -> None:
    caplog.set_level(logging.INFO)
    client = Client(user, channel, MISSING[missing])
    install = {"membersAdded": [{"id": BOT_ID}, {"id": user.user_id}]}
    assert "thank-you note coach" in await client.post(
        type="conversationUpdate", text=None, **install
    )
    assert "Who interviewed you?" in await client.post(text="thankyou")
    for line in SINGLE[: AT["stage"]]:
        await client.post(text=line)
    assert "What kind of interview" in user.text  # typed answers add up to one interview
    card = user.last_card
    assert "What role" in await client.post(text="", value=card.submit("video"))
    assert "When was the interview?" in await client.post(text=SINGLE[AT["role"]])
    assert "today" in await client.post(text="help")  # tips for the date question
    assert "no saved notes yet" in await client.post(text="notes")
    assert "delete" in await client.post(text="delete my data")
    assert "Sorry" not in user.text
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == []


def _activities(user: TeamsUser) -> dict[str, dict[str, Any]]:
    return {
        "message": user.activity(text="thankyou"),
        "card press": user.activity(text="", value={"value": "skip", "ref": "x.1"}),
        "install": user.activity(
            type="conversationUpdate", text=None, membersAdded=[{"id": BOT_ID}]
        ),
        "removal": user.activity(type="installationUpdate", action="remove", text=None),
    }


REQUIRED: dict[str, Shape] = {
    "from.id": _drop("from", "id"),
    "from.id null": _null("from", "id"),
    "from.id empty": lambda a: a["from"].update(id=""),
    "from": _drop("from"),
    "from null": _null("from"),
    "conversation.id": _drop("conversation", "id"),
    "conversation.id null": _null("conversation", "id"),
    "conversation.id blank": lambda a: a["conversation"].update(id=" "),
    "conversation": _drop("conversation"),
    "conversation null": _null("conversation"),
}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("missing", list(REQUIRED))
@pytest.mark.parametrize("kind", ["message", "card press", "install", "removal"])
@pytest.mark.parametrize("channel", ["msteams", "directline"])
async def test_an_activity_without_a_sender_or_conversation_id_is_refused(
    user: TeamsUser, channel: str, kind: str, missing: str
) -> None:
    activity = _activities(user)[kind]
    activity["channelId"] = channel
    REQUIRED[missing](activity)
    assert await user.post(activity) == 400
    assert user.connector.posted == []
