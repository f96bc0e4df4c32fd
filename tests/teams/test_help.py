"""`help` at every step of the interview in Teams, the review included."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.app import STORE
from dialogs.messages import conversation_key
from tests.teams.teams_script import TeamsUser
from tests.test_help_everywhere import ROUTES, help_fragments, plain


@pytest.mark.parametrize("route", ROUTES, ids=["onsite", "phone_screen"])
async def test_teams_answers_help_at_every_step(
    user: TeamsUser, client: TestClient[Any, Any], route: list[str]
) -> None:
    fragments = help_fragments()
    store = client.app[STORE]
    key = conversation_key("msteams", user.tenant, user.aad_object_id)
    await user.send("thankyou")
    for answer in [*route, None]:
        record = await store.open_conversation(key)
        assert record is not None
        step = record.state["step"]
        await user.send("help")
        said = plain(user.text)
        assert fragments[step] in said, step
        after = await store.open_conversation(key)
        assert after is not None and after.state["step"] == step
        if answer is not None:
            await user.send(answer)
