"""A whole interview in Teams with the bot's clock 60 s ahead of and 60 s behind the
channel's (issue 23). Nothing compares the two clocks any more: every message, typed or
pressed, is taken in its field and answered. With the bot's clock 30 s ahead, a whole
interview used to stop after the first answer (each message was "sent before the last
save" and dropped)."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.app import STORE
from dialogs.messages import conversation_key
from tests.dialog_script import AT, SINGLE
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser

KEY = conversation_key("msteams", "tenant-a", "aad-user-a")
LATE = "reached me after a later one"


@pytest.mark.parametrize("skew_s", [-60.0, 60.0], ids=["bot ahead", "bot behind"])
async def test_a_whole_interview_whatever_the_bots_clock(
    client: TestClient[Any, Any], connector: FakeConnector, skew_s: float
) -> None:
    user = TeamsUser(client, connector, skew_s=skew_s)
    await user.send("thankyou")
    assert "Who interviewed you?" in user.text
    for line in SINGLE[: AT["stage"]]:
        await user.send(line)
        assert user.replies and LATE not in user.text, user.text
    await user.press("video")  # a card press, stamped by the channel's clock too
    await user.send(SINGLE[AT["role"]])
    assert user.replies and LATE not in user.text, user.text
    await user.press("yesterday")
    for line in SINGLE[AT["qualifications"] : AT["tone"]]:
        await user.send(line)
        assert user.replies and LATE not in user.text, user.text
    await user.press("formal")
    assert "done" in user.last.values  # the review
    await user.press("done")
    (note,) = await client.app[STORE].list_notes(KEY)
    assert note.company == SINGLE[1] and note.role == SINGLE[AT["role"]]
