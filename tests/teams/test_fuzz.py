"""Any activity posted to /api/messages gets a 2xx or a 4xx, never a traceback, at most
one log line, and the server stays healthy (issue 9, item 5). `pytest -m fuzz`;
FUZZ_PROFILE=long for the long run (README, Reliability)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import event, given
from hypothesis import strategies as st

from tests.hostile import assert_refused_quietly
from tests.strategies import ANY_JSON, NASTY_TEXT, OMIT, ids
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import BOT_ID, TeamsUser

pytestmark = pytest.mark.fuzz

COMMAND_WORDS = ("thankyou", "notes", "notes 1", "help", "skip", "delete my data", "resume")


PATHS = (
    ("type",),
    ("id",),
    ("channelId",),
    ("serviceUrl",),
    ("from",),
    ("from", "id"),
    ("from", "aadObjectId"),
    ("from", "name"),
    ("recipient",),
    ("recipient", "id"),
    ("conversation",),
    ("conversation", "id"),
    ("conversation", "tenantId"),
    ("text",),
    ("value",),
    ("value", "value"),
    ("value", "ref"),
    ("channelData",),
    ("entities",),
    ("attachments",),
    ("membersAdded",),
    ("membersRemoved",),
    ("action",),
    ("timestamp",),
)
NASTY_VALUES = st.one_of(
    st.just(OMIT), ANY_JSON, NASTY_TEXT, ids("29:user-a", "aad-user-a", "tenant-a", "msteams")
)


@st.composite
def activities(draw: st.DrawFn, service_url: str) -> dict[str, Any]:
    """A well-formed activity of a random kind, then up to four fields made hostile."""
    kind = draw(st.sampled_from(["message", "message", "conversationUpdate", "installationUpdate"]))
    activity: dict[str, Any] = {
        "type": kind,
        "id": f"activity-{draw(st.integers(0, 5))}",
        "channelId": draw(st.sampled_from(["msteams", "msteams", "directline", "emulator"])),
        "serviceUrl": service_url,
        "from": {"id": "29:user-a", "aadObjectId": "aad-user-a", "name": "A"},
        "recipient": {"id": BOT_ID},
        "conversation": {"id": "a:personal-a", "tenantId": "tenant-a"},
        "text": draw(st.one_of(st.sampled_from(COMMAND_WORDS), NASTY_TEXT)),
        "membersAdded": [{"id": BOT_ID}],
        "action": "remove",
        "entities": [{"type": "mention", "mentioned": {"id": BOT_ID}, "text": "<at>A</at>"}],
    }
    if draw(st.booleans()):
        activity["value"] = {"value": draw(st.sampled_from(COMMAND_WORDS)), "ref": "x.1"}
    for path in draw(st.lists(st.sampled_from(PATHS), max_size=4)):
        value = draw(NASTY_VALUES)
        target = activity
        for key in path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        if value is OMIT:
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value
    return activity


async def _fuzz(
    client: TestClient[Any, Any],
    caplog: pytest.LogCaptureFixture,
    body: bytes,
) -> None:
    caplog.clear()
    response = await client.post(
        "/api/messages", data=body, headers={"Content-Type": "application/json"}
    )
    text = await response.text()
    event(f"HTTP {response.status}")
    assert_refused_quietly(response.status, text, caplog)


@given(data=st.data())
async def test_any_activity_gets_a_2xx_or_4xx_quietly(
    client: TestClient[Any, Any],
    connector: FakeConnector,
    caplog: pytest.LogCaptureFixture,
    data: st.DataObject,
) -> None:
    """One app for every example; each example posts one body."""
    caplog.set_level(logging.INFO)
    body = data.draw(
        st.one_of(
            *[activities(connector.url).map(lambda a: json.dumps(a).encode())] * 3,
            st.binary(max_size=200),
        )
    )
    await _fuzz(client, caplog, body)
    # Still healthy: the database answers and a real user is served.
    assert (await client.get("/healthz")).status == 200
    user = TeamsUser(client, connector, tenant="tenant-z", user_id="29:z", aad_object_id="aad-z")
    await user.send("help")
    assert user.replies
