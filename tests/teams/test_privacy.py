"""A failing Teams turn logs no user data (issue 9, item 7)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.app import ENGINE
from tests.dialog_script import SINGLE
from tests.privacy import assert_no_canaries, break_saved_notes
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser


async def test_a_failing_teams_turn_logs_no_user_data(
    client: TestClient[Any, Any], connector: FakeConnector, caplog: pytest.LogCaptureFixture
) -> None:
    user = TeamsUser(client, connector)
    await user.send("thankyou")
    for line in SINGLE:
        await user.send(line)
    await break_saved_notes(client.app[ENGINE])
    caplog.clear()
    caplog.set_level(logging.INFO)
    await user.press("done")
    assert user.replies  # the apology was sent
    assert_no_canaries(caplog)
